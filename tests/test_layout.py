"""The page: word banks, side by side or stacked, "continued" heads, large print."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from conftest import SOURCE, MakeWorkspace, Workspace
from lessonpress.model.settings import Settings
from lessonpress.quotes.wordbank import mark_terms
from lessonpress.render.cssvalues import POINTS
from lessonpress.render.layout import (
    built_in_page,
    column_lines,
    fits_side_by_side,
    keeps_together,
    page_lines,
)
from lessonpress.render.pagegeometry import Page, measure
from lessonpress.render.settingscss import layered
from lessonpress.render.templating import BUILTIN_DIR, Stylesheet


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


MM = POINTS["mm"]


def page_with(custom: str, settings: Settings | None = None) -> tuple[Page, list[str]]:
    """The page the built-in stylesheet and a ``custom.css`` lay out, and the problems."""
    built_in = BUILTIN_DIR / "handout.css"
    files = [Stylesheet(built_in.read_text(), built_in), Stylesheet(custom, Path("custom.css"))]
    measured = measure(tuple(layered(files, settings or Settings())))
    return measured.page, [problem.format() for problem in measured.problems]


def test_the_estimate_reads_the_measures_of_handout_css() -> None:
    page, problems = page_with("")
    assert problems == []
    assert page == built_in_page(Settings())
    assert [round(m / MM, 3) for m in page.margins] == [17, 17, 20, 17]
    assert round(page.paper[0] / MM, 3) == 210
    assert round(page.document_padding / MM, 3) == 3  # each side of the gutter
    assert round(page.box, 3) == round(3 * MM + 2 * 0.8, 3)  # padding and two borders
    assert round(page.strip / page.line_height, 3) == 1.7  # the line-number strip
    assert (page.font_size, page.line_height) == (11, 15.51)
    letter = built_in_page(Settings(paper="letter", font_size=14))
    assert round(letter.paper[1] / MM, 1) == 279.4
    assert (letter.font_size, letter.line_height) == (14, 19.74)


def test_wider_margins_in_custom_css_change_the_estimate() -> None:
    excerpt = ["word " * 100]
    assert fits_side_by_side([excerpt], built_in_page(Settings()))
    wide, problems = page_with("@page { margin: 20mm 60mm; }")
    assert problems == []
    assert [round(m / MM) for m in wide.margins] == [20, 60, 20, 60]
    assert column_lines(excerpt, wide) > column_lines(excerpt, Settings())
    assert page_lines(wide) < page_lines(Settings())
    assert not fits_side_by_side([excerpt], wide)
    assert not keeps_together(excerpt, wide)
    # A single side, and the built-in's margins again after it.
    left, _ = page_with("@page { margin-left: 60mm } @page { margin-top: 17mm }")
    assert [round(m / MM) for m in left.margins] == [17, 17, 20, 60]


def test_custom_css_sizes_the_text_and_the_columns() -> None:
    page, problems = page_with(
        ":root { --font-size: 13pt; --excerpt-line: 18pt; }\n"
        ".documents.side-by-side>.document:first-child { padding: 0 5mm 0 1mm; }\n"
        ".excerpt { border: none; padding-right: 0 !important; }\n"
        ".excerpt { padding: 4mm; }\n"
        "@page { size: letter landscape; }\n"
    )
    assert problems == []
    assert (page.font_size, page.line_height) == (13, 18)
    assert round(page.strip, 3) == round(1.7 * 18, 3)  # calc(1.7 * var(--excerpt-line))
    assert round(page.document_padding / MM, 3) == 6
    assert round(page.box / MM, 3) == 4  # the left padding; the right one stays 0
    assert [round(side / MM, 1) for side in page.paper] == [279.4, 215.9]
    factor, _ = page_with(".excerpt-text p { line-height: 1.5; font-size: 12pt }")
    assert (factor.font_size, factor.line_height) == (12, 18)


def test_a_measure_the_estimate_cannot_read_is_reported_at_its_line() -> None:
    page, problems = page_with("/* wider */\n@page {\n  margin: 5% auto;\n}\n")
    assert problems == [
        "custom.css:3:3: warning: the side-by-side estimate cannot read 'margin: 5% auto' "
        "of @page and leaves it out (write lengths such as 20mm, or give a pair that does "
        "not fit layout: stacked)"
    ]
    assert page == built_in_page(Settings())


def test_check_reports_a_custom_css_measure_it_cannot_read(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/custom.css": ".excerpt-text p { font-size: larger; }\n"})
    run = ws.run("check")
    assert run.code == 0
    assert (
        "templates/custom.css:1:19: warning: the side-by-side estimate cannot read "
        "'font-size: larger' of .excerpt-text p and leaves it out"
    ) in run.err


def test_a_pair_is_stacked_when_custom_css_narrows_the_columns(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    quote = " ".join(SOURCE.split("---\n")[2].split()[:90])
    ws.edit(
        "lessons/demo.yaml",
        "The Soviet authorities confirmed the death of 7 people at the time of the events.",
        quote,
    )
    assert re.findall(r'class="documents (\S+)"', student_html(ws)) == ["side-by-side"]
    ws.write("templates/custom.css", "@page { margin: 20mm 60mm; }\n")
    assert re.findall(r'class="documents (\S+)"', student_html(ws)) == ["stacked"]


def student_html(ws: Workspace) -> str:
    """The workspace's student handout, built as HTML."""
    run = ws.run("build", "--format", "html", "--only", "student")
    assert run.code == 0, run.err
    return (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")


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
