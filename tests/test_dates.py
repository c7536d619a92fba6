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


# "May" the month and "may" the modal; relative expressions; the event's date.

from geo.text.dates import DateRef, carry, event_date, resolve_relative  # noqa: E402


def dates(text, published):
    return [(ref.text, ref.date.isoformat() if ref.date else None, ref.precision) for ref in find_dates(text, published)]


MAY_REPORT = dt.date(2020, 5, 12)


@pytest.mark.parametrize("text, found", [
    ("On 9 May 2020, regime forces shelled the outskirts of Maarat al-Numan.", ("9 May 2020", "2020-05-09", "day")),
    ("Houthi fighters advanced on Marib in May, tribal sources said.", ("in May", "2020-05-01", "month")),
    ("Boko Haram fighters raided Monguno on May 9.", ("May 9", "2020-05-09", "day")),
    ("The offensive around Kharkiv began in early May.", ("early May", "2020-05-01", "month")),
    ("RSF units entered El Geneina in mid-May.", ("mid-May", "2020-05-01", "month")),
    ("Taliban attacks in Helmand rose in May 2020.", ("in May 2020", "2020-05-01", "month")),
    ("The strikes on Gaza City have not stopped since May.", ("since May", "2020-05-01", "month")),
    ("Displaced families stayed in Hodeidah until late May.", ("late May", "2020-05-01", "month")),
    ("The truce held until May.", ("until May", "2020-05-01", "month")),
    ("The checkpoint was handed over at the end of May.", ("of May", "2020-05-01", "month")),
    ("Militants had taken the town last May.", ("last May", "2019-05-01", "month")),
    ("Elections are planned for next May.", ("next May", "2021-05-01", "month")),
    ("The army said on May 9th that it had retaken Sirte.", ("May 9th", "2020-05-09", "day")),
])
def test_may_the_month(text, found):
    assert dates(text, MAY_REPORT) == [found]


@pytest.mark.parametrize("text", [
    "Officials warned that the rebels may attack Idlib again.",
    "May God protect the people of Aleppo, the imam said.",
    "May they rest in peace, the governor of Borno said.",
    "May militants return to the villages, residents fear.",
    "Theresa May said Britain would not join the strikes.",
    "Theresa May 2019 speech on Yemen arms sales",
    "Talks may begin in may.",
    "Aid agencies commented on May's letter.",
])
def test_may_the_modal_or_the_name_is_no_date(text):
    assert find_dates(text, MAY_REPORT) == []


@pytest.mark.parametrize("expr, published, date, precision", [
    ("the day before", dt.date(2024, 3, 1), "2024-02-29", "day"),  # a leap year
    ("the day before", dt.date(2023, 3, 1), "2023-02-28", "day"),
    ("the previous day", dt.date(2024, 1, 1), "2023-12-31", "day"),  # the year before
    ("A day earlier", dt.date(2022, 3, 1), "2022-02-28", "day"),
    ("the next day", dt.date(2023, 12, 31), "2024-01-01", "day"),
    ("the following day", dt.date(2024, 2, 28), "2024-02-29", "day"),
    ("two days later", dt.date(2024, 2, 28), "2024-03-01", "day"),
    ("two days after", dt.date(2021, 8, 15), "2021-08-17", "day"),
    ("three days earlier", dt.date(2023, 4, 17), "2023-04-14", "day"),
    ("3 days ago", dt.date(2024, 3, 2), "2024-02-28", "day"),
    ("three days ago", dt.date(2024, 1, 2), "2023-12-30", "day"),
    ("the day before yesterday", dt.date(2024, 3, 1), "2024-02-28", "day"),
    ("the same day", dt.date(2023, 10, 9), "2023-10-09", "day"),
    ("last week", dt.date(2024, 1, 3), "2023-12-25", "week"),  # Wednesday: the Monday a week before its own
    ("a week ago", dt.date(2024, 1, 3), "2023-12-24", "week"),  # the seven days around 27 December
    ("earlier this month", dt.date(2023, 4, 17), "2023-04-01", "month"),
    ("earlier this year", dt.date(2023, 4, 17), "2023-01-01", "year"),
    ("overnight", dt.date(2024, 3, 1), "2024-02-29", "day"),
    ("overnight", dt.date(2024, 1, 1), "2023-12-31", "day"),
    ("on Monday night", dt.date(2022, 3, 2), "2022-02-28", "day"),  # published on a Wednesday
    ("overnight on Monday", dt.date(2022, 3, 2), "2022-02-28", "day"),
    ("Sunday morning", dt.date(2022, 3, 2), "2022-02-27", "day"),
])
def test_relative_expressions(expr, published, date, precision):
    ref = resolve_relative(expr, published)
    assert (ref.text, ref.date.isoformat(), ref.precision) == (expr, date, precision)


