"""Turning a resolved lesson into HTML with Jinja2.

Templates are looked up in the workspace's ``templates/`` first, then among
the built-ins shipped in the package; ``builtin/NAME`` always names the
built-in, so an override can ``{% extends "builtin/student.html" %}`` and
replace one block. The same order applies to the stylesheet
(``handout.css``), and ``templates/custom.css`` is layered after it.

Templates run in Jinja's sandbox (they travel between teachers too), with
autoescaping on and :class:`~jinja2.StrictUndefined`, so a typo in a variable
name is an error with the template's file and line, not an empty gap.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import __version__
from .confine import PACKAGE_DIR
from .errors import Pos, Problem, did_you_mean
from .excerpts import Excerpt
from .resolve import ResolvedDocument, ResolvedLesson, ResolvedPair, ResolvedQuestion
from .sources import Source, SourceInfo
from .workspace import Settings

Version = Literal["student", "teacher"]
VERSIONS: tuple[Version, ...] = ("student", "teacher")
BUILTIN_DIR = PACKAGE_DIR / "templates"
STYLESHEET = "handout.css"
CUSTOM_STYLESHEET = "custom.css"
#: The classes of the values templates see, for "did you mean" on a misspelt attribute.
_CONTEXT_CLASSES = (
    ResolvedLesson,
    ResolvedPair,
    ResolvedDocument,
    ResolvedQuestion,
    Excerpt,
    Source,
    SourceInfo,
    Settings,
)
_PAPER_CSS = {"a4": "@page { size: A4; }", "letter": "@page { size: letter; }"}


class _ConfinedLoader(FileSystemLoader):
    """A file loader that refuses templates resolving outside its folder (symlinks)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            raise OutsideTemplateError(filename)
        return source, filename, uptodate


class OutsideTemplateError(TemplateError):
    """A template file that resolves outside its folder (a symlink): refused, not skipped."""

    def __init__(self, filename: str) -> None:
        super().__init__("the template points outside the templates folder")
        self.filename = filename


@dataclass(frozen=True)
class Stylesheet:
    """A stylesheet's text and the file it came from (its base for ``url()``)."""

    text: str
    path: Path


class Templates:
    """The templates and stylesheets of one workspace."""

    def __init__(self, workspace_templates: Path | None) -> None:
        self.workspace_dir = (
            workspace_templates
            if (workspace_templates is not None and workspace_templates.is_dir())
            else None
        )
        builtin = _ConfinedLoader(BUILTIN_DIR)
        loaders: list[BaseLoader] = [PrefixLoader({"builtin": builtin})]
        if self.workspace_dir is not None:
            loaders.append(_ConfinedLoader(self.workspace_dir))
        loaders.append(builtin)
        self.env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=False,
            keep_trailing_newline=True,
        )

    def find(self, name: str) -> Path:
        """The file that wins for ``name``: the workspace's, else the built-in."""
        if self.workspace_dir is not None:
            candidate = self.workspace_dir / name
            if candidate.is_file() and candidate.resolve().is_relative_to(
                self.workspace_dir.resolve()
            ):
                return candidate
        return BUILTIN_DIR / name

    def stylesheets(self, settings: Settings) -> list[Stylesheet]:
        """Built-in (or overridden) stylesheet, then settings, then ``custom.css``."""
        sheets = [Stylesheet(_read(self.find(STYLESHEET)), self.find(STYLESHEET))]
        sheets.append(Stylesheet(_PAPER_CSS[settings.paper], BUILTIN_DIR / STYLESHEET))
        if self.workspace_dir is not None:
            custom = self.find(CUSTOM_STYLESHEET)
            if custom.is_relative_to(self.workspace_dir):
                sheets.append(Stylesheet(_read(custom), custom))
        return sheets

    def render(
        self,
        lesson: ResolvedLesson,
        version: Version,
        settings: Settings,
        inline_css: str | None = None,
    ) -> str:
        """Render one version of the handout; raises :class:`TemplateProblem`."""
        context = {
            "lesson": lesson,
            "version": version,
            "settings": settings,
            "generator": f"lessonpress {__version__}",
            "inline_css": Markup(inline_css.replace("</", "<\\/")) if inline_css else None,
        }
        try:
            return self.env.get_template(f"{version}.html").render(context)
        except TemplateError as exc:
            raise TemplateProblem(_problem_for(exc)) from None


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class TemplateProblem(Exception):
    """A template that does not compile or render, with its file and line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


_NO_ATTRIBUTE_RE = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'")


def _attribute_hint(message: str) -> str | None:
    """ "did you mean" for ``lesson.titel``, from the fields of the object's class."""
    match = _NO_ATTRIBUTE_RE.search(message)
    if match is None:
        return None
    classes = {cls.__name__: cls for cls in _CONTEXT_CLASSES}
    cls = classes.get(match[1])
    names = [f.name for f in dataclasses.fields(cls)] if cls is not None else []
    return did_you_mean(match[2], names) or ("available: " + ", ".join(names) if names else None)


def _problem_from(exc: TemplateError, file: str | None, line: int | None) -> Problem:
    message = exc.message or type(exc).__name__
    hint = _attribute_hint(message)
    if hint is None and "is undefined" in message:
        hint = "check the spelling of the name"
    elif isinstance(exc, TemplateNotFound):
        hint = "templates are looked up in templates/ and then among the built-ins"
    path = Path(file) if file else None
    pos = Pos(line, 1) if line else None
    return Problem(path, pos, None, f"template error: {message}", hint)


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost traceback frame that belongs to a template file."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".htm", ".css", ".txt")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _problem_for(exc: TemplateError) -> Problem:
    if isinstance(exc, TemplateSyntaxError):
        return _problem_from(exc, exc.filename, exc.lineno)
    if isinstance(exc, OutsideTemplateError):
        return Problem(
            Path(exc.filename),
            None,
            None,
            f"template error: {exc.message}",
            "copy the template into templates/ instead of linking to it",
        )
    return _problem_from(exc, *_template_frame(exc.__traceback__))
