"""What the studio shows, kept up to date: the lesson looked at, rendered on every save.

One thread watches the workspace (watchfiles, as ``lessonpress watch`` does, without
``build/``); another, the engine's, renders. The file on disk stays the source of truth:
the engine never holds a lesson of its own, it renders what is saved.

When a file is saved (or the teacher opens another lesson or version), the engine opens
the workspace afresh and renders the lesson being looked at on warm worker processes
(``Workspace.preview``): first the handout on screen alone, so it has a core to itself,
and its first page is drawn and announced at once; then the lesson's other handouts. A
lesson with errors keeps its last good pages, marked out of date, beside its problems.
Each new state is handed to ``publish`` (the server sends it to every open page as a
server-sent event).
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfiles import DefaultFilter, watch

import lessonpress
from lessonpress import Handout, Problem
from lessonpress.studio.pages import PageImages

Publish = Callable[[dict[str, Any]], None]
#: A render's outcome: each handout's PDF (``None`` if it failed), and the lesson's problems.
Rendered = tuple[dict[str, bytes | None], list[Problem]]
HANDOUTS = {
    "student": Handout("student"),
    "teacher": Handout("teacher"),
    "student-large-print": Handout("student", large_print=True),
}
#: Milliseconds without a further change before a batch of saves is rendered (editors
#: save in steps); less than ``watch``'s, as only one lesson is rendered.
QUIET_MS = 15


@dataclass
class Shown:
    """A handout's last good render."""

    pdf: bytes
    pages: int
    generation: int  # the lesson's render it came from (the pictures' cache key)


@dataclass
class LessonState:
    """What the studio shows of one lesson."""

    id: str
    generation: int = 0  # counts the renders; a page's pictures are named by it
    revision: int = 0  # counts every change, so the page can drop a state older than its own
    status: str = "waiting"  # waiting, rendering, ready (no errors) or failed
    saved_at: float = 0.0  # when the change rendered last was seen (time.time())
    problems: list[dict[str, Any]] = field(default_factory=list)
    handouts: dict[str, Shown] = field(default_factory=dict)
    current: set[str] = field(default_factory=set)  # handouts rendered from the saved file
    file: dict[str, Any] = field(default_factory=dict)  # path, digest, parts
    error: str | None = None  # what stopped the whole workspace (broken settings ...)

    def as_json(self) -> dict[str, Any]:
        """The state as the page reads it."""
        return {
            "type": "lesson",
            "lesson": self.id,
            "generation": self.generation,
            "revision": self.revision,
            "status": self.status,
            "saved_at": self.saved_at,
            "problems": self.problems,
            "error": self.error,
            "file": self.file,
            "handouts": {
                name: {
                    "pages": shown.pages,
                    "generation": shown.generation,
                    "current": name in self.current,
                }
                for name, shown in self.handouts.items()
            },
        }


