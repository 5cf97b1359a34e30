"""What the checks look at: a lesson's spec, its pairs as resolved, and its settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lessonpress.model.settings import Settings
from lessonpress.model.sources import Source
from lessonpress.model.spec import Document, Lesson, Pair
from lessonpress.quotes.resolve import ResolvedDocument, ResolvedPair


@dataclass(frozen=True)
class Subject:
    """One lesson under check.

    ``pairs`` are the lesson's pairs as resolved (``None`` for a pair with an error):
    those are checked from what the spec says, so one misquote does not hide the other
    problems. ``settings`` are the lesson's (its own merged in); ``language`` is the lesson's.
    """

    lesson: Lesson
    pairs: list[ResolvedPair | None]
    settings: Settings
    language: str
    find_source: Callable[[str], Source | None]
    sources: list[Source]  # the sources the lesson quotes (those found)

    @property
    def resolved(self) -> list[tuple[Pair, ResolvedPair]]:
        """The pairs that resolved, each with its spec (for positions)."""
        pairs = zip(self.lesson.pairs, self.pairs, strict=True)
        return [(spec, pair) for spec, pair in pairs if pair]

    def document_texts(self) -> tuple[list[str], set[str]] | None:
        """The documents as students read them: excerpts with their source notes (for a pair
        with an error, its quotes as written), and their languages; ``None`` if a document's
        source is unreadable."""
        texts: list[str] = []
        languages: set[str] = set()
        for spec, pair in zip(self.lesson.pairs, self.pairs, strict=True):
            if pair is None:
                for d in spec.documents:
                    source = self.find_source(d.source)
                    if source is None:
                        return None
                    info = source.info
                    texts += [d.quote, d.perspective or info.perspective, info.title]
                    languages.add(d.language or info.language)
                continue
            for doc in pair.documents:
                texts += [*doc.excerpt.paragraphs, doc.perspective, doc.source.info.title]
                languages.add(doc.language)
        return texts, languages


def documents(
    resolved: list[tuple[Pair, ResolvedPair]],
) -> Iterator[tuple[Document, ResolvedDocument]]:
    """Each document of the resolved pairs: its spec (for positions) and what it became."""
    for spec, pair in resolved:
        yield from zip(spec.documents, pair.documents, strict=True)
