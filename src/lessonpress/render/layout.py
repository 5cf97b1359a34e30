"""Whether a pair's two documents fit side by side, estimated before the page is laid out.

Side by side, each document is one column of a two-column table that is never split
across pages (a student compares the two at a glance). That only works when both
excerpts are short enough for a column: when an excerpt would take more than three
fifths of a page's height in its column, the pair is printed stacked instead, Document A
above Document B (a long excerpt may then run onto the next page, which a side-by-side
pair never does).

The height is estimated from the excerpt's characters (with its translation, if it has
one) and the measures of the page the stylesheets in use lay out
(:mod:`lessonpress.render.pagegeometry`: paper, margins, the padding between the
columns, the excerpt box and its line-number strip, the text size and line height), so a
``custom.css`` with wider margins or larger text changes it. Counting characters rather
than words keeps the estimate fair to languages with long words (Armenian, Russian).
Large print is always stacked. A stacked document that would have fit a column is kept
whole on one page (:func:`keeps_together`); only a long one is split.

:func:`arrange` makes these decisions for a resolved lesson, whose pairs are side by side
unless their spec asks for them stacked.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import replace

from lessonpress.model.settings import Settings
from lessonpress.quotes.resolve import ResolvedDocument, ResolvedLesson, ResolvedPair
from lessonpress.render.pagegeometry import Page, measure
from lessonpress.render.settingscss import layered
from lessonpress.render.templating import BUILTIN_DIR, STYLESHEET, Stylesheet

#: Average advance of a character of running text, in ems (Noto Serif, with the slack
#: of breaking lines between words; measured on the sample excerpts).
CHAR_EM = 0.58
#: The share of the page's height an excerpt may take in a column.
MAX_SHARE = 0.6


def built_in_page(settings: Settings) -> Page:
    """The page the built-in stylesheet lays out with ``settings``."""
    return measure(tuple(layered([_built_in()], settings))).page


@functools.cache
def _built_in() -> Stylesheet:
    """The package's own ``handout.css``."""
    path = BUILTIN_DIR / STYLESHEET
    return Stylesheet(path.read_text(encoding="utf-8"), path)


def _page(page: Page | Settings) -> Page:
    """``page``, or the built-in stylesheet's page with these settings."""
    return page if isinstance(page, Page) else built_in_page(page)


def column_lines(paragraphs: Sequence[str], page: Page | Settings) -> int:
    """About how many lines the paragraphs take in one column of a side-by-side pair
    (on ``page``, or on the built-in stylesheet's page with these settings)."""
    page = _page(page)
    per_line = max(1, int(page.text_width() / (CHAR_EM * page.font_size)))
    return sum(max(1, math.ceil(len(p) / per_line)) for p in paragraphs)


def page_lines(page: Page | Settings) -> int:
    """How many excerpt lines one page's body holds."""
    page = _page(page)
    return int(page.body_height() / page.line_height)


def keeps_together(paragraphs: Sequence[str], page: Page | Settings) -> bool:
    """Whether a stacked document is short enough to keep on one page: it would fit a
    column side by side, so across the page it takes under a third of a page."""
    return column_lines(paragraphs, page) <= MAX_SHARE * page_lines(page)


def fits_side_by_side(excerpts: Sequence[Sequence[str]], page: Page | Settings) -> bool:
    """Whether every excerpt (its paragraphs) fits a column: see the module's rule."""
    limit = MAX_SHARE * page_lines(page)
    return all(column_lines(paragraphs, page) <= limit for paragraphs in excerpts)


def arrange(lesson: ResolvedLesson, page: Page) -> ResolvedLesson:
    """``lesson`` with a pair whose excerpts are too long for columns of ``page`` stacked,
    and each document marked to keep together if it is short enough."""
    return replace(lesson, pairs=[_arranged(pair, page) for pair in lesson.pairs])


def _arranged(pair: ResolvedPair, page: Page) -> ResolvedPair:
    """One pair laid out as :func:`arrange` says."""
    texts = [_printed(doc) for doc in pair.documents]
    documents = [
        replace(doc, keep_together=keeps_together(text, page))
        for doc, text in zip(pair.documents, texts, strict=True)
    ]
    layout = pair.layout if fits_side_by_side(texts, page) else "stacked"
    return replace(pair, documents=documents, layout=layout)


def _printed(doc: ResolvedDocument) -> list[str]:
    """The paragraphs a document prints: its excerpt's, then its translation's."""
    return [*doc.excerpt.paragraphs, *(doc.translation.paragraphs if doc.translation else [])]
