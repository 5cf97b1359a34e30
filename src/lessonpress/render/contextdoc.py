"""The template context reference (docs/templates.md), generated from the code.

Types come from the classes' type hints and block names from the built-in
templates themselves; descriptions are kept here, and :func:`missing_descriptions`
(run by the tests) fails when a field has none or a description names a field
that no longer exists. So the reference cannot drift from what templates see.
"""

from __future__ import annotations

import dataclasses

from jinja2 import nodes

from lessonpress.model.fieldtypes import (
    ChoiceType,
    FieldVisitor,
    KindTable,
    ListType,
    OptionalType,
    RecordType,
    ScalarKind,
    ScalarType,
    TupleType,
)
from lessonpress.model.schema import field_type, public_fields
from lessonpress.model.settings import CheckSettings, Logo, Sections, Settings, Side, Theme
from lessonpress.model.sources import Source, SourceInfo
from lessonpress.quotes.excerpts import Excerpt
from lessonpress.quotes.resolve import (
    ResolvedAnswerTable,
    ResolvedDocument,
    ResolvedFigure,
    ResolvedLesson,
    ResolvedPair,
    ResolvedQuestion,
    ResolvedTranslation,
    SkippedCheckNote,
)
from lessonpress.render.sandbox import (
    GETTEXT,
    MAX_DEPTH,
    MAX_INT_BITS,
    MAX_NESTING,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_SECONDS,
    MAX_TEXT,
    MAX_URLIZE,
    REMOVED_FILTERS,
    REMOVED_GLOBALS,
)
from lessonpress.render.templatedata import template_fields
from lessonpress.render.templating import BUILTIN_DIR, Templates

#: What each template variable is.
VARIABLES: dict[str, tuple[str, str]] = {
    "lesson": (
        "[ResolvedLesson](#resolvedlesson)",
        "The lesson, with its quotes found and its Markdown rendered.",
    ),
    "version": ('"student" or "teacher"', "Which handout is being made."),
    "large_print": (
        "true or false",
        "Whether it is the large-print student handout (the body has the class large-print, "
        "and every pair is stacked).",
    ),
    "settings": (
        "Settings",
        "The settings for this lesson: lessonpress.yaml with the lesson's own settings: merged in.",
    ),
    "sections": (
        "list of text",
        "The section blocks this version prints, in order (settings.sections.student or .teacher).",
    ),
    "logo": (
        "text or none",
        "The logo as a data: URI, for an img src (alt text: settings.logo.alt).",
    ),
    "generator": ("text", 'The "lessonpress VERSION" that made the file.'),
    "source_date": ("text or none", "SOURCE_DATE_EPOCH as a date, when it is set."),
    "inline_css": (
        "HTML or none",
        "The stylesheets, when making HTML output (base.html puts them in a style element).",
    ),
}

