"""The page as the stylesheets in use lay it out: the measures the side-by-side estimate needs.

:mod:`lessonpress.render.layout` estimates whether a pair's excerpts fit side by side
from a few measures of the page. They are read here, with tinycss2, from the stylesheets
a handout is rendered with, in their order (the built-in ``handout.css`` or the
workspace's own, the settings' stylesheet, then ``custom.css``). So every number has one
home, the stylesheet, and a ``custom.css`` that changes one changes the estimate:

- the paper and its margins: ``size`` and ``margin`` of ``@page`` (the rule without a
  page name or ``:first``);
- the space between the two documents: the padding of
  ``.documents.side-by-side > .document:first-child`` and ``...:last-child``;
- the excerpt box: the side paddings and borders of ``.excerpt``, and the side paddings
  of ``.excerpt-text`` (the line-number strip);
- the excerpt text: ``font-size`` and ``line-height`` of ``.excerpt-text p``, with the
  custom properties of ``:root`` and ``html`` (``--font-size``, ``--excerpt-line``).

A rule is read when its selector is one of these, as written here; its last declaration
wins (an ``!important`` one over the others). Values may be lengths (mm, cm, in, pt, pc,
px, Q), ``var()``, and ``calc()`` of a number and a length; a line height may also be a
number. A declaration of these properties with any other value is reported, at its line,
and the estimate goes on as if it were not there. The font is not read: the estimate
counts characters at the width of the built-in serif.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import tinycss2

from lessonpress.errors import Pos, Problem
from lessonpress.render.cssvalues import POINTS, in_points, significant, substitute
from lessonpress.render.templating import Stylesheet

#: Paper sizes by name (portrait), in millimetres.
PAPER_MM = {
    "a5": (148.0, 210.0),
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "b5": (176.0, 250.0),
    "b4": (250.0, 353.0),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "ledger": (279.4, 431.8),
}
_BORDER_WIDTHS = {"thin": 0.75, "medium": 2.25, "thick": 3.75}
_BORDER_STYLES = {"none", "hidden", "dotted", "dashed", "solid", "double", "groove", "ridge"}
_BORDER_STYLES |= {"inset", "outset"}
_NO_BORDER = {"none", "hidden"}
_SIDES = ("top", "right", "bottom", "left")
_ACROSS = ("left", "right")

PAGE = "@page"
FIRST = ".documents.side-by-side > .document:first-child"
LAST = ".documents.side-by-side > .document:last-child"
BOX = ".excerpt"
TEXT = ".excerpt-text"
LINE = ".excerpt-text p"
_ROOTS = {":root", "html"}
#: The properties read, by selector.
READ = {
    PAGE: {"size", "margin", *(f"margin-{side}" for side in _SIDES)},
    FIRST: {"padding", "padding-left", "padding-right"},
    LAST: {"padding", "padding-left", "padding-right"},
    BOX: {"padding", "padding-left", "padding-right", "border", "border-width"}
    | {f"border-{side}{part}" for side in _ACROSS for part in ("", "-width")},
    TEXT: {"padding", "padding-left", "padding-right"},
    LINE: {"font-size", "line-height"},
}
#: A line height is a length or a factor of the text size, whichever came last.
_EITHER = {"line-height": "line-height-factor", "line-height-factor": "line-height"}
_COMBINATOR_RE = re.compile(r"\s*([>+~])\s*")


@dataclass(frozen=True)
class Page:
    """The measures of a handout page that decide how much excerpt text a column holds,
    in points."""

    paper: tuple[float, float]  # width, height
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    document_padding: float  # left and right, of the more padded of the two documents
    box: float  # the excerpt box's side paddings and borders
    strip: float  # the excerpt text's side paddings: the line-number strip
    font_size: float
    line_height: float

    def text_width(self) -> float:
        """How wide an excerpt's lines are in one column of a side-by-side pair."""
        body = self.paper[0] - self.margins[1] - self.margins[3]
        return body / 2 - self.document_padding - self.box - self.strip

    def body_height(self) -> float:
        """How tall the space between the top and bottom margins is."""
        return self.paper[1] - self.margins[0] - self.margins[2]


