"""Date expressions in report text, resolved against the publication date.

``find_dates`` returns every date expression in a text with its character
span, the date it resolves to and a precision:

========= ==========================================================
day       the event happened on ``date``
week      the event happened in the seven days starting at ``date``
month     the event happened in the month starting at ``date``
year      the event happened in the year starting at ``date``
========= ==========================================================

Relative expressions ("Wednesday", "this week", "in recent days",
"yesterday") need the publication date; without one they are returned with
``date=None``. A bare weekday is the latest such day on or before the
publication date, or the next one when the words just before it speak of the
future ("will hold talks ... maybe Thursday", "next Monday").

A month name alone is a date only after a word that makes it one: "in May", "since
May", "until/till/by/before/after/from/through/during/of May", "early/mid-/late May",
"last/next/this May" (the latest May before the publication's month, the first one after
it, the publication year's); with a day ("9 May", "May 9th") or a year ("May 2020") it
needs none. So "the rebels may attack", "May God protect them", "May they rest" and
"Theresa May said" hold no date: the month names are matched capitalised (or in capitals)
only, and a "May" with a day or a year right after a capitalised name ("Theresa May 2019")
is the name. "on May" alone is not counted ("commented on May").

Expressions told against *the last date told* (the anchor): "the day before", "the
previous day", "the night before", "a day earlier", "the next day", "the following day",
"the day after", "the same day", "that day", "that night", "later that day", "two days
later/after/earlier/before", "two weeks later" (the seven days around that day). Their
anchor is the nearest date expression before them in the text that has a date, which
must be a day: after "In May ..." the "next day" is unresolved. Before any date is told
the anchor is the ``anchor`` argument, else the publication date. An anchored
expression, once resolved, is the anchor of the next one ("On 9 May ... the next day ...
two days later": 10 and 12 May).

Expressions told against the publication date whatever comes before: "yesterday",
"three days ago", "a week ago" (the seven days around that day), "the day before
yesterday", "the day after tomorrow", "last week" (week), "earlier this month" (month), "earlier this year" (year),
"overnight" and "last night" (the day before publication: a night report is filed in the
morning after it, and the night began the evening before), "on Monday night" / "Monday
morning" / "overnight on Monday" (the Monday, as a bare Monday).

``event_date`` picks a trigger's date among a sentence's dates, and ``carry`` the date a
sentence hands on to the next; see them for their rules.

Every computation is safe at the edges of the calendar (``datetime.date.min`` and
``date.max``): a relative expression whose date would fall outside it ("yesterday"
in a report published 0001-01-01) is returned unresolved, with ``date=None``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Sequence

__all__ = ["DateRef", "find_dates", "find_publication_date", "PRECISIONS", "date_period", "add_days",
           "resolve_relative", "event_date", "carry"]

PRECISIONS = ("day", "week", "month", "year", "unknown")

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS |= {"sept": 9}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


def _forms(names) -> str:
    """Capitalised and upper-case forms only: matching them case-sensitively lets the
    regex engine skip ahead to a capital letter, six times faster than ``re.I``."""
    return "|".join(f"{n.title()}|{n.upper()}" for n in sorted(names, key=len, reverse=True))


_MONTH = r"(?P<month>" + _forms(_MONTHS) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + _forms(_WEEKDAYS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# anchored phrase -> days after the anchor (the last date told)
_ANCHORED = {"the day before": -1, "the previous day": -1, "the night before": -1, "the previous night": -1,
             "the next day": 1, "the following day": 1, "the day after": 1, "the same day": 0,
             "later that day": 0, "earlier that day": 0, "later in the day": 0, "earlier in the day": 0,
             "that day": 0, "that night": 0}


class _Tailed:
    """A pattern found from its tail: a scan for the tail ("days later"), then the whole
    pattern (ending in ``\\Z``) searched for from ``reach`` characters before the tail up to
    its end ("two days later"). Python's ``re`` skips ahead to a literal, never to a list of
    words ("two|three|..."): this is three times faster than scanning for the whole."""

    def __init__(self, tail: re.Pattern[str], whole: re.Pattern[str], *, reach: int):
        self.tail, self.whole, self.reach = tail, whole, reach

    def finditer(self, text: str):
        for tail in self.tail.finditer(text):
            whole = self.whole.search(text, max(0, tail.start() - self.reach), tail.end())
            if whole is not None:
                yield whole

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.whole.fullmatch(text)


_PATTERNS: list[tuple[str, re.Pattern[str] | _Tailed]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("month_day", re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?i:st|nd|rd|th)?\b(?:,?\s+" + _YEAR + r")?")),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?i:st|nd|rd|th)?\s+(?i:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b")),
    ("month_year", re.compile(r"\b(?i:in\s+)?" + _MONTH + r"\s+" + _YEAR + r"\b")),
    ("month", re.compile(r"\b(?:(?P<mod>(?i:in|since|during|until|till|by|before|after|from|through|throughout|of|"
                         r"early|late|last|next|this))\s+|(?i:mid)-?\s*)" + _MONTH + r"\b(?!\s+\d)")),
    # before "relative": "overnight on Monday" is the Monday, not the night before publication
    ("weekday", re.compile(r"\b(?:(?i:overnight)\s+(?:(?i:on|into)\s+)?)?(?:(?P<mod>(?i:last|next|this|on|early|late))\s+)?"
                           + _WEEKDAY + r"\b(?:\s+(?i:night|morning|afternoon|evening|overnight)\b)?")),
    ("relative", re.compile(
        r"\b(?P<rel>earlier this week|later this week|this week|last week|next week|"
        r"in recent days|in the past few days|over the weekend|earlier this month|later this month|this month|"
        r"last month|the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow|last night|overnight|this morning|"
        r"this afternoon|in recent weeks|earlier this year|later this year|this year|last year|"
        # the keys of _ANCHORED, factored: an alternation of 40 phrases is scanned twice as slowly
        # not "the day after they attacked the town": a clause, the day of another event, not of this one
        r"the (?:day before|previous day|night before|previous night|next day|following day|day after|same day)"
        r"(?!\s+(?:they|he|she|we|it)\b)|"
        r"(?:later|earlier) (?:that|in the) day|that (?:day|night))\b", re.I)),
    ("counted", _Tailed(re.compile(r"(?i:day|week|month|year)s?\s+(?i:ago|later|after|earlier|before)\b"), re.compile(
        r"\b(?P<n>\d{1,2}|" + "|".join(sorted(_COUNT, key=len, reverse=True)) + r")\s+(?P<unit>days?|weeks?|months?|years?)\s+"
        r"(?P<dir>ago|later|after|earlier|before)\Z", re.I), reach=16)),
    ("year", re.compile(r"\b(?i:in|since|during)\s+" + _YEAR + r"\b")),  # "In 2011, ..." opens sentences too
]
_KIND = dict(_PATTERNS)
# a capitalised word before "May 9" / "May 2019" that does not make it a name ("Theresa May 2019")
_BEFORE_MAY = frozenset({"on", "in", "since", "until", "till", "by", "before", "after", "from", "through", "of",
                         "early", "late", "mid", "last", "next", "this", "and", "or", "to", "between", "during",
                         "published", "posted", "updated"}
                        | {n.lower() for n in calendar.day_name} | {n.lower() for n in calendar.day_abbr})
_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+) $")

_FUTURE = re.compile(r"\b(will|shall|'ll|next|coming|planned|plans? to|scheduled|expected to)\b", re.I)
_FUTURE_WINDOW = 60
_PUBLISHED = re.compile(r"\b(?:published|posted|updated|last updated)\b[:\s]+(?:on\s+)?", re.I)


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str


def add_days(day: dt.date, days: int) -> dt.date | None:
    """``day`` moved by ``days`` days, or None when that leaves the calendar (before
    ``date.min`` or after ``date.max``)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)  # ValueError for a year outside 1..9999


