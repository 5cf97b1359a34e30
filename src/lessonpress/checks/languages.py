"""Languages: LP106 (a translation beside an excerpt in another language), and the
labels: a lesson language lessonpress prints no labels in."""

from __future__ import annotations

from lessonpress.checks.subject import Subject, documents
from lessonpress.errors import Problems
from lessonpress.model.i18n import base_language, catalog_languages, has_labels
from lessonpress.model.settings import Settings
from lessonpress.model.spec import Lesson, Pair
from lessonpress.quotes.resolve import ResolvedPair


def check(subject: Subject, problems: Problems) -> None:
    """LP106, and the lesson's language having labels."""
    _check_labels(subject.lesson, subject.language, subject.settings, problems)
    _translations(subject.resolved, subject.language, problems)


def _check_labels(lesson: Lesson, language: str, settings: Settings, problems: Problems) -> None:
    """A language lessonpress has no labels in: said once, and the handouts print English."""
    if has_labels(language):
        return
    where = lesson.at if lesson.language else settings.at
    problems.warning_at(
        where,
        "language",
        f"lessonpress has no labels in '{language}' yet: the handouts print English labels "
        "(Name, Document A, ...)",
        "use one of " + ", ".join(catalog_languages()) + ", or add a catalog (see the README)",
    )


def _translations(
    resolved: list[tuple[Pair, ResolvedPair]], language: str, problems: Problems
) -> None:
    """LP106: a document students may not read has a translation beside it."""
    for doc_spec, doc in documents(resolved):
        if base_language(doc.language) == base_language(language) or doc_spec.translation:
            continue
        problems.warning(
            doc_spec.at.file,
            doc_spec.at.pos,
            doc_spec.at.path,
            f"Document {doc.letter} is in '{doc.language}' and the lesson in '{language}', "
            "but it has no translation",
            "add 'translation:' with text and by; it is printed under the original as a "
            "translation, never as the source's words",
            code="LP106",
        )
