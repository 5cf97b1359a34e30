"""The word matcher the checks share: phrases found in text, word by word, with endings."""

from __future__ import annotations

import re

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
