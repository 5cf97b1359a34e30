"""Source-integrity and pedagogy checks: each with an id, a default level and a fix.

Every problem a check finds carries its id (``LP201``), so a teacher can look it up,
turn it up or down in ``lessonpress.yaml`` (``checks: {off: [...], errors: [...]}``) or
turn it off for one lesson with a reason (``skip_checks:``), which the teacher guide
prints. The rules are the conventions of Reading Like a Historian, the C3 Inquiry
Design Model and Facing History, written down so that every build applies them:

- verbatim provenance (LP101, LP102): found where the quote is matched (excerpts.py)
  and where adaptations are read (spec.py); cuts that change the sense (LP103, LP104):
  cuts.py, on each quote found;
- perspective balance (LP201-LP203), fair-use length (LP501, LP502), vocabulary
  coverage (LP701) and the content warning (LP801, LP802): :func:`check_pedagogy`, on a
  resolved lesson;
- source completeness (LP401): where a source is loaded (sources.py);
- figures (LP901: each value in its quote, found in its source) where figures are
  resolved, their attribution in the lesson's prose (LP301): :func:`check_attribution`,
  and their scope (LP902): :func:`check_scopes`.

:func:`apply_levels` then applies the workspace's and the lesson's choices to every
problem with an id.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from markupsafe import escape

from .errors import Problem, Problems, Severity
from .excerpts import clip, count_words
from .i18n import base_language
from .readability import grade_band_top
from .wordbank import occurs

if TYPE_CHECKING:
    from .resolve import ResolvedDocument, ResolvedLesson, ResolvedPair
    from .settings import CheckSettings
    from .sources import Source
    from .spec import Document, Lesson, Pair

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
            "Each version that prints the documents prints each one's source note (its "
            "source's title), also with overridden templates.",
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


def apply_levels(
    problems: Problems, start: int, settings: CheckSettings, skipped: Iterable[str] = ()
) -> None:
    """Apply the configured levels, and the checks a lesson skips, to the problems
    recorded from index ``start`` on."""
    off = set(settings.off) | set(skipped)
    errors, warnings = set(settings.errors), set(settings.warnings)

    def level(problem: Problem) -> Problem | None:
        check = CHECKS.get(problem.code or "")
        if check is None or check.fixed:
            return problem
        if check.code in off:
            return None
        if check.code in errors:
            return dataclasses.replace(problem, severity="error")
        if check.code in warnings:
            return dataclasses.replace(problem, severity="warning")
        return problem

    problems.revise(start, level)


def check_settings(settings: CheckSettings, problems: Problems) -> None:
    """Levels asked for the fixed checks, or for one check twice."""
    seen: dict[str, str] = {}
    for field in ("off", "warnings", "errors"):
        codes: list[str] = getattr(settings, field)
        file, pos, path = settings.at.of(field)
        for code in codes:
            if CHECKS[code].fixed and field != "errors":
                problems.error(
                    file,
                    pos,
                    path,
                    f"{code} ({CHECKS[code].name}) cannot be turned down",
                    "it is a rule every handout keeps; remove it from this list",
                )
            if code in seen and seen[code] != field:
                problems.error(
                    file, pos, path, f"{code} is also listed under {seen[code]}", "list it once"
                )
            seen[code] = field


def check_skips(lesson: Lesson, problems: Problems) -> None:
    """``skip_checks`` may not name a fixed check."""
    for skip in lesson.skip_checks:
        if CHECKS[skip.check].fixed:
            file, pos, path = skip.at.of("check")
            problems.error(
                file,
                pos,
                path,
                f"{skip.check} ({CHECKS[skip.check].name}) cannot be skipped",
                "fix what it reports instead",
            )


_WORD_RE = re.compile(r"\w+")  # "non-recognition" holds "recognition"


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_RE.findall(text)]


def _contains(words: list[str], phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``words``; its last word may take an ending (s, es,
    ed, ing; y to ies), so 'memoir' counts 'memoirs'."""
    wanted = _words(phrase)
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


_ENDINGS = {"s", "es", "ed", "d", "ing"}


def is_open(license_text: str, settings: CheckSettings) -> bool:
    """Whether a licence is one of the open ones (by its start, case-insensitively)."""
    text = license_text.casefold().strip()
    return any(text.startswith(o.casefold()) for o in settings.open_licenses)


