"""Only what changed is rendered again; --jobs gives the same bytes as one process."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import LESSON, SOURCE, MakeWorkspace, Workspace, png


@pytest.fixture
def ws(make_workspace: MakeWorkspace) -> Workspace:
    """Three lessons: alpha and beta quote source wiki, gamma quotes source other."""
    other = SOURCE.replace("title: Kirovabad pogrom", "title: Another copy")
    files = {
        "content/sources/other.md": other,
        "lessons/alpha.yaml": LESSON,
        "lessons/beta.yaml": LESSON.replace("Counting the Dead", "Beta"),
        "lessons/gamma.yaml": LESSON.replace("source: wiki", "source: other"),
    }
    workspace = make_workspace(files)
    (workspace.root / "lessons/demo.yaml").unlink()
    run = workspace.run("build")
    assert run.code == 0, run.err
    return workspace


def built(run_out: str) -> list[str]:
    return sorted(
        line.split()[1].rstrip(":") for line in run_out.splitlines() if line.startswith("built ")
    )


def fingerprints(ws: Workspace) -> dict[str, str]:
    return {
        str(p.relative_to(ws.root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ws.root / "build").rglob("*.pdf"))
    }


def test_a_second_build_renders_nothing(ws: Workspace) -> None:
    before = {p: p.stat().st_mtime_ns for p in (ws.root / "build").rglob("*.pdf")}
    run = ws.run("build")
    assert run.code == 0
    assert built(run.out) == []
    assert "0 lessons built, 3 up to date, 0 failed" in run.out
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_editing_a_lesson_renders_that_lesson_only(ws: Workspace) -> None:
    ws.edit("lessons/beta.yaml", '"Beta"', '"Beta, revised"')
    assert built(ws.run("build").out) == ["beta"]


def test_touching_a_file_without_changing_it_renders_nothing(ws: Workspace) -> None:
    (ws.root / "lessons/alpha.yaml").touch()
    assert built(ws.run("build").out) == []


def test_editing_a_source_renders_the_lessons_quoting_it(ws: Workspace) -> None:
    with (ws.root / "content/sources/wiki.md").open("a") as source:
        source.write("\nA new paragraph at the end.\n")
    assert built(ws.run("build").out) == ["alpha", "beta"]


def test_templates_settings_and_dates_render_everything(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.write("templates/custom.css", "h1 { color: #222222; }")
    assert built(ws.run("build").out) == ["alpha", "beta", "gamma"]
    ws.write("lessonpress.yaml", "school: Example High School\n")
    assert built(ws.run("build").out) == ["alpha", "beta", "gamma"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert built(ws.run("build").out) == ["alpha", "beta", "gamma"]
    assert built(ws.run("build").out) == []


def test_an_image_a_lesson_shows_is_a_dependency(ws: Workspace) -> None:
    (ws.root / "lessons/map.png").write_bytes(png(4, 4))
    ws.edit("lessons/gamma.yaml", "  In November 1988", "  ![A map](map.png)\n\n  In November 1988")
    assert built(ws.run("build").out) == ["gamma"]
    (ws.root / "lessons/map.png").write_bytes(png(6, 6))
    assert built(ws.run("build").out) == ["gamma"]


def test_a_deleted_or_changed_handout_is_rendered_again(ws: Workspace) -> None:
    (ws.root / "build/alpha/alpha-student.pdf").unlink()
    (ws.root / "build/beta/beta-teacher.pdf").write_bytes(b"not the handout")
    assert built(ws.run("build").out) == ["alpha", "beta"]


def test_force_renders_everything(ws: Workspace) -> None:
    assert built(ws.run("build", "--force").out) == ["alpha", "beta", "gamma"]


def test_a_broken_manifest_means_a_full_build(ws: Workspace) -> None:
    (ws.root / "build/.lessonpress.json").write_text("{ not json")
    assert built(ws.run("build").out) == ["alpha", "beta", "gamma"]


def test_a_moved_workspace_is_still_up_to_date(ws: Workspace, tmp_path: Path) -> None:
    moved = Workspace(tmp_path / "elsewhere" / "ws")
    shutil.copytree(ws.root, moved.root)
    assert built(moved.run("build").out) == []


def test_a_failed_lesson_is_tried_again(ws: Workspace) -> None:
    ws.edit("lessons/beta.yaml", "death of 7 people", "death of 8 people")
    assert ws.run("build").code == 1
    run = ws.run("build")
    assert run.code == 1
    assert "failed beta" in run.err


def test_jobs_give_the_same_bytes_as_one_process(ws: Workspace) -> None:
    assert ws.run("build", "--force", "--jobs", "1").code == 0
    serial = fingerprints(ws)
    assert ws.run("build", "--force", "--jobs", "3").code == 0
    assert fingerprints(ws) == serial
    assert len(serial) == 6


def test_render_workers_leave_no_temporary_files(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint keeps font files in a temporary folder that a stopped worker never removed
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert ws.run("build", "--force", "--jobs", "2").code == 0
    assert len(fingerprints(ws)) == 6
    assert list(scratch.iterdir()) == []