#: What each field of each object is (spec formats document themselves).
FIELDS: dict[type, dict[str, str]] = {
    ResolvedLesson: {
        "id": "The lesson's id: its file name without .yaml.",
        "title": "The lesson title.",
        "grade": "Grade or grade band.",
        "duration": "Class time in minutes.",
        "language": "The lesson's language tag (the lesson's, else the settings').",
        "compelling_question": "The question the whole lesson works on.",
        "content_warning": "The content warning, if any.",
        "objectives": "What students will be able to do.",
        "background": "The background, rendered from Markdown.",
        "vocabulary": "(term, definition) pairs: every term of the lesson.",
        "other_vocabulary": "The (term, definition) pairs that no pair's word bank defines "
        "(terms of the background and the questions): the Vocabulary section prints these.",
        "pairs": "The pairs of documents, in order.",
        "discussion": "The discussion questions.",
        "teacher_notes": "The lesson's teacher notes, rendered from Markdown.",
        "discussion_norms": "The settings' discussion_norms, rendered from Markdown; none when "
        "the teacher guide prints the built-in norms.",
        "sources": "Every source the lesson quotes, in order of first use.",
        "settings": "The same as the settings variable.",
        "logo": "The same as the logo variable.",
        "figures": "The figures the sources give for contested quantities (figures:).",
        "skipped_checks": "Checks the lesson turned off (skip_checks), with their reasons.",
    },
    ResolvedFigure: {
        "quantity": "What is counted.",
        "scope": "Who or what the figure counts, where and when (scope:), if the lesson says.",
        "value": "The figure, as its source writes it.",
        "given_by": "Who gives it.",
        "when": "When they gave it, if the lesson says.",
        "source": "The source it is quoted from.",
        "source_paragraphs": "Numbers of the source paragraphs its quote comes from.",
    },
    SkippedCheckNote: {
        "code": "The check's id, e.g. LP501.",
        "name": "The check's short name, e.g. excerpt length.",
        "reason": "Why the lesson turned it off.",
    },
    ResolvedPair: {
        "number": "1 for the first pair, and so on.",
        "title": "The pair's heading.",
        "documents": "Document A and Document B.",
        "questions": "The pair's questions.",
        "layout": '"side-by-side", or "stacked" when an excerpt is too long for a column '
        "(see the README), and always in large print.",
        "word_bank": "(term, definition) pairs of the vocabulary its documents use, in "
        "vocabulary order.",
    },
    ResolvedDocument: {
        "letter": '"A" or "B".',
        "source": "The source the excerpt is quoted from.",
        "perspective": "Whose account this is: the document's label, else the source's.",
        "language": "The excerpt's language tag: the document's language, else its source's.",
        "excerpt": "The words printed.",
        "paragraphs": "The excerpt's paragraphs as HTML, each vocabulary term in "
        '<b class="term">.',
        "adapted": "Whether the wording was changed (the source note says 'Adapted from').",
        "adaptation_note": "How it was adapted, if it was.",
        "reading_grade": "The excerpt's Flesch-Kincaid grade (English, 20 words or more).",
        "qr": "A QR code of the source's url as an SVG data: URI, when the source_qr "
        "setting is on and the source has a url; else none.",
        "translation": "The translation printed with the original (translation:), if any.",
        "keep_together": "Whether it is short enough to keep on one page when the pair is "
        "stacked (the document gets the class keep).",
    },
    ResolvedTranslation: {
        "paragraphs": "The translation's paragraphs, as written in the lesson.",
        "by": "Who translated it.",
        "language": "The translation's language tag (the lesson's unless it says).",
        "note": "The translation's note, if any.",
    },
    ResolvedQuestion: {
        "number": "Numbered through the whole handout: 1, 2, 3, ...",
        "text": "The question.",
        "answer_lines": "How many ruled lines to print under it.",
        "teacher_notes": "Notes for the teacher, rendered from Markdown.",
        "answer_table": "The grid to write the answer in, when the question asks for a table "
        "(answer:); answer_lines is then 0 unless the question sets it.",
    },
    ResolvedAnswerTable: {
        "columns": "The column headings.",
        "rows": "How many empty rows to print.",
    },
    Excerpt: {
        "paragraphs": "The paragraphs printed: the source's own text, with [...] where words "
        "were left out.",
        "word_count": "Words printed, not counting omission marks.",
        "source_paragraphs": "Numbers of the source paragraphs the excerpt comes from.",
    },
    Source: {
        "id": "The source's id: its file name without .md.",
        "info": "Its front matter (title, author, publisher, ...).",
        "blocks": "The text of each of its paragraphs.",
        "body_line": "The line of the file where its text starts.",
    },
}

#: Objects whose fields are described by their format's own help texts.
FORMATS = (SourceInfo, Settings, Theme, Sections, Logo, CheckSettings, Side)
OBJECTS: tuple[type, ...] = (
    ResolvedLesson,
    ResolvedPair,
    ResolvedDocument,
    ResolvedTranslation,
    ResolvedQuestion,
    ResolvedAnswerTable,
    ResolvedFigure,
    SkippedCheckNote,
    Excerpt,
    Source,
    *FORMATS,
)


def missing_descriptions() -> list[str]:
    """Fields without a description and descriptions without a field (should be empty)."""
    found = []
    for cls, described in FIELDS.items():
        actual = set(template_fields(cls))
        found += [f"{cls.__name__}.{name}: no description" for name in actual - set(described)]
        found += [f"{cls.__name__}.{name}: no such field" for name in set(described) - actual]
    return sorted(found)


#: What templates see for each kind of value (the formats' own types by name).
_SCALARS: KindTable[str] = KindTable(
    {
        ScalarKind.TEXT: "text",
        ScalarKind.MARKDOWN: "Markdown",
        ScalarKind.LANGUAGE: "LanguageTag",
        ScalarKind.URL: "WebUrl",
        ScalarKind.COLOR: "CssColor",
        ScalarKind.INT: "whole number",
        ScalarKind.BOOL: "true or false",
        ScalarKind.PARTIAL_DATE: "[PartialDate](#partialdate)",
        ScalarKind.DATE: "[Date](#partialdate)",
        ScalarKind.FLOAT: "float",
        ScalarKind.HTML: "HTML",
    },
    kinds=frozenset(ScalarKind),
)


class _TypeColumn(FieldVisitor[str]):
    """An object's Type column: what templates see, objects linked to their tables."""

    def scalar(self, ft: ScalarType) -> str:
        return _SCALARS[ft.kind]

    def choice(self, ft: ChoiceType) -> str:
        return " or ".join(f'"{option}"' for option in ft.options)

    def list_of(self, ft: ListType) -> str:
        return f"list of {self.visit(ft.item)}"

    def tuple_of(self, ft: TupleType) -> str:
        return "(" + ", ".join(self.visit(item) for item in ft.items) + ")"

    def optional(self, ft: OptionalType) -> str:
        return f"{self.visit(ft.inner)} or none"

    def record(self, ft: RecordType) -> str:
        name = ft.cls.__name__
        return f"[{name}](#{name.lower()})" if ft.cls in OBJECTS else name


