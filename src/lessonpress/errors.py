"""Expected errors and located problems.

Everything a teacher can cause and fix is a :class:`Problem` with a location,
printed as one line in the format editors understand (``file:line:column:``)::

    lessons/baku-1990.yaml:14:7: pairs[0].documents[1].source: unknown source
    'asbarez' (did you mean 'asbarez-2011'?)

(shown on two lines here; printed on one).

Stages collect problems in a :class:`Problems` list and carry on where they
can, so that one run reports everything; the caller decides when to stop. A
:class:`Problems` list may carry a lesson's check levels
(:class:`~lessonpress.codes.Levels`), applied to each problem as it is added.
Anything that is not a subclass of :class:`LessonpressError` is a bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from lessonpress.codes import Levels, Severity


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where it is."""

    file: Path | None
    pos: Pos | None
    field: str | None
    message: str
    hint: str | None = None
    severity: Severity = "error"
    code: str | None = None  # the check that found it (LP201 ...), see checks.py

    def format(self, cwd: Path | None = None) -> str:
        """Render as ``file:line:col: [warning] [CODE]: field: message (hint)``."""
        parts: list[str] = []
        if self.file is not None:
            where = display_path(self.file, cwd)
            if self.pos is not None:
                where += f":{self.pos.line}:{self.pos.column}"
            parts.append(where)
        label = " ".join(
            word for word in ("warning" if self.severity == "warning" else "", self.code) if word
        )
        if label:
            parts.append(label)
        if self.field:
            parts.append(self.field)
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        return ": ".join([*parts, text])


def display_path(path: Path, cwd: Path | None = None) -> str:
    """``path`` relative to the current directory when below it, else absolute."""
    base = cwd or Path.cwd()
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest of ``choices`` to ``word``, if any is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


class Located(Protocol):
    """A record loaded from a file that knows where each of its fields was written."""

    def of(self, name: str) -> tuple[Path, Pos, str]:
        """File, position and field path of field ``name``."""
        ...


class Problems:
    """An ordered collection of problems, shared by the stages of one run."""

    def __init__(self, levels: Levels | None = None) -> None:
        self._items: list[Problem] = []
        self.levels = levels  # the lesson's check levels, applied as problems are added

    def add(self, problem: Problem) -> None:
        """Record ``problem`` at its check's configured level (dropped if the check is off),
        unless an identical one is already there."""
        if self.levels is not None and problem.code is not None:
            severity = self.levels.severity(problem.code, problem.severity)
            if severity is None:
                return
            if severity != problem.severity:
                problem = replace(problem, severity=severity)
        if problem not in self._items:
            self._items.append(problem)

    def error(
        self,
        file: Path | None,
        pos: Pos | None,
        field: str | None,
        message: str,
        hint: str | None = None,
        *,
        code: str | None = None,
    ) -> None:
        """Record an error (``code``: the check that found it)."""
        self.add(Problem(file, pos, field, message, hint, "error", code))

    def warning(
        self,
        file: Path | None,
        pos: Pos | None,
        field: str | None,
        message: str,
        hint: str | None = None,
        *,
        code: str | None = None,
    ) -> None:
        """Record a warning (an error under ``--strict``)."""
        self.add(Problem(file, pos, field, message, hint, "warning", code))

    def error_at(
        self,
        where: Located,
        name: str,
        message: str,
        hint: str | None = None,
        *,
        code: str | None = None,
    ) -> None:
        """Record an error in field ``name`` of a loaded record (at its line and column)."""
        self.error(*where.of(name), message, hint, code=code)

    def warning_at(
        self,
        where: Located,
        name: str,
        message: str,
        hint: str | None = None,
        *,
        code: str | None = None,
    ) -> None:
        """Record a warning in field ``name`` of a loaded record (at its line and column)."""
        self.warning(*where.of(name), message, hint, code=code)

    def to_json(self, cwd: Path | None = None) -> list[dict[str, object]]:
        """The problems as plain data, for ``check --format json``."""
        return [
            {
                "file": display_path(p.file, cwd) if p.file is not None else None,
                "line": p.pos.line if p.pos else None,
                "column": p.pos.column if p.pos else None,
                "severity": p.severity,
                "code": p.code,
                "field": p.field,
                "message": p.message,
                "hint": p.hint,
            }
            for p in self._items
        ]

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a lesson from building."""
        return [p for p in self._items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that only ``--strict`` turns into failures."""
        return [p for p in self._items if p.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        """Whether these problems mean failure."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class LessonpressError(Exception):
    """Root of every error a user can cause; the CLI prints these without a traceback."""


class Refused(LessonpressError, ValueError):
    """Raised by a helper that refuses a value it was handed: a path outside the workspace
    (:class:`~lessonpress.confine.OutsideError`), an image or SVG, a quote not in its
    source, a shard number. The helper does not know the file and field; its caller does,
    and records the refusal as a located :class:`Problem` (``message``, ``hint``).
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class WorkspaceError(LessonpressError):
    """Raised when no workspace is found or the workspace layout is unusable."""


class SelectionError(LessonpressError):
    """Raised when a lesson named on the command line does not exist (a usage error)."""


class InputError(LessonpressError):
    """Raised when a file that must be read has located problems (YAML, schema, quotes)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class RenderError(LessonpressError):
    """Raised when WeasyPrint cannot render a handout (refused or missing resource, template)."""


class OutputError(LessonpressError):
    """Raised when a finished handout cannot be written to the build folder."""


class EditConflict(LessonpressError):
    """Raised when a file the studio is about to write changed on disk since it was read
    (the teacher saved it from an editor): nothing is written. ``message`` and ``hint``."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class SourceImportError(LessonpressError):
    """Raised when ``import`` cannot make a source of a file or address: unreadable or
    unsupported, a PDF with no text layer, an address refused or not fetched, or a
    source file that exists already. The message starts with the file or address."""
