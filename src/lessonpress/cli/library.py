"""``find``, ``sources`` and ``lessons``: what the library holds, and passages to quote."""

from __future__ import annotations

import click

import lessonpress
from lessonpress import display_path
from lessonpress.cli.options import table_format, workspace
from lessonpress.cli.output import fail, plural, print_table


@click.command(
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
    found = workspace(ctx).find(source, words, context=context)
    passages = found.passages
    if passages and not found.exact:
        click.echo(
            f'"{words}" is not in {found.source_id} as written; sentences with all those words:',
            err=True,
        )
    if not passages:
        fail(
            f'"{words}" is not in {display_path(found.path)} (try fewer words, or one '
            "word that is surely there)"
        )
    for passage in passages[:limit]:
        click.echo(f"# {found.source_id}, paragraph {passage.paragraph}")
        click.echo(lessonpress.as_quote(passage) + "\n")
    more = len(passages) - limit
    click.echo(
        f"{plural(len(passages), 'passage')} in {found.source_id}"
        + (f" ({more} more: use --limit)" if more > 0 else ""),
        err=True,
    )


@click.command(short_help="List the sources, and the lessons quoting each.")
@table_format
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """List the source library: id, title, type, perspective, licence, words, lessons.

    Words counts the stored text (* marks an excerpted source: only passages of
    the original are stored). "Used by" names the lessons quoting the source.
    """
    print_table(workspace(ctx).sources(), fmt)


@click.command(short_help="List the lessons, and whether their handouts are up to date.")
@table_format
@click.pass_context
def lessons(ctx: click.Context, fmt: str) -> None:
    """List the lessons: id, title, grade, pairs, perspectives, status.

    Perspectives counts the different perspective labels of the documents (and
    names the sides of the conflict they come from, when the settings list
    sides). Status is the last `lessonpress build` (PDFs into build/): up to
    date, changed since built, failed, or not built; or invalid.
    """
    print_table(workspace(ctx).lessons(), fmt)
