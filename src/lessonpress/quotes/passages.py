"""Finding passages in a source for ``lessonpress find``: the fastest way to a correct quote.

The source text is folded the way quote checking folds it (see
:func:`~lessonpress.quotes.excerpts.fold`), and also ignoring capitals, then searched for
the words. A match is widened to whole sentences (and as many around it as asked),
and printed as the source's own words: pasted as a ``quote:`` it passes the check,
because it *is* the source's text.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from lessonpress.quotes.excerpts import Folded, SourceText, fold

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")


@dataclass(frozen=True)
class Passage:
    """A stretch of a source around a match."""

    paragraph: int  # 1-based, as the teacher guide and quote errors number them
    text: str  # the source's words, on one line


def _lowered(folded: Folded) -> str:
    """Folded text without capitals, the same length (so positions still map back)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded.text)


def _sentences(block: str) -> list[tuple[int, int]]:
    """Spans of the sentences of one paragraph: ends at . ! ? before a capital or digit."""
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(block):
        following = block[end.end() : end.end() + 3].lstrip("\"'“‘«([")
        if following[:1].isupper() or following[:1].isdigit():
            spans.append((start, end.end()))
            start = end.end()
    if start < len(block):
        spans.append((start, len(block)))
    return spans


def find_passages(text: SourceText, words: str, context: int = 0) -> list[Passage]:
    """Passages of ``text`` holding ``words`` (as a phrase), widened to whole sentences.

    ``context`` adds that many sentences either side (within the paragraph).
    """
    needle = _lowered(fold(words))
    if not needle.strip():
        return []
    haystack = _lowered(text.folded)
    found: list[Passage] = []
    at = haystack.find(needle)
    while at >= 0:
        start = text.folded.origin[at]
        end = text.folded.origin[at + len(needle) - 1] + 1
        found.append(_passage(text, start, end, context))
        at = haystack.find(needle, at + len(needle))
    # A long sentence with the words twice is one passage.
    return list({(p.paragraph, p.text): p for p in found}.values())


def find_sentences(text: SourceText, words: str, context: int = 0) -> list[Passage]:
    """Passages whose sentence holds every one of ``words``, in any order (when the phrase
    itself is not there)."""
    wanted = [_lowered(fold(word)) for word in words.split()]
    found = []
    for paragraph, block in enumerate(text.source.blocks, start=1):
        start = text.block_start(paragraph)
        for lo, hi in _sentences(block):
            sentence = _lowered(fold(block[lo:hi]))
            if wanted and all(word in sentence for word in wanted):
                found.append(_passage(text, start + lo, start + hi, context))
    return found


def _passage(text: SourceText, start: int, end: int, context: int) -> Passage:
    paragraph = text.paragraph_of(start)
    block_start = text.block_start(paragraph)
    block = text.source.blocks[paragraph - 1]
    spans = _sentences(block)
    local_start, local_end = start - block_start, min(end - block_start, len(block))
    first = next(i for i, (s, e) in enumerate(spans) if s <= local_start < e)
    last = next((i for i, (s, e) in enumerate(spans) if s < local_end <= e), len(spans) - 1)
    first, last = max(0, first - context), min(len(spans) - 1, last + context)
    return Passage(paragraph, " ".join(block[spans[first][0] : spans[last][1]].split()))


def search(text: SourceText, words: str, context: int = 0) -> tuple[list[Passage], bool]:
    """The passages holding ``words`` as a phrase (``True``); if there are none, the
    sentences holding each of several words, in any order (``False``)."""
    passages = find_passages(text, words, context)
    if passages or len(words.split()) < 2:
        return passages, True
    return find_sentences(text, words, context), False


def as_quote(passage: Passage, width: int = 88) -> str:
    """The passage as YAML, ready to paste under a document: ``quote: >`` and the words."""
    lines = textwrap.wrap(
        passage.text, width=width - 2, break_on_hyphens=False, break_long_words=False
    )
    return "quote: >\n" + "\n".join(f"  {line}" for line in lines)
