"""Rendering on every core: a pool of worker processes, or this process for ``--jobs 1``.

Rendering (WeasyPrint) is the slow step and each handout renders on its own, so
:class:`Renderers` hands each (HTML, stylesheets) job to a worker process and the
parent goes on loading and checking the next lessons. Workers are forked, import
WeasyPrint once each (the parent never does), keep their parsed stylesheets and
fonts between jobs, and ignore Ctrl-C: the parent decides when to stop. Output is
byte-identical whatever the number of workers, as every job renders alone.

WeasyPrint keeps each font configuration's files in a temporary folder it removes when
the configuration is freed, which a worker stopped by the parent never does; so the
workers keep their temporary files in one folder of the parent's, removed with them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# WeasyPrint itself loads in each worker (load_renderer), not here: the pool forks first.
from lessonpress.render.pdf import Rendered, RendererUnavailable, load_renderer, render_pdf
from lessonpress.render.templating import Stylesheet


@dataclass(frozen=True)
class RenderJob:
    """One handout to render."""

    html: str
    base_dir: Path
    stylesheets: list[Stylesheet]
    roots: list[Path]


class Pending(Protocol):
    """A render under way; ``get`` returns it or raises what rendering raised."""

    def get(self) -> Rendered: ...


class _Done:
    def __init__(self, job: RenderJob) -> None:
        self._job = job

    def get(self) -> Rendered:
        return _render(self._job)


def _render(job: RenderJob) -> Rendered:
    return render_pdf(job.html, job.base_dir, job.stylesheets, job.roots)


def _worker_signals() -> None:
    """Workers ignore Ctrl-C (the parent decides when to stop) and die on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker_start(scratch: str) -> None:
    _worker_signals()  # again, for a worker the pool starts later
    tempfile.tempdir = scratch  # WeasyPrint's font files: removed by the parent
    with contextlib.suppress(RendererUnavailable):  # reported by the first job, with the fix
        load_renderer()  # while the parent reads the lessons


def stop_workers_now() -> None:
    """Kill every worker this process started, at once (they would outlive it, noisily)."""
    for worker in multiprocessing.active_children():
        worker.kill()


def default_jobs() -> int:
    """The number of cores this process may use."""
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


class Renderers:
    """Renders jobs with up to ``jobs`` worker processes (1: in this process, when asked).

    :meth:`start` them as soon as it is known that something will render (the build
    does, before reading the lessons): the workers load WeasyPrint meanwhile.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: multiprocessing.pool.Pool | None = None
        self._scratch: str | None = None  # the workers' temporary files

    def start(self, needed: int) -> None:
        """Start the workers, no more than ``needed`` of them (once; later calls do nothing)."""
        workers = min(self.jobs, needed)
        if self._pool is not None or workers <= 1:
            return
        # Fork with the workers' signal handling already in place: the parent's own
        # handlers must not be inherited, or a worker would ignore Pool.terminate().
        saved = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
        _worker_signals()
        self._scratch = tempfile.mkdtemp(prefix="lessonpress-workers-")
        try:
            self._pool = multiprocessing.get_context("fork").Pool(
                workers, initializer=_worker_start, initargs=(self._scratch,)
            )
        finally:
            signal.signal(signal.SIGINT, saved[0])
            signal.signal(signal.SIGTERM, saved[1])

    def submit(self, job: RenderJob) -> Pending:
        """Start rendering ``job`` (without workers: render it when asked for)."""
        if self._pool is None:
            return _Done(job)
        return self._pool.apply_async(_render, (job,))

    def close(self) -> None:
        """Stop the workers (after the jobs whose results were collected)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> Renderers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
