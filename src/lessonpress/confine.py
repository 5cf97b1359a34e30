"""What lessonpress may read: files inside the workspace and its own package.

Lesson files and source packs are shared between teachers, so a path written
in one (an image in Markdown, say) is resolved here and nowhere else. The
rule is checked on the fully resolved path (``..``, symlinks and absolute
paths all resolved first) with :meth:`Path.is_relative_to`, never by string
prefix, so ``/work/lessons-evil`` is not inside ``/work/lessons``.
"""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lessonpress.errors import Refused

#: The package folder that holds the built-in templates, stylesheet and fonts.
PACKAGE_DIR = Path(__file__).resolve().parent

#: The largest file a spec or stylesheet may pull in (images, fonts).
MAX_RESOURCE_BYTES = 20_000_000


class OutsideError(Refused):
    """A path or URL that points outside the allowed folders, or at no regular file."""


def resolve_inside(name: str, base_dir: Path, roots: list[Path]) -> Path:
    """Resolve ``name`` (relative to ``base_dir``) to a regular file under one of ``roots``.

    Raises :class:`OutsideError` with a message a teacher can act on.
    """
    if not name.strip():
        raise OutsideError("empty path")
    if "\x00" in name:
        raise OutsideError("the path contains a NUL character")
    parts = urlsplit(name)
    if parts.scheme and len(parts.scheme) > 1:  # a one-letter scheme is a Windows drive
        raise OutsideError(
            f"'{name}' is an address, not a file in the workspace; "
            "only files inside the workspace can be used"
        )
    candidate = Path(unquote(name))
    if candidate.is_absolute():
        raise OutsideError(f"'{name}' is an absolute path; write it relative to the file using it")
    return check_inside(base_dir / candidate, roots, shown=name)


def check_inside(
    path: Path, roots: list[Path], shown: str | None = None, limit: int = MAX_RESOURCE_BYTES
) -> Path:
    """Return ``path`` resolved, if it is a regular file of at most ``limit`` bytes under ``roots``.

    Checked before anything is opened, so a FIFO or a device never blocks a read.
    ``shown`` names the file in messages; an empty string says "the file".
    """
    name = f"'{path if shown is None else shown}'" if shown != "" else "the file"
    try:
        resolved = path.resolve()  # confinement first: never reveal what exists outside
    except (OSError, RuntimeError):
        raise OutsideError(f"{name} cannot be resolved (a loop of links?)") from None
    if not any(resolved.is_relative_to(root.resolve()) for root in roots):
        if _has_link(path):
            raise OutsideError(f"{name} is a link to a file outside the workspace")
        raise OutsideError(f"{name} is outside the workspace; only files inside it can be used")
    try:
        info = resolved.stat()
    except OSError:
        raise OutsideError(f"{name} does not exist") from None
    if not stat.S_ISREG(info.st_mode):
        raise OutsideError(f"{name} is not a regular file")
    if info.st_size > limit:
        raise OutsideError(f"{name} is {info.st_size:,} bytes; the limit is {limit:,}")
    return resolved


def read_inside(path: Path, roots: list[Path], limit: int, shown: str | None = None) -> bytes:
    """The bytes of ``path`` after :func:`check_inside` (raises :class:`OutsideError`)."""
    resolved = check_inside(path, roots, shown, limit)
    try:
        with resolved.open("rb") as file:
            data = file.read(limit + 1)  # a file that grew since it was checked stays bounded
    except OSError as exc:
        raise OutsideError(f"cannot read the file: {exc.strerror}") from None
    if len(data) > limit:
        name = f"'{path if shown is None else shown}'" if shown != "" else "the file"
        raise OutsideError(f"{name} is more than {limit:,} bytes; the limit is {limit:,}")
    return data


def _has_link(path: Path) -> bool:
    return any(part.is_symlink() for part in (path, *path.parents))
