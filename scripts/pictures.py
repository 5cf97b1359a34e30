"""Render pages of the built sample handouts to the PNG pictures used in the README."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SCALE = 90 / 72  # 90 dpi: readable on screen, small in the repository


def spread(pdf: Path, pages: list[int], out: Path) -> None:
    """Put the given pages side by side, with a thin gap, in one PNG."""
    document = pdfium.PdfDocument(pdf)
    images = [document[i].render(scale=SCALE).to_pil().convert("RGB") for i in pages]
    gap = 16
    width = sum(im.width for im in images) + gap * (len(images) + 1)
    height = max(im.height for im in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (210, 210, 210))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(out, optimize=True)
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    built = ROOT / "build" / "kirovabad-1988" / "kirovabad-1988-student.pdf"
    spread(built, [0, 1], ROOT / "docs" / "handout-pages.png")
