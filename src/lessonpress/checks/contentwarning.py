"""The content warning: LP801 (a lesson about violence has one) and LP802 (each version prints
it before the documents)."""

from __future__ import annotations

from lessonpress.checks.subject import Subject
from lessonpress.errors import Problems
from lessonpress.model.settings import CheckSettings, Settings
from lessonpress.model.spec import Lesson
from lessonpress.model.words import contains, split_words


def check_order(subject: Subject, problems: Problems) -> None:
    """LP802: each version prints the content warning before the documents."""
    _check_warning_order(subject.settings, problems)


def check(subject: Subject, problems: Problems) -> None:
    """LP801: a lesson quoting sources about violence has a content warning."""
    found = subject.document_texts()
    if found is not None:  # else a document's source is unknown: too little to go on
        _content_warning(subject.lesson, found[0], subject.settings.checks, problems)


def _check_warning_order(settings: Settings, problems: Problems) -> None:
    """Each version must print the content warning (if any) before the documents.

    Whether a lesson needs a warning at all is LP801, below.
    """
    for version in ("student", "teacher"):
        order: list[str] = getattr(settings.sections, version)
        if "pairs" not in order:
            continue
        if "content_warning" not in order[: order.index("pairs")]:
            problems.error_at(
                settings.sections.at,
                version,
                f"the {version} version must print the content warning before the documents",
                "put content_warning before pairs in the sections",
                code="LP802",
            )


def _content_warning(
    lesson: Lesson, texts: list[str], settings: CheckSettings, problems: Problems
) -> None:
    if lesson.content_warning is not None:
        return
    words = split_words(" \n ".join(texts))
    found = [w for w in settings.violence_words if contains(words, w)]
    if found:
        problems.warning(
            lesson.at.file,
            lesson.at.pos,
            "content_warning",
            f"no content warning, and the excerpts describe violence ({', '.join(found[:3])})",
            "say what the sources describe, e.g. 'These sources describe killings.'",
            code="LP801",
        )
