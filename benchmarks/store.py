"""Ingest speed of the workspace store (geo.store) into a fresh SQLite file.

For the five sample reports and for a few hundred synthetic ones (one shelling each, several
towns and dates), prints reports per second of wall time for:

- ingest: extraction and writing, one transaction per report (what ``python -m geo ingest`` does);
- writing only: the same reports with their records extracted beforehand;
- a second run: every report already stored (content hash found, nothing extracted);
- records read back: every stored record with its decision, merged across reports (``current_records``).

    python benchmarks/store.py [--synthetic 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.actors import load_actors  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.io.reports import load_reports, report_from_text  # noqa: E402
from geo.store import current_records, ingest_reports, open_store  # noqa: E402
from geo.store.ingest import Extractor  # noqa: E402

TOWNS = ("Aleppo", "Homs", "Kharkiv", "Mopti", "Marib", "Kidal", "Gao", "Mosul", "Kandahar", "Goma")


def synthetic(count: int) -> list:
    reports = []
    for number in range(count):
        day = 1 + number % 28
        text = (f"Artillery shelled {TOWNS[number % len(TOWNS)]} on March {day}, killing {number % 9 + 1} people, "
                f"officials said (report {number}).\n")
        reports.append(report_from_text(text, report_id=f"synthetic_{number:04d}", outlet="Synthetic",
                                        published=dt.date(2024, 3, day)))
    return reports


def timed(label: str, count: int, work, unit: str = "reports") -> object:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"  {label:<30} {count:>5} {unit:<7} in {seconds:6.2f} s = {count / seconds:8.1f} {unit}/s")
    return result


def bench(name: str, reports: list, extractor: Extractor) -> None:
    print(f"{name} ({len(reports)} reports)")
    frames = {report.id: extractor(report) for report in reports}
    with tempfile.TemporaryDirectory(prefix="geo-store-bench-") as folder:
        engine = open_store(f"sqlite:///{Path(folder) / 'ingest.sqlite'}")
        counts = timed("ingest (extract + write)", len(reports), lambda: ingest_reports(engine, reports,
                                                                                          extractor=extractor))
        timed("second run (all unchanged)", len(reports), lambda: ingest_reports(engine, reports,
                                                                                   extractor=extractor))
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM records").scalar()
        frame = timed("records read back", stored, lambda: current_records(engine), "records")
        written = open_store(f"sqlite:///{Path(folder) / 'write.sqlite'}")
        timed("writing only (pre-extracted)", len(reports),
              lambda: ingest_reports(written, reports, extractor=lambda report: frames[report.id]))
        print(f"  {counts}; {len(frame)} records once merged across reports")
        engine.dispose()
        written.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300, help="how many synthetic reports")
    args = parser.parse_args()
    extractor = Extractor(gazetteer=load_gazetteer(), actors=load_actors())
    bench("sample", load_reports([ROOT / "data" / "reports"]).reports, extractor)
    bench("synthetic", synthetic(args.synthetic), extractor)


if __name__ == "__main__":
    main()
