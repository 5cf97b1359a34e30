"""A reading level for English excerpts: the Flesch-Kincaid grade.

    grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59

Syllables are counted as groups of vowels (y counting as a vowel after a consonant),
less a silent final "e": the usual approximation, within a syllable of a dictionary
for most words. It is written out here rather than taken from textstat, which fetches
a pronouncing dictionary from the network on first use; handouts are built offline.
The formula is for English only; other languages get no grade.
"""

from __future__ import annotations

import re

#: A sentence ends at . ! or ? before a space, also when a closing quotation mark or
#: bracket follows it (``killed."``, ``(see above.)``).
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s|$)|\n\s*\n")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables in one English word (at least 1)."""
    w = word.lower().replace("’", "'").split("'")[0]
    if not w:
        return 1
    if w.startswith("y"):
        w = w[1:]  # a leading y is a consonant (year, young)
    count = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent e: "made", "state"; but "table", "agree"
    if w.endswith(("ed",)) and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "killed", "reported" (kept)
    return max(1, count)


def grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of ``text``, or ``None`` when it has fewer than 20 words."""
    words = _WORD.findall(text)
    if len(words) < 20:
        return None
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    total = sum(syllables(w) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59, 1)


def grade_band_top(grade_text: str) -> int | None:
    """The highest grade a lesson's ``grade`` names ("9-12": 12, "Grade 8": 8), if any."""
    numbers = [int(n) for n in re.findall(r"\d+", grade_text)]
    return max(numbers) if numbers and max(numbers) <= 16 else None
