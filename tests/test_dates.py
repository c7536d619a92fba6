import datetime as dt

import pytest

from geo.text.dates import find_dates

WEDNESDAY = dt.date(2015, 9, 30)


def one(text, published=WEDNESDAY):
    refs = find_dates(text, published)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize("text, date, precision", [
    ("strikes began on Wednesday", "2015-09-30", "day"),
    ("Carter on Tuesday directed the staff", "2015-09-29", "day"),
    ("they spoke on September 18", "2015-09-18", "day"),
    ("since Sept. 4, 2015", "2015-09-04", "day"),
    ("on 18 September 2015", "2015-09-18", "day"),
    ("France, too, this week began bombing", "2015-09-28", "week"),
    ("suggested earlier this week", "2015-09-28", "week"),
    ("crossed in recent days", "2015-09-24", "week"),
    ("arriving in recent weeks", "2015-09-01", "month"),
    ("severed in 2014", "2014-01-01", "year"),
    ("yesterday's attack", "2015-09-29", "day"),
])
def test_expressions_resolve_against_the_publication_date(text, date, precision):
    ref = one(text)
    assert (ref.date.isoformat(), ref.precision) == (date, precision)
    assert text[ref.start:ref.end] == ref.text


def test_future_weekday_is_the_next_one():
    assert one("the militaries will hold talks as soon as possible, maybe Thursday").date == dt.date(2015, 10, 1)


def test_reported_speech_about_the_past_stays_in_the_past():
    ref = one("walked to the embassy Wednesday morning to say the Russians would begin bombing")
    assert ref.date == WEDNESDAY


def test_relative_dates_without_publication_date_are_unresolved():
    assert one("on Tuesday", published=None).date is None


def test_month_day_late_in_year_before_a_january_report_is_last_year():
    assert one("on December 28", published=dt.date(2016, 1, 3)).date == dt.date(2015, 12, 28)


def test_may_as_a_verb_is_not_a_month():
    assert find_dates("talks may begin in may", WEDNESDAY) == []


# Hostile and careless input: any text with any publication date the calendar holds.

from hypothesis import given, settings, strategies as st  # noqa: E402

from geo.text.dates import PRECISIONS, date_period, find_publication_date  # noqa: E402

_DATE_WORDS = ["Wednesday", "Monday", "yesterday", "today", "tomorrow", "last week", "next week", "this week",
               "the day before", "in recent days", "in recent weeks", "over the weekend", "this month",
               "last month", "this year", "last year", "last Friday", "next Sunday", "will meet Thursday",
               "on December 28", "in January", "since March", "early May", "31 February", "September 18, 2015",
               "2015-09-30", "in 2014", "Jan. 1", "29 February", "Dec 31st", "in mid-December"]
_EDGES = st.sampled_from([dt.date.min, dt.date(1, 1, 7), dt.date(1, 2, 28), dt.date(9999, 12, 1),
                          dt.date(9999, 12, 27), dt.date.max])
_PUBLISHED = st.none() | _EDGES | st.dates(min_value=dt.date.min, max_value=dt.date.max)
_DATE_TEXT = st.lists(st.sampled_from(_DATE_WORDS) | st.text(max_size=8), max_size=12).map(" ".join)


def _check(refs, text):
    for ref in refs:
        assert ref.date is None or isinstance(ref.date, dt.date)
        assert ref.precision in PRECISIONS and text[ref.start:ref.end] == ref.text
    assert [r.start for r in refs] == sorted(r.start for r in refs)
    assert all(a.end <= b.start for a, b in zip(refs, refs[1:]))  # no overlaps


@settings(max_examples=300, deadline=None)
@given(text=st.text() | _DATE_TEXT, published=_PUBLISHED)
def test_any_text_and_publication_date_give_dates_or_none_and_never_raise(text, published):
    _check(find_dates(text, published), text)
    found = find_publication_date(text)
    assert found is None or isinstance(found, dt.date)


@settings(max_examples=300, deadline=None)
@given(first=st.dates(min_value=dt.date.min, max_value=dt.date.max) | _EDGES, precision=st.sampled_from(PRECISIONS))
def test_every_date_of_the_calendar_has_a_period(first, precision):
    start, end = date_period(first, precision)
    assert start == first and (first < end or end == dt.date.max)


@pytest.mark.parametrize("published", [dt.date.min, dt.date.max])
def test_relative_dates_past_the_calendar_edge_are_left_unresolved(published):
    refs = {ref.text: ref for ref in find_dates("Wednesday, yesterday, tomorrow and last week", published)}
    assert set(refs) == {"Wednesday", "yesterday", "tomorrow", "last week"}
    outside = ["Wednesday", "yesterday", "last week"] if published == dt.date.min else ["tomorrow"]
    assert all(refs[word].date is None for word in outside)
    inside = set(refs) - set(outside)
    assert all(refs[word].date is not None and dt.date.min <= refs[word].date <= dt.date.max for word in inside)
