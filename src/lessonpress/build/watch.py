"""``lessonpress watch``: rebuild what changed whenever a file in the workspace is saved.

One process stays up with its render workers warm (WeasyPrint loaded, fonts and
stylesheets parsed), so a saved lesson becomes a new PDF in about the time of its
render alone. Each batch of changes (grouped by watchfiles: it waits until the
files stop changing) runs an ordinary incremental build: the manifest decides
what is out of date, so saving a source rebuilds the lessons quoting it and
saving a template rebuilds everything. Errors are reported and the watch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles import DefaultFilter, watch

from lessonpress.build.pipeline import BuildOptions, LessonResult, Pipeline
from lessonpress.build.workers import Renderers
from lessonpress.errors import InputError, LessonpressError, Problem, Problems
from lessonpress.model.workspace import open_workspace

#: Milliseconds without a further change before a batch is built (editors save in steps).
QUIET_MS = 100
#: Milliseconds the file watcher waits before it hands back control with no change.
ARM_MS = 200


@dataclass(frozen=True)
class Round:
    """One build the watch ran: why, and what came of it (or the problems that stopped it)."""

    changed: list[Path]
    results: list[LessonResult]
    problems: list[Problem]
    seconds: float  # from seeing the change to the last file written
    error: str | None = None


class _Filter(DefaultFilter):
    """watchfiles' defaults (.git, editor swap files ...) and the output folder."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(ignore_paths=[out_dir])


class _StopEvent:
    def __init__(self, stop: Callable[[], bool]) -> None:
        self._stop = stop

    def is_set(self) -> bool:
        return self._stop()


def watch_builds(
    root: Path,
    names: list[str],
    options: BuildOptions,
    renderers: Renderers,
    stop: Callable[[], bool],
) -> Iterator[Round]:
    """Build once, then again after every batch of changes, until ``stop()``; each build."""
    out_dir = (options.out_dir or root / "build").resolve()
    changes = watch(
        root,
        watch_filter=_Filter(out_dir),
        step=QUIET_MS,
        stop_event=_StopEvent(stop),
        raise_interrupt=False,
        rust_timeout=ARM_MS,
        yield_on_timeout=True,
    )
    # The watcher is armed before the first build, so a file saved during it is seen.
    next(changes, None)
    yield _build(root, names=names, options=options, renderers=renderers, stop=stop, changed=[])
    for batch in changes:
        if batch:  # empty: a timeout, which only lets the stop flag be checked
            changed = sorted({Path(path) for _, path in batch})
            yield _build(
                root, names=names, options=options, renderers=renderers, stop=stop, changed=changed
            )


def _build(
    root: Path,
    *,
    names: list[str],
    options: BuildOptions,
    renderers: Renderers,
    stop: Callable[[], bool],
    changed: list[Path],
) -> Round:
    """One incremental build; what stops it (broken settings, a lesson removed) is reported."""
    problems = Problems()
    began = time.monotonic()
    try:
        workspace = open_workspace(root, problems)
        pipeline = Pipeline(workspace)
        problems.extend(workspace.lesson_file_problems())
        selected = workspace.select(names)
        results = list(pipeline.build_all(selected, options, stop, renderers))
    except InputError as exc:
        return Round(changed, [], [*problems, *exc.problems], time.monotonic() - began)
    except LessonpressError as exc:
        return Round(changed, [], list(problems), time.monotonic() - began, str(exc))
    return Round(changed, results, list(problems), time.monotonic() - began)
