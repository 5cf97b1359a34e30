"""The studio in a real browser (Debian's Chromium, headless, driven by Selenium): a
teacher selects a passage, puts it in the lesson and sees the handout change; breaks the
lesson's YAML and sees where; fixes it and gets the pages back."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from pypdf import PdfReader

import lessonpress
from studiorun import Running, chrome, copy_samples, studio

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

LESSON = "kirovabad-1988"
SOURCE = "kirovabad-pogrom-wiki"
PASSAGE = "martial law was declared in Kirovabad"
T = TypeVar("T")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    root = copy_samples(tmp_path_factory.mktemp("studio") / "samples")
    with studio(root) as serving:
        yield serving


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = chrome()
    try:
        yield driver
    finally:
        driver.quit()


def wait(what: Callable[[], T | None], timeout: float = 60, message: str = "") -> T:
    """``what()`` once it is truthy, trying every 50 ms."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting: {message or what}")


def shown(browser: WebDriver) -> str:
    """Which render's first page the page shows: lesson/handout/generation."""
    return str(browser.execute_script("return document.body.dataset.shown || ''"))


def text_of(browser: WebDriver, element_id: str) -> str:
    return str(browser.execute_script(f"return document.getElementById('{element_id}').innerText"))


def select_in_paragraph(browser: WebDriver, paragraph: int, words: str) -> None:
    """Select ``words`` in a paragraph of the source, as a mouse drag would."""
    browser.execute_script(
        """
        const [number, words] = arguments;
        const text = document.querySelector(`#p${number} .t`).firstChild;
        const at = text.data.indexOf(words);
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + words.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        """,
        paragraph,
        words,
    )


def student_pdf_text(running: Running) -> str:
    status, data = running.api("GET", f"/api/lessons/{LESSON}/pdf/student")
    assert status == 200
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def test_select_a_passage_and_see_it_in_the_handout(
    running: Running, browser: WebDriver, tmp_path: Path
) -> None:
    browser.get(f"{running.url}#/lesson/{LESSON}/source/{SOURCE}")
    first = wait(lambda: shown(browser).startswith(f"{LESSON}/student/") and shown(browser))
    assert "Kirovabad, November 1988" in text_of(browser, "lesson-heading")
    assert browser.find_elements("css selector", "#pages img.page")
    old_b = "Human rights activists reported, that up to 130 Armenians were killed"
    assert old_b in student_pdf_text(running) and PASSAGE not in student_pdf_text(running)
    select_in_paragraph(browser, 3, PASSAGE)
    browser.find_element("id", "add-selection").click()
    preview = wait(lambda: text_of(browser, "quote-preview"), message="the quote")
    assert preview == f"[...] {PASSAGE} [...]"
    assert "found word for word in the source" in text_of(browser, "quote-info")
    assert browser.find_elements("css selector", "#p3 mark.piece")
    browser.execute_script(
        "const t = document.getElementById('target'); t.value = '1:B';"
        "t.dispatchEvent(new Event('change'));"
    )
    browser.find_element("id", "put").click()
    result = wait(lambda: text_of(browser, "put-result"), message="the result")
    assert result.startswith(f"Written to lessons/{LESSON}.yaml as Document B of part 1")
    lesson = (running.root / "lessons" / f"{LESSON}.yaml").read_text(encoding="utf-8")
    assert f"      - source: {SOURCE}  # paragraph 3\n" in lesson
    assert f"          [...] {PASSAGE} [...]\n" in lesson
    # The save is seen like any other: new pages, the new quote in them.
    wait(lambda: shown(browser) != first, message="new pages")
    wait(lambda: PASSAGE in student_pdf_text(running), message="the new quote in the PDF")
    assert old_b not in student_pdf_text(running)
    browser.save_screenshot(str(tmp_path / "studio.png"))


def test_a_broken_lesson_shows_its_problem_then_its_pages_come_back(
    running: Running, browser: WebDriver
) -> None:
    if not shown(browser):
        browser.get(f"{running.url}#/lesson/{LESSON}/source/{SOURCE}")
        wait(lambda: shown(browser))
    path = running.root / "lessons" / f"{LESSON}.yaml"
    good = path.read_text(encoding="utf-8")
    before = shown(browser)
    path.write_text(good.replace('grade: "9-12"', 'grade: "9-12', 1), encoding="utf-8")
    problems = wait(
        lambda: "problem-list" and text_of(browser, "problem-list"), message="the problem"
    )
    assert f"lessons/{LESSON}.yaml:3:" in problems
    assert "closing quote" in problems or "YAML" in problems
    assert "grade:" in problems  # the lines around it
    status = wait(lambda: "Out of date" in text_of(browser, "render-status") and "ok")
    assert status
    assert browser.find_elements("css selector", "#pages.stale img.page")  # last good pages
    path.write_text(good, encoding="utf-8")
    wait(lambda: shown(browser) != before, message="pages after the fix")
    wait(lambda: not browser.find_elements("css selector", "#pages.stale"))
    assert browser.find_element("id", "problems").get_attribute("hidden") is not None or not any(
        problem["severity"] == "error"
        for problem in json.loads(running.api("POST", "/api/view", _view())[1])["problems"]
    )


