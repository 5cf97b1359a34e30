"""The repository's own sample library: strict-clean, and handouts of the promised length."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Workspace

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.stem for p in (REPO / "lessons").glob("*.yaml"))


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the repository's workspace, so tests never write into the checkout."""
    root = tmp_path_factory.mktemp("samples") / "ws"
    for folder in ("lessons", "content", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    for name in ("lessonpress.yaml",):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, root / name)
    return Workspace(root)


def test_there_are_four_sample_lessons() -> None:
    assert SAMPLES == ["baku-1990", "khojaly-1992", "kirovabad-1988", "what-is-genocide"]


def test_samples_pass_the_strictest_check(samples: Workspace) -> None:
    run = samples.run("check", "--strict")
    assert run.code == 0, run.err
    assert "checked 4 lessons: 0 errors, 0 warnings (strict)" in run.out


def test_every_source_is_used_or_listed(samples: Workspace) -> None:
    used = set()
    for lesson in (samples.root / "lessons").glob("*.yaml"):
        used |= {
            line.split(":", 1)[1].strip()
            for line in lesson.read_text().splitlines()
            if line.strip().startswith("- source:")
        }
    stored = {p.stem for p in (samples.root / "content" / "sources").glob("*.md")}
    assert used == stored


@pytest.mark.parametrize("lesson", SAMPLES)
def test_student_handouts_fit_two_to_four_pages(samples: Workspace, lesson: str) -> None:
    run = samples.run("build", lesson, "--only", "student")
    assert run.code == 0, run.err
    pages = len(PdfReader(samples.root / "build" / lesson / f"{lesson}-student.pdf").pages)
    assert 2 <= pages <= 4
