"""Run the steps of a how-to page (docs/customizing.md) exactly as a reader would.

A page is a sequence of fenced blocks, followed in order:

- a block whose first line names a file (``# file: PATH``, ``/* file: PATH */`` or
  ``{# file: PATH #}``) is written to that file, without that first line;
- a ``diff`` block naming a file replaces each ``-`` line with the ``+`` line after it;
- a ``sh`` block is run line by line with bash (``cd`` changes the folder for later
  steps); ``lessonpress`` is the one installed beside this Python;
- a ``text`` block right after a ``sh`` block is output the commands must print (those
  commands may fail: the page is showing an error); other commands must succeed;
- ``<!-- picture: OUT LESSON page=N top=T bottom=B -->`` asks for a picture of page N
  (negative counts from the end) of LESSON's student handout, from T to B of its height;
- ``<!-- studio: LESSON part=N document=L SOURCE "FIRST WORDS" ... "LAST WORDS" -->`` does
  what a teacher does in the studio: selects SOURCE's text from FIRST WORDS to LAST WORDS
  (across paragraphs, as a mouse does) and puts it in as Document L of part N (``new``: a new
  part), through the public API calls the studio's page makes.

The tests run every step (tests/test_docs_customizing.py); scripts/pictures runs them
too and renders the pictures.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import lessonpress

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
PICTURE = re.compile(r"<!-- picture: (\S+) (\S+) page=(-?\d+) top=([\d.]+) bottom=([\d.]+) -->")
STUDIO = re.compile(
    r'<!-- studio: (\S+) part=(\d+|new) document=([AB]) (\S+) "((?:[^"\\]|\\.)*)" \.\.\. '
    r'"((?:[^"\\]|\\.)*)" -->'
)
FILE_LINE = re.compile(r"^(?:#|/\*|\{#) file: (\S+?)(?: \*/| #\})?$")


@dataclass(frozen=True)
class Picture:
    """A picture the page shows, and where to take it from."""

    out: str
    lesson: str
    page: int
    top: float
    bottom: float


class StepFailed(AssertionError):
    """A step of the page did not do what the page says."""


def run_page(
    page: Path, repo: Path, home: Path, on_picture: Callable[[Picture, Path], None] | None = None
) -> list[str]:
    """Follow every step of ``page`` from ``repo`` with ``home`` as ``~``; a log of steps."""
    text = page.read_text(encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    cwd, log = repo, []
    last_output: str | None = None
    events = sorted(
        [(m.start(), "fence", m) for m in FENCE.finditer(text)]
        + [(m.start(), "picture", m) for m in PICTURE.finditer(text)]
        + [(m.start(), "studio", m) for m in STUDIO.finditer(text)],
        key=lambda e: e[0],
    )
    for index, (_, kind, match) in enumerate(events):
        if kind == "picture":
            picture = Picture(match[1], match[2], int(match[3]), float(match[4]), float(match[5]))
            log.append(f"picture {picture.out}")
            if on_picture is not None:
                on_picture(picture, cwd)
            continue
        if kind == "studio":
            log.append(put_selection(match, cwd))
            continue
        language, body = match[1], match[2]
        first, _, rest = body.partition("\n")
        named = FILE_LINE.match(first)
        if language == "sh":
            last_output = ""
            shows_output = index + 1 < len(events) and events[index + 1][2][1] == "text"
            for line in body.splitlines():
                cwd, output = _shell(line, cwd, env, may_fail=shows_output)
                last_output += output
                log.append(f"$ {line}")
        elif language == "text" and last_output is not None:
            for expected in body.strip().splitlines():
                if expected not in last_output:
                    raise StepFailed(f"expected {expected!r} in the output:\n{last_output}")
            last_output = None
        elif language == "diff" and named:
            _patch(cwd / named[1], rest)
            log.append(f"edit {named[1]}")
        elif named:
            target = cwd / named[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rest, encoding="utf-8")
            log.append(f"write {named[1]}")
    return log


def put_selection(match: re.Match[str], cwd: Path) -> str:
    """Select a source's text from its first to its last words and put the quote it makes
    into a lesson, as the studio does; the step, for the log."""
    import lessonpress  # noqa: PLC0415 - only pages with studio steps need it

    lesson, part, letter, source = match[1], match[2], match[3], match[4]
    first, last = (words.replace('\\"', '"') for words in (match[5], match[6]))
    workspace = lessonpress.open_workspace(cwd)
    spans = _selection(workspace.source_text(source).paragraphs, first, last)
    quote = workspace.quote_from_selection(source, spans).quote
    workspace.add_document(
        lesson,
        source,
        quote,
        part=None if part == "new" else int(part),
        letter=letter,
        expected_digest=workspace.lesson_file(lesson).digest,
    )
    return f"studio {lesson}: {source} as Document {letter} of part {part}"


def _selection(paragraphs: list[str], first: str, last: str) -> list[lessonpress.Span]:
    """The spans a mouse selects from ``first`` to the end of ``last``, paragraph by paragraph."""
    import lessonpress  # noqa: PLC0415

    start = next((i, p.index(first)) for i, p in enumerate(paragraphs) if first in p)
    for index in range(start[0], len(paragraphs)):
        offset = start[1] if index == start[0] else 0
        end = paragraphs[index].find(last, offset)
        if end >= 0:
            break
    else:
        raise StepFailed(f"{last!r} is not after {first!r} in the source")
    return [
        lessonpress.Span(
            number + 1,
            start[1] if number == start[0] else 0,
            end + len(last) if number == index else len(paragraphs[number]),
        )
        for number in range(start[0], index + 1)
    ]


def _shell(line: str, cwd: Path, env: dict[str, str], may_fail: bool) -> tuple[Path, str]:
    if line.startswith("cd "):
        return cwd / line[3:].strip().replace("~", env["HOME"], 1), ""
    result = subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    if result.returncode != 0 and not may_fail:
        raise StepFailed(f"{line!r} failed ({result.returncode}):\n{output}")
    return cwd, output


def _patch(path: Path, diff: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = diff.splitlines()
    for old, new in zip(lines[::2], lines[1::2], strict=True):
        if not (old.startswith("-") and new.startswith("+")):
            raise StepFailed(f"a diff must pair - and + lines: {old!r} {new!r}")
        if old[1:] not in text:
            raise StepFailed(f"{old[1:]!r} is not in {path}")
        text = text.replace(old[1:], new[1:], 1)
    path.write_text(text, encoding="utf-8")
