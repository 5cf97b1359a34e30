"""``init``, ``new`` and ``schema``: start a workspace, a lesson, a source; editors' schemas."""

from __future__ import annotations

from pathlib import Path

import click

import lessonpress
from lessonpress import display_path
from lessonpress.cli.options import workspace


@click.command(
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
    written = lessonpress.init_workspace(folder, ci=ci, shards=shards)
    for path in written:
        click.echo(f"wrote {display_path(path)}")
    if ci is not None and len(written) == 1:
        return  # an existing workspace: only the workflow
    where = display_path(folder.resolve())
    click.echo(
        f"\nA workspace is ready in {where}. Next:\n"
        + (f"  cd {where}\n" if folder.resolve() != Path.cwd() else "")
        + "  lessonpress build                  the example lesson, into build/\n"
        "  lessonpress new source my-source   a source for your own lesson\n"
        "  lessonpress new lesson my-lesson   a lesson skeleton with every field"
    )


@click.group(
    epilog="""\b
Examples:
  lessonpress new source tehran-1943-memo
  lessonpress new lesson baku-1990-reports"""
)
def new() -> None:
    """Write a commented skeleton of a lesson or a source, to fill in.

    The skeleton has every field, with a note on each; nothing is overwritten.
    """


@new.command("lesson")
@click.argument("name")
@click.pass_context
def new_lesson(ctx: click.Context, name: str) -> None:
    """Write lessons/NAME.yaml, a lesson skeleton naming the library's sources."""
    path = workspace(ctx).new_lesson(name)
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
    path = workspace(ctx).new_source(name)
    click.echo(f"wrote {display_path(path)}")
    click.echo("Fill in its fields, paste the text below the second ---, then: lessonpress check")


@click.command(
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
    if shown is not None:
        click.echo(lessonpress.schemas()[f"{shown}.schema.json"], nl=False)
        return
    written = lessonpress.write_schemas(out) if out else workspace(ctx).write_schemas()
    for path, changed in written.items():
        click.echo(f"{'wrote' if changed else 'up to date'} {display_path(path)}")
