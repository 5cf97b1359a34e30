"""Perspective balance: LP201 (a pair's two perspectives), LP202 (the lesson's), LP203 (sides)."""

from __future__ import annotations

from lessonpress.checks.subject import Subject
from lessonpress.errors import Problems
from lessonpress.model.settings import CheckSettings
from lessonpress.model.spec import Lesson
from lessonpress.model.words import sides_of
from lessonpress.quotes.resolve import ResolvedPair


def check(subject: Subject, problems: Problems) -> None:
    """LP201-LP203, on the perspective labels of the lesson's documents."""
    _perspectives(subject.lesson, subject.pairs, subject.settings.checks, problems)


def _perspectives(
    lesson: Lesson, pairs: list[ResolvedPair | None], settings: CheckSettings, problems: Problems
) -> None:
    labels: list[str] = []
    for spec, pair in zip(lesson.pairs, pairs, strict=True):
        if pair is not None:
            both = [d.perspective for d in pair.documents]
        else:  # labels the spec gives; a source's own label needs the resolved source
            both = [d.perspective for d in spec.documents if d.perspective is not None]
            if len(both) < 2:
                labels.append("")  # unknown: no lesson-wide verdict
                continue
        first, second = both
        labels += [first, second]
        if first.casefold() == second.casefold():
            problems.error_at(
                spec.at,
                "documents",
                f"both documents carry the perspective '{first}'",
                "pair sources from different perspectives, or label each document's own "
                "perspective",
                code="LP201",
            )
    if "" in labels:
        return
    if len(pairs) > 1 and len({label.casefold() for label in labels}) == 1:
        problems.warning(
            lesson.at.file,
            lesson.at.pos,
            "pairs",
            f"every document carries the perspective '{labels[0]}'",
            "add a document from another perspective",
            code="LP202",
        )
    if len(settings.sides) < 2:
        return
    named = [set(sides_of(label, settings.sides)) for label in labels]
    if all(len(found) == 1 for found in named) and len(set().union(*named)) == 1:
        side = next(iter(named[0]))
        problems.warning(
            lesson.at.file,
            lesson.at.pos,
            "pairs",
            f"every document gives the {side} side's account",
            "pair them with documents from another side, or from observers",
            code="LP203",
        )
