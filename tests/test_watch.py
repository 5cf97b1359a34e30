"""``lessonpress watch`` in a real process: it rebuilds on save and survives errors."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MakeWorkspace, Workspace

TIMEOUT = 60.0  # seconds for any one step; a step normally takes about one


class Watcher:
    """A ``lessonpress watch`` process and the lines it prints (stdout and stderr together)."""

    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lessonpress", "watch", "--jobs", "1", *args],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stdout: typing.IO[str]) -> None:
        for line in stdout:
            self.lines.put(line)

    def wait_for(self, text: str) -> str:
        """The next line containing ``text`` (lines before it are kept in ``seen``)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, f"watch exited: {self.seen}"
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {TIMEOUT} s; saw {self.seen}")

    def stop(self) -> int:
        """Ctrl-C, as a teacher stops it; the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            self.close()

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def watcher(make_workspace: MakeWorkspace) -> Iterator[tuple[Workspace, Watcher]]:
    ws = make_workspace()
    watch = Watcher(ws.root)
    try:
        watch.wait_for("built demo")  # the first build
        watch.wait_for("watching")
        yield ws, watch
    finally:
        watch.close()


def test_watch_rebuilds_after_a_save_and_survives_an_error(
    watcher: tuple[Workspace, Watcher],
) -> None:
    ws, watch = watcher
    pdf = ws.root / "build" / "demo" / "demo-student.pdf"
    first = pdf.read_bytes()

    ws.edit("lessons/demo.yaml", '"Counting the Dead"', '"Counting the Dead, revised"')
    line = watch.wait_for("built demo")
    assert "build/demo/demo-student.pdf" in line
    assert pdf.read_bytes() != first

    ws.edit("lessons/demo.yaml", "duration: 50", "duration: 2")
    problem = watch.wait_for("duration:")
    assert "lessons/demo.yaml:3:11: duration: 2 is out of range" in problem
    watch.wait_for("failed demo")
    kept = pdf.read_bytes()  # the last good handout stays

    ws.edit("lessons/demo.yaml", "duration: 2", "duration: 45")
    ws.edit("lessons/demo.yaml", "Dead, revised", "Dead, fixed")
    watch.wait_for("built demo")
    assert pdf.read_bytes() != kept

    # A saved source rebuilds the lesson quoting it.
    ws.edit("content/sources/wiki.md", "title: Kirovabad pogrom", "title: The Kirovabad pogrom")
    watch.wait_for("built demo")

    assert watch.stop() == 0
    time.sleep(0.2)  # the reader thread takes the last lines
    while not watch.lines.empty():
        watch.seen.append(watch.lines.get())
    assert "stopped watching\n" in watch.seen


def test_watch_reports_broken_settings_and_goes_on(watcher: tuple[Workspace, Watcher]) -> None:
    ws, watch = watcher
    ws.write("lessonpress.yaml", "paper: a5\n")
    assert "lessonpress.yaml:1:8: paper: 'a5' is not allowed here" in watch.wait_for("paper:")
    ws.write("lessonpress.yaml", "paper: letter\n")
    watch.wait_for("built demo")  # a setting changed: the lesson is rebuilt
    assert watch.stop() == 0


def test_watch_ignores_its_own_output(watcher: tuple[Workspace, Watcher]) -> None:
    ws, watch = watcher
    (ws.root / "build" / "note.txt").write_text("written by hand")
    ws.edit("lessons/demo.yaml", "duration: 50", "duration: 40")
    watch.wait_for("built demo")
    # One build for the one lesson edit; nothing for the file under build/.
    time.sleep(1.0)
    assert watch.lines.empty(), list(watch.lines.queue)
    assert watch.stop() == 0
