"""The store as the app uses it (geo.store.workspace, geo.store.added, review.decide) and the
review status on the map and in the filters. A real SQLite file per test; made-up reports."""

from __future__ import annotations

import pytest

from geo.analysis.filters import filter_frame
from geo.frame import Record, Source, combine, to_frame
from geo.render.webmap import build_map, popup_html
from geo.store import StoreError, current_records, open_store
from geo.store.added import read_paste, read_uploads, store_added, upload_id
from geo.store.ingest import Extractor
from geo.store.review import Change, decide, describe, find_place, place_candidates
from geo.store.workspace import change_stamp, review_queue, with_matches


@pytest.fixture(scope="module")
def extractor(gazetteer, actors):
    return Extractor(gazetteer=gazetteer, actors=actors)


@pytest.fixture()
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}")


STORY = b"---\ntitle: {t}\npublished: 2015-10-07\n---\nRussian warplanes bombed rebel positions near {p} on Tuesday.\n"


def test_uploads_of_the_same_name_keep_their_own_reports_and_the_same_file_adds_nothing(store, extractor):
    one, problems = read_uploads([("../../x/new.txt", STORY.replace(b"{t}", b"A").replace(b"{p}", b"Idlib")),
                                  ("bad.txt", b"\x00\x01binary")])
    other, _ = read_uploads([("new.txt", STORY.replace(b"{t}", b"B").replace(b"{p}", b"Hama"))])
    assert len(problems) == 1 and "bad.txt" in problems[0]
    assert one[0].id != other[0].id and one[0].id.startswith("added-new-") and upload_id("a\\b/<c>.txt") == "added-c"
    stamp = change_stamp(store)
    assert str(store_added(store, one + other, extractor)[0]).startswith("2 reports added")
    assert change_stamp(store) != stamp
    stamp = change_stamp(store)
    counts, _ = store_added(store, read_uploads([("new.txt", STORY.replace(b"{t}", b"A").replace(b"{p}", b"Idlib"))])[0],
                            extractor)
    assert counts.unchanged == 1 and change_stamp(store) == stamp
    assert {"Idlib", "Ḩamāh"} <= set(current_records(store)["place"])
    assert read_paste("  ")[1] and read_paste("x" * 1_000_001)[1] and read_paste("Jets struck Homs.")[0]


def test_decisions_change_the_stamp_and_a_bad_form_changes_nothing(store, extractor, gazetteer):
    store_added(store, read_paste("Russian warplanes bombed rebel positions near Idlib on Tuesday.")[0], extractor)
    record = current_records(store)["record_id"].iloc[0]
    stamp = change_stamp(store)
    with pytest.raises(StoreError, match="latitude"):
        decide(store, record, "edit", {"lat": "north", "lon": "3"}, by="Ann", gazetteer=gazetteer)
    with pytest.raises(StoreError, match="review action"):
        decide(store, record, "delete", {}, by="Ann", gazetteer=gazetteer)
    assert change_stamp(store) == stamp
    changes = decide(store, record, "edit", {"place": "Aleppo", "note": "moved"}, by="Ann", gazetteer=gazetteer,
                     country="SY")
    assert {c.field for c in changes} >= {"place", "lat", "lon", "review_status"} and change_stamp(store) != stamp
    row = current_records(store).iloc[0]
    assert (row["place"], row["review_status"], row["reviewed_by"]) == ("Aleppo", "edited", "Ann")


def _record(n: int, *, precision="town", actor="Russia", confidence=0.95, day="2023-03-10", lat=36.2, lon=37.15,
            kind="Explosions/Remote violence") -> Record:
    return Record(kind="event", event_type=kind, actor=actor, actor2=None, event_date=day, date_precision="day",
                  place=f"P{n}", place_id=None, geo_precision=precision, country="SY", lat=lat, lon=lon,
                  place_confidence=confidence, sources=[Source(f"r{n}", "", "", "", None, f"quote {n}", n, n)])


def _frame(*records: Record, dataset="extracted", statuses=None):
    frame = to_frame(list(records))
    frame["dataset"] = dataset
    frame["review_status"] = statuses or ["unreviewed"] * len(frame)
    frame["reviewed_by"] = None
    frame["reviewed_at"] = None
    return frame


