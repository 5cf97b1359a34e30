"""HTML handouts that stand alone: stylesheets, images and fonts inside the one file.

For posting to a learning platform, where a page cannot fetch anything beside it.
Every ``url()`` of the stylesheets is read through the same confinement as the PDF
renderer (files inside the workspace or the package; no network), checked by content
as the renderer checks it (images and SVGs by :mod:`.images`, fonts by their
signature, stylesheets by :mod:`.cssguard`; ``@import`` is refused) and written in as
a ``data:`` URI. Each page also carries a Content-Security-Policy that lets a browser
load nothing from outside it, whatever a template wrote. Fonts are first cut down to
the characters the page uses and compressed as WOFF2 (with fontTools, which WeasyPrint
already brings): a handout's fonts then weigh tens of kilobytes instead of megabytes.

A stylesheet is inlined once per build; its fonts are marked and filled in per page
by :func:`embed_fonts`, when the page's characters are known.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import tinycss2
from tinycss2 import ast

from lessonpress.confine import MAX_RESOURCE_BYTES, OutsideError, read_inside, resolve_inside
from lessonpress.errors import Refused
from lessonpress.model.images import FONT_SIGNATURES, FONT_SUFFIXES, image_type
from lessonpress.model.raster import BadImage
from lessonpress.model.svgcheck import decode_data_uri
from lessonpress.render.cssguard import check_stylesheet
from lessonpress.render.templating import Stylesheet

#: What a standalone page may load: only what is inside it.
CSP = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
_HEAD_RE = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_DOCTYPE_RE = re.compile(r"^\s*<!doctype[^>]*>", re.IGNORECASE)
_MARK = "lessonpress-font-"
_MARK_RE = re.compile(re.escape(_MARK) + r"(\d+)")


class UnsafeResource(Refused):
    """A ``url()`` the standalone page cannot carry (outside the workspace, or remote)."""

    def __init__(self, file: Path, message: str) -> None:
        super().__init__(message)
        self.file = file


@dataclass
class InlineCss:
    """Stylesheets with every resource inlined, fonts still to be filled in per page."""

    text: str
    fonts: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # everything read, for the manifest


def inline_stylesheets(sheets: list[Stylesheet], roots: list[Path]) -> InlineCss:
    """Join ``sheets``, each ``url()`` resolved from its own file and inlined."""
    found = InlineCss("")
    texts = []
    for sheet in sheets:
        deep = check_stylesheet(sheet.text)
        if deep is not None:
            raise UnsafeResource(sheet.path, f"cannot put it in the HTML: line {deep}")
        nodes = tinycss2.parse_component_value_list(sheet.text)
        try:
            _replace_urls(nodes, sheet.path.parent, roots, found)
        except (OutsideError, BadImage, ValueError) as exc:
            raise UnsafeResource(sheet.path, f"cannot put it in the HTML: {exc}") from None
        texts.append(tinycss2.serialize(nodes))
    found.text = "\n".join(texts)
    return found


def _replace_urls(nodes: list[ast.Node], base: Path, roots: list[Path], found: InlineCss) -> None:
    for index, node in enumerate(nodes):
        if isinstance(node, ast.AtKeywordToken) and node.lower_value == "import":
            raise ValueError("an HTML handout cannot follow @import (put the rules in custom.css)")
        url = None
        if isinstance(node, ast.URLToken):
            url = node.value
        elif isinstance(node, ast.FunctionBlock) and node.lower_name == "url":
            strings = [a for a in node.arguments if isinstance(a, ast.StringToken)]
            url = strings[0].value if strings else None
        if url is not None:
            data = _inline(url, base, roots, found)
            nodes[index] = ast.URLToken(node.source_line, node.source_column, data, f"url({data})")
            continue
        for children in (getattr(node, "content", None), getattr(node, "arguments", None)):
            if children:
                _replace_urls(children, base, roots, found)


def _inline(url: str, base: Path, roots: list[Path], found: InlineCss) -> str:
    if urlsplit(url).scheme.lower() == "data":
        mime, data = decode_data_uri(url)
        if mime.startswith("image/"):
            image_type(data)  # an SVG among them must refer only to itself
        return url
    path = resolve_inside(url, base, roots)  # refuses addresses and files outside
    data = read_inside(path, roots, MAX_RESOURCE_BYTES, url)
    found.files.append(path)
    if path.suffix.lower() in FONT_SUFFIXES:
        if not data.startswith(FONT_SIGNATURES):
            raise ValueError(f"'{url}' is not a TrueType, OpenType, WOFF or WOFF2 font")
        found.fonts.append(path)
        return f"{_MARK}{len(found.fonts) - 1}"
    mime = image_type(data)  # by content: a bad or hostile image is refused here
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def lock_down(page: str) -> str:
    """``page`` with a Content-Security-Policy that lets it load nothing from outside."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    head = _HEAD_RE.search(page)
    if head is not None:
        return page[: head.end()] + "\n" + meta + page[head.end() :]
    doctype = _DOCTYPE_RE.search(page)
    at = doctype.end() if doctype is not None else 0
    return page[:at] + meta + page[at:]


def embed_fonts(page: str, fonts: list[Path]) -> str:
    """Fill each font mark of ``page`` with the font, cut to the page's characters."""
    text = frozenset(page)
    return _MARK_RE.sub(lambda m: _font_uri(fonts[int(m[1])], text), page)


@functools.lru_cache(maxsize=64)
def _font_uri(path: Path, characters: frozenset[str]) -> str:
    from fontTools import subset  # noqa: PLC0415 - only HTML builds need it
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    font = TTFont(io.BytesIO(path.read_bytes()))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep kerning, ligatures and marks
    options.name_IDs = ["*"]  # keep the licence and copyright notices (OFL)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return f"data:font/woff2;base64,{base64.b64encode(out.getvalue()).decode('ascii')}"
