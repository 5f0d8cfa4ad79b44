"""The follow-ups of a projection as an iCalendar file (RFC 5545), built with ``icalendar``.

What goes in (issue 5), all as all-day events with a reminder at 9:00:

* **chase dates**: for each milestone still to come, the day after which still
  waiting is unusual (the next one: :attr:`Projection.chase_from`; later ones: their
  90th percentile), with what to do then — except the person's own step
  (sending the file, :data:`vitale.case.YOUR_STEPS`), which gets a **reminder**
  on the day it can be done, not a chase;
* a **monthly follow-up** until the card is likely received (90th percentile);
* the **end of the temporary number's 9-month validity** (ameli 2025), with a
  reminder two weeks before;
* after the card, the reminder to **declare a médecin traitant** (F163).

Nothing personal is written: no name, no address, only dates and advice.
UIDs are derived from the event's kind and date, so the same projection gives
the same file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from vitale.c2s import decision_due
from vitale.case import Milestone
from vitale.dates import add_months
from vitale.projection import MilestoneStatus, Projection
from vitale.text import Catalog, Language

PRODID = "-//Vitale//Health cover timeline//EN"
MORNING = timedelta(hours=9)
"""Reminders ring at 9:00 on the day (a trigger relative to the start of an all-day event)."""
NIA_WARNING = timedelta(days=14)


def followups_ics(projection: Projection, catalog: Catalog, language: Language) -> bytes:
    """The calendar file of follow-ups for ``projection``, its texts in ``language``."""

    def text(key: str, **values: object) -> str:
        return catalog.text(language, key, **values)

    today = projection.today
    stamp = datetime.combine(today, time(0), tzinfo=UTC)
    calendar = Calendar.new(
        prodid=PRODID, name=text("calendar.name"), language=language.value, uid=f"vitale-{projection.start}-{today}"
    )
    card = projection.milestone(Milestone.CARD_RECEIVED)

    def add(kind: str, day: date, summary: str, description: str, *, trigger: timedelta = MORNING) -> Event:
        return _add_event(calendar, stamp, kind, day, summary, description, trigger)

    for milestone in projection.milestones:
        if milestone.status is not MilestoneStatus.PROJECTED or milestone.p90 is None:
            continue
        name = text(f"timeline.milestone.{milestone.id.value}")
        chase = projection.chase_from
        if chase is not None and chase.milestone is milestone.id and chase.yours:
            # The person's own step (sending the file) is always the next one while it is projected:
            # a reminder on the day to do it, not a chase.
            reminder = text(f"calendar.reminder.{milestone.id.value}")
            add(f"reminder-{milestone.id.value}", max(chase.after, today), reminder, text(chase.advice[0]))
            continue
        if chase is not None and chase.milestone is milestone.id:
            day, advice = max(chase.after, today), " ".join(text(key) for key in chase.advice)
        else:
            day, advice = (
                milestone.p90,
                text(f"timeline.chase.{milestone.id.value}") + " " + text("timeline.chase.call_3646"),
            )
        add(f"chase-{milestone.id.value}", day, text("calendar.chase", milestone=name), advice)

    if card.status is MilestoneStatus.PROJECTED and card.p90 is not None:
        first = add_months(today, 1)
        if first <= card.p90:
            monthly = add("monthly", first, text("calendar.monthly"), text("calendar.monthly_body"))
            monthly.add("rrule", vRecur(freq="MONTHLY", until=card.p90))

    valid_until = projection.temporary_number_valid_until
    if valid_until is not None and valid_until >= today:
        add("nia-end", valid_until, text("calendar.nia_end"), text("calendar.nia_end_body"), trigger=-NIA_WARNING)

    after_card = (card.p50 or today) if card.status is MilestoneStatus.PROJECTED else today + timedelta(days=1)
    add("doctor", max(after_card, today), text("calendar.doctor"), text("calendar.doctor_body"))
    ics: bytes = calendar.to_ical()
    return ics


def _add_event(
    calendar: Calendar,
    stamp: datetime,
    kind: str,
    day: date,
    summary: str,
    description: str,
    trigger: timedelta = MORNING,
) -> Event:
    """An all-day event on ``day`` with a reminder (``trigger`` after the day's start), added to ``calendar``."""
    event = Event.new(
        uid=f"{kind}-{day.isoformat()}@vitale",
        stamp=stamp,
        start=day,
        end=day + timedelta(days=1),
        summary=f"Vitale — {summary}",
        description=description,
    )
    alarm = Alarm.new(description=summary)
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    event.add_component(alarm)
    calendar.add_component(event)
    return event


def c2s_ics(applied_on: date, today: date, catalog: Catalog, language: Language) -> bytes:
    """The C2S follow-up as an iCalendar file: the day the caisse's decision is due (:func:`vitale.c2s.decision_due`),
    with what to do if no letter has come and when to renew. Nothing personal is written, only the dates."""
    due = decision_due(applied_on)
    stamp = datetime.combine(today, time(0), tzinfo=UTC)
    calendar = Calendar.new(prodid=PRODID, name=catalog.text(language, "calendar.name"), language=language.value,
                            uid=f"vitale-c2s-{applied_on}")  # fmt: skip
    summary = catalog.text(language, "care.calendar.decision_summary")
    _add_event(
        calendar, stamp, "c2s-decision", due, summary, catalog.text(language, "care.calendar.decision_description")
    )
    ics: bytes = calendar.to_ical()
    return ics