def _months_later(day: dt.date, months: int) -> dt.date | None:
    """The same day ``months`` later (the month's last day when it is shorter), or None
    past the calendar's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def date_period(first: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """[first, end): the days a date of ``precision`` stands for, ``end`` excluded.

    A day (and a date of unknown precision) is that day; a week the seven days from
    ``first``; a month and a year the month and the year starting at ``first`` (the
    calendar month or year for the first days that ``find_dates`` gives). A period
    that would end after the calendar's last day ends at ``date.max``.
    """
    if precision == "week":
        end = add_days(first, 7)
    elif precision == "month":
        end = _months_later(first, 1)
    elif precision == "year":
        end = _months_later(first, 12)
    else:
        end = add_days(first, 1)
    return first, end or dt.date.max


def _infer_year(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a month-day with no year: the publication's, or the one before
    when that would put the date more than two months after publication (None when
    that year is before year 1)."""
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return None
    if (candidate - published).days > 62:
        return year - 1 if year > dt.MINYEAR else None
    return year


def _first_of_month(day: dt.date, months_back: int = 0) -> dt.date | None:
    index = day.year * 12 + day.month - 1 - months_back
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1) if year >= dt.MINYEAR else None


def _new_year(year: int) -> dt.date | None:
    return dt.date(year, 1, 1) if year >= dt.MINYEAR else None


