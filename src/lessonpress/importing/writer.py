"""The source file an import writes: front matter with a comment on each field, then the text.

Fields the document stated are filled in; those it did not state are written empty (or
``null`` where that is the honest default) with a comment, so that ``lessonpress check``
names each one still to fill in. ``perspective`` and ``license`` are never guessed. The
file is read back the way lessonpress reads sources before it is written, and written
whole or not at all: a temporary file beside it, linked into place only if no file of
that name exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import yaml

from lessonpress.errors import SourceImportError, display_path
from lessonpress.importing.document import Block
from lessonpress.importing.markdown import blocks_of, markdown

_KINDS = "encyclopedia, news, museum, memoir, official, testimony, treaty, book, article, "
_KINDS += "report, speech, letter, interview, photograph, other"


@dataclass(frozen=True)
class Fields:
    """The front matter's values (``None``: not found)."""

    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    accessed: dt.date
    url: str | None
    language: str | None
    notes: str | None


def yaml_string(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (anything unprintable escaped)."""
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
            out.append("\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: str | None, empty: str) -> str:
    return yaml_string(value) if value else empty


def front_matter(fields: Fields, provenance: str) -> str:
    """The front matter, between its ``---`` lines."""
    rows = [
        ("title", _value(fields.title, '""'), "not found: the title of the work or page"),
        ("author", _value(fields.author, "null"), "none found: add it if the source names one"),
        (
            "publisher",
            _value(fields.publisher, '""'),
            "not found: site, newspaper or institution; null if none",
        ),
        (
            "published",
            fields.published or '""',
            "not found: YYYY-MM-DD, YYYY-MM or YYYY; null if it gives none",
        ),
        ("accessed", fields.accessed.isoformat(), "today, when the text was imported"),
        ("url", _value(fields.url, "null"), "none found: https://... when known for certain"),
        ("offline", "null", "without a url: where a reader can find the source"),
        ("type", "other", f"choose: {_KINDS}"),
        ("perspective", '""', "not guessed: whose account this is (the author's position)"),
        (
            "language",
            _value(fields.language, '""'),
            "not found: the language of the text (en, hy, ru, az, fr ...)",
        ),
        ("license", '""', 'not guessed: the licence the source states, e.g. "All rights reserved"'),
        ("excerpted", "false", "the whole text was imported; true if you cut it to passages"),
    ]
    lines = ["---", *provenance_comment(provenance)]
    for name, value, comment in rows:
        found = value not in ('""', "null") and comment.startswith(("not found", "none found"))
        lines.append(f"{name}: {value}" if found else f"{name}: {value}  # {comment}")
    if fields.notes:
        lines += ["notes: |", *(f"  {line}" if line else "" for line in fields.notes.splitlines())]
    return "\n".join([*lines, "---"]) + "\n"


def provenance_comment(provenance: str) -> list[str]:
    """The comment at the top: where the text came from, and what to do next."""
    return [
        f"# Imported by `lessonpress import` from {provenance}.",
        "# Check each field against the original and fill in the empty ones;",
        "# `lessonpress check` names what is still missing.",
    ]


def source_file(fields: Fields, blocks: list[Block], provenance: str) -> str:
    """The whole source file, checked to read back as written (title and every block)."""
    text = front_matter(fields, provenance) + markdown(blocks)
    _, front, body = text.split("---\n", 2)
    title = yaml.safe_load(front).get("title") or None
    wanted = [" ".join(block.text.split()) for block in blocks]
    if title != (fields.title or None) or blocks_of(body) != wanted:
        raise AssertionError("the source file would not read back as imported")  # a bug
    return text


def write_new(path: Path, text: str) -> None:
    """Write ``path`` whole, or not at all; never over an existing file."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _place(temp, path)
    except FileExistsError:
        raise exists(path) from None
    except OSError as exc:
        raise SourceImportError(
            f"{display_path(path)}: cannot be written ({exc.strerror})"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _place(temp: Path, path: Path) -> None:
    """Move ``temp`` to ``path`` unless ``path`` exists (a hard link: atomic, never over a
    file; where the file system has none, a rename after a last look)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if path.exists() or path.is_symlink():
            raise FileExistsError(str(path)) from None
        temp.replace(path)


def exists(path: Path) -> SourceImportError:
    """The error for a source file that is there already."""
    return SourceImportError(
        f"{display_path(path)}: already exists; nothing was written (give another id with "
        "--id, or move the file away first)"
    )
