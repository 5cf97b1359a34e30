"""Shared fixtures: tiny on-disk workspaces and a way to run the CLI in one."""

from __future__ import annotations

import contextlib
import struct
import sys
import textwrap
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from lessonpress.cli import cli

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))


def png(width: int = 2, height: int = 2, body: bytes = b"") -> bytes:
    """A valid white RGB PNG; with ``body``, that IDAT data instead (for broken files)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    if not body:
        body = zlib.compress(b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


SOURCE = """\
---
title: Kirovabad pogrom
publisher: Military Wiki
published: null
accessed: 2026-11-01
type: encyclopedia
perspective: Encyclopedia summary (Wikipedia-derived)
language: en
offline: "A stored copy of the wiki page."
license: CC BY-SA 3.0
---
The Soviet authorities confirmed the death of 7 people at the time of the events. This figure
included 3 Soviet soldiers, 3 Azerbaijanis and 1 Armenian. Angus Roxburgh during the violence
reported that at least six more Armenians were killed due to ethnic rioting in Kirovabad.

On 25 November 1988, Soviet human rights activist Andrei Sakharov, in Massachusetts during the
unrest, said he had received reports from the Soviet Union that more than 130 Armenians were
killed and more than 200 wounded in the violence.

Later Sakharov admitted in his memoirs that his statement was a mistake. He wrote: “This was one
of the annoying errors that I have made in the recent years.”
"""

LESSON = """\
title: "Counting the Dead"
grade: "9-12"
duration: 50
compelling_question: "Why do accounts of the same violence disagree?"
content_warning: "These sources describe killings."
objectives:
  - "Compare two figures."
background: |
  In November 1988 violence broke out in Kirovabad.
vocabulary:
  - term: pogrom
    definition: "An organised violent attack on a group."
pairs:
  - title: "How many died?"
    documents:
      - source: wiki
        perspective: "Soviet authorities"
        quote: >
          The Soviet authorities confirmed the death of 7 people at the time of the events.
      - source: wiki
        perspective: "Human-rights activist"
        quote: >
          [...] Andrei Sakharov, in Massachusetts during the unrest, said he had received reports
          [...]
    questions:
      - text: "Who produced each figure?"
        answer_lines: 3
        teacher_notes: "Sourcing: an official count against second-hand reports."
discussion:
  - text: "What is genocide?"
    teacher_notes: "Introduce the 1948 Convention."
teacher_notes: |
  Notes for the teacher only.
"""


@dataclass
class Workspace:
    """A workspace on disk, with helpers to edit it and run lessonpress in it."""

    root: Path

    def write(self, name: str, text: str) -> Path:
        """Write a file (dedented) relative to the root."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace ``old`` (which must be there) with ``new`` in a file."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str) -> Run:
        """Run the CLI with ``--root`` set to this workspace."""
        runner = CliRunner()
        with contextlib.chdir(self.root):
            result = runner.invoke(cli, ["--root", str(self.root), *args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)


@dataclass(frozen=True)
class Run:
    """Exit code and output of one CLI run."""

    code: int
    out: str
    err: str


MakeWorkspace = Callable[..., Workspace]


@dataclass(frozen=True)
class CorpusRow:
    """One row of a corpus table: a case, its commands, exit code and message fragment."""

    case: str
    commands: tuple[str, ...]
    code: int
    fragment: str  # empty for an inert case (written "-")


def corpus_rows(table: Path, prefix: str = "") -> list[CorpusRow]:
    """The rows of a corpus table (``case<TAB>commands<TAB>code<TAB>fragment``; # comments)."""
    rows = []
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case, commands, code, fragment = line.split("\t")
            fragment = "" if fragment == "-" else fragment
            rows.append(CorpusRow(prefix + case, tuple(commands.split(",")), int(code), fragment))
    return rows


@contextlib.contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[HTTPServer]:
    """A canary HTTP server on 127.0.0.1 (a free port), serving in a thread while in use."""
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """Create a workspace; by default one valid lesson ``demo`` quoting source ``wiki``."""

    def make(files: dict[str, str] | None = None, *, defaults: bool = True) -> Workspace:
        workspace = Workspace(tmp_path / "ws")
        (workspace.root / "lessons").mkdir(parents=True)
        if defaults:
            workspace.write("content/sources/wiki.md", SOURCE)
            workspace.write("lessons/demo.yaml", LESSON)
        for name, text in (files or {}).items():
            workspace.write(name, text)
        return workspace

    return make


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample lessons built once, in a scratch copy: its ``build/`` folder.

    Every lesson's student handout, teacher guide and large-print student handout, as
    ``scripts/pictures`` builds them for the reference pages.
    """
    from pictures import build_samples  # noqa: PLC0415 - needs the page-picture libraries

    return build_samples(tmp_path_factory.mktemp("samples") / "ws", "--large-print") / "build"


def embedded_fonts(pdf: Path) -> set[str]:
    """The name of every font in the PDF, without its subset prefix; each must be embedded."""
    names = set()
    with pikepdf.open(pdf) as opened:
        for page in opened.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts = [font, *font.get("/DescendantFonts", [])]
                for each in fonts:
                    if "/FontDescriptor" in each:
                        descriptor = each.FontDescriptor
                        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
                        names.add(str(each.BaseFont)[1:].split("+", 1)[-1])
    return names
