from geo.frame import COLUMNS, empty_frame


def test_sample_frame_schema(sample):
    frame = sample.frame
    assert str(frame.crs) == "EPSG:4326"
    assert set(COLUMNS) <= set(frame.columns)
    assert set(frame["kind"]) <= {"event", "asset", "position", "claim"}
    assert frame["record_id"].is_unique
    # Point(x=lon, y=lat): every point of the sample lies in the Middle East, Europe or the US.
    homs = frame[frame["place"] == "Homs"].geometry.iloc[0]
    assert (round(homs.x, 2), round(homs.y, 2)) == (36.73, 34.72)
    first = frame["sources"].iloc[0][0]
    assert {"report", "title", "outlet", "url", "published", "quote", "start", "end"} <= set(first)


def test_empty_frame_has_the_schema():
    frame = empty_frame()
    assert frame.empty and set(COLUMNS) <= set(frame.columns) and str(frame.crs) == "EPSG:4326"
