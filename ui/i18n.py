"""The current language and ``t(key)``, wired to the session."""

from __future__ import annotations

import json
from contextvars import ContextVar
from datetime import date
from functools import lru_cache

import streamlit as st

from ui import clock, state
from vitale.rules import text_figures
from vitale.text import Catalog, Language, load_catalog

FRAME_SCRIPT = """<script>(() => {
  document.documentElement.lang = %(code)s;
  window.vitaleHelpFor = %(help_for)s;
  window.vitaleChooseFile = %(choose_file)s;
  window.vitaleTableRegion = %(table_region)s;
  const rename = (element, name) => {
    if (element && name !== element.getAttribute("aria-label")) element.setAttribute("aria-label", name);
  };
  const names = () => {
    rename(document.querySelector('[data-testid="stExpandSidebarButton"]'), "Menu");
    for (const upload of document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button')) {
      rename(upload, window.vitaleChooseFile);
    }
    for (const help of document.querySelectorAll('[data-testid="stTooltipHoverTarget"] button[aria-label]')) {
      const label = help.getAttribute("aria-label");
      if (label.startsWith("Help for ")) rename(help, window.vitaleHelpFor + label.slice(9));
    }
    for (const region of document.querySelectorAll('[data-testid="stTable"] > div')) {
      if (region.getAttribute("tabindex") !== "0") region.setAttribute("tabindex", "0");
      if (region.getAttribute("role") !== "region") region.setAttribute("role", "region");
      rename(region, window.vitaleTableRegion);
    }
  };
  names();
  if (!window.vitaleNames) {
    window.vitaleNames = new MutationObserver(names);
    window.vitaleNames.observe(document.body, { childList: true, subtree: true, attributeFilter: ["aria-label"] });
  }
})();</script>"""
"""What Streamlit says in English on every page, said in the page's language (WCAG 3.1.1 and 3.1.2):
``<html lang>`` (Streamlit serves "en"), the phone's page menu named "Menu" — the word it shows
(ui/compact.css) — instead of "Expand sidebar", each help button "Aide : …" instead of "Help for …", and
the file uploader's button by the words the style sheet shows on it (kept as Streamlit redraws them), and a
table's sideways-scrolling box made a named region a keyboard can reach (WCAG 2.1.1; axe's
``scrollable-region-focusable``: on a narrow phone a table is wider than the screen). No user data: the
language's own code and texts of our catalog."""


def frame_script(language: Language, help_for: str, choose_file: str, table_region: str) -> str:
    """:data:`FRAME_SCRIPT` for ``language``, its values written as JavaScript strings."""
    values = {"code": language.value, "help_for": help_for, "choose_file": choose_file, "table_region": table_region}
    return FRAME_SCRIPT % {name: json.dumps(value, ensure_ascii=False) for name, value in values.items()}


@lru_cache(maxsize=4)
def _catalog_on(day: date) -> Catalog:
    return load_catalog().with_figures(text_figures(day))


def catalog() -> Catalog:
    """Both languages' texts with the rules' figures in force today (read once per process and day; read-only).

    Not ``st.cache_resource``: ``t()`` runs about a hundred times per rerun, and
    a plain cached function is much cheaper than Streamlit's cache lookup.
    """
    return _catalog_on(clock.today())


_RUN_LANGUAGE: ContextVar[Language | None] = ContextVar("vitale_run_language", default=None)
"""The language of the current script run. Each session's script runs in its own
thread, and ``begin_run`` sets it first thing in every run, so a value can never
leak from one session or run into another."""


def _session_language() -> Language:
    value = state.get(state.LANGUAGE, Language.EN.value)
    try:
        return Language(value)
    except ValueError:
        return Language.EN


def begin_run() -> None:
    """Read the session's language once for this run (``t()`` is called ~100 times a run)."""
    _RUN_LANGUAGE.set(_session_language())


def language() -> Language:
    """The current language: this run's, or the session's when no run has begun."""
    return _RUN_LANGUAGE.get() or _session_language()


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, placeholders filled."""
    return catalog().text(language(), key, **values)


def format_time(hhmm: str) -> str:
    """``08:30`` as the reader writes it: ``08:30`` in English, ``8 h 30`` (``17 h`` on the hour) in French."""
    hours, _, minutes = hhmm.partition(":")
    if language() is Language.EN:
        return hhmm
    if minutes in {"", "00"}:
        return t("days.clock_hour", hours=int(hours))
    return t("days.clock", hours=int(hours), minutes=minutes)


def format_date(day: date | None) -> str:
    """``6 August 2014`` / ``6 août 2014``; a dash for an unknown date."""
    return "—" if day is None else catalog().format_date(language(), day)


def render_language_switch() -> None:
    """A two-option switch; the choice is kept in the session across pages."""

    def _changed() -> None:
        chosen = st.session_state.get(state.LANGUAGE_WIDGET)
        if chosen:
            state.put(state.LANGUAGE, chosen)
            _RUN_LANGUAGE.set(None)

    st.session_state[state.LANGUAGE_WIDGET] = language().value
    st.segmented_control(
        t("app.language_label"),
        options=[lang.value for lang in Language],
        format_func=lambda value: catalog().text(Language(value), f"language.{value}"),
        key=state.LANGUAGE_WIDGET,
        on_change=_changed,
        required=True,
    )
