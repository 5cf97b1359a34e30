"""Excerpt line numbers as CSS: strips of digits drawn beside every Nth line.

Line numbers are the background of each ``.excerpt-text`` box, so they follow the
lines exactly as laid out, never change the layout and are not copied with the
text. Drawing a long strip of numbers for every box is slow, so the numbers are
composed from strips of digit outlines (from the bundled Noto Sans): units (repeating
every lcm(N, 10) lines), one strip per tens digit 1-9 (each repeating every
lcm(N, 100) lines, holding only the numbers with that tens digit) and hundreds (with
the tens "0" of 100, 105, ...; lines 100 to 500, needed only by long excerpts).
:func:`number_css` makes them, as ``data:`` URIs in CSS, drawn in "line units" and
scaled by the stylesheet to the excerpt's line height.

Continuing the numbers across pages and dropping the strips a box does not need
take the finished layout: :mod:`lessonpress.render.weasy.numbering` does both.
"""

from __future__ import annotations

import functools
import math
import re
from urllib.parse import quote

from lessonpress.confine import PACKAGE_DIR

EXCERPT_CLASS = "excerpt-text"
#: A mark inside the hundreds strip's SVG, so layout code can tell its layer apart.
HUNDREDS_MARK = "lessonpress-hundreds"
#: The mark of a tens strip: its tens digit and the numbering's step.
TENS_MARK = "lessonpress-tens-{digit}-every-{every}"
#: Finds a tens strip's mark (its digit and step) in the strip's URL.
TENS_RE = re.compile(r"lessonpress-tens-(\d)-every-(\d+)")

FONT = PACKAGE_DIR / "fonts" / "NotoSans-Regular.ttf"
LAST_LINE = 500  # the hundreds strip numbers lines up to this one
WIDTH = 1.7  # a strip's width, in lines (the gutter left of the text)
GAP = 0.35  # space between a number and the text, in lines
DIGIT_SIZE = 0.48  # the digits' em size, in lines (7.5 pt on a 15.5 pt line)
# Where the baseline sits within a line, as a fraction of the line height: the body
# text's baseline (Noto Serif at 11 pt on 15.5 pt lines).
BASELINE = 0.775
_COLUMN = {"units": 0, "tens": 1, "hundreds": 2}


@functools.cache
def _digits() -> tuple[dict[str, str], float]:
    """SVG path data (in em units, y down) of the digits 0-9, and the widest advance."""
    from fontTools.pens.svgPathPen import SVGPathPen  # noqa: PLC0415 - only when rendering
    from fontTools.pens.transformPen import TransformPen  # noqa: PLC0415
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    font = TTFont(FONT)
    glyph_set, cmap = font.getGlyphSet(), font.getBestCmap()
    units = font["head"].unitsPerEm
    paths, widest = {}, 0.0
    for digit in "0123456789":
        glyph = glyph_set[cmap[ord(digit)]]
        pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.4g}")
        # Scale to 1 em and flip y: font outlines point up, SVG's y axis points down.
        glyph.draw(TransformPen(pen, (1 / units, 0, 0, -1 / units, 0, 0)))
        paths[digit] = pen.getCommands()
        widest = max(widest, glyph.width / units)
    return paths, widest


def _strip(lines: int, placements: list[tuple[int, str, str]], mark: str = "") -> str:
    """An SVG strip ``lines`` lines tall with digits (line, digit, column) right-aligned."""
    paths, column = _digits()
    uses = []
    for line, digit, kind in placements:
        x = WIDTH - GAP - (_COLUMN[kind] + 1) * column * DIGIT_SIZE
        y = line - 1 + BASELINE
        uses.append(
            f'<use href="#d{digit}" transform="translate({x:.4f} {y:.4f}) scale({DIGIT_SIZE})"/>'
        )
    defs = "".join(f'<path id="d{d}" d="{paths[d]}"/>' for d in sorted({p[1] for p in placements}))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{lines}" '
        f'viewBox="0 0 {WIDTH} {lines}"><!--{mark}--><defs>{defs}</defs>'
        f'<g fill="#555555">{"".join(uses)}</g></svg>'
    )


@functools.cache
def number_css(every: int) -> str:
    """CSS drawing a number beside every ``every``-th excerpt line (none for 0)."""
    if every == 0:
        return ".excerpt-text { background-image: none; padding-left: 3mm; }\n"
    units_period, tens_period = math.lcm(every, 10), math.lcm(every, 100)
    units = [(n, str(n % 10), "units") for n in range(every, units_period + 1, every)]
    tens: dict[int, list[tuple[int, str, str]]] = {}
    for n in range(every, tens_period + 1, every):
        if n % 100 >= 10:
            tens.setdefault(n // 10 % 10, []).append((n, str(n // 10 % 10), "tens"))
    hundreds: list[tuple[int, str, str]] = []
    for n in range(every, LAST_LINE + 1, every):
        if n >= 100:
            hundreds.append((n, str(n // 100 % 10), "hundreds"))
            if n // 10 % 10 == 0:
                hundreds.append((n, "0", "tens"))
    strips = [
        (_strip(units_period, units), units_period, "repeat-y"),
        *(
            (
                _strip(tens_period, tens[digit], TENS_MARK.format(digit=digit, every=every)),
                tens_period,
                "repeat-y",
            )
            for digit in sorted(tens)
        ),
        (_strip(LAST_LINE, hundreds, HUNDREDS_MARK), LAST_LINE, "no-repeat"),
    ]
    images = ", ".join(f'url("data:image/svg+xml,{quote(svg, safe="")}")' for svg, _, _ in strips)
    sizes = ", ".join(f"auto calc({lines} * var(--excerpt-line))" for _, lines, _ in strips)
    repeats = ", ".join(repeat for _, _, repeat in strips)
    return (
        f".excerpt-text {{ background-image: {images}; background-size: {sizes}; "
        f"background-repeat: {repeats}; background-position: 0 0; }}\n"
    )