@dataclass(frozen=True)
class Measured:
    """The page the stylesheets lay out, and the declarations that could not be read."""

    page: Page
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Declared:
    """One declaration of a rule that is read, with where it is."""

    selector: str
    name: str
    value: list[Any]
    important: bool
    sheet: Stylesheet
    pos: Pos


@functools.lru_cache(maxsize=16)
def measure(sheets: tuple[Stylesheet, ...]) -> Measured:
    """The page ``sheets`` lay out, read as the module says."""
    declared = list(_declarations(sheets))
    custom = {d.name: d.value for d in declared if d.selector in _ROOTS}
    values: dict[tuple[str, str], tuple[float, bool]] = {}
    problems = []
    for item in declared:
        if item.name not in READ.get(item.selector, ()):
            continue
        found = _longhands(item.name, substitute(item.value, custom))
        if found is None:
            problems.append(_unreadable(item))
            continue
        for name, number in found.items():
            key = (item.selector, name)
            if item.important or not values.get(key, (0.0, False))[1]:
                values[key] = (number, item.important)
                values.pop((item.selector, _EITHER.get(name, "")), None)
    return Measured(_page({key: number for key, (number, _) in values.items()}), tuple(problems))


def _declarations(sheets: Sequence[Stylesheet]) -> Iterator[_Declared]:
    """The declarations of the rules read and of ``:root`` and ``html``, in order."""
    for sheet in sheets:
        for rule in tinycss2.parse_stylesheet(sheet.text, skip_comments=True, skip_whitespace=True):
            for selector in _selectors(rule):
                if selector not in READ and selector not in _ROOTS:
                    continue
                for item in tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                ):
                    if item.type == "declaration":
                        custom = item.name.startswith("--")  # case-sensitive
                        name = item.name if custom else item.lower_name
                        pos = Pos(item.source_line, item.source_column)
                        yield _Declared(selector, name, item.value, item.important, sheet, pos)


def _selectors(rule: Any) -> list[str]:
    """The selectors of a rule, spaced as :data:`READ` writes them; ``@page`` for a page
    rule without name or pseudo-class; none for other at-rules."""
    if rule.type == "at-rule":
        unnamed = rule.lower_at_keyword == "page" and not tinycss2.serialize(rule.prelude).strip()
        return [PAGE] if unnamed and rule.content is not None else []
    if rule.type != "qualified-rule":
        return []
    text = tinycss2.serialize(rule.prelude)
    return [" ".join(_COMBINATOR_RE.sub(r" \1 ", part).split()) for part in text.split(",")]


def _longhands(name: str, tokens: list[Any]) -> dict[str, float] | None:
    """What a declaration sets, in points (a line height may be a factor of the text
    size: ``line-height-factor``); ``None`` if it cannot be read."""
    parts = significant(tokens)
    if name == "size":
        return _size(parts)
    if name in ("margin", "padding", "border-width"):
        return _four(name, parts)
    if name.startswith("border"):
        return _border(name, parts)
    if name == "line-height" and len(parts) == 1 and parts[0].type == "number":
        return {"line-height-factor": float(parts[0].value)}
    length = in_points(parts[0]) if len(parts) == 1 else None
    return None if length is None else {name: length}


def _four(name: str, parts: list[Any]) -> dict[str, float] | None:
    """``margin``, ``padding`` or ``border-width``: one to four lengths (top, right,
    bottom, left; a missing one is its opposite's)."""
    lengths = [in_points(part) for part in parts]
    if not 1 <= len(lengths) <= 4 or None in lengths:
        return None
    while len(lengths) < 4:
        lengths.append(lengths[max(0, len(lengths) - 2)])
    prefix, suffix = name.split("-", maxsplit=1)[0], "-width" if name == "border-width" else ""
    return {f"{prefix}-{side}{suffix}": lengths[i] or 0.0 for i, side in enumerate(_SIDES)}


