"""Interrupting a build (Ctrl-C, SIGTERM) never leaves a lesson's two PDFs out of step."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LESSON, SOURCE, Workspace

LESSONS = 5


def title(pdf: Path) -> str:
    metadata = PdfReader(pdf).metadata
    assert metadata is not None
    return str(metadata.title).removesuffix(" (teacher guide)")


def generation(ws: Workspace, number: int) -> None:
    for i in range(LESSONS):
        ws.write(
            f"lessons/l{i}.yaml",
            LESSON.replace(
                'title: "Counting the Dead"', f'title: "Generation {number} lesson {i}"'
            ),
        )


@dataclass(frozen=True)
class Interrupt:
    """One way of interrupting: which signal, when (as a fraction of a whole build's
    time), how many times, and the exit code and last line expected."""

    sig: signal.Signals
    when: float
    times: int
    code: int
    message: str  # a regular expression matched against the last line of stderr


INTERRUPTS = [
    Interrupt(signal.SIGINT, 0.35, 1, 130, "lessonpress: interrupted; finished handouts were kept"),
    Interrupt(signal.SIGINT, 0.6, 1, 130, "lessonpress: interrupted; finished handouts were kept"),
    Interrupt(
        signal.SIGTERM,
        0.55,
        1,
        143,
        "lessonpress: stopped by a signal; finished handouts were kept",
    ),
    # The second Ctrl-C stops at once or, if the lesson in progress has just finished,
    # finds the run already stopping cleanly: either way the exit code is 130.
    Interrupt(
        signal.SIGINT,
        0.5,
        2,
        130,
        "lessonpress: (stopped at once|interrupted); finished handouts were kept",
    ),
]


@pytest.mark.parametrize(
    "interrupt", INTERRUPTS, ids=["ctrl-c-early", "ctrl-c-late", "sigterm", "ctrl-c-twice"]
)
def test_interrupted_builds_keep_every_lesson_consistent(
    tmp_path: Path, interrupt: Interrupt
) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.write("content/sources/wiki.md", SOURCE)
    generation(ws, 0)
    command = [sys.executable, "-m", "lessonpress", "build"]
    started = time.monotonic()
    subprocess.run(command, cwd=ws.root, check=True, capture_output=True)
    whole = time.monotonic() - started
    generation(ws, 1)
    process = subprocess.Popen(
        command,
        cwd=ws.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(whole * interrupt.when)
    for _ in range(interrupt.times):
        process.send_signal(interrupt.sig)
        time.sleep(0.05)
    _, err = process.communicate(timeout=60)
    assert process.returncode == interrupt.code, err
    assert re.match(interrupt.message, err.strip().splitlines()[-1]), err
    assert "Traceback" not in err
    for i in range(LESSONS):
        student = title(ws.root / f"build/l{i}/l{i}-student.pdf")
        teacher = title(ws.root / f"build/l{i}/l{i}-teacher.pdf")
        assert student == teacher, f"lesson {i}: student and teacher PDFs from different builds"
    if interrupt.times > 1:  # stopping at once may leave a temporary file: the next build sweeps it
        subprocess.run(command, cwd=ws.root, capture_output=True, check=True)
    assert [p for p in (ws.root / "build").rglob("*") if ".lessonpress-" in p.name] == []
