"""Finding a lesson's quotes in their sources.

A quote must occur in its source *verbatim*, compared after folding both
texts the same way: whitespace and line breaks collapse to one space, spaces
around dashes go, and typographic quotes, apostrophes, dashes and ellipses
fold to their plain forms. ``[...]`` (or ``[…]``) marks an omission: the
pieces around it must each occur, in order.

The printed excerpt is the *source's* text for the matched spans (so its own
quotation marks and paragraphs survive), with ``[...]`` where words were left
out. ``[sic]`` after a word marks a slip that is the source's own: it is not looked for in
the source (which must read the same without it) and is printed where the quote puts it.
When a quote is not found, :class:`QuoteNotFound` carries the closest
passage and the first word that differs, so a typo is a one-minute fix.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from lessonpress.errors import Refused
from lessonpress.model.sources import Source

OMISSION = "[...]"
SIC = "[sic]"
_OMISSION_RE = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]")
_SIC_RE = re.compile(r"\s*\[sic\]", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_FOLD_TABLE = {
    **dict.fromkeys("‘’‚‛′‹›`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    "։": ":",  # Armenian full stop, often typed as a colon
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\ufeff": "",
}
_CONTEXT_WORDS = 8


@dataclass(frozen=True)
class Folded:
    """Folded text, and for each of its characters the index it came from."""

    text: str
    origin: list[int]


def fold(text: str) -> Folded:
    """Fold ``text`` for comparison, keeping a map back to the original."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        mapped = " " if char.isspace() else _FOLD_TABLE.get(char, char)
        for piece in mapped:
            last = out[-1] if out else " "
            if piece == " " and last in " -":
                continue
            if piece == "-" and last == "-":
                continue
            if piece == "-" and last == " " and out:
                out.pop()
                origin.pop()
            out.append(piece)
            origin.append(index)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Folded("".join(out), origin)


@dataclass(frozen=True)
class Excerpt:
    """A quote as it will be printed."""

    paragraphs: list[str]
    word_count: int
    source_paragraphs: list[int]

    @property
    def text(self) -> str:
        """The whole excerpt as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Located:
    """Where a quote's pieces are in the joined source text, and its omission marks."""

    spans: list[tuple[int, int]]  # start and end of each piece
    sics: list[int]  # where [sic] marks go
    leading: bool  # the quote starts with [...]
    trailing: bool  # the quote ends with [...]


class QuoteNotFound(Refused):
    """A quote (or one piece of it) that does not occur in its source."""


def count_words(text: str) -> int:
    """Words in ``text``, not counting omission marks and [sic]."""
    return len(_WORD_RE.findall(_SIC_RE.sub(" ", text.replace(OMISSION, " "))))


def split_quote(quote: str) -> tuple[list[str], bool, bool]:
    """Pieces of a quote between omission marks, and whether it starts/ends with one."""
    pieces = [p.strip() for p in _OMISSION_RE.split(unicodedata.normalize("NFC", quote))]
    leading, trailing = not pieces[0], not pieces[-1]
    return [p for p in pieces if p], leading, trailing


