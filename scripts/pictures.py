"""Page pictures: the reference pages of the visual tests, and the pictures in the docs.

    .venv/bin/python scripts/pictures.py          # everything (scripts/pictures runs this)
    .venv/bin/python scripts/pictures.py pages    # only tests/pages/, the reference pages

Both come from one fresh build of the sample lessons in a scratch copy of the workspace:

- ``tests/pages/<lesson>-<handout>-<n>.png``: every page of every sample handout, in 16
  shades of grey at 40 dpi. ``tests/test_pages.py`` renders the same pages the same way and compares
  them with these, within a tolerance; run this after a change that is meant to alter
  the pages, look at the new pictures, and commit them with the change.
- ``docs/*.png``: the README's page pictures, and those of the how-to pages (made by
  following each page's steps, see ``scripts/docsteps.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages"
SCALE = 90 / 72  # docs pictures: 90 dpi, readable on screen, small in the repository
PAGE_SCALE = 40 / 72  # reference pages: enough to see layout, line breaks and boxes
#: The handouts of each sample lesson the reference pages cover.
HANDOUTS = ("student", "teacher")
WORKSPACE_PARTS = ("lessons", "content", "templates", "lessonpress.yaml")


def build_samples(dest: Path, *args: str) -> Path:
    """Copy the repository's workspace to ``dest``, build every lesson there; ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in WORKSPACE_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy(source, dest / name)
    command = [sys.executable, "-m", "lessonpress", "--root", str(dest), "build", "-q", *args]
    subprocess.run(command, check=True, cwd=dest)
    return dest


def lessons() -> list[str]:
    """The sample lessons' ids."""
    return sorted(p.stem for p in (ROOT / "lessons").glob("*.yaml"))


def render_pages(pdf: Path, scale: float, indexes: list[int] | None = None) -> list[Image.Image]:
    """Pages of ``pdf`` (all, or those of ``indexes``, from 0; negative from the end) as
    RGB pictures, the document opened once."""
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        chosen = range(count) if indexes is None else [i % count for i in indexes]
        return [document[i].render(scale=scale).to_pil().convert("RGB") for i in chosen]
    finally:
        document.close()


def reference_pages(pdf: Path) -> list[Image.Image]:
    """Every page as the visual tests see it: 16 shades of grey, at 40 dpi."""
    grey = [page.convert("L") for page in render_pages(pdf, PAGE_SCALE)]
    return [page.point(lambda value: value // 16 * 17) for page in grey]


def save_reference(image: Image.Image, path: Path) -> None:
    """Save a reference page small: its 16 shades as a 4-bit palette."""
    palette = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    palette.save(path, optimize=True, bits=4)


def reference_name(lesson: str, handout: str, index: int) -> str:
    """``kirovabad-1988-student-1.png``: pages numbered from 1."""
    return f"{lesson}-{handout}-{index + 1}.png"


@dataclass(frozen=True)
class Difference:
    """How two pictures of a page differ."""

    size_differs: bool
    changed: float  # the share of pixels that differ by more than a quarter of the range
    mean: float  # the mean difference, 0-255

    def within(self, changed: float = 0.002, mean: float = 1.0) -> bool:
        """Whether the pictures are the same page, allowing for anti-aliasing."""
        return not self.size_differs and self.changed <= changed and self.mean <= mean


def compare(expected: Image.Image, actual: Image.Image) -> Difference:
    """How ``actual`` differs from ``expected`` (both grey)."""
    if expected.size != actual.size:
        return Difference(True, 1.0, 255.0)
    diff = ImageChops.difference(expected, actual)
    histogram = diff.histogram()
    pixels = expected.size[0] * expected.size[1]
    changed = sum(histogram[64:]) / pixels
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels
    return Difference(False, changed, mean)


def write_reference_pages(build: Path) -> None:
    """Every page of every sample handout in ``build`` to tests/pages/, replacing the old."""
    PAGES.mkdir(parents=True, exist_ok=True)
    for old in PAGES.glob("*.png"):
        old.unlink()
    for lesson in lessons():
        for handout in HANDOUTS:
            pdf = build / lesson / f"{lesson}-{handout}.pdf"
            for index, page in enumerate(reference_pages(pdf)):
                save_reference(page, PAGES / reference_name(lesson, handout, index))
    print(f"wrote {len(list(PAGES.glob('*.png')))} pages to {PAGES.relative_to(ROOT)}")


def spread(pdfs: list[tuple[Path, int]], out: Path) -> None:
    """Put the given pages (pdf, index) side by side, with a thin gap, in one PNG."""
    images = [render_pages(pdf, SCALE, [index])[0] for pdf, index in pdfs]
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
    [image] = render_pages(pdf, SCALE, [page if page < 0 else page - 1])
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


def docs_pictures(build: Path) -> None:
    """The README's pictures of sample handouts, from ``build``."""

    def pdf(lesson: str, handout: str = "student") -> Path:
        return build / lesson / f"{lesson}-{handout}.pdf"

    docs = ROOT / "docs"
    spread([(pdf("kirovabad-1988"), 0), (pdf("kirovabad-1988"), 1)], docs / "handout-pages.png")
    spread(
        [(pdf("baku-1990-memory-ru"), 1), (pdf("baku-1990-memory-hy"), 2)],
        docs / "handout-languages.png",
    )
    spread(
        [
            (pdf("kirovabad-1988", "student-large-print"), 2),
            (pdf("kirovabad-1988", "student-large-print"), 4),
        ],
        docs / "handout-large-print.png",
    )
    page_pictures("customizing.md")
    page_pictures("first-lesson.md")


def main() -> None:
    """Build the samples once, then write the reference pages and (unless 'pages') the docs'."""
    with tempfile.TemporaryDirectory() as scratch:
        build = build_samples(Path(scratch) / "ws", "--large-print") / "build"
        write_reference_pages(build)
        if sys.argv[1:] != ["pages"]:
            docs_pictures(build)


if __name__ == "__main__":
    main()
