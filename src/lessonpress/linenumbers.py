"""Excerpt line numbers after layout: counting on across pages, drawing only what is needed.

The stylesheet draws line numbers as the background of each ``.excerpt-text``
box, from three strips of digits (units, tens, hundreds; see
``scripts/make_line_numbers.py``), so they follow the lines exactly as laid out.
Two things need the finished layout, and :func:`finish_numbering` does them
between layout and drawing:

- WeasyPrint paints a box's background afresh on every page the box spans,
  which would restart the numbering at 5 on a continuation page; each
  continuation's background is shifted up by the lines already printed.
- The hundreds strip is only needed from line 100 on; it is dropped from every
  box that ends before that, which keeps rendering fast.

This reads WeasyPrint's laid-out box tree, which is not a public API. Every
attribute used is checked; if one is missing the page is left as the stylesheet
drew it (correct up to the first page break, only slower), and a test renders a
split excerpt so that a WeasyPrint change is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

EXCERPT_CLASS = "excerpt-text"
HUNDREDS_STRIP = "line-numbers-hundreds.svg"


def _boxes(box: Any) -> Iterator[Any]:
    if box is None:
        return
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


def finish_numbering(document: Any) -> int:
    """Shift continued excerpts' numbering and drop unneeded strips; returns fragments shifted."""
    fragments: dict[int, list[Any]] = {}
    for page in getattr(document, "pages", ()):
        for box in _boxes(getattr(page, "_page_box", None)):
            if _is_excerpt(box):
                fragments.setdefault(id(box.element), []).append(box)
    shifted = 0
    for boxes in fragments.values():
        before = 0
        for box in boxes:
            lines = _lines(box)
            if not lines:
                continue
            bottom = lines[-1].position_y + lines[-1].height
            keep_hundreds = before + len(lines) >= 100
            if _adjust(box, before * lines[0].height, bottom, keep_hundreds) and before:
                shifted += 1
            before += len(lines)
    return shifted


def _adjust(box: Any, distance: float, bottom: float, keep_hundreds: bool) -> bool:
    """Shift ``box``'s number strips up by ``distance``, clip them at the last line's
    ``bottom`` (a page's leftover space must show no number), drop unneeded strips."""
    background = getattr(box, "background", None)
    layers = getattr(background, "layers", None)
    style = getattr(background, "style", None)
    if background is None or not layers or style is None:
        return False
    images = style["background_image"]
    if len(images) != len(layers) or not all(hasattr(la, "_replace") for la in layers):
        return False
    kept = []
    for layer, (_, url) in zip(layers, images, strict=True):
        if not keep_hundreds and str(url).endswith(HUNDREDS_STRIP):
            continue
        x, y = layer.position
        left, top, width, height = layer.painting_area
        area = (left, top, width, max(0, min(height, bottom - top)))
        kept.append(layer._replace(position=(x, y - distance), painting_area=area))
    box.background = background._replace(layers=kept)
    return True