@pytest.mark.parametrize("expr", ["9 May 2020", "in 2014", "the rebels may attack", "yesterday and today", ""])
def test_resolve_relative_takes_one_relative_expression(expr):
    assert resolve_relative(expr, MAY_REPORT) is None


def test_the_day_before_counts_from_the_last_date_told_not_from_publication():
    text = ("Regime forces shelled Kafr Nabl on 3 March 2024. The day before, a drone had struck Ariha. "
            "Two days later the shelling resumed, and the next day civilians fled.")
    assert dates(text, dt.date(2024, 3, 10)) == [
        ("3 March 2024", "2024-03-03", "day"), ("The day before", "2024-03-02", "day"),
        ("Two days later", "2024-03-04", "day"), ("the next day", "2024-03-05", "day")]


def test_an_anchor_before_the_text_and_a_coarse_anchor():
    # without a date told, the anchor is the one given, else the publication date
    assert dates("The following day RSF fighters looted the market.", dt.date(2023, 6, 20)) == [
        ("The following day", "2023-06-21", "day")]
    assert find_dates("The following day RSF fighters looted the market.", None, anchor=dt.date(2023, 6, 15))[0].date \
        == dt.date(2023, 6, 16)
    assert find_dates("the next day", None)[0].date is None
    # a month is no day to count from
    assert dates("Fighting reached Omdurman in May. The next day the army withdrew.", dt.date(2023, 6, 20)) == [
        ("in May", "2023-05-01", "month"), ("The next day", None, "day")]


def test_publication_relative_expressions_ignore_earlier_dates():
    text = "Russian missiles hit Odesa on 2 February. Overnight, drones struck Kharkiv; three days ago, Kyiv."
    assert dates(text, dt.date(2024, 3, 1)) == [
        ("2 February", "2024-02-02", "day"), ("Overnight", "2024-02-29", "day"), ("three days ago", "2024-02-27", "day")]


AFGHAN = dt.date(2021, 8, 16)  # a Monday


def test_event_date_is_the_resolved_date_nearest_the_trigger():
    sentence = "On Saturday Taliban fighters attacked Mazar-i-Sharif, the governor said on Sunday."
    refs = find_dates(sentence, AFGHAN)
    assert event_date(refs, sentence.index("attacked"), None).text == "On Saturday"
    assert event_date(refs, sentence.index("said"), None).text == "on Sunday"


def test_event_date_prefers_the_trigger_s_clause():
    sentence = "Saudi-led jets struck Saada on Tuesday; on Thursday Houthi forces shelled Jizan."
    refs = find_dates(sentence, dt.date(2019, 6, 14))
    assert event_date(refs, sentence.index("shelled"), None).date == dt.date(2019, 6, 13)
    assert event_date(refs, sentence.index("struck"), None).date == dt.date(2019, 6, 11)


def test_event_date_ties_go_to_the_date_before_the_trigger():
    refs = [DateRef(0, 5, "a", dt.date(2021, 8, 14), "day"), DateRef(15, 20, "b", dt.date(2021, 8, 15), "day")]
    assert event_date(refs, 10, None).text == "a"
    assert event_date(refs, 11, None).text == "b"
    assert event_date(refs, 3, None).text == "a"  # the trigger inside a date expression