def test_the_queue_puts_the_least_certain_place_or_actor_first():
    frame = _frame(_record(0), _record(1, precision="country"), _record(2, actor="Some Unlisted Group"),
                   _record(3, confidence=0.3), _record(4, precision="report", actor=None),
                   _record(5, precision="country"), statuses=["unreviewed"] * 5 + ["confirmed"])
    queue = review_queue(frame, known_actors={"Russia"})
    assert queue["place"].tolist() == ["P4", "P1", "P2", "P3", "P0", "P5"]
    assert queue["why"].iloc[0] == "place only to the report; no actor" and queue["why"].iloc[4] == ""
    assert review_queue(_frame(_record(0), dataset="acled")).empty  # imported records are theirs to review


def test_filters_by_status_and_dataset_and_rejected_only_when_asked():
    frame = combine(_frame(_record(0), _record(1), _record(2), statuses=["unreviewed", "confirmed", "rejected"]),
                    _frame(_record(3), dataset="acled"))
    assert filter_frame(frame, include_rejected=False)["place"].tolist() == ["P0", "P1", "P3"]
    assert filter_frame(frame, review_statuses=["confirmed"], include_rejected=False)["place"].tolist() == ["P1"]
    assert filter_frame(frame, review_statuses=["confirmed"])["place"].tolist() == ["P1", "P2"]  # rejected shown
    assert filter_frame(frame, datasets=["acled"])["place"].tolist() == ["P3"]
    assert len(filter_frame(frame)) == 4


def test_popups_and_markers_say_the_review_and_the_matching_events():
    ours = _frame(_record(0), _record(1, lat=33.5, lon=36.3), statuses=["edited", "unreviewed"])
    ours.loc[0, "reviewed_by"] = "<img src=x onerror=alert(1)> *Ann*"
    ours.loc[0, "reviewed_at"] = "2026-12-01T16:40:00.123+00:00"
    theirs = _frame(_record(7, lat=36.25, lon=37.1, actor="Military Forces of Russia <b>"), dataset="acled")
    frame = with_matches(combine(ours, theirs).reset_index(drop=True))
    assert [len(m) for m in frame["matches"]] == [1, 0, 0]
    html = popup_html(next(frame.itertuples(index=False)))
    assert "Review: <b>edited</b> by &lt;img src=x onerror=alert(1)&gt; *Ann*, 2026-12-01 16:40 UTC" in html
    assert "Also in:" in html and "acled: Explosions/Remote violence · Military Forces of Russia &lt;b&gt;" in html
    page = build_map(frame).get_root().render()
    assert "geo-status-edited" in page and "geo-status-unreviewed" in page and "edited (ringed)" in page
    assert '"ring":true' in page.replace(" ", "") and "<img src=x" not in page
    assert "Review:" not in popup_html(next(to_frame([_record(0)]).itertuples(index=False)))  # a records file's


def test_the_gazetteer_search_lists_first_the_place_a_name_edit_takes(gazetteer):
    found = place_candidates(gazetteer, "Tripoli", country="LB")
    assert found[0]["country"] == "LB" and {"LY", "LB"} <= {p["country"] for p in found}
    assert find_place(gazetteer, "Tripoli", country="LB").name == found[0]["name"]
    assert place_candidates(gazetteer, "Ruqqa")[0]["name"] == find_place(gazetteer, "Ruqqa").name  # spelled alike
    assert place_candidates(gazetteer, "  ") == [] and place_candidates(gazetteer, "Qqqzzxq") == []
    assert describe([Change("actor", None, "Hezbollah"), Change("review_status", "unreviewed", "edited"),
                     Change("actor", "x", "y")]) == "actor:  -> Hezbollah; review_status: unreviewed -> edited"


def test_the_review_form_offers_what_review_record_takes():
    from geo.render.forms import REVIEW_FORM
    from geo.store.review import FORM_FIELDS, PRECISIONS, TYPES

    assert [field for _, _, field, _ in REVIEW_FORM] == list(FORM_FIELDS)
    options = {field: choices for _, _, field, choices in REVIEW_FORM if choices}
    assert options == {"event_type": ["", *TYPES], "precision": ["", *PRECISIONS]}
