"""What a workspace holds, for ``lessonpress sources`` and ``lessonpress lessons``.

Both read the files as ``check`` would but stop short of quotes and rendering, so
they are quick and work even when a lesson or source has errors (its row says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lessonpress.build.pipeline import BuildOptions, Pipeline
from lessonpress.errors import Problems
from lessonpress.model.settings import merged
from lessonpress.model.spec import Lesson, check_lesson, read_lesson
from lessonpress.model.words import sides_of
from lessonpress.model.workspace import Workspace
from lessonpress.model.yamlnodes import Mapping, Node, Scalar
from lessonpress.model.yamlnodes import Sequence as NodeList
from lessonpress.quotes.excerpts import count_words


@dataclass(frozen=True)
class Table:
    """Rows of text under a header."""

    header: list[str]
    rows: list[list[str]]

    def as_dicts(self) -> list[dict[str, str]]:
        """Each row as a mapping from header to value (for ``--format json``)."""
        keys = [h.lower().replace(" ", "_") for h in self.header]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def render(self, width: int | None = None) -> str:
        """Aligned columns; with a ``width``, the widest cut with "…" until the table fits."""
        sizes = [
            max(len(cell) for cell in column)
            for column in zip(self.header, *self.rows, strict=True)
        ]
        gap = 2
        while width is not None and sum(sizes) + gap * (len(sizes) - 1) > width:
            widest = max(range(len(sizes)), key=lambda i: sizes[i])
            if sizes[widest] <= 12:
                break  # narrower would be unreadable: let the terminal wrap
            sizes[widest] -= 1
        lines = [self.header, ["-" * s for s in sizes], *self.rows]
        return "\n".join(
            (" " * gap)
            .join(_cut(cell, size).ljust(size) for cell, size in zip(line, sizes, strict=True))
            .rstrip()
            for line in lines
        )


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _scalar(node: Node | None) -> str | None:
    return node.text if isinstance(node, Scalar) and not node.is_null else None


def _items(node: Node | None, key: str) -> Sequence[Node]:
    value = node.entries.get(key) if isinstance(node, Mapping) else None
    return value.items if isinstance(value, NodeList) else []


def quoted_sources(node: Node | None) -> set[str]:
    """Ids of the sources a lesson's YAML quotes (documents and figures), even if invalid."""
    ids = {
        _scalar(doc.entries.get("source"))
        for pair in _items(node, "pairs")
        for doc in _items(pair, "documents")
        if isinstance(doc, Mapping)
    }
    ids |= {
        _scalar(figure.entries.get("source"))
        for figure in _items(node, "figures")
        if isinstance(figure, Mapping)
    }
    return {i for i in ids if i}


def sources_table(workspace: Workspace) -> Table:
    """One row per source: id, title, type, perspective, licence, words, lessons quoting it."""
    pipeline = Pipeline(workspace)
    used: dict[str, list[str]] = {}
    for lesson_id, path in workspace.lesson_files().items():
        for source_id in quoted_sources(read_lesson(path, Problems(), [workspace.root])):
            used.setdefault(source_id, []).append(lesson_id)
    rows = []
    for source_id in pipeline.library.ids:
        source, problems = pipeline.library.get(source_id)
        lessons = ", ".join(used.get(source_id, [])) or "-"
        if source is None:
            found = len(problems.errors)
            rows.append(
                [
                    source_id,
                    f"(invalid: {found} error{'s' * (found != 1)})",
                    "",
                    "",
                    "",
                    "",
                    lessons,
                ]
            )
            continue
        info = source.info
        words = f"{count_words(' '.join(source.blocks)):,}" + ("*" if info.excerpted else "")
        rows.append(
            [source_id, info.title, info.type, info.perspective, info.license, words, lessons]
        )
    return Table(["Id", "Title", "Type", "Perspective", "Licence", "Words", "Used by"], rows)


def _perspectives(lesson: Lesson, workspace: Workspace, pipeline: Pipeline) -> str:
    labels: list[str] = []
    for pair in lesson.pairs:
        for doc in pair.documents:
            label = doc.perspective
            if label is None:
                source = pipeline.library.get(doc.source)[0]
                label = source.info.perspective if source is not None else "?"
            if label not in labels:
                labels.append(label)
    sides = merged(workspace.settings, lesson.settings).checks.sides
    found = {name for label in labels for name in sides_of(label, sides)}
    named = [side.name for side in sides if side.name in found]
    return f"{len(labels)}" + (f" ({', '.join(named)})" if named else "")


def lessons_table(workspace: Workspace) -> Table:
    """One row per lesson: id, title, grade, pairs, perspectives, last build (or invalid).

    The last build is that of ``lessonpress build`` (PDFs of both versions into build/).
    """
    pipeline = Pipeline(workspace)
    out_dir = workspace.build_dir
    manifest, hashes = pipeline.manifest(BuildOptions(), out_dir)
    rows = []
    for lesson_id, path in workspace.lesson_files().items():
        problems = Problems()
        node = read_lesson(path, problems, [workspace.root])
        lesson = None if problems.errors else check_lesson(node, path, problems)
        status = manifest.status(lesson_id, out_dir, hashes)
        if lesson is None:  # what can be read of it, and how to find out what is wrong
            entries = node.entries if isinstance(node, Mapping) else {}
            found = len(problems.errors)
            rows.append(
                [
                    lesson_id,
                    _scalar(entries.get("title")) or "",
                    _scalar(entries.get("grade")) or "",
                    str(len(_items(node, "pairs"))),
                    "",
                    f"invalid ({found} error{'s' * (found != 1)}: lessonpress check)",
                ]
            )
            continue
        rows.append(
            [
                lesson_id,
                lesson.title,
                lesson.grade,
                str(len(lesson.pairs)),
                _perspectives(lesson, workspace, pipeline),
                status,
            ]
        )
    return Table(["Id", "Title", "Grade", "Pairs", "Perspectives", "Status"], rows)
