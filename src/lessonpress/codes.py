"""The checks' ids, names, rules and default levels, and the levels a teacher chose.

This module imports nothing of lessonpress, so that every stage can name a check: the
settings and lesson formats (``checks: {off: [LP601]}``, ``skip_checks:``), the quote
finder (LP101, LP103) and the checks themselves. :class:`Levels` is the level policy
of one lesson (the workspace's ``checks:`` levels and the lesson's ``skip_checks:``);
:class:`lessonpress.errors.Problems` applies it to each problem as it is added, so
no stage needs to go back over what it reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

Severity = Literal["error", "warning"]

CheckCode = Literal[
    "LP101",
    "LP102",
    "LP103",
    "LP104",
    "LP106",
    "LP201",
    "LP202",
    "LP203",
    "LP301",
    "LP401",
    "LP402",
    "LP501",
    "LP502",
    "LP601",
    "LP701",
    "LP801",
    "LP802",
    "LP901",
    "LP902",
]


@dataclass(frozen=True)
class Check:
    """One check: what it asks of a lesson, its level unless configured, and the fix."""

    code: CheckCode
    name: str
    rule: str
    level: Severity
    fixed: bool = False  # a rule lessonpress stands on: cannot be turned down or off


CHECKS: dict[str, Check] = {
    c.code: c
    for c in [
        Check(
            "LP101",
            "verbatim quote",
            "Every quote is found word for word in its source, omissions marked [...].",
            "error",
            fixed=True,
        ),
        Check(
            "LP102",
            "adaptation note",
            "An adapted excerpt says how it was changed (it prints 'Adapted from').",
            "error",
            fixed=True,
        ),
        Check(
            "LP103",
            "cut mid-sentence",
            "An excerpt that starts or ends in the middle of a sentence of its source says so "
            "with [...], so it does not read as the source's whole sentence.",
            "warning",
        ),
        Check(
            "LP104",
            "cut changes meaning",
            "An omission does not remove a negation (not, never, не, ոչ, deyil, ne ... pas) or "
            "an attribution (says, according to, reported, claims, по словам, ըստ, görə, "
            "selon) from the sentence it cuts; the message shows the words removed.",
            "warning",
        ),
        Check(
            "LP106",
            "translation beside the original",
            "A document not in the lesson's language carries a translation (translation:), "
            "printed under the original and labelled with who made it.",
            "warning",
        ),
        Check(
            "LP201",
            "pair perspectives",
            "The two documents of a pair carry different perspective labels.",
            "error",
        ),
        Check(
            "LP202",
            "lesson perspectives",
            "A lesson's documents do not all share one perspective label.",
            "warning",
        ),
        Check(
            "LP203",
            "one side",
            "A lesson's perspectives do not all come from one side of the conflict "
            "(sides are named under checks: sides:).",
            "warning",
        ),
        Check(
            "LP301",
            "attributed figures",
            "A figure the sources disagree on (two values for one quantity under figures:), "
            "stated in the lesson's background or notes, sits in a sentence naming who gives it.",
            "warning",
        ),
        Check(
            "LP401",
            "source completeness",
            "A source gives title, publisher, date, licence and perspective (null for an "
            "explicit unknown), and a URL or an offline note saying where it can be found.",
            "warning",
        ),
        Check(
            "LP402",
            "source notes printed",
            "Wherever the templates print a document's excerpt, they print its source note "
            "too: the source_note block of partials/document.html (kept, or with super()), "
            "the source_note macro or at least the source's title. Checked on the templates "
            "in use, overrides included, and reported on the template's line.",
            "warning",
        ),
        Check(
            "LP501",
            "excerpt length",
            "An excerpt from a source that is not openly licensed stays within "
            "checks: fair_use_words (default 300).",
            "warning",
        ),
        Check(
            "LP502",
            "share of a source",
            "A lesson quotes at most checks: fair_use_percent (default 10) of a source that is "
            "not openly licensed.",
            "warning",
        ),
        Check(
            "LP601",
            "reading level",
            "An English excerpt's Flesch-Kincaid grade (printed in the teacher guide) is at most "
            "checks: reading_margin (default 3) above the top of the lesson's grade band.",
            "warning",
        ),
        Check(
            "LP701",
            "vocabulary used",
            "Each vocabulary term occurs in what students read and answer: the excerpts with "
            "their source notes, the compelling question and the questions.",
            "warning",
        ),
        Check(
            "LP801",
            "content warning",
            "A lesson quoting sources about violence (checks: violence_words) has a content "
            "warning.",
            "warning",
        ),
        Check(
            "LP802",
            "content warning first",
            "Each version prints the content warning before the first document.",
            "error",
            fixed=True,
        ),
        Check(
            "LP901",
            "figure in its source",
            "Each value under figures: appears in its quote, and the quote in its source.",
            "error",
            fixed=True,
        ),
        Check(
            "LP902",
            "figure scope",
            "Each figure under figures: says what it counts, where and when (scope:), so that "
            "counts for a city and for a whole country are not read as one.",
            "warning",
        ),
    ]
}
assert set(CHECKS) == set(get_args(CheckCode))


@dataclass(frozen=True)
class Levels:
    """The levels a workspace and a lesson chose: checks off, and checks raised or lowered."""

    off: frozenset[str] = frozenset()
    errors: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        off: Iterable[str] = (),
        errors: Iterable[str] = (),
        warnings: Iterable[str] = (),
        skipped: Iterable[str] = (),
    ) -> Levels:
        """The policy of settings' ``off``/``errors``/``warnings`` and a lesson's skips."""
        return cls(frozenset([*off, *skipped]), frozenset(errors), frozenset(warnings))

    def severity(self, code: str | None, severity: Severity) -> Severity | None:
        """The level of a problem found by check ``code`` (``None``: the check is off).

        Problems without a check id, and the fixed checks, keep their level.
        """
        check = CHECKS.get(code or "")
        if check is None or check.fixed:
            return severity
        if check.code in self.off:
            return None
        if check.code in self.errors:
            return "error"
        if check.code in self.warnings:
            return "warning"
        return severity
