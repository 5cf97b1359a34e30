"""Save-to-first-page latency of ``lessonpress studio``, and its idle memory.

    .venv/bin/python benchmarks/studio_latency.py                 # 4 sample lessons, 15 saves each
    .venv/bin/python benchmarks/studio_latency.py --runs 5 --lessons 1

A studio is started on a workspace made from the samples (benchmarks/workspace.py: the
four English sample lessons) and opened in a real browser (Debian's headless Chromium,
driven by Selenium, as the tests do), showing a lesson's student handout. Then, ``runs``
times per lesson, the lesson is saved with an edit its first page shows (its title) and
the clock runs from just before the save to the moment the browser has decoded the new
picture of page 1 and put it on screen (the page records ``Date.now()`` then; both clocks
are this machine's). Between saves the studio is left alone for a second.

Idle memory is read from /proc once everything has settled (no save for a few seconds):
the resident size (RSS) of the studio's process and of its render workers, and their
proportional share (PSS, which counts pages the forked workers share with the studio
once). The results go to the "studio" key of benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from workspace import make_workspace

HERE = Path(__file__).resolve().parent
LESSONPRESS = str(Path(sys.executable).parent / "lessonpress")
QUIET_S = 2.0  # between saves: each is its own change, timed with the studio idle
TARGET_S = 0.6


def start_studio(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """``lessonpress studio --no-browser`` in ``folder``; the process and its address."""
    process = subprocess.Popen(
        [LESSONPRESS, "studio", "--no-browser"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: list(map(lines.put, stdout)), daemon=True).start()
    return process, lines.get(timeout=60).strip()


def browser() -> WebDriver:
    """Headless Chromium at a laptop's size."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,950"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(60)
    return driver


def shown(driver: WebDriver) -> dict[str, Any] | None:
    """The render whose first page is on screen: lesson, handout, generation, at (ms)."""
    found = driver.execute_script("return window.studioShown || null")
    return found if isinstance(found, dict) else None


#: Waits in the page for the first page of a newer render (no polling from here: a poll
#: every few milliseconds would take CPU from the render being timed).
_WAIT = """
const [lesson, after, done] = arguments;
const fits = (s) => s && s.lesson === lesson && s.generation > after;
if (fits(window.studioShown)) { done(window.studioShown); return; }
window.addEventListener("studio-shown", function seen(event) {
  if (fits(event.detail)) { window.removeEventListener("studio-shown", seen); done(event.detail); }
});
"""


def wait_for_new(driver: WebDriver, lesson: str, after: int) -> dict[str, Any]:
    """The first render of ``lesson`` shown with a generation above ``after``."""
    found = driver.execute_async_script(_WAIT, lesson, after)
    if not isinstance(found, dict):
        raise RuntimeError(f"no new page of {lesson}")
    return found


def measure_lesson(
    driver: WebDriver, url: str, folder: Path, lesson: str, runs: int
) -> list[float]:
    """Seconds from saving ``lesson`` to its new first page on screen, ``runs`` times."""
    driver.get(f"{url}#/lesson/{lesson}")
    last = wait_for_new(driver, lesson, -1)
    time.sleep(2 * QUIET_S)  # the other handouts render after the first
    last = shown(driver) or last
    path = folder / "lessons" / f"{lesson}.yaml"
    times = []
    for number in range(runs):
        text = _retitled(path.read_text(encoding="utf-8"), number)
        saved = time.time()
        path.write_text(text, encoding="utf-8")
        last = wait_for_new(driver, lesson, int(last["generation"]))
        times.append(last["at"] / 1000 - saved)
        time.sleep(QUIET_S)
        last = shown(driver) or last  # the lesson's other handouts bump the generation too
    return times


def _retitled(text: str, number: int) -> str:
    """The lesson with a new title (an edit its first page shows)."""
    return re.sub(
        r'^title: "(.*?)( edit \d+)?"$',
        rf'title: "\1 edit {number}"',
        text,
        count=1,
        flags=re.MULTILINE,
    )


def memory(pid: int) -> dict[str, float]:
    """Megabytes: RSS of the process and of everything it started, and their PSS."""
    pids = [pid, *_descendants(pid)]
    return {
        "processes": len(pids),
        "studio_rss_mb": _field(pid, "status", "VmRSS") / 1024,
        "all_rss_mb": sum(_field(p, "status", "VmRSS") for p in pids) / 1024,
        "all_pss_mb": sum(_field(p, "smaps_rollup", "Pss") for p in pids) / 1024,
    }


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _field(pid: int, name: str, key: str) -> int:
    """A kB value of /proc/PID/NAME."""
    for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def main() -> None:
    """Measure and store under "studio" in results.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lessons", type=int, default=4)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    import lessonpress  # noqa: PLC0415

    package = Path(lessonpress.__file__).parent  # bytecode compiled, as after pip install
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "ws"
        ids = make_workspace(folder, args.lessons)
        process, url = start_studio(folder)
        driver = browser()
        try:
            per_lesson = {
                lesson: measure_lesson(driver, url, folder, lesson, args.runs) for lesson in ids
            }
            time.sleep(5)
            idle = memory(process.pid)
        finally:
            driver.quit()
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
    every = [t for times in per_lesson.values() for t in times]
    result = {
        "save_to_first_page_s": statistics.median(every),
        "per_lesson_median_s": {k: statistics.median(v) for k, v in per_lesson.items()},
        "min_s": min(every),
        "max_s": max(every),
        "runs_per_lesson": args.runs,
        "idle_memory": idle,
    }
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    results["studio"] = result
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for lesson, median in result["per_lesson_median_s"].items():
        print(f"{lesson}: save to first page {median:.2f} s (median of {args.runs})")
    verdict = "within" if result["save_to_first_page_s"] <= TARGET_S else "OVER"
    print(
        f"all: median {result['save_to_first_page_s']:.2f} s ({result['min_s']:.2f}-"
        f"{result['max_s']:.2f} s), {verdict} the {TARGET_S} s target"
    )
    print(
        f"idle: studio {idle['studio_rss_mb']:.0f} MB RSS; with its {idle['processes'] - 1} "
        f"render workers {idle['all_rss_mb']:.0f} MB RSS, {idle['all_pss_mb']:.0f} MB PSS"
    )


if __name__ == "__main__":
    main()
