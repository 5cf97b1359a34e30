"""lessonpress: from a YAML lesson spec and a source library to printable handouts.

The public API (documented in docs/api.md) is what every front-end uses: the command
line, ``watch``, the studio and ``import``::

    import lessonpress

    workspace = lessonpress.open_workspace("history-lessons")
    report = workspace.check()
    if not report.failed():
        workspace.build(progress=lambda result: print(result.id, result.outputs))
    pdf: bytes = workspace.render("kirovabad-1988", "teacher")
    for passage in workspace.find("kirovabad-pogrom-wiki", "martial law").passages:
        print(passage.paragraph, passage.text)

- :func:`open_workspace` -> :class:`Workspace`: ``check``, ``build`` (with a progress
  callback), ``render`` (one handout, to bytes), ``preview`` (on warm workers),
  ``lessons``, ``sources``, ``find``, ``source_text``, ``quote_from_selection``,
  ``lesson_file``, ``add_document`` (the studio's quotes by selection),
  ``templates``/``template``/``eject_template``, ``new_lesson``/``new_source``,
  ``import_source`` (a source from a web page, PDF, Word file or URL),
  ``write_schemas``, ``write_index``;
- :func:`watch` (rebuild on every save), :func:`init_workspace`, :func:`schemas`,
  :func:`find_workspace`, :func:`write_schemas`, :func:`stop_now`;
- values: :class:`BuildOptions`, :class:`CheckReport`, :class:`BuildReport`,
  :class:`LessonResult`, :class:`Round`, :class:`Found`, :class:`Passage`,
  :class:`Table`, :class:`TemplateFile`, :class:`Shard`, :class:`Problem`,
  :class:`Problems`, :class:`ImportReport`, :class:`Download`;
- errors: :class:`LessonpressError` and its subclasses :class:`WorkspaceError`,
  :class:`SelectionError`, :class:`InputError`, :class:`Refused`, :class:`RenderError`,
  :class:`OutputError`, :class:`SourceImportError`.

The names are loaded on first use, so ``import lessonpress`` (and ``lessonpress
--help``) stays quick. Modules under ``lessonpress.model``, ``quotes``, ``checks``,
``render`` and ``build`` are the stages underneath (docs/architecture.md); they may
change between releases.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lessonpress.version import __version__

if TYPE_CHECKING:
    from lessonpress.api import (
        BuildOptions,
        BuildReport,
        CheckReport,
        DocumentOutline,
        DocumentWritten,
        Download,
        Found,
        Handout,
        ImportReport,
        LessonFile,
        LessonResult,
        PartOutline,
        Passage,
        Preview,
        Renderers,
        Round,
        SelectedQuote,
        Shard,
        SourceParagraphs,
        Span,
        Table,
        TemplateFile,
        Workspace,
        as_quote,
        default_jobs,
        find_workspace,
        init_workspace,
        open_workspace,
        schemas,
        stop_now,
        watch,
        write_schemas,
    )
    from lessonpress.errors import (
        EditConflict,
        InputError,
        LessonpressError,
        OutputError,
        Problem,
        Problems,
        Refused,
        RenderError,
        SelectionError,
        SourceImportError,
        WorkspaceError,
        display_path,
    )

__all__ = [
    "BuildOptions",
    "BuildReport",
    "CheckReport",
    "DocumentOutline",
    "DocumentWritten",
    "Download",
    "EditConflict",
    "Found",
    "Handout",
    "ImportReport",
    "InputError",
    "LessonFile",
    "LessonResult",
    "LessonpressError",
    "OutputError",
    "PartOutline",
    "Passage",
    "Preview",
    "Problem",
    "Problems",
    "Refused",
    "RenderError",
    "Renderers",
    "Round",
    "SelectedQuote",
    "SelectionError",
    "Shard",
    "SourceImportError",
    "SourceParagraphs",
    "Span",
    "Table",
    "TemplateFile",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "as_quote",
    "default_jobs",
    "display_path",
    "find_workspace",
    "init_workspace",
    "open_workspace",
    "schemas",
    "stop_now",
    "watch",
    "write_schemas",
]

_FROM_ERRORS = frozenset(
    {
        "EditConflict",
        "InputError",
        "LessonpressError",
        "OutputError",
        "Problem",
        "Problems",
        "Refused",
        "RenderError",
        "SelectionError",
        "SourceImportError",
        "WorkspaceError",
        "display_path",
    }
)


def __getattr__(name: str) -> Any:
    """Load a public name from the module that holds it, on first use."""
    if name not in __all__:
        raise AttributeError(f"module 'lessonpress' has no attribute '{name}'")
    home = "lessonpress.errors" if name in _FROM_ERRORS else "lessonpress.api"
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
