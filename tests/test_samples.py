"""The repository's own sample library: strict-clean, and handouts of the promised length."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Workspace

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.stem for p in (REPO / "lessons").glob("*.yaml"))
#: Lessons whose documents are printed with translations: a page more for those.
TRANSLATED = {"baku-1990-memory-hy", "baku-1990-memory-ru"}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the repository's workspace, so tests never write into the checkout."""
    root = tmp_path_factory.mktemp("samples") / "ws"
    for folder in ("lessons", "content", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    for name in ("lessonpress.yaml",):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, root / name)
    return Workspace(root)


def test_there_are_six_sample_lessons() -> None:
    assert SAMPLES == [
        "baku-1990",
        "baku-1990-memory-hy",
        "baku-1990-memory-ru",
        "khojaly-1992",
        "kirovabad-1988",
        "what-is-genocide",
    ]


def test_samples_pass_the_strictest_check(samples: Workspace) -> None:
    run = samples.run("check", "--strict")
    assert run.code == 0, run.err
    assert "checked 6 lessons: 0 errors, 0 warnings (strict)" in run.out


def test_every_source_is_used_or_listed(samples: Workspace) -> None:
    used = set()
    for lesson in (samples.root / "lessons").glob("*.yaml"):
        used |= {
            line.split(":", 1)[1].strip()
            for line in lesson.read_text().splitlines()
            if line.strip().startswith("- source:")
        }
    stored = {p.stem for p in (samples.root / "content" / "sources").glob("*.md")}
    assert used == stored


@pytest.mark.parametrize("lesson", SAMPLES)
def test_student_handouts_fit_two_to_four_a4_pages(sample_build: Path, lesson: str) -> None:
    pages = PdfReader(sample_build / lesson / f"{lesson}-student.pdf").pages
    assert 2 <= len(pages) <= 4 + (lesson in TRANSLATED)
    assert [round(float(x)) for x in pages[0].mediabox[2:]] == [595, 842]  # A4, in points


def test_on_letter_paper_student_handouts_take_at_most_five_pages(
    samples: Workspace, tmp_path: Path
) -> None:
    letter = Workspace(tmp_path / "letter")
    shutil.copytree(samples.root, letter.root, ignore=shutil.ignore_patterns("build"))
    settings = letter.root / "lessonpress.yaml"
    settings.write_text(settings.read_text() + "\npaper: letter\n")
    run = letter.run("build", "--only", "student")
    assert run.code == 0, run.err
    for lesson in SAMPLES:
        pages = PdfReader(letter.root / "build" / lesson / f"{lesson}-student.pdf").pages
        assert 2 <= len(pages) <= 5 + (lesson in TRANSLATED), lesson
        assert [round(float(x)) for x in pages[0].mediabox[2:]] == [612, 792]  # US Letter


def test_the_baku_captions_counts_are_scoped_to_azerbaijan() -> None:
    """The fact-checker's case: counts for Azerbaijan were tabled as deaths in Baku."""
    import yaml  # noqa: PLC0415

    lesson = yaml.safe_load((REPO / "lessons" / "baku-1990.yaml").read_text(encoding="utf-8"))
    scopes = {f["value"]: f["scope"] for f in lesson["figures"]}
    assert "Azerbaijan" in scopes["at least 37"] and "no city named" in scopes["at least 37"]
    assert "Azerbaijan" in scopes["at least 56"] and "no city named" in scopes["at least 56"]
    assert all("Baku" not in f["quantity"] for f in lesson["figures"])


def test_the_translated_lessons_label_their_translations_as_the_projects() -> None:
    for name in sorted(TRANSLATED):
        text = (REPO / "lessons" / f"{name}.yaml").read_text(encoding="utf-8")
        assert text.count("translation:") >= 2, name
        assert "lessonpress" in text.split("translation:", 1)[1].split("text:", 1)[0], name
