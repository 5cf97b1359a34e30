"""A Word file (.docx): its paragraphs, headings and list items, by python-docx.

The body is read in order; the page headers and footers, tables, comments and footnotes
are not imported (the report counts the header and footer lines and the table rows). A
paragraph in the "Title" style is the title; "Heading" styles make headings, "List"
styles list items, and "Caption" paragraphs are left out. The file's own properties give
the title, author and language when its text does not.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from lessonpress.errors import SourceImportError
from lessonpress.importing.document import Block, BlockKind, Extracted, Metadata
from lessonpress.importing.language import primary_language


def extract_docx(data: bytes, name: str) -> Extracted:
    """The text of the Word file in ``data``."""
    import docx  # noqa: PLC0415 - loaded only for an import

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise SourceImportError(
            f"{name}: is not a Word file that can be read ({type(exc).__name__}); "
            "save it again as .docx"
        ) from None
    removed: Counter[str] = Counter()
    meta = Metadata()
    blocks = _body(document, meta, removed)
    _properties(document, meta)
    removed["page headers and footers"] += _furniture_lines(document)
    return Extracted("a Word file", blocks, meta, removed)


def _body(document: Any, meta: Metadata, removed: Counter[str]) -> list[Block]:
    """The body's paragraphs in order (tables counted as left out)."""
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if not hasattr(item, "style") or item.__class__.__name__ == "Table":
            removed["table rows"] += len(getattr(item, "rows", ()))
            continue
        text = " ".join(item.text.split())
        style = (item.style.name if item.style is not None else "").lower()
        if not text:
            continue
        if style == "title":
            meta.set("title", text, "the paragraph in the Title style")
        elif style.startswith("caption"):
            removed["captions"] += 1
        else:
            blocks.append(Block(text, _kind(style)))
    return blocks


def _kind(style: str) -> BlockKind:
    if style.startswith("heading"):
        return "heading"
    return "item" if style.startswith("list") else "paragraph"


def _properties(document: Any, meta: Metadata) -> None:
    """Title, author and language from the file's properties, where the text gave none."""
    properties = document.core_properties
    where = "the Word file's properties"
    meta.set("title", properties.title, where)
    meta.set("author", properties.author, where)
    meta.set("language", primary_language(properties.language), where)


def _furniture_lines(document: Any) -> int:
    """The lines of text in the page headers and footers (left out)."""
    lines = 0
    for section in document.sections:
        for part in (section.header, section.footer):
            lines += sum(1 for p in part.paragraphs if p.text.strip())
    return lines
