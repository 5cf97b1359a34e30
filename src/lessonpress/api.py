"""The public API: what the command line, ``watch``, the studio and ``import`` stand on.

Everything a front-end does goes through these names (re-exported by :mod:`lessonpress`)::

    import lessonpress

    workspace = lessonpress.open_workspace("history-lessons")
    report = workspace.check()                  # every lesson and the source library
    for problem in report.problems():
        print(problem.format())
    workspace.build(progress=lambda result: print(result.id))
    pdf = workspace.render("kirovabad-1988", "teacher")   # one handout, as bytes
    workspace.find("kirovabad-pogrom-wiki", "martial law").passages

Expected failures raise :class:`~lessonpress.errors.LessonpressError` subclasses (a
missing workspace, broken settings, an unknown lesson); problems in lessons and sources
are returned as located :class:`~lessonpress.errors.Problem` values, never raised. The
stages underneath (``lessonpress.model``, ``quotes``, ``checks``, ``render``, ``build``)
may change between releases; these names are kept.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.build.catalog import Table, lessons_table, sources_table
from lessonpress.build.pipeline import BuildOptions, Format, LessonResult, Pipeline, Preview
from lessonpress.build.shards import Shard
from lessonpress.build.watch import Round, watch_builds
from lessonpress.build.workers import Renderers, default_jobs, stop_workers_now
from lessonpress.confine import OutsideError, read_inside
from lessonpress.errors import (
    InputError,
    LessonpressError,
    Problem,
    Problems,
    SelectionError,
    WorkspaceError,
    did_you_mean,
    display_path,
)
from lessonpress.importing.run import Download, ImportReport
from lessonpress.importing.run import import_source as _import_source
from lessonpress.model import jsonschema, scaffold
from lessonpress.model import workspace as layout
from lessonpress.model.lessonedit import (
    DocumentOutline,
    DocumentWritten,
    NewDocument,
    PartOutline,
    outline,
    read_lesson_text,
    write_document,
)
from lessonpress.model.settings import Settings
from lessonpress.model.sources import Library, Source
from lessonpress.model.yamlnodes import MAX_BYTES
from lessonpress.quotes.excerpts import SourceText
from lessonpress.quotes.passages import Passage, as_quote, search
from lessonpress.quotes.selection import SelectedQuote, Span, quote_from_spans
from lessonpress.render.templating import BUILTIN_DIR, Handout, Templates, Version, read_template

Progress = Callable[[LessonResult], None]
Stop = Callable[[], bool]


def _never() -> bool:
    return False


@dataclass
class CheckReport:
    """What ``check`` found: each lesson's result, and the workspace's own problems."""

    results: list[LessonResult]
    workspace_problems: Problems  # settings, lesson file names, the source library

    def problems(self) -> list[Problem]:
        """Every problem: the workspace's, then each lesson's."""
        return [*self.workspace_problems, *(p for r in self.results for p in r.problems)]

    def failed(self, strict: bool = False) -> bool:
        """Whether there are errors (with ``strict``, warnings too)."""
        found = Problems()
        found.extend(self.problems())
        return found.failed(strict)


@dataclass
class BuildReport:
    """What ``build`` did: each lesson's result, the workspace's problems, the index page."""

    results: list[LessonResult] = field(default_factory=list)
    workspace_problems: Problems = field(default_factory=Problems)
    index: Path | None = None  # the index page written, if any
    notes: list[str] = field(default_factory=list)  # one-off notes about the PDF renderer

    def built(self, strict: bool = False) -> list[LessonResult]:
        """The lessons whose handouts were written."""
        return [r for r in self.results if r.outputs and not r.failed(strict)]

    def up_to_date(self) -> list[LessonResult]:
        """The lessons skipped because nothing they depend on changed."""
        return [r for r in self.results if r.up_to_date]

    def failed(self, strict: bool = False) -> list[LessonResult]:
        """The lessons that could not be built."""
        return [r for r in self.results if not r.up_to_date and (not r.outputs or r.failed(strict))]


@dataclass(frozen=True)
class Found:
    """Passages of a source holding some words (see :meth:`Workspace.find`)."""

    source_id: str
    path: Path
    passages: list[Passage]
    exact: bool  # False: no passage holds the words as written; sentences holding them all


@dataclass(frozen=True)
class TemplateFile:
    """A template as ``templates show`` prints it: the file that wins, and its text."""

    path: Path
    builtin: bool
    text: str


@dataclass(frozen=True)
class SourceParagraphs:
    """A source's text as the studio shows it: its paragraphs, numbered from 1 as ``find``,
    quote errors and the teacher guide number them, and what its note says."""

    id: str
    path: Path
    title: str
    perspective: str
    language: str
    license: str
    excerpted: bool
    paragraphs: list[str]


@dataclass(frozen=True)
class LessonFile:
    """A lesson file as it is on disk: its text, the digest of its bytes (what an edit must
    find unchanged) and its parts (``None`` while its YAML does not read)."""

    id: str
    path: Path
    text: str
    digest: str
    parts: list[PartOutline] | None


class Workspace:
    """An open workspace: its lessons, sources, templates and settings.

    Made by :func:`open_workspace`. Sources and templates are read once and shared by
    the calls on one object; open a new one to see changed settings.
    """

    def __init__(self, found: layout.Workspace, problems: Problems) -> None:
        self._layout = found
        self._pipeline = Pipeline(found)
        #: Problems of the workspace itself: settings warnings, lesson file names.
        self.problems = problems

    @property
    def root(self) -> Path:
        """The workspace folder."""
        return self._layout.root

    @property
    def settings(self) -> Settings:
        """The settings of ``lessonpress.yaml`` (defaults for what it leaves out)."""
        return self._layout.settings

    @property
    def build_dir(self) -> Path:
        """Where handouts are written unless told otherwise."""
        return self._layout.build_dir

    @property
    def lessons_dir(self) -> Path:
        """The folder of lesson specs."""
        return self._layout.lessons_dir

    @property
    def templates_dir(self) -> Path:
        """The workspace's template overrides."""
        return self._layout.templates_dir

    def lesson_files(self) -> dict[str, Path]:
        """Every lesson: id and file."""
        return self._layout.lesson_files()

    def select(self, names: Iterable[str] = ()) -> dict[str, Path]:
        """The lessons named (ids or paths), or all; raises :class:`SelectionError`."""
        return self._layout.select(list(names))

    def check(
        self, names: Iterable[str] = (), *, progress: Progress | None = None, stop: Stop = _never
    ) -> CheckReport:
        """Check lessons up to their HTML (no PDF); with no names, the source library too."""
        names = list(names)
        selected = self.select(names)
        report = CheckReport([], self.file_problems())
        for lesson_id, path in selected.items():
            if stop():
                break
            result = self._pipeline.check(lesson_id, path)
            report.results.append(result)
            if progress is not None:
                progress(result)
        if not names:
            report.workspace_problems.extend(self._pipeline.check_library())
        return report

    def build(
        self,
        names: Iterable[str] = (),
        options: BuildOptions | None = None,
        *,
        progress: Progress | None = None,
        stop: Stop = _never,
        shard: Shard | None = None,
    ) -> BuildReport:
        """Build the handouts of the lessons named (or all), then the index page.

        ``progress`` is called with each lesson's result as it is finished; ``stop()``
        is asked before each lesson is started. With a ``shard``, only its share of the
        lessons is built, and no index page is written.
        """
        options = options or BuildOptions(jobs=default_jobs())
        report = BuildReport(workspace_problems=self.file_problems())
        selected = self.select(names)
        if shard is not None:
            selected = shard.select(selected)
        with Renderers(options.jobs) as renderers:
            for result in self._pipeline.build_all(selected, options, stop, renderers):
                report.results.append(result)
                if progress is not None:
                    progress(result)
        out = options.out_dir or self.build_dir
        # The index lists what is in the folder; a build that wrote nothing there, into a
        # folder without one, leaves no folder behind.
        wrote = report.built(options.strict) or report.up_to_date()
        if shard is None and not stop() and (wrote or (out / "index.html").exists()):
            report.index = self._index(options.out_dir, report.workspace_problems)
        report.notes = self._pipeline.renderer_notes()
        return report

    def render(
        self,
        lesson: str,
        version: Version = "student",
        *,
        large_print: bool = False,
        format: Format = "pdf",
    ) -> bytes:
        """One handout of one lesson, as bytes (nothing is written).

        Raises :class:`InputError` with the lesson's problems if it has errors.
        """
        (lesson_id, path), *_ = self.select([lesson]).items()
        handout = Handout(version, large_print=large_print)
        data, result = self._pipeline.render(lesson_id, path, handout, format)
        if data is None:
            raise InputError(result.problems.errors or list(result.problems))
        return data

    def preview(
        self,
        lesson: str,
        versions: Sequence[Version] = ("student", "teacher"),
        *,
        renderers: Renderers,
        large_print: bool = False,
    ) -> Preview:
        """Start rendering a lesson's PDF handouts on warm ``renderers``, in the order of
        ``versions`` (the one being looked at first), writing nothing.

        ``preview.handout(Handout(version))`` waits for one; ``preview.result.problems``
        holds the lesson's problems and ``preview.files`` what its handouts depend on.
        """
        (lesson_id, path), *_ = self.select([lesson]).items()
        options = BuildOptions(versions=tuple(versions), large_print=large_print)
        return self._pipeline.preview(lesson_id, path, options, renderers)

    def write_index(self, out: Path | None = None) -> Path:
        """Write the index page of ``out`` (default: the build folder); raises
        :class:`InputError` with the problem if its template or a summary fails."""
        problems = Problems()
        written = self._index(out, problems)
        if written is None:
            raise InputError(list(problems))
        return written

    def lessons(self) -> Table:
        """Each lesson: id, title, grade, pairs, perspectives, build status."""
        return lessons_table(self._layout)

    def sources(self) -> Table:
        """Each source: id, title, type, perspective, licence, words, lessons quoting it."""
        return sources_table(self._layout)

    def find(self, source: str, words: str, *, context: int = 0) -> Found:
        """The passages of ``source`` holding ``words`` (matched as quotes are), each widened
        to whole sentences (plus ``context`` sentences either side); ready to quote."""
        found = self._source(source)
        passages, exact = search(SourceText(found), words, context)
        return Found(found.id, found.path, passages, exact)

    def source_text(self, source: str) -> SourceParagraphs:
        """A source's paragraphs, numbered as :meth:`find` numbers them, and its metadata."""
        found = self._source(source)
        info = found.info
        return SourceParagraphs(
            found.id,
            found.path,
            info.title,
            info.perspective,
            info.language,
            info.license,
            info.excerpted,
            list(found.blocks),
        )

    def quote_from_selection(self, source: str, spans: Sequence[Span]) -> SelectedQuote:
        """The quote made of passages selected in ``source``'s paragraphs (see :class:`Span`):
        whole words, joined with ``[...]`` in the source's order, opened or closed with
        ``[...]`` inside a sentence, located as ``check`` locates quotes. Raises
        :class:`Refused` for spans outside the text or holding no words."""
        found = self._source(source)
        return quote_from_spans(SourceText(found), spans, found.info.language)

    def lesson_file(self, lesson: str) -> LessonFile:
        """A lesson's file as it is now: text, digest of its bytes and parts."""
        (lesson_id, path), *_ = self.select([lesson]).items()
        read = read_lesson_text(path, [self.root])
        return LessonFile(lesson_id, path, read.text, read.digest, outline(read.text, path))

    def add_document(
        self,
        lesson: str,
        source: str,
        quote: str,
        *,
        part: int | None,
        letter: str,
        expected_digest: str,
    ) -> DocumentWritten:
        """Write ``quote`` of ``source`` as Document ``letter`` ("A" or "B") of part ``part``
        (1-based; ``None``: a new part) of ``lesson``, keeping the file's comments, order
        and formatting, its paragraphs in a comment.

        The quote is located in its source first (:class:`Refused` if it is not there).
        Nothing is written if the file's bytes are no longer ``expected_digest``
        (:class:`EditConflict`: saved from an editor meanwhile), if it has a YAML error
        (:class:`InputError`), or if the edit would change other lines (:class:`Refused`).
        """
        (_, path), *_ = self.select([lesson]).items()
        found = self._source(source)
        excerpt = SourceText(found).find(quote)
        document = NewDocument(found.id, quote, excerpt.source_paragraphs)
        return write_document(
            path,
            [self.root],
            expected_digest=expected_digest,
            part=part,
            letter=letter,
            document=document,
        )

    def problem_context(self, problem: Problem, around: int = 2) -> list[tuple[int, str]]:
        """The lines of the problem's file around its line (number, text), for showing it
        in place; none if it has no line or its file is not the workspace's to read."""
        if problem.file is None or problem.pos is None:
            return []
        try:
            data = read_inside(problem.file, [self.root], MAX_BYTES)
        except OutsideError:
            return []
        lines = data.decode("utf-8-sig", errors="replace").splitlines()
        first = max(1, problem.pos.line - around)
        last = min(len(lines), problem.pos.line + around)
        return [(number, lines[number - 1]) for number in range(first, last + 1)]

    def _source(self, source: str) -> Source:
        """The source with this id (or file name); :class:`SelectionError` if there is none,
        :class:`InputError` if it has errors."""
        library = Library(self._layout.sources_dir, [self.root])
        source_id = Path(source).name.removesuffix(".md")
        if source_id not in library.ids:
            raise SelectionError(f"no source '{source}' ({library.suggest(source_id)})")
        found, problems = library.get(source_id)
        if found is None:
            raise InputError(problems.errors)
        return found

    def templates(self) -> dict[str, str]:
        """Every template and stylesheet name, and whose it is (built-in, overridden,
        workspace only)."""
        return Templates(self.templates_dir).names()

    def template(self, name: str) -> TemplateFile:
        """The template that wins for ``name`` (``builtin/NAME``: the built-in one)."""
        found = Templates(self.templates_dir)
        plain = name.removeprefix("builtin/")
        if plain not in found.names():
            raise SelectionError(f"no template '{name}' ({_template_hint(plain, found.names())})")
        path = BUILTIN_DIR / plain if name.startswith("builtin/") else found.find(plain)
        builtin = path.is_relative_to(BUILTIN_DIR)
        text = read_template(path, [BUILTIN_DIR] if builtin else [self.root])
        return TemplateFile(path, builtin, text)

    def eject_template(self, name: str, *, force: bool = False) -> Path:
        """Copy the built-in template ``name`` into the workspace's templates/ to edit it."""
        names = Templates(self.templates_dir).names()
        plain = name.removeprefix("builtin/")
        builtins = {n for n, whose in names.items() if whose != "workspace only"}
        if plain not in builtins:
            raise SelectionError(
                f"no built-in template '{name}' ({_template_hint(plain, builtins)})"
            )
        target = self.templates_dir / plain
        if (target.exists() or target.is_symlink()) and not force:
            raise WorkspaceError(
                f"{display_path(target)} already exists (use --force to replace it)"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BUILTIN_DIR / plain, target)
        return target

    def new_lesson(self, name: str) -> Path:
        """Write ``lessons/NAME.yaml``, a commented lesson skeleton naming the sources."""
        return scaffold.new_lesson(self._layout, name)

    def new_source(self, name: str) -> Path:
        """Write ``content/sources/NAME.md``, a source skeleton to fill in."""
        return scaffold.new_source(self._layout, name)

    def import_source(
        self, file_or_url: str | Path, *, source_id: str | None = None
    ) -> ImportReport:
        """Make ``content/sources/<id>.md`` from a document: a saved web page (.html), a
        PDF, a Word file (.docx), text (.txt) or Markdown (.md), or an ``http(s)`` address.

        The text is the document's own, word for word, without the page around it
        (menus, share buttons, captions, comments; a PDF's running heads and page
        numbers). The front matter takes what the document states (title, author,
        publisher, date, address, language) and leaves the rest empty with a comment;
        ``perspective`` and ``license`` are never guessed, and ``accessed`` is today.
        The id comes from the title unless ``source_id`` is given; an existing file is
        never replaced. A URL is fetched here and nowhere else, with a time and a size
        limit (see :class:`Download`). Raises
        :class:`~lessonpress.errors.SourceImportError` when the document cannot be read
        or the file cannot be written (nothing is then written).
        """
        return _import_source(self._layout, str(file_or_url), source_id)

    def write_schemas(self) -> dict[Path, bool]:
        """Write the JSON Schemas into the workspace's schemas/ (see :func:`write_schemas`)."""
        return write_schemas(self.root / jsonschema.SCHEMA_DIR)

    def file_problems(self) -> Problems:
        """The problems of the workspace itself: its settings' warnings, lesson file names."""
        problems = Problems()
        problems.extend(self.problems)
        problems.extend(self._layout.lesson_file_problems())
        return problems

    def _index(self, out: Path | None, problems: Problems) -> Path | None:
        try:
            return self._pipeline.write_index(out)
        except InputError as exc:
            problems.extend(exc.problems)
        except LessonpressError as exc:
            problems.error(None, None, None, str(exc))
        return None


