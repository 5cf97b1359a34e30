"""The ``lessonpress`` command line: parses arguments, calls the public API, prints.

It uses only the names :mod:`lessonpress` exports (an import-linter contract keeps it
so) and maps outcomes to exit codes: 0 success, 1 input errors (or warnings under
``--strict``), 2 usage errors. Expected errors print as located one-liners; anything
else prints one line and asks for ``--debug``, which shows the traceback. One module
per group of commands: building (check, build, watch, index), library (find,
sources, lessons), starting (init, new, schema), importing (import) and templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lessonpress import InputError, LessonpressError, SelectionError, __version__
from lessonpress.cli.building import build, check, index, watch
from lessonpress.cli.importing import import_
from lessonpress.cli.library import find, lessons, sources
from lessonpress.cli.output import EXIT_USAGE, fail, plural, print_problems
from lessonpress.cli.starting import init, new, schema
from lessonpress.cli.stop import Stop
from lessonpress.cli.templates import templates
from lessonpress.studio.command import studio


class _Main(click.Group):
    """Turns every error into one line and an exit code; lists commands in the order of use."""

    ORDER = (
        "init",
        "new",
        "studio",
        "import",
        "find",
        "check",
        "build",
        "watch",
        "lessons",
        "sources",
    )

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        first = [name for name in self.ORDER if name in names]
        return first + [name for name in names if name not in first]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            print_problems(exc.problems)
            fail(f"stopped: {plural(len(exc.problems), 'error')}")
        except SelectionError as exc:
            fail(str(exc), EXIT_USAGE)
        except LessonpressError as exc:
            fail(str(exc))
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:  # Ctrl-C where no handler is installed (as a library)
            fail("interrupted; finished handouts were kept, nothing half-written", 130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            fail(
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
  lessonpress studio my-lesson          the lesson beside its handout, in the browser
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


for _command in (
    init,
    new,
    import_,
    find,
    check,
    build,
    watch,
    lessons,
    sources,
    index,
    schema,
    templates,
):
    cli.add_command(_command)
cli.add_command(studio)  # a front-end of its own (lessonpress.studio), beside the command line


def main() -> None:
    """Entry point of the ``lessonpress`` script."""
    Stop.install()
    cli(prog_name="lessonpress")


__all__ = ["cli", "main"]
