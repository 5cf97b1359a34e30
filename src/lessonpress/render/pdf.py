"""Rendering HTML to PDF bytes with WeasyPrint, failing loudly.

WeasyPrint logs many problems (a missing image, a refused stylesheet) and
still writes a PDF. Here every ``ERROR`` record logged during a render fails
it, and every ``WARNING`` (an ignored CSS declaration, say) is returned to the
caller, so nothing is ever silently dropped from a handout.

WeasyPrint is imported inside the functions: commands that do not render
(``check``, ``--help``) never pay for it.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lessonpress.errors import LessonpressError, Pos, Problem, RenderError
from lessonpress.render.cssguard import check_stylesheet
from lessonpress.render.templating import Stylesheet
from lessonpress.render.weasy import tagging
from lessonpress.render.weasy.numbering import finish_numbering
from lessonpress.render.weasy.pagelimit import TooLong, limit_pages


@dataclass
class _Collector(logging.Handler):
    records: list[logging.LogRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __hash__(self) -> int:
        return id(self)


@contextmanager
def _captured() -> Iterator[_Collector]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    old_propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF, the renderer's warnings (located where possible), the files it read
    and one-off notes about the renderer on this machine."""

    data: bytes
    warnings: list[Problem]
    files: list[Path]
    notes: list[str]
    pages: int = 0  # how many pages it has (the index page lists them)


@dataclass
class _Styles:
    """Stylesheets parsed with their fonts, and what that reported: kept per process."""

    fonts: Any
    css: list[Any]
    warnings: list[Problem]
    errors: list[str]
    files: list[Path]


_STYLES: dict[tuple[object, ...], _Styles] = {}


_AT_RE = re.compile(r" at (\d+):(\d+)")
# Logged for every font of every render when libharfbuzz-subset is missing; said once instead.
_FONTTOOLS_FALLBACK = "Using fontTools instead of HarfBuzz-Subset"
#: The longest handout rendered; anything longer is almost certainly a mistake.
MAX_PAGES = 60
_SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
#: The longest one handout may take to lay out and write; the samples take 1-2 seconds.
MAX_RENDER_SECONDS = 30
# What a stylesheet or template can make WeasyPrint (tinycss2, cssselect2, Pango) raise.
_BROKEN = (RecursionError, SyntaxError, OverflowError, MemoryError, ZeroDivisionError)
#: Tagged PDF for screen readers and accessibility checks (PDF/UA-1): a structure tree in
#: reading order, the document's language and title, headings as bookmarks.
PDF_VARIANT = "pdf/ua-1"


class RendererUnavailable(LessonpressError):
    """Raised when WeasyPrint's system libraries (Pango, HarfBuzz) cannot be loaded."""


def load_renderer() -> Any:
    """Import WeasyPrint (heavy: only rendering needs it), or raise :class:`RendererUnavailable`.

    Its system libraries are looked up the quick way first (see :mod:`.weasy.syslibs`); should
    that miss one, WeasyPrint's own lookup has the last word (and its printed advice).
    """
    from lessonpress.render.weasy.syslibs import quick_lookup  # noqa: PLC0415

    with contextlib.suppress(OSError), contextlib.redirect_stdout(io.StringIO()), quick_lookup():
        import weasyprint  # noqa: PLC0415

        return weasyprint
    try:
        import weasyprint  # noqa: PLC0415
    except OSError as exc:
        raise RendererUnavailable(
            f"the PDF renderer cannot load its system libraries ({exc}); on Debian or Ubuntu "
            f"install them with: sudo apt-get install {_SYSTEM_LIBRARIES}"
        ) from None
    return weasyprint


def renderer_notes() -> list[str]:
    """Things worth saying once about the renderer on this machine."""
    from weasyprint.text.ffi import harfbuzz_subset  # noqa: PLC0415

    if harfbuzz_subset is None:
        return [
            "libharfbuzz-subset is not installed, so PDFs render 2-3x slower; on Debian or "
            "Ubuntu: sudo apt-get install libharfbuzz-subset0"
        ]
    return []


def _warnings(records: list[logging.LogRecord], file: Path | None) -> list[Problem]:
    found = []
    for record in records:
        if record.levelno >= logging.ERROR or _FONTTOOLS_FALLBACK in record.msg:
            continue
        message = record.getMessage()
        at = _AT_RE.search(message) if file is not None else None
        pos = Pos(int(at[1]), int(at[2])) if at else None
        found.append(Problem(file, pos, None, message, severity="warning"))
    return found


