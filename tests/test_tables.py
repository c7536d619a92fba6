"""The tables beside the map."""

from geo.render.tables import events_per_day, record_table, selected_record, sources_table


def test_records_most_recent_first_and_undated_last(sample):
    table = record_table(sample.frame, limit=100)
    dated = table["date"].dropna()
    assert list(dated) == sorted(dated, reverse=True)
    assert table["date"].isna().sum() > 0 and table["date"].isna().iloc[-1]
    assert len(record_table(sample.frame, limit=3)) == 3


def test_a_marker_click_or_a_row_selects_a_record(sample):
    table = record_table(sample.frame, limit=100)
    some = sample.frame["record_id"].iloc[2]
    assert selected_record(sample.frame, table, f"Air/drone strike · Russia · 2015-09-30 · #{some}", []) == some
    assert selected_record(sample.frame, table, "Air/drone strike · #nosuchid", []) is None
    assert selected_record(sample.frame, table, f"x · #{some}", [0]) == table["record"].iloc[0]


def test_sources_keep_only_web_links_and_events_count_per_day(sample):
    record = sample.frame.iloc[0].copy()
    record["sources"] = [{"quote": "q", "url": "javascript:alert(1)"}, {"quote": "r", "url": " https://e.org/a "}]
    links = sources_table(record)["link"]
    assert links.isna().iloc[0] and links.iloc[1] == "https://e.org/a"
    counts = events_per_day(sample.frame)
    assert counts.loc["2015-09-30"].sum() >= 2 and "Russia" in counts.columns
