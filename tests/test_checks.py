"""The source-integrity and pedagogy checks: each caught, located and configurable."""

from __future__ import annotations

import json
import re

import pytest

import lessonpress
from conftest import LESSON, MakeWorkspace, Workspace
from lessonpress.codes import CHECKS
from lessonpress.model.settings import Side
from lessonpress.model.words import sides_of

CLEAN = "checked 1 lesson: 0 errors, 0 warnings"
SECOND_DOC = 'perspective: "Human-rights activist"'


def codes(ws: Workspace, *args: str) -> list[str]:
    """The check ids `check --format json` reports."""
    run = ws.run("check", "--format", "json", *args)
    return [p["code"] for p in json.loads(run.out)]


def copyrighted(ws: Workspace) -> None:
    ws.edit("content/sources/wiki.md", "license: CC BY-SA 3.0", "license: All rights reserved")


def test_the_tiny_workspace_passes_every_check_strictly(make_workspace: MakeWorkspace) -> None:
    run = make_workspace().run("check", "--strict")
    assert run.code == 0, run.err
    assert CLEAN in run.out + run.err


def test_every_message_carries_its_check_id(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "term: pogrom", "term: zeppelin")
    run = ws.run("check")
    assert run.code == 0
    assert "lessons/demo.yaml:11:11: warning LP701: vocabulary[0].term: 'zeppelin'" in run.err


def test_lp101_a_misquote_is_an_error(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "death of 7 people", "death of 70 people")
    run = ws.run("check")
    assert run.code == 1
    assert re.search(r"demo\.yaml:\d+:\d+: LP101: pairs\[0\]\.documents\[0\]\.quote", run.err)


