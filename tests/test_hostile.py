"""The hostile-input corpus: every case a clean, located error; nothing leaked, nothing lost.

Cases and their expected messages are in tests/corpus/expected.tsv; tests/corpus/driver.py
runs them all in one subprocess with an audit hook on file opens. For every case: the exit
code and message are as listed, there is no traceback, no file outside the workspace was
opened, nothing was written for the case, the earlier handouts are byte-identical, no
temporary file is left, and the loopback canary server never receives a request.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import LESSON, SOURCE, CorpusRow, MakeWorkspace, corpus_rows, loopback_server, png

CORPUS = Path(__file__).resolve().parent / "corpus"
PNG = png()


def expectations() -> list[CorpusRow]:
    """The rows of expected.tsv, then those of the template corpus (templates/*.tsv)."""
    rows = corpus_rows(CORPUS / "expected.tsv")
    for table in _template_tables():
        rows += corpus_rows(table, "templates/")
    return rows


def _template_tables() -> list[Path]:
    return sorted((CORPUS / "templates").glob("*.tsv"))


EXPECTED = expectations()


class _Canary(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def canary_server() -> Iterator[HTTPServer]:
    with loopback_server(_Canary) as server:
        yield server


@pytest.fixture(scope="module")
def results(
    tmp_path_factory: pytest.TempPathFactory, canary_server: HTTPServer
) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("hostile")
    canary = tmp_path_factory.mktemp("canary-outside-the-workspace")
    (canary / "secret.txt").write_text("secret CANARY-outside-the-workspace")
    (canary / "secret.png").write_bytes(PNG)
    (canary / "lesson.yaml").write_text(LESSON)
    (canary / "source.md").write_text(SOURCE)
    (canary / "settings.yaml").write_text("school: Evil School\n")
    (canary / "template.html").write_text("<p>from outside CANARY-outside-the-workspace</p>")
    (canary / "outdir").mkdir()
    plan = {
        "work": str(work),
        "canary": str(canary),
        "port": canary_server.server_port,
        "cases": [{"id": e.case, "commands": list(e.commands)} for e in EXPECTED],
    }
    plan_file, result_file = work / "plan.json", work / "result.json"
    plan_file.write_text(json.dumps(plan))
    subprocess.run(
        [sys.executable, str(CORPUS / "driver.py"), str(plan_file), str(result_file)],
        check=True,
        timeout=600,
    )
    found = {r["id"]: r for r in json.loads(result_file.read_text())}
    found["_plan"] = plan
    return found


def test_every_corpus_file_is_listed() -> None:
    listed = {e.case for e in EXPECTED}
    on_disk = {
        f"{p.parent.name}/{p.name}"
        for p in CORPUS.glob("*/*")
        if p.suffix in (".yaml", ".md", ".html", ".css", ".svg")
    }
    assert on_disk <= listed


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.case for e in EXPECTED])
def test_hostile_case(results: dict[str, dict[str, Any]], expected: CorpusRow) -> None:
    plan = results["_plan"]
    result = results[expected.case]
    fragment = (
        expected.fragment.replace("{canary}", plan["canary"])
        .replace("{port}", str(plan["port"]))
        .replace("{workspace}", result["workspace"])
    )
    for run in result["runs"]:
        output = run["stdout"] + run["stderr"]
        assert run["exception"] is None, run["exception"]
        assert "Traceback" not in output
        assert run["code"] == expected.code, (run["command"], output)
        assert fragment in run["stderr"], (run["command"], run["stderr"])
    assert result["opened_outside"] == [], "a file outside the workspace was opened"
    assert result["leaks"] == [], "an output holds what a file outside the workspace holds"
    assert result["demo_unchanged"], "an earlier handout changed"
    if expected.code != 0:
        assert result["case_outputs"] == [], "something was written for a failing lesson"
    assert result["canary_unchanged"], "a file outside the workspace changed"
    assert result["temporaries"] == []


def test_the_canary_server_received_nothing(
    results: dict[str, dict[str, Any]], canary_server: HTTPServer
) -> None:
    assert _Canary.hits == []


LITERALS = [
    '<link rel="attachment" href="file:///etc/passwd">',
    "<script>alert(1)</script>",
    "{{ lesson.__class__ }} {% include 'x' %}",
    "file:///etc/passwd",
]


def test_markup_and_addresses_in_text_are_printed_not_followed(
    make_workspace: MakeWorkspace, canary_server: HTTPServer
) -> None:
    from pypdf import PdfReader  # noqa: PLC0415

    ws = make_workspace()
    port = canary_server.server_port
    literal = " ".join(LITERALS)
    ws.edit("lessons/demo.yaml", 'title: "Counting the Dead"', f"title: {json.dumps(literal)}")
    ws.edit(
        "lessons/demo.yaml",
        "  In November 1988 violence broke out in Kirovabad.",
        f"  {literal} [internal](http://127.0.0.1:{port}/canary) "
        f"![](http://169.254.169.254/latest/meta-data)",
    )
    ws.edit("lessons/demo.yaml", '"Who produced each figure?"', json.dumps(literal))
    run = ws.run("check")
    assert run.code == 1  # the image is refused: an address is not a file in the workspace
    assert "is an address, not a file in the workspace" in run.err
    ws.edit("lessons/demo.yaml", " ![](http://169.254.169.254/latest/meta-data)", "")
    run = ws.run("build")
    assert run.code == 0, run.err
    for version in ("student", "teacher"):
        reader = PdfReader(ws.root / f"build/demo/demo-{version}.pdf")
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
        for fragment in LITERALS:
            assert fragment in text
        assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get_object())
        assert not reader.attachments
    assert _Canary.hits == []
