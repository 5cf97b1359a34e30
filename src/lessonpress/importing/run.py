"""``import``, start to end: read (or fetch), pick the format, extract, write, report.

The order, top to bottom in :func:`import_source`: the bytes of the file (or of the
address, fetched), the format they are in, the document's blocks and metadata, the id
(from the title unless given), the source file written whole, and an
:class:`ImportReport` of what was found, what was left out and what the teacher must
still fill in.
"""

from __future__ import annotations

import datetime as dt
import stat
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Literal

from lessonpress.errors import SourceImportError, display_path
from lessonpress.importing import fetch as fetching
from lessonpress.importing.document import Extracted
from lessonpress.importing.ids import source_id as id_from_title
from lessonpress.importing.language import guess_language
from lessonpress.importing.writer import Fields, exists, source_file, write_new
from lessonpress.model.workspace import LESSON_ID, Workspace

Format = Literal["html", "pdf", "docx", "text", "markdown"]
_SUFFIXES: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
    "text/markdown": "markdown",
}
#: What a Word file (a zip archive) may unpack to.
MAX_UNPACKED = 200_000_000
_SUPPORTED = "web pages (.html), PDF, Word (.docx), text (.txt) and Markdown (.md)"


@dataclass(frozen=True)
class Download:
    """How a URL was fetched, for the report."""

    url: str
    final_url: str
    size: int
    content_type: str
    timeout: float
    limit: int


@dataclass(frozen=True)
class ImportReport:
    """What ``import`` did: the file written, what it found, left out and left to fill in."""

    source_id: str
    path: Path  # the source file written
    origin: str  # the file or address imported
    kind: str  # what it was: "a web page", "a PDF", "a Word file" ...
    found: dict[str, str]  # front matter fields taken from the document, and their values
    where: dict[str, str]  # for each of those, where in the document it was found
    paragraphs: int
    headings: int
    words: int
    removed: dict[str, int]  # lines left out, by what they were (menu, comments ...)
    to_fill: list[str]  # fields the teacher must still fill in or check, with why
    notes: list[str] = field(default_factory=list)
    download: Download | None = None  # when a URL was fetched


def import_source(
    workspace: Workspace, target: str, source_id: str | None = None, today: dt.date | None = None
) -> ImportReport:
    """Import the file or http(s) address ``target`` into ``content/sources/<id>.md``."""
    if source_id is not None:
        _check_id(source_id)
        _refuse_existing(workspace, source_id)
    data, name, download = _read(target)
    extracted = extract(data, detect(data, name, download), name, download)
    if not extracted.blocks:
        raise SourceImportError(f"{name}: no text was found in it")
    fields = _fields(extracted, download, today or dt.date.today())
    chosen = source_id or _derived_id(extracted, name)
    path = _target(workspace, chosen)
    provenance = f"{download.final_url if download else name} ({extracted.kind})"
    write_new(path, source_file(fields, extracted.blocks, provenance))
    return _report(
        source_id=chosen,
        path=path,
        name=name,
        extracted=extracted,
        fields=fields,
        download=download,
    )


def _check_id(source_id: str) -> None:
    if not LESSON_ID.match(source_id) or source_id.endswith(".md"):
        raise SourceImportError(
            f"'{source_id}' cannot be a source id: use letters, digits, '-' and '_', starting "
            "with a letter or digit (for example baku-ferry-1990)"
        )


def _refuse_existing(workspace: Workspace, source_id: str) -> None:
    path = workspace.sources_dir / f"{source_id}.md"
    if path.exists() or path.is_symlink():
        raise exists(path)


def _target(workspace: Workspace, source_id: str) -> Path:
    """``content/sources/<id>.md``, refused if it exists or the folder leads outside."""
    folder = workspace.sources_dir
    if folder.exists() and not folder.resolve().is_relative_to(workspace.root.resolve()):
        raise SourceImportError(
            f"{display_path(folder)}: leads outside the workspace; nothing was written"
        )
    _refuse_existing(workspace, source_id)
    return folder / f"{source_id}.md"