class _Filter(DefaultFilter):
    """watchfiles' defaults (.git, editor swap files ...), ``build/`` and temporary files."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(ignore_paths=[out_dir])

    def __call__(self, change: Any, path: str) -> bool:
        name = Path(path).name
        return super().__call__(change, path) and not name.startswith(".lessonpress-")


class Engine:
    """Renders the lesson being looked at whenever the workspace changes."""

    def __init__(self, root: Path, jobs: int, publish: Publish) -> None:
        self.root = root
        self.images = PageImages()
        self._publish = publish
        self._renderers = lessonpress.Renderers(max(jobs, 2))
        self._events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._states: dict[str, LessonState] = {}
        self._lock = threading.Lock()
        self._focus: tuple[str, str] | None = None  # (lesson, handout) on screen
        self._large_print: set[str] = set()  # lessons whose large print was looked at
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        # The workspace rendered from, kept while only lesson files change: its sources,
        # compiled templates and stylesheets stay warm (a lesson is read again each time).
        self._workspace: lessonpress.Workspace | None = None

    def start(self) -> None:
        """Start the render workers (before any thread: they are forked), then the threads."""
        self._renderers.start(self._renderers.jobs)
        for target in (self._watch, self._run):
            thread = threading.Thread(target=target, daemon=True, name=f"studio{target.__name__}")
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop watching and rendering; the workers are stopped too."""
        self._stopping.set()
        self._events.put(("stop", None))
        for thread in self._threads:
            thread.join(timeout=10)
        self._renderers.close()

    def view(self, lesson: str, handout: str) -> dict[str, Any]:
        """The teacher looks at ``handout`` of ``lesson``: render it if it is not current."""
        if handout not in HANDOUTS:
            raise lessonpress.SelectionError(f"no handout '{handout}'")
        with self._lock:
            state = self._states.setdefault(lesson, LessonState(lesson))
            if handout.endswith("large-print"):
                self._large_print.add(lesson)
            self._focus = (lesson, handout)
            fresh = handout in state.current
        if not fresh:
            self._events.put(("view", (lesson, handout)))
        return self.state(lesson)

    def state(self, lesson: str) -> dict[str, Any]:
        """The state of ``lesson`` as the page reads it."""
        with self._lock:
            return self._states.setdefault(lesson, LessonState(lesson)).as_json()

    def pdf(self, lesson: str, handout: str) -> bytes | None:
        """The last good PDF of a handout, if there is one."""
        with self._lock:
            shown = self._states.get(lesson, LessonState(lesson)).handouts.get(handout)
        return None if shown is None else shown.pdf

    def page(self, lesson: str, handout: str, number: int) -> bytes | None:
        """Page ``number`` (from 1) of the last good render of a handout, as PNG."""
        with self._lock:
            shown = self._states.get(lesson, LessonState(lesson)).handouts.get(handout)
        if shown is None or not 1 <= number <= shown.pages:
            return None
        key = f"{lesson}/{handout}/{shown.generation}"
        return self.images.png(key, shown.pdf, number - 1)

    def _watch(self) -> None:
        """Hand every batch of saved files to the engine's thread."""
        changes = watch(
            self.root,
            watch_filter=_Filter((self.root / "build").resolve()),
            step=QUIET_MS,
            stop_event=self._stopping,
            raise_interrupt=False,
            rust_timeout=500,
            yield_on_timeout=True,
        )
        for batch in changes:
            if batch:
                paths = sorted({p for _, p in batch})
                self._events.put(("changed", (time.time(), paths)))
                # The page hears of it at once, even while a render is under way.
                self._publish({"type": "library", "changed": [_shown(self.root, p) for p in paths]})

    def _run(self) -> None:
        """Render what the events ask for, one batch at a time, until stopped."""
        while True:
            events = [self._events.get()]
            while not self._events.empty():
                events.append(self._events.get())
            if any(kind == "stop" for kind, _ in events):
                return
            changed = [value for kind, value in events if kind == "changed"]
            if changed:
                self._changed(max(at for at, _ in changed), [p for _, ps in changed for p in ps])
            if self._focus is not None:
                self._guarded(self._render, *self._focus)

    def _changed(self, seen: float, paths: list[str]) -> None:
        """Every lesson's pages are now older than the files (in the engine's thread, which
        renders from the workspace it may drop here)."""
        lessons = (self.root / "lessons").resolve()
        if not all(_is_lesson(Path(path), lessons) for path in paths):
            self._workspace = None  # a source, template, setting or image: read them again
        with self._lock:
            for state in self._states.values():
                state.current.clear()
                state.saved_at = seen

    def _guarded(self, render: Callable[[str, str], None], lesson: str, handout: str) -> None:
        """Render, turning anything unexpected into a message on the page (and a traceback
        in the terminal): the studio goes on."""
        try:
            render(lesson, handout)
        except Exception as exc:
            traceback.print_exc()
            self._failed(lesson, error=f"internal error: {type(exc).__name__}: {exc}")

    def _render(self, lesson: str, handout: str) -> None:
        """Render the handout on screen, publish it, then the lesson's other handouts."""
        self._set_status(lesson, "rendering")
        try:
            workspace = self._workspace or lessonpress.open_workspace(self.root)
            file = workspace.lesson_file(lesson)
        except lessonpress.InputError as exc:  # broken settings: every lesson stops
            self._failed(lesson, problems=self._problems(None, exc.problems))
            return
        except lessonpress.LessonpressError as exc:  # the lesson was removed, say
            self._failed(lesson, error=str(exc))
            return
        self._workspace = workspace
        first = HANDOUTS[handout]
        rendered = self._preview(workspace, lesson, [first.version], first.large_print)
        self._rendered(lesson, rendered, workspace, file)
        others = [v for v in ("student", "teacher") if v != first.version]
        if self._events.empty() and any(rendered[0].values()):  # nothing newer to do
            large = lesson in self._large_print and "student" in others
            more = self._preview(workspace, lesson, others, large)
            self._rendered(lesson, more, workspace, file)

    def _preview(
        self, workspace: lessonpress.Workspace, lesson: str, versions: list[Any], large: bool
    ) -> Rendered:
        """Render handouts of ``lesson`` on the warm workers: each one's PDF (``None`` if it
        failed), and the lesson's problems."""
        preview = workspace.preview(
            lesson, tuple(versions), renderers=self._renderers, large_print=large
        )
        pdfs = {h.name: preview.handout(h) for h in preview.handouts}
        return pdfs, list(preview.result.problems)

    def _rendered(
        self,
        lesson: str,
        rendered: Rendered,
        workspace: lessonpress.Workspace,
        file: lessonpress.LessonFile,
    ) -> None:
        """Record a render and publish the lesson's new state; a handout's first page is
        drawn before the page is told, so it is ready when the page asks for it."""
        pdfs, problems = rendered
        counts = {name: self.images.count(pdf) for name, pdf in pdfs.items() if pdf}
        listed = self._problems(workspace, problems)
        with self._lock:
            state = self._states.setdefault(lesson, LessonState(lesson))
            state.generation += 1
            state.revision += 1
            state.error = None
            state.file = _file_json(self.root, file)
            state.problems = listed
            for name, pdf in pdfs.items():
                if pdf is not None:
                    state.handouts[name] = Shown(pdf, counts[name], state.generation)
                    state.current.add(name)
            failed = any(p["severity"] == "error" for p in listed) or not all(pdfs.values())
            state.status = "failed" if failed or not pdfs else "ready"
            published = state.as_json()
        for name in counts:
            self.page(lesson, name, 1)
        self._publish(published)

    def _failed(
        self, lesson: str, *, problems: list[dict[str, Any]] | None = None, error: str | None = None
    ) -> None:
        """Publish a lesson that could not be rendered at all; its last pages stay."""
        with self._lock:
            state = self._states.setdefault(lesson, LessonState(lesson))
            state.generation += 1
            state.revision += 1
            state.problems, state.error, state.status = problems or [], error, "failed"
            published = state.as_json()
        self._publish(published)

    def _problems(
        self, workspace: lessonpress.Workspace | None, problems: Iterable[Problem]
    ) -> list[dict[str, Any]]:
        seen: list[Problem] = list(dict.fromkeys(problems))
        return [_problem_json(self.root, p, workspace) for p in seen]

    def _set_status(self, lesson: str, status: str) -> None:
        with self._lock:
            state = self._states.setdefault(lesson, LessonState(lesson))
            state.status = status
            state.revision += 1
            published = state.as_json()
        self._publish(published)