def adapted_excerpt(quote: str) -> Excerpt:
    """An adapted quote is printed as written: paragraphs split at blank lines."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", quote.strip())]
    paragraphs = [_OMISSION_RE.sub(OMISSION, p) for p in paragraphs if p]
    return Excerpt(paragraphs, count_words(" ".join(paragraphs)), [])


class SourceText:
    """A source's text, joined and folded once for all the quotes taken from it."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.joined = "\n\n".join(source.blocks)
        self.folded = fold(self.joined)
        starts, offset = [], 0
        for block in source.blocks:
            starts.append(offset)
            offset += len(block) + 2
        self._block_starts = starts

    def block_start(self, paragraph: int) -> int:
        """Where 1-based ``paragraph`` starts in the joined text."""
        return self._block_starts[paragraph - 1]

    def paragraph_of(self, index: int) -> int:
        """1-based paragraph number of an index into the joined text."""
        return bisect.bisect_right(self._block_starts, index)

    def find(self, quote: str) -> Excerpt:
        """Locate every piece of ``quote``; raise :class:`QuoteNotFound` otherwise."""
        return self.excerpt(self.locate(quote))

    def locate(self, quote: str) -> Located:
        """Where each piece of ``quote`` is in the source; :class:`QuoteNotFound` if not."""
        pieces, leading, trailing = split_quote(quote)
        if not pieces:
            raise QuoteNotFound("the quote is empty", "paste the words from the source")
        spans: list[tuple[int, int]] = []
        sics: list[int] = []  # where the quote's [sic] marks go, as indexes into the source
        cursor = 0
        for number, piece in enumerate(pieces, start=1):
            needle = fold(piece).text
            at = self.folded.text.find(needle, cursor)
            marks: list[int] = []
            if at < 0 and _SIC_RE.search(piece):  # unless the source has its own [sic]
                needle, marks = _without_sic(piece)
                at = self.folded.text.find(needle, cursor)
            if at < 0:
                raise self._not_found(piece, needle, number, len(pieces), cursor)
            end = at + len(needle)
            spans.append((self.folded.origin[at], self.folded.origin[end - 1] + 1))
            sics += [self.folded.origin[at + mark - 1] + 1 for mark in marks]
            cursor = end
        return Located(spans, sics, leading, trailing)

    def excerpt(self, located: Located) -> Excerpt:
        """The excerpt to print for a located quote."""
        return self._excerpt(located.spans, located.leading, located.trailing, located.sics)

    def _text(self, start: int, end: int, sics: list[int]) -> str:
        """The source's text from ``start`` to ``end``, with [sic] after the marked words."""
        cuts = [i for i in sics if start < i <= end]
        pieces, last = [], start
        for cut in cuts:
            pieces += [self.joined[last:cut], f" {SIC}"]
            last = cut
        return "".join([*pieces, self.joined[last:end]])

    def _excerpt(
        self, spans: list[tuple[int, int]], leading: bool, trailing: bool, sics: list[int]
    ) -> Excerpt:
        paragraphs: list[str] = []
        previous_end_block = None
        for start, end in spans:
            chunks = [" ".join(c.split()) for c in self._text(start, end, sics).split("\n\n")]
            same_block = previous_end_block == self.paragraph_of(start)
            if not paragraphs:
                paragraphs = chunks
                if leading:
                    paragraphs[0] = f"{OMISSION} {paragraphs[0]}"
            elif same_block:
                paragraphs[-1] += f" {OMISSION} {chunks[0]}"
                paragraphs += chunks[1:]
            else:
                paragraphs[-1] += f" {OMISSION}"
                paragraphs += chunks
            previous_end_block = self.paragraph_of(end - 1)
        if trailing:
            paragraphs[-1] += f" {OMISSION}"
        numbers = sorted(
            {n for s, e in spans for n in range(self.paragraph_of(s), self.paragraph_of(e - 1) + 1)}
        )
        return Excerpt(paragraphs, count_words(" ".join(paragraphs)), numbers)

    def _not_found(
        self, piece: str, needle: str, number: int, total: int, cursor: int
    ) -> QuoteNotFound:
        which = "quote" if total == 1 else f"part {number} of {total} of the quote"
        if cursor and self.folded.text.find(needle) >= 0:
            return QuoteNotFound(
                f"{which} comes before the part above it in source '{self.source.id}'",
                "the parts between [...] must keep the source's order",
            )
        message = f"{which} not found in source '{self.source.id}'"
        hint = self._closest(needle)
        if "..." in needle and total == 1:
            hint = (hint + "; " if hint else "") + "mark an omission as [...] with brackets"
        return QuoteNotFound(message, hint)

    def _closest(self, needle: str) -> str | None:
        text = self.folded.text
        source = _Tokens(text)
        quote = _Tokens(needle)
        match = SequenceMatcher(None, source.words, quote.words, autojunk=False)
        longest = match.find_longest_match(0, len(source.words), 0, len(quote.words))
        if longest.size < min(3, len(quote.words)):
            return f"nothing like it in the source; is '{self.source.id}' the right source?"
        # Diff the quote against the source around the anchor, with slack on both sides
        # for words the quote adds or leaves out.
        slack = 60 + len(quote.words) // 2  # room for a skipped paragraph
        start = max(0, longest.a - longest.b - slack)
        end = min(len(source.words), longest.a + (len(quote.words) - longest.b) + slack)
        differs = _first_difference(quote, _Tokens(text, source.spans[start:end]))
        if differs is None:  # pragma: no cover - the whole quote would have matched
            return None
        offset, description = differs
        at = min(start + offset, len(source.words) - 1)  # the first differing source token
        lo = max(0, at - _CONTEXT_WORDS)
        while lo < at and not source.words[lo][0].isalnum():
            lo += 1  # start the shown passage on a word, not on a stray full stop
        hi = min(len(source.words), at + _CONTEXT_WORDS)
        passage = self._original(source.spans[lo][0], source.spans[hi - 1][1])
        passage = ("... " if lo else "") + passage + (" ..." if hi < len(source.words) else "")
        paragraph = self.paragraph_of(self.folded.origin[source.spans[at][0]])
        return f'closest passage, paragraph {paragraph}: "{passage}"; {description}'

    def _original(self, folded_start: int, folded_end: int) -> str:
        """The source's own text for a span of the folded text, on one line."""
        start = self.folded.origin[folded_start]
        end = self.folded.origin[folded_end - 1] + 1
        return " ".join(self.joined[start:end].split())


