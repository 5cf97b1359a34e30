"""Run the hostile-input corpus in one process and report what happened, as JSON.

Run by tests/test_hostile.py as ``python driver.py PLAN.json RESULT.json``. It
installs an audit hook first, so every file Python opens is recorded (resolved
through links); a case that made lessonpress open anything in the canary folder
outside the workspace, or /etc/passwd, is caught. Each case starts from a copy of
a workspace whose valid lesson ``demo`` was already built, so the test can check
that earlier handouts survive byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

OPENED: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        with contextlib.suppress(Exception):
            OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)

from click.testing import CliRunner  # noqa: E402

from lessonpress.cli import cli  # noqa: E402

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))
from conftest import LESSON, SOURCE, png  # noqa: E402

BACKGROUND = "  In November 1988 violence broke out in Kirovabad."


class Case:
    """One case's workspace, with helpers for its set-up."""

    def __init__(self, root: Path, canary: Path, port: int) -> None:
        self.root, self.canary, self.port = root, canary, port

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        return path

    def lesson(self, background: str | None = None, text: str = LESSON) -> None:
        if background is not None:
            text = text.replace(BACKGROUND, background)
        self.write("lessons/case.yaml", text)

    def link(self, name: str, target: Path) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)


def _absurd(case: Case) -> None:
    paragraphs = [" ".join(f"word{(i * 7 + j) % 97}" for j in range(400)) + "." for i in range(40)]
    head = SOURCE.split("---\n")[1]
    case.write("content/sources/big.md", "---\n" + head + "---\n" + "\n\n".join(paragraphs))
    pairs = []
    for i in range(12):
        quotes = [
            "\n\n".join(paragraphs[k : k + 5])[:11900].rsplit(" ", 1)[0]
            for k in (i * 3 % 35, (i * 3 + 1) % 35)
        ]
        docs = "".join(
            '      - source: big\n        perspective: "'
            + "AB"[n]
            + '"\n        quote: |\n'
            + "\n".join("          " + line if line else "" for line in q.split("\n"))
            + "\n"
            for n, q in enumerate(quotes)
        )
        pairs.append(f'  - title: "Part {i}"\n    documents:\n{docs}')
    case.write(
        "lessons/case.yaml",
        'title: "Absurd"\ngrade: "9"\nduration: 50\n'
        'compelling_question: "Q?"\ncontent_warning: "W."\npairs:\n' + "".join(pairs),
    )


SPECIAL: dict[str, Callable[[Case], None]] = {"absurd-length": _absurd}


def special(name: str) -> Callable[[Callable[[Case], None]], Callable[[Case], None]]:
    """Register the set-up of the special case ``name``."""

    def register(setup: Callable[[Case], None]) -> Callable[[Case], None]:
        SPECIAL[name] = setup
        return setup

    return register


def svg_image(href: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{href}" width="10" height="10"/></svg>'
    )


@special("lesson-link-outside")
def _lesson_link(c: Case) -> None:
    c.link("lessons/case.yaml", c.canary / "lesson.yaml")


@special("lesson-fifo")
def _lesson_fifo(c: Case) -> None:
    os.mkfifo(c.root / "lessons/case.yaml")


@special("lesson-folder")
def _lesson_folder(c: Case) -> None:
    (c.root / "lessons/case.yaml").mkdir()


@special("lesson-oversized")
def _lesson_oversized(c: Case) -> None:
    c.write("lessons/case.yaml", "#" * 1_500_000)


@special("lesson-bad-name")
def _lesson_bad_name(c: Case) -> None:
    c.write("lessons/-case.yaml", LESSON)


@special("settings-link-outside")
def _settings_link(c: Case) -> None:
    c.lesson()
    c.link("lessonpress.yaml", c.canary / "settings.yaml")


@special("source-link-outside")
def _source_link(c: Case) -> None:
    c.link("content/sources/evil.md", c.canary / "source.md")
    c.lesson(text=LESSON.replace("source: wiki", "source: evil"))


def _image_case(c: Case, name: str, make: Callable[[Path], object]) -> None:
    make(c.root / "lessons" / name)
    c.lesson(f"  ![map]({name})")


@special("image-link-outside")
def _image_link(c: Case) -> None:
    _image_case(c, "img.png", lambda p: p.symlink_to(c.canary / "secret.png"))


