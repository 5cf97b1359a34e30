"""New workspaces, lessons and sources: ``init``, ``new lesson`` and ``new source``.

The files written come from ``scaffold/`` in the package: commented skeletons of
every field (tests check that each field of the formats appears in them, and that
the settings skeleton's commented values are the defaults) and a small example
lesson with its source. Nothing is ever overwritten: a file that exists stops the
command before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from lessonpress.confine import PACKAGE_DIR
from lessonpress.errors import SelectionError, WorkspaceError, display_path
from lessonpress.model.jsonschema import SCHEMA_DIR, write_schemas
from lessonpress.model.sources import Library
from lessonpress.model.workspace import LESSON_ID, LESSON_SUFFIXES, SETTINGS_FILE, Workspace
from lessonpress.version import __version__

SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"
EXAMPLE_LESSON = "kirovabad-two-counts"
EXAMPLE_SOURCE = "kirovabad-pogrom-wiki"
#: What ``init`` writes: a file of the new workspace and the scaffold file it comes from.
INIT_FILES = {
    SETTINGS_FILE: "settings.yaml",
    ".gitignore": "gitignore",
    "templates/README.md": "templates-README.md",
    f"lessons/{EXAMPLE_LESSON}.yaml": "example-lesson.yaml",
    f"content/sources/{EXAMPLE_SOURCE}.md": "example-source.md",
}
_PLACEHOLDER_SOURCE = "your-source-id"


def _scaffold(name: str) -> str:
    return (SCAFFOLD_DIR / name).read_text(encoding="utf-8")


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (checked by the open itself, not before it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise _exists(path) from None


def _exists(path: Path) -> WorkspaceError:
    return WorkspaceError(
        f"{display_path(path)} already exists; nothing was overwritten "
        "(choose another name, or move the file away first)"
    )


def init_workspace(folder: Path) -> list[Path]:
    """Make ``folder`` (new or empty) a workspace with an example lesson; the files written."""
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{display_path(folder)} is a file, not a folder")
    if (folder / SETTINGS_FILE).exists() or (folder / "lessons").exists():
        raise WorkspaceError(
            f"{display_path(folder)} is already a lessonpress workspace; nothing was changed "
            "(add lessons there with: lessonpress new lesson NAME)"
        )
    existing = [folder / name for name in INIT_FILES if (folder / name).exists()]
    existing += [p for p in [folder / SCHEMA_DIR] if p.exists()]
    if existing:
        raise WorkspaceError(
            f"{display_path(existing[0])} already exists; nothing was changed "
            "(run init in a new or empty folder)"
        )
    written = []
    for target, name in INIT_FILES.items():
        path = folder / target
        _write_new(path, _scaffold(name))
        written.append(path)
    written += write_schemas(folder / SCHEMA_DIR)
    return written


#: Where ``init --ci github`` writes the workflow.
GITHUB_WORKFLOW = ".github/workflows/handouts.yml"


def write_ci(folder: Path, shards: int) -> Path:
    """Write the GitHub Actions workflow of a department repository (``init --ci github``):
    check with annotations on pull requests, build in ``shards`` runners on the main branch."""
    text = (
        _scaffold("github-handouts.yml")
        .replace("@SHARDS@", str(shards))
        .replace("@SHARD_LIST@", ", ".join(str(n) for n in range(1, shards + 1)))
        .replace("@VERSION@", __version__)
    )
    path = folder / GITHUB_WORKFLOW
    _write_new(path, text)
    return path


def _new_name(name: str, suffixes: tuple[str, ...], what: str) -> str:
    stem = Path(name).name
    for suffix in suffixes:
        stem = stem.removesuffix(suffix)
    if not LESSON_ID.match(stem):
        raise SelectionError(
            f"'{name}' cannot be a {what} name: use letters, digits, '-' and '_', starting with "
            "a letter or digit (for example baku-1990)"
        )
    return stem


def _title(stem: str) -> str:
    words = re.split(r"[-_.]+", stem)
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def new_lesson(workspace: Workspace, name: str) -> Path:
    """Write the skeleton of lesson ``name`` into lessons/; its path."""
    stem = _new_name(name, LESSON_SUFFIXES, "lesson")
    for suffix in LESSON_SUFFIXES:  # lessons/x.yml is lesson x too
        if (workspace.lessons_dir / f"{stem}{suffix}").exists():
            raise _exists(workspace.lessons_dir / f"{stem}{suffix}")
    ids = Library(workspace.sources_dir, [workspace.root]).ids
    first = ids[0] if ids else _PLACEHOLDER_SOURCE
    second = ids[1] if len(ids) > 1 else first
    shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
    text = Template(_scaffold("lesson.yaml")).substitute(
        title=_title(stem),
        sources=shown or "none yet (add one with: lessonpress new source NAME)",
        first_source=first,
        second_source=second,
    )
    path = workspace.lessons_dir / f"{stem}.yaml"
    _write_new(path, text)
    write_schemas(workspace.root / SCHEMA_DIR)  # so the editor finds what the file names
    return path


def new_source(workspace: Workspace, name: str, today: dt.date | None = None) -> Path:
    """Write the skeleton of source ``name`` into content/sources/; its path."""
    stem = _new_name(name, (".md",), "source")
    text = Template(_scaffold("source.md")).substitute(
        id=stem, today=(today or dt.date.today()).isoformat()
    )
    path = workspace.sources_dir / f"{stem}.md"
    _write_new(path, text)
    return path
