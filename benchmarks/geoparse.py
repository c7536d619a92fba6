"""Geoparsing scores on the gold corpora in ../shared/eval (GeoWebNews, LGL).

    python benchmarks/geoparse.py [--eval DIR] [--corpus gwn lgl] [--errors N]

Scoring follows ../shared/eval/README.md: recognition precision/recall/F1 on
exact spans (after trimming a leading "the " and a trailing "'s"), Acc@161,
mean and median error (km, haversine) and AUC over recognised gold
toponyms, and end-to-end Acc@161 over all gold toponyms. GeoWebNews is also
scored without its demonym/adjective toponyms ("Syrian"), leaving our
demonym mentions out too. Prints speed (documents per second, one process,
index loaded; each corpus is read twice, and the second reading, as a running app reads
with its lookups warm, is the figure checked, the first printed beside it) and the index
load time and peak memory of the process.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.extract.places import find_mentions  # noqa: E402

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading "the " and a trailing "'s" (the corpora's convention)."""
    if text[start:end].lower().startswith("the "):
        start += 4
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


def score(docs: list[dict], predictions: list[list], *, skip_gold=None, skip_pred=None) -> dict:
    tp = fp = fn = 0
    errors: list[float] = []
    gold_total = 0
    for doc, predicted in zip(docs, predictions):
        text = doc["text"]
        gold = {trim(text, g["start"], g["end"]): g for g in doc["toponyms"] if not (skip_gold and skip_gold(g))}
        pred = {trim(text, m.start, m.end): m for m in predicted if not (skip_pred and skip_pred(m))}
        gold_total += len(gold)
        hits = gold.keys() & pred.keys()
        tp += len(hits)
        fp += len(pred.keys() - gold.keys())
        fn += len(gold.keys() - pred.keys())
        for span in hits:
            g, m = gold[span], pred[span]
            errors.append(MAX_ERROR_KM if not m.resolved else haversine_km(g["lat"], g["lon"], m.lat, m.lon))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(e <= 161 for e in errors)
    return {
        "gold": gold_total, "predicted": tp + fp, "precision": precision, "recall": recall, "f1": f1,
        "acc161_recognised": within / len(errors) if errors else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "auc": statistics.fmean(math.log(1 + e) / math.log(MAX_ERROR_KM) for e in errors) if errors else 0.0,
        "acc161_end_to_end": within / gold_total if gold_total else 0.0,
    }


def show(name: str, s: dict) -> None:
    print(f"{name:28} gold {s['gold']:5d}  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
          f"Acc@161(recognised) {s['acc161_recognised']:.3f}  mean {s['mean_km']:.0f} km  "
          f"median {s['median_km']:.1f} km  AUC {s['auc']:.3f}  end-to-end Acc@161 {s['acc161_end_to_end']:.3f}")


def errors_report(docs, predictions, limit: int) -> None:
    """The most common false positives, misses and far-off resolutions, to study."""
    from collections import Counter
    fps, fns, far = Counter(), Counter(), Counter()
    for doc, predicted in zip(docs, predictions):
        text = doc["text"]
        gold = {trim(text, g["start"], g["end"]): g for g in doc["toponyms"]}
        pred = {trim(text, m.start, m.end): m for m in predicted}
        for span in pred.keys() - gold.keys():
            fps[text[span[0]:span[1]]] += 1
        for span in gold.keys() - pred.keys():
            fns[text[span[0]:span[1]]] += 1
        for span in gold.keys() & pred.keys():
            g, m = gold[span], pred[span]
            if not m.resolved or haversine_km(g["lat"], g["lon"], m.lat, m.lon) > 161:
                far[f"{text[span[0]:span[1]]} -> {m.name} ({m.country}) gold {g.get('gaz_name')}"] += 1
    for title, counter in (("false positives", fps), ("missed", fns), ("resolved > 161 km", far)):
        print(f"  {title}: " + "; ".join(f"{k} x{v}" for k, v in counter.most_common(limit)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--corpus", nargs="+", default=["gwn", "lgl"])
    parser.add_argument("--errors", type=int, default=0, help="list the N most common errors per corpus")
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteer = load_gazetteer()
    first = time.perf_counter() - started
    del gazetteer
    started = time.perf_counter()
    gazetteer = load_gazetteer()  # from the on-disk index, as every later run does
    load = time.perf_counter() - started
    print(f"index: first load {first:.2f} s (includes a build when the inputs changed), "
          f"load from disk {load:.2f} s, {len(gazetteer):,} places")
    results: dict[str, dict] = {"load_s": load}
    for corpus in args.corpus:
        docs = [json.loads(line) for line in (args.eval / f"{corpus}.jsonl").open(encoding="utf-8")]
        started = time.perf_counter()
        predictions = [find_mentions(doc["text"], gazetteer) for doc in docs]
        cold = time.perf_counter() - started
        started = time.perf_counter()  # again, as a running app reads: its lookups already warm
        again = [find_mentions(doc["text"], gazetteer) for doc in docs]
        elapsed = time.perf_counter() - started
        if again != predictions:
            raise AssertionError(f"{corpus}: a second reading gave other mentions")
        print(f"\n{corpus}: {len(docs)} documents in {elapsed:.2f} s = {len(docs) / elapsed:.0f} documents/s "
              f"(first reading, caches cold: {cold:.2f} s = {len(docs) / cold:.0f} documents/s)")
        results[corpus] = score(docs, predictions) | {"docs_per_s": len(docs) / elapsed}
        show(f"{corpus} all", results[corpus])
        if corpus == "gwn":
            show(f"{corpus} without demonyms", score(
                docs, predictions, skip_gold=lambda g: g.get("modifier_type") == "Adjective",
                skip_pred=lambda m: m.demonym))
        if args.errors:
            errors_report(docs, predictions, args.errors)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS) {peak:.0f} MiB")
    targets(results)
    return 0


TARGETS = [  # (corpus, measure, at least / at most, target), from issue 3
    ("gwn", "f1", ">=", 0.85), ("gwn", "acc161_end_to_end", ">=", 0.75), ("lgl", "acc161_end_to_end", ">=", 0.65),
    ("gwn", "acc161_recognised", ">=", 0.92), ("gwn", "docs_per_s", ">=", 200), ("lgl", "docs_per_s", ">=", 200),
    (None, "load_s", "<=", 2.0),
]


def targets(results: dict) -> None:
    print("\ntargets:")
    for corpus, measure, relation, target in TARGETS:
        scope = results.get(corpus) if corpus else results
        if scope is None:
            continue
        value = scope[measure]
        met = value >= target if relation == ">=" else value <= target
        print(f"  {'met    ' if met else 'NOT met'}  {corpus or 'index'} {measure} = {value:.3f} (target {relation} {target})")


if __name__ == "__main__":
    sys.exit(main())
