"""What the command line prints: problems, tables, plurals; and how it fails."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NoReturn

import click

from lessonpress.cli.annotations import github_annotation

if TYPE_CHECKING:  # the public API loads on first use: --help stays quick
    from lessonpress import Problem, Table

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_ERRORS) -> NoReturn:
    """Print ``lessonpress: message`` on standard error and exit with ``code``."""
    click.echo(f"lessonpress: {message}", err=True)
    sys.exit(code)


def print_problems(problems: Iterable[Problem]) -> tuple[int, int]:
    """Each problem once, as a located line on standard error; the errors and warnings."""
    seen: set[Problem] = set()
    errors = warnings = 0
    for problem in problems:
        if problem in seen:
            continue
        seen.add(problem)
        click.echo(problem.format(), err=True)
        errors += problem.severity == "error"
        warnings += problem.severity == "warning"
    return errors, warnings


def print_annotations(problems: Iterable[Problem]) -> tuple[int, int]:
    """Problems as GitHub Actions annotations on standard output (the runner reads them)."""
    unique = list(dict.fromkeys(problems))
    for problem in unique:
        click.echo(github_annotation(problem))
    errors = sum(p.severity == "error" for p in unique)
    return errors, len(unique) - errors


def print_table(table: Table, fmt: str) -> None:
    """A table as aligned columns (cut to the terminal's width), or as JSON."""
    if fmt == "json":
        click.echo(json.dumps(table.as_dicts(), indent=2, ensure_ascii=False))
    else:  # cut to the terminal's width; whole when written to a file or a pipe
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        click.echo(table.render(width))


def plural(count: int, word: str) -> str:
    """``1 lesson``, ``2 lessons``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
