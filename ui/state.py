"""The one home of session state: key names and initialisation.

Widget keys are prefixed by their page (``office_…``). Values the app must
keep across pages (the language, the looked-up postal code) are stored under
our own keys, because Streamlit drops a widget's value when its page is not
shown. Nothing here goes into the URL (privacy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import streamlit as st

from vitale.text import Language

LANGUAGE: Final = "app_language"
"""The current language (a :class:`Language` value), kept across pages."""

LANGUAGE_WIDGET: Final = "app_language_widget"

OFFICE_QUERY: Final = "office_query"
"""The postal code the user last submitted on the office page."""

OFFICE_INSEE: Final = "office_insee"
"""The commune (INSEE code) the user chose for that postal code, if any."""

OFFICE_POSTCODE_WIDGET: Final = "office_postcode_input"
OFFICE_COMMUNE_WIDGET: Final = "office_commune_select"


def init_state() -> None:
    """Give every key of the app its starting value, once per session; reset a damaged value to it.

    Only the app writes these keys, but a value of the wrong shape (a bug, a future version's
    session) must not crash a page: it is put back to its starting value.
    """
    if LANGUAGE not in st.session_state:
        st.session_state[LANGUAGE] = Language.from_locale(_browser_locale()).value
    for key, (start, valid) in _EXPECTED.items():
        if key not in st.session_state or not valid(st.session_state[key]):
            st.session_state[key] = start()


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode): default language
        return None


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def restore_widget(widget_key: str, value: Any) -> None:
    """Give a widget back the value we kept, when Streamlit dropped it on a page switch."""
    if widget_key not in st.session_state and value is not None:
        st.session_state[widget_key] = value


WIZARD_ANSWERS: Final = "wizard_answers"
"""The questionnaire's answers: a dict keyed by question id (never in the URL)."""

WIZARD_HISTORY: Final = "wizard_history"
"""The questions answered on the way here, for Back."""

WIZARD_VIEW: Final = "wizard_view"
"""Which screen of the wizard is shown: "question", "check" or "outcome"."""

WIZARD_CURRENT: Final = "wizard_current"
"""The id of the question on screen."""

WIZARD_RETURN_TO_CHECK: Final = "wizard_return_to_check"
"""True after a Change link: once the answers are complete, go back to the check page."""

WIZARD_ERROR: Final = "wizard_error"
"""The text key of the message to show under the current question, if its answer was refused."""

WIZARD_WIDGET_PREFIX: Final = "wizard_q_"

DOCUMENTS_TICKED: Final = "documents_ticked"
"""The checklist documents the user has ticked (a list of DocumentId values), kept across pages."""

DOCUMENTS_WIDGET_PREFIX: Final = "documents_tick_"

DOSSIER_SENDER: Final = "dossier_sender"
"""The details the user typed for the letter (a dict), kept in the session only."""

DOSSIER_ERROR: Final = "dossier_error"
"""The text key of the last refused upload or form, if any."""

DOSSIER_NOTICE: Final = "dossier_notice"
"""The text key of the last success message (a restored case file)."""

TIMELINE_START: Final = "timeline_start"
"""The day the file was (or will be) ready, as an ISO date string; ``None`` means today."""

TIMELINE_REACHED: Final = "timeline_reached"
"""The milestones the user reached: a dict of milestone id → ISO date string, kept across pages."""

TIMELINE_CARD_ORDER: Final = "timeline_card_order"
"""How the user will order the card ("online" or "paper")."""

TIMELINE_MEMO: Final = "timeline_memo"
"""The last projection and the inputs it was made from, so a rerun with the same inputs does not simulate again.
In this session's memory only, like every answer."""

TIMELINE_WIDGET_PREFIX: Final = "timeline_input_"

_EXPECTED: Final[dict[str, tuple[Callable[[], Any], Callable[[Any], bool]]]] = {
    OFFICE_QUERY: (lambda: None, _text_or_none),
    OFFICE_INSEE: (lambda: None, _text_or_none),
    WIZARD_ANSWERS: (dict, lambda value: isinstance(value, dict)),
    WIZARD_HISTORY: (list, _texts),
    WIZARD_VIEW: (lambda: "question", lambda value: value in {"question", "check", "outcome"}),
    WIZARD_CURRENT: (lambda: None, _text_or_none),
    WIZARD_RETURN_TO_CHECK: (lambda: False, lambda value: isinstance(value, bool)),
    WIZARD_ERROR: (lambda: None, _text_or_none),
    DOCUMENTS_TICKED: (list, _texts),
    DOSSIER_SENDER: (lambda: None, lambda value: value is None or isinstance(value, dict)),
    DOSSIER_ERROR: (lambda: None, _text_or_none),
    DOSSIER_NOTICE: (lambda: None, _text_or_none),
    TIMELINE_START: (lambda: None, _text_or_none),
    TIMELINE_REACHED: (dict, lambda value: isinstance(value, dict)),
    TIMELINE_CARD_ORDER: (lambda: "online", lambda value: isinstance(value, str)),
    TIMELINE_MEMO: (lambda: None, lambda value: value is None or isinstance(value, dict)),
}
"""Each key of ours: how to make its starting value, and what a valid value looks like."""
