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
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from lessonpress.errors import OutputError

_TEMP_PREFIX = ".lessonpress-"
_TEMP_SUFFIX = ".tmp"


def output_path(out_dir: Path, lesson_id: str, version: str, fmt: str) -> Path:
    """``<out>/<id>/<id>-<version>.<fmt>``."""
    return out_dir / lesson_id / f"{lesson_id}-{version}.{fmt}"


def check_output_folder(folder: Path, workspace: Path | None) -> None:
    """Refuse an output folder that is a link out of the workspace.

    ``workspace`` is the root when the folder is the default ``build/``; an explicit
    ``--out`` folder (``workspace`` ``None``) is the user's own choice.
    """
    if workspace is not None and folder.exists():
        resolved = folder.resolve()
        if not resolved.is_relative_to(workspace.resolve()):
            raise OutputError(
                f"{folder} leads to {resolved}, outside the workspace; remove the "
                "link, or choose a folder with --out"
            )


def check_lesson_folder(folder: Path) -> None:
    """Refuse a lesson's output folder that is a link (it could lead anywhere)."""
    if folder.is_symlink():
        raise OutputError(
            f"{folder} is a link; remove it so handouts are written in the output folder itself"
        )


def sweep_temporary(folder: Path) -> None:
    """Remove temporary files an interrupted build left in ``folder``."""
    if folder.is_dir():
        for stale in folder.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()


def write_together(files: dict[Path, bytes]) -> None:
    """Write every file, or (on any failure or interrupt) none of them.

    Each file is first written in full to a temporary file beside its target; only
    then are they all moved into place, with SIGINT and SIGTERM held back for that
    moment so an interrupt cannot land between two of the moves.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_write_temporary(target, data), target))
        with _signals_held():
            for temp, target in staged:
                temp.replace(target)
        staged = []
        for folder in {target.parent for target in files}:
            _fsync_dir(folder)
    except OSError as exc:
        where = exc.filename or next(iter(files), "")
        raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay SIGINT and SIGTERM until the block is done, then deliver them.

    This thread blocks them, so one sent to it waits and is delivered, to the handler in
    place before, when the block ends. Python runs handlers in the main thread whichever
    thread a signal reached, so one that reached another thread is held too: the
    handlers are swapped for ones that only note it, and it is raised again at the end.
    Elsewhere than the main thread no handler can interrupt the block.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def note(signum: int, frame: object) -> None:
        caught.append(signum)

    previous = {number: signal.signal(number, note) for number in _HELD}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # delivers what waited
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


_HELD = (signal.SIGINT, signal.SIGTERM)


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
