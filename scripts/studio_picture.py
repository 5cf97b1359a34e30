"""The README's picture of the studio, docs/studio.png, taken as a teacher would see it.

    .venv/bin/python scripts/studio_picture.py

Starts ``lessonpress studio`` on a scratch copy of the sample workspace, opens it in
headless Chromium (Debian's, as the tests drive it), selects a passage of the Kirovabad
source and puts it in as Document B of part 1, then selects another passage (so the quote
it makes shows) and scrolls the handout to the page with the two documents.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from studiorun import chrome, copy_samples, studio  # noqa: E402

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

LESSON = "kirovabad-1988"
SELECT = """
const [number, words] = arguments;
const text = [...document.querySelector(`#p${number} .t`).childNodes]
  .find((node) => node.nodeType === 3 && node.data.includes(words));
const at = text.data.indexOf(words);
const range = document.createRange();
range.setStart(text, at);
range.setEnd(text, at + words.length);
getSelection().removeAllRanges();
getSelection().addRange(range);
const paragraph = document.getElementById(`p${number}`);
const list = paragraph.parentElement;
list.scrollTop += paragraph.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
"""


def wait(driver: WebDriver, condition: str, timeout: float = 60) -> None:
    """Until the page's JavaScript ``condition`` holds."""
    deadline = time.monotonic() + timeout
    while not driver.execute_script(f"return Boolean({condition})"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {condition}")
        time.sleep(0.1)


def main() -> None:
    """Take the picture."""
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_samples(Path(scratch) / "samples")
        with studio(root) as running:
            driver = chrome()
            try:
                driver.set_window_size(1500, 940)
                driver.get(f"{running.url}#/lesson/{LESSON}/source/kirovabad-pogrom-wiki")
                wait(driver, "document.body.dataset.shown")
                driver.execute_script(SELECT, 3, "martial law was declared in Kirovabad")
                driver.find_element("id", "add-selection").click()
                wait(driver, "!document.getElementById('quote-preview').hidden")
                driver.execute_script(
                    "const t = document.getElementById('target'); t.value = '1:B';"
                    "t.dispatchEvent(new Event('change'));"
                )
                shown = driver.execute_script("return document.body.dataset.shown")
                driver.find_element("id", "put").click()
                wait(
                    driver,
                    f"document.body.dataset.shown && document.body.dataset.shown !== '{shown}'",
                )
                wait(
                    driver, "document.body.dataset.shown.split('/')[2] >= 3"
                )  # the teacher guide too
                driver.execute_script(SELECT, 5, "the number of fatalities had risen to forty")
                driver.find_element("id", "add-selection").click()
                wait(driver, "!document.getElementById('quote-preview').hidden")
                driver.execute_script(
                    "const page = document.querySelectorAll('#pages img.page')[1];"
                    "window.scrollTo(0, page.getBoundingClientRect().top + window.scrollY - 60);"
                    "const p5 = document.getElementById('p5'), list = p5.parentElement;"
                    "list.scrollTop += p5.getBoundingClientRect().top"
                    " - list.getBoundingClientRect().top - 8;"
                )
                time.sleep(0.5)
                out = ROOT / "docs" / "studio.png"
                driver.save_screenshot(str(out))
                print(f"wrote {out.relative_to(ROOT)}")
            finally:
                driver.quit()


if __name__ == "__main__":
    main()
