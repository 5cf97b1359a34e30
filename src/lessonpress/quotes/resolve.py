"""From a checked lesson spec to everything the handouts print.

:func:`resolve` looks up each document's source, finds its quote (see
:mod:`lessonpress.quotes.excerpts`) and the cuts that change its sense
(:mod:`lessonpress.quotes.cuts`), renders the Markdown fields to safe HTML, numbers the
questions and records the layout each pair's spec asks for (whether its excerpts fit
side by side is for rendering to decide: :mod:`lessonpress.render.layout`). The result,
:class:`ResolvedLesson`, is what templates see (as data, see
:mod:`lessonpress.render.templatedata`); it holds no file handles and needs no further
I/O. The checks of the lesson as a whole run afterwards, on the :class:`Resolution`
(:mod:`lessonpress.checks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from markupsafe import Markup, escape

from lessonpress.codes import CHECKS
from lessonpress.errors import Problems
from lessonpress.model import markup
from lessonpress.model.i18n import base_language
from lessonpress.model.images import embed
from lessonpress.model.qr import qr_data_uri
from lessonpress.model.raster import BadImage
from lessonpress.model.schema import Where
from lessonpress.model.settings import Settings
from lessonpress.model.sources import Library, Source
from lessonpress.model.spec import Document, Figure, Lesson, Pair, Question, VocabularyEntry
from lessonpress.quotes import readability
from lessonpress.quotes.cuts import find_cuts
from lessonpress.quotes.excerpts import (
    Excerpt,
    QuoteNotFound,
    SourceText,
    adapted_excerpt,
    contains_value,
)
from lessonpress.quotes.wordbank import mark_terms


@dataclass(frozen=True)
class ResolvedAnswerTable:
    """A ruled grid to write an answer in."""

    columns: list[str]
    rows: int


@dataclass(frozen=True)
class ResolvedQuestion:
    """A question as printed, numbered through the whole handout."""

    number: int
    text: str
    answer_lines: int
    teacher_notes: Markup | None
    answer_table: ResolvedAnswerTable | None


@dataclass(frozen=True)
class ResolvedTranslation:
    """A translation printed with a document's original words."""

    paragraphs: list[str]
    by: str
    language: str
    note: str | None


@dataclass(frozen=True)
class ResolvedDocument:
    """One document of a pair: its source, label and the excerpt to print."""

    letter: str
    source: Source
    perspective: str
    language: str  # of the excerpt: the document's own, else its source's
    excerpt: Excerpt
    paragraphs: list[Markup]  # the excerpt's, with vocabulary terms marked
    adapted: bool
    adaptation_note: str | None
    reading_grade: float | None
    translation: ResolvedTranslation | None
    keep_together: bool = False  # short enough to keep on one page when stacked (see layout)
    qr: str | None = None  # a QR code of the source's url, with the source_qr setting


@dataclass(frozen=True)
class ResolvedPair:
    """Two documents and their questions."""

    number: int
    title: str
    documents: list[ResolvedDocument]
    questions: list[ResolvedQuestion]
    # As the spec asks; rendering stacks a pair too long for columns, and marks the
    # documents to keep together (lessonpress.render.layout.arrange).
    layout: Literal["side-by-side", "stacked"]
    word_bank: list[tuple[str, str]]  # the vocabulary its documents use: term, definition


@dataclass(frozen=True)
class ResolvedFigure:
    """A figure as the teacher guide's table prints it."""

    quantity: str
    scope: str | None  # who or what is counted, where and when
    value: str
    given_by: str
    when: str | None
    source: Source
    source_paragraphs: list[int]


@dataclass(frozen=True)
class SkippedCheckNote:
    """A check the lesson turned off, as the teacher guide prints it."""

    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class ResolvedLesson:
    """Everything the student handout and teacher guide print for one lesson."""

    id: str
    path: Path
    title: str
    grade: str
    duration: int
    language: str
    compelling_question: str
    content_warning: str | None
    objectives: list[str]
    background: Markup | None
    vocabulary: list[tuple[str, str]]
    other_vocabulary: list[tuple[str, str]]  # the terms no pair's word bank defines
    pairs: list[ResolvedPair]
    discussion: list[ResolvedQuestion]
    teacher_notes: Markup | None
    discussion_norms: Markup | None  # the settings' own; None: the built-in text
    sources: list[Source]
    settings: Settings
    logo: str | None
    files: list[Path]
    figures: list[ResolvedFigure]
    skipped_checks: list[SkippedCheckNote]