# rel -> (precision, the date from (publication date, Monday of its week)); each is
# computed only when asked, and None when it falls outside the calendar.
_RELATIVE = {
    "yesterday": ("day", lambda p, monday: add_days(p, -1)),
    "last night": ("day", lambda p, monday: add_days(p, -1)),
    "overnight": ("day", lambda p, monday: add_days(p, -1)),
    "the day before yesterday": ("day", lambda p, monday: add_days(p, -2)),
    "the day after tomorrow": ("day", lambda p, monday: add_days(p, 2)),
    "today": ("day", lambda p, monday: p),
    "tonight": ("day", lambda p, monday: p),
    "this morning": ("day", lambda p, monday: p),
    "this afternoon": ("day", lambda p, monday: p),
    "tomorrow": ("day", lambda p, monday: add_days(p, 1)),
    "this week": ("week", lambda p, monday: monday),
    "earlier this week": ("week", lambda p, monday: monday),
    "later this week": ("week", lambda p, monday: monday),
    "last week": ("week", lambda p, monday: add_days(monday, -7)),
    "next week": ("week", lambda p, monday: add_days(monday, 7)),
    "in recent days": ("week", lambda p, monday: add_days(p, -6)),
    "in the past few days": ("week", lambda p, monday: add_days(p, -6)),
    "over the weekend": ("week", lambda p, monday: add_days(monday, -2)),
    "in recent weeks": ("month", lambda p, monday: p.replace(day=1) if p.day > 20 else add_days(p, -28)),
    "this month": ("month", lambda p, monday: p.replace(day=1)),
    "earlier this month": ("month", lambda p, monday: p.replace(day=1)),
    "later this month": ("month", lambda p, monday: p.replace(day=1)),
    "last month": ("month", lambda p, monday: _first_of_month(p, 1)),
    "this year": ("year", lambda p, monday: _new_year(p.year)),
    "earlier this year": ("year", lambda p, monday: _new_year(p.year)),
    "later this year": ("year", lambda p, monday: _new_year(p.year)),
    "last year": ("year", lambda p, monday: _new_year(p.year - 1)),
}


def _relative(rel: str, published: dt.date) -> tuple[dt.date | None, str]:
    precision, when = _RELATIVE[rel]
    monday = published - dt.timedelta(days=published.weekday())  # date.min is a Monday: never overflows
    return when(published, monday), precision


def _weekday(match: re.Match[str], text: str, published: dt.date) -> dt.date | None:
    target = _WEEKDAYS[match.group("weekday").lower()]
    mod = (match.group("mod") or "").lower()
    lead = re.split(r"[.\n]", text[max(0, match.start() - _FUTURE_WINDOW):match.start()])[-1]
    future = mod == "next" or (mod != "last" and _FUTURE.search(lead) is not None)
    if future:
        ahead = (target - published.weekday()) % 7 or 7
        return add_days(published, ahead)
    back = (published.weekday() - target) % 7
    if mod == "last" and back == 0:
        back = 7
    return add_days(published, -back)


def _counted(groups: dict) -> tuple[int, str]:
    """("two", "days", "later") -> (2, "day"); weeks stand for the seven days around the day
    they count to: ("a", "week", "ago") -> (-10, "week"), the days -10 .. -4."""
    n = int(groups["n"]) if groups["n"].isdigit() else _COUNT[groups["n"].lower()]
    sign = 1 if groups["dir"].lower() in ("later", "after") else -1
    if groups["unit"].lower().startswith("week"):
        return sign * 7 * n - 3, "week"
    return sign * n, "day"


def _anchored(kind: str, groups: dict) -> tuple[int, str] | None:
    """(days after the anchor, precision) for an expression told against the last date
    told; None for any other expression."""
    if kind == "relative":
        days = _ANCHORED.get(groups["rel"].lower())
        return None if days is None else (days, "day")
    if kind == "counted" and groups["dir"].lower() != "ago" and groups["unit"].lower().startswith(("day", "week")):
        return _counted(groups)
    return None


