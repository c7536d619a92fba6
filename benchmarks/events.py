"""Events against hand-coded answers: recall and precision per field, overall and per ACLED type.

Two sets, read where they live (nothing of them is copied here):

- **notes**: the 500 ACLED notes of ``../shared/eval/acled_dev/acled_dev.csv`` (ACLED's terms
  forbid copying them into the repository; the script stops with a message when the folder is
  missing). Each note is read as a one-paragraph report published on its ``event_date``.
- **articles**: the events hand-coded in GeoWebNews articles, ``benchmarks/data/gwn_events.csv``
  (columns ``doc_id, published, event_date, event_type, sub_event_type, actor1, actor2, location,
  latitude, longitude, geo_precision, start, end, coord_source, note``); each article's text is
  read from ``../shared/eval/gwn.jsonl`` by its ``id`` and run once, published on ``published``
  when the row gives it. Skipped with a message when either file is missing.

Recall, over the gold events, each line adding a condition to the one before:

- **place**: an event record (kind "event") of the report lies within 25 km of the coded point;
- **+ date**: that record's date allows the coded date (its period by its precision contains
  it: a day-precision record must be that day). For articles the date is compared only when both
  the gold event and the record have one;
- **+ type**: and it has the coded ACLED ``event_type``;
- **+ actor** (place, date and type, and the actor) and **+ sub-type** (place, date and type, and
  the coded ``sub_event_type``), each beside the other. The actor matches when the record's actor
  or second actor matches the coded actor1 or actor2, loosely: the two
  names share a word once each name is lower-cased, cut to words of letters, stripped of words
  that name no one in particular (``of``, ``the``, ``forces``, ``military``, ``police``,
  ``unidentified``, ``armed``, ``group`` ...) and each word cut to its first five letters (so
  "Syrian government" matches "Military Forces of Syria (2000-)", "Islamic State" matches
  "Islamic State (Iraq)"); or the actor dictionary (``data/actors.csv``) reads the coded name as
  our actor; a record with no actor matches a coded actor that is only a kind of people, not a
  named one: "Unidentified Armed Group (...)", "Unidentified Gang", "Protesters (...)",
  "Rioters (...)"; and a record whose actors are only unnamed gunmen ("gunmen", "unknown armed
  men", kept verbatim by ``geo.extract.unlisted``) matches a coded "Unidentified ...".

Precision: the share of event records that match an event of their report (within 25 km and the
same date, as above), overall and by the ACLED type we gave them. Recall is printed per coded
type, precision per our type.

    python benchmarks/events.py [--eval ../shared/eval] [--articles benchmarks/data/gwn_events.csv]

Targets (issue 12): notes recall (place + date + type) >= 0.75, precision >= 0.85; articles
recall >= 0.60, precision >= 0.80.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.analysis import geodesic_m, representative_points  # noqa: E402
from geo.extract.actors import ActorLexicon, load_actors  # noqa: E402
from geo.extract.vocabulary import codebook_order  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.io.reports import report_from_text  # noqa: E402
from geo.pipeline import extract  # noqa: E402
from geo.text.dates import date_period  # noqa: E402

MATCH_KM = 25.0
FIELDS = ("place", "+ date", "+ type", "+ actor", "+ sub-type")
TARGETS = {"notes": (0.75, 0.85), "articles": (0.60, 0.80)}
_GENERIC = frozenset({"of", "the", "and", "forces", "force", "military", "police", "unidentified", "armed", "group",
                      "groups", "militia", "militias", "government", "civilians", "state", "national", "army"})
_WORDS = re.compile(r"[a-z]+")
_UNNAMED = re.compile(r"(?:(?:unknown|unidentified|suspected|armed)\s+)*(?:gunmen|gunman|armed men|assailants|attackers)",
                      re.I)
_NAMELESS = ("Unidentified", "Protesters", "Rioters")  # ACLED's "Unidentified Armed Group (X)", "Protesters (X)"


@dataclass
class Gold:
    """One coded event: where, when, what, who."""

    report: str
    lat: float
    lon: float
    date: dt.date | None
    event_type: str
    sub_event_type: str
    actors: tuple[str, ...]


REPORT_AREA = "of which at the report's area"  # precision "report": the sentence named no place


@dataclass
class Tally:
    """Recall counts per field and precision counts, overall and by type."""

    recall: collections.Counter = field(default_factory=collections.Counter)
    gold: collections.Counter = field(default_factory=collections.Counter)
    records: collections.Counter = field(default_factory=collections.Counter)
    matched: collections.Counter = field(default_factory=collections.Counter)


def _name_words(name: str) -> set[str]:
    text = re.sub(r"\(.*?\)", " ", name.lower())
    return {word[:5] for word in _WORDS.findall(text) if word not in _GENERIC and len(word) > 1}


def same_actor(ours: list[str], coded: tuple[str, ...], lexicon: ActorLexicon) -> bool:
    """The loose actor rule of the module docstring."""
    ours = [name for name in ours if isinstance(name, str) and name]
    if not ours:  # no one named: right when the coder named only a kind of people, not an actor
        return any(name.startswith(_NAMELESS) for name in coded if name)
    if any(name.startswith("Unidentified") for name in coded if name) and all(
            _UNNAMED.fullmatch(mine) for mine in ours):
        return True  # "gunmen", "unknown armed men": ACLED's "Unidentified Armed Group (X)"
    for name in coded:
        if not name:
            continue
        read = {mention.actor.name for mention in lexicon.find(name)}
        if read & set(ours) or any(_name_words(name) & _name_words(mine) for mine in ours):
            return True
    return False


def _allows(record_date, precision, gold: dt.date | None, *, lenient: bool) -> bool:
    """True when a record's date allows the coded date; with ``lenient`` (articles), also when
    either is unknown."""
    if gold is None or not isinstance(record_date, str):
        return lenient
    first, end = date_period(dt.date.fromisoformat(record_date), precision or "day")
    return first <= gold < max(end, first + dt.timedelta(days=1))


def score(frame, golds: list[Gold], lexicon: ActorLexicon, tally: Tally, *, lenient: bool) -> None:
    """Add one report's records and gold events to ``tally``."""
    events = frame[(frame["kind"] == "event") & ~(frame.geometry.isna() | frame.geometry.is_empty)]
    if len(events):
        points = representative_points(events.geometry)
        lon, lat = shapely.get_x(points), shapely.get_y(points)
    rows = list(events.itertuples(index=False))
    hit_records = np.zeros(len(rows), dtype=bool)
    for gold in golds:
        tally.gold[("all",)] += 1
        tally.gold[(gold.event_type,)] += 1
        found: set[str] = set()
        if rows:
            km = geodesic_m(gold.lon, gold.lat, lon, lat) / 1000.0
            for number, row in enumerate(rows):
                if km[number] > MATCH_KM:
                    continue
                dated = _allows(row.event_date, row.date_precision, gold.date, lenient=lenient)
                typed = dated and row.event_type == gold.event_type
                hit_records[number] |= dated
                found |= {"place"} | ({"+ date"} if dated else set()) | ({"+ type"} if typed else set())
                if typed and row.sub_event_type == gold.sub_event_type:
                    found.add("+ sub-type")
                if typed and same_actor([row.actor, row.actor2], gold.actors, lexicon):
                    found.add("+ actor")
        for name in found:
            tally.recall[("all", name)] += 1
            tally.recall[(gold.event_type, name)] += 1
    for number, row in enumerate(rows):
        tally.records[("all",)] += 1
        tally.records[(row.event_type,)] += 1
        tally.matched[("all",)] += int(hit_records[number])
        tally.matched[(row.event_type,)] += int(hit_records[number])
        if getattr(row, "geo_precision", None) == "report":  # no place said: at the report's area
            tally.records[(REPORT_AREA,)] += 1
            tally.matched[(REPORT_AREA,)] += int(hit_records[number])


