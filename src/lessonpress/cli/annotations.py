"""Problems as GitHub Actions workflow commands, so a pull request shows each on its line.

``lessonpress check --format github`` prints one ``::error`` or ``::warning`` command per
problem (GitHub's "workflow commands"): the runner turns each into an annotation on the
file and line it names, titled with the check's id. Text is escaped as the runner
expects (``%``, carriage returns and newlines everywhere; ``:`` and ``,`` too in the
properties), so a message can never end the command early or add one of its own.
"""

from __future__ import annotations

from pathlib import Path

from lessonpress import Problem, display_path


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, cwd: Path | None = None) -> str:
    """``::error file=F,line=L,col=C,title=LP101::message`` for one problem."""
    properties: list[tuple[str, str]] = []
    if problem.file is not None:
        properties.append(("file", display_path(problem.file, cwd)))
        if problem.pos is not None:
            properties += [("line", str(problem.pos.line)), ("col", str(problem.pos.column))]
    properties.append(("title", problem.code or "lessonpress"))
    head = ",".join(f"{key}={_escape_property(value)}" for key, value in properties)
    where = f"{problem.field}: " if problem.field else ""
    text = problem.message if not problem.hint else f"{problem.message} ({problem.hint})"
    return f"::{problem.severity} {head}::{_escape_data(where + text)}"