def _months_ago(groups: dict, published: dt.date | None) -> tuple[dt.date | None, str]:
    """"seven years ago": the year seven before publication's (precision "year"); "two months
    ago": the month two before (precision "month"); only counted back ("ago", "earlier",
    "before"): "two years later" says nothing without the date it counts from."""
    unit = "year" if groups["unit"].lower().startswith("year") else "month"
    if published is None or groups["dir"].lower() not in ("ago", "earlier", "before"):
        return None, unit
    n = int(groups["n"]) if groups["n"].isdigit() else _COUNT[groups["n"].lower()]
    if unit == "year":
        return _new_year(published.year - n), "year"
    return _first_of_month(published, n), "month"


def _month_alone(month: int, mod: str, published: dt.date) -> dt.date | None:
    """The first day of the month named with no year: "last May" the latest May before the
    publication's month, "next May" the first after it, "this May" the publication year's;
    otherwise the publication year's, or the year before's when that month is more than two
    months after publication."""
    if mod == "last":
        year = published.year if month < published.month else published.year - 1
    elif mod == "next":
        year = published.year if month > published.month else published.year + 1
    elif mod == "this":
        year = published.year
    else:
        year = published.year if month <= published.month + 2 else published.year - 1
    return _month_start(year, month) if dt.MINYEAR <= year <= dt.MAXYEAR else None


def _resolve(kind: str, match: re.Match[str], text: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    groups = match.groupdict()
    if kind == "iso":
        return dt.date(int(groups["year"]), int(groups["m"]), int(groups["d"])), "day"
    if kind in ("month_day", "day_month"):
        month, day = _MONTHS[groups["month"].lower()], int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else _infer_year(month, day, published)
        if year is None:
            return None, "day"
        return dt.date(year, month, day), "day"
    if kind == "month_year":
        return _month_start(int(groups["year"]), _MONTHS[groups["month"].lower()]), "month"
    if kind == "month":
        if published is None:
            return None, "month"
        return _month_alone(_MONTHS[groups["month"].lower()], (groups["mod"] or "").lower(), published), "month"
    if kind == "year":
        return dt.date(int(groups["year"]), 1, 1), "year"
    if kind == "counted" and groups["unit"].lower().startswith(("month", "year")):
        return _months_ago(groups, published)  # "seven years ago": that year; "two months ago": that month
    if kind == "counted":  # "three days ago"
        days, precision = _counted(groups)
        return (None if published is None else add_days(published, days)), precision
    if published is None:
        return None, "week" if kind == "relative" else "day"
    if kind == "relative":
        return _relative(groups["rel"].lower(), published)
    return _weekday(match, text, published), "day"


def _is_name(kind: str, match: re.Match[str], text: str) -> bool:
    """"Theresa May 2019": a "May" with a day or a year after a capitalised name."""
    if kind not in ("month_day", "month_year") or match.group("month") != "May":
        return False
    before = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.start())
    return before is not None and before.group(1).lower() not in _BEFORE_MAY


def find_dates(text: str, published: dt.date | None = None, *, anchor: dt.date | None = None) -> list[DateRef]:
    """Every date expression in ``text``, left to right, without overlaps.

    Earlier patterns in the table win over later ones on the same characters,
    so "September 18, 2015" is one day, not a month and a year. "The day before",
    "two days later" and the like count from the last date told before them (see the
    module's notes); before any is told, from ``anchor``, else from ``published``.
    """
    taken_starts: list[int] = []  # spans taken by earlier patterns, sorted and disjoint
    taken_ends: list[int] = []
    found: list[DateRef] = []
    anchored: dict[int, tuple[int, str]] = {}  # start -> (days after the anchor, precision)
    for kind, pattern in _PATTERNS:
        new: list[DateRef] = []
        for match in pattern.finditer(text):
            start, end = match.span()
            # the one taken span that could overlap: the last one starting before ``end``
            index = bisect.bisect_left(taken_starts, end) - 1
            if index >= 0 and taken_ends[index] > start:
                continue
            counted = _anchored(kind, match.groupdict())
            if counted is not None:
                anchored[start] = counted
                new.append(DateRef(start, end, match.group(0), None, counted[1]))
                continue
            if _is_name(kind, match, text):
                continue
            try:
                date, precision = _resolve(kind, match, text, published)
            except ValueError:  # 31 February and the like
                continue
            new.append(DateRef(start, end, match.group(0), date, precision))
        if new:  # this pattern's matches never overlap one another: add them after its scan
            found = sorted(found + new, key=lambda ref: ref.start)  # two sorted runs: linear
            taken_starts = [ref.start for ref in found]
            taken_ends = [ref.end for ref in found]
    if anchored:
        _count_from_anchors(found, anchored, anchor or published)
    return found