class _Resolver:
    def __init__(
        self,
        library: Library,
        roots: list[Path],
        problems: Problems,
        settings: Settings | None = None,
        texts: dict[str, SourceText] | None = None,
    ) -> None:
        self.settings = Settings() if settings is None else settings
        self.library = library
        self.roots = roots
        self.problems = problems
        self.texts = {} if texts is None else texts  # folded once per run, shared by lessons
        self.read: set[Path] = set()  # every file this lesson's handouts depend on
        self.cited: dict[str, Source] = {}
        self.numbers = iter(range(1, 10_000))
        self.language = self.settings.language  # the lesson's, once resolve() knows it

    def markdown(self, text: str | None, where: Where, name: str) -> Markup | None:
        file, pos, path = where.of(name)
        ctx = markup.FieldContext(file, pos, path, self.roots, self.read)
        return markup.render_optional(text, ctx, self.problems)

    def question(self, question: Question) -> ResolvedQuestion:
        notes = self.markdown(question.teacher_notes, question.at, "teacher_notes")
        table = question.answer
        grid = None if table is None else ResolvedAnswerTable(table.table, table.rows)
        lines = question.answer_lines
        if lines is None:
            lines = 0 if grid else self.settings.answer_lines
        return ResolvedQuestion(next(self.numbers), question.text, lines, notes, grid)

    def source_text(self, doc: Document | Figure) -> SourceText | None:
        source, source_problems = self.library.get(doc.source)
        self.problems.extend(source_problems)
        if source is None:
            if not source_problems.errors:
                message, hint = f"unknown source '{doc.source}'", self.library.suggest(doc.source)
            else:
                message, hint = f"source '{doc.source}' has errors", "see the messages for its file"
            self.problems.error_at(doc.at, "source", message, hint)
            return None
        self.cited.setdefault(source.id, source)
        self.read.add(source.path)
        if source.id not in self.texts:
            self.texts[source.id] = SourceText(source)
        return self.texts[source.id]

    def figure(self, figure: Figure) -> ResolvedFigure | None:
        text = self.source_text(figure)
        if text is None:
            return None
        try:
            excerpt = text.find(figure.quote)
        except QuoteNotFound as exc:
            self.problems.error_at(figure.at, "quote", exc.message, exc.hint, code="LP101")
            return None
        if not contains_value(excerpt.text, figure.value):
            self.problems.error_at(
                figure.at,
                "value",
                f"the quote does not state '{figure.value}'",
                "write the value as the quote writes it, or quote the words that give it",
                code="LP901",
            )
            return None
        return ResolvedFigure(
            figure.quantity,
            figure.scope,
            figure.value,
            figure.given_by,
            figure.when,
            text.source,
            excerpt.source_paragraphs,
        )

    def document(self, doc: Document, letter: str) -> ResolvedDocument | None:
        text = self.source_text(doc)
        if text is None:
            return None
        language = doc.language or text.source.info.language
        if doc.adapted:
            excerpt = adapted_excerpt(doc.quote)
        else:
            try:
                located = text.locate(doc.quote)
            except QuoteNotFound as exc:
                self.problems.error_at(doc.at, "quote", exc.message, exc.hint, code="LP101")
                return None
            excerpt = text.excerpt(located)
            for cut in find_cuts(text, located, language):
                self.problems.warning_at(doc.at, "quote", cut.message, cut.hint, code=cut.code)
        perspective = doc.perspective or text.source.info.perspective
        english = base_language(language) == "en"
        return ResolvedDocument(
            letter,
            text.source,
            perspective,
            language,
            excerpt,
            [escape(p) for p in excerpt.paragraphs],
            doc.adapted,
            doc.adaptation_note,
            readability.grade(excerpt.text) if english else None,
            self.translation(doc),
            qr=qr_data_uri(url)
            if self.settings.source_qr and (url := text.source.info.url)
            else None,
        )

    def translation(self, doc: Document) -> ResolvedTranslation | None:
        found = doc.translation
        if found is None:
            return None
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", found.text.strip())]
        language = found.language or self.language
        return ResolvedTranslation([p for p in paragraphs if p], found.by, language, found.note)

    def pair(
        self, index: int, spec: Pair, vocabulary: list[VocabularyEntry]
    ) -> ResolvedPair | None:
        docs = [self.document(d, "AB"[i]) for i, d in enumerate(spec.documents)]
        questions = [self.question(q) for q in spec.questions]
        if any(d is None for d in docs):
            return None
        documents, used = [], set()
        for doc in docs:
            assert doc is not None
            terms = mark_terms(doc.excerpt.paragraphs, [v.term for v in vocabulary], doc.language)
            documents.append(replace(doc, paragraphs=terms.paragraphs))
            used.update(terms.found)
        layout: Literal["side-by-side", "stacked"] = (
            "stacked" if spec.layout == "stacked" else "side-by-side"
        )
        bank = [(v.term, v.definition) for v in vocabulary if v.term in used]
        return ResolvedPair(index + 1, spec.title, documents, questions, layout, bank)


