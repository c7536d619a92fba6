"""Whether two versions of the store's code give the same records: run once with each checkout's code,
then compare. Each run builds a new SQLite store of the sample reports (data/reports), the benchmark's
synthetic reports and ``varied`` reports of every date precision (benchmarks/store_data.py), some of
them then changed (their records replaced), and writes what a user reads of it: the merged records
(``current_records``, with rejected ones) and the stored groups.

    python benchmarks/store_same.py --code OLD_CHECKOUT --out old.pkl
    python benchmarks/store_same.py --out new.pkl
    python benchmarks/store_same.py --compare old.pkl new.pkl
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _this_checkouts_data():
    spec = importlib.util.spec_from_file_location("store_data", ROOT / "benchmarks" / "store_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(code: Path, synthetic_count: int, varied_count: int) -> dict:
    """The merged records and groups of a store built by the code of the checkout ``code``."""
    sys.path.insert(0, str(code))
    data = _this_checkouts_data()  # the same reports for both: of this checkout, on ``code``'s geo
    from geo.extract.actors import load_actors
    from geo.gazetteer import load_gazetteer
    from geo.io.reports import load_reports
    from geo.store import current_records, ingest_reports, open_store
    from geo.store.groups import stored_groups
    from geo.store.ingest import Extractor

    extractor = Extractor(gazetteer=load_gazetteer(), actors=load_actors())
    synthetic, varied = data.synthetic, data.varied
    given = varied(varied_count)
    frames = {report.text: frame for report, frame in given + varied(varied_count // 8, seed=2)}
    changed = [replace(report, text=other.text) for (report, _), (other, _)
               in zip(given[::8], varied(varied_count // 8, seed=2))]
    with tempfile.TemporaryDirectory(prefix="geo-store-same-") as folder:
        engine = open_store(f"sqlite:///{Path(folder) / 'same.sqlite'}")
        ingest_reports(engine, load_reports([code / "data" / "reports"]).reports + synthetic(synthetic_count),
                       extractor=extractor)
        for report in [report for report, _ in given] + changed:
            ingest_reports(engine, [report], extractor=lambda one: frames[one.text])
        with engine.connect() as conn:
            groups = stored_groups(conn)
        frame = current_records(engine, include_rejected=True)
        engine.dispose()
    return {"records": frame.to_wkt(), "groups": groups}


def compare(old: Path, new: Path) -> int:
    import pandas as pd

    a, b = (pickle.loads(path.read_bytes()) for path in (old, new))
    pd.testing.assert_frame_equal(a["records"], b["records"])
    if a["groups"] != b["groups"]:
        sys.exit(f"different groups: {len(a['groups'])} rows / {len(set(a['groups'].values()))} groups and "
                 f"{len(b['groups'])} / {len(set(b['groups'].values()))}")
    print(f"same: {len(a['records'])} merged records of {len(a['groups'])} rows in {len(set(a['groups'].values()))} "
          f"groups")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code builds the store")
    parser.add_argument("--out", type=Path, help="where to write what was read")
    parser.add_argument("--synthetic", type=int, default=300, help="how many synthetic reports")
    parser.add_argument("--varied", type=int, default=400, help="how many reports of every date precision")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    if args.out is None:
        parser.error("--out FILE or --compare OLD NEW")
    args.out.write_bytes(pickle.dumps(build(args.code.resolve(), args.synthetic, args.varied)))


if __name__ == "__main__":
    main()
