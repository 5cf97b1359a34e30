"""lessonpress benchmarks: one command, results as JSON and a short table.

    .venv/bin/python benchmarks/run.py                 # N = 1, 10, 100 lessons
    .venv/bin/python benchmarks/run.py --sizes 1 10 --runs 5

For each workspace size N (made from the sample library by benchmarks/workspace.py) it
times, as the median of several runs of the real command line: a cold build with the
default --jobs and with --jobs 1, a no-op rebuild, a rebuild after editing one lesson, a
rebuild after editing one source that several lessons quote, `check`, `--help`, and
the time from saving a lesson to its new PDFs under `lessonpress watch` (watch_latency.py);
and it records each command's peak memory (RSS of the largest process). In the same
process and run it times the floor: WeasyPrint alone rendering the exact HTML and
stylesheets lessonpress produced for one lesson into the same document (layout, the
line-number finishing step, the tagged PDF), against lessonpress building that lesson, so the
overhead is a ratio from one run. Results go to benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from render_path import measure_render_path
from watch_latency import measure_watch
from workspace import make_workspace, sources_quoted_by

HERE = Path(__file__).resolve().parent
LESSONPRESS = str(Path(sys.executable).parent / "lessonpress")


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Seconds, peak RSS in MB (largest process of the tree) and output of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{output}")
    return elapsed, usage.ru_maxrss // 1024, output


def _tree_rss_kb(root: int) -> int:
    """The summed RSS of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    total = 0
    for pid in tree:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1])
    return total * (os.sysconf("SC_PAGE_SIZE") // 1024)


def tree_peak_rss(args: list[str], cwd: Path) -> int:
    """Peak summed RSS in MB of a command and its worker processes, sampled every 20 ms.

    Run apart from the timed runs, as sampling /proc costs CPU time.
    """
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(0.02)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed")
    return peak // 1024


def median(runs: int, measure: Callable[[], float]) -> float:
    """The median of ``runs`` measurements."""
    return statistics.median(measure() for _ in range(runs))


def built(output: str) -> int:
    """How many lessons a build's output says it built."""
    return sum(1 for line in output.splitlines() if line.startswith("built "))


def floor_ratio(root: Path, lesson_id: str, runs: int) -> dict[str, float]:
    """lessonpress building one lesson against WeasyPrint rendering its HTML, in-process."""
    import weasyprint  # noqa: PLC0415
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    from lessonpress.build.pipeline import BuildOptions, Pipeline  # noqa: PLC0415
    from lessonpress.errors import Problems  # noqa: PLC0415
    from lessonpress.model.workspace import open_workspace  # noqa: PLC0415
    from lessonpress.render.pdf import PDF_VARIANT  # noqa: PLC0415
    from lessonpress.render.templating import VERSIONS, Handout  # noqa: PLC0415
    from lessonpress.render.weasy import tagging  # noqa: PLC0415
    from lessonpress.render.weasy.numbering import finish_numbering  # noqa: PLC0415

    pipeline = Pipeline(open_workspace(root, Problems()))
    path = root / "lessons" / f"{lesson_id}.yaml"
    problems = Problems()
    resolved = pipeline.prepare(lesson_id, path, problems)
    assert resolved is not None, [p.format() for p in problems]
    pages = pipeline.html(resolved, [Handout(v) for v in VERSIONS], problems)
    sheets = pipeline.lesson_stylesheets(resolved, problems)
    assert pages is not None and sheets is not None

    def weasyprint_alone(
        reuse: list[Any] | None = None, finish: bool = False, variant: str | None = None
    ) -> float:
        start = time.perf_counter()
        for page in pages.values():
            if reuse is None:
                fonts = FontConfiguration()
                css = [
                    weasyprint.CSS(string=s.text, base_url=s.path.as_uri(), font_config=fonts)
                    for s in sheets
                ]
            else:
                fonts, css = reuse
            document = weasyprint.HTML(string=page, base_url=root.as_uri() + "/").render(
                stylesheets=css, font_config=fonts, pdf_variant=variant
            )
            if finish:
                finish_numbering(document)
            document.write_pdf(pdf_variant=variant)
        return time.perf_counter() - start

    # Stylesheets and fonts parsed once and reused, as lessonpress does.
    fonts = FontConfiguration()
    parsed = [
        weasyprint.CSS(string=s.text, base_url=s.path.as_uri(), font_config=fonts) for s in sheets
    ]

    with tempfile.TemporaryDirectory() as out:
        # In this process, like the floor, and every time (no manifest).
        options = BuildOptions(out_dir=Path(out), force=True, jobs=1)

        def lessonpress_build() -> float:
            start = time.perf_counter()
            result = pipeline.build(lesson_id, path, options)
            assert not result.failed(), [p.format() for p in result.problems]
            return time.perf_counter() - start

        tagging.install()  # as lessonpress's renders do: passages tagged with their language
        weasyprint_alone()  # warm up every path once: imports, caches
        weasyprint_alone([fonts, parsed], finish=True, variant=PDF_VARIANT)
        lessonpress_build()
        # The variants alternate (in turn forwards and backwards), each after a garbage
        # collection, so drift and the previous variant's garbage weigh on all alike.
        variants: dict[str, Callable[[], float]] = {
            "naive": weasyprint_alone,
            "reused": lambda: weasyprint_alone([fonts, parsed]),
            "untagged": lambda: weasyprint_alone([fonts, parsed], finish=True),
            "floor": lambda: weasyprint_alone([fonts, parsed], finish=True, variant=PDF_VARIANT),
            "ours": lessonpress_build,
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for i in range(runs):
            order = list(variants.items())
            for name, variant in order if i % 2 else reversed(order):
                gc.collect()
                times[name].append(variant())
    naive, reused, untagged, floor, ours = (statistics.median(times[n]) for n in variants)
    paired = [o / f for o, f in zip(times["ours"], times["floor"], strict=True)]
    return {
        "weasyprint_naive_s": naive,
        "weasyprint_reusing_styles_s": reused,
        "weasyprint_same_document_s": floor,
        "weasyprint_untagged_s": untagged,
        "tagging_cost": floor / untagged,
        "lessonpress_build_s": ours,
        "ratio": statistics.median(paired),
        "ratio_of_medians": ours / floor,
        "ratio_to_naive": ours / naive,
    }


def measure(size: int, runs: int, folder: Path) -> dict[str, Any]:
    """Every measurement for a workspace of ``size`` lessons."""
    ids = make_workspace(folder, size)
    result: dict[str, Any] = {"lessons": size}

    quick = 3 * runs  # the measurements that take a second or less get more runs
    result["help_s"] = median(quick, lambda: run([LESSONPRESS, "--help"], folder)[0])
    result["check_s"] = median(quick, lambda: run([LESSONPRESS, "check"], folder)[0])

    def cold(*extra: str) -> float:
        if (folder / "build").exists():
            subprocess.run(["rm", "-rf", str(folder / "build")], check=True)
        seconds, rss, _ = run([LESSONPRESS, "build", *extra], folder)
        result.setdefault("peak_rss_mb", {})[" ".join(extra) or "default"] = rss
        return seconds

    # Default --jobs and --jobs 1 alternate, so a noisy moment hits both alike.
    cold_runs = max(1, runs if size < 100 else runs // 2)
    pairs = [(cold(), cold("--jobs", "1")) for _ in range(cold_runs)]
    result["cold_build_s"] = statistics.median(p[0] for p in pairs)
    result["cold_build_jobs1_s"] = statistics.median(p[1] for p in pairs)
    result["jobs_speedup"] = result["cold_build_jobs1_s"] / result["cold_build_s"]
    subprocess.run(["rm", "-rf", str(folder / "build")], check=True)
    result["peak_tree_rss_mb"] = tree_peak_rss([LESSONPRESS, "build"], folder)
    run([LESSONPRESS, "build"], folder)
    noop = [run([LESSONPRESS, "build"], folder) for _ in range(quick)]
    result["noop_rebuild_s"] = statistics.median(r[0] for r in noop)
    result["noop_rebuilt_lessons"] = built(noop[-1][2])

    def edit_and_build(path: Path, addition: str, name: str) -> Callable[[], float]:
        """Append ``addition`` to ``path``, then time a build; records what it rebuilt."""

        def measure() -> float:
            path.write_text(path.read_text() + addition)
            seconds, _, output = run([LESSONPRESS, "build"], folder)
            result[f"{name}_rebuilt"] = built(output)
            return seconds

        return measure

    lesson = folder / "lessons" / f"{ids[0]}.yaml"
    result["edit_lesson_s"] = median(quick, edit_and_build(lesson, "\n# edited\n", "edit_lesson"))
    source_id = sorted(sources_quoted_by(folder, ids[0]))[0]
    source = folder / "content" / "sources" / f"{source_id}.md"
    paragraph = "\nOne more paragraph, added for the benchmark.\n"
    result["edit_source_s"] = median(runs, edit_and_build(source, paragraph, "edit_source"))
    result["edit_source_quoted_by"] = sum(source_id in sources_quoted_by(folder, i) for i in ids)
    result["forced_rebuild_s"] = run([LESSONPRESS, "build", "--force"], folder)[0]
    result["watch"] = measure_watch(folder, ids[0], quick)
    return result


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import weasyprint  # noqa: PLC0415

    cpu = "unknown"
    with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "platform": platform.platform(),
    }


def table(results: dict[str, Any]) -> str:
    """A short Markdown table of the results."""
    rows = [
        "| Lessons | cold build | --jobs 1 | speed-up | no-op | edit lesson | edit source "
        "| watch: edit to PDF | check | --help | peak RSS (largest / all processes) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results["sizes"]:
        rss = f"{max(r['peak_rss_mb'].values())} / {r.get('peak_tree_rss_mb', '-')}"
        rows.append(
            f"| {r['lessons']} | {r['cold_build_s']:.2f} s | "
            f"{r['cold_build_jobs1_s']:.2f} s | "
            f"{r['jobs_speedup']:.2f}x | {r['noop_rebuild_s']:.2f} s "
            f"({r['noop_rebuilt_lessons']} built) | {r['edit_lesson_s']:.2f} s "
            f"({r['edit_lesson_rebuilt']} built) | {r['edit_source_s']:.2f} s "
            f"({r['edit_source_rebuilt']} built of {r['edit_source_quoted_by']} quoting) | "
            f"{r['watch']['edit_to_pdf_s']:.2f} s | "
            f"{r['check_s']:.2f} s | {r['help_s']:.2f} s | {rss} MB |"
        )
    floor = results["floor"]
    rows.append("")
    rows.append(
        f"Floor (one lesson, both versions, one process): WeasyPrint rendering the same "
        f"document {floor['weasyprint_same_document_s']:.3f} s, lessonpress build "
        f"{floor['lessonpress_build_s']:.3f} s: overhead {floor['ratio']:.2f}x. WeasyPrint "
        f"naively (stylesheets parsed per handout, no line-number finishing) "
        f"{floor['weasyprint_naive_s']:.3f} s, with stylesheets reused "
        f"{floor['weasyprint_reusing_styles_s']:.3f} s. Tagging (PDF/UA-1) costs "
        f"{floor['tagging_cost']:.2f}x: the same document untagged "
        f"{floor['weasyprint_untagged_s']:.3f} s."
    )
    path = results["render_path"]
    rows.append("")
    rows.append(
        f"Render path (one lesson, both versions): a pair as a fixed-layout table "
        f"{path['table_s']:.3f} s, as a CSS grid {path['grid_s']:.3f} s "
        f"({path['grid_over_table']:.2f}x); fonts subset with fontTools instead of HarfBuzz "
        f"{path['fonttools_subset_s']:.3f} s ({path['fonttools_over_harfbuzz']:.2f}x); "
        f"stylesheets parsed for each handout instead of once per process "
        f"{path['styles_parsed_each_time_s']:.3f} s ({path['parse_each_time_over_reuse']:.2f}x)."
    )
    return "\n".join(rows)


def main() -> None:
    """Run the benchmarks and write benchmarks/results.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="runs per median (default 5; three times as many for the quick measurements)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    # Time lessonpress as installed, with its bytecode compiled (as pip does), even where
    # PYTHONDONTWRITEBYTECODE is set or the install is editable.
    import lessonpress  # noqa: PLC0415

    package = Path(lessonpress.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    results: dict[str, Any] = {"machine": machine(), "runs": args.runs, "sizes": []}
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            print(f"measuring {size} lessons ...", file=sys.stderr)
            results["sizes"].append(measure(size, args.runs, Path(scratch) / f"ws-{size}"))
        floor_ws = Path(scratch) / "floor"
        ids = make_workspace(floor_ws, 4)
        results["floor"] = floor_ratio(floor_ws, ids[0], 3 * args.runs)  # cheap: more runs
    print("measuring the render path ...", file=sys.stderr)
    results["render_path"] = measure_render_path(args.runs)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
