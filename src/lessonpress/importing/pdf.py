"""A PDF: its text page by page, in reading order, as paragraphs that cite their pages.

pdfplumber gives each word with its position and size. Per page, a gap running down the
middle of the text is a gutter: the words left of it are read before those right of it,
and lines that cross it (a title, a running head) go above or below the columns. Lines in
the top and bottom margins that repeat on other pages (running heads, with their page
numbers) or are only a page number are dropped. Lines are then joined into paragraphs (a
wider gap, an indented first line, or a short line ending a sentence starts a new one;
a larger font makes a heading), and a word hyphenated at a line end is rejoined: a soft
hyphen always, a hard one unless the document writes the word with it elsewhere.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from lessonpress.errors import SourceImportError
from lessonpress.importing.document import Block, BlockKind, Extracted, Metadata
from lessonpress.importing.language import primary_language

#: Pages read at most (a longer document: import the part you need, saved as its own PDF).
MAX_PAGES = 1000
#: The top and bottom share of a page where running heads and page numbers sit.
MARGIN_SHARE = 0.1
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pp\.|стр\.?|страница|էջ|səh\.?|səhifə)?\s*[-–—(\[]?\s*"
    r"(?:\d{1,5}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:/|of|из|из\s|-)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_SENTENCE_END = tuple(".!?:;…\"'”’»)։")
_HYPHENS = ("-", "\u2010", "\u00ad")


@dataclass(frozen=True)
class Line:
    """A line of text on a page, with its column's edges."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    size: float
    page_height: float = 0.0
    column: int = 0  # which column (0: the whole width; 2n+1 and 2n+2: the halves of n)
    left: float = 0.0  # the column's edges
    right: float = 0.0


def extract_pdf(data: bytes, name: str) -> Extracted:
    """The text of the PDF in ``data``, as paragraphs that know their pages."""
    import pdfplumber  # noqa: PLC0415 - loaded only for an import

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _check_length(len(pdf.pages), name)
            pages = [_page_lines(page) for page in pdf.pages]
            info = dict(pdf.metadata or {})
            language = _catalog_language(pdf)
    except SourceImportError:
        raise
    except Exception as exc:
        raise SourceImportError(f"{name}: {_open_problem(exc)}") from None
    _check_text_layer(pages, name)
    return _extracted(pages, info, language)


def _check_length(pages: int, name: str) -> None:
    if pages > MAX_PAGES:
        raise SourceImportError(
            f"{name}: has {pages:,} pages; the limit is {MAX_PAGES:,} (save the pages you "
            "need as a PDF of their own and import that)"
        )


def _open_problem(exc: Exception) -> str:
    """Why a PDF could not be read, for a teacher."""
    if "password" in f"{type(exc).__name__} {exc!r}".lower():
        return "is protected by a password (open it, save an unprotected copy, import that)"
    return f"is not a PDF that can be read ({type(exc).__name__})"


def _catalog_language(pdf: Any) -> str | None:
    """The document language the PDF's catalog declares (``/Lang``), if any."""
    value = pdf.doc.catalog.get("Lang")
    raw = getattr(value, "resolve", lambda: value)()
    return primary_language(_pdf_text(raw)) if raw else None


def _pdf_text(value: object) -> str:
    """A PDF text string: UTF-16 after its byte-order mark, else PDFDocEncoding (~Latin-1)."""
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", "replace")
        return value.decode("latin-1", "replace")
    return str(value)


def _check_text_layer(pages: list[list[Line]], name: str) -> None:
    """Refuse a PDF that is pictures of pages (or whose fonts hide their letters)."""
    words = [word for page in pages for line in page for word in line.text.split()]
    unreadable = sum("(cid:" in word for word in words)
    if not words or unreadable > len(words) / 5:
        why = "has no text layer" if not words else "has text whose letters cannot be read"
        raise SourceImportError(
            f"{name}: {why} (a scan?); it needs OCR first: make it searchable "
            "(for example with ocrmypdf), then import the result"
        )


def _extracted(pages: list[list[Line]], info: dict[str, Any], language: str | None) -> Extracted:
    """Blocks, metadata and what was removed, from the lines of every page."""
    removed: Counter[str] = Counter()
    body = _without_furniture(pages, removed)
    meta = Metadata()
    meta.set("title", _real_title(_info(info, "Title")), "the PDF's document properties")
    meta.set("author", _info(info, "Author"), "the PDF's document properties")
    meta.set("language", language, "the PDF's declared language")
    blocks, rejoined, kept = _paragraphs(body)
    if meta.title is None and blocks and blocks[0].kind == "heading":
        meta.set("title", blocks[0].text, "the first heading on the first page")
    blocks = _without_title(blocks, meta.title)
    return Extracted("a PDF", blocks, meta, removed, _hyphen_notes(rejoined, kept))


