"""A department's lesson repository: annotations, shards, the index page, the CI workflow, QR codes.

The workflow test reads .github/workflows/handouts.yml as GitHub would and runs each of
its ``run:`` steps here, in order, with the artifacts moved between jobs as the
upload/download actions move them; only the install step is not run (it installs
lessonpress from the package index, and lessonpress is already installed here): its
system packages are checked against scripts/setup's instead.
"""

from __future__ import annotations

import filecmp
import html.parser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from conftest import LESSON, SOURCE, MakeWorkspace, Workspace
from lessonpress.build.shards import Shard
from lessonpress.cli.annotations import github_annotation
from lessonpress.errors import Pos, Problem
from pdftags import structure

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_problems_become_github_annotations(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", "duration: 50", "duration: fifty")
    ws.edit("lessons/demo.yaml", 'content_warning: "These sources describe killings."\n', "")
    run = ws.run("check", "--format", "github")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == (
        "::error file=lessons/demo.yaml,line=3,col=11,title=lessonpress::duration: "
        "expected a whole number, found 'fifty'"
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert "checked 1 lesson: 1 error" in run.err  # the summary stays off standard output


def test_annotation_text_is_escaped_so_it_cannot_end_the_command() -> None:
    problem = Problem(
        Path("lessons/a,b:c.yaml"),
        Pos(2, 5),
        "title",
        "50% off\nnext line",
        None,
        "warning",
        "LP801",
    )
    assert github_annotation(problem, Path.cwd()) == (
        "::warning file=lessons/a%2Cb%3Ac.yaml,line=2,col=5,title=LP801::"
        "title: 50%25 off%0Anext line"
    )
    unlocated = Problem(None, None, None, "no lessons", "add one")
    assert github_annotation(unlocated) == "::error title=lessonpress::no lessons (add one)"


def test_a_warning_with_a_check_id_is_titled_with_it(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit("lessons/demo.yaml", 'content_warning: "These sources describe killings."\n', "")
    run = ws.run("check", "--strict", "--format", "github")
    assert run.code == 1
    assert re.search(
        r"^::warning file=lessons/demo\.yaml,line=\d+,col=\d+,title=LP\d{3}::", run.out, re.M
    )


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_shards_partition_the_lessons_by_id(count: int) -> None:
    lessons = {f"lesson-{n:02d}": Path(f"lessons/lesson-{n:02d}.yaml") for n in range(10)}
    reordered = dict(reversed(list(lessons.items())))
    shards = [Shard(k, count).select(lessons) for k in range(1, count + 1)]
    assert [Shard(k, count).select(reordered) for k in range(1, count + 1)] == shards
    seen = [lesson for shard in shards for lesson in shard]
    assert sorted(seen) == sorted(lessons)  # each lesson in exactly one shard
    sizes = [len(shard) for shard in shards]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3/2", "shard 3 of 2 does not exist"),
        ("0/2", "does not exist"),
        ("a/b", "is not K/N"),
        ("1/0", "must be 1 to 256"),
    ],
)
def test_a_bad_shard_is_a_usage_error(
    make_workspace: MakeWorkspace, text: str, message: str
) -> None:
    run = make_workspace().run("build", "--shard", text)
    assert run.code == 2
    assert message in run.err


def many_lessons(ws: Workspace, count: int) -> None:
    for n in range(count):
        text = LESSON.replace('title: "Counting', f'title: "Lesson {n}: Counting', 1)
        ws.write(f"lessons/lesson-{n}.yaml", text)


def files_under(folder: Path) -> list[str]:
    """Every published file of a build folder (not the incremental-build manifest)."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".lessonpress.json"
    )


def test_shards_together_are_one_build(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ws = make_workspace()
    many_lessons(ws, 4)
    assert ws.run("build", "--out", "full").code == 0
    for k in (1, 2):
        run = ws.run("build", "--shard", f"{k}/2", "--out", f"shard-{k}")
        assert run.code == 0, run.err
        assert not (ws.root / f"shard-{k}" / "index.html").exists()
    built = [files_under(ws.root / f"shard-{k}") for k in (1, 2)]
    assert not set(built[0]) & set(built[1])  # no lesson built twice
    merged = ws.root / "merged"
    for k in (1, 2):
        shutil.copytree(ws.root / f"shard-{k}", merged, dirs_exist_ok=True)
    run = ws.run("index", "--out", "merged")
    assert run.code == 0, run.err
    full = ws.root / "full"
    assert files_under(merged) == files_under(full)
    assert len(files_under(full)) == 5 * 3 + 1  # 5 lessons x (2 PDFs + summary), index
    for name in files_under(full):
        assert filecmp.cmp(full / name, merged / name, shallow=False), name


class _Page(html.parser.HTMLParser):
    """What an accessibility check of the index page looks at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_build_writes_an_index_page(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.write("lessonpress.yaml", "school: Lincoln High School\n")
    assert ws.run("build").code == 0
    index = ws.root / "build" / "index.html"
    page = _Page()
    page.feed(index.read_text(encoding="utf-8"))
    tags = page.tags
    assert tags[0] == ("html", {"lang": "en"})
    assert ("main", {}) in tags and any(t == "h1" for t, _ in tags)
    assert any(t == "caption" for t, _ in tags)
    assert sum(1 for t, a in tags if t == "th" and a.get("scope") == "col") == 5
    links = [str(a["href"]) for t, a in tags if t == "a"]
    assert links == ["demo/demo-student.pdf", "demo/demo-teacher.pdf"]
    for link in links:
        assert (ws.root / "build" / link).is_file()  # relative links work offline
    text = " ".join(" ".join(page.text).split())
    assert "Handouts · Lincoln High School" in text
    assert re.search(r"Student handout ?: Counting the Dead \(PDF, \d pages?\)", text)
    assert not any(a.get("src") for _, a in tags)  # nothing to fetch: no images, scripts
    assert not any(t in ("script", "link", "img") for t, _ in tags)


def test_the_workflow_runs_step_by_step(tmp_path: Path, make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    many_lessons(ws, 2)
    run = ws.run("init", "--ci", "github", "--shards", "3", str(ws.root))
    assert run.code == 0, run.err
    workflow = yaml.safe_load((ws.root / ".github/workflows/handouts.yml").read_text())
    jobs = workflow["jobs"]
    assert set(jobs) == {"check", "build", "publish", "pages"}
    assert jobs["build"]["strategy"]["matrix"]["shard"] == [1, 2, 3]
    packages = workflow["env"]["SYSTEM_PACKAGES"].split()
    setup = (REPO / "scripts/setup").read_text()
    assert all(p in setup for p in packages)

    def steps(job: str) -> list[str]:
        found = []
        for step in jobs[job]["steps"]:
            if "run" not in step:
                continue
            if step.get("name") == "Install lessonpress":
                assert '"$LESSONPRESS"' in step["run"] and "$SYSTEM_PACKAGES" in step["run"]
                continue
            found.append(step["run"])
        return found

    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **workflow["env"]}

    def sh(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-eo", "pipefail", "-c", script],
            check=False,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    # check job on a pull request: a clean workspace passes
    for script in steps("check"):
        done = sh(script, ws.root)
        assert done.returncode == 0, done.stderr
    # build job: one run per matrix value; each uploads its shard/ folder
    artifacts = tmp_path / "artifacts"
    for shard in jobs["build"]["strategy"]["matrix"]["shard"]:
        checkout = tmp_path / f"runner-{shard}"
        shutil.copytree(ws.root, checkout, ignore=shutil.ignore_patterns("build"))
        for script in steps("build"):
            done = sh(script.replace("${{ matrix.shard }}", str(shard)), checkout)
            assert done.returncode == 0, done.stderr
        shutil.copytree(checkout / "shard", artifacts, dirs_exist_ok=True)  # merge-multiple
    # publish job: the artifacts downloaded into build/, then the index
    publish = tmp_path / "runner-publish"
    shutil.copytree(ws.root, publish, ignore=shutil.ignore_patterns("build"))
    shutil.copytree(artifacts, publish / "build")
    for script in steps("publish"):
        done = sh(script, publish)
        assert done.returncode == 0, done.stderr
    assert sh("lessonpress build --out full", ws.root).returncode == 0
    assert files_under(publish / "build") == files_under(ws.root / "full")
    # and a broken lesson fails the check job with an annotation on its line
    ws.edit("lessons/demo.yaml", "duration: 50", "duration: fifty")
    done = sh(steps("check")[0], ws.root)
    assert done.returncode == 1
    assert "::error file=lessons/demo.yaml,line=3,col=11" in done.stdout


def test_init_ci_adds_only_the_workflow_to_a_workspace(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    before = sorted(p for p in ws.root.rglob("*"))
    run = ws.run("init", "--ci", "github", str(ws.root))
    assert run.code == 0, run.err
    after = sorted(p for p in ws.root.rglob("*"))
    assert sorted(set(after) - set(before)) == [
        ws.root / ".github",
        ws.root / ".github/workflows",
        ws.root / ".github/workflows/handouts.yml",
    ]
    again = ws.run("init", "--ci", "github", str(ws.root))
    assert again.code == 1 and "already exists; nothing was overwritten" in again.err


def test_source_qr_codes_decode_to_the_source_address(make_workspace: MakeWorkspace) -> None:
    url = "https://example.org/wiki/Kirovabad_pogrom"
    source = SOURCE.replace('offline: "A stored copy of the wiki page."', f"url: {url}")
    ws = make_workspace(
        {"content/sources/wiki.md": source, "lessonpress.yaml": "source_qr: true\n"}
    )
    run = ws.run("build")
    assert run.code == 0, run.err
    pdf = ws.root / "build/demo/demo-student.pdf"
    page = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil()
    found = [(r.format.name, r.text) for r in zxingcpp.read_barcodes(page)]
    assert found == [("QRCode", url)] * 2  # beside each of the two source notes
    # an artefact: no structure element and no text of the tagged PDF comes from it
    roles = {element.role for element in structure(pdf).walk()}
    assert "Figure" not in roles
    # a source without a url gets none, and the setting is off by default
    ws.write("content/sources/wiki.md", SOURCE)
    assert ws.run("build").code == 0
    page = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil()
    assert zxingcpp.read_barcodes(page) == []
