"""Make src/lessonpress/templates/line-numbers.svg: the excerpt line numbers 5, 10, 15, ...

The handout draws an excerpt's line numbers as the background of its text box, so
they follow the text exactly as laid out, never change the layout, and are not
copied with the text. The strip is drawn in "line units" (one unit is one line
of excerpt text), so the stylesheet scales it to the excerpt's line height with
background-size. Digits are glyph outlines from the bundled Noto Sans, not text.

Run after changing the font or the layout constants below:
    .venv/bin/python scripts/make_line_numbers.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "src" / "lessonpress" / "fonts" / "NotoSans-Regular.ttf"
OUT = ROOT / "src" / "lessonpress" / "templates" / "line-numbers.svg"

EVERY = 5  # a number on every fifth line
LINES = 600  # the longest excerpt numbered, in lines
WIDTH = 1.7  # the strip's width, in lines (the gutter left of the text)
GAP = 0.35  # space between a number and the text, in lines
DIGIT_SIZE = 0.48  # the digits' em size, in lines (7.5 pt on a 15.5 pt line)
# Where a line's baseline sits within it, as a fraction of the line height: the
# body text's baseline (Noto Serif at 11 pt on 15.5 pt lines).
BASELINE = 0.775


def digit_paths(font: TTFont) -> tuple[dict[str, str], dict[str, float]]:
    """SVG path data (in em units, y down) and advance widths of the digits 0-9."""
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    paths, advances = {}, {}
    for digit in "0123456789":
        name = cmap[ord(digit)]
        pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.4g}")
        # Scale to 1 em and flip y: font outlines point up, SVG's y axis points down.
        glyph_set[name].draw(TransformPen(pen, (1 / units, 0, 0, -1 / units, 0, 0)))
        paths[digit] = pen.getCommands()
        advances[digit] = glyph_set[name].width / units
    return paths, advances


def main() -> None:
    """Write the strip."""
    paths, advances = digit_paths(TTFont(FONT))
    uses = []
    for number in range(EVERY, LINES + 1, EVERY):
        text = str(number)
        x = WIDTH - GAP - sum(advances[d] for d in text) * DIGIT_SIZE
        y = number - 1 + BASELINE
        for digit in text:
            uses.append(
                f'<use href="#d{digit}" transform="translate({x:.4f} {y:.4f}) '
                f'scale({DIGIT_SIZE})"/>'
            )
            x += advances[digit] * DIGIT_SIZE
    defs = "".join(f'<path id="d{d}" d="{p}"/>' for d, p in paths.items())
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{LINES}" '
        f'viewBox="0 0 {WIDTH} {LINES}">'
        f"<!-- Made by scripts/make_line_numbers.py from Noto Sans (SIL OFL 1.1). -->"
        f'<defs>{defs}</defs><g fill="#555555">{"".join(uses)}</g></svg>\n'
    )
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(svg):,} bytes)")


if __name__ == "__main__":
    main()