@special("image-fifo")
def _image_fifo(c: Case) -> None:
    _image_case(c, "pipe.png", os.mkfifo)


@special("image-folder")
def _image_folder(c: Case) -> None:
    _image_case(c, "folder.png", Path.mkdir)


@special("image-bomb")
def _image_bomb(c: Case) -> None:
    _image_case(c, "bomb.png", lambda p: p.write_bytes(png(60_000, 60_000, b"x" * 64)))


@special("image-truncated")
def _image_truncated(c: Case) -> None:
    _image_case(c, "truncated.png", lambda p: p.write_bytes(png(300, 300)[:400]))


@special("image-fake")
def _image_fake(c: Case) -> None:
    _image_case(c, "fake.png", lambda p: p.write_text("not an image\n"))


@special("svg-outside-file")
def _svg_outside(c: Case) -> None:
    _image_case(c, "map.svg", lambda p: p.write_text(svg_image(f"file://{c.canary}/secret.png")))


@special("svg-network")
def _svg_network(c: Case) -> None:
    _image_case(
        c, "map.svg", lambda p: p.write_text(svg_image(f"http://127.0.0.1:{c.port}/svg.png"))
    )


def _template_case(c: Case, name: str, text: str) -> None:
    c.write(name, text)
    c.lesson()


@special("css-import-network")
def _css_network(c: Case) -> None:
    _template_case(c, "templates/custom.css", f"@import url(http://127.0.0.1:{c.port}/x.css);")


@special("css-outside-file")
def _css_outside(c: Case) -> None:
    _template_case(
        c, "templates/custom.css", f"body {{ background: url(file://{c.canary}/secret.png) }}"
    )


@special("template-outside-image")
def _template_image(c: Case) -> None:
    _template_case(
        c, "templates/partials/background.html", f'<img src="file://{c.canary}/secret.png" alt="x">'
    )


@special("template-attachment")
def _template_attachment(c: Case) -> None:
    _template_case(
        c,
        "templates/partials/background.html",
        f'<a rel="attachment" href="file://{c.canary}/secret.txt">notes</a>',
    )


@special("template-link-outside")
def _template_link(c: Case) -> None:
    c.link("templates/partials/background.html", c.canary / "template.html")
    c.lesson()


@special("template-self-include")
def _template_loop(c: Case) -> None:
    _template_case(
        c, "templates/partials/background.html", '{% include "partials/background.html" %}'
    )


@special("template-undefined")
def _template_undefined(c: Case) -> None:
    _template_case(c, "templates/partials/background.html", "{{ lesson.titel }}")


@special("template-syntax")
def _template_syntax(c: Case) -> None:
    _template_case(c, "templates/partials/background.html", "{{ lesson.title }")


@special("css-missing-font")
def _css_missing_font(c: Case) -> None:
    _template_case(
        c,
        "templates/custom.css",
        '@font-face { font-family: "School"; src: url(fonts/school.ttf) }\n'
        'body { font-family: "School" }',
    )


@special("template-missing-include")
def _template_missing(c: Case) -> None:
    _template_case(c, "templates/partials/background.html", '{% include "partials/logo.html" %}')


@special("stylesheet-fifo")
def _stylesheet_fifo(c: Case) -> None:
    os.mkfifo(c.root / "templates" / "custom.css")
    c.lesson()


@special("build-link-outside")
def _build_link(c: Case) -> None:
    shutil.rmtree(c.root / "build")
    c.link("build", c.canary / "outdir")
    c.lesson()


@special("lesson-output-link")
def _output_link(c: Case) -> None:
    c.link("build/case", c.canary / "outdir")
    c.lesson()


#: Where each kind of file in tests/corpus/templates/ is put in the case's workspace.
TEMPLATE_PLACES = {
    ".html": "templates/partials/background.html",
    ".css": "templates/custom.css",
    ".svg": "templates/logo.svg",
}
#: What the files outside the workspace hold: none of it may reach any output.
LEAK_MARKERS = ("CANARY-outside-the-workspace", "root:x:0:0")


