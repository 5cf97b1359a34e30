"""Words found in text, word by word, with endings: one matcher for checks and listings.

The checks find violence words (LP801), figures' words (LP901) and the sides of the
conflict (LP203) with it, and ``lessonpress lessons`` names the sides of a lesson's
perspectives with :func:`sides_of` too, so the listing and the check never disagree about
which side a perspective label is on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lessonpress.model.settings import Side

_WORD_RE = re.compile(r"\w+")  # "non-recognition" holds "recognition"
_ENDINGS = {"s", "es", "ed", "d", "ing"}


def split_words(text: str) -> list[str]:
    """The words of ``text``, case-folded."""
    return [w.casefold() for w in _WORD_RE.findall(text)]


def contains(words: list[str], phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``words``; its last word may take an ending (s, es,
    ed, ing; y to ies), so 'memoir' counts 'memoirs'."""
    wanted = split_words(phrase)
    if not wanted:
        return False
    n = len(wanted)
    for i in range(len(words) - n + 1):
        if words[i : i + n - 1] == wanted[:-1]:
            last, word = wanted[-1], words[i + n - 1]
            if word == last or (word.startswith(last) and word[len(last) :] in _ENDINGS):
                return True
            if last.endswith("y") and word == last[:-1] + "ies":  # authority: authorities
                return True
    return False


def sides_of(label: str, sides: Sequence[Side]) -> list[str]:
    """The names of the sides (in settings order) a perspective label places it on: those
    with a word in the label, as :func:`contains` finds it ('Armenian' finds 'Armenians',
    but 'Azerbaijan' does not find 'Azerbaijani': list each form a label uses)."""
    words = split_words(label)
    return [side.name for side in sides if any(contains(words, word) for word in side.words)]
