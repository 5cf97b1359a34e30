"""End-to-end builds: the PDFs' text, metadata and the build's behaviour."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MakeWorkspace, Workspace, embedded_fonts


def pdf_text(path: Path) -> str:
    """All text of a PDF, whitespace collapsed."""
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The default workspace, built once for the tests that only read its PDFs."""
    from conftest import LESSON, SOURCE  # noqa: PLC0415

    root = tmp_path_factory.mktemp("built") / "ws"
    ws = Workspace(root)
    ws.write("content/sources/wiki.md", SOURCE)
    ws.write("lessons/demo.yaml", LESSON)
    run = ws.run("build")
    assert run.code == 0, run.err
    return ws


def test_build_writes_both_versions(built: Workspace) -> None:
    folder = built.root / "build" / "demo"
    assert sorted(p.name for p in folder.iterdir()) == ["demo-student.pdf", "demo-teacher.pdf"]


def test_student_handout_text(built: Workspace) -> None:
    text = pdf_text(built.root / "build/demo/demo-student.pdf")
    for expected in [
        "STUDENT HANDOUT",
        "Counting the Dead",
        "Name",
        "Date",
        "Class",
        "Content warning: These sources describe killings.",
        "Why do accounts of the same violence disagree?",
        "Background",
        "In November 1988 violence broke out in Kirovabad.",
        "Vocabulary",
        "pogrom",
        "An organised violent attack on a group.",
        "Part 1: How many died?",
        "Document A",
        "Soviet authorities",
        "Document B",
        "Human-rights activist",
        "Source: “Kirovabad pogrom,” Military Wiki, date unknown.",
        "The Soviet authorities confirmed the death of 7 people at the time of the events.",
        "1. Who produced each figure?",
        "2. What is genocide?",
        "Page 1 of 2",
    ]:
        assert expected in text, expected
    # The content warning comes before any source.
    assert text.index("Content warning") < text.index("Document A")
    # Teacher-only material stays out of the student handout.
    for hidden in [
        "Teacher notes",
        "Notes for the teacher only",
        "Sourcing: an official",
        "Compare two figures",
        "Grade",
    ]:
        assert hidden not in text, hidden


def test_teacher_guide_text(built: Workspace) -> None:
    text = pdf_text(built.root / "build/demo/demo-teacher.pdf")
    for expected in [
        "Teacher guide",
        "Grade 9-12",
        "Duration 50 minutes",
        "Objectives",
        "Compare two figures.",
        "Teacher notes",
        "Notes for the teacher only.",
        "Sourcing: an official count against second-hand reports.",
        "Introduce the 1948 Convention.",
        "Document A",
        "Document B",
        "Soviet authorities",
        "Human-rights activist",
        "15 words; source paragraph 1; source file wiki",
        "Sources",
        "“Kirovabad pogrom.” Military Wiki, n.d. Accessed 2026-11-01.",
        "Licence: CC BY-SA 3.0",
    ]:
        assert expected in text, expected


def test_pdf_metadata(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "teacher: Ms. Arakelyan\nlanguage: en-GB\n"})
    assert ws.run("build").code == 0
    student = PdfReader(ws.root / "build/demo/demo-student.pdf")
    teacher = PdfReader(ws.root / "build/demo/demo-teacher.pdf")
    assert student.metadata is not None
    assert teacher.metadata is not None
    assert student.metadata.title == "Counting the Dead"
    assert teacher.metadata.title == "Counting the Dead (teacher guide)"
    assert student.metadata.author == "Ms. Arakelyan"
    assert str(student.root_object["/Lang"]) == "en-GB"
    assert len(student.pages) == 2


def test_text_from_yaml_is_never_markup_or_template_code(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        'title: "Counting the Dead"',
        'title: "{{ 7*7 }} <b>bold</b> {% if true %}x{% endif %}"',
    )
    ws.edit(
        "lessons/demo.yaml",
        "  In November 1988 violence",
        "  <script>alert(1)</script> {{ lesson }} [x](javascript:alert(1)) In November 1988 "
        "violence",
    )
    run = ws.run("build", "--only", "student")
    assert run.code == 0, run.err
    text = pdf_text(ws.root / "build/demo/demo-student.pdf")
    assert "{{ 7*7 }} <b>bold</b> {% if true %}x{% endif %}" in text
    assert "<script>alert(1)</script> {{ lesson }} [x](javascript:alert(1))" in text
    assert "49" not in text


def test_markdown_fields_render_but_raw_html_does_not(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        "  In November 1988 violence",
        "  In *November* 1988 <img src=x onerror=alert(1)> violence",
    )
    assert ws.run("build", "--format", "html", "--only", "student").code == 0
    html = (ws.root / "build/demo/demo-student.html").read_text()
    assert "In <em>November</em> 1988 &lt;img src=x onerror=alert(1)&gt; violence" in html


def test_links_other_than_web_and_mail_are_refused(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "  In November 1988", "  [notes](../notes.html) In 1988")
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "lessons/demo.yaml:8:13: background: link to '../notes.html' is not allowed "
        "(links may point to http://, https:// or mailto: addresses)"
    )


