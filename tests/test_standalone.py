"""HTML handouts stand alone: stylesheets, images and fonts are inside the file."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from conftest import MakeWorkspace, png

FONT_URI = re.compile(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)")


def test_html_carries_its_fonts_cut_to_the_page(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", '"Counting the Dead"', '"Counting the Dead: Гянджа, Գանձակ"')
    run = ws.run("build", "--format", "html", "--only", "student", "--jobs", "1")
    assert run.code == 0, run.err
    html = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    # Nothing is fetched from beside the file: every url() and src is a data: URI.
    assert re.findall(r"url\((?!data:)", html) == []
    assert re.findall(r'\ssrc="(?!data:)', html) == []
    assert "lessonpress-font-" not in html
    fonts = [TTFont(io.BytesIO(base64.b64decode(m))) for m in FONT_URI.findall(html)]
    assert len(fonts) >= 4
    covered: set[int] = set()
    for font in fonts:
        assert font.flavor == "woff2"
        covered |= set(font.getBestCmap())
    for char in "Counting the Dead Гянджа Գանձակ":
        assert ord(char) in covered, char
    # Cut to the page: far fewer glyphs than the bundled fonts hold (Noto Serif: 3,000+).
    assert max(len(f.getGlyphOrder()) for f in fonts) < 400
    assert len(html.encode()) < 600_000


def test_html_inlines_a_workspace_image(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "paper.png").write_bytes(png())
    ws.write("templates/custom.css", "body { background: url(paper.png); }\n")
    run = ws.run("build", "--format", "html", "--only", "student", "--jobs", "1")
    assert run.code == 0, run.err
    html = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    assert "background: url(data:image/png;base64," in html


def test_html_refuses_a_file_outside_the_workspace(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    (ws.root.parent / "secret.png").write_bytes(png())
    ws.write("templates/custom.css", "body { background: url(../../secret.png); }\n")
    run = ws.run("build", "--format", "html", "--jobs", "1")
    assert run.code == 1
    assert "templates/custom.css: cannot put it in the HTML: '../../secret.png' is outside" in (
        run.err
    )
    assert not (ws.root / "build" / "demo").exists()
    ws.write("templates/custom.css", "body { background: url(https://example.org/a.png); }\n")
    run = ws.run("build", "--format", "html", "--jobs", "1")
    assert run.code == 1
    assert "is an address, not a file in the workspace" in run.err


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"templates/fake.png": "not an image\n"},
            "cannot put it in the HTML: is not a PNG, JPEG, GIF, WebP or SVG image",
        ),
        (
            {
                "templates/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg">'
                '<image href="file:///etc/passwd"/></svg>'
            },
            "refers to 'file:///etc/passwd'",
        ),
        ({"templates/school.ttf": "<html>not a font</html>"}, "is not a TrueType, OpenType"),
        ({"templates/more.css": "p { color: red }"}, "cannot follow @import"),
    ],
)
def test_html_checks_what_a_stylesheet_brings_in(
    make_workspace: MakeWorkspace, files: dict[str, str], message: str
) -> None:
    name = next(iter(files)).removeprefix("templates/")
    rule = {
        ".png": f"body {{ background: url({name}); }}",
        ".svg": f"body {{ background: url({name}); }}",
        ".ttf": f'@font-face {{ font-family: "School"; src: url({name}); }}',
        ".css": f"@import url({name});",
    }[name[name.rindex(".") :]]
    ws = make_workspace({**files, "templates/custom.css": rule + "\n"})
    run = ws.run("build", "--format", "html", "--jobs", "1")
    assert run.code == 1
    assert "templates/custom.css: cannot put it in the HTML: " in run.err
    assert message in run.err
    assert "Traceback" not in run.err
    assert not (ws.root / "build" / "demo").exists()


def test_an_html_handout_may_load_nothing_from_outside(make_workspace: MakeWorkspace) -> None:
    # whatever a template writes (an image, a stylesheet, a script), a browser loads none of it
    ws = make_workspace(
        {"templates/partials/background.html": '<img src="http://127.0.0.1:9/x.png" alt="x">'}
    )
    run = ws.run("build", "--format", "html", "--only", "student", "--jobs", "1")
    assert run.code == 0, run.err
    html = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    head = html[html.index("<head>") : html.index("</head>")]
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; font-src data:; style-src 'unsafe-inline'" in head
    )
    assert head.index("Content-Security-Policy") < head.index("<style>")
