"""Positions and control areas in the store (schema version 4): an upload stored once for every session,
read back as records of kind "position", the same upload twice adding nothing, a bad file storing
nothing and removing nothing, and a store of version 3 opened at version 4 with its data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import geo.store.ingest as ingest
import geo.store.migrations as migrations
from geo.store import current_records, open_store
from geo.store.added import save_upload_positions
from geo.store.positions import stored_positions
from geo.store.schema import positions, records, schema_version
from geo.store.workspace import change_stamp, with_positions

from .test_store import _ingest, extractor, own  # noqa: F401

POINTS = b"actor,lat,lon,name\nIslamic State,34.95,37.20,East of Homs\nSyrian rebels,35.93,36.63,Idlib\n"
AREA = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "held"},'
        b' "geometry": {"type": "Polygon", "coordinates": [[[36.5, 34.5], [37.0, 34.5], [37.0, 35.0],'
        b' [36.5, 35.0], [36.5, 34.5]]]}}]}')


@pytest.fixture()
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}")


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(positions)).scalar()


def test_an_upload_is_stored_and_read_back_as_positions(store):
    stamp = change_stamp(store)
    saved = save_upload_positions(store, POINTS, "C:\\Users\\ann\\front.csv", "")
    assert saved.error is None and saved.added == 2
    assert change_stamp(store) != stamp  # every session rereads
    shown = stored_positions(store)
    assert list(shown["place"]) == ["East of Homs", "Idlib"]
    assert set(shown["kind"]) == {"position"} and set(shown["geo_precision"]) == {"site"}
    assert list(shown["actor"]) == ["Islamic State", "Syrian rebels"]
    assert set(shown["dataset"]) == {"positions: front.csv"}
    assert (shown.geometry.iloc[0].x, shown.geometry.iloc[0].y) == (37.20, 34.95)
    with store.connect() as conn:
        assert set(conn.execute(sa.select(positions.c.source)).scalars()) == {"front.csv"}  # never a path
        assert set(conn.execute(sa.select(positions.c.kind)).scalars()) == {"point"}


def test_a_control_area_keeps_its_polygon_and_the_actor_typed(store):
    saved = save_upload_positions(store, AREA, "area.geojson", "Islamic State")
    assert saved.error is None and saved.added == 1
    [area] = stored_positions(store).itertuples()
    assert area.geometry.geom_type == "Polygon" and area.geometry.area == pytest.approx(0.25)
    assert (area.actor, area.geo_precision, area.place) == ("Islamic State", "area", "held")
    with store.connect() as conn:
        assert conn.execute(sa.select(positions.c.kind)).scalar() == "area"


def test_the_same_upload_twice_adds_nothing_and_another_actor_is_another_upload(store):
    save_upload_positions(store, POINTS, "front.csv", "")
    stamp = change_stamp(store)
    again = save_upload_positions(store, POINTS, "front.csv", "")
    assert again.error is None and again.added == 0
    assert _count(store) == 2 and change_stamp(store) == stamp
    assert save_upload_positions(store, POINTS, "front.csv", "Hezbollah").added == 2
    assert _count(store) == 4


def test_a_bad_file_is_named_stores_nothing_and_loses_nothing_stored(store):
    save_upload_positions(store, POINTS, "front.csv", "")
    for name, data in (("broken.csv", b"name,where\nx,y\n"), ("far.csv", b"actor,lat,lon\nX,999,999\n"),
                       ("odd.txt", POINTS)):
        failed = save_upload_positions(store, data, name, "")
        assert failed.error and name in failed.error and failed.added == 0
    assert list(stored_positions(store)["place"]) == ["East of Homs", "Idlib"]


def test_an_empty_store_has_no_positions(store):
    assert stored_positions(store).empty


def test_stored_positions_are_measured_to_by_the_distance_checks(store, extractor, own):
    _ingest(store, extractor, own)
    save_upload_positions(store, POINTS, "front.csv", "")
    frame = with_positions(current_records(store, include_rejected=True), stored_positions(store), [])
    shown = frame[frame["kind"] == "position"]
    assert set(shown["place"]) == {"East of Homs", "Idlib"} and set(shown["dataset"]) == {"positions: front.csv"}


def test_a_store_of_version_3_opens_at_version_4_with_its_data(tmp_path, monkeypatch, extractor, own):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    with monkeypatch.context() as old:  # the code as it was at version 3
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
        old.setattr(migrations, "LATEST", 3)
        old.setattr(ingest, "keep_groups", lambda conn, added, left: None)  # no merges table before version 7
        engine = open_store(url)
        _ingest(engine, extractor, own)
        with engine.connect() as conn:
            assert not sa.inspect(conn).has_table("positions")
            before = sorted(conn.execute(sa.select(records.c.record_id)).scalars())
        engine.dispose()
    engine = open_store(url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() == migrations.LATEST  # 4 or later
        assert sorted(conn.execute(sa.select(records.c.record_id)).scalars()) == before and before
    assert save_upload_positions(engine, POINTS, "front.csv", "").added == 2
    assert len(stored_positions(engine)) == 2


def test_the_dates_a_file_gives_its_positions_are_stored(store):
    data = (b"actor,lat,lon,name,valid_from,valid_to\nIslamic State,34.95,37.20,Hill,2015-10-01,2015-10-31\n"
            b"Islamic State,34.55,36.90,Ridge,not a date,\n")
    assert save_upload_positions(store, data, "dated.csv", "").added == 2
    dated = save_upload_positions(store, b"actor,lat,lon,date\nHezbollah,34.0,36.0,2015-10-07\n", "day.csv", "")
    assert dated.added == 1
    with store.connect() as conn:
        rows = conn.execute(sa.select(positions.c.place, positions.c.valid_from, positions.c.valid_to)
                            .order_by(positions.c.id)).all()
    assert [tuple(row) for row in rows] == [("Hill", "2015-10-01", "2015-10-31"), ("Ridge", None, None),
                                            ("day", "2015-10-07", "2015-10-07")]
    shown = stored_positions(store)
    assert [day if isinstance(day, str) else None for day in shown["valid_from"]] == ["2015-10-01", None, "2015-10-07"]


def test_positions_are_exported_with_their_dates_and_an_upload_is_removed_alone(store):
    import json

    from geo.store.positions import positions_geojson, remove_positions

    save_upload_positions(store, POINTS, "front.csv", "")
    save_upload_positions(store, b"actor,lat,lon,name,valid_from,valid_to\nHezbollah,34.0,36.0,Hill,2015-10-01,"
                                 b"2015-10-31\n", "dated.csv", "")
    exported = json.loads(positions_geojson(store))
    assert [f["properties"]["place"] for f in exported["features"]] == ["East of Homs", "Idlib", "Hill"]
    hill = exported["features"][2]
    assert (hill["properties"]["valid_from"], hill["properties"]["valid_to"]) == ("2015-10-01", "2015-10-31")
    assert hill["geometry"] == {"type": "Point", "coordinates": [36.0, 34.0]}  # x = longitude
    assert remove_positions(store, "positions: front.csv") == 2
    assert list(stored_positions(store)["place"]) == ["Hill"]
    assert remove_positions(store, "positions: front.csv") == 0
    assert save_upload_positions(store, POINTS, "front.csv", "").added == 2  # the same file may come back
