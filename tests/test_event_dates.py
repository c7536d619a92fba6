"""When: an event's date is the one nearest its trigger, else the one its paragraph told last."""

import datetime as dt

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.io.reports import report_from_text


def dated(text, gazetteer, actors, published=dt.date(2020, 5, 12)):
    report = report_from_text(text, report_id="d", published=published)
    return [(r.kind, r.place, r.event_date) for r in extract_records(annotate(report, gazetteer=gazetteer, actors=actors))]


def test_the_lead_date_is_carried_through_its_paragraph(gazetteer, actors):  # Syria (an ACLED-style note)
    text = "On 9 May 2020, regime forces shelled Kafr Nabl in Idlib. Rebels also attacked Saraqib."
    assert dated(text, gazetteer, actors) == [("event", "Kafranbel", "2020-05-09"), ("event", "Saraqib", "2020-05-09")]


def test_a_new_paragraph_tells_its_own_date(gazetteer, actors):  # Yemen
    text = "On 9 May 2020, Houthi forces shelled Marib.\n\nSaudi-led coalition jets struck Saada."
    assert dated(text, gazetteer, actors)[1][2] is None


def test_the_date_nearest_the_trigger_wins(gazetteer, actors):  # Yemen
    text = "Coalition jets struck Saada on Tuesday; on Thursday Houthi forces shelled Jizan."
    records = dated(text, gazetteer, actors)
    assert records[0][2] == "2020-05-12"  # "on Tuesday" in a report of Tuesday 12 May: that day


def test_the_month_may_dates_and_the_verb_may_does_not(gazetteer, actors):  # Nigeria
    assert dated("On 9 May 2020, gunmen attacked Kaduna.", gazetteer, actors)[0][2] == "2020-05-09"
    assert dated("Officials warn that gunmen may attack Kaduna.", gazetteer, actors) == []


def test_a_position_is_dated_by_its_own_sentence_only(gazetteer, actors):  # Libya
    text = "On 9 May 2020, LNA forces shelled Tripoli. Islamic State militants are entrenched in Sirte."
    assert dated(text, gazetteer, actors)[-1] == ("position", "Sirte", None)


def test_a_statement_s_date_dates_an_event_only_when_its_sentence_tells_no_other(gazetteer, actors):
    # Burkina Faso: "killed ..., the army said on Tuesday": news tells what happened by then, the
    # statement's day when the sentence tells no other.
    [record] = extract_records(annotate(report_from_text(
        "Jihadists killed 17 soldiers near Djibo, the army said on Tuesday.", report_id="d",
        published=dt.date(2023, 9, 6)), gazetteer=gazetteer, actors=actors))
    assert (record.event_date, record.date_precision) == ("2023-09-05", "day")
    # Iraq: a date told for the event itself still dates it, wherever the statement's date is.
    assert dated("Police said on Tuesday that gunmen killed two shepherds near Kirkuk on Sunday.", gazetteer,
                 actors) == [("event", "Kirkuk", "2020-05-10")]
    # Syria: "as reported on" is how a note gives its own date (ACLED's "As reported on 2 May").
    assert dated("As reported on 2 May 2020, regime forces shelled Kafr Nabl.", gazetteer,
                 actors) == [("event", "Kafranbel", "2020-05-02")]


def test_a_dateline_dates_the_filing_not_the_event(gazetteer, actors):
    # Yemen, Somalia, Ukraine: the day the text tells wins over the dateline's.
    assert dated("ADEN, Feb 16 - Houthi forces fired missiles at Marib on Monday, killing three civilians.",
                 gazetteer, actors, published=dt.date(2021, 2, 16)) == [("event", "Ma'rib", "2021-02-15")]
    assert dated("MOGADISHU, Aug 3 (Example) - A suicide bomber blew himself up in Mogadishu on Friday.",
                 gazetteer, actors, published=dt.date(2024, 8, 3))[0][2] == "2024-08-02"
    # with no other date, the dateline's stands
    assert dated("KYIV, May 26 - A Russian missile hit a store in Kharkiv.", gazetteer, actors,
                 published=dt.date(2024, 5, 26))[0][2] == "2024-05-26"