def _border(name: str, parts: list[Any]) -> dict[str, float] | None:
    """``border``, ``border-left`` ... (width, style and colour in any order; no style
    or ``none`` draws none) and ``border-left-width`` ... as the side widths they leave."""
    if name.endswith("-width"):
        width = in_points(parts[0]) if len(parts) == 1 else None
        return None if width is None else {name: width}
    widths = [_border_width(part) for part in parts]
    given = [w for w in widths if w is not None]
    styles = [p.lower_value for p in parts if p.type == "ident" and p.lower_value in _BORDER_STYLES]
    if len(given) > 1 or len(styles) > 1:
        return None
    drawn = bool(styles) and styles[0] not in _NO_BORDER
    width = (given[0] if given else _BORDER_WIDTHS["medium"]) if drawn else 0.0
    sides = _ACROSS if name == "border" else (name.removeprefix("border-"),)
    return {f"border-{side}-width": width for side in sides}


def _border_width(token: Any) -> float | None:
    """A border width: a length or thin, medium, thick."""
    if token.type == "ident":
        return _BORDER_WIDTHS.get(token.lower_value)
    return in_points(token)


def _size(parts: list[Any]) -> dict[str, float] | None:
    """``size``: a paper name or one or two lengths, then perhaps an orientation."""
    words = [p.lower_value for p in parts if p.type == "ident"]
    orientation = words.pop() if words and words[-1] in ("portrait", "landscape") else None
    lengths = [in_points(p) for p in parts if p.type != "ident"]
    if words and not lengths and len(words) == 1 and words[0] in PAPER_MM:
        width, height = (side * POINTS["mm"] for side in PAPER_MM[words[0]])
    elif not words and len(lengths) in (1, 2) and None not in lengths:
        width, height = lengths[0] or 0.0, lengths[-1] or 0.0
    else:
        return None
    if orientation is not None and (width > height) != (orientation == "landscape"):
        width, height = height, width
    return {"width": width, "height": height}


def _unreadable(item: _Declared) -> Problem:
    """The warning for a declaration the estimate cannot read."""
    value = tinycss2.serialize(item.value).strip()
    return Problem(
        item.sheet.path,
        item.pos,
        None,
        f"the side-by-side estimate cannot read '{item.name}: {value}' of {item.selector} "
        "and leaves it out",
        "write lengths such as 20mm, or give a pair that does not fit layout: stacked",
        severity="warning",
    )


def _page(values: dict[tuple[str, str], float]) -> Page:
    """The page from the values read; what no stylesheet sets is CSS's initial value
    (WeasyPrint's A4 and 75px margins for the page)."""

    def get(selector: str, name: str, default: float = 0.0) -> float:
        return values.get((selector, name), default)

    a4 = tuple(side * POINTS["mm"] for side in PAPER_MM["a4"])
    margin = 75 * POINTS["px"]
    font_size = get(LINE, "font-size", 12.0)
    return Page(
        paper=(get(PAGE, "width", a4[0]), get(PAGE, "height", a4[1])),
        margins=(
            get(PAGE, "margin-top", margin),
            get(PAGE, "margin-right", margin),
            get(PAGE, "margin-bottom", margin),
            get(PAGE, "margin-left", margin),
        ),
        document_padding=max(
            get(FIRST, "padding-left") + get(FIRST, "padding-right"),
            get(LAST, "padding-left") + get(LAST, "padding-right"),
        ),
        box=sum(
            get(BOX, f"padding-{s}") + get(BOX, f"border-{s}-width") for s in ("left", "right")
        ),
        strip=get(TEXT, "padding-left") + get(TEXT, "padding-right"),
        font_size=font_size,
        line_height=get(LINE, "line-height", get(LINE, "line-height-factor", 1.2) * font_size),
    )
