"""``lessonpress studio``: the click command (registered by the command line)."""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path

import click

import lessonpress


@click.command(
    short_help="Write a lesson with its handout beside it; pick quotes by selecting them.",
    epilog="""\b
Examples:
  lessonpress studio                    open the library in the browser
  lessonpress studio kirovabad-1988     open one lesson beside its handout
  lessonpress studio --port 8765 --no-browser""",
)
@click.argument("lesson", required=False, metavar="[LESSON]")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="Port on 127.0.0.1 to serve at (default: any free port).",
)
@click.option("--no-browser", is_flag=True, help="Print the address but open no browser.")
@click.pass_context
def studio(ctx: click.Context, *, lesson: str | None, port: int, no_browser: bool) -> None:
    """Open the studio, a page in your browser: the lesson's handout beside it.

    Serves a page on this computer only (127.0.0.1), at an address with a secret
    token, printed on the first line. It shows the lesson's pages (student,
    teacher, large print), updated each time a file is saved, with its problems
    beside them; a source's paragraphs, where selecting passages makes a quote
    that is written into the lesson as Document A or B of a part (comments and
    formatting kept; nothing is written if the file changed meanwhile); and the
    lessons and sources. Keep editing in your own editor. Ctrl-C stops it.
    """
    from lessonpress.studio.guard import Access  # noqa: PLC0415 - --help stays quick
    from lessonpress.studio.server import Studio, listen, serve  # noqa: PLC0415

    root_option = ctx.find_root().obj["root"]
    root = root_option.resolve() if root_option else lessonpress.find_workspace()
    workspace = lessonpress.open_workspace(root)
    start = "/"
    if lesson is not None:
        (lesson_id, _), *_ = workspace.select([lesson]).items()
        start = f"#/lesson/{lesson_id}"
    try:
        sock = listen(port)
    except OSError as exc:
        raise lessonpress.WorkspaceError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc} "
            "(choose another --port, or leave it out for any free one)"
        ) from None
    access = Access.new(sock.getsockname()[1])
    url = access.url + start.removeprefix("/")
    server = Studio(Path(root), access, lessonpress.default_jobs())

    def ready() -> None:
        click.echo(url)
        click.echo(
            f"lessonpress studio: serving {lessonpress.display_path(root)} on this computer "
            "only (Ctrl-C to stop)",
            err=True,
        )
        sys.stdout.flush()
        if not no_browser:
            webbrowser.open(url)

    serve(server, sock, ready)
    click.echo("lessonpress studio: stopped", err=True)
