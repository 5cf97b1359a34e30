"""The ``lessonpress`` command line.

This module only parses arguments, calls the pipeline and maps outcomes to
exit codes: 0 success, 1 input errors (or warnings under ``--strict``), 2 usage
errors. Expected errors print as located one-liners; anything else prints one
line and asks for ``--debug``, which shows the traceback.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import (
    InputError,
    LessonpressError,
    Problem,
    Problems,
    SelectionError,
    display_path,
)

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int = EXIT_ERRORS) -> NoReturn:
    click.echo(f"lessonpress: {message}", err=True)
    sys.exit(code)


def _print_problems(problems: Iterable[Problem]) -> tuple[int, int]:
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


def _print_annotations(problems: Iterable[Problem]) -> tuple[int, int]:
    """Problems as GitHub Actions annotations on standard output (the runner reads them)."""
    from .annotations import github_annotation  # noqa: PLC0415

    unique = list(dict.fromkeys(problems))
    for problem in unique:
        click.echo(github_annotation(problem))
    errors = sum(p.severity == "error" for p in unique)
    return errors, len(unique) - errors


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Main(click.Group):
    """Turns every error into one line and an exit code; lists commands in the order of use."""

    ORDER = ("init", "new", "find", "check", "build", "watch", "lessons", "sources")

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        first = [name for name in self.ORDER if name in names]
        return first + [name for name in names if name not in first]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            _print_problems(exc.problems)
            _fail(f"stopped: {_plural(len(exc.problems), 'error')}")
        except SelectionError as exc:
            _fail(str(exc), EXIT_USAGE)
        except LessonpressError as exc:
            _fail(str(exc))
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:  # Ctrl-C where no handler is installed (as a library)
            _fail("interrupted; finished handouts were kept, nothing half-written", 130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (re-run with --debug and "
                "report it with the traceback)"
            )


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  lessonpress init history-lessons      start a workspace, with an example lesson
  lessonpress build                     build every lesson into build/
  lessonpress watch my-lesson           rebuild a lesson each time it is saved
  lessonpress check --strict            check specs and quotes, as CI does
  lessonpress --root ~/history build    use a workspace elsewhere

  Your first lesson, step by step: docs/first-lesson.md""",
)
@click.version_option(__version__, "--version", prog_name="lessonpress")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the nearest folder above with lessonpress.yaml or lessons/).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """Turn YAML lesson specs and a source library into printable handouts.

    Each lesson in lessons/*.yaml becomes a student handout and a teacher
    guide in build/<lesson>/. Quotes are checked against content/sources/.
    """
    ctx.obj = {"root": root, "debug": debug}


def _open(ctx: click.Context, names: tuple[str, ...]) -> tuple[Any, dict[str, Path], Problems]:
    from .pipeline import Pipeline  # noqa: PLC0415 - keeps --help fast
    from .workspace import open_workspace  # noqa: PLC0415

    problems = Problems()
    workspace = open_workspace(ctx.obj["root"], problems)
    problems.extend(workspace.lesson_file_problems())
    lessons = workspace.select(list(names))
    if not lessons:
        _print_problems(problems)
        _fail(
            f"no lessons in {display_path(workspace.lessons_dir)} (add a .yaml lesson spec there)"
        )
    return Pipeline(workspace), lessons, problems