def _template_hint(name: str, names: Iterable[str]) -> str:
    return did_you_mean(name, names) or "see lessonpress templates list"


def open_workspace(root: Path | str | None = None) -> Workspace:
    """Open the workspace at ``root``, or the nearest one at or above the current folder.

    Raises :class:`~lessonpress.errors.WorkspaceError` when there is none, and
    :class:`~lessonpress.errors.InputError` when its settings are broken.
    """
    problems = Problems()
    found = layout.open_workspace(Path(root) if root is not None else None, problems)
    return Workspace(found, problems)


def find_workspace(start: Path | str | None = None) -> Path:
    """The folder of the nearest workspace at or above ``start`` (default: here)."""
    return layout.find_root(Path(start) if start is not None else Path.cwd())


def init_workspace(folder: Path | str, *, ci: str | None = None, shards: int = 2) -> list[Path]:
    """Start a workspace in ``folder`` (new or empty) with an example lesson; with
    ``ci="github"``, also the GitHub Actions workflow (in an existing workspace: only it).
    Returns the files written; nothing is overwritten."""
    folder = Path(folder)
    existing = (folder / layout.SETTINGS_FILE).exists() or (folder / "lessons").is_dir()
    if ci is not None and existing:
        return [scaffold.write_ci(folder, shards)]
    written = scaffold.init_workspace(folder)
    if ci is not None:
        written.append(scaffold.write_ci(folder, shards))
    return written


