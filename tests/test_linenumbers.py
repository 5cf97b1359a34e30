"""Excerpt line numbers: drawn beside every fifth line as laid out, across pages too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import weasyprint
from pypdf import PdfReader

from conftest import SOURCE, MakeWorkspace
from lessonpress.confine import PACKAGE_DIR
from lessonpress.render.linenumbers import EXCERPT_CLASS, HUNDREDS_MARK, LAST_LINE, number_css
from lessonpress.render.weasy.numbering import finish_numbering

CSS = (PACKAGE_DIR / "templates" / "handout.css").read_text() + number_css(5)


def render(paragraphs: int) -> weasyprint.document.Document:
    body = "".join(
        f"<p>Paragraph {i} has enough words to fill one whole line.</p>" for i in range(paragraphs)
    )
    html = (
        f"<style>@page {{ size: A6; margin: 10mm }}</style>"
        f'<div class="excerpt"><div class="{EXCERPT_CLASS}">{body}</div></div>'
    )
    sheet = weasyprint.CSS(string=CSS, base_url=(PACKAGE_DIR / "templates/x").as_uri())
    return weasyprint.HTML(string=html).render(stylesheets=[sheet])


def excerpt_fragments(document: weasyprint.document.Document) -> list[Any]:
    from lessonpress.render.weasy.numbering import _boxes, _is_excerpt  # noqa: PLC0415

    return [box for page in document.pages for box in _boxes(page._page_box) if _is_excerpt(box)]


def test_an_excerpt_on_one_page_is_left_alone() -> None:
    document = render(5)
    assert len(document.pages) == 1
    assert finish_numbering(document) == 0


def strips(box: Any) -> list[int]:
    """The height, in lines, of each number strip the box still draws: 10 for the units,
    100 for a tens digit's strip, LAST_LINE for the hundreds."""
    line = next(b for b in _all(box) if type(b).__name__ == "LineBox").height
    return [round(layer.size[1] / line) for layer in box.background.layers]


def has_hundreds(box: Any) -> bool:
    """Whether the box still draws the hundreds strip (dropped when unneeded)."""
    return LAST_LINE in strips(box)


def test_a_continuation_keeps_counting() -> None:
    document = render(60)
    first, second = excerpt_fragments(document)[:2]
    before = second.background.layers[0].position[1]
    assert finish_numbering(document) >= 1
    after = second.background.layers[0].position[1]
    printed = sum(1 for b in _all(first) if type(b).__name__ == "LineBox" and b.element_tag == "p")
    line = next(b for b in _all(second) if type(b).__name__ == "LineBox").height
    assert printed > 5
    assert round(before - after, 3) == round(printed * line, 3)


def _all(box: Any) -> list[Any]:
    from lessonpress.render.weasy.numbering import _boxes  # noqa: PLC0415

    return list(_boxes(box))


def test_numbers_are_not_copied_with_the_text(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    long_quote = " ".join(SOURCE.split("---\n")[2].split()[:90])
    ws.edit(
        "lessons/demo.yaml",
        "The Soviet authorities confirmed the death of 7 people at the time of the events.",
        long_quote,
    )
    assert ws.run("build", "--only", "student").code == 0
    text = PdfReader(ws.root / "build/demo/demo-student.pdf").pages[0].extract_text() or ""
    assert [line for line in text.splitlines() if line.strip() in {"5", "10", "15"}] == []


def test_a_long_stacked_excerpt_splits_without_empty_pages(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    words = " ".join(SOURCE.split("---\n")[2].split())
    ws.write(
        "content/sources/long.md",
        SOURCE.replace(SOURCE.split("---\n")[2], "\n\n".join([words] * 12) + "\n"),
    )
    ws.edit(
        "lessons/demo.yaml",
        '      - source: wiki\n        perspective: "Soviet',
        '      - source: long\n        perspective: "Soviet',
    )
    ws.edit(
        "lessons/demo.yaml",
        "          The Soviet authorities confirmed the death of 7 people at the time of the "
        "events.",
        "          " + "\n\n          ".join([words] * 9),
    )
    run = ws.run("build", "--only", "student")
    assert run.code == 0, run.err
    reader = PdfReader(ws.root / "build/demo/demo-student.pdf")
    texts = [page.extract_text() or "" for page in reader.pages]
    assert len(texts) <= 4
    assert all(len(t.split()) > 40 for t in texts[:-1]), "a page with almost nothing on it"


def test_the_hundreds_strip_is_drawn_only_from_line_100() -> None:
    document = render(140)
    finish_numbering(document)
    fragments = excerpt_fragments(document)
    counts = [len([b for b in _all(f) if type(b).__name__ == "LineBox"]) for f in fragments]
    reached = 0
    for fragment, count in zip(fragments, counts, strict=True):
        reached += count
        # The hundreds strip is the last layer, so it is the one dropped.
        assert has_hundreds(fragment) == (reached >= 100), reached
    assert reached >= 140


def test_a_box_draws_only_the_tens_strips_of_its_own_numbers() -> None:
    document = render(140)
    assert "lessonpress-tens-" not in HUNDREDS_MARK
    finish_numbering(document)
    reached = 0
    for fragment in excerpt_fragments(document):
        count = len([b for b in _all(fragment) if type(b).__name__ == "LineBox"])
        shown = range(reached + 1, reached + count + 1)
        digits = {n // 10 % 10 for n in shown if n % 5 == 0 and n % 100 >= 10}
        assert strips(fragment).count(100) == len(digits), (reached, digits)
        assert strips(fragment)[0] == 10  # the units strip, always
        reached += count


def test_numbers_never_show_below_the_last_line() -> None:
    document = render(60)
    finish_numbering(document)
    for fragment in excerpt_fragments(document):
        last = [b for b in _all(fragment) if type(b).__name__ == "LineBox"][-1]
        for layer in fragment.background.layers:
            _, top, _, height = layer.painting_area
            assert top + height <= last.position_y + last.height + 0.01