def test_lp102_an_adapted_excerpt_needs_a_note_and_prints_adapted_from(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", SECOND_DOC, SECOND_DOC + "\n        adapted: true")
    assert "LP102" in codes(ws)
    ws.edit(
        "lessons/demo.yaml",
        "adapted: true",
        'adapted: true\n        adaptation_note: "Shortened."',
    )
    assert codes(ws) == []
    assert ws.run("build", "--format", "html", "--only", "student").code == 0
    html = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    assert "Adapted from" in html and "Shortened." in html


def test_lp201_a_pair_from_one_perspective_is_an_error(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", SECOND_DOC, 'perspective: "soviet authorities"')
    run = ws.run("check")
    assert run.code == 1
    assert re.search(r"demo\.yaml:16:7: LP201: pairs\[0\]\.documents: both documents", run.err)


def one_perspective_lesson(ws: Workspace, first: str, second: str) -> None:
    """Two pairs: the first Soviet / ``first``, the second Soviet / ``second``."""
    pairs = LESSON[LESSON.index("  - title:") : LESSON.index("discussion:")]
    ws.write("lessons/demo.yaml", LESSON.replace("discussion:", pairs + "discussion:"))
    text = (ws.root / "lessons/demo.yaml").read_text(encoding="utf-8")
    text = text.replace(SECOND_DOC, f'perspective: "{first}"', 1)
    text = text.replace(SECOND_DOC, f'perspective: "{second}"', 1)
    (ws.root / "lessons/demo.yaml").write_text(text, encoding="utf-8")


def test_lp202_a_lesson_with_one_perspective_is_warned(make_workspace: MakeWorkspace) -> None:
    # Every pair from one perspective is LP201 already; LP202 speaks when LP201 is off.
    ws = make_workspace({"lessonpress.yaml": "checks:\n  off: [LP201]\n"})
    one_perspective_lesson(ws, "Soviet authorities", "Soviet authorities")
    run = ws.run("check")
    assert "warning LP202: pairs: every document carries the perspective" in run.err
    assert codes(ws) == ["LP202"]
    ws.edit("lessons/demo.yaml", 'perspective: "Soviet authorities"', 'perspective: "Moscow"')
    assert codes(ws) == []


SIDES = """\
checks:
  sides:
    - name: Armenian
      words: [Armenian, Armenia]
    - name: Azerbaijani
      words: [Azerbaijani, Azerbaijan]
"""


def test_lp203_documents_all_from_one_side_are_warned(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": SIDES})
    ws.edit(
        "lessons/demo.yaml", 'perspective: "Soviet authorities"', 'perspective: "Armenian press"'
    )
    ws.edit("lessons/demo.yaml", SECOND_DOC, 'perspective: "Government of Armenia"')
    run = ws.run("check", "--strict")
    assert run.code == 1
    assert "warning LP203: pairs: every document gives the Armenian side's account" in run.err
    ws.edit("lessons/demo.yaml", "Government of Armenia", "Government of Azerbaijan")
    assert codes(ws) == []
    ws.edit("lessons/demo.yaml", "Government of Azerbaijan", "UN observers")  # no side
    assert codes(ws) == []


ONE_FORM_EACH = """\
checks:
  sides:
    - name: Armenian
      words: [Armenian]
    - name: Azerbaijani
      words: [Azerbaijan]
"""


def test_sides_of_finds_a_side_word_with_an_ending_only() -> None:
    sides = [
        Side(name="Armenian", words=["Armenian"]),
        Side(name="Azerbaijani", words=["Azerbaijan"]),
    ]
    assert sides_of("Armenians of Baku", sides) == ["Armenian"]
    assert sides_of("Armenian-American newspaper", sides) == ["Armenian"]
    # 'Azerbaijani' is not 'Azerbaijan' with an ending: a side lists each form it means.
    assert sides_of("Azerbaijani government", sides) == []
    assert sides_of("Government of Azerbaijan's ministry", sides) == ["Azerbaijani"]
    both = [Side(name="Azerbaijani", words=["Azerbaijani"]), *sides]
    assert sides_of("Armenian and Azerbaijani observers", both) == ["Azerbaijani", "Armenian"]


def test_lp203_and_the_lessons_table_place_labels_on_the_same_sides(
    make_workspace: MakeWorkspace,
) -> None:
    """The table once matched side words anywhere in a label, so it named 'Azerbaijani
    government' Azerbaijani where LP203 placed it on no side."""
    ws = make_workspace({"lessonpress.yaml": ONE_FORM_EACH})
    ws.edit("lessons/demo.yaml", "Soviet authorities", "Armenians of Baku")
    ws.edit("lessons/demo.yaml", SECOND_DOC, 'perspective: "Azerbaijani government"')
    assert _perspectives_column(ws) == "2 (Armenian)"
    assert codes(ws) == []  # one label on no side: not every document is Armenian
    ws.edit("lessons/demo.yaml", "Azerbaijani government", "Armenian government")
    assert _perspectives_column(ws) == "2 (Armenian)"
    assert codes(ws) == ["LP203"]
    ws.edit("lessons/demo.yaml", "Armenian government", "Government of Azerbaijan")
    assert _perspectives_column(ws) == "2 (Armenian, Azerbaijani)"
    assert codes(ws) == []


def _perspectives_column(ws: Workspace) -> str:
    """The Perspectives column of `lessonpress lessons` for the workspace's one lesson."""
    rows = json.loads(ws.run("lessons", "--format", "json").out)
    return str(rows[0]["perspectives"])


def test_lp401_a_source_without_url_or_offline_note(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("content/sources/wiki.md", 'offline: "A stored copy of the wiki page."\n', "")
    run = ws.run("check")
    assert "content/sources/wiki.md:2:1: warning LP401: the source has neither a url" in run.err
    ws.edit("content/sources/wiki.md", "license:", "url: https://example.org/wiki\nlicense:")
    assert codes(ws) == []


DOCUMENT = "templates/partials/document.html"
BARE_DOCUMENT = (
    '<section class="document"><h3>Document {{ doc.letter }}</h3>'
    "{% for p in doc.excerpt.paragraphs %}<p>{{ p }}</p>{% endfor %}</section>"
)
LP402_TEMPLATE = (
    "templates/partials/document.html:1:1: warning LP402: this template prints a document "
    "without its source note (extend builtin/partials/document.html and keep its source_note "
    "block, or print {{ m.source_note(doc) }} or at least {{ doc.source.info.title }})"
)
EXTENDS = '{% extends "builtin/partials/document.html" %}\n'


def test_lp402_a_document_template_without_the_note_is_located(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace({DOCUMENT: BARE_DOCUMENT})
    run = ws.run("check", "--strict")
    assert run.code == 1
    # One line for the template: not one per document, per version or per lesson.
    assert run.err.splitlines() == [
        LP402_TEMPLATE,
        "checked 1 lesson: 0 errors, 1 warning (strict)",
    ]
    assert ws.run("build", "--strict").code == 1
    ws.write(DOCUMENT, BARE_DOCUMENT.replace("</h3>", "</h3><p>{{ doc.source.info.title }}</p>"))
    assert codes(ws, "--strict") == []


@pytest.mark.parametrize("version", ["student", "teacher"])
def test_lp402_each_version_printing_the_documents_reports_it(
    make_workspace: MakeWorkspace, version: str
) -> None:
    # The teacher guide's Sources list prints every source's title: it hides nothing.
    other = "teacher" if version == "student" else "student"
    settings = f"sections:\n  {other}: [header, content_warning, discussion]\n"
    ws = make_workspace({DOCUMENT: BARE_DOCUMENT, "lessonpress.yaml": settings})
    assert LP402_TEMPLATE in ws.run("check").err
    ws.write("lessonpress.yaml", settings + f"  {version}: [header, content_warning]\n")
    assert codes(ws) == []  # neither version prints the documents


@pytest.mark.parametrize(
    "override",
    [
        # Another block replaced: the source note is still the built-in one.
        '{% block excerpt %}<div class="boxed">{{ super() }}</div>{% endblock %}',
        # The note's block replaced, keeping the built-in note in it.
        "{% block source_note %}<p>Read who wrote it.</p>{{ super() }}{% endblock %}",
        # A shorter note of one's own (docs/customizing.md, step 4).
        "{% block source_note %}<p>From: {{ doc.source.info.title }}</p>{% endblock %}",
        # The macro, or the title through a name.
        '{% block source_note %}{% import "partials/macros.html" as n %}'
        "<p>{{ n.source_note(doc) }}</p>{% endblock %}",
        "{% block source_note %}{% set info = doc.source.info %}{{ info.title }}{% endblock %}",
    ],
)
def test_lp402_an_override_that_keeps_the_note_passes(
    make_workspace: MakeWorkspace, override: str
) -> None:
    ws = make_workspace({DOCUMENT: EXTENDS + override + "\n"})
    assert codes(ws, "--strict") == []


def test_lp402_an_override_emptying_the_note_is_reported_at_its_block(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace(
        {
            DOCUMENT: EXTENDS + "{# No sources: the class reads them blind. #}\n"
            "  {%- block source_note %}{% endblock %}\n"
        }
    )
    run = ws.run("check")
    assert run.code == 0
    assert run.err.splitlines()[0] == (
        "templates/partials/document.html:3:3: warning LP402: this source_note block prints no "
        "source note: the documents go without their source (call {{ super() }} in the block, "
        "or print {{ m.source_note(doc) }} or at least {{ doc.source.info.title }} in it)"
    )
    ws.write(DOCUMENT, EXTENDS + "{% block source_note %}{{ doc.source.info.url }}{% endblock %}")
    assert "document.html:2:1: warning LP402: this source_note block" in ws.run("check").err


def test_lp402_a_loop_printing_documents_without_notes_is_located(
    make_workspace: MakeWorkspace,
) -> None:
    student = (
        '{% extends "builtin/student.html" %}\n{% block pairs %}\n'
        "{%- for pair in lesson.pairs %}\n"
        '  {%- for doc in pair.documents %}<div class="excerpt">{{ doc.paragraphs|join }}</div>'
        "{% endfor %}\n{%- endfor %}\n{% endblock %}\n"
    )
    ws = make_workspace({"templates/student.html": student})
    assert ws.run("check").err.splitlines()[0] == (
        "templates/student.html:4:3: warning LP402: this loop prints documents without their "
        "source notes (print {{ m.source_note(doc) }} or at least {{ doc.source.info.title }} "
        "in the loop, with each document)"
    )
    ws.write(
        "templates/student.html", student.replace("</div>", "</div>{{ doc.source.info.title }}")
    )
    assert codes(ws, "--strict") == []


def test_lp402_levels_and_skip_checks_apply(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({DOCUMENT: BARE_DOCUMENT, "lessonpress.yaml": "checks:\n  off: [LP402]\n"})
    assert codes(ws, "--strict") == []
    ws.write("lessonpress.yaml", "checks:\n  errors: [LP402]\n")
    run = ws.run("check")
    assert run.code == 1
    assert LP402_TEMPLATE.replace("warning LP402", "LP402") in run.err
    assert ws.run("build").code == 1
    ws.edit(
        "lessons/demo.yaml",
        "teacher_notes: |",
        'skip_checks:\n  - check: LP402\n    reason: "A reading sheet."\nteacher_notes: |',
    )
    assert codes(ws, "--strict") == []


def test_lp402_is_reported_once_per_run_and_with_each_lesson(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({DOCUMENT: BARE_DOCUMENT, "lessons/second.yaml": LESSON})
    run = ws.run("check")
    assert run.err.splitlines() == [LP402_TEMPLATE]
    assert "checked 2 lessons: 0 errors, 1 warning" in run.out
    assert ws.run("check", "second").err.splitlines() == [LP402_TEMPLATE]
    report = lessonpress.open_workspace(ws.root).check()
    assert [[p.code for p in r.problems] for r in report.results] == [["LP402"], ["LP402"]]


def test_lp501_a_long_excerpt_from_a_copyrighted_source(make_workspace: MakeWorkspace) -> None:
    limits = "checks:\n  fair_use_percent: 100\n  fair_use_words: "
    ws = make_workspace({"lessonpress.yaml": limits + "12\n"})
    assert codes(ws) == []  # openly licensed: no limit
    copyrighted(ws)
    run = ws.run("check", "--strict")
    assert re.search(
        r"demo\.yaml:18:16: warning LP501: pairs\[0\]\.documents\[0\]\.quote: the excerpt is "
        r"15 words from a source licensed 'All rights reserved' \(fair-use limit: 12\)",
        run.err,
    )
    ws.write("lessonpress.yaml", limits + "15\n")
    assert codes(ws) == []


def test_lp502_quoting_too_much_of_a_copyrighted_source(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "checks:\n  fair_use_percent: 20\n"})
    copyrighted(ws)
    run = ws.run("check")
    assert (
        "warning LP502: pairs: the lesson quotes 24% of source 'wiki' (27 of 114 words" in run.err
    )
    ws.write("lessonpress.yaml", "checks:\n  fair_use_percent: 25\n")
    assert codes(ws) == []
    # Only passages stored: the share needs the original's length.
    ws.write("lessonpress.yaml", "checks:\n  fair_use_percent: 20\n")
    ws.edit("content/sources/wiki.md", "license:", "excerpted: true\nlicense:")
    assert codes(ws) == []
    ws.edit("content/sources/wiki.md", "excerpted: true", "excerpted: true\noriginal_words: 100")
    assert codes(ws) == ["LP502"]


def test_lp601_an_excerpt_far_above_the_grade_band(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    long_sentence = (
        "On 25 November 1988, Soviet human rights activist Andrei Sakharov, in Massachusetts "
        "during the unrest, said he had received reports from the Soviet Union that more than "
        "130 Armenians were killed and more than 200 wounded in the violence."
    )
    ws.edit(
        "lessons/demo.yaml",
        "Andrei Sakharov, in Massachusetts during the unrest, said he had received reports",
        long_sentence,
    )
    run = ws.run("check")
    assert re.search(
        r"demo\.yaml:22:16: warning LP601: pairs\[0\]\.documents\[1\]\.quote: the excerpt "
        r"reads at grade 17\.3 \(Flesch-Kincaid\), above the lesson's grade 9-12",
        run.err,
    )
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert "reading level: grade 17.3 (Flesch-Kincaid)" in teacher
    ws.write("lessonpress.yaml", "checks:\n  reading_margin: 15\n")
    assert codes(ws) == []
    ws.write("lessonpress.yaml", "")
    ws.edit("lessons/demo.yaml", 'grade: "9-12"', 'grade: "College seminar"')  # no band
    assert codes(ws) == []


def test_lp701_a_vocabulary_term_used_nowhere(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "term: pogrom", "term: curfew")
    assert codes(ws) == ["LP701"]
    ws.edit("lessons/demo.yaml", "Who produced each figure?", "Who produced each curfew figure?")
    assert codes(ws) == []
    ws.edit("lessons/demo.yaml", "term: curfew", "term: authority")  # "authorities" counts
    assert codes(ws) == []


def test_lp801_violence_needs_a_content_warning(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", 'content_warning: "These sources describe killings."\n', "")
    assert codes(ws) == ["LP801"]
    ws.write("lessonpress.yaml", "checks:\n  violence_words: [riot]\n")
    assert codes(ws) == []  # nothing on the configured list is quoted


def test_lp802_the_warning_must_come_before_the_documents(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "sections:\n  student: [header, pairs]\n"})
    run = ws.run("check")
    assert run.code == 1
    assert "LP802: sections.student: the student version must print the content warning" in run.err


FIGURES = """\
figures:
  - quantity: "Deaths in Kirovabad"
    scope: "People of every nationality killed in Kirovabad, as confirmed at the time"
    value: "7"
    given_by: "Soviet authorities"
    when: "At the time"
    source: wiki
    quote: "The Soviet authorities confirmed the death of 7 people"
  - quantity: "Deaths in Kirovabad"
    scope: "Armenians killed, as reported to Sakharov from the Soviet Union"
    value: "more than 130"
    given_by: "Andrei Sakharov"
    when: "25 November 1988"
    source: wiki
    quote: "said he had received reports from the Soviet Union that more than 130 Armenians"
"""


def with_figures(ws: Workspace, background: str) -> None:
    ws.edit(
        "lessons/demo.yaml", "  In November 1988 violence broke out in Kirovabad.\n", background
    )
    ws.edit("lessons/demo.yaml", "teacher_notes: |\n  Notes", FIGURES + "teacher_notes: |\n  Notes")


def test_lp901_each_figure_is_in_its_quote_and_its_source(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    with_figures(ws, "  Accounts differ.\n")
    assert codes(ws) == []
    ws.edit("lessons/demo.yaml", 'value: "7"', 'value: "70"')
    run = ws.run("check")
    assert run.code == 1
    assert re.search(r"LP901: figures\[0\]\.value: the quote does not state '70'", run.err)
    ws.edit("lessons/demo.yaml", 'value: "70"', 'value: "7"')
    ws.edit("lessons/demo.yaml", 'death of 7 people"', 'death of 70 people"')
    run = ws.run("check")
    assert re.search(r"LP101: figures\[0\]\.quote: quote not found in source 'wiki'", run.err)


def test_the_teacher_guide_prints_the_figures_table(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    with_figures(ws, "  Accounts differ.\n")
    assert ws.run("build", "--format", "html").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    student = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    assert "Where the figures disagree" in teacher
    assert "Where the figures disagree" not in student
    rows = re.findall(r"<tr>\s*<td>([^<]*).*?</td>\s*<td class=\"value\">(.*?)</td>", teacher)
    assert rows == [("Deaths in Kirovabad", "7"), ("Deaths in Kirovabad", "more than 130")]
    assert "25 November 1988" in teacher and "Kirovabad pogrom, paragraph 2" in teacher
    assert "Counts: Armenians killed, as reported to Sakharov from the Soviet Union" in teacher


def test_lp902_a_figure_says_what_it_counts(make_workspace: MakeWorkspace) -> None:
    """The Baku lesson's case: counts for Azerbaijan were tabled as deaths in Baku."""
    ws = make_workspace()
    with_figures(ws, "  Accounts differ.\n")
    ws.edit(
        "lessons/demo.yaml",
        '    scope: "Armenians killed, as reported to Sakharov from the Soviet Union"\n',
        "",
    )
    run = ws.run("check")
    assert run.code == 0
    assert re.search(
        r"demo\.yaml:\d+:\d+: warning LP902: figures\[1\]: the figure 'more than 130' "
        r"\(Andrei Sakharov\) does not say what it counts \(add 'scope:'",
        run.err,
    )
    assert codes(ws) == ["LP902"]


def test_lp301_a_contested_figure_must_be_attributed(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    with_figures(ws, "  More than 130 people died, reports said.\n")
    run = ws.run("check")
    assert re.search(
        r"demo\.yaml:\d+:\d+: warning LP301: background: 'more than 130' is a contested "
        r"figure, but this sentence does not say who gives it",
        run.err,
    )
    ws.edit(
        "lessons/demo.yaml",
        "More than 130 people died, reports said.",
        "Sakharov reported more than 130 deaths.",
    )
    assert codes(ws) == []
    # "70" is not the contested "7"; a bare "7" is.
    ws.edit("lessons/demo.yaml", "deaths.\n", "deaths. The city had 70 districts.\n")
    assert codes(ws) == []
    ws.edit("lessons/demo.yaml", "had 70 districts", "had 7 dead")
    assert codes(ws) == ["LP301"]


def test_a_misquote_does_not_hide_the_other_problems(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "death of 7 people", "death of 70 people")
    ws.edit("lessons/demo.yaml", SECOND_DOC, 'perspective: "Soviet authorities"')
    ws.edit("lessons/demo.yaml", "term: pogrom", "term: zeppelin")
    ws.edit("lessons/demo.yaml", 'content_warning: "These sources describe killings."\n', "")
    assert sorted(codes(ws)) == ["LP101", "LP201", "LP701", "LP801"]


def test_levels_turn_checks_off_or_into_errors(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "term: pogrom", "term: zeppelin")
    ws.write("lessonpress.yaml", "checks:\n  errors: [LP701]\n")
    run = ws.run("check")
    assert run.code == 1
    assert ": LP701: vocabulary[0].term" in run.err
    assert ws.run("build").code == 1
    ws.write("lessonpress.yaml", "checks:\n  off: [LP701]\n")
    assert ws.run("check", "--strict").code == 0
    # A lesson's own settings override the workspace's.
    ws.edit(
        "lessons/demo.yaml",
        "teacher_notes: |",
        "settings:\n  checks:\n    off: []\nteacher_notes: |",
    )
    assert codes(ws) == ["LP701"]


def test_fixed_checks_cannot_be_turned_down(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "checks:\n  off: [LP101]\n"})
    run = ws.run("check")
    assert run.code != 0
    assert (
        "lessonpress.yaml:2:8: checks.off: LP101 (verbatim quote) cannot be turned down" in run.err
    )
    ws.write("lessonpress.yaml", "checks:\n  off: [LP999]\n")
    run = ws.run("check")
    assert "checks.off[0]: 'LP999' is not allowed here" in run.err


def test_a_lesson_skips_a_check_with_a_reason_the_guide_prints(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    copyrighted(ws)
    ws.write("lessonpress.yaml", "checks:\n  fair_use_words: 5\n")
    assert "LP501" in codes(ws)
    reason = "The publisher allowed reprinting for classroom use."
    ws.edit(
        "lessons/demo.yaml",
        "teacher_notes: |",
        f'skip_checks:\n  - check: LP501\n    reason: "{reason}"\nteacher_notes: |',
    )
    assert "LP501" not in codes(ws)
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    html = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert f"LP501 (excerpt length): {reason}" in html
    ws.edit("lessons/demo.yaml", "check: LP501", "check: LP101")
    run = ws.run("check")
    assert "skip_checks[0].check: LP101 (verbatim quote) cannot be skipped" in run.err


def test_json_output_is_the_problems_alone(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "term: pogrom", "term: zeppelin")
    run = ws.run("check", "--format", "json", "--strict")
    assert run.code == 1
    assert json.loads(run.out) == [
        {
            "file": "lessons/demo.yaml",
            "line": 11,
            "column": 11,
            "severity": "warning",
            "code": "LP701",
            "field": "vocabulary[0].term",
            "message": "'zeppelin' occurs in no excerpt, source note or question",
            "hint": "remove the term, or ask a question that uses it",
        }
    ]
    assert "checked 1 lesson: 0 errors, 1 warning (strict)" in run.err


def test_every_check_is_documented_in_the_readme() -> None:
    from pathlib import Path  # noqa: PLC0415

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code, check in CHECKS.items():
        assert f"| {code} | {check.name} |" in readme


def test_lp106_a_document_in_another_language_has_a_translation_beside_it(
    make_workspace: MakeWorkspace,
) -> None:
    """The Russian and Armenian samples' case: documents in Armenian and Azerbaijani."""
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", SECOND_DOC, SECOND_DOC + "\n        language: ru")
    run = ws.run("check")
    assert re.search(
        r"demo\.yaml:\d+:\d+: warning LP106: pairs\[0\]\.documents\[1\]: Document B is in 'ru' "
        r"and the lesson in 'en', but it has no translation",
        run.err,
    )
    ws.edit(
        "lessons/demo.yaml",
        "language: ru",
        "language: ru\n        translation:\n"
        '          by: "the lesson\'s author"\n'
        '          note: "Names are left as written."\n'
        "          text: |\n            Sakharov heard [of] deaths.\n\n"
        "            A second paragraph.",
    )
    assert codes(ws) == []  # a translation is never checked as a quote
    assert ws.run("build", "--format", "html").code == 0
    for version in ("student", "teacher"):
        html = (ws.root / f"build/demo/demo-{version}.html").read_text(encoding="utf-8")
        assert (
            "Translation (the lesson&#39;s author), not the source's own words:</p>\n"
            '    <div class="translation-text" lang="en">\n'
            "      <p>Sakharov heard [of] deaths.</p>\n      <p>A second paragraph.</p>"
        ) in html
        assert '<p class="translation-note">Names are left as written.</p>' in html


def test_a_question_asking_for_a_table_gets_a_ruled_grid(make_workspace: MakeWorkspace) -> None:
    """The Baku lesson's case: a question asking for a table of death tolls had ruled lines."""
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        '  - text: "What is genocide?"\n',
        '  - text: "Make a table of the figures."\n'
        "    answer:\n      table: [Figure, Who gives it]\n      rows: 2\n",
    )
    assert codes(ws) == []
    assert ws.run("build", "--format", "html", "--only", "student").code == 0
    html = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    grid = html.split("Make a table of the figures.", 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Figure</th><th scope="col">Who gives it</th>' in grid
    assert grid.count("<tr><td></td><td></td></tr>") == 2
    assert 'class="answer-lines"' not in html.split("Make a table of the figures.", 1)[1]