def check_pedagogy(
    lesson: Lesson,
    pairs: list[ResolvedPair | None],
    settings: CheckSettings,
    problems: Problems,
    find_source: Callable[[str], Source | None],
    *,
    language: str = "en",
) -> None:
    """The lesson-wide checks. ``pairs`` are the lesson's pairs as resolved (``None`` for
    a pair with an error): those are checked from what the spec says, so one misquote
    does not hide the other problems. ``language`` is the lesson's."""
    resolved = [(spec, pair) for spec, pair in zip(lesson.pairs, pairs, strict=True) if pair]
    _perspectives(lesson, pairs, settings, problems)
    _fair_use(lesson, resolved, settings, problems)
    _reading_level(lesson, resolved, settings, problems)
    _translations(resolved, language, problems)
    found = _document_texts(lesson, pairs, find_source)
    if found is not None:  # else a document's source is unknown: too little to go on
        documents, languages = found
        questions = [lesson.compelling_question]
        questions += [q.text for pair in lesson.pairs for q in pair.questions]
        questions += [q.text for q in lesson.discussion]
        _vocabulary(lesson, documents + questions, {language, *languages}, problems)
        _content_warning(lesson, documents, settings, problems)


def _document_texts(
    lesson: Lesson,
    pairs: list[ResolvedPair | None],
    find_source: Callable[[str], Source | None],
) -> tuple[list[str], set[str]] | None:
    """The documents as students read them: excerpts with their source notes (for a pair
    with an error, its quotes as written), and their languages; ``None`` if a document's
    source is unreadable."""
    texts: list[str] = []
    languages: set[str] = set()
    for spec, pair in zip(lesson.pairs, pairs, strict=True):
        if pair is None:
            for d in spec.documents:
                source = find_source(d.source)
                if source is None:
                    return None
                texts += [d.quote, d.perspective or source.info.perspective, source.info.title]
                languages.add(d.language or source.info.language)
            continue
        for doc in pair.documents:
            texts += [*doc.excerpt.paragraphs, doc.perspective, doc.source.info.title]
            languages.add(doc.language)
    return texts, languages


def _perspectives(
    lesson: Lesson, pairs: list[ResolvedPair | None], settings: CheckSettings, problems: Problems
) -> None:
    labels: list[str] = []
    for spec, pair in zip(lesson.pairs, pairs, strict=True):
        if pair is not None:
            both = [d.perspective for d in pair.documents]
        else:  # labels the spec gives; a source's own label needs the resolved source
            both = [d.perspective for d in spec.documents if d.perspective is not None]
            if len(both) < 2:
                labels.append("")  # unknown: no lesson-wide verdict
                continue
        first, second = both
        labels += [first, second]
        if first.casefold() == second.casefold():
            file, pos, path = spec.at.of("documents")
            problems.error(
                file,
                pos,
                path,
                f"both documents carry the perspective '{first}'",
                "pair sources from different perspectives, or label each document's own "
                "perspective",
                code="LP201",
            )
    if "" in labels:
        return
    if len(pairs) > 1 and len({label.casefold() for label in labels}) == 1:
        problems.warning(
            lesson.at.file,
            lesson.at.pos,
            "pairs",
            f"every document carries the perspective '{labels[0]}'",
            "add a document from another perspective",
            code="LP202",
        )
    if len(settings.sides) < 2:
        return
    sides_of = []
    for label in labels:
        words = _words(label)
        sides_of.append(
            {s.name for s in settings.sides if any(_contains(words, w) for w in s.words)}
        )
    if all(len(found) == 1 for found in sides_of) and len(set().union(*sides_of)) == 1:
        side = next(iter(sides_of[0]))
        problems.warning(
            lesson.at.file,
            lesson.at.pos,
            "pairs",
            f"every document gives the {side} side's account",
            "pair them with documents from another side, or from observers",
            code="LP203",
        )


def _documents(
    resolved: list[tuple[Pair, ResolvedPair]],
) -> Iterator[tuple[Document, ResolvedDocument]]:
    """Each document of the resolved pairs: its spec (for positions) and what it became."""
    for spec, pair in resolved:
        yield from zip(spec.documents, pair.documents, strict=True)


def _fair_use(
    lesson: Lesson,
    resolved: list[tuple[Pair, ResolvedPair]],
    settings: CheckSettings,
    problems: Problems,
) -> None:
    quoted: dict[str, tuple[Source, int]] = {}  # words quoted from each non-open source
    for doc_spec, doc in _documents(resolved):
        info = doc.source.info
        if is_open(info.license, settings):
            continue
        if doc.excerpt.word_count > settings.fair_use_words:
            file, pos, path = doc_spec.at.of("quote")
            problems.warning(
                file,
                pos,
                path,
                f"the excerpt is {doc.excerpt.word_count} words from a source licensed "
                f"'{info.license}' (fair-use limit: {settings.fair_use_words})",
                "shorten it with [...], or raise checks: fair_use_words",
                code="LP501",
            )
        words = quoted.get(doc.source.id, (doc.source, 0))[1]
        quoted[doc.source.id] = (doc.source, words + doc.excerpt.word_count)
    for source_id, (source, words_quoted) in quoted.items():
        whole = source.info.original_words
        if whole is None and source.info.excerpted:
            continue  # only passages are stored; their length says nothing of the whole
        whole = whole or sum(count_words(b) for b in source.blocks)
        if whole and words_quoted * 100 > settings.fair_use_percent * whole:
            share = round(words_quoted * 100 / whole)
            problems.warning(
                lesson.at.file,
                lesson.at.pos,
                "pairs",
                f"the lesson quotes {share}% of source '{source_id}' ({words_quoted} of "
                f"{whole} words; fair-use limit: {settings.fair_use_percent}%)",
                "quote less of it, or raise checks: fair_use_percent",
                code="LP502",
            )


