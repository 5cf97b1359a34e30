"""The command line: help, version, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MakeWorkspace
from lessonpress import __version__
from lessonpress.cli import cli


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"lessonpress, version {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_help_has_examples(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "lessonpress " in result.stdout.split("Examples:")[1]


def test_help_does_not_import_weasyprint() -> None:
    code = (
        "import sys; from lessonpress.cli import main; sys.argv=['lessonpress','--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_check_does_not_import_weasyprint(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    code = (
        "import sys; from lessonpress.cli import main\n"
        f"sys.argv=['lessonpress','--root',{str(ws.root)!r},'check']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_workspace_is_found_from_a_subfolder(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    sub = ws.root / "content" / "sources"
    result = subprocess.run(
        [sys.executable, "-m", "lessonpress", "check"],
        cwd=sub,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "checked 1 lesson" in result.stdout


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lessonpress", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("lessonpress: no lessonpress workspace in ")
    assert "Traceback" not in result.stderr


def test_unknown_lesson_is_a_usage_error(make_workspace: MakeWorkspace) -> None:
    run = make_workspace().run("build", "dem")
    assert run.code == 2
    assert "no lesson 'dem' in" in run.err
    assert "(did you mean 'demo'?)" in run.err


def test_lessons_can_be_named_by_path(make_workspace: MakeWorkspace) -> None:
    run = make_workspace().run("check", "lessons/demo.yaml")
    assert run.code == 0, run.err


def test_bad_option_is_a_usage_error(make_workspace: MakeWorkspace) -> None:
    run = make_workspace().run("build", "--only", "parents")
    assert run.code == 2


def test_broken_settings_stop_with_located_errors(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lessonpress.yaml": "paper: a5\nschool: Lincoln High\nteacher: [\n"})
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0].startswith("lessonpress.yaml:4:1: YAML syntax error")
    ws.write("lessonpress.yaml", "paper: a5\nschol: X\n")
    run = ws.run("check")
    assert run.err.splitlines()[:2] == [
        "lessonpress.yaml:2:1: schol: unknown field 'schol' (did you mean 'school'?)",
        "lessonpress.yaml:1:8: paper: 'a5' is not allowed here (one of: a4, letter)",
    ]


def test_internal_errors_print_one_line_without_debug(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace()

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("lessonpress.build.pipeline.Pipeline.check", broken)
    run = ws.run("check")
    assert run.code == 1
    assert run.err == (
        "lessonpress: internal error: ZeroDivisionError: boom (re-run with --debug and "
        "report it with the traceback)\n"
    )
    with pytest.raises(ZeroDivisionError):
        ws.run("--debug", "check")
