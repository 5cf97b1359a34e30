"""The index page of a build folder: ``build/index.html``, a list of every lesson's handouts.

Each lesson built leaves a small summary (``build/.lesson-summaries/<id>.json``: title,
language, grade, perspectives and each handout's file and page count), written together
with its handouts. :func:`write_index` reads
the summaries of the workspace's lessons and writes one page that links to every
handout. The page stands alone (its style is inside it, its links are relative), so it
can be opened from a shared drive or published as a static site; it is built from the
``index.html`` template in the same sandbox as the handouts, so a workspace can
override it.

Because the summaries travel with the handouts, the folders of several
``build --shard K/N`` runs copied together hold everything the index needs:
``lessonpress index`` then writes the same page a full build writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lessonpress.build.output import write_together
from lessonpress.confine import OutsideError, read_inside
from lessonpress.errors import LessonpressError
from lessonpress.quotes.resolve import ResolvedLesson
from lessonpress.version import __version__

#: The folder of the summaries each built lesson leaves, one file per lesson.
SUMMARIES = ".lesson-summaries"
INDEX = "index.html"
_MAX_SUMMARY_BYTES = 200_000


@dataclass(frozen=True)
class HandoutEntry:
    """One file of a lesson, as the index lists it."""

    name: str  # student, teacher or student-large-print
    file: str  # relative to the build folder: <id>/<id>-student.pdf
    format: str  # pdf or html
    pages: int | None  # none for HTML handouts


@dataclass(frozen=True)
class LessonEntry:
    """One lesson, as the index lists it."""

    id: str
    title: str
    language: str
    grade: str
    perspectives: list[str]
    handouts: list[HandoutEntry]
    language_name: str = ""  # the language's name in the index page's language


def summary_path(out_dir: Path, lesson_id: str) -> Path:
    """Where the summary of lesson ``lesson_id`` is kept in build folder ``out_dir``."""
    return out_dir / SUMMARIES / f"{lesson_id}.json"


def summary(lesson: ResolvedLesson, handouts: dict[Path, int | None], out_dir: Path) -> bytes:
    """The summary a built lesson leaves beside its handouts (handout file -> pages)."""
    perspectives = [doc.perspective for pair in lesson.pairs for doc in pair.documents]
    data = {
        "id": lesson.id,
        "title": lesson.title,
        "language": lesson.language,
        "grade": lesson.grade,
        "perspectives": list(dict.fromkeys(perspectives)),
        "handouts": [
            {
                "name": path.stem.removeprefix(f"{lesson.id}-"),
                "file": path.relative_to(out_dir).as_posix(),
                "format": path.suffix.lstrip("."),
                "pages": pages,
            }
            for path, pages in sorted(handouts.items())
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


class SummaryError(LessonpressError):
    """Raised when a lesson's summary in the build folder cannot be read."""


def read_summaries(out_dir: Path, lesson_ids: list[str]) -> list[LessonEntry]:
    """The summaries of the lessons built in ``out_dir``, in id order (unbuilt ones left out)."""
    entries = []
    for lesson_id in sorted(lesson_ids):
        path = summary_path(out_dir, lesson_id)
        if not path.exists():
            continue
        try:
            data = json.loads(read_inside(path, [out_dir], _MAX_SUMMARY_BYTES))
            entries.append(_entry(data))
        except (OutsideError, ValueError, KeyError, TypeError) as exc:
            raise SummaryError(
                f"{path}: not a lessonpress summary ({exc}); build the lesson again"
            ) from None
    return entries


def _entry(data: dict[str, Any]) -> LessonEntry:
    handouts = [
        HandoutEntry(str(h["name"]), str(h["file"]), str(h["format"]), _pages(h["pages"]))
        for h in data["handouts"]
    ]
    return LessonEntry(
        str(data["id"]),
        str(data["title"]),
        str(data["language"]),
        str(data["grade"]),
        [str(p) for p in data["perspectives"]],
        handouts,
    )


def _pages(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError("pages must be a number")


def language_name(tag: str, in_language: str) -> str:
    """``ru`` as the page's language names it (``Russian``, ``русский``), else the tag itself."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - only for the index page

    try:
        name = Locale.parse(tag, sep="-").get_display_name(Locale.parse(in_language, sep="-"))
    except (ValueError, TypeError, UnknownLocaleError):
        return tag
    return name or tag


def index_context(entries: list[LessonEntry], school: str | None, language: str) -> dict[str, Any]:
    """What the index template sees (made data by the templates)."""
    named = [replace(e, language_name=language_name(e.language, language)) for e in entries]
    return {
        "lessons": named,
        "school": school,
        "language": language,
        "generator": f"lessonpress {__version__}",
    }


def write_index(out_dir: Path, html: str) -> Path:
    """Write ``html`` as the build folder's index page, atomically."""
    target = out_dir / INDEX
    write_together({target: html.encode("utf-8")})
    return target
