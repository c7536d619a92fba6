import datetime as dt
from dataclasses import replace

from geo.events import Record, Source
from geo.merge import corroboration, merge_records, period


def record(report="r1", start=0, *, date="2015-09-30", precision="day", place="Homs", place_id="geonames:1",
           lat=34.72, lon=36.72, geo="town", kind="event", event_type="air strike", actor="Russia", published="2015-09-30",
           fatalities=None):
    source = Source(report, "T", "O", "", published, f"quote {report} {start}", start, start + 5, fatalities)
    return Record(kind, event_type, actor, None, date, precision, place, place_id, geo, "SY", lat, lon, 0.9,
                  sources=[source])


def test_same_event_from_three_reports_is_one_record_with_every_source_and_figure():
    merged = merge_records([record("a", fatalities="more than 30"), record("b", lat=34.75, place_id="x"),
                            record("c", date=None, precision="unknown", fatalities="32 civilian deaths")])
    assert len(merged) == 1
    assert corroboration(merged[0]) == 3
    assert [s.fatalities for s in merged[0].sources] == ["more than 30", None, "32 civilian deaths"]
    assert merged[0].event_date == "2015-09-30" and merged[0].date_precision == "day"


def test_different_actor_type_day_or_distant_place_stay_apart():
    base = record("a")
    others = [record("b", actor="France"), record("c", event_type="attack/shelling"),
              record("d", date="2015-09-20"), record("e", place_id="y", lat=36.2, lon=37.16)]
    assert len(merge_records([base, *others])) == 5


def test_week_precision_overlaps_its_days_and_undated_means_the_week_before_publication():
    week = record("a", date="2015-09-28", precision="week")
    assert len(merge_records([week, record("b", date="2015-10-02")])) == 1
    assert len(merge_records([week, record("c", date="2015-10-05")])) == 2
    undated = record("d", date=None, precision="unknown", published="2015-10-20")
    assert period(undated)[0].isoformat() == "2015-10-14"
    assert len(merge_records([record("e"), undated])) == 2


def test_areas_merge_only_with_the_same_area():
    country = record("a", place="Syria", place_id="country:SY", geo="country", lat=35.0, lon=38.0)
    assert len(merge_records([country, replace(country, sources=[replace(country.sources[0], report="b")])])) == 1
    assert len(merge_records([country, record("c")])) == 2


def test_positions_merge_on_actor_and_place():
    a = record("a", kind="position", event_type="position", actor="Islamic State", date=None, precision="unknown")
    b = record("b", kind="position", event_type="position", actor="Islamic State", date=None, precision="unknown",
               published=None)
    assert len(merge_records([a, b])) == 1


def test_records_at_the_edges_of_the_calendar_merge_without_error():
    records = [record("a", date=None, precision="unknown", published="0001-01-01"),
               record("b", date=None, precision="unknown", published="0001-01-03"),
               record("c", date="9999-12-31", precision="year", published="9999-12-31"),
               record("d", date="9999-12-31", precision="day", published="9999-12-31")]
    merged = merge_records(records)
    assert sorted(corroboration(r) for r in merged) == [2, 2]
    assert period(records[0]) == (dt.date.min, dt.date.min)
    assert period(records[3]) == (dt.date.max, dt.date.max)
