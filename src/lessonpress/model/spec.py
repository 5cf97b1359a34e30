"""The lesson spec format (``lessons/<id>.yaml``) and its loader.

The dataclasses below *are* the format: the loader checks files against them,
and the format reference in the README is generated from their help texts
(``python -m lessonpress.reference``; a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lessonpress.codes import CHECKS, CheckCode
from lessonpress.errors import Problems
from lessonpress.model import yamlnodes
from lessonpress.model.fieldtypes import LanguageTag, Markdown
from lessonpress.model.schema import Where, load_record, location_field, spec
from lessonpress.model.settings import Settings, check_sections
from lessonpress.model.yamlnodes import Mapping, Node, Sequence


@dataclass(frozen=True, kw_only=True)
class VocabularyEntry:
    """A term students need, with a short definition."""

    term: str = spec("The word or phrase as it appears in the sources.", example="pogrom")
    definition: str = spec("A short definition in plain words.")
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class AnswerTable:
    """An answer written as a table: a ruled grid with headed columns."""

    table: list[str] = spec(
        "The column headings.", min_items=1, max_items=8, example="[Figure, Who gives it, When]"
    )
    rows: int = spec("Empty rows to write in.", default=4, min=1, max=30)
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question with ruled answer lines and notes for the teacher."""

    text: str = spec("The question as printed.")
    answer_lines: int | None = spec(
        "Ruled lines printed for the answer (0 for none); default: the settings' answer_lines (4).",
        default=None,
        min=0,
        max=40,
    )
    answer: AnswerTable | None = spec(
        "For a question that asks for a table: a ruled grid with these columns, in place of "
        "answer lines (answer_lines, if set, are ruled under the grid).",
        default=None,
    )
    teacher_notes: Markdown | None = spec(
        "What the question is after; printed in the teacher guide only.", default=None
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Translation:
    """A translation printed with a document's original words, never in their place."""

    text: str = spec(
        "The translation; paragraphs separated by blank lines. It is not checked against the "
        "source: the handouts label it as a translation, with who made it.",
        max_length=12_000,
    )
    by: str = spec(
        "Who translated it, as the label prints it.",
        example="the lesson's author (to be checked by a native speaker)",
    )
    language: LanguageTag | None = spec(
        "Language of the translation. Default: the lesson's.", default=None, example="en"
    )
    note: str | None = spec(
        "A note printed with the translation (what it leaves as in the original, say).",
        default=None,
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Document:
    """One excerpt from a source in the library."""

    source: str = spec(
        "Id of the source: its file name in content/sources/ without '.md'.",
        example="kirovabad-pogrom-wiki",
    )
    quote: str = spec(
        "The words quoted, exactly as in the source. Mark each omission with [...], and a "
        "slip that is the source's own with [sic] after the word. Line breaks and "
        "typographic quotes or dashes need not match.",
        max_length=12_000,
    )
    perspective: str | None = spec(
        "Whose account this excerpt gives; overrides the source's own label.", default=None
    )
    language: LanguageTag | None = spec(
        "Language of the excerpt, when it is not the source's (a translation, say); sets its "
        "hyphenation and how screen readers read it. Default: the source's language.",
        default=None,
        example="ru",
    )
    adapted: bool = spec(
        "true when the wording was changed (simplified, translated); needs adaptation_note.",
        default=False,
    )
    adaptation_note: str | None = spec(
        "How the excerpt was adapted; printed in the source note.", default=None
    )
    translation: Translation | None = spec(
        "A translation printed under the original in both versions, labelled with who made it "
        "(LP106 warns about a document not in the lesson's language without one).",
        default=None,
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Pair:
    """Two documents printed side by side, with questions about them."""

    title: str = spec("The heading of this part of the handout.")
    documents: list[Document] = spec(
        "Exactly two documents, printed as Document A and Document B.", min_items=2, max_items=2
    )
    questions: list[Question] = spec(
        "Questions about these two documents.", default_factory=list, max_items=20
    )
    layout: Literal["auto", "stacked"] = spec(
        "auto: side by side when both excerpts fit a column, else stacked; stacked: Document A "
        "above Document B always (a side-by-side pair that does not fit the rest of a page "
        "leaves it empty; a stacked one starts on it).",
        default="auto",
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One figure a source gives for a quantity the sources disagree on (a death toll, say).

    The teacher guide prints the lesson's figures as a table; each value must appear in
    its quote, and the quote in its source (LP901).
    """

    quantity: str = spec("What is counted.", example="Deaths in Kirovabad, November 1988")
    scope: str | None = spec(
        "Who or what this figure counts, where and when, as its source says: the table prints "
        "it, so figures of different scope are not read as one count. Warned about when "
        "missing (LP902).",
        default=None,
        example="People killed in Kirovabad, 21-27 November 1988 (all nationalities)",
    )
    value: str = spec("The figure, as the quote writes it.", example="7")
    given_by: str = spec("Who gives the figure.", example="Soviet authorities")
    when: str | None = spec("When they gave it.", default=None, example="November 1988")
    source: str = spec("Id of the source the figure is quoted from.")
    quote: str = spec(
        "The source's words stating the figure, exactly as in the source.",
        max_length=2_000,
        example="The Soviet authorities confirmed the death of 7 people",
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class SkippedCheck:
    """A check turned off for this lesson, and why (printed in the teacher guide)."""

    check: CheckCode = spec("The check's id.", example="LP501")
    reason: str = spec(
        "Why it does not apply here.", example="Permission to reprint granted by the publisher."
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """A lesson spec: everything the two handouts print."""

    title: str = spec("The lesson title.", example="Counting the Dead: Kirovabad, November 1988")
    grade: str = spec("Grade or grade band.", example="9-12")
    duration: int = spec("Class time in minutes.", min=5, max=600, example="50")
    language: LanguageTag | None = spec(
        "Language of the lesson: the handouts' labels (Name, Document A, Page 1 of 3), dates "
        "and quotation marks are printed in it, and it is the PDF's language. Labels exist in "
        "en, az, fr, hy and ru. Default: the settings' language, then en.",
        default=None,
        example="ru",
    )
    compelling_question: str = spec("The question the whole lesson works on.")
    content_warning: str | None = spec(
        "Printed in a box before any source; warned about when missing.", default=None
    )
    objectives: list[str] = spec(
        "What students will be able to do; teacher guide only.",
        default_factory=list,
        max_items=12,
    )
    background: Markdown | None = spec("Context students read first (Markdown).", default=None)
    vocabulary: list[VocabularyEntry] = spec(
        "Terms and definitions.", default_factory=list, max_items=60
    )
    pairs: list[Pair] = spec("The paired documents.", min_items=1, max_items=12)
    discussion: list[Question] = spec(
        "Whole-lesson discussion questions.", default_factory=list, max_items=20
    )
    teacher_notes: Markdown | None = spec(
        "Notes for the teacher guide only (Markdown).", default=None
    )
    settings: Settings | None = spec(
        "Settings for this lesson only: any key of lessonpress.yaml.", default=None
    )
    figures: list[Figure] = spec(
        "Figures the sources give for contested quantities: a table in the teacher guide, and "
        "values stated in the lesson's own prose must name who gives them (LP301).",
        default_factory=list,
        max_items=60,
    )
    skip_checks: list[SkippedCheck] = spec(
        "Checks turned off for this lesson, each with its reason.",
        default_factory=list,
        max_items=20,
    )
    at: Where = location_field()


def read_lesson(path: Path, problems: Problems, roots: list[Path]) -> Node | None:
    """The YAML nodes of a lesson file; ``None`` if unreadable (problems recorded) or empty."""
    text = yamlnodes.read_text(path, problems, roots)
    return None if text is None else yamlnodes.read_yaml(text, path, problems)


def check_lesson(node: Node | None, path: Path, problems: Problems) -> Lesson | None:
    """Check a lesson's nodes against the format; ``None`` with problems recorded if invalid."""
    lesson = load_record(Lesson, node, path, problems)
    if lesson is not None:
        _check_adaptations(lesson, problems)
        check_skips(lesson, problems)
        if lesson.settings is not None:
            check_sections(lesson.settings, problems)
    return lesson


def load_lesson(path: Path, problems: Problems, roots: list[Path]) -> Lesson | None:
    """Read and check one lesson spec; ``None`` with problems recorded when it is invalid."""
    read = Problems()
    node = read_lesson(path, read, roots)
    problems.extend(read)
    return None if len(read) else check_lesson(node, path, problems)


def salvage_documents(node: Node | None, path: Path, problems: Problems) -> list[Document]:
    """The documents of a lesson that failed its check, each checked on its own.

    So that one run reports every problem: a misspelt field elsewhere in the lesson
    does not hide a misquote. Problems already reported are not repeated.
    """
    documents: list[Document] = []
    pairs = node.entries.get("pairs") if isinstance(node, Mapping) else None
    for i, pair in enumerate(pairs.items if isinstance(pairs, Sequence) else []):
        docs = pair.entries.get("documents") if isinstance(pair, Mapping) else None
        for j, doc in enumerate(docs.items if isinstance(docs, Sequence) else []):
            found = load_record(Document, doc, path, problems, f"pairs[{i}].documents[{j}]")
            if found is not None:
                documents.append(found)
    return documents


def _check_adaptations(lesson: Lesson, problems: Problems) -> None:
    for pair in lesson.pairs:
        for doc in pair.documents:
            if doc.adapted and not doc.adaptation_note:
                problems.error_at(
                    doc.at,
                    "adapted",
                    "an adapted excerpt needs an adaptation_note",
                    "say how it was changed, e.g. 'Simplified vocabulary.'",
                    code="LP102",
                )
            elif doc.adaptation_note and not doc.adapted:
                problems.warning_at(
                    doc.at,
                    "adaptation_note",
                    "adaptation_note is set but adapted is not",
                    "add 'adapted: true', or remove the note",
                )


def check_skips(lesson: Lesson, problems: Problems) -> None:
    """``skip_checks`` may not name a fixed check."""
    for skip in lesson.skip_checks:
        if CHECKS[skip.check].fixed:
            problems.error_at(
                skip.at,
                "check",
                f"{skip.check} ({CHECKS[skip.check].name}) cannot be skipped",
                "fix what it reports instead",
            )
