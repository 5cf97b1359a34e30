"""Fair use: LP501 (an excerpt's length) and LP502 (the share of a source a lesson quotes)."""

from __future__ import annotations

from lessonpress.checks.subject import Subject, documents
from lessonpress.errors import Problems
from lessonpress.model.settings import CheckSettings
from lessonpress.model.sources import Source
from lessonpress.model.spec import Lesson, Pair
from lessonpress.quotes.excerpts import count_words
from lessonpress.quotes.resolve import ResolvedPair


def check(subject: Subject, problems: Problems) -> None:
    """LP501 and LP502, on the excerpts from sources that are not openly licensed."""
    _fair_use(subject.lesson, subject.resolved, subject.settings.checks, problems)


def is_open(license_text: str, settings: CheckSettings) -> bool:
    """Whether a licence is one of the open ones (by its start, case-insensitively)."""
    text = license_text.casefold().strip()
    return any(text.startswith(o.casefold()) for o in settings.open_licenses)


def _fair_use(
    lesson: Lesson,
    resolved: list[tuple[Pair, ResolvedPair]],
    settings: CheckSettings,
    problems: Problems,
) -> None:
    quoted: dict[str, tuple[Source, int]] = {}  # words quoted from each non-open source
    for doc_spec, doc in documents(resolved):
        info = doc.source.info
        if is_open(info.license, settings):
            continue
        if doc.excerpt.word_count > settings.fair_use_words:
            problems.warning_at(
                doc_spec.at,
                "quote",
                f"the excerpt is {doc.excerpt.word_count} words from a source licensed "
                f"'{info.license}' (fair-use limit: {settings.fair_use_words})",
                "shorten it with [...], or raise checks: fair_use_words",
                code="LP501",
            )
        words = quoted.get(doc.source.id, (doc.source, 0))[1]
        quoted[doc.source.id] = (doc.source, words + doc.excerpt.word_count)
    for source_id, (source, words_quoted) in quoted.items():
        whole = source.info.original_words
        if whole is None and source.info.excerpted:
            continue  # only passages are stored; their length says nothing of the whole
        whole = whole or sum(count_words(b) for b in source.blocks)
        if whole and words_quoted * 100 > settings.fair_use_percent * whole:
            share = round(words_quoted * 100 / whole)
            problems.warning(
                lesson.at.file,
                lesson.at.pos,
                "pairs",
                f"the lesson quotes {share}% of source '{source_id}' ({words_quoted} of "
                f"{whole} words; fair-use limit: {settings.fair_use_percent}%)",
                "quote less of it, or raise checks: fair_use_percent",
                code="LP502",
            )
