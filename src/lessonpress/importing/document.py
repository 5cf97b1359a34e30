"""What an importer hands on: the paragraphs of a document and the metadata it states.

The text of each :class:`Block` is the document's own, character for character (only
runs of white space inside a paragraph may have been joined), so that a passage copied
from the original verifies as a quote. Metadata holds only what the document says about
itself; what it does not say stays ``None`` for the teacher to fill in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "heading", "item"]


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or list item, and the pages it came from (PDF only)."""

    text: str
    kind: BlockKind = "paragraph"
    pages: tuple[int, int] | None = None  # first and last page, 1-based


@dataclass
class Metadata:
    """What a document states about itself; ``None`` where it states nothing."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    url: str | None = None
    language: str | None = None
    #: Where each value was found, for the report: field name -> "the page's <title>" ...
    where: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: str | None, where: str) -> None:
        """Record ``value`` for field ``name`` (found ``where``) unless it is empty or known."""
        value = " ".join(value.split()) if value else None
        if value and getattr(self, name) is None:
            setattr(self, name, value)
            self.where[name] = where


@dataclass
class Extracted:
    """A document taken apart: its blocks, its metadata, and what was left out."""

    kind: str  # what the document was, for the report: "a saved web page", "a PDF" ...
    blocks: list[Block]
    meta: Metadata = field(default_factory=Metadata)
    #: Lines left out, by what they were: "menu", "caption", "comment", "page number" ...
    removed: Counter[str] = field(default_factory=Counter)
    #: Other things the teacher should know (hyphens rejoined, pages recorded ...).
    notes: list[str] = field(default_factory=list)