def _count_from_anchors(found: list[DateRef], anchored: dict[int, tuple[int, str]], first: dt.date | None) -> None:
    """Resolve, in place and in text order, each anchored expression of ``found`` against
    the last date told before it (``first`` before any is told); only a day anchors."""
    last: DateRef | None = None
    for i, ref in enumerate(found):
        if ref.start in anchored:
            days, _ = anchored[ref.start]
            base = first if last is None else (last.date if last.precision == "day" else None)
            ref = found[i] = replace(ref, date=None if base is None else add_days(base, days))
        if ref.date is not None:
            last = ref


def resolve_relative(expr: str, anchor: dt.date) -> DateRef | None:
    """The date a relative expression names when the last date told is ``anchor`` ("the day
    before", "two days later") or, for one told against the publication date ("yesterday",
    "three days ago", "last week", "overnight"), when ``anchor`` is the publication date.
    None when ``expr`` is not one relative expression (a fixed date, two expressions, none)."""
    expr = expr.strip()
    refs = find_dates(expr, anchor)
    if len(refs) != 1 or refs[0].text != expr or not any(_KIND[k].fullmatch(expr) for k in ("relative", "counted", "weekday")):
        return None
    return refs[0]


def event_date(dates: Sequence[DateRef], trigger_start: int, carried: DateRef | None) -> DateRef | None:
    """The date of the event whose trigger starts at document offset ``trigger_start``.

    ``dates`` are the date expressions of the trigger's sentence. The one with a date that
    lies nearest the trigger wins: its distance is the characters between its end and the
    trigger when it ends before it, between the trigger and its start when it starts at or
    after it, 0 when it holds the trigger; a tie goes to the one before the trigger ("On
    Monday rebels shelled the town, the army said on Tuesday": Monday). Nearness stands in
    for the clause: a date across a ';' is mostly farther than one in the trigger's clause.
    A sentence with no resolved date gives ``carried`` (see ``carry``); an unresolved one
    ("the next day" after "In May") does not stop the carried date.
    """
    best: DateRef | None = None
    best_key: tuple[int, int] | None = None
    for ref in dates:
        if ref.date is None:
            continue
        if ref.end <= trigger_start:
            key = (trigger_start - ref.end, 0)
        elif ref.start >= trigger_start:
            key = (ref.start - trigger_start, 1)
        else:
            key = (0, 0)
        if best_key is None or key < best_key:
            best, best_key = ref, key
    return best if best is not None else carried


def carry(previous: DateRef | None, sentence_dates: Sequence[DateRef], *,
          published: dt.date | None = None) -> DateRef | None:
    """The date to carry into the next sentence, after a sentence whose date expressions are
    ``sentence_dates``, when ``previous`` was carried into it.

    Start a story (a report, or each paragraph when the caller reads paragraphs apart) with
    ``previous=None`` and call this after each sentence, the lead first: the lead's date is
    carried on until a sentence tells a new one. A sentence tells a new date with its first
    resolved day ("On 9 May ..."; "the next day" counts, resolved against its anchor). A
    coarser date (a week, a month, a year: "since 2011", "last month") is background, and
    replaces nothing: it is carried only when nothing is. With ``published``, a date after
    it (a plan: "talks will resume on Thursday") is never carried.
    """
    told = [ref for ref in sentence_dates if ref.date is not None and (published is None or ref.date <= published)]
    day = next((ref for ref in told if ref.precision == "day"), None)
    if day is not None:
        return day
    if previous is None and told:
        return told[0]
    return previous


def find_publication_date(text: str, *, head_chars: int = 800) -> dt.date | None:
    """A publication date stated near the top ("Published Nov 25, 2015")."""
    head = text[:head_chars]
    for marker in _PUBLISHED.finditer(head):
        tail = head[marker.end() : marker.end() + 40]
        for ref in find_dates(tail):
            if ref.start == 0 and ref.date is not None and ref.precision == "day":
                return ref.date
    return None
