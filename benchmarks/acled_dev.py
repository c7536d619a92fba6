"""Events and places on real conflict notes: the 500 ACLED rows of ../shared/eval/acled_dev.

Each note is read as a one-paragraph report published on its ``event_date`` and run through
the whole extraction. Against the coder's row it prints, over the notes:

- with an event: notes that give at least one record of kind "event"; dated as coded: notes
  with an event record of the coder's event date;
- place within 25 km: notes where some event record lies within 25 km of the coded location;
- best place within 25 km / 100 km: notes where any record (of any kind) does;
- far off: notes whose nearest record lies more than 1,000 km from the coded location
  (a town put on another continent), among notes with any located record;
- and the same for the place mentions (before any event is made of them): notes with a
  resolved mention within 25 km (and 5 km), notes with a mention more than 1,000 km off, and
  notes with a town or site mention more than 1,000 km off (a country named in passing is
  not a town on another continent).

Then the event place within 25 km again, split by whether the coded country is one of those
whose villages the local tier holds (``data/places/``: GeoNames' populated places of 27
conflict-affected countries) or not (only the main index's towns there): it tells missing
data from places misread.

The data stays in ../shared (ACLED's terms forbid copying it here); the script says so and
stops when the folder is missing. Measure, never tune to single rows.

    python benchmarks/acled_dev.py [--eval ../shared/eval]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.analysis import geodesic_m, representative_points  # noqa: E402
from geo.extract.actors import load_actors  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.io.reports import report_from_text  # noqa: E402
from geo.pipeline import extract  # noqa: E402


def notes(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args(argv)
    path = args.eval / "acled_dev" / "acled_dev.csv"
    if not path.is_file():
        sys.stderr.write(f"acled_dev: {path} is not here; nothing to measure\n")
        return 2
    rows = notes(path)
    gazetteer, actors = load_gazetteer(), load_actors()
    counts = {"with an event": 0, "an event dated as coded": 0, "event place within 25 km": 0, "any place within 25 km": 0,
              "any place within 100 km": 0, "far off (> 1,000 km)": 0, "located": 0,
              "a mention within 25 km": 0, "a mention within 5 km": 0, "a mention > 1,000 km off": 0,
              "a town/site > 1,000 km off": 0}
    tiers = {True: [0, 0], False: [0, 0]}  # villages held for the coded country -> [notes, event place within 25 km]
    held = {country: _villages_held(gazetteer, country) for country in {row["country"] for row in rows}}
    for number, row in enumerate(rows):
        covered = held[row["country"]]
        tiers[covered][0] += 1
        published = dt.datetime.strptime(row["event_date"], "%d-%b-%y").date()
        report = report_from_text(row["notes"], report_id=f"acled-{number}", published=published)
        result = extract([report], gazetteer=gazetteer, actors=actors)
        frame = result.frame
        spots = [(m.lon, m.lat) for m in result.mentions.get(report.id, []) if m.lat is not None and not m.demonym]
        if spots:
            lon, lat = np.array(spots, dtype=float).T
            off = geodesic_m(float(row["longitude"]), float(row["latitude"]), lon, lat) / 1000.0
            counts["a mention within 25 km"] += bool(off.min() <= 25)
            counts["a mention within 5 km"] += bool(off.min() <= 5)
            counts["a mention > 1,000 km off"] += bool(off.max() > 1000)
            local = np.array([m.feature in ("town", "site") for m in result.mentions.get(report.id, [])
                              if m.lat is not None and not m.demonym])
            counts["a town/site > 1,000 km off"] += bool(local.any() and off[local].max() > 1000)
        located = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
        if (frame["kind"] == "event").any():
            counts["with an event"] += 1
            dates = frame.loc[frame["kind"] == "event", "event_date"]
            counts["an event dated as coded"] += bool((dates == published.isoformat()).any())
        if located.empty:
            continue
        points = representative_points(located.geometry)
        km = geodesic_m(float(row["longitude"]), float(row["latitude"]),
                        shapely.get_x(points), shapely.get_y(points)) / 1000.0
        counts["located"] += 1
        events = (located["kind"] == "event").to_numpy()
        if events.any() and km[events].min() <= 25:
            counts["event place within 25 km"] += 1
            tiers[covered][1] += 1
        if km.min() <= 25:
            counts["any place within 25 km"] += 1
        if km.min() <= 100:
            counts["any place within 100 km"] += 1
        if km.min() > 1000:
            counts["far off (> 1,000 km)"] += 1
    total = len(rows)
    print(f"acled_dev: {total} notes ({path})")
    for name, value in counts.items():
        base = counts["located"] if name.startswith("far off") else total
        print(f"  {name:<28} {value:4d}  {value / max(base, 1):6.1%}"
              + ("  of located notes" if name.startswith("far off") else ""))
    for covered, label in ((True, "villages held"), (False, "towns only")):
        held, near = tiers[covered]
        print(f"  event place within 25 km, country with {label + ':':<15} {near:4d} of {held:4d}  {near / max(held, 1):6.1%}")
    return 0


def _villages_held(gazetteer, country: str) -> bool:
    """True when the local tier holds villages of the country named ``country`` (the coder's name,
    read by the gazetteer: a name it does not read counts as a country of towns only)."""
    if gazetteer.villages is None:
        return False
    codes = {p.country for p in gazetteer.lookup(country) if p.feature == "country"}
    return any(gazetteer.villages.area_rows(code).size for code in codes)


if __name__ == "__main__":
    sys.exit(main())
