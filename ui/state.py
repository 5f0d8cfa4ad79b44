"""The one home of session state: the case, key names and initialisation.

Everything a person enters lives in **one** frozen :class:`~vitale.case.Case`
under :data:`CASE`: pages read it with :func:`case` and change it with
:func:`update_case` (issue 12). The other keys are UI state: the language,
which screen of the wizard is shown, messages to show, caches derived from the
case (reset with it), and widget keys prefixed by their page (``office_…``),
synchronised from the case where a page draws them, because Streamlit drops a
widget's value when its page is not shown. Nothing here goes into the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import streamlit as st
from pydantic import ValidationError

from vitale.case import Case
from vitale.text import Language

CASE: Final = "case"
"""Everything the person has entered: one :class:`Case` (answers, documents, office, timeline, letter)."""

LANGUAGE: Final = "app_language"
"""The current language (a :class:`Language` value), kept across pages."""

LANGUAGE_WIDGET: Final = "app_language_widget"

OFFICE_RESULT: Final = "office_result"
"""Cache: the office lookup of the case's postal code and commune (or of a refused typed text), kept so no
page looks it up again: ``{"key": (postal_code, insee_code), "first": OfficeLookup, "chosen": OfficeLookup | None}``."""

OFFICE_POSTCODE_WIDGET: Final = "office_postcode_input"
OFFICE_COMMUNE_WIDGET: Final = "office_commune_select"
OFFICE_DIRECTORY_WIDGET: Final = "office_directory_toggle"
"""Whether the office page shows its table of every caisse: a display choice, nothing typed."""


def init_state() -> None:
    """Give every key of the app its starting value, once per session; reset a damaged value to it.

    Only the app writes these keys, but a value of the wrong shape (a bug, a future version's
    session) must not crash a page: it is put back to its starting value.
    """
    session = st.session_state
    if LANGUAGE not in session:
        session[LANGUAGE] = Language.from_locale(_browser_locale()).value
    for key, (start, valid) in _EXPECTED.items():
        # One read per key (each costs ~10 µs through Streamlit's session state): a missing key reads as
        # _MISSING, which no check accepts.
        if not valid(session.get(key, _MISSING)):
            session[key] = start()


_MISSING: Final = object()


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode): default language
        return None


def case() -> Case:
    """The session's case (a damaged value is replaced by an empty case, never an error)."""
    value = st.session_state.get(CASE)
    if isinstance(value, Case):
        return value
    st.session_state[CASE] = fresh = Case()
    return fresh


def update_case(**changes: Any) -> Case:
    """Change some of the case's fields, validated (a refused change raises ``ValidationError``, the case is kept)."""
    current = case()
    updated = Case.model_validate({**dict(current), **changes})
    st.session_state[CASE] = updated
    return updated


def try_update_case(**changes: Any) -> bool:
    """:func:`update_case`, but a refused change (a value no widget could send) is ignored: ``False``."""
    try:
        update_case(**changes)
    except ValidationError:
        return False
    return True


def replace_case(new: Case) -> None:
    """Put a whole case in place (a restored case file, or Start again with an empty one); the caches
    derived from the old case go with it."""
    st.session_state[CASE] = new
    for key in CACHES:
        st.session_state[key] = None


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def restore_widget(widget_key: str, value: Any) -> None:
    """Give a widget back the value we kept, when Streamlit dropped it on a page switch."""
    if widget_key not in st.session_state and value is not None:
        st.session_state[widget_key] = value


WIZARD_HISTORY: Final = "wizard_history"
"""The questions answered on the way here, for Back."""

WIZARD_VIEW: Final = "wizard_view"
"""Which screen of the wizard is shown: "question", "check", "household" (who is moving with you) or "outcome"."""

WIZARD_CURRENT: Final = "wizard_current"
"""The id of the question on screen."""

WIZARD_RETURN_TO_CHECK: Final = "wizard_return_to_check"
"""True after a Change link: once the answers are complete, go back to the check page."""

WIZARD_ERROR: Final = "wizard_error"
"""The text key of the message to show under the current question, if its answer was refused."""

WIZARD_RESET: Final = "wizard_reset"
"""Start again: ``"asking"`` while the confirmation is shown, ``"done"`` to say it was done (once), else None."""

WIZARD_GROUP: Final = "wizard_group"
"""The group chosen at the first step of a question asked in two steps (``Question.groups``), while its second
step is shown; else None."""

WIZARD_WIDGET_PREFIX: Final = "wizard_q_"

DOCUMENTS_WIDGET_PREFIX: Final = "documents_tick_"