@dataclass(frozen=True)
class Resolution:
    """What resolving a lesson found: the lesson as printed, and each pair as resolved.

    ``pairs`` keeps a ``None`` for a pair with an error, so that the checks can still
    look at the spec of that pair; ``lesson.pairs`` holds the pairs that resolved.
    """

    lesson: ResolvedLesson
    pairs: list[ResolvedPair | None]


def resolve(
    lesson: Lesson,
    *,
    lesson_id: str,
    settings: Settings,
    library: Library,
    roots: list[Path],
    problems: Problems,
    texts: dict[str, SourceText] | None = None,
) -> Resolution:
    """Resolve ``lesson``: its sources, quotes, Markdown fields and figures.

    ``settings`` are the lesson's (the workspace's with its own ``settings:`` merged in,
    see :func:`lessonpress.model.settings.merged`). A source or quote that cannot be
    found is recorded in ``problems`` and its pair left out; the checks of the lesson as a
    whole are not run here (see :mod:`lessonpress.checks`). ``texts`` caches folded
    source texts between lessons of one run.
    """
    language = lesson.language or settings.language
    r = _Resolver(library, roots, problems, settings, texts)
    r.language = language
    background = r.markdown(lesson.background, lesson.at, "background")
    pairs = [r.pair(i, pair, lesson.vocabulary) for i, pair in enumerate(lesson.pairs)]
    discussion = [r.question(q) for q in lesson.discussion]
    notes = r.markdown(lesson.teacher_notes, lesson.at, "teacher_notes")
    norms = r.markdown(settings.discussion_norms, settings.at, "discussion_norms")
    logo = _logo(settings, roots, problems, r.read)
    figures = [r.figure(f) for f in lesson.figures]
    resolved_pairs = [p for p in pairs if p is not None]
    resolved = ResolvedLesson(
        id=lesson_id,
        path=lesson.at.file,
        title=lesson.title,
        grade=lesson.grade,
        duration=lesson.duration,
        language=language,
        compelling_question=lesson.compelling_question,
        content_warning=lesson.content_warning,
        objectives=lesson.objectives,
        background=background,
        vocabulary=[(v.term, v.definition) for v in lesson.vocabulary],
        other_vocabulary=_other_vocabulary(lesson, resolved_pairs),
        pairs=resolved_pairs,
        discussion=discussion,
        teacher_notes=notes,
        discussion_norms=norms,
        sources=list(r.cited.values()),
        settings=settings,
        logo=logo,
        files=sorted({lesson.at.file, *r.read}),
        figures=[f for f in figures if f is not None],
        skipped_checks=[
            SkippedCheckNote(s.check, CHECKS[s.check].name, s.reason) for s in lesson.skip_checks
        ],
    )
    return Resolution(resolved, pairs)


def _other_vocabulary(lesson: Lesson, pairs: list[ResolvedPair]) -> list[tuple[str, str]]:
    """The vocabulary no word bank defines: terms the background or questions use."""
    banked = {term for pair in pairs for term, _ in pair.word_bank}
    return [(v.term, v.definition) for v in lesson.vocabulary if v.term not in banked]


def _logo(settings: Settings, roots: list[Path], problems: Problems, read: set[Path]) -> str | None:
    """The settings' logo as a ``data:`` URI (checked like any image), or ``None``."""
    if settings.logo is None:
        return None
    try:
        return embed(settings.logo.file, roots[0], roots, read)
    except BadImage as exc:
        problems.error_at(settings.logo.at, "file", f"image '{settings.logo.file}' {exc}")
        return None


def check_quotes(
    documents: list[Document], library: Library, roots: list[Path], problems: Problems
) -> None:
    """Look up the sources and quotes of documents salvaged from a lesson that failed its check."""
    resolver = _Resolver(library, roots, problems)
    for document in documents:
        resolver.document(document, "A")
