"""The first screen's pure parts: the map's first view, the summary line, the timeline's bins and
brush, the filters' counts and choices, the table's columns and the quiet map (issue 14)."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest

from geo.analysis.filters import kept_choice, listed, narrowed
from geo.render.charts import BRUSH, CHART_JS, bin_unit, brushed_dates, timeline_counts, timeline_data
from geo.render.facets import facets, option_counts
from geo.render.framing import frame_points
from geo.render.summary import date_span_text, summary_counts, summary_text
from geo.render.tables import RECORD_LABELS, record_table
from geo.render.webmap import build_map, plan_drawing


def _inside(view, lon, lat) -> bool:
    (south, west), (north, east) = view
    return west <= lon <= east and south <= lat <= north


# ---------------------------------------------------------------- framing

def test_the_first_view_fits_syria_and_counts_the_far_records(sample):
    framing = plan_drawing(sample.frame).framing
    (south, west), (north, east) = framing.view
    assert east - west < 30 and north - south < 20
    syria = sample.frame[sample.frame["country"] == "SY"].geometry.representative_point()
    assert all(_inside(framing.view, p.x, p.y) for p in syria)
    assert not _inside(framing.view, -74.0, 40.7)  # New York stays outside, and is counted
    outside = len(sample.frame) - int(framing.inside.sum())
    assert framing.outside == outside >= 1 and framing.outside_text == f"{outside} records outside this view"
    (all_south, all_west), (all_north, all_east) = framing.everything
    assert all_west < -74 and all_east > 40  # "show all" reaches New York and Syria


def test_one_far_record_is_named_in_the_singular():
    rng = np.random.default_rng(3)
    lon, lat = list(rng.normal(38, 1, 30)) + [-74.0], list(rng.normal(35, 1, 30)) + [40.7]
    framing = frame_points(lon, lat)
    assert framing.outside == 1 and framing.outside_text == "1 record outside this view"
    assert framing.view[1][1] - framing.view[0][1] < 15 and not framing.inside[-1] and framing.inside[:-1].all()


def test_several_conflicts_open_on_the_one_with_most_records():
    # Eight Syrian places, and Donetsk, Kidal and Maiduguri (as tests/test_browser_first_screen.py's reports).
    syria = [(37.16, 36.2), (36.73, 34.72), (36.76, 35.13), (39.01, 35.95), (36.63, 35.93), (40.14, 35.34),
             (35.79, 35.53), (38.28, 34.56)]
    others = [(37.8, 48.02), (1.41, 18.44), (13.16, 11.85)]
    lon, lat = zip(*(syria + others))
    framing = frame_points(lon, lat)
    assert all(_inside(framing.view, x, y) for x, y in syria)
    assert not any(_inside(framing.view, x, y) for x, y in others) and framing.outside == 3


def test_records_spread_evenly_are_all_in_the_first_view():
    lon, lat = np.linspace(30, 45, 40), np.linspace(30, 38, 40)
    framing = frame_points(lon, lat)
    assert framing.outside == 0 and framing.view == framing.everything and framing.outside_text == ""


def test_the_densest_region_wins_over_the_middle_of_two():
    # 30 records in Mali, 5 in Syria: the first view is Mali's, not the Sahara between them.
    lon = [-3.0 + 0.1 * i for i in range(30)] + [37.0 + 0.1 * i for i in range(5)]
    lat = [16.0 + 0.05 * i for i in range(30)] + [35.0] * 5
    framing = frame_points(lon, lat)
    assert _inside(framing.view, -3.0, 16.0) and not _inside(framing.view, 37.0, 35.0) and framing.outside == 5


def test_a_single_place_gets_a_margin_and_nothing_is_none():
    framing = frame_points([38.0], [35.0])
    (south, west), (north, east) = framing.view
    assert west < 38 < east and south < 35 < north and framing.outside == 0
    assert frame_points([], []) is None and frame_points([np.nan], [np.nan]) is None


def test_framing_says_what_it_expected():
    with pytest.raises(ValueError, match="as many longitudes as latitudes"):
        frame_points([1, 2], [1])
    with pytest.raises(ValueError, match="share in"):
        frame_points([1], [1], share=0)


# ---------------------------------------------------------------- the map stays quiet

def test_the_map_opens_on_the_theatre_with_its_buttons_and_no_open_label(sample):
    html = build_map(sample.frame, basemap=None).get_root().render()
    fitted = json.loads(re.search(r"var view = (\[\[.*?\]\])", html, re.S).group(1))  # fitted at once
    assert fitted[1][1] - fitted[0][1] < 30
    assert '"permanent": true' not in html  # no tooltip open before a hover
    assert "geo-claim-label" in html  # the claim's label: on hover, in small type
    assert '"geo-legend geo-folded"' in html and 'position: "bottomright"' in html
    assert "FramingControl" not in html and "records outside this view" in html and "requestFullscreen" in html
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html.split("</head>")[0].split("<head>")[-1])


# ---------------------------------------------------------------- the summary line

def test_the_summary_line_counts_kinds_dates_sources_claims_and_review(sample):
    frame = sample.frame.copy()
    frame["review_status"] = ["confirmed"] * 2 + ["unreviewed"] * (len(frame) - 2)
    summary = summary_counts(frame)
    kinds = frame["kind"].value_counts()
    assert summary.kinds == {k: int(kinds[k]) for k in ("event", "asset", "position", "claim")}
    assert summary.reports == 5 and summary.not_holding == 1 and summary.waiting == len(frame) - 2
    text = summary_text(summary)
    assert text.startswith(f"{kinds['event']} events · {kinds['asset']} assets")
    assert "| from 5 reports by 3 outlets |" in text and "1 claim does not hold" in text
    assert text.endswith(f"{len(frame) - 2} waiting for review")
    assert "waiting" not in summary_text(summary_counts(sample.frame))  # a records file: no review


def test_date_spans_read_as_dates():
    d = dt.date
    assert date_span_text(d(2015, 9, 30), d(2015, 9, 30)) == "30 Sep 2015"
    assert date_span_text(d(2015, 9, 1), d(2015, 9, 30)) == "1 – 30 Sep 2015"
    assert date_span_text(d(2015, 9, 30), d(2015, 10, 3)) == "30 Sep – 3 Oct 2015"
    assert date_span_text(d(2015, 12, 30), d(2016, 1, 2)) == "30 Dec 2015 – 2 Jan 2016"
    assert date_span_text(None, None) == "undated"


# ---------------------------------------------------------------- the timeline

def test_bins_follow_the_span():
    d = dt.date
    assert bin_unit(d(2015, 9, 1), d(2015, 10, 30)) == "day"
    assert bin_unit(d(2015, 1, 1), d(2015, 12, 31)) == "week"
    assert bin_unit(d(2015, 1, 1), d(2016, 12, 31)) == "month"


def _events(dates: list[str], actors: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({"kind": "event", "event_date": dates, "actor": actors})


def test_timeline_counts_by_week_and_month_start_their_bins():
    counts, unit = timeline_counts(_events(["2015-01-07", "2015-01-08", "2015-06-30", "2015-12-31"],
                                           ["Russia", "Russia", None, "Turkey"]))
    assert unit == "week"
    first = counts.iloc[0]
    assert (first["start"], first["end"], first["actor"], first["events"]) == (
        pd.Timestamp("2015-01-05"), pd.Timestamp("2015-01-12"), "Russia", 2)  # Monday to Monday
    assert "unknown" in set(counts["actor"])
    counts, unit = timeline_counts(_events(["2015-01-07", "2016-08-30"], ["Russia", "Russia"]))
    assert unit == "month" and list(counts["start"]) == [pd.Timestamp("2015-01-01"), pd.Timestamp("2016-08-01")]
    assert list(counts["end"]) == [pd.Timestamp("2015-02-01"), pd.Timestamp("2016-09-01")]
    empty, unit = timeline_counts(_events([None], ["Russia"]))
    assert empty.empty and unit is None


def test_the_chart_stacks_actors_in_the_map_colours_by_day_and_brushes_dates(sample):
    counts, unit = timeline_counts(sample.frame)
    data = timeline_data(counts, unit, {"Russia": "#0072B2"})
    assert data["unit"] == "day" and data["per"] == "events per day"
    assert data["colours"][data["actors"].index("Russia")] == "#0072B2"
    assert set(data["colours"]) == {"#0072B2", "#999999"}  # actors without a colour of the map: grey
    assert data["start"][0] == "2015-09-28" and data["end"][0] == "2015-09-29"  # a day's bar: to the next day
    rows = list(zip(data["start"], data["actor"], data["events"]))
    on_30th = [(data["actors"][a], n) for day, a, n in rows if day == "2015-09-30"]
    assert len(on_30th) > 1 and sum(n for _, n in on_30th) == int(counts.loc[counts["start"] == "2015-09-30",
                                                                              "events"].sum())  # stacked by actor
    assert len(data["start"]) == len(data["end"]) == len(data["actor"]) == len(data["events"]) == len(counts)
    json.dumps(data)  # plain values: the page receives them as JSON
    # The chart is our script, no chart library: it stacks, labels by the unit and sends the brush.
    assert "import" not in CHART_JS and f'geoSend("{BRUSH}"' in CHART_JS and "textContent" in CHART_JS
    assert "innerHTML" not in CHART_JS  # names reach the page as text only


def test_a_brushed_range_becomes_days():
    ms = lambda day: int(pd.Timestamp(day, tz="UTC").timestamp() * 1000)  # noqa: E731
    picked = {BRUSH: {"start": [ms("2015-09-30 13:00"), ms("2015-09-28 05:00")]}}
    assert brushed_dates(picked) == (dt.date(2015, 9, 28), dt.date(2015, 9, 30))
    bounds = (dt.date(2015, 9, 29), dt.date(2015, 11, 24))
    assert brushed_dates(picked, bounds) == (dt.date(2015, 9, 29), dt.date(2015, 9, 30))
    assert brushed_dates({BRUSH: {"start": ["2015-10-01T00:00:00", "2015-10-03"]}}) == (
        dt.date(2015, 10, 1), dt.date(2015, 10, 3))
    for nothing in (None, {}, {BRUSH: {}}, {BRUSH: {"start": [1]}}, {BRUSH: {"start": ["x", "y"]}}, []):
        assert brushed_dates(nothing) is None


# ---------------------------------------------------------------- filters and the table

def test_each_option_counts_its_records(sample):
    counts = option_counts(sample.frame)
    russia = ((sample.frame["actor"] == "Russia") | (sample.frame["actor2"] == "Russia")).sum()
    assert counts["actors"]["Russia"] == russia
    assert counts["kinds"] == sample.frame["kind"].value_counts().to_dict()
    rfe = sum(any(s.get("outlet") == "RFE/RL" for s in sources) for sources in sample.frame["sources"])
    assert counts["outlets"]["RFE/RL"] == rfe and "" in counts["outlets"]
    assert facets(sample.frame)["counts"] == counts


def test_filters_start_empty_and_empty_means_every_record():
    options = ["Russia", "Turkey"]
    assert listed(None, options) == [] and listed("", options) == []
    assert listed("Turkey,Nobody", options) == ["Turkey"]
    assert narrowed([], options) is None and narrowed(["Turkey", "Russia"], options) is None
    assert narrowed(["Turkey"], options) == ["Turkey"]
    assert kept_choice([], ["Russia"]) == [] and kept_choice(["Turkey", "Iran"], options) == ["Turkey"]


def test_the_table_leads_with_what_a_reader_scans(sample):
    table = record_table(sample.frame, limit=100)
    shown = [RECORD_LABELS.get(c, c) for c in table.columns]
    assert shown[:10] == ["date", "type", "actor", "second actor", "place", "precision", "outlet", "corroboration",
                          "review status", "id"]
    homs = table[table["place"] == "Homs"].iloc[0]
    assert homs["type"] == "Air/drone strike" and homs["event type"] == "Explosions/Remote violence"
    assert set(table["record"]) == set(sample.frame["record_id"])
    assert "VOA" in set(table["outlet"].dropna())


def test_counts_from_the_frame_made_once_equal_counts_of_the_view_alone(sample):
    from geo.render.summary import event_days, source_keys

    frame = sample.frame
    view = frame[frame["actor"].isin(["Russia", "Islamic State"])]
    days, sources = event_days(frame), source_keys(frame)
    assert summary_counts(view, days=days, sources=sources) == summary_counts(view)
    assert summary_counts(view).reports < summary_counts(frame).reports or len(view) < len(frame)
    made, unit = timeline_counts(view, days=days)
    alone, unit_alone = timeline_counts(view)
    assert made.equals(alone) and unit == unit_alone and not made.empty
