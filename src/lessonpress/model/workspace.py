"""The workspace: its root folder, its settings and its lessons.

The root is the nearest folder, from the current directory upwards, holding
``lessonpress.yaml`` or a ``lessons/`` folder (``--root`` overrides). Every
path lessonpress uses is resolved against the root, never the current
directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lessonpress.confine import PACKAGE_DIR
from lessonpress.errors import (
    InputError,
    Problem,
    Problems,
    SelectionError,
    WorkspaceError,
    did_you_mean,
)
from lessonpress.model import yamlnodes
from lessonpress.model.schema import load_record
from lessonpress.model.settings import Settings, check_sections

SETTINGS_FILE = "lessonpress.yaml"
#: Lesson ids (file names) become output folder names: no dots or separators up front.
LESSON_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LESSON_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Workspace:
    """A workspace root and its settings."""

    root: Path
    settings: Settings

    @property
    def lessons_dir(self) -> Path:
        """``lessons/``: one YAML spec per lesson."""
        return self.root / "lessons"

    @property
    def sources_dir(self) -> Path:
        """``content/sources/``: the source library."""
        return self.root / "content" / "sources"

    @property
    def templates_dir(self) -> Path:
        """``templates/``: overrides of the built-in templates and stylesheet."""
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        """``build/``: where handouts are written by default."""
        return self.root / "build"

    @property
    def read_roots(self) -> list[Path]:
        """The only folders lessonpress reads from: the workspace and its own package."""
        return [self.root, PACKAGE_DIR]

    def lesson_files(self) -> dict[str, Path]:
        """Every lesson spec with a usable name, by id (the file name without its suffix)."""
        return self._scan()[0]

    def lesson_file_problems(self) -> list[Problem]:
        """Files in lessons/ that cannot be lessons: bad names, or two files for one id."""
        return self._scan()[1]

    def _scan(self) -> tuple[dict[str, Path], list[Problem]]:
        files: dict[str, Path] = {}
        problems: list[Problem] = []
        if not self.lessons_dir.is_dir():
            return files, problems
        for path in sorted(self.lessons_dir.iterdir()):
            if path.suffix not in LESSON_SUFFIXES:
                continue
            if not LESSON_ID.match(path.stem):
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        "a lesson's file name must start with a "
                        "letter or digit and use only letters, digits, '.', '-' "
                        "and '_'",
                        "rename the file",
                    )
                )
            elif path.stem in files:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"two lesson files for '{path.stem}'",
                        f"rename or remove {path.name} or {files[path.stem].name}",
                    )
                )
            else:
                files[path.stem] = path
        return files, problems

    def select(self, names: list[str]) -> dict[str, Path]:
        """The lessons named on the command line (ids or paths); all when none are named."""
        files = self.lesson_files()
        if not names:
            return files
        chosen: dict[str, Path] = {}
        for name in names:
            lesson_id = self._lesson_id(name, files)
            chosen[lesson_id] = files[lesson_id]
        return chosen

    def _lesson_id(self, name: str, files: dict[str, Path]) -> str:
        if name in files:
            return name
        path = Path(name)
        if path.suffix in LESSON_SUFFIXES:
            resolved = path.resolve()
            for lesson_id, file in files.items():
                if file.resolve() == resolved:
                    return lesson_id
            if path.stem in files and not path.exists():
                return path.stem
        hint = did_you_mean(path.stem, files) or (
            "lessons: " + ", ".join(files) if files else "lessons/ has no .yaml files"
        )
        raise SelectionError(f"no lesson '{name}' in {self.lessons_dir} ({hint})")


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds a workspace."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / "lessons").is_dir():
            return folder
    raise WorkspaceError(
        f"no lessonpress workspace in {start} or above: no {SETTINGS_FILE} or lessons/ "
        "folder (run in a workspace, or pass --root DIR)"
    )


def load_settings(root: Path, problems: Problems) -> Settings:
    """Read ``lessonpress.yaml`` if there is one; defaults for every missing key.

    Raises :class:`InputError` when the file is broken: no lesson can be built then.
    """
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    text = yamlnodes.read_text(path, problems, [root])
    node = None if text is None else yamlnodes.read_yaml(text, path, problems)
    if problems.errors:
        raise InputError(problems.errors)
    if node is None:
        return Settings()
    settings = load_record(Settings, node, path, problems)
    if settings is not None:
        check_sections(settings, problems)
    if settings is None or problems.errors:
        raise InputError(problems.errors)
    return settings


def open_workspace(root: Path | None, problems: Problems) -> Workspace:
    """Find (or take) the root and load its settings; settings errors raise :class:`InputError`."""
    folder = root.resolve() if root is not None else find_root(Path.cwd())
    if not folder.is_dir():
        raise WorkspaceError(f"--root {folder} is not a folder")
    return Workspace(folder, load_settings(folder, problems))