DOCUMENTS_CARD_PREFIX: Final = "documents_card_"
"""A household member's card on the documents page, open or closed (``documents_card_<member id>``)."""

DOSSIER_ERROR: Final = "dossier_error"
"""The text key of the last refused upload or form, if any."""

DOSSIER_NOTICE: Final = "dossier_notice"
"""The text key of the last success message (a restored case file)."""

TIMELINE_MEMO: Final = "timeline_memo"
"""Cache: the last projection and the inputs it was made from, so a rerun with the same inputs does not simulate
again. In this session's memory only, like the case it is derived from."""

TIMELINE_WIDGET_PREFIX: Final = "timeline_input_"

BROWSER_KEEP: Final = "browser_keep"
"""Whether the person chose to keep the case in this browser (``ui/browser_store.py``): off unless turned on."""

BROWSER_SYNC: Final = "browser_sync"
"""What the browser holds, as far as this session knows: None before it is known (the stored copy is asked
for), :data:`BROWSER_NOTHING`, :data:`BROWSER_REMOVE` (to be erased in the next run), or the fingerprint of
the case file last written. A fingerprint, never the case itself."""

BROWSER_REMOVE: Final = "remove"
BROWSER_NOTHING: Final = ""

BROWSER_READS: Final = "browser_reads"
"""How many runs of this session have asked the browser for its copy (it is asked in the first few only)."""

FRAME_PAGES: Final = "frame_pages"
"""The navigation's pages (``st.Page`` objects) and the language of their titles, built once per session and
language by the frame (``ui/frame.py``): no user data."""

BROWSER_NOTICE: Final = "browser_notice"
"""The text key of what happened to the browser's copy (restored, refused, not loaded), said once by the frame."""

_EXPECTED: Final[dict[str, tuple[Callable[[], Any], Callable[[Any], bool]]]] = {
    CASE: (Case, lambda value: isinstance(value, Case)),
    OFFICE_RESULT: (lambda: None, lambda value: value is None or isinstance(value, dict)),
    WIZARD_HISTORY: (list, _texts),
    WIZARD_VIEW: (lambda: "question", lambda value: value in {"question", "check", "household", "outcome"}),
    WIZARD_CURRENT: (lambda: None, _text_or_none),
    WIZARD_RETURN_TO_CHECK: (lambda: False, lambda value: isinstance(value, bool)),
    WIZARD_ERROR: (lambda: None, _text_or_none),
    WIZARD_RESET: (lambda: None, lambda value: value in {None, "asking", "done"}),
    WIZARD_GROUP: (lambda: None, _text_or_none),
    DOSSIER_ERROR: (lambda: None, _text_or_none),
    DOSSIER_NOTICE: (lambda: None, _text_or_none),
    TIMELINE_MEMO: (lambda: None, lambda value: value is None or isinstance(value, dict)),
    BROWSER_KEEP: (lambda: False, lambda value: isinstance(value, bool)),
    BROWSER_SYNC: (lambda: None, _text_or_none),
    BROWSER_READS: (lambda: 0, lambda value: type(value) is int and value >= 0),
    BROWSER_NOTICE: (lambda: None, _text_or_none),
    FRAME_PAGES: (lambda: None, lambda value: value is None or isinstance(value, tuple)),
}
"""Each key of ours: how to make its starting value, and what a valid value looks like."""

CACHES: Final = (OFFICE_RESULT, TIMELINE_MEMO)
"""Keys derived from the case: emptied whenever the case is replaced."""

DOSSIER_WIDGET_PREFIX: Final = "dossier_field_"
"""The letter's sender fields (``dossier_field_full_name`` …)."""

CARE_WIDGET_PREFIX: Final = "care_input_"
"""The care page's C2S fields (household size, income, the day asked): ``ui/care_view.py``."""

HOUSEHOLD_PREFIX: Final = "household_"
"""The household section's widgets and UI state (which form is open, its problems): ``ui/household_view.py``."""

WIDGET_PREFIXES: Final = (
    OFFICE_POSTCODE_WIDGET, OFFICE_COMMUNE_WIDGET, WIZARD_WIDGET_PREFIX, DOCUMENTS_WIDGET_PREFIX,
    DOCUMENTS_CARD_PREFIX, TIMELINE_WIDGET_PREFIX, DOSSIER_WIDGET_PREFIX, HOUSEHOLD_PREFIX, CARE_WIDGET_PREFIX,
)  # fmt: skip
"""The widget keys that hold what a person types (UI state, restored from the case where a page draws them)."""
