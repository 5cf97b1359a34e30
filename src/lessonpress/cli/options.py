"""Options several commands share, declared once (as MkDocs shares its build options)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

import lessonpress

F = TypeVar("F", bound=Callable[..., Any])


def workspace(ctx: click.Context) -> lessonpress.Workspace:
    """The workspace of ``--root`` (or the nearest one above the current folder)."""
    return lessonpress.open_workspace(ctx.find_root().obj["root"])


def lesson_arguments(command: F) -> F:
    """``[LESSON]...``: lesson ids or paths; none means every lesson."""
    return click.argument("lessons", nargs=-1, metavar="[LESSON]...")(command)


def strict_option(command: F) -> F:
    """``--strict``."""
    return click.option("--strict", is_flag=True, help="Treat warnings as errors.")(command)


def output_options(command: F) -> F:
    """What a build makes and where: ``--only``, ``--large-print``, ``--format``, ``--out``,
    ``--jobs`` (build and watch)."""
    for option in reversed(
        [
            click.option(
                "--only",
                type=click.Choice(["student", "teacher"]),
                help="Build one version only.",
            ),
            click.option(
                "--large-print",
                is_flag=True,
                help="Also build a large-print student handout (16 pt, one column); the "
                "large_print setting does this for every build.",
            ),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["pdf", "html"]),
                default="pdf",
                show_default=True,
                help="Output format.",
            ),
            click.option(
                "--out",
                type=click.Path(file_okay=False, path_type=Path),
                help="Output folder (default: build/ in the workspace).",
            ),
            click.option(
                "--jobs",
                type=click.IntRange(1, 64),
                help="Handouts rendered at once (default: the number of cores).",
            ),
        ]
    ):
        command = option(command)
    return command


def build_options(
    *,
    only: str | None,
    large_print: bool,
    fmt: str,
    out: Path | None,
    jobs: int | None,
    strict: bool = False,
    force: bool = False,
) -> lessonpress.BuildOptions:
    """The :class:`~lessonpress.BuildOptions` of the shared options."""
    return lessonpress.BuildOptions(
        versions=(only,) if only else ("student", "teacher"),  # type: ignore[arg-type]
        format=fmt,  # type: ignore[arg-type]
        out_dir=out,
        strict=strict,
        force=force,
        jobs=jobs or lessonpress.default_jobs(),
        large_print=large_print,
    )


table_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: the rows as a JSON list, for scripts.",
)
