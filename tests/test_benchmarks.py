"""The benchmark's generated workspaces are real: every lesson checks clean."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from lessonpress.cli import cli

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from workspace import make_workspace, sources_quoted_by  # noqa: E402


def test_generated_workspace_checks_clean_and_shares_sources(tmp_path: Path) -> None:
    ids = make_workspace(tmp_path / "ws", 6)
    assert len(ids) == len(set(ids)) == 6
    result = CliRunner().invoke(cli, ["--root", str(tmp_path / "ws"), "check"])
    assert result.exit_code == 0, result.stderr
    assert "checked 6 lessons: 0 errors, 0 warnings" in result.stderr + result.stdout
    # Lessons i and i + 4 are made from the same sample, so they quote the same sources.
    assert sources_quoted_by(tmp_path / "ws", ids[0]) == sources_quoted_by(tmp_path / "ws", ids[4])
    assert sources_quoted_by(tmp_path / "ws", ids[0])