def _info(info: dict[str, Any], key: str) -> str | None:
    value = info.get(key)
    return _pdf_text(value).strip() or None if value else None


def _real_title(title: str | None) -> str | None:
    """The properties' title, unless it is a file name a program left there."""
    if title is None:
        return None
    title = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title)
    looks_like_file = re.search(r"\.\w{2,4}$", title) or (" " not in title and "_" in title)
    return None if looks_like_file else title


def _page_lines(page: Any) -> list[Line]:
    """The lines of one page in reading order: above the columns, each column, below."""
    words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
    # Text set sideways (a stamp or a note up the margin) is not part of the reading.
    lines = _columns([w for w in words if w.get("upright", True)], page.page_number, 0)
    return [replace(line, page_height=float(page.height)) for line in lines]


def _columns(words: list[dict[str, Any]], page: int, column: int) -> list[Line]:
    """Lines above the columns, each column's (left to right; a column with a gutter of
    its own is split again), lines below."""
    gutter = _gutter(words) if column < 8 else None
    if gutter is None:
        return _lines(words, page, column)
    rows = _rows(words)
    across = [w for row in rows if any(w["x0"] < gutter < w["x1"] for w in row) for w in row]
    inside = [w for row in rows if all(not w["x0"] < gutter < w["x1"] for w in row) for w in row]
    left = _columns([w for w in inside if w["x1"] <= gutter], page, column * 2 + 1)
    right = _columns([w for w in inside if w["x0"] >= gutter], page, column * 2 + 2)
    spanning = _lines(across, page, column)
    start = min((line.top for line in left + right), default=0.0)
    above = [line for line in spanning if line.top < start]
    return above + left + right + [line for line in spanning if line.top >= start]


