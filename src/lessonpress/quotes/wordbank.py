"""Vocabulary in the excerpts: each term marked where it occurs, and a word bank per pair.

As in Reading Like a Historian's handouts, a vocabulary term that occurs in a document
is printed in bold there, and the pair's word bank (under its documents) gives its
definition. A term matches as a whole word, ignoring case, with a short inflectional
ending: ``pogrom`` marks "Pogroms", ``погром`` marks "погромов". English takes only its
regular endings (-s, -es, -ed, -d, -ing, -'s, and y to -ies); other languages any ending of
up to four letters, so that Russian, Armenian and Azerbaijani cases are found.

The vocabulary check (LP701) asks the same question with :func:`occurs`, so a term it
finds is a term the word bank marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from lessonpress.model.i18n import base_language

_ENGLISH_ENDINGS = r"(?:s|es|ed|d|ing|['’]s)?"
_OTHER_ENDINGS = r"\w{0,4}"


@dataclass(frozen=True)
class Marked:
    """Excerpt paragraphs with the terms marked, and the terms found (in vocabulary order)."""

    paragraphs: list[Markup]
    found: list[str]


def term_pattern(term: str, language: str) -> re.Pattern[str]:
    """The pattern a vocabulary term matches in a text of ``language``."""
    words = [re.escape(word) for word in term.split()]
    endings = _OTHER_ENDINGS
    if base_language(language) == "en":
        endings = _ENGLISH_ENDINGS
        if words and words[-1].endswith("y"):  # authority: authorities
            words[-1] = words[-1][:-1] + "(?:y|ies)"
    phrase = r"\s+".join(words)
    return re.compile(rf"(?<!\w){phrase}{endings}(?!\w)", re.IGNORECASE)


def occurs(term: str, text: str, languages: set[str]) -> bool:
    """Whether ``term`` occurs in ``text`` by the rules of any of ``languages``."""
    return any(term_pattern(term, language).search(text) for language in languages)


def mark_terms(paragraphs: list[str], terms: list[str], language: str) -> Marked:
    """Wrap each occurrence of each term in ``<b class="term">``; the text is escaped."""
    patterns = [(term, term_pattern(term, language)) for term in terms if term.strip()]
    found: set[str] = set()
    marked = []
    for paragraph in paragraphs:
        spans = _spans(paragraph, patterns, found)
        marked.append(_markup(paragraph, spans))
    return Marked(marked, [term for term in terms if term in found])


def _spans(
    text: str, patterns: list[tuple[str, re.Pattern[str]]], found: set[str]
) -> list[tuple[int, int]]:
    """Where the terms occur, longest first where two overlap (``martial law`` over ``law``)."""
    candidates = [
        (match.start(), match.end(), term)
        for term, pattern in patterns
        for match in pattern.finditer(text)
    ]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    spans: list[tuple[int, int]] = []
    for start, end, term in candidates:
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end))
        found.add(term)
    return spans


def _markup(text: str, spans: list[tuple[int, int]]) -> Markup:
    """The text with the spans in bold. The space before a term goes inside its ``<b>``:
    WeasyPrint, breaking a line before a bold word that punctuation follows ("of the
    **refugees**."), otherwise sets a word or two of the line above on lines of their own."""
    out = Markup()
    position = 0
    for term_start, end in spans:
        start = (
            term_start - 1 if term_start > position and text[term_start - 1] == " " else term_start
        )
        out += escape(text[position:start])
        out += Markup('<b class="term">{}</b>').format(text[start:end])
        position = end
    return out + escape(text[position:])