def _without_sic(piece: str) -> tuple[str, list[int]]:
    """A piece folded without its [sic] marks, and for each mark the length of the folded
    text before it; a mark that follows no word is refused."""
    parts = _SIC_RE.split(piece)
    if not parts[0].strip() or not re.search(r"\w\W*$", parts[0]):
        raise QuoteNotFound(
            f"{SIC} must follow a word of the quote", "write it after the word it marks"
        )
    folded, marks = "", []
    for part in parts[:-1]:
        folded = fold(folded + part).text
        marks.append(len(folded))
    return fold(folded + parts[-1]).text, marks


class _Tokens:
    """Words and punctuation marks of a folded text, with their spans."""

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.spans = (
            spans
            if spans is not None
            else [m.span() for m in re.finditer(r"\w+(?:['-]\w+)*|[^\w\s]", text)]
        )
        self.words = [text[s:e] for s, e in self.spans]

    def shown(self, start: int, end: int) -> str:
        """The text from token ``start`` up to (not including) token ``end``."""
        return self.text[self.spans[start][0] : self.spans[end - 1][1]]


def _first_difference(quote: _Tokens, source: _Tokens) -> tuple[int, str] | None:
    """Token index in ``source`` of the first difference, and a description of it.

    ``source`` is a window of the source around where the quote should be, so words
    it has before the quote starts or after it ends are context, not differences.
    """
    matcher = SequenceMatcher(None, quote.words, source.words, autojunk=False)
    for tag, q1, q2, s1, s2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "insert" and q1 in (0, len(quote.words))):
            continue
        if tag == "replace":
            ours, theirs = quote.shown(q1, q2), source.shown(s1, s2)
            note = " (capitalisation differs)" if ours.lower() == theirs.lower() else ""
            return s1, f'the quote has "{clip(ours)}" where the source has "{clip(theirs)}"{note}'
        if tag == "delete":
            return s1, f'the quote has "{clip(quote.shown(q1, q2))}", which the source does not'
        return s1, (
            f'the source has "{clip(source.shown(s1, s2))}" here; mark left-out words with [...]'
        )
    return None


def clip(text: str, limit: int = 60) -> str:
    """Shorten a long stretch of differing text for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 4].rsplit(" ", 1)[0] + " ..."


def contains_value(text: str, value: str) -> bool:
    """Whether ``value`` occurs in ``text`` as a whole (so '13' is not found in '130')."""
    pattern = r"(?<![\w.,])" + re.escape(" ".join(value.split())) + r"(?![\w]|[.,]\d)"
    return re.search(pattern, " ".join(text.split()), re.IGNORECASE) is not None
