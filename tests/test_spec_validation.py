"""Checking lesson specs and sources: every message names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MakeWorkspace, Workspace
from lessonpress.errors import Problems
from lessonpress.model.sources import load_source
from lessonpress.model.spec import load_lesson


def check_errors(workspace: Workspace) -> list[str]:
    """The problem lines ``lessonpress check`` prints (exit code 1 asserted)."""
    run = workspace.run("check")
    assert run.code == 1, run.out + run.err
    return [line for line in run.err.splitlines() if not line.startswith("checked ")]


def relative(workspace: Workspace, lines: list[str]) -> list[str]:
    """Messages with the workspace path stripped, as a teacher in the root would see them."""
    prefix = str(workspace.root) + "/"
    return [line.replace(prefix, "") for line in lines]


def test_a_valid_lesson_checks_clean(make_workspace: MakeWorkspace) -> None:
    run = make_workspace().run("check", "--strict")
    assert run.code == 0, run.err
    assert "checked 1 lesson: 0 errors, 0 warnings (strict)" in run.out


def test_typo_in_a_field_name_suggests_the_right_one(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "compelling_question:", "compeling_question:")
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:4:1: compeling_question: unknown field 'compeling_question' "
        "(did you mean 'compelling_question'?)"
    ]


def test_unknown_nested_field(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", '        perspective: "Soviet', '        perspectve: "Soviet')
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:17:9: pairs[0].documents[0].perspectve: unknown field 'perspectve' "
        "(did you mean 'perspective'?)"
    ]


def test_missing_required_field_says_what_to_add(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", 'grade: "9-12"\n', "")
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:1:1: missing required field 'grade' "
        "(add 'grade: 9-12'; grade or grade band)"
    ]


def test_wrong_types_are_located(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "duration: 50", "duration: fifty")
    ws.edit("lessons/demo.yaml", "        answer_lines: 3", "        answer_lines: 99")
    ws.edit("lessons/demo.yaml", '  - "Compare two figures."', '  - text: "Compare."')
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:3:11: duration: expected a whole number, found 'fifty'",
        "lessons/demo.yaml:7:5: objectives[0]: expected text, found a mapping of fields",
        "lessons/demo.yaml:27:23: pairs[0].questions[0].answer_lines: 99 is out of range "
        "(use a number from 0 to 40)",
    ]


def test_a_pair_needs_exactly_two_documents(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    text = (ws.root / "lessons/demo.yaml").read_text()
    start = text.index('      - source: wiki\n        perspective: "Human')
    end = text.index("    questions:")
    (ws.root / "lessons/demo.yaml").write_text(text[:start] + text[end:])
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:16:7: pairs[0].documents: expected exactly 2 items, found 1"
    ]


def test_unknown_source_suggests_a_close_id(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        '      - source: wiki\n        perspective: "Human',
        '      - source: wikki\n        perspective: "Human',
    )
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:20:17: pairs[0].documents[1].source: unknown source 'wikki' "
        "(did you mean 'wiki'?)"
    ]


def test_all_problems_of_a_run_are_reported_together(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessons/other.yaml": "title: [\n"})
    ws.edit("lessons/demo.yaml", "duration: 50", "duration: fifty")
    errors = check_errors(ws)
    assert len(errors) == 2
    assert (
        "lessons/other.yaml:2:1: YAML syntax error: a [ or { that is not closed "
        "(close it, or put the whole value in quotes)" in errors
    )
    assert any("demo.yaml:3:11" in line for line in errors)


def test_adapted_needs_a_note(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        '        perspective: "Soviet authorities"\n',
        '        perspective: "Soviet authorities"\n        adapted: true\n',
    )
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:18:18: LP102: pairs[0].documents[0].adapted: an adapted excerpt needs "
        "an "
        "adaptation_note (say how it was changed, e.g. 'Simplified vocabulary.')"
    ]


def test_yaml_traps_in_text_fields_stay_text(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", 'grade: "9-12"', "grade: NO")
    ws.edit("lessons/demo.yaml", 'title: "Counting the Dead"', "title: 1.10")
    problems = Problems()
    lesson = load_lesson(ws.root / "lessons/demo.yaml", problems, [ws.root])
    assert lesson is not None, [p.format() for p in problems]
    assert (lesson.grade, lesson.title) == ("NO", "1.10")


def test_empty_lesson_file(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessons/demo.yaml": "# nothing yet\n"})
    assert relative(ws, check_errors(ws)) == [
        "lessons/demo.yaml:1:1: the file is empty (see the format reference in the README)"
    ]


SOURCE_HEAD = "---\ntitle: T\npublisher: P\npublished: {published}\naccessed: 2026-01-02\n"
SOURCE_TAIL = (
    "type: news\nperspective: X\nlanguage: en\noffline: Printed.\nlicense: All rights reserved\n"
    "---\nText.\n"
)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("null", None),
        ("1988", "1988"),
        ("1988-11", "November 1988"),
        ("1988-11-26", "26 November 1988"),
    ],
)
def test_source_dates_may_be_partial_or_unknown(
    tmp_path: Path, published: str, expected: str | None
) -> None:
    path = tmp_path / "s.md"
    path.write_text(SOURCE_HEAD.format(published=published) + SOURCE_TAIL)
    problems = Problems()
    source = load_source(path, problems, [tmp_path])
    assert source is not None, [p.format() for p in problems]
    shown = None if source.info.published is None else str(source.info.published)
    assert shown == expected


def test_source_metadata_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    text = SOURCE_HEAD.format(published="1988-13-40") + SOURCE_TAIL.replace("news", "newz")
    path.write_text(text.replace("publisher: P\n", ""))
    problems = Problems()
    assert load_source(path, problems, [tmp_path]) is None
    assert [p.format(tmp_path) for p in problems] == [
        "s.md:2:1: missing required field 'publisher' "
        "(add 'publisher: ...'; publisher, newspaper, website or institution; null when the "
        "source does not name one)",
        "s.md:3:12: published: '1988-13-40' is not a date "
        "(write YYYY-MM-DD, YYYY-MM or YYYY, or null if unknown)",
        "s.md:5:7: type: 'newz' is not allowed here (did you mean 'news'?)",
    ]


def test_published_must_be_written_even_when_unknown(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    path.write_text((SOURCE_HEAD + SOURCE_TAIL).replace("published: {published}\n", ""))
    problems = Problems()
    assert load_source(path, problems, [tmp_path]) is None
    assert "missing required field 'published'" in next(iter(problems)).message


def test_source_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    path.write_text("Just text.\n")
    problems = Problems()
    assert load_source(path, problems, [tmp_path]) is None
    assert [p.format(tmp_path) for p in problems] == [
        "s.md:1:1: a source must start with a '---' line "
        "(put the metadata between two '---' lines, then the text)"
    ]
