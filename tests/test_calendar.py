"""The follow-ups calendar (issue 5): the .ics is parsed back and its events checked."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar, Event

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.calendar import c2s_ics, followups_ics
from vitale.case import Milestone
from vitale.projection import Projection
from vitale.rules import text_figures
from vitale.text import Language, load_catalog
from vitale.timeline import project

CATALOG = load_catalog()
TODAY = date(2026, 12, 1)


def _events(projection: Projection, language: Language = Language.EN) -> dict[str, Event]:
    calendar = Calendar.from_ical(followups_ics(projection, CATALOG, language))
    return {str(event["uid"]).split("-20")[0]: event for event in calendar.walk("VEVENT")}


def _waiting_for_permanent_number() -> Projection:
    reached = {"application_sent": date(2026, 8, 3), "temporary_number": date(2026, 9, 1)}
    return project(EMPLOYEE_BORN_IN_INDIA, date(2026, 8, 1), TODAY, reached)


def test_the_calendar_has_chase_dates_a_monthly_check_the_nia_end_and_the_doctor_reminder() -> None:
    projection = _waiting_for_permanent_number()
    events = _events(projection)
    assert set(events) == {
        "chase-permanent_number", "chase-ameli_account", "chase-card_received", "monthly", "nia-end", "doctor"
    }  # fmt: skip
    assert projection.chase_from is not None
    assert events["chase-permanent_number"].start == max(projection.chase_from.after, TODAY)
    assert "36 46" in str(events["chase-permanent_number"]["description"])
    card = projection.milestone(Milestone.CARD_RECEIVED)
    assert events["chase-card_received"].start == card.p90
    assert events["doctor"].start == card.p50


def test_the_monthly_check_repeats_until_the_card_is_likely_there() -> None:
    projection = _waiting_for_permanent_number()
    monthly = _events(projection)["monthly"]
    rule = monthly["rrule"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["UNTIL"][0] == projection.milestone(Milestone.CARD_RECEIVED).p90
    assert monthly.start == date(2027, 1, 1)


def test_the_end_of_the_temporary_number_rings_two_weeks_before() -> None:
    event = _events(_waiting_for_permanent_number())["nia-end"]
    assert event.start == date(2027, 6, 1)
    alarm = event.walk("VALARM")[0]
    assert alarm["action"] == "DISPLAY"
    assert alarm["trigger"].dt == -timedelta(days=14)


def test_every_event_is_a_whole_day_with_a_morning_reminder_and_no_personal_data() -> None:
    for uid, event in _events(_waiting_for_permanent_number()).items():
        assert isinstance(event.start, date), uid
        assert event.end == event.start + timedelta(days=1), uid
        assert str(event["summary"]).startswith("Vitale — ")
        if uid != "nia-end":
            assert event.walk("VALARM")[0]["trigger"].dt == timedelta(hours=9)


def test_the_calendar_is_in_the_reader_s_language_and_the_same_every_time() -> None:
    projection = _waiting_for_permanent_number()
    french = followups_ics(projection, CATALOG, Language.FR)
    assert followups_ics(projection, CATALOG, Language.FR) == french
    events = _events(projection, Language.FR)
    assert "médecin traitant" in str(events["doctor"]["summary"])
    assert "Relancez la caisse" in str(events["chase-card_received"]["summary"])


def test_once_the_card_is_there_only_the_doctor_reminder_is_left() -> None:
    reached = {"application_sent": date(2026, 5, 4), "card_received": date(2026, 11, 20)}
    events = _events(project(EMPLOYEE_BORN_IN_INDIA, date(2026, 5, 1), TODAY, reached))
    assert set(events) == {"doctor"}
    assert events["doctor"].start == TODAY + timedelta(days=1)


def test_an_overdue_chase_is_put_on_today_not_in_the_past() -> None:
    projection = project(EMPLOYEE_BORN_IN_INDIA, date(2026, 8, 1), TODAY, {"application_sent": date(2026, 8, 1)})
    assert projection.chase_from is not None
    assert projection.chase_from.overdue
    assert _events(projection)["chase-temporary_number"].start == TODAY


def test_sending_the_file_is_a_reminder_in_the_calendar_not_a_chase() -> None:
    projection = project(EMPLOYEE_BORN_IN_INDIA, TODAY + timedelta(days=5), TODAY)
    events = _events(projection, Language.FR)
    assert "chase-application_sent" not in events
    reminder = events["reminder-application_sent"]
    assert reminder.start == TODAY + timedelta(days=5), "on the day the file is ready"
    assert str(reminder["summary"]) == "Vitale — " + CATALOG.text(Language.FR, "calendar.reminder.application_sent")
    assert "Relancez" not in str(reminder["summary"])
    assert "chase-temporary_number" in events, "the caisse's steps are still chased"


# -- the C2S follow-up (issue 16) ---------------------------------------------------------------------------------


def test_the_c2s_calendar_has_one_event_on_the_day_the_decision_is_due_in_the_user_s_language() -> None:
    catalog = load_catalog().with_figures(text_figures(date(2026, 12, 2)))
    for language, words in ((Language.EN, "C2S"), (Language.FR, "réponse de la caisse")):
        parsed = Calendar.from_ical(c2s_ics(date(2026, 11, 20), date(2026, 12, 2), catalog, language))
        events = list(parsed.walk("VEVENT"))
        assert len(events) == 1
        assert events[0].decoded("dtstart") == date(2027, 1, 20)
        assert words in str(events[0]["summary"])
        assert "{" not in str(events[0]["description"])
        assert list(events[0].walk("VALARM"))
