"""The README's reference is generated from the code and must match it."""

from __future__ import annotations

from pathlib import Path

from lessonpress import reference
from lessonpress.resolve import SIDE_BY_SIDE_MAX_WORDS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_reference_is_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert reference.replace_in(text) == text, (
        "README.md is out of date: run python -m lessonpress.reference README.md"
    )


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
    assert f"when either runs over {SIDE_BY_SIDE_MAX_WORDS} words" in README.read_text()
