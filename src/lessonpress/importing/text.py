"""Plain text and Markdown, including text copied out of a web page.

Markdown keeps its structure (headings, list items, paragraphs; the first ``#`` heading
is the title). Plain text is read one paragraph per line, unless its lines are wrapped
(then blank lines part the paragraphs). Text copied from a browser carries the page
around the article: a menu before it, a footer, links and comments after it, captions
in it. Where the text shows that shape (a long run of short lines before or after the
article, a comment section's heading, a photo credit), only the article is kept:

- the article is the longest stretch of prose (lines of eight words or more that make
  sentences) not broken by five short lines in a row;
- it ends where a comment section starts ("Comments", "Leave a reply", "... said:");
- a short line ending in a photo credit "(... / Wikimedia Commons)" is a caption;
- the short lines just before it (after a blank line) are its title; a line that is only
  a date is its date.

What was left out is counted in the report, by where it was.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from lessonpress.errors import SourceImportError
from lessonpress.importing.dates import date_of
from lessonpress.importing.document import Block, BlockKind, Extracted, Metadata

#: A run of this many short lines between two stretches of prose parts them.
GAP = 5
_COMMENTS = re.compile(
    r"^(?:discussion policy|comments?|\d+\s+(?:comments?|responses?|replies)|"
    r"leave a (?:reply|comment)|join the discussion|комментарии|\d+ комментари\w*|"
    r"մեկնաբանություններ|şərhlər|(?:\d+\.\s*)?\S{1,30}\s(?:said|says|пишет|գրում է):)$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\((?:[^()]*(?:photo|фото|լուսանկար|foto|wikimedia|getty|reuters|afp|/|©)[^()]*)\)\s*$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[.!?…։][\"'”’»)\]]*(?:\s|$)")
_MARKDOWN_KINDS: dict[str, BlockKind] = {"heading_open": "heading", "list_item_open": "item"}


@dataclass(frozen=True)
class _Line:
    text: str
    after_blank: bool  # a blank line (or the start) comes before it


def decode(data: bytes, name: str) -> str:
    """The text of ``data``: UTF-8 (with or without a byte-order mark) or UTF-16 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceImportError(
            f"{name}: is not UTF-8 text (byte {exc.start:,} is not); save it as UTF-8 "
            "(in most editors: Save As, Encoding: UTF-8) and import it again"
        ) from None


def extract_text(data: bytes, name: str) -> Extracted:
    """Plain text: one paragraph per line (or per blank-line block, when lines are wrapped)."""
    lines = _lines(decode(data, name))
    if not lines:
        raise SourceImportError(f"{name}: has no text")
    removed: Counter[str] = Counter()
    meta = Metadata()
    article = _article(lines, removed, meta)
    blocks = [Block(line.text, kind) for line, kind in zip(article, _kinds(article), strict=True)]
    return Extracted("a text file", blocks, meta, removed)


