"""Turning a resolved lesson into HTML with Jinja2.

Templates are looked up in the workspace's ``templates/`` first, then among
the built-ins shipped in the package; ``builtin/NAME`` always names the
built-in, so an override can ``{% extends "builtin/student.html" %}`` and
replace one block. The same order applies to the stylesheet
(``handout.css``), and ``templates/custom.css`` is layered after it.

Templates run in lessonpress's sandbox (:mod:`lessonpress.render.sandbox`; they travel
between teachers too) and see data only (:mod:`lessonpress.render.templatedata`), with
autoescaping on and :class:`~jinja2.StrictUndefined`, so a typo in a variable
name is an error with the template's file and line, not an empty gap. Template
names are confined too: absolute names and names with ``..`` are refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.loaders import split_template_path
from markupsafe import Markup

from lessonpress.confine import PACKAGE_DIR, OutsideError, read_inside
from lessonpress.errors import InputError, LessonpressError, Pos, Problem, did_you_mean
from lessonpress.model.fieldtypes import PartialDate
from lessonpress.model.i18n import (
    SOURCE_LANGUAGE,
    base_language,
    format_date,
    one_full_stop,
    translations,
)
from lessonpress.model.settings import Settings
from lessonpress.model.sources import Source, SourceInfo
from lessonpress.quotes.excerpts import Excerpt
from lessonpress.quotes.resolve import (
    ResolvedDocument,
    ResolvedLesson,
    ResolvedPair,
    ResolvedQuestion,
)
from lessonpress.render.sandbox import Sandbox, budget
from lessonpress.render.templatedata import DateRecord, template_fields, to_data
from lessonpress.version import __version__

Version = Literal["student", "teacher"]
VERSIONS: tuple[Version, ...] = ("student", "teacher")


@dataclass(frozen=True)
class Handout:
    """One file a lesson is built into: a version, in regular or large print."""

    version: Version
    large_print: bool = False

    @property
    def name(self) -> str:
        """``student``, ``teacher`` or ``student-large-print``: the end of the file name."""
        return f"{self.version}-large-print" if self.large_print else self.version


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


#: The largest template or stylesheet lessonpress reads.
MAX_TEMPLATE_BYTES = 1_000_000


class _ConfinedLoader(BaseLoader):
    """Templates from one folder; each file is checked (inside ``roots``, a regular file
    of reasonable size) before it is opened, and a bad one is an error, never skipped."""

    def __init__(self, folder: Path, roots: list[Path]) -> None:
        self.folder = folder
        self.roots = roots

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        check_template_name(template)
        path = self.folder.joinpath(*split_template_path(template))
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        return read_template(path, self.roots), str(path), lambda: True


class BadTemplateNameError(TemplateError):
    """A template name that could lead out of the templates: absolute, or with ``..``."""


_BAD_NAME_RE = re.compile(r"(^|[/\\])\.\.($|[/\\])|^[/\\]|[\\:\x00]")


#: The longest template name (a file name, with its folders).
MAX_TEMPLATE_NAME = 200


def check_template_name(name: str) -> None:
    """Refuse an absolute name or one with ``..`` (raises :class:`BadTemplateNameError`)."""
    odd = len(name) > MAX_TEMPLATE_NAME or any(ord(c) < 32 or ord(c) == 127 for c in name)
    if _BAD_NAME_RE.search(name) or name.startswith("~") or odd:
        shown = name[:120].encode("unicode_escape").decode("ascii") + (
            "..." if len(name) > 120 else ""
        )
        raise BadTemplateNameError(
            f"'{shown}' is not a template name: name templates relative to templates/ "
            "(partials/pair.html), without .., a leading / or a drive, in at most "
            f"{MAX_TEMPLATE_NAME} characters",
        )


class _CheckedChoiceLoader(ChoiceLoader):
    """The loader chain, refusing bad names before any loader sees them."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        check_template_name(template)
        return super().get_source(environment, template)

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        check_template_name(name)
        return super().load(environment, name, globals)


class UnreadableTemplateError(TemplateError):
    """A template or stylesheet that cannot be used: outside the workspace, not a file,
    too large or not UTF-8."""

    def __init__(self, filename: Path, message: str) -> None:
        super().__init__(message)
        self.filename = filename


