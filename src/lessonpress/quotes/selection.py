"""A quote made from passages a teacher selected in a source: verified by construction.

The studio shows a source's paragraphs (numbered as ``find`` and the teacher guide number
them); the teacher selects one passage, or several in order. Each selection is a
:class:`Span` of one paragraph's text. Here the spans become a quote:

- each span is widened to whole words, and to the sentence's opening or closing marks
  when it starts or ends a sentence;
- spans that touch (only spaces between them, as when a selection runs over a paragraph
  break) become one piece; the others are joined with ``[...]``;
- ``[...]`` opens the quote if it starts inside a sentence and closes it if it ends inside
  one, so LP103 has nothing to say;
- the quote is then located with the very matcher ``check`` uses
  (:meth:`~lessonpress.quotes.excerpts.SourceText.locate`), and the cuts are judged as
  ``check`` judges them (LP104: a cut removing a "not" or an "according to" is noted).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lessonpress.errors import Refused
from lessonpress.quotes.cuts import Sentences, find_cuts
from lessonpress.quotes.excerpts import OMISSION, Located, SourceText

#: The longest quote a lesson may hold (the ``quote`` field's limit).
MAX_QUOTE = 12_000
_WORD_CHAR = re.compile(r"\w")
_MAX_WIDENINGS = 200  # words added to make pieces unambiguous, at most
_INNER = "'’-"  # inside a word when a letter stands on both sides (Sakharov's, Nagorno-Karabakh)


@dataclass(frozen=True)
class Span:
    """A passage selected in one paragraph: ``start`` and ``end`` count characters into
    the paragraph's text (as :meth:`SourceText.paragraphs` gives it)."""

    paragraph: int  # 1-based
    start: int
    end: int


@dataclass(frozen=True)
class SelectedQuote:
    """A quote made from selected spans, ready to write under a document."""

    quote: str  # the source's words, pieces joined with [...]
    paragraphs: list[int]  # the source's paragraphs it quotes
    words: int
    notes: list[str]  # what a cut removes that changes the sense (LP104), for the teacher


def quote_from_spans(text: SourceText, spans: Sequence[Span], language: str) -> SelectedQuote:
    """The quote of ``spans`` of ``text`` (in any order); :class:`Refused` if they hold no
    words or make a quote longer than a lesson allows."""
    sentences = Sentences(text.joined)
    ranges = [_snap(text.joined, sentences, _joined_range(text, span)) for span in spans]
    pieces = _merged(sorted(r for r in ranges if r is not None), text.joined)
    if not pieces:
        raise Refused("the selection holds no words", "select words of the source's text")
    quote, located = _unambiguous(text, sentences, pieces)
    if len(quote) > MAX_QUOTE:
        raise Refused(
            f"the quote would be {len(quote):,} characters; a quote holds at most {MAX_QUOTE:,}",
            "select a shorter passage",
        )
    excerpt = text.excerpt(located)
    notes = [cut.message for cut in find_cuts(text, located, language)]
    return SelectedQuote(quote, excerpt.source_paragraphs, excerpt.word_count, notes)


def _unambiguous(
    text: SourceText, sentences: Sentences, pieces: list[tuple[int, int]]
) -> tuple[str, Located]:
    """The quote of ``pieces`` and where ``check`` finds it, each piece widened by a word
    to the left (or right) until it is found where it was selected, not earlier in the
    source ("A" is also in "As")."""
    for _ in range(_MAX_WIDENINGS):
        quote = _joined(text.joined, sentences, pieces)
        located = text.locate(quote)  # what check does; QuoteNotFound if it ever failed
        if len(located.spans) != len(pieces):  # the source's own [...] split a piece
            return quote, located
        pairs = zip(located.spans, pieces, strict=True)
        wrong = [i for i, (span, piece) in enumerate(pairs) if span != piece]
        if not wrong:
            return quote, located
        pieces[wrong[0]] = _widened(text.joined, pieces[wrong[0]])
        pieces = _merged(pieces, text.joined)
    return quote, located


def _widened(joined: str, piece: tuple[int, int]) -> tuple[int, int]:
    """The piece with the word before it (at the start of the text: the word after it)."""
    start, end = piece
    if start == 0:
        end += len(joined[end:]) - len(joined[end:].lstrip())
        while end < len(joined) and not joined[end].isspace():
            end += 1
        return start, end
    while start > 0 and joined[start - 1].isspace():
        start -= 1
    while start > 0 and not joined[start - 1].isspace():
        start -= 1
    return start, end


def _joined_range(text: SourceText, span: Span) -> tuple[int, int]:
    """The span as offsets into the joined text; :class:`Refused` if it is not inside its
    paragraph."""
    blocks = text.source.blocks
    if not 1 <= span.paragraph <= len(blocks):
        raise Refused(
            f"source '{text.source.id}' has no paragraph {span.paragraph} (it has {len(blocks)})",
            "select the passage again",
        )
    size = len(blocks[span.paragraph - 1])
    if not 0 <= span.start <= span.end <= size:
        raise Refused(
            f"characters {span.start}-{span.end} are not in paragraph {span.paragraph} "
            f"of source '{text.source.id}' ({size} characters)",
            "select the passage again",
        )
    offset = text.block_start(span.paragraph)
    return offset + span.start, offset + span.end


def _snap(joined: str, sentences: Sentences, where: tuple[int, int]) -> tuple[int, int] | None:
    """The range without spaces around it, widened to whole words and to the marks that
    open or close its sentences; ``None`` if it holds no word."""
    start, end = where
    while start < end and joined[start].isspace():
        start += 1
    while end > start and joined[end - 1].isspace():
        end -= 1
    if not _WORD_CHAR.search(joined, start, end):
        return None
    while start > 0 and _in_word(joined, start - 1):
        start -= 1
    while end < len(joined) and _in_word(joined, end):
        end += 1
    if sentences.starts_sentence(start):
        start = _first_non_space(joined, sentences.start_before(start), start)
    if sentences.ends_sentence(end):
        end += len(joined[end : sentences.end_after(end)].rstrip())
    return start, end


def _in_word(joined: str, index: int) -> bool:
    """Whether the character at ``index`` belongs to the word around it."""
    char = joined[index]
    if _WORD_CHAR.match(char):
        return True
    inside = 0 < index < len(joined) - 1
    return inside and char in _INNER and bool(_WORD_CHAR.match(joined[index - 1]))


def _first_non_space(joined: str, start: int, limit: int) -> int:
    while start < limit and joined[start].isspace():
        start += 1
    return start


def _merged(ranges: list[tuple[int, int]], joined: str) -> list[tuple[int, int]]:
    """Ranges in order, those overlapping or with only spaces between them made one."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and (start <= merged[-1][1] or not joined[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _joined(joined: str, sentences: Sentences, pieces: list[tuple[int, int]]) -> str:
    """The pieces' words on one line, joined with [...], which also opens and closes the
    quote where it starts or ends inside a sentence."""
    quote = f" {OMISSION} ".join(" ".join(joined[start:end].split()) for start, end in pieces)
    if not sentences.starts_sentence(pieces[0][0]):
        quote = f"{OMISSION} {quote}"
    if not sentences.ends_sentence(pieces[-1][1]):
        quote = f"{quote} {OMISSION}"
    return quote
