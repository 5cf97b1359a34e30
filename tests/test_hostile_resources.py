"""The other files of a shared templates folder: stylesheets, SVG images and fonts.

Unit tests of the SVG check (:mod:`lessonpress.model.svgcheck`), the stylesheet guard
(:mod:`lessonpress.render.cssguard`) and the confined fetcher, then every case of
``tests/corpus/templates/resources.tsv`` end to end, and pathological stylesheets
made here (too big for the corpus). Each end-to-end case asserts: the exit code and
message, no traceback, no file outside the workspace opened (an audit hook; builds
run with ``--jobs 1`` so the render happens in this process), the canary's content
in no output, nothing written outside the workspace, no request to the loopback
canary server, and a time bound.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import CorpusRow, MakeWorkspace, Run, Workspace, corpus_rows, loopback_server, png
from lessonpress.confine import PACKAGE_DIR
from lessonpress.model.images import image_type
from lessonpress.model.raster import BadImage
from lessonpress.model.svgcheck import BadSvg, check_svg, shown_reference
from lessonpress.render.cssguard import MAX_NESTING, check_stylesheet
from lessonpress.render.fetcher import ConfinedFetcher

CORPUS = Path(__file__).resolve().parent / "corpus" / "templates"
MARKER = "CANARY-resources-outside-the-workspace"
PNG = png()
ONLY_OWN = "(an SVG may refer only to its own parts, #id, or to data: images)"
#: No case may take longer than this (a hang would otherwise stall the suite).
SECONDS = 45

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], str | bytes):
        with contextlib.suppress(Exception):
            _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@contextlib.contextmanager
def opened() -> Iterator[list[str]]:
    """Every file Python opens meanwhile (resolved through links)."""
    global _OPENED  # noqa: PLW0603 - the audit hook cannot be removed, only switched
    found: list[str] = []
    _OPENED = found
    try:
        yield found
    finally:
        _OPENED = None


def svg(body: str, head: str = "") -> bytes:
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{body}</svg>'
    ).encode()


def data_uri(data: bytes, mime: str = "image/svg+xml") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


# --- the SVG check -----------------------------------------------------------------------

GOOD_SVGS = {
    "shapes": svg('<rect width="10" height="10" fill="#036"/>'),
    "public doctype": svg(
        "<rect/>",
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n',
    ),
    "own parts": svg(
        '<defs><linearGradient id="g"/><circle id="c" r="2"/></defs>'
        '<rect fill="url(#g)" style="stroke: url(\'#g\')"/><use xlink:href="#c"/>'
        "<style>rect { fill: url(#g) }</style>"
    ),
    "data images": svg(
        f'<image href="{data_uri(PNG, "image/png")}"/><image href="{data_uri(svg("<rect/>"))}"/>'
    ),
}


@pytest.mark.parametrize("data", GOOD_SVGS.values(), ids=GOOD_SVGS.keys())
def test_svgs_that_only_draw_pass(data: bytes) -> None:
    check_svg(data)
    assert image_type(data) == "image/svg+xml"


INNER = svg("\n<image href='/etc/passwd'/>")
BAD_SVGS = [
    (
        svg('\n<image xlink:href="file:///etc/passwd"/>'),
        f"line 2: refers to 'file:///etc/passwd' {ONLY_OWN}",
    ),
    (svg('<image href="secret.png"/>'), f"line 1: refers to 'secret.png' {ONLY_OWN}"),
    (svg('<image src="/proc/self/environ"/>'), "line 1: refers to '/proc/self/environ'"),
    (svg('<a href="https://example.org">x</a>'), "line 1: refers to 'https://example.org'"),
    (svg('<use href="other.svg#a"/>'), "line 1: <use> refers to 'other.svg#a' (<use> may only"),
    (svg('<use href="data:image/svg+xml,&lt;svg/>"/>'), "line 1: <use> refers to an SVG given"),
    (
        svg("<text>&lol2;</text>", '<!DOCTYPE svg [<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;">]>'),
        "line 1: declares the entity 'lol' (an SVG may not declare entities)",
    ),
    (
        svg("&x;", '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        "line 1: declares the entity 'x'",
    ),
    (
        svg("", '<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'),
        "line 1: declares the entity 'p'",
    ),
    (
        svg("", '<!DOCTYPE svg [<!ATTLIST image href CDATA "file:///etc/passwd">]>'),
        "line 1: declares a default for 'href'",
    ),
    (svg("&x;"), "line 1: is not well-formed SVG (undefined entity)"),
    (
        svg("", '<?xml version="1.0"?>\n<?xml-stylesheet href="x.css"?>'),
        "line 2: has the processing instruction '<?xml-stylesheet ...?>'",
    ),
    (svg("<script>alert(1)</script>"), "line 1: has a <script> element"),
    (svg("<svg:script xmlns:svg='http://www.w3.org/2000/svg'/>"), "has a <svg:script> element"),
    (svg("<foreignObject/>"), "line 1: has a <foreignObject> element"),
    (svg("<style>\n\n@import 'x.css';</style>"), "line 3: its style has '@import'"),
    (svg("<style>\nrect { fill: url(/etc/passwd) }</style>"), "line 2: refers to '/etc/passwd'"),
    (svg("<rect style=\"fill: url( 'http://x/y' )\"/>"), "line 1: refers to 'http://x/y'"),
    (svg('<rect fill="url(file:///etc/passwd)"/>'), "line 1: refers to 'file:///etc/passwd'"),
    (svg('<set attributeName="href" to="x.svg"/>'), "line 1: <set> changes 'href'"),
    (svg("<rect>"), "line 1: is not well-formed SVG (mismatched tag)"),
    (b"<svg", "line 1: is not well-formed SVG (unclosed token)"),
    (
        svg(f'\n<image href="{data_uri(INNER)}"/>'),
        "line 2: an SVG given as a data: address, line 2: refers to '/etc/passwd'",
    ),
    (
        svg('<image href="data:image/png;base64,bm90IGEgUE5H"/>'),
        "line 1: a data: address (image/png, 34 characters) is not a PNG, JPEG, GIF, WebP",
    ),
    (svg('<image href="data:text/html,hi"/>'), "line 1: refers to a data: address (text/html"),
    (svg('<image href="data:image/png;base64,!!!"/>'), "cannot be decoded"),
]


@pytest.mark.parametrize(("data", "message"), BAD_SVGS)
def test_svgs_that_refer_outside_or_declare_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(BadSvg) as caught:
        check_svg(data)
    assert message in str(caught.value)
    with pytest.raises(BadImage, match="line"):  # and so as an image
        image_type(data)


def test_data_svgs_nest_only_so_deep() -> None:
    data = svg("<rect/>")
    for _ in range(6):
        data = svg(f'<image href="{data_uri(data)}"/>')
    with pytest.raises(BadSvg, match="nests SVGs more than 4 deep"):
        check_svg(data)


def test_a_billion_laughs_is_refused_at_once() -> None:
    lols = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    start = time.monotonic()
    with pytest.raises(BadSvg, match="declares the entity 'lol0'"):
        check_svg(svg("<text>&lol9;</text>", f'<!DOCTYPE svg [<!ENTITY lol0 "lol">{lols}]>'))
    assert time.monotonic() - start < 1


def test_a_data_address_is_described_not_printed() -> None:
    uri = data_uri(svg("<rect/>" * 50))
    assert len(uri) > 300
    assert shown_reference(uri) == "an SVG given as a data: address"
    assert shown_reference("data:image/png;base64,AAAA") == (
        "a data: address (image/png, 26 characters)"
    )
    assert shown_reference("x" * 500) == "'" + "x" * 117 + "...'"


# --- the stylesheet guard ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a{" * 100_000, f"1:{2 * MAX_NESTING + 2}: blocks, brackets or functions nested more"),
        ("\n\np { width: " + "calc(" * 40 + "1px", "3:"),
        ("p{x:y}" * 10_001, "more than 10,000 blocks"),
        ("a," * 10_001 + "b{}", "more than 10,000 selectors"),
    ],
)
def test_stylesheets_nested_too_deep_or_too_big_are_found(text: str, message: str) -> None:
    found = check_stylesheet(text)
    assert found is not None
    assert message in found


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    text = 'p::before { content: "' + "{" * 100 + '" } /* ' + "(" * 100 + " */\n"
    assert check_stylesheet(text) is None
    assert check_stylesheet((PACKAGE_DIR / "templates" / "handout.css").read_text()) is None


# --- the fetcher --------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    return folder


def test_fetcher_refuses_data_svgs_that_refer_outside_in_a_short_message(root: Path) -> None:
    fetcher = ConfinedFetcher([root])
    uri = data_uri(svg('<image href="file:///etc/passwd"/>' + "<rect/>" * 40))
    with pytest.raises(PermissionError):
        fetcher.fetch(uri)
    assert fetcher.refused == [
        f"refused to load an SVG given as a data: address: line 1: refers to "
        f"'file:///etc/passwd' {ONLY_OWN}"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("fake.png", b"not an image", "image 'fake.png' is not a PNG, JPEG, GIF, WebP or SVG"),
        ("bomb.png", png(60_000, 60_000, b"x" * 64), "image 'bomb.png' has far too many pixels"),
        ("map.svg", svg('<use href="x.svg#a"/>'), "image 'map.svg' line 1: <use> refers to"),
    ],
)
def test_fetcher_checks_every_image_it_serves(
    root: Path, name: str, data: bytes, message: str
) -> None:
    (root / name).write_bytes(data)
    fetcher = ConfinedFetcher([root])
    with pytest.raises(PermissionError):
        fetcher.fetch((root / name).as_uri())
    assert message in fetcher.refused[0]
    assert fetcher.served == []


def _parse(css: str, base: Path, fetcher: ConfinedFetcher) -> None:
    import weasyprint  # noqa: PLC0415
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415

    with contextlib.suppress(FatalURLFetchingError):
        weasyprint.CSS(
            string=css,
            base_url=base.as_uri() + "/",
            url_fetcher=fetcher,
            font_config=FontConfiguration(),
        )


@pytest.mark.parametrize(
    ("name", "data", "served"),
    [
        ("school.ttf", (PACKAGE_DIR / "fonts" / "NotoSerif-Regular.ttf").read_bytes(), True),
        ("school.woff2", b"wOF2" + b"\x00" * 64, True),  # served; the renderer finds it broken
        ("school.ttf", b"<svg>not a font</svg>", False),
        ("school.ttf", PNG, False),
        ("school.otf", b"%!PS-AdobeFont-1.0 a Type 1 font", False),
    ],
)
def test_fonts_are_served_only_when_they_start_like_fonts(
    root: Path, name: str, data: bytes, served: bool
) -> None:
    (root / name).write_bytes(data)
    fetcher = ConfinedFetcher([root])
    _parse(f'@font-face {{ font-family: "S"; src: url({name}) }}', root, fetcher)
    if served:
        assert fetcher.refused == []
        assert fetcher.served == [(root / name).resolve()]
    else:
        assert fetcher.refused == [
            f"refused to load '{(root / name).as_uri()}': '{name}' is not a font (use a "
            "TrueType, OpenType, WOFF or WOFF2 file)"
        ]


def test_a_stylesheet_importing_itself_stops(root: Path) -> None:
    (root / "a.css").write_text('@import "b.css";')
    (root / "b.css").write_text('@import "a.css";')
    fetcher = ConfinedFetcher([root])
    _parse('@import "a.css";', root, fetcher)
    assert (
        fetcher.refused and "would be stylesheet number 33; the limit is 32" in (fetcher.refused[0])
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("deep.css", b"a{" * 1000, "'deep.css':1:66: blocks, brackets or functions nested more"),
        ("binary.css", b"p{}\x00\x01", "'binary.css' is not a stylesheet (it is not text)"),
    ],
)
def test_an_imported_stylesheet_is_checked_too(
    root: Path, name: str, data: bytes, message: str
) -> None:
    (root / name).write_bytes(data)
    fetcher = ConfinedFetcher([root])
    _parse(f'@import "{name}";', root, fetcher)
    assert message in fetcher.refused[0]


def test_fetcher_reads_with_a_size_limit(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lessonpress.render.fetcher.MAX_RESOURCE_BYTES", 1000)
    (root / "big.png").write_bytes(PNG + b"\x00" * 2000)
    fetcher = ConfinedFetcher([root])
    with pytest.raises(PermissionError):
        fetcher.fetch((root / "big.png").as_uri())
    assert "bytes; the limit is 1,000" in fetcher.refused[0]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///proc/self/environ", "outside the workspace"),
        ("file:///dev/zero", "'/dev/zero' is outside the workspace"),
        ("http://127.0.0.1:9/x.woff2", "network access is not allowed"),
        ("https://fonts.example.org/x.css", "network access is not allowed"),
        ("ftp://127.0.0.1/x.png", "network access is not allowed"),
        ("gopher://127.0.0.1/x", "network access is not allowed"),
    ],
)
def test_fetcher_refuses_the_network_and_system_files(root: Path, url: str, reason: str) -> None:
    fetcher = ConfinedFetcher([root])
    with pytest.raises(PermissionError):
        fetcher.fetch(url)
    assert reason in fetcher.refused[0]


def test_fetcher_refuses_a_fifo_without_opening_it(root: Path) -> None:
    os.mkfifo(root / "pipe.png")
    fetcher = ConfinedFetcher([root])
    with pytest.raises(PermissionError):
        fetcher.fetch((root / "pipe.png").as_uri())
    assert "is not a regular file" in fetcher.refused[0]


# --- end to end ---------------------------------------------------------------------------


class _Canary(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(f"body::before {{ content: '{MARKER}' }}".encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def canary_server() -> Iterator[HTTPServer]:
    with loopback_server(_Canary) as server:
        yield server


def cases() -> list[CorpusRow]:
    return corpus_rows(CORPUS / "resources.tsv")


def test_every_stylesheet_and_logo_of_the_corpus_is_listed() -> None:
    listed = {case.case for case in cases()}
    assert {p.name for p in CORPUS.glob("*") if p.suffix in (".css", ".svg")} <= listed
    assert len(listed) >= 10


@dataclass
class Outside:
    """The canary folder outside the workspace, and the folder holding both."""

    canary: Path
    around: Path


@pytest.fixture
def outside(tmp_path: Path) -> Outside:
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "secret.txt").write_text(f"secret {MARKER}")
    (canary / "secret.png").write_bytes(png(3, 3))
    (canary / "secret.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{MARKER}</svg>')
    return Outside(canary, tmp_path)


def _fingerprint(folder: Path, skip: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.is_relative_to(skip):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_safely(ws: Workspace, outside: Outside, *args: str) -> tuple[Run, float]:
    """Run a command; assert it opened and wrote nothing outside and leaked nothing."""
    before = _fingerprint(outside.around, ws.root)
    args = (*args, "--jobs", "1") if args[0] == "build" else args
    start = time.monotonic()
    with opened() as files:
        run = ws.run(*args)
    seconds = time.monotonic() - start
    assert [f for f in files if f.startswith(str(outside.canary))] == []
    assert "/etc/passwd" not in files
    assert [f for f in files if f.startswith("/proc/") and "self/environ" in f] == []
    assert _fingerprint(outside.around, ws.root) == before, "a file outside changed"
    output = run.out + run.err
    assert "Traceback" not in output
    assert "internal error" not in output
    assert MARKER not in output
    for path in (ws.root / "build").rglob("*") if (ws.root / "build").is_dir() else []:
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes()
    assert _Canary.hits == []
    assert seconds < SECONDS, f"{args[0]} took {seconds:.1f} s"
    return run, seconds


def install(ws: Workspace, name: str, canary: Path, port: int) -> None:
    text = (CORPUS / name).read_text()
    text = text.replace("{canary}", str(canary)).replace("{port}", str(port))
    if name.endswith(".css"):
        ws.write("templates/custom.css", text)
    else:
        ws.write("templates/logo.svg", text)
        ws.write("lessonpress.yaml", "logo:\n  file: templates/logo.svg\n  alt: Logo\n")


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.case)
def test_corpus_case(
    make_workspace: MakeWorkspace, outside: Outside, canary_server: HTTPServer, case: CorpusRow
) -> None:
    ws = make_workspace()
    port = canary_server.server_port
    install(ws, case.case, outside.canary, port)
    fragment = (
        case.fragment.replace("{canary}", str(outside.canary))
        .replace("{port}", str(port))
        .replace("{workspace}", str(ws.root.resolve()))
    )
    for command in case.commands:
        run, _ = run_safely(ws, outside, command)
        assert run.code == case.code, (command, run.err)
        assert fragment in run.err, (command, run.err)
        errors = [line for line in run.err.splitlines() if "error" in line or "failed:" in line]
        assert all(len(line) < 400 for line in errors), run.err
        assert "data:image/svg+xml;base64" not in run.err
        if case.code:
            assert not list((ws.root / "build").rglob("*.pdf"))


PATHOLOGICAL = {
    "100,000 open blocks": ("a{" * 100_000, 1, "templates/custom.css:1:66: blocks, brackets"),
    "100,000 parentheses": (
        "p { width: " + "(" * 100_000 + "}",
        1,
        "templates/custom.css:1:43: blocks, brackets",
    ),
    "a million selectors": (
        "".join(f".c{i}, " for i in range(100_000))[:990_000] + "p { color: red }",
        1,
        "templates/custom.css:1:",
    ),
    "too big to read": ("p{}" * 400_000, 1, "templates/custom.css: template error: the file is"),
    "huge padding": ("p { padding-top: 1e7px }", 1, "custom.css:1:18: the number 1e7 is too large"),
    "huge font": ("body { font-size: 1e30px }", 1, "custom.css:1:19: the number 1e30 is too"),
    "huge spacing": ("body { letter-spacing: 1e6px }", 1, "custom.css:1:24: the number 1e6 is"),
    "huge width": ("p { margin-left: -1e9px }", 1, "custom.css:1:18: the number -1e9 is too"),
    "many columns": ("body { columns: 100000 }", 1, "custom.css:1:17: the number 100000 is"),
    "nested var()": (
        ":root { --a: x; "
        + " ".join(
            f"--{chr(98 + i)}: var(--{chr(97 + i)}) var(--{chr(97 + i)});" for i in range(24)
        )
        + "} p { font-family: var(--y) }",
        1,
        "templates/custom.css:1:1: the custom property --j expands to more than 1,000 var()",
    ),
}


@pytest.mark.parametrize("case", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_stylesheets_end_cleanly(
    make_workspace: MakeWorkspace,
    outside: Outside,
    canary_server: HTTPServer,
    case: tuple[str, int, str],
) -> None:
    css, code, fragment = case
    ws = make_workspace({"templates/custom.css": css})
    run, seconds = run_safely(ws, outside, "build")
    assert run.code == code, run.err
    assert fragment in run.err
    print(f"{seconds:.1f} s")


def test_a_render_is_bounded_in_time(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lessonpress.render.pdf.MAX_RENDER_SECONDS", 0.05)
    ws = make_workspace()
    run = ws.run("build", "--jobs", "1")
    assert run.code == 1
    assert "render failed: the handout took longer than 0.05 seconds to lay out" in run.err


def test_a_render_is_bounded_in_pages(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/custom.css": "p, li, h1, h2, h3, div { break-after: page }"})
    ws.edit("lessons/demo.yaml", "  In November 1988", "  " + "A.\n\n  " * 70 + "In November 1988")
    start = time.monotonic()
    run = ws.run("build", "--jobs", "1", "--only", "student")
    assert run.code == 1, run.err
    assert "the handout would be more than 60 pages long; the limit is 60" in run.err
    assert time.monotonic() - start < SECONDS


def test_check_finds_a_runaway_stylesheet_at_its_line(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/custom.css": "p { color: red }\nbody { columns: 100000 }\n"})
    for command in ("check", "build"):
        run = ws.run(command)
        assert run.code == 1
        assert run.err.startswith(
            "templates/custom.css:2:17: the number 100000 is too large (at most 10,000)"
        ), run.err
