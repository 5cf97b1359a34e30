"""The page: word banks, side by side or stacked, "continued" heads, large print."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from conftest import MakeWorkspace
from lessonpress.model.settings import Settings
from lessonpress.quotes.wordbank import mark_terms
from lessonpress.render.layout import column_lines, fits_side_by_side, keeps_together, page_lines


def test_a_term_is_marked_with_its_endings_and_its_case() -> None:
    marked = mark_terms(
        ["Pogroms began; the pogrom's victims fled.", "No pogromist here."], ["pogrom"], "en"
    )
    assert marked.paragraphs == [
        '<b class="term">Pogroms</b> began; the<b class="term"> pogrom&#39;s</b> victims fled.',
        "No pogromist here.",
    ]
    assert marked.found == ["pogrom"]


def test_an_english_term_in_y_is_found_in_its_plural() -> None:
    marked = mark_terms(["The authorities denied it."], ["authority"], "en")
    assert marked.paragraphs == ['The<b class="term"> authorities</b> denied it.']


def test_other_languages_take_longer_endings() -> None:
    marked = mark_terms(["Точное число жертв погромов."], ["погром"], "ru")
    assert marked.paragraphs == ['Точное число жертв<b class="term"> погромов</b>.']


def test_the_longest_term_wins_and_the_text_stays_escaped() -> None:
    marked = mark_terms(["Under martial law <all> law stops."], ["law", "martial law"], "en")
    assert marked.paragraphs == [
        'Under<b class="term"> martial law</b> &lt;all&gt;<b class="term"> law</b> stops.'
    ]
    assert marked.found == ["law", "martial law"]


def test_the_word_bank_defines_the_terms_the_documents_use(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        "vocabulary:\n",
        'vocabulary:\n  - term: authorities\n    definition: "People with official power."\n',
    )
    run = ws.run("build", "--format", "html", "--only", "student")
    assert run.code == 0, run.err
    html = (ws.root / "build/demo/demo-student.html").read_text()
    assert 'The Soviet<b class="term"> authorities</b> confirmed' in html
    bank = html[html.index('<div class="word-bank">') : html.index('<div class="questions">')]
    assert '<b class="term">authorities</b> People with official power.' in bank
    assert "pogrom" not in bank  # in no excerpt: it stays in the Vocabulary section
    vocabulary = html[html.index('<table class="vocabulary">') :]
    assert "pogrom" in vocabulary and "authorities" not in vocabulary.split("</table>")[0]


def test_short_excerpts_fit_side_by_side_and_long_ones_are_stacked() -> None:
    settings = Settings()
    assert page_lines(settings) == 47
    short, long = ["word " * 60], ["word " * 60] * 6
    assert fits_side_by_side([short, short], settings)
    assert not fits_side_by_side([short, long], settings)
    assert column_lines(long, settings) > 0.6 * page_lines(settings)


def test_larger_text_stacks_sooner_and_letter_holds_fewer_lines() -> None:
    excerpt = ["word " * 100]
    assert fits_side_by_side([excerpt], Settings())
    assert not fits_side_by_side([excerpt], Settings(font_size=16))
    assert page_lines(Settings(paper="letter")) < page_lines(Settings(paper="a4"))


LONG_SOURCE = """\
---
title: A long text
publisher: lessonpress tests
published: null
accessed: 2026-12-01
type: other
perspective: A test text
language: en
offline: "Written for lessonpress's tests."
license: CC0
---
{paragraphs}
"""


def _long_lesson(make_workspace: MakeWorkspace) -> Path:
    """A lesson whose Document A (stacked, 110 paragraphs) runs over two pages and more."""
    paragraphs = [
        f"Paragraph {n} of the long text says what happened on day {n}." for n in range(110)
    ]
    ws = make_workspace(
        {"content/sources/long.md": LONG_SOURCE.format(paragraphs="\n\n".join(paragraphs))}
    )
    quote = " ".join(paragraphs)
    ws.edit(
        "lessons/demo.yaml",
        '      - source: wiki\n        perspective: "Soviet authorities"\n        quote: >\n'
        "          The Soviet authorities confirmed the death of 7 people at the time of the "
        "events.\n",
        f'      - source: long\n        quote: "{quote}"\n',
    )
    run = ws.run("build", "--only", "student")
    assert run.code == 0, run.err
    return ws.root / "build/demo/demo-student.pdf"


def test_a_page_an_excerpt_runs_onto_says_continued_at_the_top(
    make_workspace: MakeWorkspace,
) -> None:
    pages = [page.extract_text() for page in PdfReader(_long_lesson(make_workspace)).pages]
    assert len(pages) >= 3
    assert "continued" not in pages[0]
    assert "Document A, continued" in pages[1]  # (the page margins come last in the text)
    last = max(i for i, text in enumerate(pages) if "Paragraph 109" in text)
    assert last >= 1
    # Where Document A has ended, nothing says it continues.
    for index in range(last + 1, len(pages)):
        assert "continued" not in pages[index], index
    assert "Document B" in "".join(pages[last:])


def _body_size(pdf: Path) -> float:
    """The most common font size of the characters on the PDF's pages, in points.

    WeasyPrint sets text in CSS pixels on a page scaled to points (0.75 pt a pixel), and
    pdfium reports the size before that scaling.
    """
    sizes: Counter[float] = Counter()
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
            if size > 0:
                sizes[round(size * 0.75, 1)] += 1
    document.close()
    return sizes.most_common(1)[0][0]


def test_large_print_is_a_third_handout_in_16_pt_with_every_pair_stacked(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    run = ws.run("build", "--large-print")
    assert run.code == 0, run.err
    folder = ws.root / "build" / "demo"
    assert sorted(p.name for p in folder.iterdir()) == [
        "demo-student-large-print.pdf",
        "demo-student.pdf",
        "demo-teacher.pdf",
    ]
    assert _body_size(folder / "demo-student.pdf") == 11.0
    assert _body_size(folder / "demo-student-large-print.pdf") == 16.0
    run = ws.run("build", "--large-print", "--format", "html", "--out", "html")
    html = (ws.root / "html/demo/demo-student-large-print.html").read_text()
    assert '<body class="student large-print">' in html
    assert re.findall(r'class="documents (\S+)"', html) == ["stacked"]
    regular = (ws.root / "html/demo/demo-student.html").read_text()
    assert re.findall(r'class="documents (\S+)"', regular) == ["side-by-side"]


def test_the_large_print_setting_makes_it_on_every_build(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "large_print: true\n"})
    assert ws.run("build").code == 0
    assert (ws.root / "build/demo/demo-student-large-print.pdf").is_file()
    # Asking only for the teacher guide makes no student handout in any size.
    assert ws.run("build", "--only", "teacher", "--out", "teacher").code == 0
    assert sorted(p.name for p in (ws.root / "teacher/demo").iterdir()) == ["demo-teacher.pdf"]


def test_a_short_stacked_document_is_kept_on_one_page() -> None:
    """A document box split across teacher-guide pages: only a long excerpt may split."""
    assert keeps_together(["word " * 60], Settings())
    assert not keeps_together(["word " * 60] * 6, Settings())


def test_stacked_documents_say_which_to_keep_whole(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"content/sources/long.md": LONG_SOURCE.format(paragraphs="word " * 900)})
    ws.edit(
        "lessons/demo.yaml",
        '      - source: wiki\n        perspective: "Soviet authorities"\n        quote: >\n'
        "          The Soviet authorities confirmed the death of 7 people at the time of the "
        "events.\n",
        f'      - source: long\n        quote: "{"word " * 899}word"\n',
    )
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    html = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert re.findall(r'class="documents (\S+)"', html) == ["stacked"]
    assert re.findall(r'<section class="(document[^"]*)"', html) == ["document", "document keep"]


def test_a_pair_can_ask_to_be_stacked(make_workspace: MakeWorkspace) -> None:
    """What is genocide?: a side-by-side pair too tall for page 1 left 40% of it empty."""
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        '  - title: "How many died?"\n',
        '  - title: "How many died?"\n    layout: stacked\n',
    )
    assert ws.run("build", "--format", "html", "--only", "student").code == 0
    html = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    assert re.findall(r'class="documents (\S+)"', html) == ["stacked"]