def install_template(c: Case, name: str) -> None:
    """Put a corpus template, stylesheet or logo in place (``{canary}``, ``{port}`` filled in)."""
    text = (TESTS / "corpus" / "templates" / name).read_text()
    text = text.replace("{canary}", str(c.canary)).replace("{port}", str(c.port))
    suffix = Path(name).suffix
    c.write(TEMPLATE_PLACES[suffix], text)
    if suffix == ".svg":
        c.write("lessonpress.yaml", "logo:\n  file: templates/logo.svg\n  alt: School logo\n")
    c.lesson()


def leaks(outputs: list[Path], messages: str) -> list[str]:
    """The outputs (and messages) that hold anything read outside the workspace."""
    from pypdf import PdfReader  # noqa: PLC0415 - only the driver's leak check needs it

    found = []
    for path in outputs:
        text = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".pdf":
            text = "".join(page.extract_text() for page in PdfReader(path).pages)
        found += [f"{path.name}: {m}" for m in LEAK_MARKERS if m in text]
    return found + [f"messages: {m}" for m in LEAK_MARKERS if m in messages]


COMMANDS = {"html": ["build", "--format", "html"]}


def fingerprint(folder: Path) -> dict[str, str]:
    """Hashes of every file under ``folder`` (not following links)."""
    found = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_case(
    case: dict[str, Any], base: Path, work: Path, canary: Path, port: int
) -> dict[str, Any]:
    """Set up one case from the built base workspace, run its commands, report."""
    root = work / case["id"].replace("/", "--") / "ws"
    shutil.copytree(base, root, symlinks=True)
    (root / "templates").mkdir(exist_ok=True)
    kind, name = case["id"].split("/", 1)
    setup = Case(root, canary, port)
    if kind == "lessons":
        shutil.copy(TESTS / "corpus" / case["id"], root / "lessons/case.yaml")
    elif kind == "sources":
        shutil.copy(TESTS / "corpus" / case["id"], root / "content/sources/wiki.md")
        setup.lesson()
    elif kind == "templates":
        install_template(setup, name)
    else:
        SPECIAL[name](setup)
    before = fingerprint(root / "build" / "demo")
    canary_before = fingerprint(canary)
    start = len(OPENED)
    runs = []
    runner = CliRunner()
    for command in case["commands"]:
        args = COMMANDS.get(command, [command])
        args = args if name == "lesson-bad-name" else [*args, "case"]
        with contextlib.chdir(root):
            result = runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=True)
        runs.append(
            {
                "command": command,
                "code": result.exit_code,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "exception": repr(result.exception)
                if result.exception and not isinstance(result.exception, SystemExit)
                else None,
            }
        )
    opened = [p for p in OPENED[start:] if p.startswith(str(canary)) or p == "/etc/passwd"]
    leftovers = (
        [str(p.relative_to(root)) for p in (root / "build").rglob("*") if ".lessonpress-" in p.name]
        if (root / "build").is_dir()
        else []
    )
    outputs = [p for p in (root / "build" / "case").rglob("*") if p.is_file()]
    messages = "".join(run["stdout"] + run["stderr"] for run in runs)
    return {
        "id": case["id"],
        "leaks": leaks(outputs, messages) if not (root / "build" / "case").is_symlink() else [],
        "workspace": str(root),
        "runs": runs,
        "opened_outside": opened,
        "demo_unchanged": fingerprint(root / "build" / "demo") == before,
        "case_outputs": sorted(fingerprint(root / "build" / "case"))
        if not (root / "build" / "case").is_symlink()
        else [],
        "canary_unchanged": fingerprint(canary) == canary_before,
        "temporaries": leftovers,
    }


def build_base(base: Path) -> None:
    """The starting workspace: one valid lesson, built."""
    (base / "lessons").mkdir(parents=True)
    (base / "content/sources").mkdir(parents=True)
    (base / "content/sources/wiki.md").write_text(SOURCE)
    (base / "lessons/demo.yaml").write_text(LESSON)
    with contextlib.chdir(base):
        result = CliRunner().invoke(cli, ["--root", str(base), "build"])
    assert result.exit_code == 0, result.output


def main(plan_file: str, result_file: str) -> None:
    """Run every case of the plan."""
    plan = json.loads(Path(plan_file).read_text())
    work, canary, port = Path(plan["work"]), Path(plan["canary"]), plan["port"]
    base = work / "base"
    build_base(base)
    results = [run_case(case, base, work, canary, port) for case in plan["cases"]]
    Path(result_file).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:3])
