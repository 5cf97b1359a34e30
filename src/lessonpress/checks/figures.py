"""Figures: LP301 (a contested figure in the lesson's prose names who gives it) and LP902 (each
figure says what it counts). LP901, each value in its quote, is found where figures are
resolved (:mod:`lessonpress.quotes.resolve`)."""

from __future__ import annotations

import re
from typing import Any

from lessonpress.checks.subject import Subject
from lessonpress.errors import Problems
from lessonpress.model.spec import Lesson
from lessonpress.model.words import contains, split_words
from lessonpress.quotes.excerpts import clip, contains_value

_SENTENCE_RE = re.compile(r"(?<=[.!?])[\s*_)]+(?=[\W_]*[A-Z0-9])")


def check(subject: Subject, problems: Problems) -> None:
    """LP301 and LP902."""
    check_attribution(subject.lesson, problems)
    check_scopes(subject.lesson, problems)


def check_attribution(lesson: Lesson, problems: Problems) -> None:
    """LP301: contested values in the lesson's own prose name who gives them."""
    values: dict[str, set[str]] = {}
    for figure in lesson.figures:
        values.setdefault(figure.quantity.casefold(), set()).add(figure.value)
    contested = [f for f in lesson.figures if len(values[f.quantity.casefold()]) > 1]
    if not contested:
        return
    prose: list[tuple[str, Any, str]] = []  # (text, record with positions, field)
    if lesson.background:
        prose.append((lesson.background, lesson.at, "background"))
    if lesson.teacher_notes:
        prose.append((lesson.teacher_notes, lesson.at, "teacher_notes"))
    for question in [q for pair in lesson.pairs for q in pair.questions] + lesson.discussion:
        if question.teacher_notes:
            prose.append((question.teacher_notes, question.at, "teacher_notes"))
    givers: dict[str, list[str]] = {}
    for figure in contested:
        givers.setdefault(figure.value, []).append(figure.given_by)
    for text, where, name in prose:
        for sentence in _SENTENCE_RE.split(" ".join(text.split())):
            words = split_words(sentence)
            for value, names in givers.items():
                if not contains_value(sentence, value):
                    continue
                if any(_names(words, giver) for giver in names):
                    continue
                problems.warning_at(
                    where,
                    name,
                    f"'{value}' is a contested figure, but this sentence does not say who gives "
                    f'it: "{clip(sentence, 80)}"',
                    f"name the source in the sentence, e.g. '{_short(names[0])} gave {value}'",
                    code="LP301",
                )


def check_scopes(lesson: Lesson, problems: Problems) -> None:
    """LP902: every figure says what it counts, where and when."""
    for figure in lesson.figures:
        if figure.scope is None:
            problems.warning(
                figure.at.file,
                figure.at.pos,
                figure.at.path,
                f"the figure '{figure.value}' ({figure.given_by}) does not say what it counts",
                "add 'scope:' in the source's own terms: who is counted, where and when, "
                "e.g. 'Armenians killed in Baku, 13-19 January 1990'",
                code="LP902",
            )


def _names(words: list[str], giver: str) -> bool:
    """Whether a sentence's ``words`` name ``giver``: one of its longer words, or all."""
    significant = [w for w in split_words(giver) if len(w) > 3] or split_words(giver)
    return any(contains(words, w) for w in significant)


def _short(name: str) -> str:
    """A giver's name without its parenthetical."""
    return name.split(" (", maxsplit=1)[0]
