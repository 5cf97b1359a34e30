"""docs/first-lesson.md works as written, from `lessonpress init` to the teacher's own PDF."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from docsteps import Picture, run_page  # noqa: E402


def test_the_first_lesson_tutorial_runs_as_written(tmp_path: Path) -> None:
    pictures: list[tuple[Picture, Path]] = []
    log = run_page(
        REPO / "docs" / "first-lesson.md",
        REPO,
        tmp_path,
        lambda picture, workspace: pictures.append((picture, workspace)),
    )
    assert "$ lessonpress init history-lessons" in log
    assert "write content/sources/genocide-convention.md" in log
    assert "write lessons/what-is-genocide.yaml" in log
    # The quotes are picked as in the studio, through the calls its page makes.
    assert "studio what-is-genocide: genocide-convention as Document A of part 1" in log
    assert "studio what-is-genocide: kirovabad-pogrom-wiki as Document B of part 1" in log
    workspace = tmp_path / "history-lessons"
    lesson = (workspace / "lessons" / "what-is-genocide.yaml").read_text(encoding="utf-8")
    page = (REPO / "docs" / "first-lesson.md").read_text(encoding="utf-8")
    documents = page.split("The two documents\nnow read:\n\n```yaml\n")[1].split("```")[0]
    assert documents in lesson  # the page shows what the studio wrote
    for version in ("student", "teacher"):
        assert (workspace / f"build/what-is-genocide/what-is-genocide-{version}.pdf").is_file()
    # The lesson the page writes passes every check, warnings included.
    [(picture, where)] = pictures
    assert where == workspace
    assert (REPO / "docs" / picture.out).is_file()
