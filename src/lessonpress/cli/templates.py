"""``templates list``, ``show`` and ``eject``: the templates the handouts are made from."""

from __future__ import annotations

import click

from lessonpress import display_path
from lessonpress.cli.options import workspace


@click.group(
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


@templates.command("list")
@click.pass_context
def templates_list(ctx: click.Context) -> None:
    """List every template, and which ones this workspace overrides."""
    names = workspace(ctx).templates()
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
    found = workspace(ctx).template(name)
    where = "built-in" if found.builtin else "this workspace's"
    click.echo(f"{display_path(found.path)} ({where})", err=True)
    click.echo(found.text, nl=False)


@templates.command("eject")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace the workspace's copy if there is one.")
@click.pass_context
def templates_eject(ctx: click.Context, name: str, force: bool) -> None:
    """Copy the built-in template NAME into templates/ to edit it.

    Prefer a small override that extends builtin/NAME and replaces one block:
    it keeps every later improvement of the rest.
    """
    target = workspace(ctx).eject_template(name, force=force)
    click.echo(f"copied the built-in {name.removeprefix('builtin/')} to {display_path(target)}")
