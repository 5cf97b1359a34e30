"""Make a workspace of N lessons from the sample library, for the benchmarks.

Lesson i is English sample lesson i mod 4 with its own title, so every lesson renders
the same kind of handout and several lessons share each source, as in a real
department's workspace.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The four English sample lessons: the measured workspaces stay those of the published
#: results (the Russian and Armenian samples are the same lesson in two languages).
SAMPLES = [
    path
    for path in sorted((REPO / "lessons").glob("*.yaml"))
    if "\nlanguage: en\n" in path.read_text(encoding="utf-8")
]


def make_workspace(folder: Path, lessons: int) -> list[str]:
    """Fill ``folder`` with the sample sources, templates and ``lessons`` lessons; their ids."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "templates", folder / "templates")
    shutil.copy(REPO / "lessonpress.yaml", folder / "lessonpress.yaml")
    (folder / "lessons").mkdir()
    ids = []
    for i in range(lessons):
        sample = SAMPLES[i % len(SAMPLES)]
        text = sample.read_text(encoding="utf-8")
        line = re.search(r"^title: (.*)$", text, re.MULTILINE)
        assert line is not None, sample
        title = line[1].strip().strip('"')
        lesson_id = f"{sample.stem}-{i:03d}"
        (folder / "lessons" / f"{lesson_id}.yaml").write_text(
            text[: line.start()] + f'title: "{title} ({i})"' + text[line.end() :],
            encoding="utf-8",
        )
        ids.append(lesson_id)
    return ids


def sources_quoted_by(folder: Path, lesson_id: str) -> set[str]:
    """Ids of the sources a lesson quotes (from its source: lines)."""
    text = (folder / "lessons" / f"{lesson_id}.yaml").read_text(encoding="utf-8")
    return {
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.strip().startswith("- source:")
    }