@cli.command(
    epilog="""\b
Examples:
  lessonpress check                      every lesson and every source
  lessonpress check kirovabad-1988       one lesson (by id or by path)
  lessonpress check --strict             warnings fail too (for CI)
  lessonpress check --format json        the problems as JSON, for editors
  lessonpress check --strict --format github   annotations for a pull request"""
)
@click.argument("lessons", nargs=-1, metavar="[LESSON]...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
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
    pipeline, selected, problems = _open(ctx, lessons)
    results = []
    for lesson_id, path in selected.items():
        if _Stop.requested():
            break
        results.append(pipeline.check(lesson_id, path))
    if not lessons:
        problems.extend(pipeline.check_library())
    found = [*problems, *(p for r in results for p in r.problems)]
    if fmt == "json":
        everything = Problems()
        everything.extend(found)
        click.echo(json.dumps(everything.to_json(), indent=2, ensure_ascii=False))
        errors = len(everything.errors)
        warnings = len(everything.warnings)
    elif fmt == "github":
        errors, warnings = _print_annotations(found)
    else:
        errors, warnings = _print_problems(found)
    failed = errors or (strict and warnings)
    summary = (
        f"checked {_plural(len(results), 'lesson')}: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )
    # With --format json or github, standard output holds the JSON or annotations alone.
    to_stderr = bool(failed) or fmt != "text"
    click.echo(summary + (" (strict)" if strict else ""), err=to_stderr)
    _Stop.exit_if_requested()
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@cli.command(
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
@click.argument("lessons", nargs=-1, metavar="[LESSON]...")
@click.option("--only", type=click.Choice(["student", "teacher"]), help="Build one version only.")
@click.option(
    "--large-print",
    is_flag=True,
    help="Also build a large-print student handout (16 pt, one column); the large_print "
    "setting does this for every build.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html"]),
    default="pdf",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/ in the workspace).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Handouts rendered at once (default: the number of cores).",
)
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
    from .pipeline import BuildOptions  # noqa: PLC0415
    from .workers import Renderers, default_jobs  # noqa: PLC0415 - light: no WeasyPrint

    options = BuildOptions(
        versions=(only,) if only else ("student", "teacher"),  # type: ignore[arg-type]
        format=fmt,  # type: ignore[arg-type]
        out_dir=out,
        strict=strict,
        force=force,
        jobs=jobs or default_jobs(),
        large_print=large_print,
    )
    # The build starts them once it knows something will render; they stop here.
    part = _shard(shard)
    with Renderers(options.jobs) as renderers:
        pipeline, selected, problems = _open(ctx, lessons)
        if part is not None:
            selected = part.select(selected)
        tally = _Tally(len(selected), quiet, strict)
        for result in pipeline.build_all(selected, options, _Stop.requested, renderers):
            tally.add(result)
    # The index page lists what is in the folder; a build that wrote nothing there, into a
    # folder without one, leaves no folder behind.
    index_page = (out or pipeline.workspace.build_dir) / "index.html"
    if (
        part is None
        and not _Stop.requested()
        and (tally.built or tally.current or index_page.exists())
    ):
        _write_index(pipeline, out, problems)
    _print_problems(problems)
    if not quiet:
        for note in pipeline.renderer_notes():
            click.echo(f"note: {note}", err=True)
    stopped = bool(tally.failed) or problems.failed(strict)
    tally.summary(stopped)
    _Stop.exit_if_requested()
    sys.exit(EXIT_ERRORS if stopped else EXIT_OK)


@cli.command(
    short_help="Rebuild handouts each time a lesson, source or template is saved.",
    epilog="""\b
Examples:
  lessonpress watch                     every lesson
  lessonpress watch kirovabad-1988      one lesson (others are left alone)
  lessonpress watch --only student      student handouts only""",
)
@click.argument("lessons", nargs=-1, metavar="[LESSON]...")
@click.option("--only", type=click.Choice(["student", "teacher"]), help="Build one version only.")
@click.option(
    "--large-print",
    is_flag=True,
    help="Also build a large-print student handout (16 pt, one column); the large_print "
    "setting does this for every build.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html"]),
    default="pdf",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/ in the workspace).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Handouts rendered at once (default: the number of cores).",
)
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
    from .pipeline import BuildOptions  # noqa: PLC0415
    from .watch import watch_builds  # noqa: PLC0415
    from .workers import Renderers, default_jobs  # noqa: PLC0415
    from .workspace import find_root  # noqa: PLC0415

    root = ctx.obj["root"].resolve() if ctx.obj["root"] else find_root(Path.cwd())
    options = BuildOptions(
        versions=(only,) if only else ("student", "teacher"),  # type: ignore[arg-type]
        format=fmt,  # type: ignore[arg-type]
        out_dir=out.resolve() if out else None,
        jobs=jobs or default_jobs(),
        large_print=large_print,
    )
    with Renderers(options.jobs) as renderers:
        if fmt == "pdf":
            renderers.start(options.jobs)  # warm from the start: the first edit is quick too
        for number, round_ in enumerate(
            watch_builds(root, list(lessons), options, renderers, _Stop.requested)
        ):
            stamp = time.strftime("%H:%M:%S")
            took = f" ({round_.seconds:.1f} s)"
            _print_problems(round_.problems)
            if round_.error:
                click.echo(f"[{stamp}] {round_.error}", err=True)
            for result in round_.results:
                _print_problems(result.problems)
                if result.up_to_date:
                    continue
                if result.outputs and not result.failed():
                    shown = ", ".join(display_path(p) for p in result.outputs)
                    click.echo(f"[{stamp}] built {result.id}: {shown}{took}")
                else:
                    click.echo(
                        f"[{stamp}] failed {result.id}: {display_path(result.path)}", err=True
                    )
            if number == 0:
                click.echo(f"watching {display_path(root)} for changes (Ctrl-C to stop)")
    click.echo("stopped watching", err=True)


