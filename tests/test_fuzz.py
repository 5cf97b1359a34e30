"""Property-based tests: whatever comes in, the loader, resolver and matcher behave.

Bounded for the normal suite; for a long run (hundreds of thousands of inputs)::

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import os
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LESSON, SOURCE
from lessonpress.confine import OutsideError, resolve_inside
from lessonpress.errors import Problems
from lessonpress.model.fieldtypes import LanguageTag
from lessonpress.model.schema import NOWHERE
from lessonpress.model.sources import Source, SourceInfo
from lessonpress.model.spec import load_lesson
from lessonpress.quotes.excerpts import QuoteNotFound, SourceText, fold

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=50_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name).resolve()


def load(folder: Path, data: bytes) -> tuple[Any, Problems]:
    path = folder / "lesson.yaml"
    path.write_bytes(data)
    problems = Problems()
    return load_lesson(path, problems, [folder]), problems


@given(st.binary(max_size=2_000))
def test_any_bytes_give_a_lesson_or_located_problems(folder: Path, data: bytes) -> None:
    lesson, problems = load(folder, data)
    assert lesson is not None or problems.errors
    for problem in problems:
        assert problem.file == folder / "lesson.yaml"


@given(st.text(alphabet=string.printable + "\t“”’—…ə", max_size=1_500))
def test_any_text_gives_a_lesson_or_located_problems(folder: Path, text: str) -> None:
    lesson, problems = load(folder, text.encode())
    assert lesson is not None or problems.errors


@given(st.integers(min_value=0, max_value=len(LESSON) - 1), st.text(max_size=20))
def test_an_edit_anywhere_in_a_valid_lesson(folder: Path, at: int, inserted: str) -> None:
    lesson, problems = load(folder, (LESSON[:at] + inserted + LESSON[at:]).encode())
    assert lesson is not None or problems.errors
    for problem in problems.errors:
        assert problem.pos is not None or "file" in problem.message or "YAML" in problem.message


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(dt.date.isoformat),
)
keys = st.sampled_from(
    [
        "title",
        "grade",
        "duration",
        "pairs",
        "documents",
        "source",
        "quote",
        "questions",
        "text",
        "answer_lines",
        "vocabulary",
        "term",
        "definition",
        "discussion",
        "perspective",
        "adapted",
        "x",
    ]
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


@given(structures)
def test_any_yaml_structure_gives_a_lesson_or_located_problems(folder: Path, value: Any) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    lesson, problems = load(folder, text.encode())
    assert lesson is not None or problems.errors


@pytest.fixture(scope="module")
def tree() -> Iterator[Path]:
    """A workspace with files, a folder, a link inside and a link outside."""
    with tempfile.TemporaryDirectory() as name:
        base = Path(name).resolve()
        root = base / "ws"
        (root / "img").mkdir(parents=True)
        (root / "img" / "a.png").write_bytes(b"x")
        (root / "b.png").write_bytes(b"x")
        (base / "outside.png").write_bytes(b"x")
        (root / "img" / "in.png").symlink_to(root / "b.png")
        (root / "img" / "out.png").symlink_to(base / "outside.png")
        yield root


names = st.lists(
    st.sampled_from(
        [
            "..",
            ".",
            "img",
            "a.png",
            "b.png",
            "in.png",
            "out.png",
            "%2e%2e",
            "",
            "ws",
            "outside.png",
            "~",
            "\x00",
            " ",
        ]
    ),
    min_size=1,
    max_size=6,
).map("/".join)


@given(st.one_of(names, st.text(max_size=40)))
def test_the_resolver_never_returns_a_path_outside(tree: Path, name: str) -> None:
    for base in (tree, tree / "img"):
        try:
            found = resolve_inside(name, base, [tree])
        except OutsideError:
            continue
        assert found.is_relative_to(tree)
        assert found.is_file()


INFO = SourceInfo(
    title="T",
    publisher="P",
    published=None,
    accessed=dt.date(2026, 1, 1),
    type="news",
    perspective="X",
    language=LanguageTag("en"),
    license="CC0",
    at=NOWHERE,
)
BLOCKS = [" ".join(p.split()) for p in SOURCE.split("---\n", 2)[2].split("\n\n") if p.strip()]
TEXT = SourceText(Source("wiki", Path("wiki.md"), INFO, BLOCKS, 10))
WORDS = [(i, w) for i, block in enumerate(BLOCKS) for w in block.split()]


@given(st.integers(0, len(WORDS) - 1), st.integers(1, 40))
def test_any_run_of_source_words_is_found_as_it_stands(start: int, length: int) -> None:
    run = WORDS[start : start + length]
    quote = "\n".join(w for _, w in run)  # line breaks where the source has spaces
    excerpt = TEXT.find(quote)
    assert " ".join(excerpt.paragraphs).split() == [w for _, w in run]
    if TEXT.folded.text.count(fold(quote).text) == 1:  # else the first occurrence is found
        assert excerpt.source_paragraphs == sorted({i + 1 for i, _ in run})


@given(st.text(max_size=200))
def test_any_quote_is_found_or_not_found_never_an_error(quote: str) -> None:
    try:
        TEXT.find(quote)
    except QuoteNotFound as exc:
        assert exc.message


@given(st.text(max_size=300))
def test_folding_maps_every_character_back(text: str) -> None:
    folded = fold(text)
    assert len(folded.origin) == len(folded.text)
    assert folded.origin == sorted(folded.origin)
    assert all(0 <= i < len(text) for i in folded.origin)
    assert fold(folded.text).text == folded.text  # folding twice changes nothing
