"""``check``, ``build``, ``watch`` and ``index``: from lessons to handouts."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

import lessonpress
from lessonpress import InputError, Problems, display_path
from lessonpress.cli.options import (
    build_options,
    lesson_arguments,
    output_options,
    strict_option,
    workspace,
)
from lessonpress.cli.output import (
    EXIT_ERRORS,
    EXIT_OK,
    fail,
    plural,
    print_annotations,
    print_problems,
)
from lessonpress.cli.progress import ProgressBar, on_terminal
from lessonpress.cli.stop import Stop

if TYPE_CHECKING:  # the public API loads on first use: --help stays quick
    from lessonpress import LessonResult


def _selected(ws: lessonpress.Workspace, names: tuple[str, ...]) -> dict[str, Path]:
    """The lessons named (or all); none at all is an error saying where to add one."""
    selected = ws.select(names)
    if not selected:
        print_problems(ws.file_problems())
        fail(f"no lessons in {display_path(ws.lessons_dir)} (add a .yaml lesson spec there)")
    return selected


@click.command(
    epilog="""\b
Examples:
  lessonpress check                      every lesson and every source
  lessonpress check kirovabad-1988       one lesson (by id or by path)
  lessonpress check --strict             warnings fail too (for CI)
  lessonpress check --format json        the problems as JSON, for editors
  lessonpress check --strict --format github   annotations for a pull request"""
)
@lesson_arguments
@strict_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="json: the problems as a JSON list on standard output, for editors and CI; "
    "github: one GitHub Actions annotation per problem, shown on its line in a pull request.",
)
@click.pass_context
def check(ctx: click.Context, *, lessons: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Check lesson specs, sources and quotes without rendering.

    Reports every problem as file:line:column: [warning] [check id]: field:
    message, and exits with 1 if there are errors (or, with --strict,
    warnings). The checks and their ids (LP101 ...) are listed in the README.
    """
    ws = workspace(ctx)
    _selected(ws, lessons)
    report = ws.check(lessons, stop=Stop.requested)
    found = report.problems()
    if fmt == "json":
        everything = Problems()
        everything.extend(found)
        click.echo(json.dumps(everything.to_json(), indent=2, ensure_ascii=False))
        errors, warnings = len(everything.errors), len(everything.warnings)
    elif fmt == "github":
        errors, warnings = print_annotations(found)
    else:
        errors, warnings = print_problems(found)
    failed = errors or (strict and warnings)
    summary = (
        f"checked {plural(len(report.results), 'lesson')}: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
    )
    # With --format json or github, standard output holds the JSON or annotations alone.
    to_stderr = bool(failed) or fmt != "text"
    click.echo(summary + (" (strict)" if strict else ""), err=to_stderr)
    Stop.exit_if_requested()
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@click.command(
    short_help="Build the handouts of every lesson (or those named).",
    epilog="""\b
Examples:
  lessonpress build                         every lesson, both versions, as PDF
  lessonpress build baku-1990               one lesson
  lessonpress build --only student          student handouts only
  lessonpress build --large-print           also <lesson>-student-large-print.pdf
  lessonpress build --jobs 1 --force        render everything again, one at a time
  lessonpress build --format html --out /tmp/preview
  lessonpress build --shard 2/4 --out shard   the second of four CI runners' share""",
)
@lesson_arguments
@output_options
@strict_option
@click.option("--force", is_flag=True, help="Build even the lessons that are up to date.")
@click.option(
    "--quiet", "-q", is_flag=True, help="Print only problems (and the summary if one failed)."
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Build only the K-th of N shares of the lessons (by id), for N CI runners; "
    "no index page (lessonpress index writes it once the shares are put together).",
)
@click.pass_context
def build(
    ctx: click.Context,
    *,
    lessons: tuple[str, ...],
    only: str | None,
    large_print: bool,
    fmt: str,
    out: Path | None,
    strict: bool,
    jobs: int | None,
    force: bool,
    quiet: bool,
    shard: str | None,
) -> None:
    """Build handouts: build/<lesson>/<lesson>-student.pdf and -teacher.pdf.

    With --large-print (or the large_print setting), also
    <lesson>-student-large-print.pdf: 16 pt text, every pair one document above
    the other.

    Lessons whose handouts are up to date (nothing they depend on changed since
    the last build) are skipped; --force builds them anyway. A lesson with
    errors is skipped too (its earlier handouts are kept) and the others are
    still built; the exit code is 1 if any lesson failed. On a terminal, a build
    of several lessons shows a progress bar; elsewhere each lesson built is one
    line. A summary closes the run: lessons built (with their folders), up to
    date and failed. Every build also writes build/index.html, a page listing
    each lesson with links to its handouts.
    """
    options = build_options(
        only=only, large_print=large_print, fmt=fmt, out=out, jobs=jobs, strict=strict, force=force
    )
    part = _shard(shard)
    ws = workspace(ctx)
    selected = _selected(ws, lessons)
    tally = _Tally(len(part.select(selected) if part else selected), quiet, strict)
    report = ws.build(lessons, options, progress=tally.add, stop=Stop.requested, shard=part)
    problems = report.workspace_problems
    print_problems(problems)
    if not quiet:
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
    stopped = bool(tally.failed) or problems.failed(strict)
    tally.summary(stopped)
    Stop.exit_if_requested()
    sys.exit(EXIT_ERRORS if stopped else EXIT_OK)


