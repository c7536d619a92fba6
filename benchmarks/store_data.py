"""The stores the store benchmarks (benchmarks/store.py) time: one of ``--records`` records written in bulk
straight into the schema's tables (``build_store``, kept in the temporary folder for the next run:
``built_store``), synthetic reports for ingest (``synthetic``), and the load average every figure is
printed with (``load``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from geo.io.reports import report_from_text
from geo.store import open_store
from geo.store.groups import fill_groups
from geo.store.migrations import OUR_DATASET
from geo.store.schema import ANCHOR, datasets, decisions, imports, records, reports, sources

TOWNS = ("Aleppo", "Homs", "Kharkiv", "Mopti", "Marib", "Kidal", "Gao", "Mosul", "Kandahar", "Goma")

ACTORS = ("Syrian government", "Syrian rebels", "Islamic State", "Russia", "Turkey", "Kurdish forces",
          "Hezbollah", "United States", "Iran", "Civilians")
TYPES = (("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Battles", "Armed clash"),
         ("Violence against civilians", "Attack"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Looting/property destruction"))
OUTLETS = ("SANA", "SOHR", "Reuters", "AFP", "Enab Baladi", "")
SYNTHETIC_DATASET = "acled-synthetic"
_BATCH = 20_000


def build_store(url: str, total: int, ours: int, *, seed: int = 1) -> None:
    """A new store at ``url`` of ``total`` records: ``ours`` of our dataset (a report each; each third
    event is told by three reports, so merging has work to do) and the rest an imported dataset (one
    source each, as an ACLED import gives), written straight into the schema's tables in bulk: no
    extraction, one transaction per batch. A few decisions too: rejections and edits of both."""
    rng = np.random.default_rng(seed)
    engine = open_store(url)
    lat, lon = rng.normal(35.0, 1.5, total).round(5), rng.normal(38.5, 2.0, total).round(5)
    dates = (np.datetime64("2015-01-01") + rng.integers(0, 3 * 365, total).astype("timedelta64[D]")).astype(str)
    actor, other = rng.integers(0, len(ACTORS), total), rng.integers(-3, len(ACTORS), total)  # a second actor: 7 in 10
    kind, outlet = rng.integers(0, len(TYPES), total), rng.integers(0, len(OUTLETS), total)
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    with engine.begin() as conn:
        ours_id = conn.execute(sa.select(datasets.c.id).where(datasets.c.name == OUR_DATASET)).scalar_one()
        their_id = conn.execute(sa.insert(datasets).values(name=SYNTHETIC_DATASET, kind="acled", created_at=now)
                                ).inserted_primary_key[0]
        conn.execute(sa.insert(imports).values(dataset_id=their_id, source="acled", content_hash="0" * 64,
                                               path="synthetic", imported_at=now, rows=total - ours, skipped=0))
    decided = []
    for first in range(0, total, _BATCH):
        reports_rows, records_rows, sources_rows = [], [], []
        for i in range(first, min(total, first + _BATCH)):
            mine = i < ours
            told = i - i % 3 if mine else i  # ours: each third event told by three reports
            event_type, sub_type = TYPES[kind[told]]
            text = f"Report {i}: {ACTORS[actor[told]]} forces struck near Place {told % 5000}."
            report = f"synthetic_{i:07d}" if mine else f"{SYNTHETIC_DATASET}:SYN{i}"
            digest = hashlib.sha256(text.encode()).hexdigest()
            if mine:
                reports_rows.append({"id": report, "content_hash": digest, "text": text, "title": f"Report {i}",
                                     "outlet": OUTLETS[outlet[i]], "url": f"https://example.org/{i}",
                                     "published": dates[told], "ingested_at": now})
            records_rows.append({
                "dataset_id": ours_id if mine else their_id, "report_id": report if mine else None,
                "report_hash": digest, "start": 0, "end": len(text), "place_start": len(text) - 20,
                "lat": float(lat[told]), "lon": float(lon[told]), "record_id": f"s{i:07d}", "kind": "event",
                "event_type": event_type, "sub_event_type": sub_type, "actor": ACTORS[actor[told]],
                "actor2": ACTORS[other[told]] if other[told] >= 0 and other[told] != actor[told] else None,
                "event_date": dates[told], "date_precision": "day", "place": f"Place {told % 5000}",
                "place_id": f"p{told % 5000}" if mine else None, "geo_precision": "town", "country": "SY",
                "place_confidence": 0.9, "corroboration": 1, "extra": "{}"})
            sources_rows.append({"position": 0, "report": report, "title": f"Report {i}",
                                 "outlet": OUTLETS[outlet[i]], "url": f"https://example.org/{i}",
                                 "published": dates[told], "quote": text, "start": 0, "end": len(text),
                                 "place_start": len(text) - 20, "place_end": len(text) - 1})
            if i % 997 == 5:
                decided.append({"report_hash": digest, "start": 0, "end": len(text), "kind": "event",
                                "place_start": len(text) - 20, "reviewed_by": "bench", "reviewed_at": now, "note": "",
                                **({"review_status": "rejected", "edits": "{}"} if i % 2 else
                                   {"review_status": "edited", "edits": '{"place": "Edited place"}'})})
        with engine.begin() as conn:
            if reports_rows:
                conn.execute(sa.insert(reports), reports_rows)
            keys = conn.execute(sa.insert(records).returning(records.c.id, sort_by_parameter_order=True),
                                records_rows).scalars().all()
            conn.execute(sa.insert(sources), [{"record": key, **row} for key, row in zip(keys, sources_rows)])
    with engine.begin() as conn:
        conn.execute(sa.insert(decisions), list({tuple(d[n] for n in ANCHOR): d for d in decided}.values()))
        fill_groups(conn)  # how our rows merge, as ingest keeps it (geo.store.groups)
    engine.dispose()


def synthetic(count: int) -> list:
    reports = []
    for number in range(count):
        day = 1 + number % 28
        text = (f"Artillery shelled {TOWNS[number % len(TOWNS)]} on March {day}, killing {number % 9 + 1} people, "
                f"officials said (report {number}).\n")
        reports.append(report_from_text(text, report_id=f"synthetic_{number:04d}", outlet="Synthetic",
                                        published=dt.date(2024, 3, day)))
    return reports



_PRECISIONS = ("day", "day", "week", "month", "year", "unknown", None)  # None: undated


def varied(count: int, *, seed: int = 1) -> list[tuple]:
    """``count`` (report, its records frame) of shellings by two actors (or none) and positions, at five
    towns 30 km apart or points near them, of every date precision, undated too (published or not), dated all over
    2024: the records whose merging the date rules of ``geo.extract.merge`` decide. Pre-extracted, so
    that two versions of the store's code are given the same records (benchmarks/store_same.py)."""
    from geo.frame import Record, Source, to_frame

    rng = np.random.default_rng(seed)
    out = []
    for number in range(count):
        text = f"Varied report {number}: artillery shelled a town.\n"
        published = None if number % 11 == 3 else dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 366)))
        report = report_from_text(text, report_id=f"varied_{number:04d}", outlet="Varied", published=published)
        shown = []
        for part in range(1 + number % 3):
            town = int(rng.integers(0, 5))
            near = rng.random() < 0.3  # a point near the town, no place id
            precision = _PRECISIONS[int(rng.integers(0, len(_PRECISIONS)))]
            day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 366)))
            kind = "position" if rng.random() < 0.1 else "event"
            source = Source(report.id, report.title, report.outlet, "", published and published.isoformat(),
                            text.strip(), part, len(text.strip()), None, 0, 4)
            shown.append(Record(kind, "Explosions/Remote violence", (None, "Russia", "Ukraine")[number % 3], None,
                                None if precision is None else day.isoformat(), precision or "unknown",
                                f"Town {town}", None if near else f"varied:{town}", "town", "UA",
                                48.0 + town * 0.27 + (rng.normal(0, 0.05) if near else 0), 36.0,
                                0.9, sources=[source], sub_event_type="Shelling/artillery/missile attack"))
        out.append((report, to_frame(shown)))
    return out


def built_store(kind: str, total: int, ours: int, folder: Path) -> str:
    """The URL of the benchmark's store of ``total`` records (``ours`` of them ours), built when missing
    (SQLite: a file in ``folder``, kept for the next run; PostgreSQL: a throwaway server's database)."""
    path = folder / f"store-{total}-{ours}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        build_store(f"sqlite:///{path.with_suffix('.part')}", total, ours)
        path.with_suffix(".part").replace(path)
        print(f"  built {path} in {time.perf_counter() - started:.0f} s ({path.stat().st_size / 2**20:.0f} MiB)")
    return f"sqlite:///{path}"



def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"
