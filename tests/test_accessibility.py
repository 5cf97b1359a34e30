"""Tagged PDF (PDF/UA-1): structure, reading order, languages, alt text, and a rule checker."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf
import pytest

from conftest import MakeWorkspace, Workspace, png
from pdftags import Element, structure

SAMPLES = sorted(p.stem for p in (Path(__file__).parent.parent / "lessons").glob("*.yaml"))
HANDOUTS = ("student", "teacher", "student-large-print")


def _pdf(build: Path, lesson: str, handout: str = "student") -> Path:
    return build / lesson / f"{lesson}-{handout}.pdf"


def test_the_student_handout_is_tagged_with_language_title_and_bookmarks(
    sample_build: Path,
) -> None:
    with pikepdf.open(_pdf(sample_build, "kirovabad-1988")) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == "Kirovabad, November 1988: Counting the Dead"
            assert xmp["pdfuaid:part"] == "1"
        with pdf.open_outline() as outline:
            top = outline.root[0]
            assert top.title == "Kirovabad, November 1988: Counting the Dead"
            titles = [item.title for item in top.children]
            parts = {item.title: [c.title for c in item.children] for item in top.children}
    assert titles[:2] == ["Background", "Vocabulary"]
    assert "Part 1: Two counts at the time" in titles and "Discussion" in titles
    assert parts["Part 1: Two counts at the time"] == [
        "Document A Soviet authorities, as reported in an encyclopedia article",
        "Document B Human-rights activists, including Andrei Sakharov, as reported in an "
        "encyclopedia article",
        "Questions",
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_reading_order_is_document_a_whole_then_document_b(sample_build: Path) -> None:
    tree = structure(_pdf(sample_build, "kirovabad-1988"))
    text = _flat(tree.text)
    order = [
        "Part 1: Two counts at the time",
        "Document A Soviet authorities",
        "Source: “Kirovabad pogrom,” Military Wiki",
        "However the Soviet authorities denied Sakharov's claims",
        "3 Soviet soldiers, 3 Azerbaijanis and 1 Armenian.",
        "Document B Human-rights activists",
        "Human rights activists reported, that up to 130 Armenians",
        "more than 200 wounded in the violence.",
        "Questions 1. Who gives each figure",
    ]
    at = text.find("Part 1: Two counts at the time")
    for piece in order:  # each found after the one before
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} is not read after what comes before it"
        at = found + len(piece)
    # The page margins (footer, page numbers, running heads) are not read as content.
    assert "Quotes checked against their sources" not in text
    assert "Page 1 of" not in text


def test_the_vocabulary_table_has_header_cells(sample_build: Path) -> None:
    tree = structure(_pdf(sample_build, "kirovabad-1988"))
    tables = [e for e in tree.walk() if e.role == "Table"]
    headers = [_flat(e.text) for table in tables for e in table.walk() if e.role == "TH"]
    assert headers[:2] == ["Term", "Definition"]


def test_each_passage_is_marked_with_its_own_language(sample_build: Path) -> None:
    pdf = _pdf(sample_build, "baku-1990-memory-ru")
    with pikepdf.open(pdf) as opened:
        assert str(opened.Root.Lang) == "ru"
    tree = structure(pdf)
    marked: dict[str, list[str]] = {}
    for element in tree.walk():
        if element.role == "Div" and element.lang:
            marked.setdefault(element.lang, []).append(_flat(element.text))
    assert marked["hy"][0].startswith("Այսօր՝ հունվարի 13-ին")
    assert marked["az"][0].startswith("Azərbaycan Xarici İşlər Nazirliyi")
    # The Russian translations of those two, then the Russian documents.
    assert [text[:20] for text in marked["ru"]] == [
        "Сегодня, 13 января, ",
        "В посольстве Азербай",
        "Министерство иностра",
        "13 января 1990 г., в",
    ]


def test_the_logo_is_a_figure_with_its_alt_text(sample_build: Path) -> None:
    figures = [e for e in structure(_pdf(sample_build, "baku-1990")).walk() if e.role == "Figure"]
    assert [f.alt for f in figures] == ["An open book"]


@pytest.mark.parametrize("handout", HANDOUTS)
@pytest.mark.parametrize("lesson", SAMPLES)
def test_every_sample_handout_passes_the_pdf_ua_rules(
    sample_build: Path, lesson: str, handout: str
) -> None:
    report = page.validate_pdf(_pdf(sample_build, lesson, handout), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant, failures
    assert report.rules.total > 100  # the checker did run its rules


def _with_image(make_workspace: MakeWorkspace, markdown: str) -> Workspace:
    """The demo workspace, its background ending with ``markdown`` (an image of map.png)."""
    ws = make_workspace()
    (ws.root / "lessons" / "map.png").write_bytes(png())
    background = "  In November 1988 violence broke out in Kirovabad.\n"
    ws.edit("lessons/demo.yaml", background, f"{background}\n  {markdown}\n")
    return ws


def test_an_image_without_alt_text_is_refused_with_its_location(
    make_workspace: MakeWorkspace,
) -> None:
    ws = _with_image(make_workspace, "![](map.png)")
    run = ws.run("build")
    assert run.code == 1
    assert (
        "lessons/demo.yaml:8:13: background: image 'map.png' has no alt text (describe the "
        "image for screen readers: ![a map of the region](map.png))"
    ) in run.err
    assert not (ws.root / "build" / "demo").exists()


def test_a_logo_without_alt_text_is_refused_with_its_location(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace({"lessonpress.yaml": "logo:\n  file: logo.png\n"})
    (ws.root / "logo.png").write_bytes(png())
    run = ws.run("build")
    assert run.code == 1
    assert "lessonpress.yaml:2:3: logo: missing required field 'alt'" in run.err
    assert not (ws.root / "build" / "demo").exists()


def test_an_image_with_alt_text_becomes_a_described_figure(
    make_workspace: MakeWorkspace,
) -> None:
    ws = _with_image(make_workspace, "![A map of Kirovabad](map.png)")
    assert ws.run("build", "--only", "student").code == 0
    tree: Element = structure(ws.root / "build/demo/demo-student.pdf")
    assert [e.alt for e in tree.walk() if e.role == "Figure"] == ["A map of Kirovabad"]