class _Tally:
    """What a build did, printed as it goes (bar or lines) and summed up at the end."""

    def __init__(self, total: int, quiet: bool, strict: bool) -> None:
        from .progress import ProgressBar, on_terminal  # noqa: PLC0415

        self.quiet = quiet
        self.strict = strict
        self.bar = (
            ProgressBar(total, sys.stderr)
            if total > 1 and not quiet and on_terminal(sys.stderr)
            else None
        )
        self.built: list[Any] = []
        self.current = 0
        self.failed: list[Any] = []

    def add(self, result: Any) -> None:
        if self.bar is not None:
            self.bar.clear()
        _print_problems(result.problems)
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
            f"{_plural(len(self.built), 'lesson')} built, {self.current} up to date, "
            f"{len(self.failed)} failed",
            err=stopped,
        )
        if self.bar is not None and self.built:  # no line per lesson was printed
            folders = sorted({display_path(p.parent) for r in self.built for p in r.outputs})
            click.echo("built: " + ", ".join(f"{f}/" for f in folders), err=stopped)
        if self.failed:
            click.echo("failed: " + ", ".join(display_path(r.path) for r in self.failed), err=True)


def _shard(text: str | None) -> Any:
    from .shards import Shard  # noqa: PLC0415

    if text is None:
        return None
    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None


def _write_index(pipeline: Any, out: Path | None, problems: Problems) -> Path | None:
    """Write the build folder's index page; a failure is one more problem."""
    from .templating import TemplateProblem  # noqa: PLC0415

    try:
        return pipeline.write_index(out)  # type: ignore[no-any-return]
    except TemplateProblem as exc:
        problems.add(exc.problem)
    except LessonpressError as exc:
        problems.error(None, None, None, str(exc))
    return None