def extract_markdown(data: bytes, name: str) -> Extracted:
    """Markdown: headings, list items and paragraphs; the first level-1 heading is the title."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - as the model reads sources

    tokens = MarkdownIt("commonmark", {"html": False}).parse(decode(data, name))
    blocks: list[Block] = []
    meta = Metadata()
    kind: BlockKind = "paragraph"
    for token in tokens:
        if token.type in _MARKDOWN_KINDS:
            kind = _MARKDOWN_KINDS[token.type]
        elif token.type in ("heading_close", "list_item_close"):
            kind = "paragraph"
        elif token.type == "inline" and (text := _inline_text(token)):
            if not blocks and kind == "heading" and meta.title is None:
                meta.set("title", text, "the first heading")
                continue
            blocks.append(Block(text, kind))
    return Extracted("a Markdown file", blocks, meta)


def _inline_text(token: object) -> str:
    """The words of an inline token, without Markdown markup (as sources are read)."""
    parts = []
    for child in getattr(token, "children", None) or ():
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _lines(text: str) -> list[_Line]:
    """The paragraphs of plain text: lines, or blank-line blocks of wrapped lines."""
    raw = text.splitlines()
    if _wrapped(raw):
        blocks = re.split(r"\n\s*\n", text.strip())
        return [_Line(" ".join(b.split()), True) for b in blocks if b.strip()]
    lines, blank = [], True
    for line in raw:
        if line.strip():
            lines.append(_Line(" ".join(line.split()), blank))
        blank = not line.strip()
    return lines


def _wrapped(raw: list[str]) -> bool:
    """Whether the lines are wrapped at a width (most 40-100 characters, run on)."""
    pairs = [a for a, b in itertools.pairwise(raw) if a.strip() and b.strip()]
    full = [a for a in pairs if 40 <= len(a.strip()) <= 100]
    return len(pairs) >= 3 and len(full) >= 0.6 * len(pairs)


def _prose(line: _Line) -> bool:
    words = len(line.text.split())
    return words >= 15 or (words >= 8 and _SENTENCE.search(line.text) is not None)


def _article(lines: list[_Line], removed: Counter[str], meta: Metadata) -> list[_Line]:
    """The lines of the article (see the module doc); what was left out, in ``removed``."""
    if not any(_prose(line) for line in lines):
        return lines
    start, end = _longest_stretch(lines)
    end = _before_comments(lines, start, end, removed)
    first, start = _title_and_date(lines, start, meta)
    removed["menu and page header (before the text)"] += first
    removed["footer and links (after the text)"] += len(lines) - end - removed["comments"]
    article = [line for line in lines[start:end] if not _caption(line)]
    removed["captions"] += end - start - len(article)
    return article


def _longest_stretch(lines: list[_Line]) -> tuple[int, int]:
    """Start and end (exclusive) of the stretch of prose with the most text."""
    best, size, start, last, short = (0, 0), -1, None, 0, 0
    for index, line in enumerate([*lines, _Line("", True)]):
        if index < len(lines) and _prose(line):
            start = index if start is None else start
            last, short = index, 0
            continue
        short += 1
        if start is not None and (short >= GAP or index == len(lines)):
            chars = sum(len(x.text) for x in lines[start : last + 1])
            best, size = ((start, last + 1), chars) if chars > size else (best, size)
            start = None
    return best


def _before_comments(lines: list[_Line], start: int, end: int, removed: Counter[str]) -> int:
    """Where the article ends: at a comment section's heading, if there is one in it."""
    for index in range(start + 1, end):
        if _COMMENTS.match(lines[index].text) and not _prose(lines[index]):
            removed["comments"] += len(lines) - index
            return index
    return end


def _title_and_date(lines: list[_Line], start: int, meta: Metadata) -> tuple[int, int]:
    """Take the title and date from the short lines above the article: where those lines
    start, and where the article starts."""
    begin = start
    while begin > 0 and not lines[begin].after_blank:
        begin -= 1  # headings run on into the text are the article's own
    group_end = begin
    while group_end > 0:
        group_start = _group_start(lines, group_end)
        group = lines[group_start:group_end]
        if len(group) == 1 and (found := date_of(group[0].text)):
            meta.set("published", found, "a date line above the text")
        elif len(group) <= 2 and not any(_prose(line) for line in group):
            meta.set("title", " ".join(line.text for line in group), "the lines above the text")
            return group_start, begin
        else:
            break
        group_end = group_start
    return group_end, begin


def _group_start(lines: list[_Line], end: int) -> int:
    """Where the blank-line group ending before ``end`` starts."""
    index = end - 1
    while index > 0 and not lines[index].after_blank:
        index -= 1
    return index


def _caption(line: _Line) -> bool:
    return len(line.text.split()) < 20 and _CAPTION.search(line.text) is not None


def _kinds(article: list[_Line]) -> list[BlockKind]:
    """A short line without a sentence, run on into prose, is a heading."""
    kinds: list[BlockKind] = []
    for line, following in zip(article, [*article[1:], None], strict=True):
        short = len(line.text.split()) <= 12 and not _SENTENCE.search(line.text)
        runs_on = following is not None and not following.after_blank and _prose(following)
        kinds.append("heading" if short and runs_on else "paragraph")
    return kinds
