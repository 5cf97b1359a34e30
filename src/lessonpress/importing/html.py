"""A saved web page: its article text and metadata, by trafilatura.

trafilatura (a maintained extractor, 91-100% of an article's paragraphs word for word on
real pages in its authors' and our measurements) finds the article among the menus,
share buttons, captions and comments, and reads the page's metadata (``<title>``,
Open Graph and Dublin Core tags, JSON-LD, the canonical link). What it left out is then
counted here, line by line of the page as a browser shows it, and named after the part
of the page it sat in (a ``<nav>``, a ``figcaption``, a block whose class says
``comments`` ...), for the report.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

from lessonpress.errors import SourceImportError
from lessonpress.importing.document import Block, BlockKind, Extracted, Metadata
from lessonpress.importing.language import primary_language

#: Elements whose text a browser does not show.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "select", "option"})
#: Elements that start a line of their own.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "button",
        "label",
    ]
)
#: The part of a page a left-out line sat in, from its element's tag, role, id and class.
_PARTS: list[tuple[str, re.Pattern[str]]] = [
    ("comments", re.compile(r"comment|respond|reply|disqus|discussion")),
    ("captions", re.compile(r"\bfigcaption\b|\bcaption\b|credit")),
    ("share buttons", re.compile(r"share|sharing|social|follow")),
    ("menu", re.compile(r"\bnav\b|navigation|navbar|menu|breadcrumb")),
    ("footer", re.compile(r"footer|contentinfo|copyright")),
    ("byline", re.compile(r"byline|author|dateline|\btime\b|published|meta")),
    ("sidebar", re.compile(r"\baside\b|sidebar|related|widget|recommend|promo|\bad\b|advert")),
    ("site header", re.compile(r"\bheader\b|banner|masthead|logo")),
    ("table", re.compile(r"\btable\b")),
    ("form", re.compile(r"\bform\b|\bbutton\b|newsletter|subscribe|search")),
]
_WS = re.compile(r"\s+")


def extract_html(data: bytes, url: str | None, name: str) -> Extracted:
    """The article of the page in ``data`` (``url``: where it was fetched from, if it was)."""
    import trafilatura  # noqa: PLC0415 - loaded only for an import (lessonpress --help stays quick)

    tree = trafilatura.load_html(data)
    if tree is None:
        raise SourceImportError(f"{name}: is not an HTML page that can be read")
    found = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        # The date the page states in its markup (not guessed from its text or address);
        # history pages may be dated long before htmldate's default earliest date.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "min_date": "1800-01-01",
        },
    )
    if not isinstance(found, trafilatura.settings.Document) or found.body is None:
        raise SourceImportError(f"{name}: no article text was found on the page")
    meta = _metadata(found, tree)
    blocks = _without_title(_blocks(found.body), meta.title)
    removed = _removed(tree, blocks, meta)
    return Extracted("a web page", blocks, meta, removed)


def _metadata(found: Any, tree: Any) -> Metadata:
    """The page's title, author, site, date, canonical address and language."""
    meta = Metadata()
    where = "the page's metadata"
    meta.set("title", found.title, where)
    meta.set("author", found.author, where)
    meta.set("publisher", found.sitename, "the page's site name")
    meta.set("published", found.date, "the page's publication date")
    if found.url and str(found.url).lower().startswith(("http://", "https://")):
        meta.set("url", found.url, "the page's canonical address")
    meta.set("language", _language(tree), "the page's language attribute")
    return meta


def _language(tree: Any) -> str | None:
    """The primary language the page declares (``<html lang>``, Content-Language, og:locale)."""
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath(
            "//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
        ),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in candidates:
        if primary := primary_language(str(value or "")):
            return primary
    return None


def _blocks(body: Any) -> list[Block]:
    """trafilatura's body (``p``, ``head``, ``list``/``item``, ``quote``, in any nesting)
    as blocks, in document order."""
    blocks: list[Block] = []
    if body.text and body.text.strip():
        blocks.append(Block(_WS.sub(" ", body.text).strip()))
    for element in body:
        tag = element.tag
        if tag == "list":
            blocks += [_block(item, "item") for item in list(element.iter("item"))]
        elif tag in ("p", "head", "code") or (tag == "quote" and not _has_blocks(element)):
            blocks.append(_block(element, "heading" if tag == "head" else "paragraph"))
        elif tag == "table":
            blocks += [_block(row, "paragraph") for row in element.iter("row")]
        elif tag != "graphic":
            blocks += _blocks(element)
        if element.tail and element.tail.strip():
            blocks.append(Block(_WS.sub(" ", element.tail).strip()))
    return [block for block in blocks if block.text]


def _has_blocks(element: Any) -> bool:
    return any(child.tag in ("p", "head", "list", "quote", "code") for child in element)


def _block(element: Any, kind: BlockKind) -> Block:
    """One block: its words as the page has them, line breaks as spaces (a list item
    without the items of a list inside it, which are blocks of their own)."""
    parts: list[str] = []
    _text_into(element, parts, top=True)
    return Block(_WS.sub(" ", "".join(parts)).strip(), kind)


def _text_into(element: Any, parts: list[str], top: bool = False) -> None:
    if not top and element.tag == "list":
        return
    parts.append(element.text or "")
    for child in element:
        _text_into(child, parts)
        parts.append(" " if child.tag in ("lb", "cell") else "")
        parts.append(child.tail or "")


def _without_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The blocks without the headline that repeats the title (it goes in the front matter)."""
    if blocks and title and blocks[0].kind == "heading" and _same(blocks[0].text, title):
        return blocks[1:]
    return blocks


def _same(one: str, other: str) -> bool:
    return _WS.sub(" ", one).strip().casefold() == _WS.sub(" ", other).strip().casefold()


def _removed(tree: Any, blocks: list[Block], meta: Metadata) -> Counter[str]:
    """The page's lines left out of ``blocks``, counted by the part of the page they sat in."""
    kept = " ".join(block.text for block in blocks)
    known = {_WS.sub(" ", value).strip() for value in (meta.title, meta.author) if value}
    removed: Counter[str] = Counter()
    for text, owner in page_lines(tree):
        if text not in kept and text not in known:
            removed[_part(owner)] += 1
    return removed


def page_lines(tree: Any) -> list[tuple[str, Any]]:
    """Each line of text a browser would show, with the element it belongs to."""
    lines: list[tuple[str, Any]] = []
    body = tree.find(".//body")
    _walk(tree if body is None else body, tree, [], lines)
    return lines


def _walk(element: Any, owner: Any, buffer: list[str], lines: list[tuple[str, Any]]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _HIDDEN or not tag:
        return
    if tag in _BLOCKS:
        _flush(buffer, owner, lines)
        owner = element
    buffer.append(element.text or "")
    for child in element:
        _walk(child, owner, buffer, lines)
        buffer.append(child.tail or "")
    if tag in _BLOCKS:
        _flush(buffer, owner, lines)


def _flush(buffer: list[str], owner: Any, lines: list[tuple[str, Any]]) -> None:
    text = _WS.sub(" ", "".join(buffer)).strip()
    buffer.clear()
    if text:
        lines.append((text, owner))


def _part(element: Any) -> str:
    """What part of the page ``element`` is in: the nearest tag, role, id or class that says."""
    while element is not None and element.tag not in ("article", "main", "body"):
        words = " ".join(
            str(value)
            for value in (element.tag, element.get("role"), element.get("id"), element.get("class"))
            if value
        ).lower()
        for part, pattern in _PARTS:
            if pattern.search(words):
                return part
        element = element.getparent()
    return "other"