@cli.command(
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
    pipeline, _selected, problems = _open(ctx, ())
    written = _write_index(pipeline, out, problems)
    _print_problems(problems)
    if written is None or problems.failed():
        sys.exit(EXIT_ERRORS)
    click.echo(f"wrote {display_path(written)}")


@cli.command(
    short_help="Start a workspace, with an example lesson.",
    epilog="""\b
Examples:
  lessonpress init history-lessons      a new folder with an example lesson
  lessonpress init .                    make the current (empty) folder a workspace
  lessonpress init --ci github .        add the GitHub Actions workflow to a workspace""",
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--ci",
    type=click.Choice(["github"]),
    help="Also write a CI workflow (.github/workflows/handouts.yml); in an existing "
    "workspace, only the workflow.",
)
@click.option(
    "--shards",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Runners the workflow splits the build among.",
)
def init(folder: Path, ci: str | None, shards: int) -> None:
    """Start a workspace in FOLDER (new or empty), with an example lesson.

    Writes lessonpress.yaml (every setting, commented), lessons/ with an example
    lesson, content/sources/ with its source, templates/ (with a README on
    overriding), schemas/ for editors, and a .gitignore for build/. Nothing is
    overwritten. With --ci github, also .github/workflows/handouts.yml: check
    with annotations on pull requests, the handouts built by --shards runners on
    the main branch and published (docs/department.md).
    """
    from .scaffold import init_workspace, write_ci  # noqa: PLC0415
    from .workspace import SETTINGS_FILE  # noqa: PLC0415

    if ci is not None and ((folder / SETTINGS_FILE).exists() or (folder / "lessons").is_dir()):
        click.echo(f"wrote {display_path(write_ci(folder, shards))}")
        return
    written = init_workspace(folder)
    if ci is not None:
        written.append(write_ci(folder, shards))
    for path in written:
        click.echo(f"wrote {display_path(path)}")
    where = display_path(folder.resolve())
    click.echo(
        f"\nA workspace is ready in {where}. Next:\n"
        + (f"  cd {where}\n" if folder.resolve() != Path.cwd() else "")
        + "  lessonpress build                  the example lesson, into build/\n"
        "  lessonpress new source my-source   a source for your own lesson\n"
        "  lessonpress new lesson my-lesson   a lesson skeleton with every field"
    )


@cli.group(
    epilog="""\b
Examples:
  lessonpress new source tehran-1943-memo
  lessonpress new lesson baku-1990-reports"""
)
def new() -> None:
    """Write a commented skeleton of a lesson or a source, to fill in.

    The skeleton has every field, with a note on each; nothing is overwritten.
    """


def _workspace(ctx: click.Context) -> Any:
    from .workspace import open_workspace  # noqa: PLC0415

    return open_workspace(ctx.find_root().obj["root"], Problems())


@new.command("lesson")
@click.argument("name")
@click.pass_context
def new_lesson(ctx: click.Context, name: str) -> None:
    """Write lessons/NAME.yaml, a lesson skeleton naming the library's sources."""
    from .scaffold import new_lesson as write  # noqa: PLC0415

    path = write(_workspace(ctx), name)
    click.echo(f"wrote {display_path(path)}")
    click.echo(
        f"Fill it in, then: lessonpress check {path.stem}   (find quotes with: "
        'lessonpress find SOURCE "words")'
    )


@new.command("source")
@click.argument("name")
@click.pass_context
def new_source(ctx: click.Context, name: str) -> None:
    """Write content/sources/NAME.md: the metadata to fill in and room for the text."""
    from .scaffold import new_source as write  # noqa: PLC0415

    path = write(_workspace(ctx), name)
    click.echo(f"wrote {display_path(path)}")
    click.echo("Fill in its fields, paste the text below the second ---, then: lessonpress check")


@cli.command(
    short_help="Write the JSON Schemas editors use to check lessons as you type.",
    epilog="""\b
Examples:
  lessonpress schema                        write schemas/*.schema.json in the workspace
  lessonpress schema --print lesson         print the lesson schema
  lessonpress schema --out ~/.schemas       write them elsewhere""",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write them to (default: schemas/ in the workspace).",
)
@click.option(
    "--print",
    "shown",
    type=click.Choice(["lesson", "source", "settings"]),
    help="Print one schema instead of writing the files.",
)
@click.pass_context
def schema(ctx: click.Context, out: Path | None, shown: str | None) -> None:
    """Write the JSON Schemas of lessons, sources' front matter and settings.

    Editors use them to complete and check fields as you type: lessons made by
    lessonpress new start with a "# yaml-language-server: $schema=..." line
    naming schemas/lesson.schema.json (VS Code: install the YAML extension).
    They come from the same definitions lessonpress checks files with.
    """
    from .jsonschema import SCHEMA_DIR, schema_texts, write_schemas  # noqa: PLC0415

    if shown is not None:
        click.echo(schema_texts()[f"{shown}.schema.json"], nl=False)
        return
    folder = out if out is not None else _workspace(ctx).root / SCHEMA_DIR
    changed = write_schemas(folder)
    for name in schema_texts():
        path = folder / name
        click.echo(f"{'wrote' if path in changed else 'up to date'} {display_path(path)}")


@cli.command(
    short_help="Find words in a source; print passages to paste as quotes.",
    epilog="""\b
Examples:
  lessonpress find kirovabad-pogrom-wiki "martial law"
  lessonpress find kirovabad-pogrom-wiki "Sakharov" --context 1""",
)
@click.argument("source")
@click.argument("words")
@click.option(
    "--context",
    type=click.IntRange(0, 10),
    default=0,
    show_default=True,
    help="Sentences to add before and after each match.",
)
@click.option(
    "--limit", type=click.IntRange(1), default=20, show_default=True, help="Passages shown."
)
@click.pass_context
def find(ctx: click.Context, source: str, words: str, context: int, limit: int) -> None:
    """Print the passages of SOURCE holding WORDS, ready to paste as a quote.

    SOURCE is a source id (its file name in content/sources/ without .md).
    WORDS are matched as quote checking matches (line breaks, typographic quotes
    and dashes do not matter) and, here, whatever their capitals. Each passage is
    the whole sentence(s) around the words, as the source writes them, so pasted
    under a document it passes the check; trim it with [...] as needed.
    """
    from .excerpts import SourceText  # noqa: PLC0415
    from .passages import as_quote, find_passages, find_sentences  # noqa: PLC0415
    from .sources import Library  # noqa: PLC0415

    workspace = _workspace(ctx)
    library = Library(workspace.sources_dir, [workspace.root])
    source_id = Path(source).name.removesuffix(".md")
    if source_id not in library.ids:
        raise SelectionError(f"no source '{source}' ({library.suggest(source_id)})")
    found, problems = library.get(source_id)
    if found is None:
        raise InputError(problems.errors)
    text = SourceText(found)
    passages = find_passages(text, words, context)
    if not passages and len(words.split()) > 1:
        passages = find_sentences(text, words, context)
        if passages:
            click.echo(
                f'"{words}" is not in {source_id} as written; sentences with all those words:',
                err=True,
            )
    if not passages:
        _fail(
            f'"{words}" is not in {display_path(found.path)} (try fewer words, or one '
            "word that is surely there)"
        )
    for passage in passages[:limit]:
        click.echo(f"# {source_id}, paragraph {passage.paragraph}")
        click.echo(as_quote(passage) + "\n")
    more = len(passages) - limit
    click.echo(
        f"{_plural(len(passages), 'passage')} in {source_id}"
        + (f" ({more} more: use --limit)" if more > 0 else ""),
        err=True,
    )


def _print_table(table: Any, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(table.as_dicts(), indent=2, ensure_ascii=False))
    else:  # cut to the terminal's width; whole when written to a file or a pipe
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        click.echo(table.render(width))


_TABLE_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: the rows as a JSON list, for scripts.",
)


