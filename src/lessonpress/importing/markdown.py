"""Blocks written as the Markdown of a source file, so that they read back word for word.

A source's text is CommonMark: ``*``, ``_``, a ``#`` or ``1.`` at a line's start, ``&amp;``
and others would change what a reader of the file gets back. Each block is written on
one line, with just the characters that would be read as markup escaped by a backslash
(which CommonMark reads back as the character itself); :func:`blocks_of` reads the text
back the way lessonpress reads sources, and the writer checks the two agree.
"""

from __future__ import annotations

import re

from lessonpress.importing.document import Block
from lessonpress.model.markup import plain_blocks

_ALWAYS = re.compile(r"([\\`*_<])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINK = re.compile(r"\]\s*[(\[:]")
_LINE_START = re.compile(r"^([#>+=~-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape(text: str) -> str:
    """``text`` on one line, with what Markdown would read as markup escaped."""
    text = " ".join(text.split())
    text = _ALWAYS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if _LINK.search(text) or text.startswith("["):
        text = text.replace("[", "\\[")
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def markdown(blocks: list[Block]) -> str:
    """The body of a source file: blocks parted by blank lines."""
    return "\n\n".join(_line(block) for block in blocks) + "\n"


def _line(block: Block) -> str:
    text = escape(block.text)
    if block.kind == "heading":
        return "## " + _closing_hash_escaped(text)
    return "- " + text if block.kind == "item" else text


def _closing_hash_escaped(text: str) -> str:
    """A heading's text with a final ``#`` escaped (else it reads as the closing ``#``s),
    unless a backslash escapes it already (the line-start rule escapes a lone ``#``)."""
    if not text.endswith("#"):
        return text
    backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return text if backslashes % 2 else text[:-1] + "\\#"


def blocks_of(body: str) -> list[str]:
    """The text of each block of ``body``, as lessonpress reads a source's text."""
    return [" ".join(block.split()) for block in plain_blocks(body)]
