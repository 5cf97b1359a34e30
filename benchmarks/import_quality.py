"""How well `lessonpress import` finds an article's text: on real pages, and on the seeds.

    .venv/bin/python benchmarks/import_quality.py [--seeds DIR] [--eval DIR] [--limit N]

- ``--seeds`` (default: ../shared/seeds beside the repository): text saved from five real
  web pages that this project's sources were made from by hand. For each, the share of the
  paragraphs this project kept (content/sources/) that the import finds word for word, and
  the lines it left out.
- ``--eval``: a folder with trafilatura's evaluation set (its repository's ``tests/``
  folder: ``evaldata.json``, ``cache/`` and ``eval/``; about 1,000 real pages in several
  languages, each with passages of the article that must be found and passages of the page
  around it that must not). Not shipped here: the pages belong to their sites. For each
  page, the share of article passages found word for word in the import, and the share of
  the others left out, against trafilatura's own default extraction on the same pages.

Results are printed and written to benchmarks/import_quality.json.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

from lessonpress.importing.html import extract_html
from lessonpress.importing.markdown import blocks_of
from lessonpress.importing.text import extract_text
from lessonpress.quotes.excerpts import fold

REPO = Path(__file__).resolve().parent.parent
SEED_SOURCES = {
    "000_c76902806acdf8ad.txt": "kirovabad-pogrom-wiki",
    "001_ac3a21ecbc476c56.txt": "asbarez-baku-pogroms",
    "002_4ba92e17ea98fef8.txt": "agmc-baku-pogroms",
    "003_a07b5e2aad4faa6d.txt": "mammadov-khojaly",
    "004_5b0f38fb0b722d3f.txt": "agmi-baku-massacres",
}


def words(text: str) -> str:
    """Text compared as words (footnote markers aside: this project's sources dropped them)."""
    return " ".join(re.sub(r"\[\d+\]", "", text).split())


def seeds(folder: Path) -> dict[str, Any]:
    """Per seed: paragraphs kept by hand found in the import, lines left out."""
    results = {}
    for seed, source in SEED_SOURCES.items():
        found = extract_text((folder / seed).read_bytes(), seed)
        text = words(" ".join(block.text for block in found.blocks))
        stored = (REPO / "content" / "sources" / f"{source}.md").read_text(encoding="utf-8")
        kept = [words(b) for b in blocks_of(stored.split("---\n", 2)[2]) if b != "[...]"]
        results[seed] = {
            "source": source,
            "paragraphs kept by hand": len(kept),
            "found word for word": sum(b in text for b in kept),
            "title": found.meta.title,
            "published": found.meta.published,
            "left out": dict(found.removed),
        }
    return results


def _page_scores(text: str, entry: dict[str, Any]) -> tuple[float, float]:
    """Passages compared as ``find`` and quote checking compare them (folded alike)."""
    flat = fold(text).text
    wanted = [fold(s).text for s in entry["with"]]
    unwanted = [fold(s).text for s in entry["without"]]
    found = sum(s in flat for s in wanted) / len(wanted) if wanted else 1.0
    left = sum(s not in flat for s in unwanted) / len(unwanted) if unwanted else 1.0
    return found, left


def real_pages(folder: Path, limit: int | None) -> dict[str, Any]:
    """Article passages found and page passages left out, lessonpress against trafilatura."""
    import trafilatura  # noqa: PLC0415

    entries = list(json.loads((folder / "evaldata.json").read_text(encoding="utf-8")).values())
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    failed = 0
    start = time.perf_counter()
    for entry in entries[:limit]:
        path = folder / "cache" / entry["file"]
        path = path if path.exists() else folder / "eval" / entry["file"]
        data = path.read_bytes()
        try:
            text = " ".join(block.text for block in extract_html(data, None, path.name).blocks)
        except Exception:  # a page with no article found counts as nothing found
            text, failed = "", failed + 1
        ours.append(_page_scores(text, entry))
        theirs.append(_page_scores(trafilatura.extract(data) or "", entry))
    return {
        "pages": len(ours),
        "pages with no article found": failed,
        "lessonpress": _summary(ours),
        "trafilatura defaults": _summary(theirs),
        "seconds": round(time.perf_counter() - start, 1),
    }


def _summary(scores: list[tuple[float, float]]) -> dict[str, float]:
    found = [f for f, _ in scores]
    return {
        "article passages found (mean)": round(statistics.mean(found), 4),
        "pages with every article passage found": round(sum(f == 1 for f in found) / len(found), 4),
        "page passages left out (mean)": round(statistics.mean(left for _, left in scores), 4),
    }


def main() -> None:
    """Run the measurements asked for and record them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--eval", type=Path, help="trafilatura's tests/ folder")
    parser.add_argument("--limit", type=int, help="pages of the evaluation set to use")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    if args.seeds.is_dir():
        results["seeds"] = seeds(args.seeds)
    if args.eval is not None:
        results["real pages (trafilatura evaluation set)"] = real_pages(args.eval, args.limit)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    (REPO / "benchmarks" / "import_quality.json").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
