"""``import``: a source file from a saved web page, a PDF, a Word file, text or a URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lessonpress import display_path
from lessonpress.cli.options import workspace
from lessonpress.cli.output import plural

if TYPE_CHECKING:  # the public API loads on first use: --help stays quick
    from lessonpress import ImportReport


@click.command(
    "import",
    short_help="Make a source from a web page, PDF, Word file or URL.",
    epilog="""\b
Examples:
  lessonpress import ~/Downloads/ferry-to-krasnovodsk.html
  lessonpress import report.pdf --id hrw-1992-report
  lessonpress import https://example.org/news/1990/01/ferry""",
)
@click.argument("file_or_url", metavar="FILE|URL")
@click.option(
    "--id",
    "source_id",
    metavar="ID",
    help="The source id (its file name without .md); default: made from the title.",
)
@click.pass_context
def import_(ctx: click.Context, file_or_url: str, source_id: str | None) -> None:
    """Write content/sources/ID.md from FILE (a saved web page .html, a PDF,
    a Word .docx, text .txt or Markdown .md) or from an http(s) URL.

    The text is kept word for word, without the page around it (menus,
    share buttons, captions, comments; a PDF's running heads and page
    numbers), so passages copied from the original pass as quotes. The
    title, author, publisher, date, address and language are taken from
    the document where it states them; perspective and license are left
    empty for you to fill in (check says what is missing). An existing
    file is never replaced. Only this command, given a URL, uses the
    network: one download, with a time and a size limit.
    """
    report = workspace(ctx).import_source(file_or_url, source_id=source_id)
    for line in report_lines(report):
        click.echo(line)


def report_lines(report: ImportReport) -> list[str]:
    """The short report ``import`` prints."""
    lines = [f"wrote {display_path(report.path)} from {report.origin} ({report.kind})"]
    if report.download is not None:
        got = report.download
        moved = f", redirected to {got.final_url}" if got.final_url != got.url else ""
        lines.append(
            f"fetched {got.url}{moved}: {got.size:,} bytes, {got.content_type or 'no type'} "
            f"(limits: {got.limit:,} bytes, {got.timeout:g} s)"
        )
    lines.append("found: " + (_found(report) or "no title, author, publisher or date"))
    lines.append(
        f"kept: {plural(report.paragraphs, 'paragraph')}, {plural(report.headings, 'heading')}, "
        f"{plural(report.words, 'word')}"
    )
    removed = ", ".join(f"{part}: {plural(n, 'line')}" for part, n in report.removed.items())
    lines.append(f"left out: {removed or 'nothing'}")
    lines += [f"note: {note}" for note in report.notes]
    lines.append("fill in: " + "; ".join(report.to_fill))
    lines.append(
        "then: lessonpress check (it names what is still missing), and "
        f'lessonpress find {report.source_id} "a few words" for passages to quote'
    )
    return lines


def _found(report: ImportReport) -> str:
    """The fields found, each marked when it was read from the words, not stated."""
    return "; ".join(
        f"{name} {value!r}" + (" (read from its words)" if "words" in report.where[name] else "")
        for name, value in report.found.items()
    )
