"""Measure choices on the render path, on lessonpress's own templates, in one process.

    .venv/bin/python benchmarks/render_path.py [--runs 7]

(benchmarks/run.py runs these too, into its results.)

Each variant renders the same sample lesson (both versions); the variants take turns,
and each time is the median of several rounds, so every ratio comes from one run on
one machine:

- the pair of documents side by side as a fixed-layout table (lessonpress's choice)
  against a CSS grid;
- fonts subset with HarfBuzz (libharfbuzz-subset0) against WeasyPrint's fontTools
  fallback, used when that library is missing;
- stylesheets and fonts parsed once per process and reused (lessonpress's choice)
  against parsed again for every handout.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GRID = """
.documents.side-by-side { display: grid; grid-template-columns: 1fr 1fr; column-gap: 6mm; }
.documents.side-by-side > .document { display: block; padding: 0; }
"""


def alternating(runs: int, variants: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median seconds of each variant over ``runs`` rounds, after one warm-up each.

    Each round runs every variant once, in turn forwards and backwards, so a noisy moment
    on the machine weighs on all of them alike.
    """
    for work in variants.values():
        work()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for i in range(runs):
        order = list(variants.items())
        for name, work in order if i % 2 else reversed(order):
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


@contextmanager
def without_harfbuzz_subset() -> Iterator[None]:
    """Make WeasyPrint subset fonts with fontTools, as when the library is missing."""
    from weasyprint.pdf import fonts  # noqa: PLC0415

    saved = fonts.harfbuzz_subset
    fonts.harfbuzz_subset = None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its per-font warning
    try:
        yield
    finally:
        fonts.harfbuzz_subset = saved
        logging.getLogger("weasyprint").setLevel(logging.NOTSET)


def measure_render_path(runs: int) -> dict[str, Any]:
    """Every comparison on the render path, as medians of ``runs`` runs and their ratios."""
    from lessonpress.build.pipeline import Pipeline  # noqa: PLC0415
    from lessonpress.errors import Problems  # noqa: PLC0415
    from lessonpress.model.workspace import open_workspace  # noqa: PLC0415
    from lessonpress.render import pdf  # noqa: PLC0415
    from lessonpress.render.templating import VERSIONS, Handout, Stylesheet  # noqa: PLC0415

    pipeline = Pipeline(open_workspace(REPO, Problems()))
    problems = Problems()
    lesson = pipeline.prepare("kirovabad-1988", REPO / "lessons/kirovabad-1988.yaml", problems)
    assert lesson is not None
    pages = pipeline.html(lesson, [Handout(v) for v in VERSIONS], problems)
    sheets = pipeline.lesson_stylesheets(lesson, problems)
    assert pages is not None and sheets is not None
    roots = pipeline.workspace.read_roots
    grid = [*sheets, Stylesheet(GRID, sheets[-1].path)]

    def render(styles: list[Stylesheet], fresh: bool = False) -> Callable[[], object]:
        def work() -> None:
            kept = dict(pdf._STYLES)  # what the other variants parsed stays theirs
            for page in pages.values():
                if fresh:
                    pdf._STYLES.clear()
                pdf.render_pdf(page, REPO, styles, roots)
            if fresh:
                pdf._STYLES.clear()
                pdf._STYLES.update(kept)

        return work

    def fonttools() -> None:
        with without_harfbuzz_subset():
            render(sheets, fresh=True)()

    # Both subsetting variants parse the stylesheets afresh, so only the subsetter differs.
    variants: dict[str, Callable[[], object]] = {
        "table": render(sheets),
        "grid": render(grid),
        "fresh": render(sheets, fresh=True),
        "fonttools": fonttools,
    }
    times = alternating(runs, variants)
    pdf._STYLES.clear()
    results: dict[str, Any] = {"runs": runs, "lesson": "kirovabad-1988 (both versions)"}
    results["table_s"] = times["table"]
    results["grid_s"] = times["grid"]
    results["grid_over_table"] = times["grid"] / times["table"]
    results["styles_reused_s"] = times["table"]
    results["styles_parsed_each_time_s"] = times["fresh"]
    results["parse_each_time_over_reuse"] = times["fresh"] / times["table"]
    results["fonttools_subset_s"] = times["fonttools"]
    results["harfbuzz_subset_s"] = times["fresh"]
    results["fonttools_over_harfbuzz"] = times["fonttools"] / times["fresh"]
    return results


def main() -> None:
    """Run every comparison and print (and save) the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "render_path.json")
    args = parser.parse_args()
    results = measure_render_path(args.runs)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for key, value in results.items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    main()
