"""A page limit inside WeasyPrint's layout: stop at the first page too many.

WeasyPrint lays out every page before a caller can count them, so a runaway handout
(a huge ``custom.css`` size, a template looping) would take minutes to reach the
page-count check. :func:`limit_pages` wraps WeasyPrint's page generator, which is not a
public API, so that layout stops at once with :class:`TooLong`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_ORIGINAL = "lessonpress_original"


class TooLong(BaseException):
    """Raised from inside WeasyPrint's layout at the first page past the limit; a
    ``BaseException`` so that no ``except Exception`` of WeasyPrint's swallows it."""


def limit_pages(most: int) -> None:
    """Make WeasyPrint's layout raise :class:`TooLong` at page ``most + 1`` (the latest
    limit given applies to every later render in this process)."""
    from weasyprint import layout  # noqa: PLC0415 - only when rendering

    current = layout.make_all_pages
    original = getattr(current, _ORIGINAL, current)

    def make_all_pages(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for count, page in enumerate(original(*args, **kwargs), 1):
            if count > most:
                raise TooLong
            yield page

    setattr(make_all_pages, _ORIGINAL, original)
    layout.make_all_pages = make_all_pages