def source_date() -> str | None:
    """``SOURCE_DATE_EPOCH`` as a W3C date for the PDFs' dates, or ``None`` when unset.

    Without it the PDFs carry no dates at all, so builds are reproducible either way.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    try:
        moment = dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise LessonpressError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, found '{raw}'"
        ) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


#: The kinds of file that make up the templates.
TEMPLATE_SUFFIXES = (".html", ".css")


def _files(folder: Path) -> set[str]:
    """Template and stylesheet names under ``folder`` (``partials/pair.html``)."""
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES and (path.is_file() or path.is_symlink())
    }


def read_template(path: Path, roots: list[Path]) -> str:
    """The text of a template or stylesheet; raises :class:`UnreadableTemplateError`."""
    try:
        return read_inside(path, roots, MAX_TEMPLATE_BYTES, shown="").decode("utf-8")
    except OutsideError as exc:
        raise UnreadableTemplateError(path, str(exc)) from None
    except UnicodeDecodeError:
        raise UnreadableTemplateError(path, "the file is not valid UTF-8 text") from None


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
        builtin = _ConfinedLoader(BUILTIN_DIR, [BUILTIN_DIR])
        loaders: list[BaseLoader] = [PrefixLoader({"builtin": builtin})]
        if self.workspace_dir is not None:
            loaders.append(_ConfinedLoader(self.workspace_dir, [self.workspace_dir.parent]))
        loaders.append(builtin)
        self._loader = _CheckedChoiceLoader(loaders)
        self._envs: dict[str, Environment] = {}
        self._data: tuple[ResolvedLesson, Any] | None = None  # the last lesson, as data
        self.env = self.environment(SOURCE_LANGUAGE)

    def environment(self, language: str) -> Environment:
        """The sandboxed environment printing labels in ``language`` (a language tag).

        One per catalog, each with its gettext installed (``_()``, ``ngettext()``,
        ``pgettext()`` and ``{% trans %}`` in templates), made on first use.
        """
        key = base_language(language)
        if key not in self._envs:
            env = Sandbox(
                loader=self._loader,
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=False,
                keep_trailing_newline=True,
                extensions=["jinja2.ext.i18n"],
            )
            env.install_gettext_translations(translations(key), newstyle=True)  # type: ignore[attr-defined]
            env.wrap_gettext()
            env.add_filter("localdate", functools.partial(_localdate, language=key))
            env.add_filter("one_full_stop", one_full_stop)
            env.add_filter("split", _split)
            self._envs[key] = env
        return self._envs[key]

    def names(self) -> dict[str, str]:
        """Every template and stylesheet name, and whose it is: built-in, overridden, workspace."""
        builtin = _files(BUILTIN_DIR)
        workspace = _files(self.workspace_dir) if self.workspace_dir is not None else set()
        found = dict.fromkeys(builtin, "built-in")
        for name in workspace:
            found[name] = "overridden" if name in builtin else "workspace only"
        return dict(sorted(found.items()))

    def find(self, name: str) -> Path:
        """The file that wins for ``name``: the workspace's (if there is one), else the built-in."""
        if self.workspace_dir is not None:
            candidate = self.workspace_dir / name
            if candidate.exists() or candidate.is_symlink():
                return candidate
        return BUILTIN_DIR / name

    def stylesheets(self) -> list[Stylesheet]:
        """The stylesheet files: the built-in (or overridden) one, then ``custom.css``.

        Raises :class:`TemplateProblem` for a stylesheet that cannot be read.
        """
        sheets = [self._sheet(self.find(STYLESHEET))]
        custom = self.find(CUSTOM_STYLESHEET)
        if custom.parent != BUILTIN_DIR:
            sheets.append(self._sheet(custom))
        return sheets

    def _sheet(self, path: Path) -> Stylesheet:
        roots = [BUILTIN_DIR] if path.parent == BUILTIN_DIR else [path.parent.parent]
        try:
            return Stylesheet(read_template(path, roots), path)
        except UnreadableTemplateError as exc:
            raise TemplateProblem(_problem_for(exc)) from None

    def context(
        self, lesson: ResolvedLesson, handout: Handout, inline_css: str | None = None
    ) -> dict[str, Any]:
        """The variables templates see (documented in docs/templates.md): data only."""
        version = handout.version
        if self._data is None or self._data[0] is not lesson:
            self._data = (lesson, to_data(lesson))  # once for all of a lesson's handouts
        data = self._data[1]
        variables = {
            "lesson": data,
            "version": version,
            "large_print": handout.large_print,
            "settings": data.settings,
            "sections": getattr(data.settings.sections, version),
            "logo": data.logo,
            "generator": f"lessonpress {__version__}",
            "source_date": source_date(),
            "inline_css": Markup(inline_css.replace("</", "<\\/")) if inline_css else None,
        }
        return dict(to_data(variables))

    def render(
        self, lesson: ResolvedLesson, handout: Handout, inline_css: str | None = None
    ) -> str:
        """Render one handout; raises :class:`TemplateProblem`."""
        context = self.context(lesson, handout, inline_css)
        return self.render_template(f"{handout.version}.html", context, lesson.language)

    def render_template(self, name: str, context: dict[str, Any], language: str) -> str:
        """Render template ``name`` in the sandbox, its labels in ``language``.

        ``context`` must be template data (:func:`~lessonpress.render.templatedata.to_data`).
        Raises :class:`TemplateProblem`.
        """
        try:
            with budget():
                env = self.environment(language)
                return env.get_template(name).render(context)
        except TemplateError as exc:
            raise TemplateProblem(_problem_for(exc)) from None
        except RecursionError as exc:
            file, line = _template_frame(exc.__traceback__)
            raise TemplateProblem(
                Problem(
                    Path(file) if file else None,
                    Pos(line, 1) if line else None,
                    None,
                    "template error: templates include or extend each other without end",
                    "look for a template that includes or extends itself",
                )
            ) from None
        except Exception as exc:  # whatever a filter or operator raises is the template's
            # raised by a filter or an operator the template used, e.g. 1/0 or |tojson
            file, line = _template_frame(exc.__traceback__)
            raise TemplateProblem(
                Problem(
                    Path(file) if file else self.find(name),
                    Pos(line, 1) if line else None,
                    None,
                    f"template error: {type(exc).__name__}: {_one_line(str(exc))}",
                    None,
                )
            ) from None


