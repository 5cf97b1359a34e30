"""The checks of a lesson as a whole: one phase, after the lesson is resolved.

Every problem a check finds carries its id (``LP201``), so a teacher can look it up,
turn it up or down in ``lessonpress.yaml`` (``checks: {off: [...], errors: [...]}``) or
turn it off for one lesson with a reason (``skip_checks:``), which the teacher guide
prints. The ids, names, rules and default levels are in :mod:`lessonpress.codes`; the
chosen levels are applied by :class:`~lessonpress.errors.Problems` as each problem is
added. The rules are the conventions of Reading Like a Historian, the C3 Inquiry Design
Model and Facing History, written down so that every build applies them.

Where each check runs:

- while the files are read (:mod:`lessonpress.model`): LP102 (an adapted excerpt's note,
  spec.py: a rule of the lesson format);
- while quotes are found (:mod:`lessonpress.quotes`): LP101 (verbatim quote), LP103 and
  LP104 (cuts, cuts.py), LP901 (a figure's value in its quote, resolve.py): each is a
  property of one quote, found where the quote is;
- here, on the resolved lesson, one module per family (:data:`FAMILIES`): LP106,
  LP201-LP203, LP301, LP401 (also on every source of the library: ``check_library``),
  LP501, LP502, LP601, LP701, LP801, LP802, LP902;
- on the templates, as Jinja2 parses them (:mod:`lessonpress.checks.sourcenotes`, once
  per run; the pipeline adds them to each lesson whose versions print the documents): LP402.
"""

from __future__ import annotations

from collections.abc import Callable

from lessonpress.checks import (
    contentwarning,
    fairuse,
    figures,
    languages,
    perspectives,
    reading,
    sources,
    vocabulary,
)
from lessonpress.checks.sources import check_source
from lessonpress.checks.subject import Subject
from lessonpress.errors import Problems
from lessonpress.model.settings import Settings
from lessonpress.model.sources import Source
from lessonpress.model.spec import Lesson
from lessonpress.quotes.resolve import Resolution

#: The check families run on every resolved lesson, in the order they report.
FAMILIES: list[Callable[[Subject, Problems], None]] = [
    sources.check,
    contentwarning.check_order,
    languages.check,
    perspectives.check,
    fairuse.check,
    reading.check,
    vocabulary.check,
    contentwarning.check,
    figures.check,
]


def check_lesson(
    lesson: Lesson,
    resolution: Resolution,
    settings: Settings,
    find_source: Callable[[str], Source | None],
    problems: Problems,
) -> None:
    """Run every check family on a resolved lesson (``settings``: the lesson's own)."""
    resolved = resolution.lesson
    subject = Subject(
        lesson, resolution.pairs, settings, resolved.language, find_source, resolved.sources
    )
    for family in FAMILIES:
        family(subject, problems)


__all__ = ["FAMILIES", "Subject", "check_lesson", "check_source"]
