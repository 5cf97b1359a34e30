"""The Flesch-Kincaid grade, computed offline."""

from __future__ import annotations

import pytest

from lessonpress.quotes.readability import grade, grade_band_top, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("made", 1),
        ("table", 2),
        ("agree", 2),
        ("killed", 1),
        ("reported", 3),
        ("year", 1),
        ("authorities", 4),
        ("Azerbaijanis", 5),
        ("genocide", 3),
        ("they're", 1),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_short_plain_sentences_read_at_a_low_grade() -> None:
    text = (
        "The cat sat on the mat. It was a good cat and it liked the mat a lot. "
        "The end of the tale is near now."
    )
    value = grade(text)
    assert value is not None and value < 3


def test_long_sentences_and_long_words_read_higher() -> None:
    plain = grade("We went home. It was late. We ate. " * 3)
    dense = grade(
        "Representatives of international humanitarian organisations subsequently "
        "documented systematic deportations, characterising the administrative measures "
        "as disproportionate and internationally unprecedented. " * 2
    )
    assert plain is not None and dense is not None
    assert dense > plain + 10


def test_too_short_to_grade() -> None:
    assert grade("Seven people died.") is None


@pytest.mark.parametrize(
    ("band", "top"), [("9-12", 12), ("Grade 8", 8), ("K-5", 5), ("College", None), ("2024", None)]
)
def test_grade_band_top(band: str, top: int | None) -> None:
    assert grade_band_top(band) == top


def test_a_sentence_ends_before_a_closing_quotation_mark() -> None:
    """A quoted speech ending in '."' ends a sentence (a Kirovabad excerpt read as grade 31.5)."""
    quoted = (
        'He said, "They came at night." The soldiers stood at the gate. '
        '"Nobody was let in." We waited there until the morning came. '
        "They went home."
    )
    plain = quoted.replace('"', "")
    assert grade(quoted) == grade(plain)


def test_the_kirovabad_excerpt_that_read_as_grade_31_5() -> None:
    """Kirovabad, Part 1, Document B: two sentences, the first ending in '."'."""
    excerpt = (
        "Human rights activists reported, that up to 130 Armenians were killed in Kirovabad "
        'alone and "with warnings of possible genocide, they have appealed for swift action by '
        'the government to halt Azerbaijani attacks on Armenians." On 25 November 1988, Soviet '
        "human rights activist Andrei Sakharov, in Massachusetts during the unrest, said he had "
        "received reports from the Soviet Union that more than 130 Armenians were killed and "
        "more than 200 wounded in the violence."
    )
    assert grade(excerpt) == 18.0
