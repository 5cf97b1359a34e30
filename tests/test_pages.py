"""Visual regression: every page of every sample handout looks as its reference picture.

The references are ``tests/pages/*.png``, made by ``scripts/pictures`` (or
``scripts/pictures pages`` for these alone) from the same build and the same rendering
as below. After a change meant to alter the pages, run it, look at the new pictures and
commit them with the change. A page that differs is saved, with a picture of the
difference, in this test's temporary folder, named in the failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pictures import HANDOUTS, PAGES, compare, lessons, reference_name, reference_pages
from PIL import Image, ImageChops

CASES = [(lesson, handout) for lesson in lessons() for handout in HANDOUTS]


def test_every_reference_page_belongs_to_a_sample_handout() -> None:
    names = {p.name for p in PAGES.glob("*.png")}
    prefixes = tuple(f"{lesson}-{handout}-" for lesson, handout in CASES)
    assert names and all(name.startswith(prefixes) for name in names)


@pytest.mark.parametrize(("lesson", "handout"), CASES)
def test_the_pages_look_as_their_references(
    sample_build: Path, tmp_path: Path, lesson: str, handout: str
) -> None:
    pdf = sample_build / lesson / f"{lesson}-{handout}.pdf"
    expected = sorted(PAGES.glob(f"{lesson}-{handout}-*.png"))
    pages = reference_pages(pdf)
    assert len(pages) == len(expected), "the handout has a different number of pages"
    changed = []
    for index, actual in enumerate(pages):
        name = reference_name(lesson, handout, index)
        with Image.open(PAGES / name) as reference:
            difference = compare(reference.convert("L"), actual)
            if not difference.within():
                actual.save(tmp_path / name)
                if not difference.size_differs:
                    diff = ImageChops.difference(reference.convert("L"), actual)
                    diff.save(tmp_path / f"diff-{name}")
                changed.append(f"{name} ({difference})")
    assert not changed, f"pages differ (new pictures in {tmp_path}): " + ", ".join(changed)
