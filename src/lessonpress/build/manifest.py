"""Knowing what is already built: a manifest of every output and what it depends on.

``build/.lessonpress.json`` records, for each lesson built, the SHA-256 of
every file its handouts depend on (the lesson, the sources it quotes, its images,
the fonts and files the renderer read) and of the handouts themselves, under a key
for everything shared: the lessonpress version and code, the build options,
``SOURCE_DATE_EPOCH``, the settings and every template and stylesheet. A lesson is
up to date when its key, its files and its handouts are all unchanged, so editing a
lesson rebuilds that lesson, editing a source rebuilds the lessons quoting it, and
editing a template rebuilds everything. ``build --force`` ignores the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from lessonpress.build.output import write_together
from lessonpress.confine import MAX_RESOURCE_BYTES, OutsideError, read_inside
from lessonpress.version import __version__

MANIFEST = ".lessonpress.json"
FORMAT = 1


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class Hashes:
    """File hashes, each file read at most once per run.

    Only files inside ``roots`` are read (through the same checks as every other
    read); anything else, missing or unreadable hashes as ``None``, which makes the
    lesson rebuild and the build report the real problem.
    """

    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots
        self._known: dict[Path, str | None] = {}

    def of(self, path: Path) -> str | None:
        """The hash of ``path`` as it is now."""
        if path not in self._known:
            try:
                self._known[path] = sha256(read_inside(path, self.roots, MAX_RESOURCE_BYTES))
            except OutsideError:
                self._known[path] = None
        return self._known[path]

    def forget(self, paths: list[Path]) -> None:
        """Read these again next time (they were just written)."""
        for path in paths:
            self._known.pop(path, None)


def shared_key(root: Path, folders: list[Path], options: dict[str, Any], hashes: Hashes) -> str:
    """A key for everything all lessons share: change any of it and every lesson rebuilds.

    ``folders`` are hashed file by file: lessonpress's own package (its code, built-in
    templates and fonts, so a changed lessonpress rebuilds even without a new version
    number) and the workspace's templates.
    """
    parts: list[object] = [
        FORMAT,
        __version__,
        sorted(options.items()),
        os.environ.get("SOURCE_DATE_EPOCH"),
        hashes.of(root / "lessonpress.yaml"),
    ]
    for folder in folders:
        files = (
            sorted(
                p
                for p in folder.rglob("*")
                if (p.is_file() or p.is_symlink()) and "__pycache__" not in p.parts
            )
            if folder.is_dir()
            else []
        )
        parts.append([(p.relative_to(folder).as_posix(), hashes.of(p)) for p in files])
    return sha256(json.dumps(parts, default=str).encode())


class Manifest:
    """The manifest of one output folder."""

    def __init__(self, out_dir: Path, root: Path, key: str) -> None:
        self.path = out_dir / MANIFEST
        self.root = root
        self.key = key
        self.lessons: dict[str, dict[str, Any]] = {}
        #: Lessons whose last build failed, and the first problem it reported.
        self.failures: dict[str, str] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self.lessons = dict(data["lessons"])
                self.failures = {str(k): str(v) for k, v in data.get("failed", {}).items()}

    def _name(self, path: Path) -> str:
        """Workspace files by their path in it, so a moved workspace stays up to date."""
        return (
            path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
        )

    def _path(self, name: str) -> Path:
        return self.root / name if not Path(name).is_absolute() else Path(name)

    def up_to_date(self, lesson_id: str, out_dir: Path, hashes: Hashes) -> bool:
        """Whether the lesson's handouts were built from exactly what is there now."""
        entry = self.lessons.get(lesson_id)
        if entry is None or entry.get("key") != self.key:
            return False
        for name, digest in {**entry["files"], **entry["outputs"]}.items():
            path = out_dir / name if name in entry["outputs"] else self._path(name)
            if hashes.of(path) != digest:
                return False
        return True

    def record(
        self,
        lesson_id: str,
        out_dir: Path,
        files: list[Path],
        outputs: dict[Path, bytes],
        hashes: Hashes,
    ) -> None:
        """Note a lesson just built from ``files`` into ``outputs``."""
        self.changed = True
        self.failures.pop(lesson_id, None)
        self.lessons[lesson_id] = {
            "key": self.key,
            "files": {self._name(p): hashes.of(p) for p in sorted(set(files))},
            "outputs": {
                p.relative_to(out_dir).as_posix(): sha256(data)
                for p, data in sorted(outputs.items())
            },
        }

    def record_failure(self, lesson_id: str, problem: str) -> None:
        """Note that building a lesson failed (its earlier handouts, if any, are kept)."""
        if self.failures.get(lesson_id) != problem:
            self.failures[lesson_id] = problem
            self.changed = True

    def status(self, lesson_id: str, out_dir: Path, hashes: Hashes) -> str:
        """The lesson's last build, for ``lessonpress lessons``."""
        if lesson_id in self.failures:
            return "failed"
        if self.up_to_date(lesson_id, out_dir, hashes):
            return "up to date"
        return "changed since built" if lesson_id in self.lessons else "not built"

    def save(self) -> None:
        """Write the manifest (atomically, like the handouts) if a lesson was built."""
        if not self.changed or (not self.lessons and not self.path.parent.exists()):
            return  # a first build that failed leaves no build/ folder behind
        data: dict[str, Any] = {
            "format": FORMAT,
            "lessonpress": __version__,
            "lessons": self.lessons,
        }
        if self.failures:
            data["failed"] = self.failures
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_together({self.path: text.encode()})