def _reading_level(
    lesson: Lesson,
    resolved: list[tuple[Pair, ResolvedPair]],
    settings: CheckSettings,
    problems: Problems,
) -> None:
    top = grade_band_top(lesson.grade)
    if top is None:
        return
    for doc_spec, doc in _documents(resolved):
        if doc.reading_grade is not None and doc.reading_grade > top + settings.reading_margin:
            file, pos, path = doc_spec.at.of("quote")
            problems.warning(
                file,
                pos,
                path,
                f"the excerpt reads at grade {doc.reading_grade} (Flesch-Kincaid), above the "
                f"lesson's grade {lesson.grade}",
                "add its hardest words to the vocabulary, or use an adapted version "
                "(adapted: true, with an adaptation_note)",
                code="LP601",
            )


def _translations(
    resolved: list[tuple[Pair, ResolvedPair]], language: str, problems: Problems
) -> None:
    """LP106: a document students may not read has a translation beside it."""
    for doc_spec, doc in _documents(resolved):
        if base_language(doc.language) == base_language(language) or doc_spec.translation:
            continue
        problems.warning(
            doc_spec.at.file,
            doc_spec.at.pos,
            doc_spec.at.path,
            f"Document {doc.letter} is in '{doc.language}' and the lesson in '{language}', "
            "but it has no translation",
            "add 'translation:' with text and by; it is printed under the original as a "
            "translation, never as the source's words",
            code="LP106",
        )


def _vocabulary(lesson: Lesson, texts: list[str], languages: set[str], problems: Problems) -> None:
    """LP701, matching terms as the word bank does, by the rules of the lesson's languages."""
    joined = " \n ".join(texts)
    for entry in lesson.vocabulary:
        if not occurs(entry.term, joined, languages):
            file, pos, path = entry.at.of("term")
            problems.warning(
                file,
                pos,
                path,
                f"'{entry.term}' occurs in no excerpt, source note or question",
                "remove the term, or ask a question that uses it",
                code="LP701",
            )


def _content_warning(
    lesson: Lesson, texts: list[str], settings: CheckSettings, problems: Problems
) -> None:
    if lesson.content_warning is not None:
        return
    words = _words(" \n ".join(texts))
    found = [w for w in settings.violence_words if _contains(words, w)]
    if found:
        problems.warning(
            lesson.at.file,
            lesson.at.pos,
            "content_warning",
            f"no content warning, and the excerpts describe violence ({', '.join(found[:3])})",
            "say what the sources describe, e.g. 'These sources describe killings.'",
            code="LP801",
        )


def contains_value(text: str, value: str) -> bool:
    """Whether ``value`` occurs in ``text`` as a whole (so '13' is not found in '130')."""
    pattern = r"(?<![\w.,])" + re.escape(" ".join(value.split())) + r"(?![\w]|[.,]\d)"
    return re.search(pattern, " ".join(text.split()), re.IGNORECASE) is not None


_SENTENCE_RE = re.compile(r"(?<=[.!?])[\s*_)]+(?=[\W_]*[A-Z0-9])")


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
            words = _words(sentence)
            for value, names in givers.items():
                if not contains_value(sentence, value):
                    continue
                if any(_names(words, giver) for giver in names):
                    continue
                file, pos, path = where.of(name)
                problems.warning(
                    file,
                    pos,
                    path,
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
    significant = [w for w in _words(giver) if len(w) > 3] or _words(giver)
    return any(_contains(words, w) for w in significant)


def _short(name: str) -> str:
    """A giver's name without its parenthetical."""
    return name.split(" (", maxsplit=1)[0]


def check_source_notes(lesson: ResolvedLesson, version: str, page: str, problems: Problems) -> None:
    """LP402: every document of a printed pair shows its source's title in ``page``."""
    if "pairs" not in getattr(lesson.settings.sections, version):
        return
    for i, pair in enumerate(lesson.pairs):
        for j, doc in enumerate(pair.documents):
            if str(escape(doc.source.info.title)) not in page:
                problems.warning(
                    lesson.path,
                    None,
                    f"pairs[{i}].documents[{j}]",
                    f"the {version} version prints Document {doc.letter} without its source note "
                    f"(the title '{doc.source.info.title}' is not on the page)",
                    "keep the source_note block (or the source's title) in an overridden "
                    "document template",
                    code="LP402",
                )
