"""Edit-to-new-PDF latency of ``lessonpress watch``: save a lesson, time until its PDFs are new.

    .venv/bin/python benchmarks/watch_latency.py                  # 1 and 100 lessons
    .venv/bin/python benchmarks/watch_latency.py --sizes 1 --runs 15

A watcher is started on a workspace made from the samples (benchmarks/workspace.py)
and left to finish its first build and warm up. Then, ``runs`` times, one lesson is
saved with an edit its handouts show (its title), and the clock runs from the save
until both of its PDFs on disk have changed (polled every 5 ms). Then, in the same run
and workspace, the same edit is followed by a fresh ``lessonpress build`` instead, timed
from the save to the command's end, ``runs`` times, for the ratio. The medians go to the
"watch" key of benchmarks/results.json (run.py measures it too).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from workspace import make_workspace

HERE = Path(__file__).resolve().parent
LESSONPRESS = str(Path(sys.executable).parent / "lessonpress")
QUIET_S = 1.0  # between saves, so each is its own change


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        for line in stdout:
            found.put(line)

    threading.Thread(target=read, daemon=True).start()
    return found


def _wait_for(lines: queue.Queue[str], text: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if text in lines.get(timeout=1.0):
                return
        except queue.Empty:
            continue
    raise RuntimeError(f"watch printed no {text!r}")


def measure_watch(folder: Path, lesson_id: str, runs: int) -> dict[str, Any]:
    """Seconds from saving ``lesson_id`` to both of its new PDFs, ``runs`` times."""
    lesson = folder / "lessons" / f"{lesson_id}.yaml"
    pdfs = [folder / "build" / lesson_id / f"{lesson_id}-{v}.pdf" for v in ("student", "teacher")]
    process = subprocess.Popen(
        [LESSONPRESS, "watch"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = _lines(process)
    times = []
    try:
        _wait_for(lines, "watching")
        time.sleep(QUIET_S)
        for number in range(runs):
            before = [p.stat().st_mtime_ns for p in pdfs]
            start = time.perf_counter()
            _retitle(lesson, number)
            while any(p.stat().st_mtime_ns == b for p, b in zip(pdfs, before, strict=True)):
                if time.perf_counter() - start > 60:
                    raise RuntimeError("no new PDFs within a minute")
                time.sleep(0.005)
            times.append(time.perf_counter() - start)
            _wait_for(lines, f"built {lesson_id}")
            time.sleep(QUIET_S)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    fresh = []
    for number in range(runs):
        start = time.perf_counter()
        _retitle(lesson, runs + number)
        subprocess.run([LESSONPRESS, "build"], cwd=folder, check=True, capture_output=True)
        fresh.append(time.perf_counter() - start)
    return {
        "lessons_in_workspace": len(list((folder / "lessons").glob("*.yaml"))),
        "edit_to_pdf_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "fresh_build_s": statistics.median(fresh),
        "fresh_over_watch": statistics.median(fresh) / statistics.median(times),
        "runs": runs,
    }


def _retitle(lesson: Path, number: int) -> None:
    """Save the lesson with a new title (an edit its handouts show)."""
    text = lesson.read_text(encoding="utf-8")
    edited = re.sub(
        r'^title: "(.*?)( edit \d+)?"$',
        rf'title: "\1 edit {number}"',
        text,
        count=1,
        flags=re.MULTILINE,
    )
    lesson.write_text(edited, encoding="utf-8")


def main() -> None:
    """Measure and store under "watch" in results.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    # Fresh processes read compiled bytecode, as after pip install (see run.py).
    import lessonpress  # noqa: PLC0415

    package = Path(lessonpress.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            print(f"watching a workspace of {size} lessons ...", file=sys.stderr)
            folder = Path(scratch) / f"ws-{size}"
            ids = make_workspace(folder, size)
            found.append(measure_watch(folder, ids[0], args.runs))
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    results["watch"] = found
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for r in found:
        print(
            f"{r['lessons_in_workspace']} lessons: edit to new PDFs under watch "
            f"{r['edit_to_pdf_s']:.2f} s (median of {r['runs']}, {r['min_s']:.2f}-"
            f"{r['max_s']:.2f} s); edit then a fresh build {r['fresh_build_s']:.2f} s "
            f"({r['fresh_over_watch']:.2f}x)"
        )


if __name__ == "__main__":
    main()
