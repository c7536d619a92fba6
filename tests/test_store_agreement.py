"""Our events beside an imported dataset's (geo.store.agreement): same day +-1, within 25 km,
compatible type; one to one; the agreement table per dataset. Made-up records."""

from __future__ import annotations

from geo.frame import Record, Source, combine, to_frame
from geo.store.agreement import agreement, compatible, match_events


def _frame(dataset, *events):
    records = [Record(kind="event", event_type=kind, actor=None, actor2=None, event_date=day, date_precision="day",
                      place=None, place_id=None, geo_precision="town", country=None, lat=lat, lon=lon,
                      place_confidence=1.0, sources=[Source(f"{dataset}:{n}", "", "", "", None, "", n, n)])
               for n, (kind, day, lat, lon) in enumerate(events)]
    frame = to_frame(records)
    frame["dataset"] = dataset
    return frame


def test_events_match_within_a_day_and_25_km_when_their_types_are_compatible():
    ours = _frame("extracted",
                  ("Battles", "2023-03-10", 36.20, 37.15),  # Aleppo
                  ("Protests", "2023-03-10", 33.51, 36.29),  # Damascus
                  ("Explosions/Remote violence", "2023-03-12", 35.93, 36.63),  # Idlib
                  ("Strategic developments", "2023-03-12", 35.93, 36.63))
    acled = _frame("acled",
                   ("Explosions/Remote violence", "2023-03-11", 36.30, 37.10),  # 12 km, a day later: both violent
                   ("Battles", "2023-03-10", 36.21, 37.16),  # closer: this one is Aleppo's match
                   ("Riots", "2023-03-10", 33.60, 36.40),  # 14 km: a riot matches a protest
                   ("Explosions/Remote violence", "2023-03-14", 35.93, 36.63),  # two days later: no
                   ("Protests", "2023-03-12", 35.93, 36.63))  # incompatible with a strategic development
    frame = combine(ours, acled)
    matches = match_events(frame)
    aleppo, damascus = ours["record_id"][0], ours["record_id"][1]
    assert matches == {aleppo: {"acled": acled["record_id"][1]}, damascus: {"acled": acled["record_id"][2]}}
    table = agreement(frame)
    assert table.to_dict("records") == [{"dataset": "acled", "ours_only": 2, "theirs_only": 3, "both": 2}]
    assert compatible("Battles", "Violence against civilians") and not compatible("Battles", "Protests")


def test_far_events_and_other_datasets_are_apart():
    ours = _frame("extracted", ("Battles", "2023-03-10", 36.20, 37.15))
    gdelt = _frame("gdelt", ("Battles", "2023-03-10", 36.50, 37.15))  # 33 km north
    frame = combine(ours, gdelt)
    assert match_events(frame) == {}
    assert agreement(frame).to_dict("records") == [{"dataset": "gdelt", "ours_only": 1, "theirs_only": 1, "both": 0}]