def _view() -> bytes:
    return json.dumps({"lesson": LESSON, "handout": "student"}).encode()


def test_the_library_lists_lessons_and_sources(running: Running, browser: WebDriver) -> None:
    browser.get(f"{running.url}#/")
    wait(lambda: browser.find_elements("css selector", "#sources-table td"))
    lessons = text_of(browser, "lessons-table")
    sources = text_of(browser, "sources-table")
    assert "Kirovabad, November 1988: Counting the Dead" in lessons
    assert "kirovabad-pogrom-wiki" in sources and "Used by" in sources
    browser.find_element("link text", LESSON).click()
    wait(lambda: shown(browser).startswith(f"{LESSON}/"))


def test_text_from_lessons_is_shown_as_text(running: Running, browser: WebDriver) -> None:
    path = running.root / "lessons" / f"{LESSON}.yaml"
    good = path.read_text(encoding="utf-8")
    hostile = '<img src=x onerror="document.body.dataset.pwned=1">'
    path.write_text(good.replace('grade: "9-12"', f"grade: [{hostile}", 1), encoding="utf-8")
    try:
        browser.get(f"{running.url}#/lesson/{LESSON}")
        wait(lambda: "<img src=x" in text_of(browser, "problem-list"), message="the problem")
        assert browser.execute_script("return document.body.dataset.pwned") is None
        assert not browser.find_elements("css selector", "#problem-list img")
    finally:
        path.write_text(good, encoding="utf-8")


OWN_SOURCE = """\
---
title: Convention on the Prevention and Punishment of the Crime of Genocide, Article II
author: null
publisher: United Nations
published: 1948-12-09
accessed: 2026-11-21
url: null
offline: "UN General Assembly resolution 260 A (III), 9 December 1948."
type: treaty
perspective: International law (United Nations, 1948)
language: en
license: Treaty text; no licence stated
excerpted: true
---
In the present Convention, genocide means any of the following acts committed with intent
to destroy, in whole or in part, a national, ethnical, racial or religious group, as such:

(a) Killing members of the group;

(b) Causing serious bodily or mental harm to members of the group;
"""


def test_a_new_teacher_writes_a_lesson_on_their_own_source(
    browser: WebDriver, tmp_path: Path
) -> None:
    root = tmp_path / "history-lessons"
    lessonpress.init_workspace(root)
    with studio(root) as serving:
        browser.get(serving.url)
        wait(lambda: browser.find_elements("css selector", "#sources-table td"))
        for form, name in (("new-source-form", "convention"), ("new-lesson-form", "mine")):
            browser.find_element("css selector", f"#{form} input").send_keys(name)
            browser.find_element("css selector", f"#{form} button").click()
            if form == "new-source-form":
                wait(
                    lambda: (
                        "Wrote content/sources/convention.md" in text_of(browser, "library-note")
                    )
                )
                # The teacher fills the source in, in their editor.
                (root / "content" / "sources" / "convention.md").write_text(OWN_SOURCE)
        wait(lambda: "LP101" in text_of(browser, "problem-list"), message="the skeleton's problems")
        wait(lambda: "convention" in text_of(browser, "source-select"), message="the new source")
        browser.execute_script(
            "const s = document.getElementById('source-select'); s.value = 'convention';"
            "s.dispatchEvent(new Event('change'));"
        )
        wait(
            lambda: browser.execute_script(
                "const p = document.querySelector('#p1 .t');"
                "return p && p.textContent.startsWith('In the present Convention')"
            ),
            message="its paragraphs",
        )
        for paragraph, words, target in (
            (1, "genocide means any of the following acts", "1:A"),
            (3, "Causing serious bodily or mental harm", "1:B"),
        ):
            select_in_paragraph(browser, paragraph, words)
            browser.find_element("id", "add-selection").click()
            wait(lambda: text_of(browser, "quote-preview"), message="the quote")
            browser.execute_script(
                f"const t = document.getElementById('target'); t.value = '{target}';"
                "t.dispatchEvent(new Event('change'));"
            )
            browser.find_element("id", "put").click()
            wait(lambda: "Written to lessons/mine.yaml" in text_of(browser, "put-result"))
        # Both documents are in; what is left is for the teacher (LP201: one perspective).
        wait(lambda: "pairs[0].documents[0].quote" not in text_of(browser, "problem-list"))
        lesson = (root / "lessons" / "mine.yaml").read_text(encoding="utf-8")
        assert "      - source: convention  # paragraph 1\n" in lesson
        assert "          [...] genocide means any of the following acts [...]\n" in lesson
        assert "Paste the words" not in lesson