def _is_lesson(path: Path, lessons: Path) -> bool:
    """Whether ``path`` is a lesson file (``lessons/*.yaml``), which a render reads anew."""
    return path.suffix in (".yaml", ".yml") and path.resolve().parent == lessons


def _shown(root: Path, path: str | Path) -> str:
    """A path relative to the workspace, as the page shows it."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def _file_json(root: Path, file: lessonpress.LessonFile) -> dict[str, Any]:
    parts = None
    if file.parts is not None:
        parts = [
            {
                "number": part.number,
                "title": part.title,
                "documents": [
                    {"letter": d.letter, "source": d.source, "opening": d.opening}
                    for d in part.documents
                ],
            }
            for part in file.parts
        ]
    return {"path": _shown(root, file.path), "digest": file.digest, "parts": parts}


def _problem_json(
    root: Path, problem: Problem, workspace: lessonpress.Workspace | None
) -> dict[str, Any]:
    context = workspace.problem_context(problem) if workspace is not None else []
    return {
        "text": problem.format(root),
        "file": _shown(root, problem.file) if problem.file else None,
        "line": problem.pos.line if problem.pos else None,
        "column": problem.pos.column if problem.pos else None,
        "severity": problem.severity,
        "code": problem.code,
        "field": problem.field,
        "message": problem.message,
        "hint": problem.hint,
        "context": [[number, text] for number, text in context],
    }
