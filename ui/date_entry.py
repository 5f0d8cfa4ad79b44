"""A date entered as day, month and year, every word in the page's language (issue 14).

Streamlit's ``st.date_input`` cannot be made French: its calendar names the months and days in English and
its field shows an English « dd / mm / yyyy » mask, with no parameter to change them (streamlit/streamlit
issues 7865 and 12699, open in December 2026). The dates this app asks are ones people know or read off a
letter — when they arrived, when they sent their file, when a letter came — for which the GOV.UK Design
System's and the French State's (DSFR) date pattern is three fields, day, month and year, rather than a
calendar. Here they are three selects (typing filters them), the month by its (short) name in the page's language.

One date is three widgets, ``<key>__day``, ``<key>__month`` and ``<key>__year``; :func:`read` puts them
together and says what is wrong (a missing part, a 31 February, a date out of range) with a text key
(``date_entry.<problem>``), so each page shows it under the field and keeps everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from ui.i18n import catalog, language, t

PARTS = ("day", "month", "year")


def part_key(key: str, part: str) -> str:
    """The widget key of one part (``day``, ``month`` or ``year``) of the date ``key``."""
    return f"{key}__{part}"


def put(key: str, value: date | None) -> None:
    """Show ``value`` (or nothing) in the date's three widgets."""
    parts = (value.day, value.month, value.year) if value is not None else (None, None, None)
    for part, number in zip(PARTS, parts, strict=True):
        st.session_state[part_key(key, part)] = number


def restore(key: str, value: date | None) -> None:
    """Give the date's widgets back the value we kept, when Streamlit dropped them on a page switch."""
    if all(part_key(key, part) not in st.session_state for part in PARTS):
        put(key, value)


def read(key: str, earliest: date, latest: date) -> tuple[date | None, str | None]:
    """The date the three widgets hold, or why there is none: ``(None, None)`` when all three are empty;
    else ``(None, "date_entry.<problem>")`` for a missing part, a day the month does not have, or a date
    outside ``earliest``–``latest``."""
    day, month, year = (st.session_state.get(part_key(key, part)) for part in PARTS)
    if day is None and month is None and year is None:
        return None, None
    if not (isinstance(day, int) and isinstance(month, int) and isinstance(year, int)):
        return None, "date_entry.incomplete"
    try:
        value = date(year, month, day)
    except ValueError:
        return None, "date_entry.impossible"
    if value < earliest:
        return None, "date_entry.too_early"
    if value > latest:
        return None, "date_entry.too_late"
    return value, None


def problem_text(problem: str, earliest: date, latest: date) -> str:
    """The message of a :func:`read` problem, with the range in words."""
    return t(problem, earliest=_format(earliest), latest=_format(latest))


def render(
    label: str,
    key: str,
    earliest: date,
    latest: date,
    *,
    help: str | None = None,
    on_change: Callable[..., None] | None = None,
    args: tuple[Any, ...] = (),
) -> None:
    """The date's label and its three selects on one line (also on a phone), most recent years first.

    Each select's accessible name holds the date's label (« Date d'arrivée : mois »); the visible words are
    the label above and the parts' placeholders. Inside a form, leave ``on_change`` out and :func:`read` the
    date when the form is sent.
    """
    st.markdown(f"**{label}**", help=help)
    _relabel_month_after_a_language_switch(key)
    months = catalog().raw(language(), "date.months_short").split(",")  # « sept. »: the three fit a phone
    names = {"day": t("date_entry.day"), "month": t("date_entry.month"), "year": t("date_entry.year")}
    options: dict[str, list[int]] = {
        "day": list(range(1, 32)),
        "month": list(range(1, 13)),
        "year": list(range(latest.year, earliest.year - 1, -1)),
    }
    widths = {"day": 92, "month": 112, "year": 108}  # one line in a phone's expander (324 px), clear buttons shown
    callbacks: dict[str, Any] = {"on_change": on_change, "args": args} if on_change is not None else {}
    with st.container(horizontal=True, gap="xxsmall"):
        for part in PARTS:
            st.selectbox(
                f"{label} — {names[part]}", options[part], key=part_key(key, part), index=None,
                placeholder=names[part], label_visibility="collapsed", width=widths[part],
                format_func=(lambda month: months[month - 1]) if part == "month" else str, **callbacks,
            )  # fmt: skip


def _relabel_month_after_a_language_switch(key: str) -> None:
    """Give a chosen month back to its select when the language has changed since it was drawn.

    A keyed select keeps showing the label it was drawn with until its value is set again from the
    script (Streamlit issue 13788, "selectbox display not updating when format_func output changes"):
    without this, « nov. » stays on screen after switching to English.
    """
    drawn_in, month = f"{key}__language", part_key(key, "month")
    if st.session_state.get(drawn_in) == language().value:
        return
    if st.session_state.get(month) is not None:
        st.session_state[month] = st.session_state[month]
    st.session_state[drawn_in] = language().value


def _format(day: date) -> str:
    return catalog().format_date(language(), day)
