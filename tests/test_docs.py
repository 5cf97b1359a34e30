"""The README's reference is generated from the code and must match it."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeWorkspace
from lessonpress import reference
from lessonpress.build.pipeline import Pipeline
from lessonpress.errors import Problems
from lessonpress.model.workspace import open_workspace
from lessonpress.render import contextdoc
from lessonpress.render.layout import MAX_SHARE
from lessonpress.render.templating import Handout

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_reference_is_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert reference.replace_in(text) == text, (
        "README.md is out of date: run python -m lessonpress.reference"
    )


def test_template_context_reference_is_up_to_date() -> None:
    path = README.parent / "docs" / "templates.md"
    text = path.read_text(encoding="utf-8")
    assert reference.replace_in(text, contextdoc.generate()) == text, (
        "docs/templates.md is out of date: run python -m lessonpress.reference"
    )


def test_every_template_object_field_is_described() -> None:
    assert contextdoc.missing_descriptions() == []


def test_every_template_variable_is_described(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    pipeline = Pipeline(open_workspace(ws.root, Problems()))
    lesson = pipeline.prepare("demo", ws.root / "lessons/demo.yaml", Problems())
    assert lesson is not None
    context = pipeline.templates.context(lesson, Handout("student"))
    assert set(context) == set(contextdoc.VARIABLES)


def test_reference_lists_every_field_and_command() -> None:
    generated = reference.generate()
    for name in (
        "compelling_question",
        "answer_lines",
        "adaptation_note",
        "perspective",
        "excerpted",
        "paper",
        "lessonpress build",
        "lessonpress check",
        "--strict",
    ):
        assert f"`{name}" in generated, name


def test_readme_states_the_layout_threshold_the_code_uses() -> None:
    assert MAX_SHARE == 0.6
    assert "more than three fifths of a page" in " ".join(README.read_text().split())