def test_file_and_script_links_stay_literal_text(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        "  In November 1988",
        "  [a](file:///etc/passwd) [b](javascript:alert(1)) [c](https://example.org) In 1988",
    )
    assert ws.run("build", "--format", "html", "--only", "student").code == 0
    html = (ws.root / "build/demo/demo-student.html").read_text()
    assert "[a](file:///etc/passwd) [b](javascript:alert(1))" in html
    assert '<a href="https://example.org">c</a>' in html
    assert 'href="file:' not in html and 'href="javascript:' not in html


def test_a_failing_lesson_does_not_stop_the_others(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.write(
        "lessons/broken.yaml",
        (ws.root / "lessons/demo.yaml")
        .read_text()
        .replace("death of 7 people", "death of 8 people"),
    )
    run = ws.run("build")
    assert run.code == 1
    assert "built demo:" in run.out
    assert "failed broken: lessons/broken.yaml" in run.err
    assert "1 lesson built, 0 up to date, 1 failed" in run.err
    assert (ws.root / "build/demo/demo-student.pdf").exists()
    assert not (ws.root / "build/broken").exists()


def test_earlier_outputs_survive_a_failed_build(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    assert ws.run("build").code == 0
    before = {p.name: p.read_bytes() for p in (ws.root / "build/demo").iterdir()}
    ws.edit("lessons/demo.yaml", "death of 7 people", "death of 8 people")
    assert ws.run("build").code == 1
    after = {p.name: p.read_bytes() for p in (ws.root / "build/demo").iterdir()}
    assert after == before


def test_only_format_and_out(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    ws = make_workspace()
    out = tmp_path / "elsewhere"
    run = ws.run("build", "--only", "teacher", "--format", "html", "--out", str(out))
    assert run.code == 0, run.err
    assert [p.name for p in (out / "demo").iterdir()] == ["demo-teacher.html"]
    html = (out / "demo" / "demo-teacher.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "@page" in html  # the stylesheet is inlined, so the file stands alone
    assert not (ws.root / "build").exists()


def test_strict_build_fails_on_warnings(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", 'content_warning: "These sources describe killings."\n', "")
    run = ws.run("build", "--strict")
    assert run.code == 1
    assert (
        "lessons/demo.yaml:1:1: warning LP801: content_warning: no content warning, and the "
        "excerpts describe violence (pogrom, death)"
    ) in run.err
    assert not (ws.root / "build").exists()
    assert ws.run("build").code == 0


def test_same_input_gives_the_same_bytes_wherever_it_lives(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    assert ws.run("build", "--only", "student").code == 0
    first = (ws.root / "build/demo/demo-student.pdf").read_bytes()
    moved = Workspace(tmp_path / "moved" / "elsewhere")
    for path in ws.root.rglob("*"):
        if path.is_file() and "build" not in path.parts:
            moved.write(str(path.relative_to(ws.root)), path.read_text())
    assert moved.run("build", "--only", "student").code == 0
    assert (moved.root / "build/demo/demo-student.pdf").read_bytes() == first


def test_pair_with_one_perspective_is_an_error(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        'perspective: "Human-rights activist"',
        'perspective: "Soviet authorities"',
    )
    run = ws.run("check")
    assert run.code == 1
    assert re.search(
        r"lessons/demo.yaml:\d+:\d+: LP201: pairs\[0\]\.documents: both documents "
        r"carry the perspective 'Soviet authorities'",
        run.err,
    )


def test_missing_harfbuzz_subset_is_said_once_not_per_font(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint.pdf.fonts  # noqa: PLC0415
    import weasyprint.text.ffi  # noqa: PLC0415

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)
    run = make_workspace().run("build", "--strict")
    assert run.code == 0, run.err
    assert "fontTools" not in run.err
    assert run.err.count("libharfbuzz-subset is not installed") == 1


def test_source_date_epoch_sets_the_dates(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace()
    assert ws.run("build", "--only", "student").code == 0
    undated = (ws.root / "build/demo/demo-student.pdf").read_bytes()
    assert b"/CreationDate" not in undated
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert ws.run("build", "--only", "student").code == 0
    metadata = PdfReader(ws.root / "build/demo/demo-student.pdf").metadata
    assert metadata is not None
    assert metadata.creation_date_raw == "D:20231114221320Z"
    assert metadata.modification_date_raw == "D:20231114221320Z"
    first = (ws.root / "build/demo/demo-student.pdf").read_bytes()
    assert ws.run("build", "--only", "student").code == 0
    assert (ws.root / "build/demo/demo-student.pdf").read_bytes() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    run = ws.run("build")
    assert run.code == 1
    assert run.err == (
        "lessonpress: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, "
        "found 'yesterday'\n"
    )


def test_the_bundled_fonts_are_used_even_with_no_system_fonts(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{tmp_path / 'empty'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>"
    )
    ws = make_workspace()
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    result = subprocess.run(
        [sys.executable, "-m", "lessonpress", "build", "--only", "teacher"],
        cwd=ws.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "CRITICAL" not in result.stderr
    fonts = embedded_fonts(ws.root / "build/demo/demo-teacher.pdf")
    assert fonts <= {
        "LP-Serif",
        "LP-Serif-Bold",
        "LP-Serif-Italic",
        "LP-Serif-BoldItalic",
        "LP-Sans",
        "LP-Sans-Bold",
    }
    assert {"LP-Serif", "LP-Sans-Bold"} <= fonts
