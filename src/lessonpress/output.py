"""Writing finished handouts: atomically, together, or not at all.

A lesson's files are first written to temporary files beside their targets
(flushed and fsynced), then moved into place with :func:`os.replace`. An
interrupted or failed build leaves the previous handouts untouched and never a
truncated PDF; leftover temporary files are swept on the next build.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from .errors import OutputError

_TEMP_PREFIX = ".lessonpress-"
_TEMP_SUFFIX = ".tmp"


def output_path(out_dir: Path, lesson_id: str, version: str, fmt: str) -> Path:
    """``<out>/<id>/<id>-<version>.<fmt>``."""
    return out_dir / lesson_id / f"{lesson_id}-{version}.{fmt}"


def sweep_temporary(folder: Path) -> None:
    """Remove temporary files an interrupted build left in ``folder``."""
    if folder.is_dir():
        for stale in folder.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()


def write_together(files: dict[Path, bytes]) -> None:
    """Write every file, or (on any failure) none of them."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_write_temporary(target, data), target))
        for temp, target in staged:
            temp.replace(target)
        for folder in {target.parent for target in files}:
            _fsync_dir(folder)
    except OSError as exc:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        where = exc.filename or next(iter(files), "")
        raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from None


def _write_temporary(target: Path, data: bytes) -> Path:
    temp = target.with_name(f"{_TEMP_PREFIX}{target.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
