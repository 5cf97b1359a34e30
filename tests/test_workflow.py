"""The teacher's workflow: init, new, find, the sources and lessons tables, quiet builds."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import pty
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import MakeWorkspace, Run
from lessonpress.cli import cli
from lessonpress.cli.progress import ProgressBar
from lessonpress.errors import Problems
from lessonpress.model.fieldtypes import PartialDate
from lessonpress.model.scaffold import SCAFFOLD_DIR
from lessonpress.model.schema import field_types, load_record, public_fields
from lessonpress.model.settings import Settings
from lessonpress.model.sources import SourceInfo
from lessonpress.model.spec import Lesson
from lessonpress.model.yamlnodes import read_yaml

REPO = Path(__file__).resolve().parent.parent


def run_in(folder: Path, *args: str) -> Run:
    """Run the CLI in ``folder`` without --root, as a teacher types it."""
    with contextlib.chdir(folder):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def field_names(cls: type, seen: set[type] | None = None) -> set[str]:
    """Every field name of a format, its records' fields included."""
    seen = seen or set()
    names: set[str] = set()
    for fld in public_fields(cls):
        names.add(fld.name)
        tp = field_types(cls)[fld.name]
        for inner in [tp, *typing.get_args(tp)]:
            for candidate in [inner, *typing.get_args(inner)]:
                if dataclasses.is_dataclass(candidate) and candidate not in seen:
                    seen.add(typing.cast(type, candidate))
                    names |= field_names(typing.cast(type, candidate), seen)
    return names


def written_keys(text: str) -> set[str]:
    """Keys written in a YAML skeleton, commented out or not."""
    return set(re.findall(r"^[#\s-]*([a-z_]+):", text, re.MULTILINE))


# --- init ---------------------------------------------------------------------------


def test_init_then_build_works_at_once(tmp_path: Path) -> None:
    run = run_in(tmp_path, "init", "history")
    assert run.code == 0, run.err
    root = tmp_path / "history"
    for name in (
        "lessonpress.yaml",
        ".gitignore",
        "templates/README.md",
        "lessons/kirovabad-two-counts.yaml",
        "content/sources/kirovabad-pogrom-wiki.md",
        "schemas/lesson.schema.json",
    ):
        assert (root / name).is_file(), name
    assert "build/" in (root / ".gitignore").read_text()
    assert "cd history" in run.out
    check = run_in(root, "check", "--strict")
    assert check.code == 0, check.err
    build = run_in(root, "build", "--jobs", "1")
    assert build.code == 0, build.err
    assert (root / "build/kirovabad-two-counts/kirovabad-two-counts-student.pdf").is_file()


def test_init_refuses_a_workspace_and_overwrites_nothing(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").code == 0
    settings = tmp_path / "ws" / "lessonpress.yaml"
    settings.write_text("school: Mine\n")
    run = run_in(tmp_path, "init", "ws")
    assert run.code == 1
    assert "ws is already a lessonpress workspace; nothing was changed" in run.err
    assert settings.read_text() == "school: Mine\n"
    # A folder that is not a workspace but holds one of the files is refused too.
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".gitignore").write_text("mine\n")
    run = run_in(tmp_path, "init", "other")
    assert run.code == 1
    assert "already exists; nothing was changed" in run.err
    assert not (tmp_path / "other" / "lessons").exists()
    assert (tmp_path / "other" / ".gitignore").read_text() == "mine\n"


def test_init_in_the_current_empty_folder(tmp_path: Path) -> None:
    run = run_in(tmp_path, "init", ".")
    assert run.code == 0, run.err
    assert (tmp_path / "lessons" / "kirovabad-two-counts.yaml").is_file()
    assert "cd " not in run.out


def test_the_example_source_is_the_samples_own() -> None:
    """The example is the sample library's source, not a drifting copy of it."""
    sample = REPO / "content/sources/kirovabad-pogrom-wiki.md"
    assert (SCAFFOLD_DIR / "example-source.md").read_text() == sample.read_text()


def _uncommented(text: str) -> str:
    """The settings skeleton with every commented-out setting switched on."""
    return re.sub(r"^# (\s*(?:[a-z_]+:|- ))", r"\1", text, flags=re.MULTILINE)


def test_settings_skeleton_has_every_setting_with_its_default() -> None:
    text = (SCAFFOLD_DIR / "settings.yaml").read_text()
    assert field_names(Settings) <= written_keys(text)
    problems = Problems()
    node = read_yaml(_uncommented(text), Path("lessonpress.yaml"), problems)
    settings = load_record(Settings, node, Path("lessonpress.yaml"), problems)
    assert settings is not None, [p.format() for p in problems]
    defaults = Settings()
    examples = {"school", "teacher", "logo", "footer", "discussion_norms"}  # examples, no default
    for fld in public_fields(Settings):
        if fld.name not in examples | {"checks"}:
            assert getattr(settings, fld.name) == getattr(defaults, fld.name), fld.name
    assert settings.checks.sides  # example sides (none by default), commented out
    assert dataclasses.replace(settings.checks, sides=[]) == defaults.checks


