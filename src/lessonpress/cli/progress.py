"""A progress bar for builds of several lessons, drawn on a terminal only.

The bar is one line on standard error, redrawn in place (``\\r``). Anything else
printed meanwhile (a located problem) must go through :meth:`ProgressBar.clear`
first, so the bar never splits a message; the bar is drawn again after the next
lesson. Off a terminal (CI logs, pipes) it draws nothing: the build prints plain
lines instead.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO


def on_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that can redraw a line."""
    return stream.isatty() and os.environ.get("TERM") != "dumb"


class ProgressBar:
    """``[#######.......]  5/12 lessons  baku-1990``, redrawn as lessons finish."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self._drawn = False

    def advance(self, label: str) -> None:
        """One more lesson finished (``label`` names it); redraw."""
        self.done += 1
        width = shutil.get_terminal_size((80, 24)).columns
        count = f" {self.done}/{self.total} lessons  "
        bar_width = max(10, min(40, width - len(count) - 30))
        filled = bar_width * self.done // max(1, self.total)
        line = f"[{'#' * filled}{'.' * (bar_width - filled)}]{count}{label}"
        self.stream.write("\r\x1b[K" + line[: width - 1])
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Take the bar off the screen (before printing anything else)."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
