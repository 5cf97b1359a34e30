"""Keeping excerpt line numbers counting when an excerpt runs onto the next page.

The stylesheet draws line numbers as the background of each ``.excerpt-text``
box (``templates/line-numbers.svg``, one number every five lines, scaled to the
line height), so they follow the lines exactly as laid out. WeasyPrint paints a
box's background afresh on every page the box spans, which would restart the
numbering at 5 on a continuation page. :func:`continue_numbering` runs between
layout and drawing and shifts each continuation's background up by the lines
already printed, so the count carries on.

It reads WeasyPrint's laid-out box tree, which is not a public API; it checks
every attribute it uses and leaves the page untouched if they are missing
(a test renders a split excerpt to catch a WeasyPrint change).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

EXCERPT_CLASS = "excerpt-text"


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _is_excerpt(box: Any) -> bool:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) != "div":
        return False
    return EXCERPT_CLASS in (element.get("class") or "").split()


def _lines(box: Any) -> list[Any]:
    return [b for b in _boxes(box) if type(b).__name__ == "LineBox"]


def continue_numbering(document: Any) -> int:
    """Shift the numbering of excerpt fragments that continue on a later page.

    Returns the number of fragments shifted.
    """
    printed: dict[int, int] = {}  # id(element) -> lines printed on earlier pages
    shifted = 0
    for page in getattr(document, "pages", ()):
        for box in _boxes(getattr(page, "_page_box", None)):
            if not _is_excerpt(box):
                continue
            lines = _lines(box)
            before = printed.get(id(box.element), 0)
            if before and lines and _shift(box, before * lines[0].height):
                shifted += 1
            printed[id(box.element)] = before + len(lines)
    return shifted


def _shift(box: Any, distance: float) -> bool:
    background = getattr(box, "background", None)
    layers = getattr(background, "layers", None)
    if background is None or not layers or not all(hasattr(la, "_replace") for la in layers):
        return False
    box.background = background._replace(
        layers=[
            layer._replace(position=(layer.position[0], layer.position[1] - distance))
            for layer in layers
        ]
    )
    return True
