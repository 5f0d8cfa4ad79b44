"""The current language and ``t(key)``, wired to the session."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui import state
from vitale.text import Catalog, Language, load_catalog


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """Both languages' texts, read once per process (read-only)."""
    return load_catalog()


def language() -> Language:
    value = state.get(state.LANGUAGE, Language.EN.value)
    try:
        return Language(value)
    except ValueError:
        return Language.EN


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, placeholders filled."""
    return catalog().text(language(), key, **values)


def format_date(day: date | None) -> str:
    """``6 August 2014`` / ``6 août 2014``; a dash for an unknown date."""
    if day is None:
        return "—"
    months = t("date.months").split(",")
    return t("date.format", day=day.day, month=months[day.month - 1], year=day.year)


def render_language_switch() -> None:
    """A two-option switch; the choice is kept in the session across pages."""

    def _changed() -> None:
        chosen = st.session_state.get(state.LANGUAGE_WIDGET)
        if chosen:
            state.put(state.LANGUAGE, chosen)

    st.session_state[state.LANGUAGE_WIDGET] = language().value
    st.segmented_control(
        t("app.language_label"),
        options=[lang.value for lang in Language],
        format_func=lambda value: catalog().text(Language(value), f"language.{value}"),
        key=state.LANGUAGE_WIDGET,
        on_change=_changed,
        required=True,
    )