@cli.command(short_help="List the sources, and the lessons quoting each.")
@_TABLE_FORMAT
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """List the source library: id, title, type, perspective, licence, words, lessons.

    Words counts the stored text (* marks an excerpted source: only passages of
    the original are stored). "Used by" names the lessons quoting the source.
    """
    from .catalog import sources_table  # noqa: PLC0415

    _print_table(sources_table(_workspace(ctx)), fmt)


@cli.command(short_help="List the lessons, and whether their handouts are up to date.")
@_TABLE_FORMAT
@click.pass_context
def lessons(ctx: click.Context, fmt: str) -> None:
    """List the lessons: id, title, grade, pairs, perspectives, status.

    Perspectives counts the different perspective labels of the documents (and
    names the sides of the conflict they come from, when the settings list
    sides). Status is the last `lessonpress build` (PDFs into build/): up to
    date, changed since built, failed, or not built; or invalid.
    """
    from .catalog import lessons_table  # noqa: PLC0415

    _print_table(lessons_table(_workspace(ctx)), fmt)


@cli.group(
    epilog="""\b
Examples:
  lessonpress templates list
  lessonpress templates show partials/document.html
  lessonpress templates eject partials/document.html"""
)
def templates() -> None:
    """See and copy the templates the handouts are made from.

    Files in the workspace's templates/ folder replace the built-in ones of the
    same name; templates/custom.css is added after the built-in stylesheet.
    """


def _templates(ctx: click.Context) -> tuple[Any, Any]:
    from .templating import Templates  # noqa: PLC0415

    workspace = _workspace(ctx)
    return workspace, Templates(workspace.templates_dir)