def schemas() -> dict[str, str]:
    """The JSON Schemas of lessons, sources' front matter and settings: file name, text."""
    return jsonschema.schema_texts()


def write_schemas(folder: Path) -> dict[Path, bool]:
    """Write the JSON Schemas into ``folder``: each file, and whether it changed."""
    changed = jsonschema.write_schemas(folder)
    return {folder / name: folder / name in changed for name in jsonschema.schema_texts()}


def watch(
    root: Path | str | None = None,
    names: Iterable[str] = (),
    options: BuildOptions | None = None,
    *,
    stop: Stop,
) -> Iterator[Round]:
    """Build, then rebuild whatever each saved file changes, until ``stop()``.

    Yields one :class:`Round` per build. The render workers stay warm between rounds;
    the workspace is opened again each round, so changed settings apply.
    """
    folder = Path(root).resolve() if root is not None else find_workspace()
    options = options or BuildOptions(jobs=default_jobs())
    with Renderers(options.jobs) as renderers:
        if options.format == "pdf":
            renderers.start(options.jobs)  # warm from the start: the first edit is quick too
        yield from watch_builds(folder, list(names), options, renderers, stop)


def stop_now() -> None:
    """Stop the render workers at once (a second Ctrl-C); finished files are kept."""
    stop_workers_now()


__all__ = [
    "BuildOptions",
    "BuildReport",
    "CheckReport",
    "DocumentOutline",
    "DocumentWritten",
    "Download",
    "Found",
    "Handout",
    "ImportReport",
    "LessonFile",
    "LessonResult",
    "PartOutline",
    "Passage",
    "Preview",
    "Renderers",
    "Round",
    "SelectedQuote",
    "Shard",
    "SourceParagraphs",
    "Span",
    "Table",
    "TemplateFile",
    "Workspace",
    "as_quote",
    "default_jobs",
    "find_workspace",
    "init_workspace",
    "open_workspace",
    "schemas",
    "stop_now",
    "watch",
    "write_schemas",
]
