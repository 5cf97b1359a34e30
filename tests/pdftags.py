"""Reading a tagged PDF as a screen reader does: the structure tree, in order, with its text.

The text of each marked-content sequence (``BDC /MCID n`` ... ``EMC``) is read with
pypdf, page by page; the structure tree (pikepdf) then says which element each sequence
belongs to and in which order the elements are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader


@dataclass
class Element:
    """A structure element: its role (``H3``, ``P``, ``Sect``), language, text and children."""

    role: str
    lang: str | None
    alt: str | None
    children: list[Element] = field(default_factory=list)
    own_text: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All the text of this element and its children, in reading order."""
        parts = list(self.own_text)
        for child in self.children:
            parts.append(child.text)
        return "".join(parts)

    def walk(self) -> list[Element]:
        """This element and every element under it, in reading order."""
        found = [self]
        for child in self.children:
            found += child.walk()
        return found


class _Page:
    """Collects the text of one page's marked-content sequences while pypdf reads it."""

    def __init__(self, index: int, into: dict[tuple[int, int], str]) -> None:
        self.index, self.into = index, into
        self.stack: list[int | None] = []

    def before(self, operator: bytes, args: list[Any], *_: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            props: Any = args[1] if operator == b"BDC" and len(args) > 1 else None
            mcid = props.get("/MCID") if hasattr(props, "get") else None
            self.stack.append(int(mcid) if mcid is not None else None)
        elif operator == b"EMC" and self.stack:
            self.stack.pop()

    def text(self, piece: str, *_: Any) -> None:
        current = next((m for m in reversed(self.stack) if m is not None), None)
        if current is not None and piece:
            key = (self.index, current)
            self.into[key] = self.into.get(key, "") + piece


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence: (page index, MCID) -> text."""
    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(PdfReader(path).pages):
        reader = _Page(index, found)
        page.extract_text(visitor_operand_before=reader.before, visitor_text=reader.text)
    return found


def structure(path: Path) -> Element:
    """The document's structure tree, its elements holding their text."""
    texts = marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        document = Element("StructTreeRoot", None, None)
        _children(root, document, None, pages, texts)
        return document


def _children(
    node: Any, into: Element, page: int | None, pages: dict[Any, int], texts: dict[Any, str]
) -> None:
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            if page is not None:
                into.own_text.append(texts.get((page, kid), ""))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                mcr_page = pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                if mcr_page is not None:
                    into.own_text.append(texts.get((mcr_page, int(kid.MCID)), ""))
            elif "/S" in kid:
                child_page = pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                element = Element(
                    str(kid.S)[1:],
                    str(kid.Lang) if "/Lang" in kid else None,
                    str(kid.Alt) if "/Alt" in kid else None,
                )
                into.children.append(element)
                _children(kid, element, child_page, pages, texts)