def _date(text: str, fmt: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), fmt).date() if text and text.strip() else None
    except ValueError:
        return None


def run_notes(path: Path, gazetteer, lexicon: ActorLexicon) -> Tally:
    tally = Tally()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows):
        published = _date(row["event_date"], "%d-%b-%y")
        report = report_from_text(row["notes"], report_id=f"acled-{number}", published=published)
        frame = extract([report], gazetteer=gazetteer, actors=lexicon).frame
        gold = Gold(report.id, float(row["latitude"]), float(row["longitude"]), published, row["event_type"],
                    row["sub_event_type"], (row["actor1"], row["actor2"]))
        score(frame, [gold], lexicon, tally, lenient=False)
    return tally


def run_articles(path: Path, corpus: Path, gazetteer, lexicon: ActorLexicon) -> Tally:
    tally = Tally()
    texts = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            texts[str(doc["id"])] = doc["text"]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"].strip(), []).append(row)
    for doc_id, coded in by_doc.items():
        if doc_id not in texts:
            sys.stderr.write(f"events: article {doc_id!r} is not in {corpus}; its {len(coded)} events are skipped\n")
            continue
        published = _date(coded[0].get("published", ""), "%Y-%m-%d")
        report = report_from_text(texts[doc_id], report_id=f"gwn-{doc_id}", published=published)
        frame = extract([report], gazetteer=gazetteer, actors=lexicon).frame
        golds = [Gold(report.id, float(r["latitude"]), float(r["longitude"]), _date(r.get("event_date", ""), "%Y-%m-%d"),
                      r["event_type"], r["sub_event_type"], (r["actor1"], r["actor2"])) for r in coded]
        score(frame, golds, lexicon, tally, lenient=True)
    return tally


