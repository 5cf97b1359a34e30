"""Markdown in lesson fields and source texts.

CommonMark through markdown-it-py with raw HTML switched off, so ``<script>``
typed in a lesson prints as text. Links may point to ``http(s):`` and
``mailto:`` addresses only (they are never fetched). Images must be files
inside the workspace with alt text; they are embedded as ``data:`` URIs, so
the renderer never needs to open them itself. Headings are shifted down two
levels to sit under the handout's own ``h1``/``h2``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from lessonpress.errors import Pos, Problems
from lessonpress.model.images import embed
from lessonpress.model.raster import BadImage

_LINK_SCHEMES = ("http://", "https://", "mailto:")
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@dataclass(frozen=True)
class FieldContext:
    """Where a Markdown value came from, for resolving images and reporting problems."""

    file: Path
    pos: Pos
    field: str
    roots: list[Path]
    read: set[Path] = dataclasses.field(default_factory=set)  # images embedded


def render(text: str, ctx: FieldContext, problems: Problems) -> Markup:
    """Render Markdown to safe HTML, recording problems with links and images."""
    tokens = _md.parse(text)
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1:])
            token.tag = f"h{min(level + 2, 6)}"
        for child in token.children or ():
            if child.type == "link_open":
                _check_link(child, ctx, problems)
            elif child.type == "image":
                _embed_image(child, ctx, problems)
    html = _md.renderer.render(tokens, _md.options, {})
    return Markup(html)


def plain_blocks(text: str) -> list[str]:
    """The text of each paragraph, heading and list item, without Markdown markup."""
    return [_plain_inline(token) for token in _md.parse(text) if token.type == "inline"]


def _plain_inline(token: Token) -> str:
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out).strip()


def _check_link(token: Token, ctx: FieldContext, problems: Problems) -> None:
    href = str(token.attrGet("href") or "")
    if not href.lower().startswith(_LINK_SCHEMES):
        problems.error(
            ctx.file,
            ctx.pos,
            ctx.field,
            f"link to '{href}' is not allowed",
            "links may point to http://, https:// or mailto: addresses",
        )
        token.attrSet("href", "")


def _embed_image(token: Token, ctx: FieldContext, problems: Problems) -> None:
    src = str(token.attrGet("src") or "")
    if not token.content.strip():
        problems.error(
            ctx.file,
            ctx.pos,
            ctx.field,
            f"image '{src}' has no alt text",
            "describe the image for screen readers: ![a map of the region](map.png)",
        )
    try:
        token.attrSet("src", embed(src, ctx.file.parent, ctx.roots, ctx.read))
    except BadImage as exc:
        problems.error(ctx.file, ctx.pos, ctx.field, f"image '{src}' {exc}")
        token.attrSet("src", "")


def render_optional(text: str | None, ctx: FieldContext, problems: Problems) -> Markup | None:
    """:func:`render` for optional fields."""
    return None if text is None else render(text, ctx, problems)
