"""``lessonpress import``: a URL fetched from a loopback server within its limits, and the
errors a teacher can act on (one line naming the file, a hint, exit 1, nothing written)."""

from __future__ import annotations

import contextlib
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import MakeWorkspace, Workspace, loopback_server
from importdocs import ENGLISH, web_page, write_docx
from lessonpress.importing import fetch
from lessonpress.importing.document import Block
from lessonpress.importing.markdown import blocks_of, escape, markdown

PAGE = web_page(ENGLISH).replace(f'<link rel="canonical" href="{ENGLISH.url}">', "")


class Site(BaseHTTPRequestHandler):
    """A page, a redirect to a file, a slow answer and a large one."""

    def do_GET(self) -> None:
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        body = PAGE.encode() + (b" " * 50_000 if self.path == "/large" else b"")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client gone
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


def sources(ws: Workspace) -> list[str]:
    """Every file in content/sources (temporary ones too)."""
    return sorted(p.name for p in (ws.root / "content" / "sources").iterdir())


def test_a_url_is_fetched_within_limits_and_said_in_the_report(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    with loopback_server(Site) as server:
        url = f"http://127.0.0.1:{server.server_port}/news/ferry"
        run = ws.run("import", url, "--id", "ferry")
    assert run.code == 0, run.err
    assert f"fetched {url}: " in run.out
    assert "text/html (limits: 20,000,000 bytes, 20 s)" in run.out
    text = (ws.root / "content/sources/ferry.md").read_text(encoding="utf-8")
    assert f'url: "{url}"' in text  # the page names no canonical address
    assert "Share on Facebook" not in text


# After a timeout, http.client leaves the response's socket to the garbage collector.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize(
    ("path", "setting", "message"),
    [
        ("/to-file", None, "redirects to 'file:///etc/passwd'; only http and https"),
        ("/slow", ("TIMEOUT", 0.5), "could not be fetched (no answer within the time limit)"),
        ("/large", ("LIMIT", 10_000), "is larger than 10,000 bytes, the limit; nothing"),
    ],
    ids=["redirect-to-file", "timeout", "size-limit"],
)
def test_a_url_outside_the_limits_is_refused(
    make_workspace: MakeWorkspace,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    setting: tuple[str, float] | None,
    message: str,
) -> None:
    ws = make_workspace()
    if setting is not None:
        monkeypatch.setattr(fetch, *setting)
    with loopback_server(Site) as server:
        url = f"http://127.0.0.1:{server.server_port}{path}"
        run = ws.run("import", url, "--id", "page")
    assert run.code == 1
    assert run.err == f"lessonpress: {url}: {message}" + run.err.split(message, 1)[1]
    assert len(run.err.splitlines()) == 1
    assert sources(ws) == ["wiki.md"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("file:///etc/passwd", "file:///etc/passwd: only http and https addresses can be"),
        ("ftp://127.0.0.1/x.html", "ftp://127.0.0.1/x.html: only http and https addresses"),
    ],
)
def test_other_schemes_are_refused(
    make_workspace: MakeWorkspace, target: str, message: str
) -> None:
    run = make_workspace().run("import", target)
    assert run.code == 1
    assert message in run.err


def test_errors_name_the_file_and_say_what_to_do(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    odt = tmp_path / "essay.odt"
    odt.write_bytes(b"not really")
    latin1 = tmp_path / "old.txt"
    latin1.write_bytes("caf\xe9 au lait, a whole sentence of text here.".encode("latin-1"))
    cases = {
        str(tmp_path / "missing.html"): f"{tmp_path / 'missing.html'}: no such file",
        str(tmp_path): f"{tmp_path}: is not a regular file",
        str(odt): "essay.odt: cannot be imported: lessonpress imports web pages (.html), PDF,",
        str(latin1): "old.txt: is not UTF-8 text (byte 3 is not); save it as UTF-8",
    }
    for target, message in cases.items():
        run = ws.run("import", target, "--id", "x")
        assert run.code == 1, target
        assert message in run.err
        assert "Traceback" not in run.err and len(run.err.splitlines()) == 1
    assert sources(ws) == ["wiki.md"]


def test_an_existing_source_is_never_replaced(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    before = (ws.root / "content/sources/wiki.md").read_text(encoding="utf-8")
    run = ws.run("import", str(page), "--id", "wiki")
    assert run.code == 1
    assert run.err == (
        "lessonpress: content/sources/wiki.md: already exists; nothing was written (give "
        "another id with --id, or move the file away first)\n"
    )
    assert (ws.root / "content/sources/wiki.md").read_text(encoding="utf-8") == before
    assert ws.run("import", str(page), "--id", "../evil").code == 1
    assert sources(ws) == ["wiki.md"]


def test_a_pdf_without_a_text_layer_needs_ocr(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    import weasyprint  # noqa: PLC0415 - slow to load

    scan = tmp_path / "scan.pdf"
    weasyprint.HTML(string="<div style='height: 5cm; background: #888'></div>").write_pdf(scan)
    run = make_workspace().run("import", str(scan))
    assert run.code == 1
    assert "scan.pdf: has no text layer (a scan?); it needs OCR first" in run.err


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=80))
def test_every_text_reads_back_from_the_markdown_written(text: str) -> None:
    words = " ".join(text.split())
    if words:
        assert blocks_of(escape(words)) == [words]
        for kind in ("heading", "item"):
            assert blocks_of(markdown([Block(words, kind)])) == [words]


def test_a_word_file_that_unpacks_too_far_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lessonpress.importing import run as importing  # noqa: PLC0415

    monkeypatch.setattr(importing, "MAX_UNPACKED", 10_000)
    document = write_docx(ENGLISH, tmp_path / "big.docx")
    run = make_workspace().run("import", str(document))
    assert run.code == 1
    assert "big.docx: unpacks to more than 10,000 bytes; the limit is that" in run.err
