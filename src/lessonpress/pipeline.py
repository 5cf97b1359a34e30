"""The pipeline: from lesson specs to handouts, one stage after another.

::

    lessons/x.yaml --load--> Lesson --resolve (sources, quotes)--> ResolvedLesson
        --render templates--> HTML --WeasyPrint--> PDF bytes --write together--> build/x/

``check`` stops after the HTML (no WeasyPrint); ``build`` runs every stage.
Each lesson succeeds or fails on its own; its problems travel with its result.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .errors import LessonpressError, Problem, Problems
from .linenumbers import number_css
from .output import (
    check_lesson_folder,
    check_output_folder,
    output_path,
    sweep_temporary,
    write_together,
)
from .resolve import ResolvedLesson, check_quotes, resolve
from .settings import stylesheet as settings_stylesheet
from .sources import Library
from .spec import check_lesson, read_lesson, salvage_documents
from .templating import VERSIONS, Stylesheet, TemplateProblem, Templates, Version
from .workspace import Workspace

Format = Literal["pdf", "html"]


@dataclass
class LessonResult:
    """What happened to one lesson."""

    id: str
    path: Path
    problems: Problems = field(default_factory=Problems)
    outputs: list[Path] = field(default_factory=list)

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


class Pipeline:
    """The stages, with what they share across lessons (sources, templates)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.library = Library(workspace.sources_dir, [workspace.root])
        self.templates = Templates(workspace.templates_dir)
        self._sheets: list[Stylesheet] | Problem | None = None

    def prepare(self, lesson_id: str, path: Path, problems: Problems) -> ResolvedLesson | None:
        """Load, check and resolve one lesson (no rendering)."""
        before = len(problems)
        node = read_lesson(path, problems, [self.workspace.root])
        lesson = None if len(problems) > before else check_lesson(node, path, problems)
        if lesson is None:
            documents = salvage_documents(node, path, problems)
            check_quotes(documents, self.library, self.workspace.read_roots, problems)
            return None
        return resolve(
            lesson,
            lesson_id=lesson_id,
            settings=self.workspace.settings,
            library=self.library,
            roots=self.workspace.read_roots,
            problems=problems,
        )

    def html(
        self,
        resolved: ResolvedLesson,
        versions: tuple[Version, ...],
        problems: Problems,
        inline_css: str | None = None,
    ) -> dict[Version, str] | None:
        """Render the templates for each version; ``None`` on a template error."""
        pages: dict[Version, str] = {}
        for version in versions:
            try:
                pages[version] = self.templates.render(resolved, version, inline_css)
            except TemplateProblem as exc:
                problems.add(exc.problem)
                return None
        return pages

    def check(self, lesson_id: str, path: Path) -> LessonResult:
        """Every stage up to HTML for one lesson."""
        result = LessonResult(lesson_id, path)
        resolved = self.prepare(lesson_id, path, result.problems)
        if resolved is not None:
            self.html(resolved, VERSIONS, result.problems)
            self.stylesheets(result.problems)
        return result

    def stylesheets(self, problems: Problems) -> list[Stylesheet] | None:
        """The stylesheet files, read once per run; ``None`` with the problem if unreadable."""
        if self._sheets is None:
            try:
                self._sheets = self.templates.stylesheets()
            except TemplateProblem as exc:
                self._sheets = exc.problem
        if isinstance(self._sheets, Problem):
            problems.add(self._sheets)
            return None
        return self._sheets

    def lesson_stylesheets(
        self, lesson: ResolvedLesson, problems: Problems
    ) -> list[Stylesheet] | None:
        """The built-in stylesheet, then the lesson's settings as CSS, then ``custom.css``."""
        files = self.stylesheets(problems)
        if files is None:
            return None
        css = settings_stylesheet(lesson.settings, number_css(lesson.settings.line_numbers))
        return [files[0], Stylesheet(css, files[0].path), *files[1:]]

    def check_library(self) -> Problems:
        """Problems in every source of the library, used or not."""
        problems = Problems()
        for source_id in self.library.ids:
            problems.extend(self.library.get(source_id)[1])
        return problems

    def build(self, lesson_id: str, path: Path, options: BuildOptions) -> LessonResult:
        """Every stage for one lesson; writes its files only if all of them rendered."""
        check_output_folder(
            options.out_dir or self.workspace.build_dir,
            None if options.out_dir else self.workspace.root,
        )
        result = LessonResult(lesson_id, path)
        resolved = self.prepare(lesson_id, path, result.problems)
        if resolved is None or result.failed(options.strict):
            return result
        sheets = self.lesson_stylesheets(resolved, result.problems)
        if sheets is None:
            return result
        inline = "\n".join(sheet.text for sheet in sheets) if options.format == "html" else None
        pages = self.html(resolved, options.versions, result.problems, inline)
        if pages is None:
            return result
        out_dir = options.out_dir or self.workspace.build_dir
        files = {
            output_path(out_dir, lesson_id, version, options.format): self._finish(
                page, options.format, sheets, path, result.problems
            )
            for version, page in pages.items()
        }
        if result.failed(options.strict) or any(data is None for data in files.values()):
            return result
        try:
            check_lesson_folder(out_dir / lesson_id)
            sweep_temporary(out_dir / lesson_id)
            write_together({target: data for target, data in files.items() if data is not None})
        except LessonpressError as exc:
            result.problems.error(path, None, None, str(exc))
            return result
        result.outputs = list(files)
        return result

    def _finish(
        self, page: str, fmt: Format, sheets: list[Stylesheet], path: Path, problems: Problems
    ) -> bytes | None:
        """The bytes of one output file: the HTML itself, or the PDF rendered from it."""
        if fmt == "html":
            return page.encode("utf-8")
        from .pdf import RendererUnavailable, render_pdf  # noqa: PLC0415 - imports WeasyPrint

        try:
            rendered = render_pdf(page, self.workspace.root, sheets, self.workspace.read_roots)
        except RendererUnavailable:
            raise  # every lesson would fail the same way: stop once
        except LessonpressError as exc:
            problems.error(path, None, None, f"render failed: {exc}")
            return None
        for warning in rendered.warnings:
            problems.add(warning if warning.file else replace(warning, file=path))
        return rendered.data

    def renderer_notes(self) -> list[str]:
        """One-off notes about the PDF renderer, if this run rendered any PDF."""
        if "lessonpress.pdf" not in sys.modules:
            return []
        from .pdf import renderer_notes  # noqa: PLC0415

        return renderer_notes()
