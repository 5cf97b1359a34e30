"""Workspace templates override the built-ins; template mistakes are located."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import MakeWorkspace

REPO = Path(__file__).resolve().parent.parent


def build_html(make_workspace: MakeWorkspace, files: dict[str, str]) -> tuple[int, str, str]:
    ws = make_workspace(files)
    run = ws.run("build", "--format", "html", "--only", "student")
    path = ws.root / "build/demo/demo-student.html"
    return run.code, run.err, path.read_text() if path.exists() else ""


def test_a_workspace_partial_beats_the_builtin(make_workspace: MakeWorkspace) -> None:
    code, err, html = build_html(
        make_workspace,
        {
            "templates/partials/content_warning.html": (
                '<p class="cw">Heads up: {{ lesson.content_warning }}</p>'
            ),
        },
    )
    assert code == 0, err
    assert '<p class="cw">Heads up: These sources describe killings.</p>' in html
    assert "Content warning:" not in html


def test_builtin_prefix_lets_an_override_replace_one_block(make_workspace: MakeWorkspace) -> None:
    code, err, html = build_html(
        make_workspace,
        {
            "templates/student.html": '{% extends "builtin/student.html" %}\n'
            "{% block discussion %}<p>Exit ticket: one thing you learned.</p>{% endblock %}\n",
        },
    )
    assert code == 0, err
    assert "<p>Exit ticket: one thing you learned.</p>" in html
    assert "Document A" in html  # everything else is still the built-in's
    assert "What is genocide?" not in html


def test_custom_css_is_layered_after_the_builtin(make_workspace: MakeWorkspace) -> None:
    code, err, html = build_html(make_workspace, {"templates/custom.css": "h1 { color: red; }"})
    assert code == 0, err
    assert html.index("@font-face") < html.index("h1 { color: red; }")


def test_letter_paper_from_settings(make_workspace: MakeWorkspace) -> None:
    from pypdf import PdfReader  # noqa: PLC0415

    ws = make_workspace({"lessonpress.yaml": "paper: letter\n"})
    assert ws.run("build", "--only", "student").code == 0
    box = PdfReader(ws.root / "build/demo/demo-student.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_undefined_name_in_a_template_is_located(make_workspace: MakeWorkspace) -> None:
    code, err, _ = build_html(
        make_workspace,
        {
            "templates/student.html": '{% extends "builtin/student.html" %}\n'
            "{% block header %}\n<h1>{{ lesson.titel }}</h1>{% endblock %}\n",
        },
    )
    assert code == 1
    assert err.splitlines()[0] == (
        "templates/student.html:3:1: template error: "
        "'lessonpress.quotes.resolve.ResolvedLesson object' has no attribute 'titel' "
        "(did you mean 'title'?)"
    )


def test_template_syntax_error_is_located(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/partials/background.html": "<p>\n{% if x %}\n</p>\n"})
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0].startswith(
        "templates/partials/background.html:2:1: template error: Unexpected end of template."
    )


def test_templates_cannot_reach_python_internals(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {"templates/partials/background.html": "{{ lesson.__class__.__init__.__globals__ }}"}
    )
    run = ws.run("check")
    assert run.code == 1
    assert run.err.startswith(
        "templates/partials/background.html:1:1: template error: '__class__' of a "
        "ResolvedLesson is not available: templates see data only"
    )


def test_template_symlinked_outside_is_not_used(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    outside = ws.root.parent / "evil.html"
    outside.write_text("EVIL")
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "student.html").symlink_to(outside)
    run = ws.run("build", "--format", "html", "--only", "student")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "templates/student.html: template error: the file is a link to a file outside the "
        "workspace (copy it into templates/ instead of linking to it)"
    )


def test_one_block_of_a_partial_can_be_replaced(make_workspace: MakeWorkspace) -> None:
    code, err, html = build_html(
        make_workspace,
        {
            "templates/partials/document.html": '{% extends "builtin/partials/document.html" %}\n'
            '{% block source_note %}<p class="source-note">From: {{ doc.source.info.title }}'
            "</p>{% endblock %}\n",
        },
    )
    assert code == 0, err
    assert html.count('<p class="source-note">From: Kirovabad pogrom</p>') == 2
    assert "Military Wiki" not in html  # the built-in source note is gone ...
    assert "The Soviet authorities confirmed the death of 7 people" in html  # ... the rest stays


def test_the_templates_of_the_customizing_guide_keep_source_notes(
    make_workspace: MakeWorkspace,
) -> None:
    # docs/customizing.md's one-block override, exit ticket and template of one's own each
    # print every document with its source: LP402 finds nothing in them.
    page = (REPO / "docs" / "customizing.md").read_text(encoding="utf-8")
    shown = re.findall(r"```jinja\n\{# file: (templates/\S+) #\}\n(.*?)```", page, re.S)
    assert len(shown) == 3
    ws = make_workspace()
    for name, text in shown:
        written = ws.write(name, text)
        run = ws.run("check", "--strict")
        assert run.code == 0, (name, run.err)
        written.unlink()


def test_templates_list_shows_what_the_workspace_overrides(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {
            "templates/partials/header.html": "<h1>x</h1>",
            "templates/custom.css": "h1 { color: red }",
        }
    )
    run = ws.run("templates", "list")
    assert run.code == 0
    lines = {line.split()[0]: " ".join(line.split()[1:]) for line in run.out.splitlines()}
    assert lines["partials/header.html"] == "overridden"
    assert lines["custom.css"] == "workspace only"
    assert lines["partials/document.html"] == "built-in"
    assert lines["handout.css"] == "built-in"


def test_templates_show_prints_the_winner_and_where_it_is(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/partials/header.html": "<h1>mine</h1>\n"})
    run = ws.run("templates", "show", "partials/header.html")
    assert (run.code, run.out, run.err) == (
        0,
        "<h1>mine</h1>\n",
        "templates/partials/header.html (this workspace's)\n",
    )
    run = ws.run("templates", "show", "builtin/partials/header.html")
    assert run.code == 0
    assert run.err.endswith("src/lessonpress/templates/partials/header.html (built-in)\n")
    assert '<header class="masthead">' in run.out
    run = ws.run("templates", "show", "partials/heder.html")
    assert (run.code, run.err) == (
        2,
        "lessonpress: no template 'partials/heder.html' (did you mean 'partials/header.html'?)\n",
    )


def test_eject_copies_a_builtin_and_refuses_to_overwrite(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    assert ws.run("build", "--only", "student").code == 0
    before = pdf_text(ws.root / "build/demo/demo-student.pdf")
    run = ws.run("templates", "eject", "partials/document.html")
    assert (run.code, run.out) == (
        0,
        "copied the built-in partials/document.html to templates/partials/document.html\n",
    )
    assert ws.run("build", "--only", "student").code == 0
    assert pdf_text(ws.root / "build/demo/demo-student.pdf") == before
    ws.edit(
        "templates/partials/document.html",
        '{{ _("Document %(letter)s", letter=doc.letter) }}</span>',
        "Source {{ doc.letter }}</span>",
    )
    assert ws.run("build", "--only", "student").code == 0
    assert "Source A" in pdf_text(ws.root / "build/demo/demo-student.pdf")
    run = ws.run("templates", "eject", "partials/document.html")
    assert (run.code, run.err) == (
        1,
        "lessonpress: templates/partials/document.html already "
        "exists (use --force to replace it)\n",
    )
    assert ws.run("templates", "eject", "--force", "partials/document.html").code == 0
    assert ws.run("build", "--only", "student").code == 0
    assert pdf_text(ws.root / "build/demo/demo-student.pdf") == before


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader  # noqa: PLC0415

    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)
