"""docs/customizing.md works as written: every step is followed and does what it says."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from docsteps import Picture, run_page  # noqa: E402


def test_the_customizing_walkthrough_runs_as_written(tmp_path: Path) -> None:
    pictures: list[tuple[Picture, Path]] = []
    log = run_page(
        REPO / "docs" / "customizing.md",
        REPO,
        tmp_path,
        lambda picture, workspace: pictures.append((picture, workspace)),
    )
    assert "$ lessonpress templates eject partials/header.html" in log
    assert "write templates/partials/document.html" in log
    # Every picture the page shows exists and was taken from a handout that was built.
    for picture, workspace in pictures:
        assert (REPO / "docs" / picture.out).is_file(), picture.out
        built = workspace / "build" / picture.lesson / f"{picture.lesson}-student.pdf"
        assert built.is_file()
    assert len(pictures) == 7
    workspace = tmp_path / "my-lessons"
    header = (workspace / "templates/partials/header.html").read_text()
    assert "History reading" in header
    assert (
        (workspace / "templates/partials/document.html")
        .read_text()
        .startswith('{% extends "builtin/partials/document.html" %}')
    )