@templates.command("list")
@click.pass_context
def templates_list(ctx: click.Context) -> None:
    """List every template, and which ones this workspace overrides."""
    _, found = _templates(ctx)
    names = found.names()
    width = max(len(name) for name in names)
    for name, whose in names.items():
        click.echo(f"{name.ljust(width)}  {whose}")


@templates.command("show")
@click.argument("name")
@click.pass_context
def templates_show(ctx: click.Context, name: str) -> None:
    """Print the template that wins for NAME, saying where it comes from.

    Prefix NAME with builtin/ to see the built-in one even when it is overridden.
    """
    from .templating import BUILTIN_DIR, read_template  # noqa: PLC0415

    workspace, found = _templates(ctx)
    builtin = name.startswith("builtin/")
    plain = name.removeprefix("builtin/")
    if plain not in found.names():
        raise SelectionError(f"no template '{name}' ({_template_hint(plain, found.names())})")
    path = BUILTIN_DIR / plain if builtin else found.find(plain)
    where = "built-in" if path.is_relative_to(BUILTIN_DIR) else "this workspace's"
    click.echo(f"{display_path(path)} ({where})", err=True)
    roots = [BUILTIN_DIR] if where == "built-in" else [workspace.root]
    click.echo(read_template(path, roots), nl=False)


@templates.command("eject")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace the workspace's copy if there is one.")
@click.pass_context
def templates_eject(ctx: click.Context, name: str, force: bool) -> None:
    """Copy the built-in template NAME into templates/ to edit it.

    Prefer a small override that extends builtin/NAME and replaces one block:
    it keeps every later improvement of the rest.
    """
    from .templating import BUILTIN_DIR  # noqa: PLC0415

    workspace, found = _templates(ctx)
    plain = name.removeprefix("builtin/")
    builtins = {n for n, whose in found.names().items() if whose != "workspace only"}
    if plain not in builtins:
        raise SelectionError(f"no built-in template '{name}' ({_template_hint(plain, builtins)})")
    target = workspace.templates_dir / plain
    if (target.exists() or target.is_symlink()) and not force:
        _fail(f"{display_path(target)} already exists (use --force to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((BUILTIN_DIR / plain).read_bytes())
    click.echo(f"copied the built-in {plain} to {display_path(target)}")


def _template_hint(name: str, names: Iterable[str]) -> str:
    from .errors import did_you_mean  # noqa: PLC0415

    return did_you_mean(name, names) or "see lessonpress templates list"


class _Stop:
    """SIGINT and SIGTERM: the first asks the run to stop between lessons; a second stops at once.

    Raising at an arbitrary moment is not safe (an exception raised inside a
    finaliser is printed and then lost), so the first signal is only noted; the
    lesson in progress finishes and is written whole.
    """

    signal: int | None = None

    @classmethod
    def install(cls) -> None:
        signal.signal(signal.SIGINT, cls._handle)
        signal.signal(signal.SIGTERM, cls._handle)

    @classmethod
    def _handle(cls, signum: int, frame: object) -> None:
        if cls.signal is not None:
            # Stop now. The moves that replace a lesson's files hold signals back, so this
            # cannot split them; a temporary file being written is swept on the next run.
            click.echo("lessonpress: stopped at once; finished handouts were kept", err=True)
            for worker in multiprocessing.active_children():  # or they outlive us, noisily
                worker.kill()
            os._exit(130 if signum == signal.SIGINT else 143)
        cls.signal = signum
        click.echo(
            "lessonpress: stopping after the current lesson (press Ctrl-C again to stop at once)",
            err=True,
        )

    @classmethod
    def requested(cls) -> bool:
        return cls.signal is not None

    @classmethod
    def exit_if_requested(cls) -> None:
        if cls.signal is None:
            return
        # Leaving now: a further Ctrl-C must not turn a clean exit into death by signal.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if cls.signal == signal.SIGINT:
            _fail("interrupted; finished handouts were kept, nothing half-written", 130)
        if cls.signal is not None:
            _fail("stopped by a signal; finished handouts were kept, nothing half-written", 143)


def main() -> None:
    """Entry point of the ``lessonpress`` script."""
    _Stop.install()
    cli(prog_name="lessonpress")
