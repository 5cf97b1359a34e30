"""Labels, dates and quotation marks in the lesson's language; each excerpt in its own."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pyphen
import pytest
from messages import languages, missing, read_catalog, template_messages
from pypdf import PdfReader

from conftest import MakeWorkspace
from lessonpress.model.fieldtypes import PartialDate
from lessonpress.model.i18n import catalog_languages, format_date, one_full_stop
from lessonpress.model.sources import SourceType

REPO = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_there_are_labels_in_the_five_languages_of_the_region_and_its_classrooms() -> None:
    assert catalog_languages() == ["az", "en", "fr", "hy", "ru"]


@pytest.mark.parametrize("language", languages())
def test_every_catalog_translates_every_label(language: str) -> None:
    assert missing(template_messages(), language) == []


@pytest.mark.parametrize("language", languages())
def test_translations_keep_the_placeholders_of_their_message(language: str) -> None:
    for message in read_catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(str(ids[0])))
        for string in strings:
            assert set(PLACEHOLDER.findall(str(string))) == wanted, (language, message.id)


def test_the_catalogs_name_every_type_of_source() -> None:
    text = (REPO / "src/lessonpress/templates/partials/citations.html").read_text()
    named = set(re.findall(r'pgettext\("source type", "(\w+)"\)', text))
    assert named == set(typing.get_args(SourceType))


def _lesson_in(ws_language: str, make_workspace: MakeWorkspace) -> str:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "duration: 50\n", f"duration: 50\nlanguage: {ws_language}\n")
    run = ws.run("build")
    assert run.code == 0, run.err
    student = PdfReader(ws.root / "build/demo/demo-student.pdf")
    teacher = PdfReader(ws.root / "build/demo/demo-teacher.pdf")
    pages = [*student.pages, *teacher.pages]
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


LABELS = {
    "ru": [
        "МАТЕРИАЛ ДЛЯ УЧАЩИХСЯ",
        "Имя",
        "Предупреждение о содержании:",
        "Документ A",
        "Источник: «Kirovabad pogrom», Military Wiki, дата неизвестна.",
        "Страница 1 из 2",
        "Пособие для учителя — не для учащихся",
        "«Kirovabad pogrom». Military Wiki, б. д. Дата обращения: 2026-11-01.",
    ],
    "hy": [
        "Անուն",
        "Փաստաթուղթ A",
        "Աղբյուրը՝ «Kirovabad pogrom», Military Wiki, ամսաթիվն անհայտ է։",
        "Էջ 1 / 2",
        "Ուսուցչի ձեռնարկ — ոչ աշակերտների համար",
    ],
    "az": ["Ad", "Sənəd A", "Mənbə: “Kirovabad pogrom”, Military Wiki", "Səhifə 1 / 2"],
    "fr": [
        "Nom",
        "Document A",
        "Source\u00a0: «\u00a0Kirovabad pogrom\u00a0», Military Wiki, date inconnue.",
        "Page 1 sur 2",
        "Guide de l’enseignant — ne pas distribuer aux élèves",
    ],
    "en": ["Name", "Source: “Kirovabad pogrom,” Military Wiki, date unknown.", "Page 1 of 2"],
}


@pytest.mark.parametrize("language", sorted(LABELS))
def test_the_handouts_print_their_labels_in_the_lessons_language(
    make_workspace: MakeWorkspace, language: str
) -> None:
    text = _lesson_in(language, make_workspace).replace("\u00a0", " ")  # pypdf: NBSP as space
    for label in LABELS[language]:
        assert label.replace("\u00a0", " ") in text, label


def test_a_language_without_labels_is_warned_about_and_prints_english(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "duration: 50\n", "duration: 50\nlanguage: de\n")
    run = ws.run("build", "--only", "student")
    assert run.code == 0
    assert (
        "lessons/demo.yaml:4:11: warning: language: lessonpress has no labels in 'de' yet: the "
        "handouts print English labels (Name, Document A, ...) (use one of az, en, fr, hy, ru, "
        "or add a catalog (see the README))"
    ) in run.err
    assert (
        "Document A" in PdfReader(ws.root / "build/demo/demo-student.pdf").pages[0].extract_text()
    )


@pytest.mark.parametrize(
    ("date", "language", "written"),
    [
        (PartialDate(1988, 11, 26), "en", "26 November 1988"),
        (PartialDate(1988, 11, 26), "ru", "26 ноября 1988\u202fг."),
        (PartialDate(1988, 11, 26), "hy", "1988 թ. նոյեմբերի 26"),
        (PartialDate(1988, 11, 26), "az", "26 noyabr 1988"),
        (PartialDate(1988, 11, 26), "fr-CA", "26 novembre 1988"),
        (PartialDate(1988, 11), "ru", "ноябрь 1988\u202fг."),
        (PartialDate(1988), "hy", "1988"),
    ],
)
def test_dates_are_written_as_the_language_writes_them(
    date: PartialDate, language: str, written: str
) -> None:
    assert format_date(date, language) == written


def test_an_abbreviation_at_a_sentence_end_keeps_one_full_stop() -> None:
    assert one_full_stop("13 января 2020 г..") == "13 января 2020 г."
    assert one_full_stop("Military Wiki, n.d.") == "Military Wiki, n.d."
    assert one_full_stop("He paused...") == "He paused..."


# A made-up source for the tests: long Russian words, nobody's words.
RUSSIAN_SOURCE = """\
---
title: Проверочный текст
publisher: lessonpress tests
published: null
accessed: 2026-12-01
type: other
perspective: Проверочный текст
language: ru
offline: "Written for lessonpress's tests."
license: CC0
---
Внимательные исследователи обстоятельно сравнивали противоречивые свидетельства.
"""


def _russian_lesson(make_workspace: MakeWorkspace, settings: str) -> Path:
    ws = make_workspace({"content/sources/ru.md": RUSSIAN_SOURCE, "lessonpress.yaml": settings})
    lesson = (ws.root / "lessons/demo.yaml").read_text()
    second = lesson.index("      - source: wiki", lesson.index("      - source: wiki") + 1)
    end = lesson.index("    questions:")
    ws.write(
        "lessons/demo.yaml",
        lesson[:second]
        + "      - source: ru\n"
        + '        quote: "Внимательные исследователи обстоятельно сравнивали противоречивые'
        + ' свидетельства."\n'
        + lesson[end:],
    )
    run = ws.run("build", "--only", "student", "--format", "html")
    assert run.code == 0, run.err
    html = (ws.root / "build/demo/demo-student.html").read_text()
    assert '<div class="excerpt" lang="ru">' in html and '<div class="excerpt" lang="en">' in html
    run = ws.run("build", "--only", "student")
    assert run.code == 0, run.err
    return ws.root / "build/demo/demo-student.pdf"


def _broken_words(pdf: Path) -> list[tuple[str, str]]:
    """Words broken at a line end by a hyphen: (first part, second part)."""
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return re.findall(r"(\w+)[-‐]\n(\w+)", text)


def test_hyphenation_is_off_unless_asked_for(make_workspace: MakeWorkspace) -> None:
    assert _broken_words(_russian_lesson(make_workspace, "font_size: 20\n")) == []


def test_hyphenation_follows_the_rules_of_each_excerpts_language(
    make_workspace: MakeWorkspace,
) -> None:
    pdf = _russian_lesson(make_workspace, "font_size: 20\nhyphenate: true\n")
    russian = [(a, b) for a, b in _broken_words(pdf) if re.search("[а-я]", a + b)]
    assert russian, "no Russian word was broken in a narrow column at 20 pt"
    rules = pyphen.Pyphen(lang="ru")
    for first, second in russian:
        assert len(first) in rules.positions(first + second), (first, second)


def test_skipped_checks_are_named_in_the_lessons_language(make_workspace: MakeWorkspace) -> None:
    """The Armenian and Russian guides printed the check names in English."""
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "title:", "language: hy\ntitle:")
    ws.edit(
        "lessons/demo.yaml",
        "teacher_notes: |\n",
        "skip_checks:\n  - check: LP501\n    reason: Պատճառը։\nteacher_notes: |\n",
    )
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert "<li>LP501 (հատվածի երկարություն): Պատճառը։</li>" in teacher
