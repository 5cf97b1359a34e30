"""Cuts that can change what a quote means (LP103, LP104).

A quote is found word for word in its source (:mod:`lessonpress.quotes.excerpts`), yet a cut can
still change its sense: an excerpt that begins or ends in the middle of a sentence without
``[...]`` reads as if the source's sentence were complete (LP103), and an omission inside a
sentence can remove the "not" that reverses it or the "according to" that says whose claim
it is (LP104). :func:`find_cuts` reads the source around each cut and reports both, with
the words removed, so the teacher can judge. Sentences are found by their end punctuation
followed by a capital letter or a digit, in any script; the negation and attribution words
are listed for each language lessonpress prints labels in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from lessonpress.model.i18n import base_language
from lessonpress.quotes.excerpts import Located, SourceText, clip

#: Words that reverse a sentence. A trailing ``*`` matches any ending (``n't`` in English
#: and ``չ`` in Armenian are prefixes or suffixes, written out below as whole words).
NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "not",
        "no",
        "never",
        "neither",
        "nor",
        "none",
        "nobody",
        "nothing",
        "cannot",
        "*n't",
        "without",
        "denied",
        "deny",
        "denies",
    ),
    "ru": ("не", "нет", "ни", "никогда", "никто", "ничего", "нельзя", "без", "отрица*"),
    "hy": (
        "ոչ",
        "չի",
        "չեն",
        "չէ",
        "չէր",
        "չէին",
        "չեմ",
        "չկա",
        "չկան",
        "չունի",
        "չունեն",
        "երբեք",
        "ոչինչ",
        "առանց",
        "ժխտ*",
    ),
    # Azerbaijani also negates a verb with -ma/-mə before its ending: the past, perfect and
    # future negatives and the negative participle (not the present -mır/-mir, which
    # names such as Vladimir end with, nor -maz/-mədən, which namaz and mədən do).
    "az": (
        "deyil",
        "yox",
        "yoxdur",
        "heç",
        "inkar*",
        "*madı",
        "*mədi",
        "*madılar",
        "*mədilər",
        "*mayıb",
        "*məyib",
        "*mamış",
        "*məmiş",
        "*mamışdır",
        "*məmişdir",
        "*mayacaq",
        "*məyəcək",
        "*mayan",
        "*məyən",
    ),
    "fr": ("ne", "n'*", "pas", "jamais", "aucun", "aucune", "rien", "ni", "sans", "nie*"),
}
#: Words that say whose claim a sentence reports (not "states" or "claim": nouns as often).
ATTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "says",
        "said",
        "say",
        "according",
        "reported",
        "reports",
        "reportedly",
        "claims",
        "claimed",
        "stated",
        "told",
        "alleged",
        "allegedly",
        "wrote",
        "writes",
        "believe*",
        "estimate*",
        "insist*",
        "argue*",
        "quoted",
    ),
    "ru": (
        "сказал*",
        "говори*",
        "заяви*",
        "заявля*",
        "сообщ*",
        "утвержда*",
        "словам",
        "данным",
        "мнению",
        "отмети*",
        "подчеркну*",
        "написа*",
        "пишет",
        "якобы",
        "считает*",
    ),
    "hy": (
        "ասել",
        "ասաց",
        "ասում",
        "ասել է",
        "հայտարար*",
        "նշել",
        "նշեց",
        "նշում",
        "հաղորդ*",
        "ըստ",
        "համաձայն",
        "պնդ*",
        "գրել",
        "գրում",
        "գրեց",
        "իբր",
    ),
    "az": (
        "dedi",
        "deyib",
        "deyir",
        "deyə",
        "bildir*",
        "açıqla*",
        "iddia edib",
        "iddia edir",
        "görə",
        "söylə*",
        "vurğula*",
        "qeyd",
        "yazıb",
        "yazır",
        "guya",
        "xəbər verir",
        "xəbər verib",
    ),
    "fr": (
        "dit",
        "dire",
        "selon",
        "d'après",
        "déclar*",
        "affirm*",
        "rapport*",
        "prétend*",
        "écrit",
        "estime*",
        "soutien*",
        "aurait",
        "auraient",
    ),
}

_WORD = re.compile(r"\w+(?:['’]\w*)*")
_END = re.compile(r"[.!?։:…]+[\"'”’»)\]]*\s+")
_OPENING = re.compile(r"^[\s\"'“«‘(\[>#*\-–—]*$")
_CLOSING = re.compile(r"^[\s.!?։:;,…\"'”’»)\]]*$")


@dataclass(frozen=True)
class Cut:
    """A cut that may change the quote's sense: its check, message and fix."""

    code: Literal["LP103", "LP104"]
    message: str
    hint: str


_BLOCK = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


