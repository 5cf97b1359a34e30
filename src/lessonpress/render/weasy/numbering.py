"""Line numbers finished on the laid-out pages: continued across pages, unused strips dropped.

The numbers are the background of each ``.excerpt-text`` box, drawn from the strips of
:mod:`lessonpress.render.linenumbers`. Two things need the finished layout, and
:func:`finish_numbering` does them between layout and drawing:

- WeasyPrint paints a box's background afresh on every page the box spans,
  which would restart the numbering at 5 on a continuation page; each
  continuation's background is shifted up by the lines already printed.
- A box needs only the strips of the numbers it shows: the hundreds strip from line
  100 on, and the tens strips of its own lines' tens digits (lines 1-25 need the
  strips of 1 and 2). The others are dropped from the box, which keeps rendering
  fast: WeasyPrint draws every digit of a strip, shown or not.

This reads WeasyPrint's laid-out box tree, which is not a public API. Every
attribute used is checked; if one is missing the page is left as the stylesheet
drew it (correct up to the first page break, only slower), and a test renders a
split excerpt so that a WeasyPrint change is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from lessonpress.render.linenumbers import EXCERPT_CLASS, HUNDREDS_MARK, TENS_RE


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
            shown = range(before + 1, before + len(lines) + 1)
            if _adjust(box, before * lines[0].height, bottom, shown) and before:
                shifted += 1
            before += len(lines)
    return shifted


def _needed(url: str, shown: range) -> bool:
    """Whether the strip drawn from ``url`` has a number among the lines ``shown``."""
    if HUNDREDS_MARK in url:
        return shown.stop - 1 >= 100
    tens = TENS_RE.search(url)
    if tens is None:
        return True
    digit, every = int(tens[1]), int(tens[2])
    return any(n % every == 0 and n % 100 >= 10 and n // 10 % 10 == digit for n in shown)


def _adjust(box: Any, distance: float, bottom: float, shown: range) -> bool:
    """Shift ``box``'s number strips up by ``distance``, clip them at the last line's
    ``bottom`` (a page's leftover space must show no number), and drop the strips with
    no number among the lines ``shown``."""
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
        if not _needed(unquote(str(url)), shown):
            continue
        x, y = layer.position
        left, top, width, height = layer.painting_area
        area = (left, top, width, max(0, min(height, bottom - top)))
        kept.append(layer._replace(position=(x, y - distance), painting_area=area))
    box.background = background._replace(layers=kept)
    return True
