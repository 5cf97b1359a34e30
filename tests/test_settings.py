"""Settings in lessonpress.yaml and in a lesson: every key reaches the handouts."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from conftest import MakeWorkspace, Workspace, png


def student_html(ws: Workspace, *args: str) -> str:
    run = ws.run("build", "--format", "html", "--only", "student", *args)
    assert run.code == 0, run.err
    return (ws.root / "build/demo/demo-student.html").read_text()


def pdf_text(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_school_logo_and_footer(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {
            "lessonpress.yaml": "school: Lincoln High School\n"
            "footer: History Department, room 12\n"
            "logo:\n  file: templates/crest.png\n  alt: The school crest\n",
        }
    )
    (ws.root / "templates").mkdir()
    (ws.root / "templates/crest.png").write_bytes(png(40, 40))
    assert ws.run("build", "--only", "student").code == 0
    pages = pdf_text(ws.root / "build/demo/demo-student.pdf")
    assert pages[0].startswith("Lincoln High School STUDENT HANDOUT Counting the Dead")
    assert all("History Department, room 12" in page for page in pages)
    reader = PdfReader(ws.root / "build/demo/demo-student.pdf")
    assert len(reader.pages[0].images) == 1
    html = student_html(ws)
    assert 'alt="The school crest"' in html


def test_logo_must_be_an_image_inside_the_workspace_with_alt_text(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace({"lessonpress.yaml": "logo:\n  file: ../crest.png\n"})
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "lessonpress.yaml:2:3: logo: missing required field 'alt' "
        "(add 'alt: School crest'; what the image shows, for screen readers)"
    )
    ws.write("lessonpress.yaml", "logo:\n  file: ../crest.png\n  alt: Crest\n")
    run = ws.run("check")
    assert run.err.splitlines()[0] == (
        "lessonpress.yaml:2:9: logo.file: image '../crest.png' is outside the workspace; "
        "only files inside it can be used"
    )


def test_paper_theme_and_font_size(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {"lessonpress.yaml": "paper: letter\nfont_size: 14\ntheme:\n  accent: '#8b0000'\n"}
    )
    html = student_html(ws)
    assert "@page { size: letter; }" in html
    assert (
        "--accent: #8b0000; --muted: #555555; --font-size: 14pt; --excerpt-line: 19.74pt;" in html
    )
    assert ws.run("build", "--only", "student").code == 0
    box = PdfReader(ws.root / "build/demo/demo-student.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a_bad_colour_is_located(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "theme:\n  accent: 'red; background: url(x)'\n"})
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "lessonpress.yaml:2:11: theme.accent: 'red; background: url(x)' is not a colour "
        "(write it as #rrggbb, for example #1f4e79)"
    )


def test_sections_choose_and_order_what_is_printed(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {"lessonpress.yaml": "sections:\n  student: [header, content_warning, discussion, pairs]\n"}
    )
    assert ws.run("build", "--only", "student").code == 0
    text = " ".join(pdf_text(ws.root / "build/demo/demo-student.pdf"))
    assert "Background" not in text
    assert "Vocabulary" not in text
    assert "COMPELLING QUESTION" not in text
    assert text.index("Discussion") < text.index("Part 1: How many died?")


def test_section_mistakes_are_located(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {
            "lessonpress.yaml": "sections:\n"
            "  student: [header, pairs, teacher_notes, pairs, backgroud]\n"
        }
    )
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "lessonpress.yaml:2:50: sections.student[4]: 'backgroud' is not allowed here "
        "(did you mean 'background'?)"
    )
    ws.write("lessonpress.yaml", "sections:\n  student: [header, pairs, teacher_notes, pairs]\n")
    assert ws.run("check").err.splitlines()[:2] == [
        "lessonpress.yaml:2:12: sections.student: section 'pairs' is listed twice "
        "(list each section once)",
        "lessonpress.yaml:2:12: sections.student: 'teacher_notes' is for the teacher guide only "
        "(remove it from the student sections)",
    ]


def test_the_content_warning_cannot_follow_the_documents(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {"lessonpress.yaml": "sections:\n  student: [header, pairs, content_warning]\n"}
    )
    run = ws.run("check")
    assert run.code == 1
    assert (
        "lessonpress.yaml:2:12: LP802: sections.student: the student version must print the "
        "content warning before the documents (put content_warning before pairs in the sections)"
    ) in run.err


def test_a_lesson_overrides_only_what_it_writes(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {"lessonpress.yaml": "school: Lincoln High\nanswer_lines: 6\npaper: letter\n"}
    )
    ws.edit(
        "lessons/demo.yaml",
        "teacher_notes: |\n",
        "settings:\n  answer_lines: 2\n  theme:\n    muted: '#333333'\nteacher_notes: |\n",
    )
    ws.edit("lessons/demo.yaml", "        answer_lines: 3\n", "")
    html = student_html(ws)
    assert "Lincoln High" in html  # from the workspace
    assert "@page { size: letter; }" in html  # from the workspace
    assert "--accent: #1f4e79; --muted: #333333;" in html  # accent default, muted the lesson's
    # Both questions take the lesson's answer_lines.
    assert [
        len(re.findall('class="answer-line"', block))
        for block in html.split('<div class="question">')[1:]
    ] == [2, 2]


def test_a_lessons_settings_are_checked_in_the_lesson(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml", "teacher_notes: |\n", "settings:\n  papr: letter\nteacher_notes: |\n"
    )
    run = ws.run("check")
    assert run.err.splitlines()[0] == (
        "lessons/demo.yaml:33:3: settings.papr: unknown field 'papr' (did you mean 'paper'?)"
    )


def test_line_numbers_every_n_lines_or_none(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "line_numbers: 0\n"})
    assert ".excerpt-text { background-image: none;" in student_html(ws)
    ws.write("lessonpress.yaml", "line_numbers: 10\n")
    html = student_html(ws)
    assert "calc(10 * var(--excerpt-line))" in html  # the units strip repeats every 10 lines
    assert ws.run("build", "--only", "student").code == 0


NORMS = "Running the discussion"


def test_every_teacher_guide_has_discussion_norms_in_its_language(
    make_workspace: MakeWorkspace,
) -> None:
    """Five of the six sample guides had none: the built-in norms are in every guide."""
    ws = make_workspace()
    assert ws.run("build", "--format", "html").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    student = (ws.root / "build/demo/demo-student.html").read_text(encoding="utf-8")
    assert NORMS in teacher and NORMS not in student
    assert "If a student says an event did not happen" in teacher
    assert "step out of the discussion" in teacher and "family ties" in teacher
    ws.edit("lessons/demo.yaml", "title:", "language: ru\ntitle:")
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert "Как вести обсуждение" in teacher and "не обсуждайте это как вопрос мнения" in teacher


def test_discussion_norms_are_overridden_in_settings_or_per_lesson(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace({"lessonpress.yaml": "discussion_norms: Our school's *own* norms.\n"})
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert "<p>Our school's <em>own</em> norms.</p>" in teacher.replace("&#39;", "'")
    assert "If a student says" not in teacher
    ws.edit(
        "lessons/demo.yaml",
        "teacher_notes: |\n",
        "settings:\n  discussion_norms: Mine.\nteacher_notes: |\n",
    )
    assert ws.run("build", "--format", "html", "--only", "teacher").code == 0
    teacher = (ws.root / "build/demo/demo-teacher.html").read_text(encoding="utf-8")
    assert "<p>Mine.</p>" in teacher and "Our school" not in teacher
    ws.write("lessonpress.yaml", "sections:\n  student: [header, discussion_norms, pairs]\n")
    run = ws.run("check")
    assert run.code == 1
    assert "'discussion_norms' is for the teacher guide only" in run.err
