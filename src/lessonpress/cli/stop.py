"""Ctrl-C and SIGTERM: the first asks the run to stop between lessons; a second stops at once."""

from __future__ import annotations

import os
import signal

import click

import lessonpress
from lessonpress.cli.output import fail


class Stop:
    """The signal state of one run of the command line.

    Raising at an arbitrary moment is not safe (an exception raised inside a
    finaliser is printed and then lost), so the first signal is only noted; the
    lesson in progress finishes and is written whole.
    """

    signal: int | None = None

    @classmethod
    def install(cls) -> None:
        """Handle SIGINT and SIGTERM from now on."""
        signal.signal(signal.SIGINT, cls._handle)
        signal.signal(signal.SIGTERM, cls._handle)

    @classmethod
    def _handle(cls, signum: int, frame: object) -> None:
        if cls.signal is not None:
            # Stop now. The moves that replace a lesson's files hold signals back, so this
            # cannot split them; a temporary file being written is swept on the next run.
            click.echo("lessonpress: stopped at once; finished handouts were kept", err=True)
            lessonpress.stop_now()
            os._exit(130 if signum == signal.SIGINT else 143)
        cls.signal = signum
        click.echo(
            "lessonpress: stopping after the current lesson (press Ctrl-C again to stop at once)",
            err=True,
        )

    @classmethod
    def requested(cls) -> bool:
        """Whether a signal asked the run to stop."""
        return cls.signal is not None

    @classmethod
    def exit_if_requested(cls) -> None:
        """Exit 130 (Ctrl-C) or 143 (SIGTERM) if a signal asked the run to stop."""
        if cls.signal is None:
            return
        # Leaving now: a further Ctrl-C must not turn a clean exit into death by signal.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if cls.signal == signal.SIGINT:
            fail("interrupted; finished handouts were kept, nothing half-written", 130)
        fail("stopped by a signal; finished handouts were kept, nothing half-written", 143)
