"""End-to-end speed: reports in, checked records GeoDataFrame out, in one process.

Runs every stage (places, events, claims, merging, the frame, claim checks)
over a corpus of news articles (by default the 788 articles of GeoWebNews and
LGL in ../shared/eval, each given a publication date so that relative dates
resolve) plus the five sample reports, and prints reports per second of wall
time and per CPU-second (per core), the records found and the peak memory.

    python benchmarks/pipeline.py [--eval ../shared/eval] [--repeat 3]

Target (issue 4): >= 100 reports per second per core.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.actors import load_actors  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.pipeline import extract  # noqa: E402
from geo.io.reports import load_reports, report_from_text  # noqa: E402

TARGET = 100.0


def corpus(eval_dir: Path) -> list:
    reports = []
    for name in ("gwn", "lgl"):
        for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8"):
            doc = json.loads(line)
            reports.append(report_from_text(doc["text"], report_id=f"{name}-{doc['id']}", title=name,
                                            published=dt.date(2015, 9, 30)))
    return reports + load_reports([ROOT / "data" / "reports"]).reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=3, help="runs over the corpus; the best is reported")
    args = parser.parse_args()
    gazetteer, actors = load_gazetteer(), load_actors()
    reports = corpus(args.eval)
    characters = sum(len(r.text) for r in reports)
    print(f"{len(reports)} reports, {characters / 1e6:.2f} M characters")
    best_wall = best_cpu = float("inf")
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = extract(reports, gazetteer=gazetteer, actors=actors)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    kinds = collections.Counter(result.frame["kind"])
    print(f"records: {len(result.frame)} ({', '.join(f'{v} {k}s' for k, v in sorted(kinds.items()))}), "
          f"{sum(len(m) for m in result.mentions.values())} place mentions")
    per_core = len(reports) / best_cpu
    print(f"best of {args.repeat}: {best_wall:.2f} s wall = {len(reports) / best_wall:.0f} reports/s; "
          f"{best_cpu:.2f} s CPU = {per_core:.0f} reports per CPU-second (per core)")
    print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"\ntargets:\n  {'met    ' if per_core >= TARGET else 'NOT met'}  {per_core:.0f} reports/s per core "
          f"(target >= {TARGET:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
