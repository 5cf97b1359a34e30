"""The public API, used as a front-end uses it: only names that ``lessonpress`` exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import lessonpress
from conftest import MakeWorkspace

REPO = Path(__file__).resolve().parent.parent


def test_every_public_name_resolves_and_is_documented() -> None:
    api_doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    for name in lessonpress.__all__:
        assert getattr(lessonpress, name) is not None
        if name != "__version__":
            assert f"`{name}" in api_doc, f"docs/api.md does not describe {name}"
    with pytest.raises(AttributeError, match="no attribute 'Pipeline'"):
        lessonpress.Pipeline  # noqa: B018 - a stage, not the API


def test_import_loads_nothing_until_used() -> None:
    code = (
        "import sys, lessonpress; print(sorted(m for m in sys.modules "
        "if m.startswith('lessonpress') or m == 'weasyprint'))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "['lessonpress', 'lessonpress.version']"


def test_check_reports_located_problems(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "confirmed the death of 7", "confirmed the death of 8")
    workspace = lessonpress.open_workspace(ws.root)
    report = workspace.check()
    assert report.failed()
    (problem,) = [p for p in report.problems() if p.code == "LP101"]
    assert problem.file == ws.root / "lessons" / "demo.yaml"
    assert problem.pos is not None and problem.pos.line > 1
    assert [r.id for r in report.results] == ["demo"]


def test_build_reports_progress_and_writes_the_index(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    workspace = lessonpress.open_workspace(ws.root)
    seen: list[str] = []
    options = lessonpress.BuildOptions(jobs=1)
    report = workspace.build(options=options, progress=lambda result: seen.append(result.id))
    assert seen == ["demo"]
    assert [r.id for r in report.built()] == ["demo"]
    assert report.index == ws.root / "build" / "index.html"
    again = workspace.build(options=options)
    assert [r.id for r in again.up_to_date()] == ["demo"]


def test_render_returns_one_handout_and_writes_nothing(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    workspace = lessonpress.open_workspace(ws.root)
    pdf = workspace.render("demo", "teacher")
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(_file(ws.root, pdf)).pages)
    assert "Sourcing: an official count" in text  # the teacher's notes: the teacher guide
    html = workspace.render("demo", "student", format="html").decode("utf-8")
    assert "Counting the Dead" in html and "Sourcing: an official count" not in html
    assert not (ws.root / "build").exists()


def test_render_of_a_broken_lesson_raises_its_problems(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "source: wiki", "source: wkii")
    with pytest.raises(lessonpress.InputError) as raised:
        lessonpress.open_workspace(ws.root).render("demo")
    assert "unknown source 'wkii' (did you mean 'wiki'?)" in str(raised.value)


def test_library_find_and_templates(make_workspace: MakeWorkspace) -> None:
    workspace = lessonpress.open_workspace(make_workspace().root)
    assert [row["id"] for row in workspace.lessons().as_dicts()] == ["demo"]
    assert [row["id"] for row in workspace.sources().as_dicts()] == ["wiki"]
    found = workspace.find("wiki", "more than 130 Armenians")
    assert found.exact and [p.paragraph for p in found.passages] == [2]
    assert lessonpress.as_quote(found.passages[0]).startswith("quote: >\n  On 25 November 1988")
    assert workspace.templates()["partials/document.html"] == "built-in"
    assert workspace.template("partials/document.html").builtin
    with pytest.raises(lessonpress.SelectionError, match="no source 'wik'"):
        workspace.find("wik", "Sakharov")


def test_watch_builds_until_stopped(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    stopped: list[bool] = []
    options = lessonpress.BuildOptions(jobs=1)
    rounds = lessonpress.watch(ws.root, options=options, stop=lambda: bool(stopped))
    first = next(rounds)
    assert [r.id for r in first.results] == ["demo"] and first.results[0].outputs
    stopped.append(True)
    assert list(rounds) == []


def _file(folder: Path, data: bytes) -> Path:
    path = folder / "handout.pdf"
    path.write_bytes(data)
    return path


def test_preview_renders_on_warm_workers_without_writing(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    workspace = lessonpress.open_workspace(ws.root)
    with lessonpress.Renderers(2) as renderers:
        renderers.start(2)
        preview = workspace.preview("demo", ("teacher", "student"), renderers=renderers)
        assert preview.handouts == [lessonpress.Handout("teacher"), lessonpress.Handout("student")]
        teacher = preview.handout(lessonpress.Handout("teacher"))
        student = preview.handout(lessonpress.Handout("student"))
    assert teacher is not None and student is not None and teacher != student
    assert teacher.startswith(b"%PDF-")
    assert ws.root / "content" / "sources" / "wiki.md" in preview.files
    assert not preview.result.problems.errors and not (ws.root / "build").exists()
