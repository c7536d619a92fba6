import datetime as dt
from dataclasses import replace

from geo.frame import Record, Source
from geo.extract.merge import corroboration, merge_records, period


def record(report="r1", start=0, *, date="2015-09-30", precision="day", place="Homs", place_id="geonames:1",
           lat=34.72, lon=36.72, geo="town", kind="event", event_type="Explosions/Remote violence", actor="Russia",
           published="2015-09-30", fatalities=None, sub_event_type="Air/drone strike"):
    source = Source(report, "T", "O", "", published, f"quote {report} {start}", start, start + 5, fatalities)
    return Record(kind, event_type, actor, None, date, precision, place, place_id, geo, "SY", lat, lon, 0.9,
                  sources=[source], sub_event_type=sub_event_type if kind == "event" else None)


def test_same_event_from_three_reports_is_one_record_with_every_source_and_figure():
    merged = merge_records([record("a", fatalities="at least 14 civilians"), record("b", lat=34.75, place_id="x"),
                            record("c", date=None, precision="unknown", fatalities="17 people")])
    assert len(merged) == 1
    assert corroboration(merged[0]) == 3
    assert [s.fatalities for s in merged[0].sources] == ["at least 14 civilians", None, "17 people"]
    assert merged[0].event_date == "2015-09-30" and merged[0].date_precision == "day"


def test_different_actor_type_day_or_distant_place_stay_apart():
    base = record("a")
    others = [record("b", actor="France"), record("c", event_type="Battles", sub_event_type="Armed clash"),
              record("d", date="2015-09-20"), record("e", place_id="y", lat=36.2, lon=37.16)]
    assert len(merge_records([base, *others])) == 5


def test_an_air_strike_and_a_shelling_of_the_same_town_that_day_stay_two_events():  # as ACLED codes them
    shelling = record("b", sub_event_type="Shelling/artillery/missile attack")
    assert len(merge_records([record("a"), shelling])) == 2
    assert len(merge_records([record("a"), record("c", lat=34.75, place_id="x")])) == 1


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


# Merging must give what joining every pair that is the same event gives, however many records.

from hypothesis import given, settings, strategies as st  # noqa: E402

from geo.extract.merge import MERGE_KM, _same_place  # noqa: E402

_PLACES = [dict(place="Homs", place_id="t:homs", lat=34.72, lon=36.72, geo="town"),
           dict(place="Homs east", place_id="t:homs-e", lat=34.75, lon=36.9, geo="town"),  # 16 km away
           dict(place="Talbiseh", place_id="t:talb", lat=34.84, lon=36.73, geo="site"),
           dict(place="Hama", place_id="t:hama", lat=35.13, lon=36.76, geo="town"),  # 46 km from Homs
           dict(place="Homs province", place_id="p:homs", lat=34.6, lon=37.9, geo="province"),
           dict(place="Syria", place_id="c:sy", lat=35.0, lon=38.0, geo="country"),
           dict(place="Nowhere", place_id=None, lat=None, lon=None, geo="town"),
           dict(place="Far north", place_id="t:north", lat=89.99, lon=10.0, geo="town"),
           dict(place="Far north 2", place_id="t:north2", lat=89.99, lon=-170.0, geo="town")]  # 2 km across the pole
_DATES = [(None, "unknown"), ("2015-09-28", "week"), ("2015-09-30", "day"), ("2015-10-01", "day"),
          ("2015-09-01", "month"), ("2015-01-01", "year"), ("2015-10-20", "day")]


def _pairwise(records):
    """The definition: union of every pair of the same kind, type, actor, time and place."""
    parent = list(range(len(records)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(records):
        for j in range(i + 1, len(records)):
            b = records[j]
            if (a.kind, a.event_type, a.sub_event_type, a.actor) != (b.kind, b.event_type, b.sub_event_type, b.actor):
                continue
            pa, pb = period(a), period(b)
            same_time = a.kind == "position" or (pa is None and pb is None) or (
                pa is not None and pb is not None and pa[0] <= pb[1] and pb[0] <= pa[1])
            if same_time and _same_place(a, b, MERGE_KM):
                parent[root(j)] = root(i)
    groups = {}
    for index in range(len(records)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values())


@st.composite
def _record_lists(draw):
    out = []
    for number in range(draw(st.integers(0, 30))):
        where = draw(st.sampled_from(_PLACES))
        date, precision = draw(st.sampled_from(_DATES))
        kind = draw(st.sampled_from(["event", "event", "position"]))
        out.append(record(f"r{number}", number, date=date, precision=precision, place=where["place"],
                          place_id=where["place_id"], lat=where["lat"], lon=where["lon"], geo=where["geo"],
                          kind=kind, event_type="position" if kind == "position" else "Explosions/Remote violence",
                          sub_event_type=draw(st.sampled_from(["Air/drone strike", "Shelling/artillery/missile attack"])),
                          actor=draw(st.sampled_from(["Russia", "France"])),
                          published=draw(st.sampled_from([None, "2015-09-30", "2015-10-21"]))))
        out[-1].admin1 = "SY.11" if where["place_id"] in ("t:homs", "t:homs-e", "p:homs", "t:talb") else ""
    return out


@settings(max_examples=300, deadline=None)
@given(_record_lists())
def test_merging_joins_exactly_the_pairs_that_are_the_same_event(records):
    expected = _pairwise(records)
    merged = merge_records(records)
    got = sorted(sorted(int(s.report[1:]) for s in r.sources) for r in merged)
    assert got == expected
