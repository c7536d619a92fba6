"""Big and odd inputs through the whole extraction: time and peak memory.

Every input is generated here, from the sample reports in data/reports and synthetic
text, and goes through ``geo.pipeline.extract`` with the loaded gazetteer and actors
(as benchmarks/pipeline.py does):

- one report of 0.5, 1, 2 and 5 MB (UTF-8 bytes; 5 MB is the largest report read),
  the sample reports' paragraphs in a shuffled order again and again;
- the 2 MB report with no-break spaces, soft hyphens and zero-width spaces in its
  names (the normalisation's slow path);
- one report of 200,000 short lines ("Shelling near Homs.");
- one report of a 2 MB line without spaces (the sample text with its spaces taken out);
- 5,000 small reports (one to three sample paragraphs each).

Each input runs twice: once for the time (wall and CPU), once under tracemalloc for
the peak of memory allocated while it runs (Python objects and numpy arrays).

    python benchmarks/big_inputs.py [--only NAME ...] [--no-memory]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.actors import load_actors  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.pipeline import extract  # noqa: E402
from geo.io.reports import Report, load_reports, report_from_text  # noqa: E402

MB = 1_000_000
PUBLISHED = dt.date(2015, 9, 30)
_PLACES = ["Homs", "Aleppo", "Latakia", "Deir ez-Zor", "Idlib", "Raqqa", "Hodeidah", "Sanaa", "Aden",
           "El Fasher", "Khartoum", "Kharkiv", "Mariupol", "Donetsk", "Mosul", "Tripoli"]
_EVENTS = ["Shelling near", "Clashes in", "Air strikes on", "Fighting around", "Troops deployed to"]


def _paragraphs() -> list[str]:
    reports = load_reports([ROOT / "data" / "reports"]).reports
    return [p.strip() for r in reports for p in r.text.split("\n\n") if p.strip()]


def _cut(text: str, size: int) -> str:
    """``text`` cut to at most ``size`` UTF-8 bytes, at a character boundary."""
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def _long_text(paragraphs: list[str], size: int, seed: int) -> str:
    rng, parts, length = random.Random(seed), [], 0
    while length < size:
        batch = paragraphs[:]
        rng.shuffle(batch)
        parts.extend(batch)
        length += sum(len(p.encode("utf-8")) + 2 for p in batch)
    return _cut("\n\n".join(parts), size)


def _careless(text: str) -> str:
    """Invisible characters inside the names a copy-paste mangles most."""
    return (text.replace("Latakia", "Lata\u00adkia").replace("Islamic State", "Islamic\u00a0State")
            .replace("Homs", "Ho\u200bms").replace("Syria", "\u200fSyria\u200e"))


def _report(text: str, name: str) -> Report:
    return report_from_text(text, report_id=name, title=name, published=PUBLISHED)


def inputs() -> dict[str, list[Report]]:
    paragraphs = _paragraphs()
    cases = {f"{size / MB:g} MB report": [_report(_long_text(paragraphs, size, seed=size), f"long-{size}")]
             for size in (MB // 2, MB, 2 * MB, 5 * MB)}
    cases["2 MB report, invisible characters in names"] = [
        _report(_cut(_careless(_long_text(paragraphs, 2 * MB, seed=7)), 2 * MB), "careless")]
    rng = random.Random(1)
    lines = "\n".join(f"{rng.choice(_EVENTS)} {rng.choice(_PLACES)}." for _ in range(200_000))
    cases["200,000 short lines"] = [_report(lines, "lines")]
    cases["2 MB line without spaces"] = [_report(_cut("".join(_long_text(paragraphs, 3 * MB, seed=3).split()),
                                                      2 * MB), "no-spaces")]
    cases["5,000 small reports"] = [
        report_from_text("\n\n".join(rng.sample(paragraphs, rng.randint(1, 3))), report_id=f"small-{i}",
                         title=f"small {i}", published=PUBLISHED - dt.timedelta(days=rng.randint(0, 30)))
        for i in range(5_000)]
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only the inputs whose name contains one of these")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    args = parser.parse_args()
    gazetteer, actors = load_gazetteer(), load_actors()
    extract([_report("Warm-up: Russian jets bombed targets near Homs.", "warm-up")],
            gazetteer=gazetteer, actors=actors)
    print(f"{'input':44} {'MB':>6} {'wall s':>7} {'CPU s':>7} {'s/MB':>6} {'peak MiB':>9} {'x text':>7} "
          f"{'records':>8} {'mentions':>9} {'problems':>8}")
    for name, reports in inputs().items():
        if args.only and not any(part in name for part in args.only):
            continue
        size = sum(len(r.text.encode("utf-8")) for r in reports) / MB
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = extract(reports, gazetteer=gazetteer, actors=actors)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = "-"
        ratio = "-"
        if not args.no_memory:
            del result
            gc.collect()
            tracemalloc.start()
            result = extract(reports, gazetteer=gazetteer, actors=actors)
            peak_bytes = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            peak, ratio = f"{peak_bytes / 2**20:.0f}", f"{peak_bytes / (size * MB):.1f}"
        mentions = sum(len(m) for m in result.mentions.values())
        print(f"{name:44} {size:6.2f} {wall:7.2f} {cpu:7.2f} {cpu / size:6.2f} {peak:>9} {ratio:>7} "
              f"{len(result.frame):8d} {mentions:9d} {len(result.problems):8d}", flush=True)
        del result
    print(f"\nprocess peak memory (max RSS, gazetteer included): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