# --- new ------------------------------------------------------------------------------


def test_new_lesson_has_every_field_and_names_the_sources(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("new", "lesson", "my-first")
    assert run.code == 0, run.err
    path = ws.root / "lessons" / "my-first.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/lesson.schema.json\n")
    assert (ws.root / "schemas" / "lesson.schema.json").is_file()
    # Every field but those of settings: (any key of lessonpress.yaml, shown there).
    assert field_names(Lesson, {Settings}) <= written_keys(text)
    assert 'title: "My first"' in text
    assert "source: wiki" in text
    # The skeleton is a valid lesson spec; what is left is pasting real quotes.
    check = ws.run("check", "my-first")
    messages = [line for line in check.err.splitlines() if "my-first.yaml" in line]
    assert messages and all("LP101" in line for line in messages), check.err


def test_new_refuses_to_overwrite(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    before = (ws.root / "lessons/demo.yaml").read_text()
    run = ws.run("new", "lesson", "demo")
    assert run.code == 1
    assert "lessons/demo.yaml already exists; nothing was overwritten" in run.err
    assert (ws.root / "lessons/demo.yaml").read_text() == before
    ws.write("lessons/other.yml", "title: x\n")
    assert ws.run("new", "lesson", "other").code == 1  # other.yml is lesson 'other' too
    source = (ws.root / "content/sources/wiki.md").read_text()
    run = ws.run("new", "source", "wiki")
    assert run.code == 1
    assert "already exists" in run.err
    assert (ws.root / "content/sources/wiki.md").read_text() == source


def test_new_refuses_a_bad_name(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("new", "lesson", "../escape")  # the folder part is dropped
    assert run.code == 0, run.err
    assert not (ws.root.parent / "escape.yaml").exists()
    assert (ws.root / "lessons" / "escape.yaml").is_file()
    run = ws.run("new", "source", "my source")
    assert run.code == 2
    assert "cannot be a source name" in run.err


def test_new_source_says_which_fields_to_fill(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("new", "source", "memo-1990")
    assert run.code == 0, run.err
    text = (ws.root / "content/sources/memo-1990.md").read_text()
    assert field_names(SourceInfo, {PartialDate}) <= written_keys(text)
    check = ws.run("check")
    assert check.code == 1
    for name in ("title", "publisher", "published", "perspective", "license"):
        assert re.search(rf"content/sources/memo-1990\.md:\d+:\d+: {name}: ", check.err), name


# --- find -----------------------------------------------------------------------------


def test_find_prints_a_passage_that_passes_as_a_quote(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("find", "wiki", "MORE THAN 130 armenians")
    assert run.code == 0, run.err
    assert "# wiki, paragraph 2" in run.out
    quote = yaml.safe_load(run.out.split("\n", 1)[1])["quote"]
    assert quote.startswith("On 25 November 1988, Soviet human rights activist")
    assert quote.rstrip().endswith("in the violence.")
    lesson = (ws.root / "lessons/demo.yaml").read_text()
    old = "[...] Andrei Sakharov, in Massachusetts during the unrest, said he had received reports"
    indented = "\n".join("        " + line for line in run.out.split("\n", 1)[1].splitlines())
    lesson = lesson.replace(
        f"        quote: >\n          {old}\n          [...]", indented.rstrip()
    )
    assert "On 25 November" in lesson
    ws.write("lessons/demo.yaml", lesson)
    check = ws.run("check")
    assert check.code == 0, check.err
    assert "LP101" not in check.err


def test_find_folds_like_quote_checking(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    # Typographic quotes in the source, plain ones typed.
    run = ws.run("find", "wiki", '"This was one of the annoying errors')
    assert run.code == 0, run.err
    assert "“This was one" in run.out


def test_find_falls_back_to_sentences_with_every_word(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("find", "wiki", "Sakharov wounded")
    assert run.code == 0, run.err
    assert "sentences with all those words" in run.err
    assert "more than 200 wounded" in run.out


def test_find_reports_what_it_cannot_find(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("find", "wiki", "earthquake")
    assert run.code == 1
    assert '"earthquake" is not in content/sources/wiki.md' in run.err
    run = ws.run("find", "wik", "Sakharov")
    assert run.code == 2
    assert "did you mean 'wiki'?" in run.err


def test_find_with_context_adds_sentences(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    plain = ws.run("find", "wiki", "3 Soviet soldiers").out
    wider = ws.run("find", "wiki", "3 Soviet soldiers", "--context", "1").out
    assert "The Soviet authorities confirmed" not in plain
    assert "The Soviet authorities confirmed" in wider
    assert "Angus Roxburgh" in wider


# --- sources and lessons --------------------------------------------------------------


def test_sources_table(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.write("content/sources/unused.md", "---\ntitle: x\n---\ntext\n")
    run = ws.run("sources")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].split() == [
        "Id",
        "Title",
        "Type",
        "Perspective",
        "Licence",
        "Words",
        "Used",
        "by",
    ]
    assert re.search(r"^unused\s+\(invalid: \d+ errors\)\s+-$", run.out, re.MULTILINE)
    row = next(line for line in lines if line.startswith("wiki"))
    assert "Kirovabad pogrom" in row and "CC BY-SA 3.0" in row and row.endswith("demo")
    data = ws.run("sources", "--format", "json")
    assert data.code == 0
    wiki = next(r for r in yaml.safe_load(data.out) if r["id"] == "wiki")
    assert wiki["used_by"] == "demo"
    assert wiki["words"] == "114"


def test_lessons_table_follows_the_builds(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()

    def status() -> str:
        rows = yaml.safe_load(ws.run("lessons", "--format", "json").out)
        assert rows[0]["title"] == "Counting the Dead"
        assert rows[0]["pairs"] == "1"
        return str(rows[0]["status"])

    assert status() == "not built"
    assert ws.run("build", "--jobs", "1").code == 0
    assert status() == "up to date"
    ws.edit("lessons/demo.yaml", "duration: 50", "duration: 45")
    assert status() == "changed since built"
    ws.edit("lessons/demo.yaml", "7 people", "seven people")
    assert ws.run("build", "--jobs", "1").code == 1
    assert status() == "failed"
    ws.edit("lessons/demo.yaml", "duration: 45", "duraton: 45")
    assert status().startswith("invalid (")
    table = ws.run("lessons").out
    assert table.splitlines()[0].split() == [
        "Id",
        "Title",
        "Grade",
        "Pairs",
        "Perspectives",
        "Status",
    ]


def test_lessons_table_names_the_sides(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {
            "lessonpress.yaml": """\
            checks:
              sides:
                - name: Soviet
                  words: [Soviet]
            """
        }
    )
    rows = yaml.safe_load(ws.run("lessons", "--format", "json").out)
    assert rows[0]["perspectives"] == "2 (Soviet)"


# --- build output ---------------------------------------------------------------------


def test_quiet_build_prints_nothing_when_all_is_well(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    run = ws.run("build", "--quiet", "--jobs", "1")
    assert run.code == 0, run.err
    assert run.out == "" and run.err == ""
    assert (ws.root / "build/demo/demo-student.pdf").is_file()


def test_build_summary_names_what_failed(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.write("lessons/broken.yaml", "title: x\n")
    run = ws.run("build", "--jobs", "1")
    assert run.code == 1
    assert "built demo: build/demo/demo-student.pdf, build/demo/demo-teacher.pdf" in run.out
    assert "1 lesson built, 0 up to date, 1 failed" in run.err
    assert "failed: lessons/broken.yaml" in run.err
    quiet = ws.run("build", "--quiet")
    assert quiet.code == 1
    assert quiet.out == ""
    assert "lessons/broken.yaml:1:1: missing required field 'grade'" in quiet.err
    assert "0 lessons built, 1 up to date, 1 failed" in quiet.err


def test_progress_bar_redraws_one_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(3, stream)
    bar.advance("alpha")
    bar.advance("beta")
    assert stream.getvalue().count("\r\x1b[K") == 2
    assert "2/3 lessons  beta" in stream.getvalue()
    assert "\n" not in stream.getvalue()
    bar.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_new_lesson_without_a_workspace_says_so(tmp_path: Path) -> None:
    run = run_in(tmp_path, "new", "lesson", "x")
    assert run.code == 1
    assert "no lessonpress workspace" in run.err


@pytest.mark.parametrize(
    "command", ["init", "new", "find", "sources", "lessons", "schema", "watch"]
)
def test_new_commands_have_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"], prog_name="lessonpress")
    assert result.exit_code == 0
    assert "Usage: lessonpress" in result.output
    if command not in ("sources", "lessons"):
        assert "Examples:" in result.output


def test_a_build_on_a_terminal_shows_a_bar_then_the_folders(make_workspace: MakeWorkspace) -> None:
    """In a real terminal (a pseudo-terminal here): a redrawn bar, no line per lesson."""
    ws = make_workspace()
    ws.write("lessons/second.yaml", (ws.root / "lessons/demo.yaml").read_text())
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "lessonpress", "build", "--jobs", "1"],
        cwd=ws.root,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, "TERM": "xterm"},
    )
    os.close(terminal)
    output = b""
    with contextlib.suppress(OSError):  # EIO: the terminal closed when the build ended
        while chunk := os.read(controller, 4096):
            output += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0
    text = output.decode()
    assert "1/2 lessons  demo" in text and "2/2 lessons  second" in text
    assert "\r\x1b[K" in text
    assert "built demo:" not in text  # the bar stands in for the per-lesson lines
    assert "2 lessons built, 0 up to date, 0 failed" in text
    assert "built: build/demo/, build/second/" in text
