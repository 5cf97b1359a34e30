"""The pipeline: from lesson specs to handouts, one stage after another.

::

    lessons/x.yaml --load--> Lesson --resolve (sources, quotes)--> ResolvedLesson
        --render templates--> HTML --WeasyPrint--> PDF bytes --write together--> build/x/

``check`` stops after the HTML (no WeasyPrint); ``build`` runs every stage.
Each lesson succeeds or fails on its own; its problems travel with its result.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from lessonpress.build.index import (
    INDEX,
    index_context,
    read_summaries,
    summary,
    summary_path,
    write_index,
)
from lessonpress.build.manifest import Hashes, Manifest, shared_key
from lessonpress.build.output import (
    check_lesson_folder,
    check_output_folder,
    output_path,
    sweep_temporary,
    write_together,
)
from lessonpress.build.workers import Pending, Renderers, RenderJob
from lessonpress.checks import check_lesson, check_source
from lessonpress.checks.sourcenotes import TemplateNotes
from lessonpress.confine import PACKAGE_DIR
from lessonpress.errors import LessonpressError, Pos, Problem, Problems
from lessonpress.model.settings import Settings, levels, merged
from lessonpress.model.sources import Library, Source
from lessonpress.model.spec import check_lesson as check_lesson_spec
from lessonpress.model.spec import read_lesson, salvage_documents
from lessonpress.model.workspace import Workspace
from lessonpress.quotes.excerpts import SourceText
from lessonpress.quotes.resolve import ResolvedLesson, check_quotes, resolve
from lessonpress.render.cssguard import check_stylesheet
from lessonpress.render.layout import arrange, built_in_page
from lessonpress.render.pagegeometry import Page, measure
from lessonpress.render.pdf import Rendered, RendererUnavailable
from lessonpress.render.settingscss import large_print, layered
from lessonpress.render.standalone import (
    UnsafeResource,
    embed_fonts,
    inline_stylesheets,
    lock_down,
)
from lessonpress.render.templatedata import to_data
from lessonpress.render.templating import (
    VERSIONS,
    Handout,
    Stylesheet,
    TemplateProblem,
    Templates,
    Version,
)

Format = Literal["pdf", "html"]


@dataclass
class LessonResult:
    """What happened to one lesson."""

    id: str
    path: Path
    problems: Problems = field(default_factory=Problems)
    outputs: list[Path] = field(default_factory=list)
    up_to_date: bool = False

    def failed(self, strict: bool = False) -> bool:
        """Whether this lesson counts as failed."""
        return self.problems.failed(strict)


@dataclass(frozen=True)
class BuildOptions:
    """Choices of ``lessonpress build``."""

    versions: tuple[Version, ...] = VERSIONS
    format: Format = "pdf"
    out_dir: Path | None = None
    strict: bool = False
    force: bool = False  # build even what the manifest says is up to date
    jobs: int = 1  # processes rendering at once
    large_print: bool = False  # also the large-print student handout, whatever the settings

    def handouts(self, lesson: ResolvedLesson) -> list[Handout]:
        """The files this build makes of ``lesson``: each version, and large print if asked."""
        handouts = [Handout(version) for version in self.versions]
        if "student" in self.versions and (self.large_print or lesson.settings.large_print):
            handouts.append(Handout("student", large_print=True))
        return handouts


_WHERE_RE = re.compile(r"^(\d+)(?::(\d+))?: (.*)$", re.S)


def _guarded(sheets: list[Stylesheet]) -> list[Stylesheet] | Problem:
    """The stylesheets, or the first problem the stylesheet check finds in one (located)."""
    for sheet in sheets:
        found = check_stylesheet(sheet.text)
        if found is not None:
            where = _WHERE_RE.match(found)
            if where is None:
                return Problem(sheet.path, None, None, found)
            pos = Pos(int(where[1]), int(where[2] or 1))
            return Problem(sheet.path, pos, None, where[3])
    return sheets


@dataclass
class _Started:
    """A lesson whose handouts are being rendered."""

    result: LessonResult
    out_dir: Path
    files: list[Path]
    outputs: dict[Path, Pending | bytes]
    lesson: ResolvedLesson  # for the summary the index page reads


class Preview:
    """A lesson's handouts being rendered, to be shown rather than written (the studio).

    ``result`` holds the lesson's problems (a render's own are added when it is
    collected); ``files`` are every file its handouts depend on.
    """

    def __init__(
        self,
        result: LessonResult,
        files: list[Path],
        pending: dict[Handout, Pending | bytes],
        collect: Callable[[Pending, LessonResult], Rendered | None],
    ) -> None:
        self.result = result
        self.files = files
        self._pending = pending
        self._collect = collect
        self._done: dict[Handout, bytes | None] = {}

    @property
    def handouts(self) -> list[Handout]:
        """The handouts being rendered, in the order they were submitted."""
        return list(self._pending)

    def handout(self, handout: Handout) -> bytes | None:
        """The rendered handout (waiting for it); ``None`` if it or the lesson failed."""
        if handout not in self._done:
            pending = self._pending.get(handout)
            if pending is None or isinstance(pending, bytes):
                self._done[handout] = pending
            else:
                rendered = self._collect(pending, self.result)
                self._done[handout] = None if rendered is None else rendered.data
        return None if self.result.failed() else self._done[handout]


class Pipeline:
    """The stages, with what they share across lessons (sources, templates)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.library = Library(workspace.sources_dir, [workspace.root])
        self.templates = Templates(workspace.templates_dir)
        self.template_notes = TemplateNotes(self.templates.env)  # LP402, once per run
        self.source_texts: dict[str, SourceText] = {}
        self.notes: set[str] = set()
        self._sheets: list[Stylesheet] | Problem | None = None

    def prepare(self, lesson_id: str, path: Path, problems: Problems) -> ResolvedLesson | None:
        """Load, resolve and check one lesson, and lay out its pairs (side by side or
        stacked); ``None`` if it has errors.

        ``problems`` are the lesson's own: from here on they carry its check levels.
        """
        read = Problems()
        node = read_lesson(path, read, [self.workspace.root])
        problems.extend(read)
        lesson = None if len(read) else check_lesson_spec(node, path, problems)
        if lesson is None:
            documents = salvage_documents(node, path, problems)
            check_quotes(documents, self.library, self.workspace.read_roots, problems)
            return None
        settings = merged(self.workspace.settings, lesson.settings)
        problems.levels = levels(settings, [s.check for s in lesson.skip_checks])
        resolution = resolve(
            lesson,
            lesson_id=lesson_id,
            settings=settings,
            library=self.library,
            roots=self.workspace.read_roots,
            problems=problems,
            texts=self.source_texts,
        )
        check_lesson(lesson, resolution, settings, self._find_source, problems)
        if problems.errors:
            return None
        return arrange(resolution.lesson, self.page(settings, problems))

    def _find_source(self, source_id: str) -> Source | None:
        return self.library.get(source_id)[0]

    def html(
        self,
        resolved: ResolvedLesson,
        handouts: list[Handout],
        problems: Problems,
        inline_css: dict[Handout, str] | None = None,
    ) -> dict[Handout, str] | None:
        """Render the templates of each handout; ``None`` on a template error."""
        pages: dict[Handout, str] = {}
        for handout in handouts:
            css = inline_css[handout] if inline_css else None
            try:
                pages[handout] = self.templates.render(resolved, handout, css)
            except TemplateProblem as exc:
                problems.add(exc.problem)
                return None
        for version in dict.fromkeys(handout.version for handout in handouts):
            self.template_notes.check(resolved, version, problems)
        return pages

    def check(self, lesson_id: str, path: Path) -> LessonResult:
        """Every stage up to HTML for one lesson."""
        result = LessonResult(lesson_id, path)
        resolved = self.prepare(lesson_id, path, result.problems)
        if resolved is not None:
            self.html(resolved, BuildOptions().handouts(resolved), result.problems)
            self.stylesheets(result.problems)
        return result

    def stylesheets(self, problems: Problems) -> list[Stylesheet] | None:
        """The stylesheet files, read once per run; ``None`` with the problem if unreadable."""
        if self._sheets is None:
            try:
                self._sheets = self.templates.stylesheets()
            except TemplateProblem as exc:
                self._sheets = exc.problem
            else:
                self._sheets = _guarded(self._sheets)
        if isinstance(self._sheets, Problem):
            problems.add(self._sheets)
            return None
        return self._sheets

    def lesson_stylesheets(
        self, lesson: ResolvedLesson, problems: Problems, handout: Handout | None = None
    ) -> list[Stylesheet] | None:
        """The built-in stylesheet, then the lesson's settings as CSS, then ``custom.css``."""
        files = self.stylesheets(problems)
        if files is None:
            return None
        large = handout is not None and handout.large_print
        return layered(files, large_print(lesson.settings) if large else lesson.settings)

    def page(self, settings: Settings, problems: Problems) -> Page:
        """The page the stylesheets lay out with ``settings``, for the pairs' layout, and
        what in them the estimate cannot read; the built-in stylesheet's page if they
        cannot be read (that is reported where they are used)."""
        files = self.stylesheets(Problems())
        if files is None:
            return built_in_page(settings)
        measured = measure(tuple(layered(files, settings)))
        for problem in measured.problems:
            problems.add(problem)
        return measured.page

    def check_library(self) -> Problems:
        """Problems in every source of the library, used or not."""
        problems = Problems(levels(self.workspace.settings))
        for source_id in self.library.ids:
            source, found = self.library.get(source_id)
            problems.extend(found)
            if source is not None:
                check_source(source, problems)
        return problems

    def manifest(self, options: BuildOptions, out_dir: Path) -> tuple[Manifest, Hashes]:
        """The manifest of ``out_dir`` for builds with ``options``, and the file hashes it uses."""
        hashes = Hashes([*self.workspace.read_roots, out_dir])
        key = shared_key(
            self.workspace.root,
            [PACKAGE_DIR, self.workspace.templates_dir],
            {
                "format": options.format,
                "versions": options.versions,
                "large_print": options.large_print,
            },
            hashes,
        )
        return Manifest(out_dir, self.workspace.root, key), hashes

    def build(self, lesson_id: str, path: Path, options: BuildOptions) -> LessonResult:
        """Build one lesson (see :meth:`build_all`)."""
        return next(iter(self.build_all({lesson_id: path}, options)))

    def build_all(
        self,
        lessons: dict[str, Path],
        options: BuildOptions,
        stop: Callable[[], bool] = lambda: False,
        renderers: Renderers | None = None,
    ) -> Iterator[LessonResult]:
        """Build ``lessons`` in order, yielding what happened to each.

        Lessons the manifest finds up to date are skipped (unless ``options.force``).
        The rest are prepared here and rendered by ``options.jobs`` processes, each
        lesson written only when all its handouts rendered. ``stop()`` is asked before
        each lesson is started; lessons already rendering are finished and written.
        ``renderers`` may be made by the caller (so it decides when they stop).
        """
        out_dir = options.out_dir or self.workspace.build_dir
        check_output_folder(out_dir, None if options.out_dir else self.workspace.root)
        manifest, hashes = self.manifest(options, out_dir)
        todo = {}
        for lesson_id, path in lessons.items():
            if not options.force and manifest.up_to_date(lesson_id, out_dir, hashes):
                yield LessonResult(lesson_id, path, up_to_date=True)
            else:
                todo[lesson_id] = path
        if not todo:
            return
        # One edited lesson still renders its two versions at once.
        jobs = min(options.jobs, len(todo) * len(options.versions))
        window: deque[_Started | LessonResult] = deque()
        own = renderers is None
        if renderers is None:
            renderers = Renderers(options.jobs)
        if options.format == "pdf":
            renderers.start(jobs)  # the workers load WeasyPrint while lessons are prepared
        try:
            with contextlib.nullcontext() if not own else renderers:
                for lesson_id, path in todo.items():
                    if stop():
                        break
                    window.append(self._start(lesson_id, path, options, out_dir, renderers))
                    # Keep a lesson queued per worker, so none waits while this process
                    # writes one lesson and prepares the next.
                    while len(window) > jobs:
                        yield self._finish(window.popleft(), options, manifest, hashes)
                while window:
                    yield self._finish(window.popleft(), options, manifest, hashes)
        finally:
            manifest.save()  # if it is lost, the next build just renders again

    def _start(
        self, lesson_id: str, path: Path, options: BuildOptions, out_dir: Path, renderers: Renderers
    ) -> _Started | LessonResult:
        """Prepare a lesson and start rendering its handouts."""
        result = LessonResult(lesson_id, path)
        resolved = self.prepare(lesson_id, path, result.problems)
        if resolved is None or result.failed(options.strict):
            return result
        handouts = options.handouts(resolved)
        sheets: dict[Handout, list[Stylesheet]] = {}
        for handout in handouts:
            found = self.lesson_stylesheets(resolved, result.problems, handout)
            if found is None:
                return result
            sheets[handout] = found
        if options.format == "html":
            return self._start_html(result, resolved, sheets, out_dir)
        pages = self.html(resolved, handouts, result.problems)
        if pages is None:
            return result
        outputs: dict[Path, Pending | bytes] = {
            output_path(out_dir, lesson_id, handout.name, "pdf"): renderers.submit(
                RenderJob(page, self.workspace.root, sheets[handout], self.workspace.read_roots)
            )
            for handout, page in pages.items()
        }
        return _Started(result, out_dir, list(resolved.files), outputs, resolved)

    def _start_html(
        self,
        result: LessonResult,
        resolved: ResolvedLesson,
        sheets: dict[Handout, list[Stylesheet]],
        out_dir: Path,
    ) -> _Started | LessonResult:
        """HTML handouts that stand alone: stylesheets, images and fonts inside each file."""
        try:
            roots = self.workspace.read_roots
            inline = {h: inline_stylesheets(found, roots) for h, found in sheets.items()}
        except UnsafeResource as exc:
            result.problems.error(exc.file, None, None, exc.message)
            return result
        css = {handout: found.text for handout, found in inline.items()}
        pages = self.html(resolved, list(sheets), result.problems, css)
        if pages is None:
            return result
        files = list(resolved.files) + [f for found in inline.values() for f in found.files]
        outputs: dict[Path, Pending | bytes] = {
            output_path(out_dir, result.id, handout.name, "html"): lock_down(
                embed_fonts(page, inline[handout].fonts)
            ).encode("utf-8")
            for handout, page in pages.items()
        }
        return _Started(result, out_dir, files, outputs, resolved)

    def _finish(
        self,
        started: _Started | LessonResult,
        options: BuildOptions,
        manifest: Manifest,
        hashes: Hashes,
    ) -> LessonResult:
        """Collect a lesson's renders and write its files, all or none; note a failure."""
        result = self._write(started, options, manifest, hashes)
        if not result.outputs:
            problems = [*result.problems.errors, *result.problems.warnings]
            manifest.record_failure(
                result.id,
                problems[0].format(self.workspace.root) if problems else "the build failed",
            )
        return result

    def _write(
        self,
        started: _Started | LessonResult,
        options: BuildOptions,
        manifest: Manifest,
        hashes: Hashes,
    ) -> LessonResult:
        """Collect a lesson's renders and write its files, all or none."""
        if isinstance(started, LessonResult):
            return started
        result, files = started.result, list(started.files)
        outputs: dict[Path, bytes] = {}
        pages: dict[Path, int | None] = {}
        for target, pending in started.outputs.items():
            if isinstance(pending, bytes):
                outputs[target], pages[target] = pending, None
                continue
            rendered = self._collect(pending, result)
            if rendered is None:
                continue
            files += rendered.files
            outputs[target], pages[target] = rendered.data, rendered.pages
        if result.failed(options.strict) or len(outputs) < len(started.outputs):
            return result
        index_entry = summary_path(started.out_dir, result.id)
        outputs[index_entry] = summary(started.lesson, pages, started.out_dir)
        try:
            check_lesson_folder(started.out_dir / result.id)
            sweep_temporary(started.out_dir / result.id)
            write_together(outputs)
        except LessonpressError as exc:
            result.problems.error(result.path, None, None, str(exc))
            return result
        hashes.forget(list(outputs))
        manifest.record(result.id, started.out_dir, files, outputs, hashes)
        result.outputs = [path for path in outputs if path != index_entry]
        return result

    def preview(
        self, lesson_id: str, path: Path, options: BuildOptions, renderers: Renderers
    ) -> Preview:
        """Start rendering a lesson's handouts without writing them (the studio's pages):
        each is submitted to ``renderers`` in the order of ``options.versions``."""
        started = self._start(lesson_id, path, options, self.workspace.build_dir, renderers)
        if isinstance(started, LessonResult):
            return Preview(started, [], {}, self._collect)
        pending = {
            handout: started.outputs[
                output_path(started.out_dir, lesson_id, handout.name, options.format)
            ]
            for handout in options.handouts(started.lesson)
        }
        return Preview(started.result, started.files, pending, self._collect)

    def render(
        self, lesson_id: str, path: Path, handout: Handout, fmt: Format = "pdf"
    ) -> tuple[bytes | None, LessonResult]:
        """One handout of one lesson, rendered in this process and not written anywhere;
        ``None`` with the lesson's problems if it fails."""
        options = BuildOptions(
            versions=(handout.version,), format=fmt, large_print=handout.large_print
        )
        preview = self.preview(lesson_id, path, options, Renderers(1))
        return preview.handout(handout), preview.result

    def _collect(self, pending: Pending, result: LessonResult) -> Rendered | None:
        """A render's outcome: its warnings and notes noted; ``None`` with the problem if it
        failed (a renderer missing altogether stops the run: every lesson would fail)."""
        try:
            rendered = pending.get()
        except RendererUnavailable:
            raise
        except LessonpressError as exc:
            result.problems.error(result.path, None, None, f"render failed: {exc}")
            return None
        for warning in rendered.warnings:
            result.problems.add(warning if warning.file else replace(warning, file=result.path))
        self.notes.update(rendered.notes)
        return rendered

    def write_index(self, out_dir: Path | None = None) -> Path:
        """Write the index page of the build folder: every lesson of the workspace built there.

        Raises :class:`TemplateProblem` for an ``index.html`` template that fails and
        :class:`~lessonpress.errors.LessonpressError` for a summary that cannot be read.
        """
        out_dir = out_dir or self.workspace.build_dir
        check_output_folder(
            out_dir, None if out_dir != self.workspace.build_dir else self.workspace.root
        )
        entries = read_summaries(out_dir, list(self.workspace.lesson_files()))
        settings = self.workspace.settings
        context = to_data(index_context(entries, settings.school, settings.language))
        html = self.templates.render_template(INDEX, dict(context), settings.language)
        return write_index(out_dir, html)

    def renderer_notes(self) -> list[str]:
        """One-off notes about the PDF renderer on this machine, from this run's renders."""
        return sorted(self.notes)
