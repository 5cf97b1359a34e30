"""Make the excerpt line-number strips in src/lessonpress/templates/line-numbers-*.svg.

The handout draws an excerpt's line numbers (5, 10, 15, ...) as the background of
its text box, so they follow the text exactly as laid out, never change the
layout, and are not copied with the text. Drawing a long strip of numbers for
every box made builds four times slower, so the numbers are composed from three
strips, one per digit column:

- units: "5" on line 5 and "0" on line 10, repeated every 10 lines;
- tens: "1" on lines 10 and 15, "2" on 20 and 25, ... "9" on 95, repeated every 100 lines;
- hundreds: the hundreds digit (and the tens "0" of 100, 105, 200, ...) for lines 100-495,
  drawn only for excerpts that reach line 100 (lessonpress.linenumbers drops it otherwise).

Strips are drawn in "line units" (one unit is one line of excerpt text), so the
stylesheet scales them to the excerpt's line height with background-size. Digits
are glyph outlines from the bundled Noto Sans, not text.

Run after changing the font or the constants below:
    .venv/bin/python scripts/make_line_numbers.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "src" / "lessonpress" / "fonts" / "NotoSans-Regular.ttf"
TEMPLATES = ROOT / "src" / "lessonpress" / "templates"

EVERY = 5  # a number on every fifth line
LONGEST = 495  # the last line the hundreds strip numbers
WIDTH = 1.7  # a strip's width, in lines (the gutter left of the text)
GAP = 0.35  # space between a number and the text, in lines
DIGIT_SIZE = 0.48  # the digits' em size, in lines (7.5 pt on a 15.5 pt line)
# Where a line's baseline sits within it, as a fraction of the line height: the
# body text's baseline (Noto Serif at 11 pt on 15.5 pt lines).
BASELINE = 0.775

Placement = tuple[int, str, int]  # (line, digit, column: 0 units, 1 tens, 2 hundreds)


def digit_paths(font: TTFont) -> tuple[dict[str, str], float]:
    """SVG path data (in em units, y down) of the digits 0-9, and the widest advance."""
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    paths, widest = {}, 0.0
    for digit in "0123456789":
        name = cmap[ord(digit)]
        pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.4g}")
        # Scale to 1 em and flip y: font outlines point up, SVG's y axis points down.
        glyph_set[name].draw(TransformPen(pen, (1 / units, 0, 0, -1 / units, 0, 0)))
        paths[digit] = pen.getCommands()
        widest = max(widest, glyph_set[name].width / units)
    return paths, widest


def strip(lines: int, placements: list[Placement], paths: dict[str, str], column: float) -> str:
    """One strip of ``lines`` lines with the given digits placed right-aligned by column."""
    uses = []
    for line, digit, slot in placements:
        x = WIDTH - GAP - (slot + 1) * column * DIGIT_SIZE
        y = line - 1 + BASELINE
        uses.append(
            f'<use href="#d{digit}" transform="translate({x:.4f} {y:.4f}) scale({DIGIT_SIZE})"/>'
        )
    used = sorted({digit for _, digit, _ in placements})
    defs = "".join(f'<path id="d{d}" d="{paths[d]}"/>' for d in used)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{lines}" '
        f'viewBox="0 0 {WIDTH} {lines}">'
        "<!-- Made by scripts/make_line_numbers.py from Noto Sans (SIL OFL 1.1). -->"
        f'<defs>{defs}</defs><g fill="#555555">{"".join(uses)}</g></svg>\n'
    )


def main() -> None:
    """Write the three strips."""
    paths, column = digit_paths(TTFont(FONT))
    units = [(EVERY, "5", 0), (2 * EVERY, "0", 0)]
    tens = [(n, str(n // 10), 1) for n in range(10, 100, EVERY)]
    hundreds: list[Placement] = []
    for n in range(100, LONGEST + 1, EVERY):
        hundreds.append((n, str(n // 100), 2))
        if (n // 10) % 10 == 0:
            hundreds.append((n, "0", 1))
    for name, lines, placements in [
        ("units", 10, units),
        ("tens", 100, tens),
        ("hundreds", LONGEST + EVERY, hundreds),
    ]:
        out = TEMPLATES / f"line-numbers-{name}.svg"
        out.write_text(strip(lines, placements, paths, column), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
