import datetime as dt

import pytest

from geo.dates import find_dates

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