def _ends(block: str) -> list[int]:
    """Where each sentence after the first starts in ``block``: after end punctuation and
    space, before a capital letter, a digit or an opening quote; not after an initial
    ("L. Abdullayeva"), and after a colon only before a capital letter (in Armenian text
    typed with a colon for the full stop ։)."""
    starts = []
    for end in _END.finditer(block):
        following = block[end.end() : end.end() + 1]
        mark = end.group().rstrip()
        if not following or re.search(r"(?:^|\W)\w\.$", block[: end.start() + 1]):
            continue
        if following.isupper() or (mark != ":" and (following.isdigit() or following in "\"'“«‘(")):
            starts.append(end.end())
    return starts


class Sentences:
    """Sentence starts and ends in a source's joined text, block by block."""

    def __init__(self, joined: str) -> None:
        self.joined = joined
        self.starts: list[int] = []  # every sentence start, in order
        for block in re.finditer(_BLOCK, joined):
            self.starts.append(block.start())
            self.starts += [block.start() + end for end in _ends(block.group())]
        self.block_ends = [m.end() for m in re.finditer(_BLOCK, joined)]

    def start_before(self, index: int) -> int:
        """The start of the sentence ``index`` is in."""
        return max((s for s in self.starts if s <= index), default=0)

    def end_after(self, index: int) -> int:
        """The end of the sentence that ``index`` is in (or ends)."""
        nxt = min((s for s in self.starts if s > index), default=len(self.joined))
        block_end = min((e for e in self.block_ends if e >= index), default=len(self.joined))
        return min(nxt, block_end)

    def starts_sentence(self, index: int) -> bool:
        """Whether only opening marks lie between the sentence's start and ``index``."""
        return bool(_OPENING.match(self.joined[self.start_before(index) : index]))

    def ends_sentence(self, index: int) -> bool:
        """Whether only closing marks lie between ``index`` and the sentence's end."""
        return bool(_CLOSING.match(self.joined[index : self.end_after(index)]))


def _matches(word: str, pattern: str) -> bool:
    if pattern.startswith("*"):
        return word.endswith(pattern[1:])
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def flagged(words_removed: str, language: str) -> tuple[str, list[str]] | None:
    """The kind ("a negation" or "an attribution") and words of ``language`` found among
    the removed words, or ``None``."""
    lang = base_language(language)
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(words_removed)]
    text = " ".join(words)
    for kind, table in (("a negation", NEGATIONS), ("an attribution", ATTRIBUTIONS)):
        found = []
        for pattern in table.get(lang, table["en"]):
            if " " in pattern:
                if f" {pattern} " in f" {text} ":
                    found.append(pattern)
            else:
                found += [w for w in words if _matches(w, pattern) and w not in found]
        if found:
            return kind, found
    return None


def find_cuts(text: SourceText, located: Located, language: str) -> list[Cut]:
    """The cuts of a located quote that may change its sense (LP103, LP104)."""
    sentences = Sentences(text.joined)
    spans = located.spans
    cuts: list[Cut] = []
    removed: list[tuple[str, str]] = []  # (which cut, words it removes from a sentence)
    first, last = spans[0][0], spans[-1][1]
    if not sentences.starts_sentence(first):
        before = text.joined[sentences.start_before(first) : first]
        removed.append(("the opening [...]" if located.leading else "the cut before it", before))
        if not located.leading:
            cuts.append(
                Cut(
                    "LP103",
                    f"the excerpt starts in mid-sentence without [...]; the sentence begins "
                    f'"{clip(before, 80)}"',
                    "start the quote with [...], or with the sentence's first word",
                )
            )
    for number, ((_, end), (start, _)) in enumerate(itertools.pairwise(spans), 1):
        gone = ""
        if not sentences.ends_sentence(end):
            gone = text.joined[end : min(start, sentences.end_after(end))]
        if not sentences.starts_sentence(start):
            tail = text.joined[max(end, sentences.start_before(start)) : start]
            gone = gone if tail in gone else f"{gone} ... {tail}" if gone else tail
        if gone:
            removed.append((f"[...] number {number}", gone))
    if not sentences.ends_sentence(last):
        after = text.joined[last : sentences.end_after(last)]
        removed.append(("the closing [...]" if located.trailing else "the cut after it", after))
        if not located.trailing:
            cuts.append(
                Cut(
                    "LP103",
                    f"the excerpt ends in mid-sentence without [...]; the sentence goes on "
                    f'"{clip(after, 80)}"',
                    "end the quote with [...], or with the sentence's last word",
                )
            )
    for which, words in removed:
        found = flagged(words, language)
        if found is not None:
            kind, matched = found
            cuts.append(
                Cut(
                    "LP104",
                    f"{which} removes {kind} ({', '.join(matched)}) from the sentence it "
                    f'cuts: "{clip(words, 100)}"',
                    "quote those words, or cut whole sentences",
                )
            )
    return cuts
