"""Handouts are written atomically and together, or not at all."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from lessonpress.build.output import output_path, sweep_temporary, write_together
from lessonpress.errors import OutputError


def test_output_path_layout(tmp_path: Path) -> None:
    assert output_path(tmp_path, "baku-1990", "student", "pdf") == (
        tmp_path / "baku-1990" / "baku-1990-student.pdf"
    )


def test_files_are_written_and_no_temporary_is_left(tmp_path: Path) -> None:
    a, b = tmp_path / "x" / "a.pdf", tmp_path / "x" / "b.pdf"
    write_together({a: b"A", b: b"B"})
    assert (a.read_bytes(), b.read_bytes()) == (b"A", b"B")
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["a.pdf", "b.pdf"]


def test_a_failed_write_keeps_the_old_files_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_together({a: b"old A", b: b"old B"})
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file's temporary: the disk is full
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        write_together({a: b"new A", b: b"new B"})
    assert (a.read_bytes(), b.read_bytes()) == (b"old A", b"old B")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]


def test_an_interrupt_while_writing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.pdf"
    write_together({target: b"old"})

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_together({target: b"new"})
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_stale_temporaries_are_swept(tmp_path: Path) -> None:
    stale = tmp_path / ".lessonpress-a.pdf.1234abcd.tmp"
    stale.write_bytes(b"half")
    keep = tmp_path / "notes.tmp"
    keep.write_text("not ours")
    sweep_temporary(tmp_path)
    assert not stale.exists()
    assert keep.exists()


def test_an_interrupt_between_the_moves_waits_until_both_are_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_together({a: b"old A", b: b"old B"})
    real_replace = Path.replace

    def replace_then_interrupt(self: Path, target: Path) -> Path:
        moved = real_replace(self, target)
        # Ctrl-C right after the first move, to the main thread as a terminal's would land
        # (os.kill could reach a thread an earlier test left running, and arrive later).
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        return moved

    monkeypatch.setattr(Path, "replace", replace_then_interrupt)
    # Python's own Ctrl-C handler, not blocked, whatever an earlier test in this process did.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        with pytest.raises(KeyboardInterrupt):
            write_together({a: b"new A", b: b"new B"})
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    assert (a.read_bytes(), b.read_bytes()) == (b"new A", b"new B")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