def _gutter(words: list[dict[str, Any]]) -> float | None:
    """The middle of an empty band running down the middle of the text, if there is one."""
    if len(words) < 20:
        return None
    lo, hi = min(w["x0"] for w in words), max(w["x1"] for w in words)
    tops = len({round(w["top"]) for w in words})
    cover = [0] * (int(hi - lo) + 2)
    for word in words:
        for x in range(int(word["x0"] - lo) + 1, int(word["x1"] - lo)):
            cover[x] += 1
    return _widest_gap(cover, lo, limit=max(1, tops // 10))


def _widest_gap(cover: list[int], lo: float, limit: int) -> float | None:
    """The centre of the widest run of ``cover`` at most ``limit`` in the middle half."""
    best: tuple[int, int] = (0, 0)
    start = None
    first, last = len(cover) // 4, 3 * len(cover) // 4
    for x in range(first, last + 1):
        if cover[x] <= limit and start is None:
            start = x
        elif cover[x] > limit and start is not None:
            best = max(best, (x - start, start))
            start = None
    width, at = best
    return lo + at + width / 2 if width >= 4 else None


def _lines(words: list[dict[str, Any]], page: int, column: int) -> list[Line]:
    """Words grouped into lines (by their top), each line's words left to right."""
    lines = [_line(sorted(row, key=lambda w: w["x0"]), page, column) for row in _rows(words)]
    # The column's left edge: where most of its lines start (not an outdented first line).
    starts = Counter(round(line.x0) for line in lines)
    left = float(starts.most_common(1)[0][0]) if starts else 0.0
    right = max((line.x1 for line in lines), default=0.0)
    return [replace(line, left=left, right=right) for line in lines]


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped by their top: each group one line (or one row across the columns)."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= word["size"] * 0.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def _line(row: list[dict[str, Any]], page: int, column: int) -> Line:
    text = " ".join(_unligature(w["text"]) for w in row)
    size = statistics.median(w["size"] for w in row)
    return Line(text, page, row[0]["x0"], row[-1]["x1"], row[0]["top"], size, column=column)


def _unligature(text: str) -> str:
    """Typographic ligatures (ﬁ, ﬂ ...) as the letters they draw."""
    return "".join(_LIGATURES.get(char, char) for char in text)


def _without_furniture(pages: list[list[Line]], removed: Counter[str]) -> list[Line]:
    """Every page's lines without running heads and page numbers (counted in ``removed``)."""
    repeated = _repeated_margin_lines(pages)
    body = []
    for line in (line for page in pages for line in page):
        if _in_margin(line) and _PAGE_NUMBER.match(line.text.strip()):
            removed["page numbers"] += 1
        elif _in_margin(line) and _shape(line.text) in repeated:
            removed["running heads"] += 1
        else:
            body.append(line)
    return body


def _in_margin(line: Line) -> bool:
    """Whether ``line`` is in the top or bottom share of its page."""
    height = line.page_height
    return line.top <= height * MARGIN_SHARE or line.top >= height * (1 - MARGIN_SHARE)


def _repeated_margin_lines(pages: list[list[Line]]) -> set[str]:
    """The margin lines (digits aside) found on more than one page."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_shape(line.text) for line in page if _in_margin(line)})
    return {shape for shape, count in seen.items() if count > 1}


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _paragraphs(lines: list[Line]) -> tuple[list[Block], list[str], list[str]]:
    """Lines joined into blocks; the words rejoined at a hyphen, and those whose hyphen
    was kept."""
    body_size = _body_size(lines)
    pitch = _line_pitch(lines)
    whole = " ".join(line.text for line in lines)
    blocks: list[Block] = []
    current: list[Line] = []
    rejoined: list[str] = []
    kept: list[str] = []
    for line in lines:
        if current and _breaks(current[-1], line, body_size, pitch):
            blocks.append(_block(current, body_size, whole, rejoined, kept))
            current = []
        current.append(line)
    if current:
        blocks.append(_block(current, body_size, whole, rejoined, kept))
    return blocks, rejoined, kept


def _body_size(lines: list[Line]) -> float:
    """The type size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _line_pitch(lines: list[Line]) -> float:
    """The usual distance from one line's top to the next's, within a column."""
    steps = [
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.column == b.column and b.top > a.top
    ]
    return statistics.median(steps) if steps else 0.0


def _is_heading(line: Line, body_size: float) -> bool:
    return line.size >= body_size * 1.15


def _breaks(before: Line, line: Line, body_size: float, pitch: float) -> bool:
    """Whether ``line`` starts a new block after ``before``."""
    if _is_heading(before, body_size) != _is_heading(line, body_size):
        return True
    if _is_heading(line, body_size):
        return line.page != before.page or line.top - before.top > pitch * 2
    same_run = line.page == before.page and line.column == before.column
    if same_run and line.top - before.top > pitch * 1.12:
        return True
    indented = line.x0 > line.left + body_size * 0.8 and line.x1 > line.right - body_size * 2
    return indented or _ends_short(before, body_size)


def _ends_short(line: Line, body_size: float) -> bool:
    """A line ending a sentence well before its column's right edge ends a paragraph."""
    return line.x1 < line.right - body_size * 2 and line.text.rstrip().endswith(_SENTENCE_END)


def _block(
    lines: list[Line], body_size: float, whole: str, rejoined: list[str], kept: list[str]
) -> Block:
    """The lines of one block joined, words hyphenated at a line end rejoined."""
    text = lines[0].text
    for line in lines[1:]:
        text = _join(text, line.text, whole, rejoined, kept)
    kind: BlockKind = "heading" if _is_heading(lines[0], body_size) else "paragraph"
    return Block(" ".join(text.split()), kind, (lines[0].page, lines[-1].page))


def _join(text: str, following: str, whole: str, rejoined: list[str], kept: list[str]) -> str:
    """``text`` and the next line: across a line-end hyphen without it (see module doc)."""
    head = re.search(r"(\w+)([-\u2010\u00ad])$", text)
    tail = re.match(r"([^\W\d_]+)", following)
    if head is None or tail is None or not tail.group(1)[0].islower():
        return f"{text} {following}"
    broken = f"{head.group(1)}-{tail.group(1)}"
    if head.group(2) != "\u00ad" and _written_with_hyphen(broken, whole):
        kept.append(broken)
        return f"{text[:-1]}-{following}"
    rejoined.append(head.group(1) + tail.group(1))
    return text[:-1] + following


def _written_with_hyphen(word: str, whole: str) -> bool:
    """Whether the document writes ``word`` (``a-b``) so somewhere not at a line end."""
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", whole, re.IGNORECASE) is not None


def _without_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The blocks without a first heading that repeats the title."""
    wanted = " ".join((title or "").split()).casefold()
    for index, block in enumerate(blocks[:3]):  # after a running head on a one-page PDF
        if block.kind == "heading" and " ".join(block.text.split()).casefold() == wanted:
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def _hyphen_notes(rejoined: list[str], kept: list[str]) -> list[str]:
    """What the report says about line-end hyphens."""
    notes = []
    if rejoined:
        notes.append(f"rejoined {len(rejoined)} words hyphenated at line ends")
    if kept:
        shown = ", ".join(sorted(set(kept))[:5])
        notes.append(
            f"kept the hyphen of {len(kept)} words broken at a line end, as the document "
            f"writes them elsewhere: {shown}"
        )
    return notes
