"""The studio's engine without a browser: what a save changes reaches the page's state."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lessonpress.studio.engine import Engine
from studiorun import copy_samples

LESSON = "kirovabad-1988"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[tuple[Engine, queue.Queue[dict[str, Any]]]]:
    states: queue.Queue[dict[str, Any]] = queue.Queue()
    running = Engine(copy_samples(tmp_path / "samples"), 2, states.put)
    running.start()
    try:
        yield running, states
    finally:
        running.stop()


def next_state(
    states: queue.Queue[dict[str, Any]], fits: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = states.get(timeout=60)
        if state.get("type") == "lesson" and fits(state):
            return state
    raise AssertionError("no such state within a minute")


def test_a_saved_source_is_read_again(
    engine: tuple[Engine, queue.Queue[dict[str, Any]]],
) -> None:
    running, states = engine
    running.view(LESSON, "student")
    first = next_state(states, lambda s: s["status"] == "ready")
    assert first["handouts"]["student"]["current"] and first["file"]["parts"]
    assert running.page(LESSON, "student", 1) is not None
    # A lesson saved: rendered again from the warm workspace.
    path = running.root / "lessons" / f"{LESSON}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Counting the Dead", "Counting"))
    digest = first["file"]["digest"]
    again = next_state(states, lambda s: s["status"] == "ready" and s["file"]["digest"] != digest)
    assert again["handouts"]["student"]["generation"] > first["handouts"]["student"]["generation"]
    # A source saved: read again, so its quote is no longer found there.
    source = running.root / "content" / "sources" / "kirovabad-pogrom-wiki.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("The Soviet authorities confirmed", "Soviet officials confirmed")
    )
    broken = next_state(states, lambda s: s["status"] == "failed")
    assert any(p["code"] == "LP101" for p in broken["problems"])
    assert broken["handouts"]["student"]["current"] is False  # the last good pages stay
    source.write_text(text)
    next_state(states, lambda s: s["status"] == "ready")