def _read(target: str) -> tuple[bytes, str, Download | None]:
    """The bytes to import, the name to show, and how they were fetched (for a URL)."""
    if fetching.is_url(target):
        got = fetching.fetch(target)
        download = Download(
            got.url, got.final_url, len(got.data), got.content_type, got.timeout, got.limit
        )
        return got.data, target, download
    return read_file(Path(target)), target, None


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (checked before opening it,
    so a device or a pipe never blocks)."""
    limit = fetching.LIMIT if limit is None else limit
    try:
        info = path.stat()
    except OSError:
        raise SourceImportError(f"{path}: no such file") from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceImportError(f"{path}: is not a regular file")
    if info.st_size > limit:
        raise SourceImportError(f"{path}: is {info.st_size:,} bytes; the limit is {limit:,}")
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)[:limit]
    except OSError as exc:
        raise SourceImportError(f"{path}: cannot be read ({exc.strerror})") from None


def detect(data: bytes, name: str, download: Download | None = None) -> Format:
    """The format of ``data``: from its first bytes, else its type or file name suffix."""
    suffix = Path(name.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]).suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceImportError(f"{name}: is an old Word (.doc) file; save it as .docx first")
    found = _TYPES.get(download.content_type) if download else None
    found = found or _SUFFIXES.get(suffix) or _sniff_html(data)
    if found is None:
        raise SourceImportError(f"{name}: cannot be imported: lessonpress imports {_SUPPORTED}")
    return found


def _zip_format(data: bytes, name: str) -> Format:
    """A Word file, whose parts unpack to at most :data:`MAX_UNPACKED` bytes."""
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        members = []
    if "word/document.xml" not in {member.filename for member in members}:
        raise SourceImportError(f"{name}: cannot be imported: lessonpress imports {_SUPPORTED}")
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        raise SourceImportError(
            f"{name}: unpacks to more than {MAX_UNPACKED:,} bytes; the limit is that"
        )
    return "docx"


def _sniff_html(data: bytes) -> Format | None:
    start = data[:2048].lstrip().lower()
    return "html" if start.startswith((b"<!doctype html", b"<html")) else None


def extract(data: bytes, form: Format, name: str, download: Download | None) -> Extracted:
    """The document in ``data``, read as ``form``."""
    if form == "html":
        from lessonpress.importing.html import extract_html  # noqa: PLC0415 - heavy

        return extract_html(data, download.final_url if download else None, name)
    if form == "pdf":
        from lessonpress.importing.pdf import extract_pdf  # noqa: PLC0415 - heavy

        return extract_pdf(data, name)
    if form == "docx":
        from lessonpress.importing.docx import extract_docx  # noqa: PLC0415 - heavy

        return extract_docx(data, name)
    from lessonpress.importing.text import extract_markdown, extract_text  # noqa: PLC0415

    return extract_markdown(data, name) if form == "markdown" else extract_text(data, name)


def _fields(extracted: Extracted, download: Download | None, today: dt.date) -> Fields:
    """The front matter's values: the document's, the fetched address, today, a language
    read from the text when the document declares none."""
    meta = extracted.meta
    if download is not None:
        meta.set("url", download.final_url, "the address it was fetched from")
    text = " ".join(block.text for block in extracted.blocks)
    meta.set("language", guess_language(text), "its words (the document does not say)")
    notes = _page_notes(extracted)
    return Fields(
        meta.title,
        meta.author,
        meta.publisher,
        meta.published,
        today,
        meta.url,
        meta.language,
        notes,
    )


def _page_notes(extracted: Extracted) -> str | None:
    """For a PDF: the page(s) of each paragraph, as ``find`` numbers paragraphs."""
    spans = [block.pages for block in extracted.blocks]
    if not spans or any(span is None for span in spans):
        return None
    runs: list[tuple[int, int, tuple[int, int]]] = []
    for number, span in enumerate(spans, start=1):
        assert span is not None
        if runs and runs[-1][2] == span and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number, span)
        else:
            runs.append((number, number, span))
    parts = [f"{_range(a, b)}: {_pages(span)}" for a, b, span in runs]
    return (
        "Pages of the PDF, by paragraph (as lessonpress find numbers them): "
        + "; ".join(parts)
        + "."
    )


def _range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _pages(span: tuple[int, int]) -> str:
    return f"p. {span[0]}" if span[0] == span[1] else f"pp. {span[0]}-{span[1]}"


def _derived_id(extracted: Extracted, name: str) -> str:
    """An id from the title, else from the file or address's last part."""
    found = id_from_title(extracted.meta.title or "")
    if not found:
        stem = Path(name.rstrip("/").split("?")[0]).stem
        found = id_from_title(stem)
    if not found:
        raise SourceImportError(f"{name}: no title to make an id of; give one with --id ID")
    return found


def _report(
    *,
    source_id: str,
    path: Path,
    name: str,
    extracted: Extracted,
    fields: Fields,
    download: Download | None,
) -> ImportReport:
    blocks = extracted.blocks
    meta = extracted.meta
    found = {key: str(getattr(meta, key)) for key in meta.where}
    return ImportReport(
        source_id=source_id,
        path=path,
        origin=name,
        kind=extracted.kind,
        found=found,
        where=dict(meta.where),
        paragraphs=sum(block.kind != "heading" for block in blocks),
        headings=sum(block.kind == "heading" for block in blocks),
        words=sum(len(block.text.split()) for block in blocks),
        removed={part: count for part, count in extracted.removed.items() if count},
        to_fill=_to_fill(fields),
        notes=[*extracted.notes, *([fields.notes] if fields.notes else [])],
        download=download,
    )


def _to_fill(fields: Fields) -> list[str]:
    """The fields left for the teacher, each with why."""
    missing = [
        f"{name} (not found)"
        for name in ("title", "publisher", "published", "language")
        if not getattr(fields, name)
    ]
    missing += ["type (now 'other')", "perspective (never guessed)", "license (never guessed)"]
    if fields.url is None:
        missing.append("url or offline (where a reader finds the source; LP401)")
    return missing