def report(name: str, tally: Tally) -> None:
    """Print one set's figures."""
    total, records = tally.gold[("all",)], tally.records[("all",)]
    recall_target, precision_target = TARGETS[name]
    print(f"{name}: {total} coded events, {records} event records")
    print(f"  {'recall':<34}" + "".join(f"{f:>11}" for f in FIELDS))
    types = codebook_order(k[0] for k in tally.gold if k != ("all",))
    for kind in ["all", *types]:
        base = tally.gold[(kind,)]
        cells = "".join(f"{tally.recall[(kind, f)] / max(base, 1):>11.1%}" for f in FIELDS)
        print(f"  {kind + f' ({base})':<34}{cells}")
    print(f"  {'precision (our type)':<34}{'records':>11}{'matched':>11}{'share':>11}")
    for kind in ["all", *codebook_order(k[0] for k in tally.records if k not in (("all",), (REPORT_AREA,))),
                 REPORT_AREA]:
        count, hit = tally.records[(kind,)], tally.matched[(kind,)]
        print(f"  {kind:<34}{count:>11}{hit:>11}{hit / max(count, 1):>11.1%}")
    recall = tally.recall[("all", "+ type")] / max(total, 1)
    precision = tally.matched[("all",)] / max(records, 1)
    print(f"  target: recall (place + date + type) {recall:.2f} (>= {recall_target:.2f}: "
          f"{'met' if recall >= recall_target else 'not met'}), precision {precision:.2f} "
          f"(>= {precision_target:.2f}: {'met' if precision >= precision_target else 'not met'})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--articles", type=Path, default=ROOT / "benchmarks" / "data" / "gwn_events.csv")
    args = parser.parse_args(argv)
    notes = args.eval / "acled_dev" / "acled_dev.csv"
    if not notes.is_file():
        sys.stderr.write(f"events: {notes} is not here (ACLED's notes are not in the repository); "
                         "nothing to measure\n")
        return 2
    gazetteer, lexicon = load_gazetteer(), load_actors()
    report("notes", run_notes(notes, gazetteer, lexicon))
    corpus = args.eval / "gwn.jsonl"
    if not args.articles.is_file() or not corpus.is_file():
        sys.stderr.write(f"events: {args.articles} or {corpus} is not here; articles not measured\n")
        return 0
    print()
    report("articles", run_articles(args.articles, corpus, gazetteer, lexicon))
    return 0


if __name__ == "__main__":
    sys.exit(main())
