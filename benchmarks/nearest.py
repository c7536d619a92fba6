"""Nearest-position distances at scale: N events against M positions.

Measures ``geo.analysis.nearest_positions`` (shapely STRtree in the UTM zone
of each event, re-measured in an equidistant projection past 500 km) on
synthetic events and positions clustered in several conflict theatres, and
prints:

- the time for all events (target: 1M events x 10k positions <= 10 s);
- the same work done by a plain geopy.distance loop on a random sample of
  events, timed in the same run, and the speed-up per event (target >= 100x);
- the largest difference, absolute and relative, between our distances and
  pyproj.Geod's WGS 84 geodesic for the same pairs, over every event;
- how often the sample's nearest position differs from the loop's choice.

    python benchmarks/nearest.py [--events 1000000] [--positions 10000] [--sample 10]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
from geopy.distance import geodesic
from pyproj import Geod

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.analysis import nearest_positions  # noqa: E402

# (lon, lat, spread in degrees): theatres where events and positions cluster.
THEATRES = [(38.5, 35.0, 2.5), (43.5, 34.0, 2.5), (36.5, 48.5, 3.0), (0.0, 16.0, 4.0),
            (96.0, 21.0, 3.0), (45.0, 5.0, 3.0), (-72.0, 4.0, 3.0), (30.0, 13.0, 4.0)]


def synthetic(n: int, rng: np.random.Generator) -> gpd.GeoSeries:
    """``n`` points scattered round the theatres, 10 % of them anywhere on land or sea."""
    theatre = rng.integers(0, len(THEATRES), n)
    centre = np.array(THEATRES)[theatre]
    lon = centre[:, 0] + rng.normal(0.0, centre[:, 2], n)
    lat = np.clip(centre[:, 1] + rng.normal(0.0, centre[:, 2] * 0.7, n), -80, 80)
    anywhere = rng.random(n) < 0.10
    lon[anywhere] = rng.uniform(-180, 180, anywhere.sum())
    lat[anywhere] = rng.uniform(-60, 70, anywhere.sum())
    lon = (lon + 180.0) % 360.0 - 180.0
    return gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def geopy_loop(events: gpd.GeoSeries, positions: gpd.GeoSeries) -> list[tuple[int, float]]:
    """The plain way: every event against every position with geopy.distance.geodesic."""
    targets = [(p.y, p.x) for p in positions]
    out = []
    for event in events:
        here = (event.y, event.x)
        best = min(range(len(targets)), key=lambda i: geodesic(here, targets[i]).km)
        out.append((best, geodesic(here, targets[best]).km))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=10, help="events measured by the geopy loop")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    events, positions = synthetic(args.events, rng), synthetic(args.positions, rng)
    print(f"{args.events:,} events x {args.positions:,} positions (8 theatres, 10 % scattered worldwide)")

    started = time.perf_counter()
    nearest = nearest_positions(events, positions)
    vectorised = time.perf_counter() - started
    print(f"vectorised nearest (shapely STRtree, UTM per event): {vectorised:.2f} s "
          f"= {args.events / vectorised:,.0f} events/s")

    target = positions[nearest["nearest"].astype(int).to_numpy()]
    _, _, metres = Geod(ellps="WGS84").inv(events.x.to_numpy(), events.y.to_numpy(),
                                           target.x.to_numpy(), target.y.to_numpy())
    geod_km = np.asarray(metres) / 1000.0
    ours = nearest["distance_km"].to_numpy()
    diff = np.abs(ours - geod_km)
    relative = diff / np.maximum(geod_km, 1e-9)
    worst = int(np.argmax(relative))
    print(f"difference from pyproj.Geod over all events: max {diff.max() * 1000:.1f} m, "
          f"max relative {relative.max() * 100:.3f} % (at {geod_km[worst]:.0f} km), "
          f"99.9th percentile {np.percentile(relative, 99.9) * 100:.3f} %; "
          f"{(nearest['distance_km'] > 500).mean() * 100:.2f} % of events measured past 500 km")

    sample = rng.choice(args.events, size=min(args.sample, args.events), replace=False)
    started = time.perf_counter()
    loop = geopy_loop(events.iloc[sample], positions)
    plain = time.perf_counter() - started
    per_event_loop = plain / len(sample)
    per_event_ours = vectorised / args.events
    chosen = nearest["nearest"].iloc[sample].astype(int).to_numpy()
    other_choice = sum(int(best != ours_i) and abs(d - ours[s]) > 1e-3 * d
                       for (best, d), ours_i, s in zip(loop, chosen, sample))
    worst_loop = max(abs(d - ours[s]) / d for (_, d), s in zip(loop, sample))
    print(f"geopy.distance loop: {len(sample)} events in {plain:.2f} s = {per_event_loop * 1000:.1f} ms/event; "
          f"ours {per_event_ours * 1e6:.2f} us/event: speed-up {per_event_loop / per_event_ours:,.0f}x")
    print(f"sample check: {other_choice} of {len(sample)} events with a different nearest position than the loop; "
          f"largest relative difference from the loop's distance {worst_loop * 100:.3f} %")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:.0f} MiB")
    print("\ntargets:")
    scale = f"{args.events:,} x {args.positions:,}"
    for met, text in ((vectorised <= 10.0, f"{scale} in {vectorised:.2f} s (target for 1,000,000 x 10,000: <= 10 s)"),
                      (per_event_loop / per_event_ours >= 100, f"speed-up {per_event_loop / per_event_ours:,.0f}x "
                                                              "(target >= 100x)")):
        print(f"  {'met    ' if met else 'NOT met'}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
