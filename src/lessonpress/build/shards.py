"""Splitting the lessons among CI runners: ``lessonpress build --shard K/N``.

The lessons are sorted by id and dealt out in turn, the first to shard 1, the second to
shard 2, and so on, so every lesson is in exactly one of the N shards whatever order the
files have on disk, and the shards differ in size by at most one lesson. Each shard
builds exactly what a full build would write for its lessons, so the N shards' outputs
together are a full build (``lessonpress index`` then writes the index page over them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from lessonpress.errors import Refused

_SHARD_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
#: The most shards a build may be split into.
MAX_SHARDS = 256

T = TypeVar("T")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (both from 1, as written on the command line)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"`` as a shard; raises :class:`ValueError` with a message for the user."""
        match = _SHARD_RE.match(text)
        if match is None:
            raise Refused(f"'{text}' is not K/N (e.g. 1/4: the first of four shards)")
        index, count = int(match[1]), int(match[2])
        if not 1 <= count <= MAX_SHARDS:
            raise Refused(f"the number of shards must be 1 to {MAX_SHARDS}, not {count}")
        if not 1 <= index <= count:
            raise Refused(f"shard {index} of {count} does not exist (use 1 to {count})")
        return cls(index, count)

    def select(self, lessons: dict[str, Path]) -> dict[str, Path]:
        """This shard's lessons, from all of them (id -> file)."""
        ids = sorted(lessons)
        return {i: lessons[i] for n, i in enumerate(ids) if n % self.count == self.index - 1}

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
