"""Whether a pair's two documents fit side by side, estimated before the page is laid out.

Side by side, each document is one column of a two-column table that is never split
across pages (a student compares the two at a glance). That only works when both
excerpts are short enough for a column: when an excerpt would take more than three
fifths of a page's height in its column, the pair is printed stacked instead, Document A
above Document B (a long excerpt may then run onto the next page, which a side-by-side
pair never does).

The height is estimated from the excerpt's characters (with its translation, if it has
one), the paper and the text size,
with the measures of the built-in stylesheet (handout.css): margins, the gutter
between the columns, the excerpt box and its line-number strip. Counting characters
rather than words keeps the estimate fair to languages with long words (Armenian,
Russian). Large print is always stacked. A stacked document that would have fit a
column is kept whole on one page (:func:`keeps_together`); only a long one is split.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from lessonpress.model.settings import Settings
from lessonpress.quotes.resolve import ResolvedDocument, ResolvedLesson, ResolvedPair
from lessonpress.render.settingscss import excerpt_line_height

MM = 72 / 25.4  # points per millimetre
#: Paper width and height, in millimetres.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
#: Page margins of handout.css: top, right, bottom, left.
MARGINS_MM = (17.0, 17.0, 20.0, 17.0)
#: Space between the two columns (3 mm padding on each side of it).
GUTTER_MM = 6.0
#: The excerpt box's right padding and borders, left of the line-number strip.
BOX_MM = 3.0 + 0.6
#: The line-number strip, in lines (linenumbers.WIDTH).
STRIP_LINES = 1.7
#: Average advance of a character of running text, in ems (Noto Serif, with the slack
#: of breaking lines between words; measured on the sample excerpts).
CHAR_EM = 0.58
#: The share of the page's height an excerpt may take in a column.
MAX_SHARE = 0.6


def column_lines(paragraphs: Sequence[str], settings: Settings) -> int:
    """About how many lines the paragraphs take in one column of a side-by-side pair."""
    width_mm, _ = PAPER_MM[settings.paper]
    column_pt = (width_mm - MARGINS_MM[1] - MARGINS_MM[3] - GUTTER_MM) / 2 * MM
    text_pt = column_pt - BOX_MM * MM - STRIP_LINES * excerpt_line_height(settings)
    per_line = max(1, int(text_pt / (CHAR_EM * settings.font_size)))
    return sum(max(1, math.ceil(len(p) / per_line)) for p in paragraphs)


def page_lines(settings: Settings) -> int:
    """How many excerpt lines one page's body holds."""
    _, height_mm = PAPER_MM[settings.paper]
    body_pt = (height_mm - MARGINS_MM[0] - MARGINS_MM[2]) * MM
    return int(body_pt / excerpt_line_height(settings))


def keeps_together(paragraphs: Sequence[str], settings: Settings) -> bool:
    """Whether a stacked document is short enough to keep on one page: it would fit a
    column side by side, so across the page it takes under a third of a page."""
    return column_lines(paragraphs, settings) <= MAX_SHARE * page_lines(settings)


def fits_side_by_side(excerpts: Sequence[Sequence[str]], settings: Settings) -> bool:
    """Whether every excerpt (its paragraphs) fits a column: see the module's rule."""
    limit = MAX_SHARE * page_lines(settings)
    return all(column_lines(paragraphs, settings) <= limit for paragraphs in excerpts)


def arrange(lesson: ResolvedLesson) -> ResolvedLesson:
    """``lesson`` with a pair whose excerpts are too long for columns stacked, and each
    document marked to keep together if it is short enough."""
    return replace(lesson, pairs=[_arranged(pair, lesson.settings) for pair in lesson.pairs])


def _arranged(pair: ResolvedPair, settings: Settings) -> ResolvedPair:
    """One pair laid out as :func:`arrange` says."""
    texts = [_printed(doc) for doc in pair.documents]
    documents = [
        replace(doc, keep_together=keeps_together(text, settings))
        for doc, text in zip(pair.documents, texts, strict=True)
    ]
    layout = pair.layout if fits_side_by_side(texts, settings) else "stacked"
    return replace(pair, documents=documents, layout=layout)


def _printed(doc: ResolvedDocument) -> list[str]:
    """The paragraphs a document prints: its excerpt's, then its translation's."""
    return [*doc.excerpt.paragraphs, *(doc.translation.paragraphs if doc.translation else [])]
