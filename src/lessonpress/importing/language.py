"""The language of a text that does not say it, from its letters and commonest words.

Only clear cases are named: Armenian letters; Azerbaijani's ``ə``; or, for English,
French and Russian, a text where that language's commonest short words make up a good
share of all words. Anything else is left for the teacher.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[^\W\d_]+")
_COMMON = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "a",
            "is",
            "that",
            "was",
            "for",
            "on",
            "with",
            "as",
            "by",
            "were",
            "it",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "de",
            "des",
            "et",
            "est",
            "un",
            "une",
            "du",
            "en",
            "que",
            "qui",
            "dans",
            "pour",
            "sur",
        ]
    ),
    "ru": frozenset(
        [
            "и",
            "в",
            "не",
            "на",
            "что",
            "с",
            "по",
            "как",
            "к",
            "из",
            "за",
            "от",
            "он",
            "она",
            "это",
            "был",
            "были",
        ]
    ),
}
_SHARE = 0.12  # of the words; in running text of these languages it is 20-35%


def primary_language(tag: str | None) -> str | None:
    """The primary language of a tag as documents write it (``en-US``, ``hy_AM``, ``FR-CA``)."""
    primary = re.split(r"[-_,; ]", (tag or "").strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def guess_language(text: str) -> str | None:
    """``hy``, ``az``, ``en``, ``fr`` or ``ru`` when the text clearly is; else ``None``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    armenian = sum("\u0531" <= c <= "\u058f" for c in letters)
    if armenian > len(letters) / 2:
        return "hy"
    if text.count("ə") + text.count("Ə") > len(letters) / 200:
        return "az"
    words = [word.lower() for word in _WORDS.findall(text)]
    for language, common in _COMMON.items():
        if words and sum(word in common for word in words) >= len(words) * _SHARE:
            return language
    return None
