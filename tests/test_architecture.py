"""The shape of the code: the import contracts hold, bite, and match docs/architecture.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
ARCHITECTURE = REPO / "docs" / "architecture.md"


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with this repository's contracts over the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=src,
        check=False,
    )


def copy_of_package(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(
        REPO / "src" / "lessonpress",
        src / "lessonpress",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "fonts", "locales"),
    )
    return src


def test_the_contracts_hold(tmp_path: Path) -> None:
    run = lint_imports(copy_of_package(tmp_path))
    assert run.returncode == 0, run.stdout
    assert "Contracts: 3 kept, 0 broken." in run.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # A stage importing one above it: the layers contract.
        ("model/spec.py", "import lessonpress.checks", "Stages import one way"),
        # The quote finder reaching for the renderer.
        ("quotes/excerpts.py", "from lessonpress.render import sandbox", "Stages import one way"),
        # Two modules of one stage importing each other: the acyclic contract.
        ("model/yamlnodes.py", "import lessonpress.model.spec", "No module imports another"),
        # A front-end going around the public API.
        ("cli/library.py", "import lessonpress.build.pipeline", "Front-ends use the public API"),
        # The studio is a front-end too: the public API only.
        ("studio/engine.py", "import lessonpress.quotes.excerpts", "Front-ends use the public API"),
        # ... and the command line's sibling below it, never above.
        ("studio/server.py", "import lessonpress.cli.output", "Stages import one way"),
    ],
)
def test_a_backward_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    src = copy_of_package(tmp_path)
    path = src / "lessonpress" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    run = lint_imports(src)
    assert run.returncode == 1
    assert re.search(re.escape(broken) + r".*\n?.*BROKEN", run.stdout), run.stdout


def package_imports() -> dict[str, set[str]]:
    """Each top-level part of lessonpress and the parts it imports (type-only imports too)."""
    graph = grimp.build_graph("lessonpress")
    found: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            part, other = _part(module), _part(imported)
            if part != other and part not in {"lessonpress", "__main__"}:
                found.setdefault(part, set()).add(other)
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "lessonpress"


def imports_table() -> str:
    lines = [
        f"{part:<10} -> {', '.join(sorted(found))}" for part, found in package_imports().items()
    ]
    return "\n".join(sorted(lines))


def test_architecture_doc_shows_the_imports_of_the_code() -> None:
    doc = ARCHITECTURE.read_text(encoding="utf-8")
    shown = re.search(
        r"<!-- BEGIN IMPORTS -->\n```text\n(.*?)\n```\n<!-- END IMPORTS -->", doc, re.S
    )
    assert shown is not None
    assert shown[1] == imports_table(), "docs/architecture.md is out of date:\n" + imports_table()
