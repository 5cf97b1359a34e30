"""The source library: ``content/sources/<id>.md`` files.

A source file is YAML front matter between ``---`` lines (its metadata,
checked against :class:`SourceInfo`), then the source text as Markdown
paragraphs. The id is the file name without ``.md``. Lessons quote sources by
id; :class:`Library` loads each source once, on first use.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lessonpress.errors import Pos, Problems, did_you_mean
from lessonpress.model import markup, yamlnodes
from lessonpress.model.fieldtypes import LanguageTag, Markdown, PartialDate, WebUrl
from lessonpress.model.schema import Where, load_record, location_field, spec

SourceType = Literal[
    "encyclopedia",
    "news",
    "museum",
    "memoir",
    "official",
    "testimony",
    "treaty",
    "book",
    "article",
    "report",
    "speech",
    "letter",
    "interview",
    "photograph",
    "other",
]


@dataclass(frozen=True, kw_only=True)
class SourceInfo:
    """A source's front matter: everything a citation needs."""

    title: str = spec("Title of the work or page.")
    author: str | None = spec("Author(s), when the source names them.", default=None)
    publisher: str | None = spec(
        "Publisher, newspaper, website or institution; null when the source does not name one.",
        nullable=True,
    )
    published: PartialDate | None = spec(
        "Publication date: YYYY-MM-DD, YYYY-MM or YYYY; null when the source does not give one.",
        nullable=True,
        example="1988-11-26",
    )
    accessed: dt.date = spec("When the text was retrieved (YYYY-MM-DD).")
    url: WebUrl | None = spec("Web address, when known for certain.", default=None)
    offline: str | None = spec(
        "Where to find the source when there is no web address: a book, an archive, a "
        "printed page (a source with neither is warned about, LP401).",
        default=None,
        example="Printed in The New York Times, 26 November 1988, p. 6",
    )
    type: SourceType = spec("Kind of source.")
    perspective: str = spec(
        "Whose account this is: the author's position, not a verdict.",
        example="Armenian-American newspaper (Asbarez)",
    )
    language: LanguageTag = spec("Language of the stored text.", example="en")
    license: str = spec("Licence of the text.", example="CC BY-SA 3.0")
    excerpted: bool = spec(
        "true when only passages of the original are stored (copyrighted texts).",
        default=False,
    )
    original_words: int | None = spec(
        "Length of the whole original in words, when only passages are stored: lets the "
        "fair-use check (LP502) weigh how much of it a lesson quotes.",
        default=None,
        min=1,
        max=10_000_000,
    )
    notes: Markdown | None = spec(
        "Notes about the source, e.g. its reference list (Markdown).", default=None
    )
    at: Where = location_field()


@dataclass(frozen=True)
class Source:
    """A loaded source: its metadata and the plain text of each paragraph."""

    id: str
    path: Path
    info: SourceInfo
    blocks: list[str]
    body_line: int


def split_front_matter(text: str, path: Path, problems: Problems) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from the body: (yaml, body, first body line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.error(
            path,
            Pos(1, 1),
            None,
            "a source must start with a '---' line",
            "put the metadata between two '---' lines, then the text",
        )
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return "".join(lines[1 : number - 1]), "".join(lines[number:]), number + 1
    problems.error(
        path,
        Pos(1, 1),
        None,
        "the front matter has no closing '---' line",
        "end the metadata with a line containing only ---",
    )
    return None


def load_source(path: Path, problems: Problems, roots: list[Path]) -> Source | None:
    """Read and check one source file; ``None`` with problems recorded when it is invalid."""
    text = yamlnodes.read_text(path, problems, roots)
    parts = None if text is None else split_front_matter(text, path, problems)
    if parts is None:
        return None
    front, body, body_line = parts
    read = Problems()
    node = yamlnodes.read_yaml(front, path, read, line_offset=1)
    problems.extend(read)
    if len(read):
        return None
    info = load_record(SourceInfo, node, path, problems)
    if info is None:
        return None
    blocks = [unicodedata.normalize("NFC", b) for b in markup.plain_blocks(body)]
    if not blocks:
        problems.error(
            path,
            Pos(body_line, 1),
            None,
            "the source has no text",
            "paste the source text below the closing '---'",
        )
        return None
    return Source(path.stem, path, info, blocks, body_line)


class Library:
    """The sources of one workspace, loaded on first use."""

    def __init__(self, folder: Path, roots: list[Path]) -> None:
        self.folder = folder
        self.roots = roots
        self._files = {p.stem: p for p in sorted(folder.glob("*.md"))} if folder.is_dir() else {}
        self._loaded: dict[str, Source | None] = {}
        self._problems: dict[str, Problems] = {}

    @property
    def ids(self) -> list[str]:
        """Every source id in the library."""
        return list(self._files)

    def suggest(self, source_id: str) -> str:
        """A hint for an unknown source id."""
        return did_you_mean(source_id, self._files) or (
            f"no file content/sources/{source_id}.md; known sources: "
            + (", ".join(self._files) or "none")
        )

    def get(self, source_id: str) -> tuple[Source | None, Problems]:
        """The source with this id (``None`` if missing or invalid) and its own problems."""
        if source_id not in self._loaded:
            problems = Problems()
            path = self._files.get(source_id)
            self._loaded[source_id] = (
                None if path is None else load_source(path, problems, self.roots)
            )
            self._problems[source_id] = problems
        return self._loaded[source_id], self._problems[source_id]
