"""How long the cached gazetteer (index and villages tier) takes to load, and how big its files are.

    python benchmarks/gazetteer_load.py [--cache-dir DIR] [--loads 3]

Builds the index first when the cache folder holds none for today's inputs
(that build is timed separately), then times ``load_gazetteer`` from the cache
``--loads`` times in this process and prints the median, the fastest and the
slowest load, the cache files' names and sizes, and the peak memory (max RSS).

Targets (issue 11): the index with the villages loads in <= 3 s; peak memory <= 1.5 GiB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.gazetteer import default_cache_dir, load_gazetteer  # noqa: E402


def _cache_files(folder: Path) -> list[Path]:
    return sorted(p for pattern in ("gazetteer-*", "villages-*") for p in folder.glob(pattern) if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="the cache folder (default: $GEO_CACHE_DIR or .cache/)")
    parser.add_argument("--loads", type=int, default=3, help="loads to time (default 3)")
    args = parser.parse_args()
    folder = args.cache_dir or default_cache_dir()

    before = {p: p.stat().st_mtime_ns for p in _cache_files(folder)}
    start = time.perf_counter()
    gazetteer = load_gazetteer(cache_dir=folder, villages_dir=folder)
    first = time.perf_counter() - start
    after = {p: p.stat().st_mtime_ns for p in _cache_files(folder)}
    if after != before:
        print(f"first call built the index: {first:.2f} s")
    del gazetteer

    times = []
    for _ in range(args.loads):
        start = time.perf_counter()
        gazetteer = load_gazetteer(cache_dir=folder, villages_dir=folder)
        times.append(time.perf_counter() - start)
        del gazetteer
    print(f"load from cache: median {statistics.median(times):.2f} s of {args.loads} "
          f"(fastest {min(times):.2f} s, slowest {max(times):.2f} s)")
    for path in _cache_files(folder):
        print(f"cache file {path.name}: {path.stat().st_size / 1e6:.1f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