def test_event_date_falls_back_to_the_carried_date():
    published = dt.date(2023, 6, 20)
    text = "Fighting reached Omdurman in May. The next day the army withdrew from the bridge."
    month, next_day = find_dates(text, published)
    assert next_day.date is None  # a month is no day to count from
    lead = DateRef(0, 9, "on Monday", dt.date(2023, 6, 19), "day")
    assert event_date([next_day], text.index("withdrew"), lead) is lead
    assert event_date([next_day], text.index("withdrew"), None) is None
    assert event_date([], 0, lead) is lead


def test_carry_keeps_the_lead_date_until_a_new_day_is_told():
    published = dt.date(2020, 5, 12)
    story = ["Boko Haram fighters killed 20 soldiers near Monguno on Sunday, the army said on Tuesday.",
             "The attackers came on motorbikes.",
             "The group has held the area since 2015.",
             "Talks with elders will resume on Thursday.",
             "On Monday the army returned to the town.",
             "A day later, it lost it again."]
    carried, told = None, []
    offset = 0
    text = " ".join(story)
    refs = find_dates(text, published)
    for sentence in story:
        start, end = offset, offset + len(sentence)
        offset = end + 1
        carried = carry(carried, [r for r in refs if start <= r.start < end], published=published)
        told.append(carried.text if carried else None)
    assert told == ["on Sunday", "on Sunday", "on Sunday", "on Sunday", "On Monday", "A day later"]
    assert carried.date == dt.date(2020, 5, 12)  # a day after Monday 11 May


def test_carry_takes_a_coarse_date_only_when_nothing_is_carried():
    since = DateRef(0, 10, "since 2015", dt.date(2015, 1, 1), "year")
    lead = DateRef(0, 9, "on Sunday", dt.date(2020, 5, 10), "day")
    assert carry(None, [since]) is since
    assert carry(lead, [since]) is lead
    assert carry(lead, []) is lead
    assert carry(None, [DateRef(0, 3, "x", None, "day")]) is None
    tomorrow = DateRef(0, 8, "tomorrow", dt.date(2020, 5, 13), "day")
    assert carry(lead, [tomorrow], published=dt.date(2020, 5, 12)) is lead
    assert carry(lead, [tomorrow]) is tomorrow


# Hostile and careless input: any text with any publication date the calendar holds.

from hypothesis import given, settings, strategies as st  # noqa: E402

from geo.text.dates import PRECISIONS, date_period, find_publication_date  # noqa: E402

_DATE_WORDS = ["Wednesday", "Monday", "yesterday", "today", "tomorrow", "last week", "next week", "this week",
               "the day before", "in recent days", "in recent weeks", "over the weekend", "this month",
               "last month", "this year", "last year", "last Friday", "next Sunday", "will meet Thursday",
               "on December 28", "in January", "since March", "early May", "31 February", "September 18, 2015",
               "2015-09-30", "in 2014", "Jan. 1", "29 February", "Dec 31st", "in mid-December",
               "the next day", "two days later", "12 weeks later", "three days ago", "a week ago", "overnight",
               "on Monday night", "mid-May", "last May", "next December", "the day after tomorrow", "May God"]
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


@pytest.mark.parametrize("text, date, precision", [
    ("the protests that began seven years ago", "2008-01-01", "year"),  # told on 30 September 2015
    ("the town fell to militants two months ago", "2015-07-01", "month"),
    ("a siege that started a year ago", "2014-01-01", "year"),
])
def test_years_and_months_ago_are_that_year_and_month(text, date, precision):
    ref = one(text)
    assert (ref.date.isoformat(), ref.precision) == (date, precision)


def test_years_later_without_a_date_to_count_from_says_nothing():
    assert one("Two years later the fighting resumed.").date is None


def test_a_year_opening_a_sentence_is_a_date():
    assert one("In 2011, protesters gathered in Deraa.").date == dt.date(2011, 1, 1)