def _object(cls: type) -> list[str]:
    shown = set(template_fields(cls))
    fields = public_fields(cls) if cls in FORMATS else dataclasses.fields(cls)
    rows = [f"### {cls.__name__}", "", "| Field | Type | What it is |", "| --- | --- | --- |"]
    for field in [f for f in fields if f.name in shown]:
        about = field.metadata.get("help") if cls in FORMATS else FIELDS[cls][field.name]
        kind = _TypeColumn().visit(field_type(cls, field.name))
        rows.append(f"| `{field.name}` | {kind} | {about} |")
    if cls is Excerpt:
        rows.append("| `text` | text | All paragraphs, separated by blank lines. |")
    return rows


def _blocks() -> list[str]:
    templates = Templates(None)
    rows = ["| Template | Blocks |", "| --- | --- |"]
    for name in sorted(templates.names()):
        if not name.endswith(".html"):
            continue
        tree = templates.env.parse((BUILTIN_DIR / name).read_text(encoding="utf-8"))
        blocks = [f"`{b.name}`" for b in tree.find_all(nodes.Block)]
        macros = [f"macro `{m.name}`" for m in tree.find_all(nodes.Macro)]
        rows.append(f"| `{name}` | {', '.join(blocks + macros) or '(none)'} |")
    return rows


def generate() -> str:
    """The generated part of docs/templates.md."""
    lines = ["## Variables", "", "| Name | Type | What it is |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {about} |" for name, (kind, about) in VARIABLES.items()]
    lines += [
        "",
        "## Blocks and macros of the built-in templates",
        "",
        *_blocks(),
        "",
        "## Objects",
        "",
    ]
    for cls in OBJECTS:
        lines += [*_object(cls), ""]
    lines += [
        "### PartialDate",
        "",
        "A date known to the year, the month or the day (`published`), and the date a "
        "source was read (`accessed`). Printing a `published` date gives `26 November 1988`, "
        "`November 1988` or `1996`, and an `accessed` date `2026-11-21`; `.iso` is "
        "`1988-11-26`, `1988-11` or `1996`; `.year`, `.month` and `.day` (none when "
        "unknown) are numbers; `|localdate` writes either in the lesson's language.",
        "",
        *_sandbox(),
    ]
    return "\n".join(lines)


def _sandbox() -> list[str]:
    """What templates may call and how much work they may do (from the sandbox's limits)."""
    templates = Templates(None)
    env = templates.env
    filters = ", ".join(f"`{name}`" for name in sorted(env.filters))
    tests = ", ".join(f"`{name}`" for name in sorted(env.tests))
    gettext = ", ".join(f"`{name}()`" for name in GETTEXT)
    return [
        "## Every value is data",
        "",
        "Everything above is data: text, numbers, true or false, none, lists and read-only "
        "records of them. No value is a file, and none has methods: `lesson.title.upper()` "
        "or `lesson.path` is an error naming the template's line, and so is any attribute "
        "not listed on this page. Use filters instead (`{{ lesson.title|upper }}`).",
        "",
        "## What a template may call",
        "",
        f"- the macros of the templates (and `caller()`), blocks (`self.name()`, "
        f"`super()`), `loop.cycle()` and `loop.changed()`, `range()` and `namespace()`, "
        f"and the gettext functions {gettext};",
        f"- the filters {filters};",
        f"- the tests {tests}.",
        "",
        "Jinja2's globals "
        + ", ".join(f"`{n}`" for n in REMOVED_GLOBALS)
        + " and the "
        + ", ".join(f"`{n}`" for n in REMOVED_FILTERS)
        + " filter are not available (a handout is the same every time it is built).",
        "",
        "## Limits",
        "",
        "A template that goes past one of these stops with an error naming it and its line:",
        "",
        f"- `range()` gives at most {MAX_RANGE:,} numbers;",
        f"- no text or list a template makes (with `*`, `+`, `%`, `~` or a filter) may "
        f"hold more than {MAX_TEXT:,} characters;",
        f"- all the text one handout's templates make, counted wherever it is printed, "
        f"is at most {MAX_OUTPUT:,} characters;",
        f"- lists and namespaces nest at most {MAX_NESTING} deep, numbers have at most "
        f"{MAX_INT_BITS * 3 // 10:,} digits, `|urlize` reads at most {MAX_URLIZE:,} "
        "characters and `|sum` adds numbers only;",
        f"- macros, blocks and recursive loops call themselves at most {MAX_DEPTH} levels deep;",
        f"- one handout's templates run for at most {MAX_SECONDS:g} seconds.",
        "",
        "Template names in `include`, `import`, `from` and `extends` are relative to "
        "`templates/` (or `builtin/`): an absolute name or one with `..` is an error.",
        "",
    ]
