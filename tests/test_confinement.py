"""Nothing outside the workspace (and the package) is read; nothing is fetched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import MakeWorkspace, png
from lessonpress.confine import PACKAGE_DIR, OutsideError, resolve_inside
from lessonpress.render.fetcher import ConfinedFetcher

PNG = png()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "a.png").write_bytes(PNG)
    (tmp_path / "secret.txt").write_text("secret")
    return folder


def test_files_inside_resolve(root: Path) -> None:
    assert resolve_inside("img/a.png", root, [root]) == (root / "img/a.png").resolve()
    assert resolve_inside("img/%61.png", root, [root]) == (root / "img/a.png").resolve()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../secret.txt", "'../secret.txt' is outside the workspace"),
        ("img/../../secret.txt", "'img/../../secret.txt' is outside the workspace"),
        ("img/%2e%2e/%2e%2e/secret.txt", "is outside the workspace"),
        ("/etc/passwd", "'/etc/passwd' is an absolute path"),
        ("file:///etc/passwd", "'file:///etc/passwd' is an address, not a file"),
        ("https://example.org/a.png", "is an address, not a file"),
        ("img", "'img' is not a regular file"),
        ("img/missing.png", "'img/missing.png' does not exist"),
    ],
)
def test_paths_outside_or_odd_are_refused(root: Path, name: str, message: str) -> None:
    with pytest.raises(OutsideError, match=message.replace(".", r"\.").replace("/", "/")):
        resolve_inside(name, root, [root])


def test_symlinks_leading_outside_are_refused(root: Path) -> None:
    (root / "img" / "link.png").symlink_to(root.parent / "secret.txt")
    with pytest.raises(OutsideError, match="outside the workspace"):
        resolve_inside("img/link.png", root, [root])


def test_a_sibling_folder_with_the_same_prefix_is_outside(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    evil = tmp_path / "ws-evil"
    root.mkdir()
    evil.mkdir()
    (evil / "x.png").write_bytes(PNG)
    with pytest.raises(OutsideError, match="outside the workspace"):
        resolve_inside("../ws-evil/x.png", root, [root])


def test_fifos_are_refused(root: Path) -> None:
    os.mkfifo(root / "img" / "pipe.png")
    with pytest.raises(OutsideError, match="not a regular file"):
        resolve_inside("img/pipe.png", root, [root])


def test_fetcher_serves_workspace_package_and_data(root: Path) -> None:
    fetcher = ConfinedFetcher([root, PACKAGE_DIR])
    assert fetcher.fetch((root / "img/a.png").as_uri()).read() == PNG
    font = PACKAGE_DIR / "fonts" / "NotoSerif-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "'/etc/passwd' is outside the workspace"),
        ("http://127.0.0.1:9/x.png", "network access is not allowed"),
        ("https://example.org/x.css", "network access is not allowed"),
        ("ftp://example.org/x", "network access is not allowed"),
        ("file://otherhost/etc/passwd", "files on other machines are not allowed"),
    ],
)
def test_fetcher_refuses_everything_else(root: Path, url: str, reason: str) -> None:
    fetcher = ConfinedFetcher([root])
    with pytest.raises(PermissionError):
        fetcher.fetch(url)
    assert len(fetcher.refused) == 1
    assert fetcher.refused[0].startswith(f"refused to load '{url}': ")
    assert reason in fetcher.refused[0]


def test_a_stylesheet_reaching_outside_fails_the_build(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/custom.css": "body { background: url(file:///etc/passwd) }"})
    run = ws.run("build")
    assert run.code == 1
    assert (
        "lessons/demo.yaml: render failed: refused to load 'file:///etc/passwd': "
        "'/etc/passwd' is outside the workspace; only files inside it can be used"
    ) in run.err
    assert not (ws.root / "build").exists()


def test_a_stylesheet_reaching_the_network_fails_the_build(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"templates/custom.css": "@import url(http://127.0.0.1:9/x.css);"})
    run = ws.run("build", "--only", "student")
    assert run.code == 1
    assert "refused to load 'http://127.0.0.1:9/x.css': network access is not allowed" in run.err


def test_images_in_markdown_must_stay_inside(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.edit(
        "lessons/demo.yaml",
        "  In November 1988",
        "  ![map](../../secret.png) ![](/etc/passwd) In November 1988",
    )
    run = ws.run("check")
    assert run.code == 1
    assert run.err.splitlines()[:3] == [
        "lessons/demo.yaml:8:13: background: image '../../secret.png' is outside the workspace; "
        "only files inside it can be used",
        "lessons/demo.yaml:8:13: background: image '/etc/passwd' has no alt text "
        "(describe the image for screen readers: ![a map of the region](map.png))",
        "lessons/demo.yaml:8:13: background: image '/etc/passwd' is an absolute path; "
        "write it relative to the file using it",
    ]


def test_images_inside_are_embedded(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    (ws.root / "lessons" / "map.png").write_bytes(PNG)
    ws.edit("lessons/demo.yaml", "  In November 1988", "  ![A map](map.png)\n\n  In November 1988")
    run = ws.run("build", "--format", "html", "--only", "student")
    assert run.code == 0, run.err
    html = (ws.root / "build/demo/demo-student.html").read_text()
    assert '<img src="data:image/png;base64,' in html
    assert 'alt="A map"' in html


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd" alt="x">',
        '<a rel="attachment" href="file:///etc/passwd">notes</a>',
        '<img src="http://127.0.0.1:9/canary.png" alt="x">',
    ],
)
def test_a_template_cannot_pull_in_outside_files(
    make_workspace: MakeWorkspace, markup: str
) -> None:
    ws = make_workspace({"templates/partials/background.html": markup})
    run = ws.run("build", "--only", "student")
    assert run.code == 1
    assert "render failed: refused to load '" in run.err
    assert not (ws.root / "build").exists()
