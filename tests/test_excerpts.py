"""Quotes are found verbatim in their sources, with folding and omissions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from lessonpress.model.fieldtypes import LanguageTag
from lessonpress.model.schema import NOWHERE
from lessonpress.model.sources import Source, SourceInfo
from lessonpress.quotes.excerpts import QuoteNotFound, SourceText, adapted_excerpt, fold

BLOCKS = [
    "The Soviet authorities confirmed the death of 7 people at the time of the events. "
    "This figure included 3 Soviet soldiers, 3 Azerbaijanis and 1 Armenian.",
    "The New York Times also reported that “official and unofficial informants in the two "
    "republics discounted the higher figures, saying they were based on second- and "
    "third-hand accounts”.",
    "During this time Armenian – Azerbaijani problems aggravated again. Pogroms and violence "
    "started in Kirovabad.",
]


@pytest.fixture
def text() -> SourceText:
    info = SourceInfo(
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
    return SourceText(Source("wiki", Path("wiki.md"), info, BLOCKS, 10))


def test_fold_collapses_whitespace_and_typography() -> None:
    folded = fold("He said  “don’t”\n—\tnow…")
    assert folded.text == 'He said "don\'t"-now...'
    assert len(folded.origin) == len(folded.text)


def test_verbatim_quote_is_found(text: SourceText) -> None:
    excerpt = text.find("The Soviet authorities confirmed the death of 7 people")
    assert excerpt.paragraphs == ["The Soviet authorities confirmed the death of 7 people"]
    assert excerpt.word_count == 9
    assert excerpt.source_paragraphs == [1]


def test_line_breaks_and_plain_punctuation_match_typographic_source(text: SourceText) -> None:
    quote = (
        "informants in the two\n  republics discounted the higher figures, saying they "
        'were based on second - and third-hand accounts"'
    )
    excerpt = text.find(quote)
    # The printed excerpt is the source's own text, curly quote and all.
    assert excerpt.paragraphs == [
        "informants in the two republics discounted the higher figures, saying they were "
        "based on second- and third-hand accounts”"
    ]


def test_dashes_fold_whatever_the_spacing(text: SourceText) -> None:
    excerpt = text.find("Armenian-Azerbaijani problems aggravated again")
    assert excerpt.paragraphs == ["Armenian – Azerbaijani problems aggravated again"]


def test_omissions_within_and_across_paragraphs(text: SourceText) -> None:
    excerpt = text.find(
        "The Soviet authorities confirmed the death of 7 people [...] 1 Armenian. [...] "
        "Pogroms and violence started in Kirovabad."
    )
    assert excerpt.paragraphs == [
        "The Soviet authorities confirmed the death of 7 people [...] 1 Armenian. [...]",
        "Pogroms and violence started in Kirovabad.",
    ]
    assert excerpt.source_paragraphs == [1, 3]
    assert excerpt.word_count == 17


def test_ellipsis_in_brackets_and_leading_trailing_omissions(text: SourceText) -> None:
    excerpt = text.find("[…] problems aggravated again. [. . .]")
    assert excerpt.paragraphs == ["[...] problems aggravated again. [...]"]


def test_omissions_must_keep_the_source_order(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find("Pogroms and violence [...] The Soviet authorities")
    assert (
        info.value.message == "part 2 of 2 of the quote comes before the part above it in "
        "source 'wiki'"
    )
    assert info.value.hint == "the parts between [...] must keep the source's order"


def test_not_found_shows_the_closest_passage_and_the_difference(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find("The Soviet authorities confirmed the death of seven people at the time")
    assert info.value.message == "quote not found in source 'wiki'"
    assert info.value.hint == (
        'closest passage, paragraph 1: "The Soviet authorities confirmed the death of 7 people '
        'at the time of the events ..."; the quote has "seven" where the source has "7"'
    )


def test_missing_words_suggest_an_omission_mark(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find("This figure included 3 Soviet soldiers and 1 Armenian.")
    assert info.value.hint is not None
    assert info.value.hint.endswith(
        'the source has ", 3 Azerbaijanis" here; mark left-out words with [...]'
    )


def test_capitalisation_is_reported(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find("the soviet authorities confirmed the death")
    assert info.value.hint is not None
    assert "(capitalisation differs)" in info.value.hint


def test_nothing_similar_points_at_the_source_id(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find("Completely unrelated words about astronomy")
    assert info.value.hint == "nothing like it in the source; is 'wiki' the right source?"


def test_empty_quote(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find(" [...] ")
    assert info.value.message == "the quote is empty"


def test_adapted_excerpts_print_as_written() -> None:
    excerpt = adapted_excerpt("Soldiers  protected\nthe church.\n\nMany were hurt [...] later.")
    assert excerpt.paragraphs == ["Soldiers protected the church.", "Many were hurt [...] later."]
    assert excerpt.source_paragraphs == []


def test_misquote_through_the_cli_is_located(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "death of 7 people", "death of seven people")
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "lessons/demo.yaml:18:16: LP101: pairs[0].documents[0].quote: quote not found in "
        "source 'wiki' "
        '(closest passage, paragraph 1: "The Soviet authorities confirmed the death of 7 people '
        'at the time of the events ..."; the quote has "seven" where the source has "7")'
    )


def test_adapted_excerpt_is_not_checked_but_labelled(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        "          The Soviet authorities confirmed the death of 7",
        "          Officials said 7",
    )
    assert ws.run("check").code == 1
    ws.edit(
        "lessons/demo.yaml",
        '        perspective: "Soviet authorities"\n',
        '        perspective: "Soviet authorities"\n        adapted: true\n'
        '        adaptation_note: "Shortened."\n',
    )
    assert ws.run("check", "--strict").code == 0


def test_skipping_a_paragraph_without_an_omission_mark(text: SourceText) -> None:
    with pytest.raises(QuoteNotFound) as info:
        text.find("3 Azerbaijanis and 1 Armenian. During this time Armenian – Azerbaijani problems")
    assert info.value.hint is not None
    assert info.value.hint.startswith('closest passage, paragraph 2: "')
    assert info.value.hint.endswith(
        'the source has "The New York Times also reported that "official and ..." here; '
        "mark left-out words with [...]"
    )


SLIP = "For Azerbaijan, Khojaly was the victim of genocide carried out Armenian forces."


def slip_text() -> SourceText:
    info = SourceInfo(
        title="T",
        publisher="P",
        published=None,
        accessed=dt.date(2026, 1, 1),
        type="article",
        perspective="X",
        language=LanguageTag("en"),
        license="CC0",
        at=NOWHERE,
    )
    return SourceText(Source("mammadov", Path("m.md"), info, [SLIP, "Next paragraph."], 10))


def test_sic_marks_the_sources_own_slip_and_is_printed() -> None:
    """What is genocide?: the article's "carried out Armenian forces" gets its [sic]."""
    excerpt = slip_text().find(
        "Khojaly was the victim of genocide carried out [sic] Armenian forces. [...] Next"
    )
    assert excerpt.paragraphs == [
        "Khojaly was the victim of genocide carried out [sic] Armenian forces. [...]",
        "Next",
    ]
    assert excerpt.word_count == 11  # [sic] is not counted


def test_sic_is_not_looked_for_in_the_source_and_must_follow_a_word() -> None:
    text = slip_text()
    with pytest.raises(QuoteNotFound, match=r"\[sic\] must follow a word"):
        text.find("[sic] Khojaly was the victim")
    with pytest.raises(QuoteNotFound, match="not found"):
        text.find("genocide carried by [sic] Armenian forces")


def test_a_sources_own_sic_is_matched_as_its_words() -> None:
    own = SourceText(
        Source("s", Path("s.md"), slip_text().source.info, ["He wrote teh [sic] end."], 5)
    )
    assert own.find("He wrote teh [sic] end.").paragraphs == ["He wrote teh [sic] end."]