def _shard(text: str | None) -> lessonpress.Shard | None:
    if text is None:
        return None
    try:
        return lessonpress.Shard.parse(text)
    except lessonpress.Refused as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None


class _Tally:
    """What a build did, printed as it goes (bar or lines) and summed up at the end."""

    def __init__(self, total: int, quiet: bool, strict: bool) -> None:
        self.quiet = quiet
        self.strict = strict
        self.bar = (
            ProgressBar(total, sys.stderr)
            if total > 1 and not quiet and on_terminal(sys.stderr)
            else None
        )
        self.built: list[LessonResult] = []
        self.current = 0
        self.failed: list[LessonResult] = []

    def add(self, result: LessonResult) -> None:
        if self.bar is not None:
            self.bar.clear()
        print_problems(result.problems)
        if result.up_to_date:
            self.current += 1
        elif result.outputs and not result.failed(self.strict):
            self.built.append(result)
            if self.bar is None and not self.quiet:
                shown = ", ".join(display_path(p) for p in result.outputs)
                click.echo(f"built {result.id}: {shown}")
        else:
            self.failed.append(result)
            if self.bar is None:
                click.echo(f"failed {result.id}: {display_path(result.path)}", err=True)
        if self.bar is not None:
            self.bar.advance(result.id)

    def summary(self, stopped: bool) -> None:
        if self.bar is not None:
            self.bar.clear()
        if self.quiet and not stopped:
            return
        click.echo(
            f"{plural(len(self.built), 'lesson')} built, {self.current} up to date, "
            f"{len(self.failed)} failed",
            err=stopped,
        )
        if self.bar is not None and self.built:  # no line per lesson was printed
            folders = sorted({display_path(p.parent) for r in self.built for p in r.outputs})
            click.echo("built: " + ", ".join(f"{f}/" for f in folders), err=stopped)
        if self.failed:
            click.echo("failed: " + ", ".join(display_path(r.path) for r in self.failed), err=True)


@click.command(
    short_help="Rebuild handouts each time a lesson, source or template is saved.",
    epilog="""\b
Examples:
  lessonpress watch                     every lesson
  lessonpress watch kirovabad-1988      one lesson (others are left alone)
  lessonpress watch --only student      student handouts only""",
)
@lesson_arguments
@output_options
@click.pass_context
def watch(
    ctx: click.Context,
    *,
    lessons: tuple[str, ...],
    only: str | None,
    large_print: bool,
    fmt: str,
    out: Path | None,
    jobs: int | None,
) -> None:
    """Build, then rebuild whatever a saved file changes, until Ctrl-C.

    Watches the workspace: saving a lesson rebuilds it, saving a source rebuilds
    the lessons quoting it, saving a template, the stylesheet or lessonpress.yaml
    rebuilds them all. Prints each PDF written, or the problems (file:line:
    message) that stopped a lesson, and keeps watching. Keep the PDF open in a
    viewer that reloads on change (most do).
    """
    root = ctx.obj["root"].resolve() if ctx.obj["root"] else lessonpress.find_workspace()
    options = build_options(
        only=only,
        large_print=large_print,
        fmt=fmt,
        out=out.resolve() if out else None,
        jobs=jobs,
    )
    rounds = lessonpress.watch(root, lessons, options, stop=Stop.requested)
    for number, round_ in enumerate(rounds):
        _print_round(round_)
        if number == 0:
            click.echo(f"watching {display_path(root)} for changes (Ctrl-C to stop)")
    click.echo("stopped watching", err=True)


def _print_round(round_: lessonpress.Round) -> None:
    stamp = time.strftime("%H:%M:%S")
    took = f" ({round_.seconds:.1f} s)"
    print_problems(round_.problems)
    if round_.error:
        click.echo(f"[{stamp}] {round_.error}", err=True)
    for result in round_.results:
        print_problems(result.problems)
        if result.up_to_date:
            continue
        if result.outputs and not result.failed():
            shown = ", ".join(display_path(p) for p in result.outputs)
            click.echo(f"[{stamp}] built {result.id}: {shown}{took}")
        else:
            click.echo(f"[{stamp}] failed {result.id}: {display_path(result.path)}", err=True)


@click.command(
    short_help="Write build/index.html: every lesson built, with links to its handouts.",
    epilog="""\b
Examples:
  lessonpress index                  after copying the shards' folders into build/
  lessonpress index --out public     the index of another output folder""",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/ in the workspace).",
)
@click.pass_context
def index(ctx: click.Context, *, out: Path | None) -> None:
    """Write the index page of the output folder: each lesson of the workspace built
    there (title, language, grade, perspectives, page counts) with links to its
    handouts. build writes it too; run index after putting together the folders
    of several build --shard runs."""
    ws = workspace(ctx)
    _selected(ws, ())
    problems = ws.file_problems()
    try:
        written: Path | None = ws.write_index(out)
    except InputError as exc:
        problems.extend(exc.problems)
        written = None
    print_problems(problems)
    if written is None or problems.failed():
        sys.exit(EXIT_ERRORS)
    click.echo(f"wrote {display_path(written)}")
