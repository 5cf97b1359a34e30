"""Render pages of the built sample handouts to the PNG pictures used in the README."""

from __future__ import annotations

import sys
import tempfile
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


def crop(pdf: Path, page: int, top: float, bottom: float, out: Path) -> None:
    """One page (negative: from the end), cut from ``top`` to ``bottom`` of its height."""
    document = pdfium.PdfDocument(pdf)
    index = len(document) + page if page < 0 else page - 1
    image = document[index].render(scale=SCALE).to_pil().convert("RGB")
    box = (0, int(image.height * top), image.width, int(image.height * bottom))
    framed = Image.new("RGB", (image.width + 2, box[3] - box[1] + 2), (160, 160, 160))
    framed.paste(image.crop(box), (1, 1))
    out.parent.mkdir(parents=True, exist_ok=True)
    framed.save(out, optimize=True)
    print(f"wrote {out.relative_to(ROOT)}")


def page_pictures(page: str) -> None:
    """Follow a how-to page of docs/ in a scratch folder, taking each picture it asks for."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from docsteps import Picture, run_page  # noqa: PLC0415

    def take(picture: Picture, workspace: Path) -> None:
        pdf = workspace / "build" / picture.lesson / f"{picture.lesson}-student.pdf"
        crop(pdf, picture.page, picture.top, picture.bottom, ROOT / "docs" / picture.out)

    with tempfile.TemporaryDirectory() as home:
        run_page(ROOT / "docs" / page, ROOT, Path(home), take)


if __name__ == "__main__":
    built = ROOT / "build" / "kirovabad-1988" / "kirovabad-1988-student.pdf"
    spread(built, [0, 1], ROOT / "docs" / "handout-pages.png")
    page_pictures("customizing.md")
    page_pictures("first-lesson.md")
