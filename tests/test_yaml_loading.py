"""Reading lesson YAML: located syntax errors and the safety rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonpress.errors import InputError, Problems
from lessonpress.model.yamlnodes import Mapping, Scalar, Sequence, decode, parse, read_text

FILE = Path("lesson.yaml")


def problem_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse(text, FILE)
    assert len(info.value.problems) == 1
    return info.value.problems[0].format(Path.cwd())


def test_positions_are_kept_for_every_node() -> None:
    node = parse("title: A\npairs:\n  - title: B\n    n: 3\n", FILE)
    assert isinstance(node, Mapping)
    assert node.key_pos["pairs"].line == 2
    pairs = node.entries["pairs"]
    assert isinstance(pairs, Sequence)
    first = pairs.items[0]
    assert isinstance(first, Mapping)
    assert first.entries["n"].pos.line == 4
    assert first.entries["n"].pos.column == 8


@pytest.mark.parametrize("raw", ["NO", "yes", "1.10", "1:30", "2024-01-05", "~x", "0o17"])
def test_scalars_keep_their_raw_text(raw: str) -> None:
    node = parse(f"grade: {raw}\n", FILE)
    assert isinstance(node, Mapping)
    value = node.entries["grade"]
    assert isinstance(value, Scalar)
    assert value.text == raw
    assert not value.is_null


def test_null_is_recognised_only_unquoted() -> None:
    node = parse("a: null\nb: 'null'\nc:\n", FILE)
    assert isinstance(node, Mapping)
    values = {k: v for k, v in node.entries.items() if isinstance(v, Scalar)}
    assert values["a"].is_null
    assert not values["b"].is_null
    assert values["c"].is_null


def test_tab_indentation_is_located() -> None:
    text = "title: A\nvocabulary:\n\t- term: x\n"
    assert problem_of(text) == (
        "lesson.yaml:3:1: YAML syntax error: a tab character (indent with spaces, not tabs)"
    )


def test_unclosed_quote_points_at_the_quote() -> None:
    text = 'title: A\ngrade: "9-12\nduration: 50\ncompelling_question: "Why?"\n'
    assert problem_of(text) == (
        "lesson.yaml:2:8: YAML syntax error: unclosed quote "
        "(close the quote at the end of the value)"
    )


def test_unclosed_quote_at_the_end_of_the_file() -> None:
    assert problem_of("title: 'Counting\n").startswith(
        "lesson.yaml:1:8: YAML syntax error: unclosed quote"
    )


def test_quotes_inside_a_quoted_value() -> None:
    message = problem_of('title: "The "big" day"\n')
    assert message.startswith("lesson.yaml:1:14: YAML syntax error: text after the closing quote")
    assert "wrap the whole value in the other kind of quote" in message


def test_bad_indentation_is_located() -> None:
    text = "vocabulary:\n  - term: x\n      definition: y\n"
    assert problem_of(text).startswith("lesson.yaml:3:17: YAML syntax error:")


def test_duplicate_keys_at_any_depth() -> None:
    text = "title: A\npairs:\n  - title: B\n    title: C\n"
    assert problem_of(text) == (
        "lesson.yaml:4:5: title: duplicate key (already set on line 3; keep one of them)"
    )


def test_aliases_are_refused_before_expansion() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    bomb += "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert problem_of(bomb) == (
        "lesson.yaml:2:8: YAML aliases (*name) are not allowed in lesson files "
        "(write the value out in full)"
    )


def test_python_tags_are_refused() -> None:
    message = problem_of('title: !!python/object/apply:os.system ["echo hi"]\n')
    assert message == (
        "lesson.yaml:1:8: YAML tag '!!python/object/apply:os.system' is not allowed "
        "(remove the '!' tag)"
    )


def test_very_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(InputError) as info:
        parse("a: " + "[" * 50_000 + "]" * 50_000 + "\n", FILE)
    assert info.value.problems[0].format(Path.cwd()) == (
        "lesson.yaml:1:67: the YAML is nested more than 64 levels deep "
        "(lesson files need a few levels)"
    )


def test_bom_and_crlf_are_accepted_with_correct_lines() -> None:
    text = decode("\ufefftitle: A\r\ngrade: '9-12'\r\nbad: [\r\n".encode(), FILE)
    with pytest.raises(InputError) as info:
        parse(text, FILE)
    problem = info.value.problems[0]
    assert problem.pos is not None
    assert problem.pos.line == 4


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"title: A\ngrade: caf\xe9\n")
    problems = Problems()
    assert read_text(path, problems, [tmp_path]) is None
    assert [p.format(tmp_path) for p in problems] == [
        "x.yaml:2:11: the file is not valid UTF-8 text (save it as UTF-8 in your editor)"
    ]


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"title: A\n\x00\n")
    problems = Problems()
    assert read_text(path, problems, [tmp_path]) is None
    assert "NUL byte" in next(iter(problems)).message


def test_oversized_files_name_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"#" * 1_000_001)
    problems = Problems()
    assert read_text(path, problems, [tmp_path]) is None
    assert next(iter(problems)).message == "the file is 1,000,001 bytes; the limit is 1,000,000"
