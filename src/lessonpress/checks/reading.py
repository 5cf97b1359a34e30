"""Reading level: LP601 (an English excerpt's Flesch-Kincaid grade and the lesson's grade)."""

from __future__ import annotations

from lessonpress.checks.subject import Subject, documents
from lessonpress.errors import Problems
from lessonpress.model.settings import CheckSettings
from lessonpress.model.spec import Lesson, Pair
from lessonpress.quotes.readability import grade_band_top
from lessonpress.quotes.resolve import ResolvedPair


def check(subject: Subject, problems: Problems) -> None:
    """LP601, on the English excerpts."""
    _reading_level(subject.lesson, subject.resolved, subject.settings.checks, problems)


def _reading_level(
    lesson: Lesson,
    resolved: list[tuple[Pair, ResolvedPair]],
    settings: CheckSettings,
    problems: Problems,
) -> None:
    top = grade_band_top(lesson.grade)
    if top is None:
        return
    for doc_spec, doc in documents(resolved):
        if doc.reading_grade is not None and doc.reading_grade > top + settings.reading_margin:
            problems.warning_at(
                doc_spec.at,
                "quote",
                f"the excerpt reads at grade {doc.reading_grade} (Flesch-Kincaid), above the "
                f"lesson's grade {lesson.grade}",
                "add its hardest words to the vocabulary, or use an adapted version "
                "(adapted: true, with an adaptation_note)",
                code="LP601",
            )