def _styles(weasyprint: Any, stylesheets: list[Stylesheet], roots: list[Path]) -> _Styles:
    """The stylesheets parsed, with their fonts loaded; parsed once per process and reused.

    @font-face rules are only loaded (through the fetcher) when the stylesheets and the
    render share a font configuration; without one WeasyPrint silently ignores them.
    """
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415

    from lessonpress.render.fetcher import ConfinedFetcher  # noqa: PLC0415

    key = (tuple((s.text, str(s.path)) for s in stylesheets), tuple(roots))
    if key in _STYLES:
        return _STYLES[key]
    fetcher = ConfinedFetcher(roots)
    styles = _Styles(FontConfiguration(), [], [], [], fetcher.served)
    try:
        for sheet in stylesheets:  # parsed one by one, so warnings name their file
            name = _shown(sheet.path, roots)
            deep = check_stylesheet(sheet.text)
            if deep is not None:
                styles.errors.append(f"{name}:{deep}")
                continue
            with _captured() as log:
                try:
                    styles.css.append(
                        weasyprint.CSS(
                            string=sheet.text,
                            base_url=sheet.path.as_uri(),
                            url_fetcher=fetcher,
                            font_config=styles.fonts,
                        )
                    )
                except _BROKEN as exc:
                    styles.errors.append(f"{name}: the stylesheet cannot be used ({_why(exc)})")
            styles.warnings += _warnings(log.records, sheet.path)
            styles.errors += [r.getMessage() for r in log.records if r.levelno >= logging.ERROR]
    except FatalURLFetchingError as exc:
        styles.errors += fetcher.refused or [_fetch_failure(exc)]
    styles.errors += fetcher.refused
    if len(_STYLES) > 8:  # a run uses one or two sets; keep memory flat in long runs
        _STYLES.clear()
    _STYLES[key] = styles
    return styles


def render_pdf(
    html: str, base_dir: Path, stylesheets: list[Stylesheet], roots: list[Path]
) -> Rendered:
    """Render ``html`` to PDF bytes; raise :class:`RenderError` on any logged error."""
    weasyprint = load_renderer()
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415

    from lessonpress.render.fetcher import ConfinedFetcher  # noqa: PLC0415

    tagging.install()
    styles = _styles(weasyprint, stylesheets, roots)
    if styles.errors:
        raise RenderError("; ".join(dict.fromkeys(styles.errors)))
    fetcher = ConfinedFetcher(roots)
    warnings: list[Problem] = list(styles.warnings)
    errors: list[str] = []
    try:
        with _captured() as log, _bounded():
            page = weasyprint.HTML(
                string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher
            )
            # No pdf_identifier: the trailer's /ID is optional in PDF 1.7, and asking for
            # one makes WeasyPrint serialise and compress the whole PDF twice (6% of a render).
            document = page.render(
                stylesheets=styles.css, font_config=styles.fonts, pdf_variant=PDF_VARIANT
            )
            finish_numbering(document)
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
        warnings += _warnings(log.records, None)
        errors += [r.getMessage() for r in log.records if r.levelno >= logging.ERROR]
    except FatalURLFetchingError as exc:
        raise RenderError(
            "; ".join(dict.fromkeys(fetcher.refused or [_fetch_failure(exc)]))
        ) from None
    except TooLong:
        raise RenderError(
            f"the handout would be more than {MAX_PAGES} pages long; the limit is {MAX_PAGES} "
            "(split the lesson into several lessons)"
        ) from None
    except _TooSlow:
        raise RenderError(
            f"the handout took longer than {MAX_RENDER_SECONDS} seconds to lay out (look for "
            "huge sizes, columns or nested var() in templates/custom.css)"
        ) from None
    except _BROKEN as exc:
        raise RenderError(
            f"the handout cannot be laid out ({_why(exc)}); look for huge sizes or deep "
            "nesting in templates/custom.css and the templates"
        ) from None
    if fetcher.refused or errors:
        raise RenderError("; ".join(dict.fromkeys([*fetcher.refused, *errors])))
    files = sorted(set(styles.files) | set(fetcher.served))
    pages = len(document.pages)
    return Rendered(data, list(dict.fromkeys(warnings)), files, renderer_notes(), pages)


_CALLBACKS = frozenset({"__del__", "_remove", "_remove_dead_weakref", "__exit__", "close"})


def _in_callback(frame: Any) -> bool:
    """Whether ``frame`` runs where Python ignores exceptions (finalisers, callbacks)."""
    collector = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    return frame.f_code.co_name in _CALLBACKS or frame.f_code in collector


class _TooSlow(BaseException):
    """Raised from a timer signal when a render runs longer than ``MAX_RENDER_SECONDS``."""


@contextmanager
def _bounded() -> Iterator[None]:
    """Bound a render in pages and, where a timer signal can be used, in time."""
    limit_pages(MAX_PAGES)
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        # An exception raised in a finaliser, a weakref callback or a garbage-collector
        # callback would only be printed and ignored: the timer repeats, so the next tick
        # raises it in the render itself.
        if frame is not None and not _in_callback(frame):
            raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, MAX_RENDER_SECONDS, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _shown(path: Path, roots: list[Path]) -> str:
    """A stylesheet's path as messages name it: relative to the workspace when inside it."""
    root = roots[0].resolve() if roots else None
    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix()
    return f"the built-in {path.name}"


def _why(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _fetch_failure(exc: BaseException) -> str:
    """What went wrong while fetching, when the fetcher itself refused nothing."""
    cause = exc.__cause__
    if isinstance(cause, RecursionError):
        return "stylesheets @import each other without end"
    return str(exc) if cause is None else f"{exc} ({_why(cause)})"
