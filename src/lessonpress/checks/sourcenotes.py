"""Source notes: LP402 (each version that prints the documents prints each one's source note)."""

from __future__ import annotations

from markupsafe import escape

from lessonpress.errors import Problems
from lessonpress.quotes.resolve import ResolvedLesson


def check_source_notes(lesson: ResolvedLesson, version: str, page: str, problems: Problems) -> None:
    """LP402: every document of a printed pair shows its source's title in ``page``."""
    if "pairs" not in getattr(lesson.settings.sections, version):
        return
    for i, pair in enumerate(lesson.pairs):
        for j, doc in enumerate(pair.documents):
            if str(escape(doc.source.info.title)) not in page:
                problems.warning(
                    lesson.path,
                    None,
                    f"pairs[{i}].documents[{j}]",
                    f"the {version} version prints Document {doc.letter} without its source note "
                    f"(the title '{doc.source.info.title}' is not on the page)",
                    "keep the source_note block (or the source's title) in an overridden "
                    "document template",
                    code="LP402",
                )