class TemplateProblem(InputError):
    """A template or stylesheet that cannot be read, compiled or rendered, with its location."""

    def __init__(self, problem: Problem) -> None:
        super().__init__([problem])
        self.problem = problem


def _split(value: str, separator: str) -> tuple[str, ...]:
    """The ``split`` filter: the pieces of a text between each ``separator``."""
    if not isinstance(value, str) or not isinstance(separator, str) or not separator:
        raise TypeError("split needs a text and a separator that is not empty")
    return tuple(value.split(separator))


def _one_line(text: str) -> str:
    """A message on one line, of reasonable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 300 else flat[:297] + "..."


def _localdate(value: DateRecord, language: str) -> str:
    """The ``localdate`` filter: a date record written as ``language`` writes dates."""
    if not isinstance(value, DateRecord):
        raise TypeError(f"localdate needs a date, not {type(value).__name__}")
    return format_date(PartialDate(value.year, value.month, value.day), language)  # type: ignore[attr-defined]


_NO_ATTRIBUTE_RE = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'")


def _attribute_hint(message: str) -> str | None:
    """ "did you mean" for ``lesson.titel``, from the fields of the object's class."""
    match = _NO_ATTRIBUTE_RE.search(message)
    if match is None:
        return None
    classes = {cls.__name__: cls for cls in _CONTEXT_CLASSES}
    cls = classes.get(match[1])
    names = list(template_fields(cls)) if cls is not None else []
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
    return Problem(path, pos, None, f"template error: {_one_line(message)}", hint)


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
    if isinstance(exc, UnreadableTemplateError):
        hint = "copy it into templates/ instead of linking to it" if "link" in str(exc) else None
        file, line = _template_frame(exc.__traceback__)
        if file and line and not Path(file).is_relative_to(BUILTIN_DIR):
            # named by an include in the workspace's own template: report it there
            message = f"template error: {exc.filename.name}: {exc.message}"
            return Problem(Path(file), Pos(line, 1), None, message, hint)
        return Problem(exc.filename, None, None, f"template error: {exc.message}", hint)
    return _problem_from(exc, *_template_frame(exc.__traceback__))
