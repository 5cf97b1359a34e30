"""Workspace templates override the built-ins; template mistakes are located."""

from __future__ import annotations

from conftest import MakeWorkspace


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
        "templates/student.html:3:1: template error: 'lessonpress.resolve.ResolvedLesson object' "
        "has no attribute 'titel' (did you mean 'title'?)"
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
        "templates/partials/background.html:1:1: template error: access to "
        "attribute '__init__' of 'StrictUndefined' object is unsafe."
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
