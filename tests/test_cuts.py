"""Cuts that change a quote's sense (LP103, LP104), on the sample lessons' own sources."""

from __future__ import annotations

import pytest

from conftest import REPO, MakeWorkspace
from lessonpress.errors import Problems
from lessonpress.model.sources import load_source
from lessonpress.quotes.cuts import find_cuts, flagged
from lessonpress.quotes.excerpts import SourceText


def source(name: str) -> SourceText:
    found = load_source(REPO / "content/sources" / f"{name}.md", Problems(), [REPO])
    assert found is not None
    return SourceText(found)


def cuts(name: str, quote: str, language: str) -> list[tuple[str, str]]:
    text = source(name)
    return [(c.code, c.message) for c in find_cuts(text, text.locate(quote), language)]


def test_whole_sentences_cut_with_omission_marks_pass() -> None:
    quote = (
        "However the Soviet authorities denied Sakharov's claims, with Foreign Ministry "
        "spokesman Gennady Gerasimov saying that the information about the casualties was not "
        "accurate. [...] The Soviet authorities confirmed the death of 7 people at the time of "
        "the events."
    )
    assert cuts("kirovabad-pogrom-wiki", quote, "en") == []


def test_lp103_the_azerbaijani_excerpt_stops_in_mid_sentence() -> None:
    """The Russian and Armenian lessons' case: the official's own words were dropped."""
    quote = (
        "L. Abdullayeva qeyd edib ki, ermənilərin qurban getdiyi barədə rəvayətlər erməni "
        "millətçiliyinin ideoloji əsası olub və Azərbaycana qarşı ərazi iddialarına gətirib "
        "çıxarıb"
    )
    (found,) = cuts("metbuat-mfa-response", quote, "az")
    assert found == (
        "LP103",
        'the excerpt ends in mid-sentence without [...]; the sentence goes on ": '
        '“Münaqişədən sonrakı dövrdə bu cür təbliğat təəssüf doğurur və təhlükəlidir”."',
    )
    assert cuts("metbuat-mfa-response", quote + " [...]", "az") == []


def test_lp103_and_lp104_an_excerpt_that_starts_after_a_denial() -> None:
    """Starting at "the information ... was not accurate" hides who said so, and that
    they denied a claim."""
    found = cuts(
        "kirovabad-pogrom-wiki", "the information about the casualties was not accurate.", "en"
    )
    assert found == [
        (
            "LP103",
            'the excerpt starts in mid-sentence without [...]; the sentence begins "However the '
            "Soviet authorities denied Sakharov's claims, with Foreign ...\"",
        ),
        (
            "LP104",
            "the cut before it removes a negation (denied) from the sentence it cuts: "
            "\"However the Soviet authorities denied Sakharov's claims, with Foreign Ministry "
            'spokesman ..."',
        ),
    ]


def test_lp104_an_omission_that_removes_a_negation() -> None:
    quote = "However the Soviet authorities denied Sakharov's claims, with Foreign Ministry "
    quote += "spokesman Gennady Gerasimov saying that the information about the casualties was "
    quote += "[...] accurate."
    found = cuts("kirovabad-pogrom-wiki", quote, "en")
    assert found == [
        ("LP104", '[...] number 1 removes a negation (not) from the sentence it cuts: "not"')
    ]


@pytest.mark.parametrize(
    ("name", "quote", "language", "words"),
    [
        # Attributions in each of the samples' languages, cut from the sentence they govern.
        (
            "kirovabad-pogrom-wiki",
            "Angus Roxburgh [...] at least six more Armenians were killed",
            "en",
            "during the violence reported that",
        ),
        (
            "yerkramas-baku-pogroms",
            "[...] это число превышает 400.",
            "ru",
            "По мнению ряда исследователей,",
        ),
        (
            "metbuat-mfa-response",
            "L. Abdullayeva [...] ermənilərin qurban getdiyi barədə rəvayətlər [...]",
            "az",
            "qeyd edib ki,",
        ),
    ],
)
def test_lp104_an_omission_that_removes_an_attribution(
    name: str, quote: str, language: str, words: str
) -> None:
    found = [m for code, m in cuts(name, quote, language) if code == "LP104"]
    assert found and "removes an attribution" in found[0]
    assert words in found[0]


@pytest.mark.parametrize(
    ("words", "language", "kind"),
    [
        ("was not", "en", "a negation"),
        ("didn't", "en", "a negation"),
        ("according to officials", "en", "an attribution"),
        ("он не", "ru", "a negation"),
        ("по словам министра", "ru", "an attribution"),
        ("ըստ նախարարության", "hy", "an attribution"),
        ("չի եղել", "hy", "a negation"),
        ("deyil", "az", "a negation"),
        ("hökumət təsdiq etmədi", "az", "a negation"),
        ("hökumət təsdiq etməyib", "az", "a negation"),
        ("olmayan", "az", "a negation"),
        ("nazirliyə görə", "az", "an attribution"),
        ("selon le ministère", "fr", "an attribution"),
        ("n'était", "fr", "a negation"),
    ],
)
def test_negations_and_attributions_in_every_catalog_language(
    words: str, language: str, kind: str
) -> None:
    found = flagged(words, language)
    assert found is not None and found[0] == kind


def test_the_warnings_carry_ids_and_can_be_turned_off(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        "[...] Andrei Sakharov, in Massachusetts during the unrest, said he had received reports",
        "Andrei Sakharov, in Massachusetts during the unrest, [...] received reports",
    )
    run = ws.run("check")
    assert run.code == 0
    assert (
        "warning LP103: pairs[0].documents[1].quote: the excerpt starts in mid-sentence" in run.err
    )
    assert (
        "warning LP104: pairs[0].documents[1].quote: [...] number 1 removes an attribution "
        '(said) from the sentence it cuts: "said he had"'
    ) in run.err
    ws.write("lessonpress.yaml", "checks:\n  off: [LP103, LP104]\n")
    assert "0 errors, 0 warnings" in ws.run("check").out
