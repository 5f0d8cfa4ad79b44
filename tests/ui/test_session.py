"""One session key holds what a person enters (issue 12): walk every page, fill everything, look at the session.

Everything typed or chosen must be in the case (``state.CASE``) and, while a page shows it, in that page's
widgets (keys with a page prefix). The other keys are UI state (the language, the wizard's position,
messages) or caches derived from the case and reset with it.
"""

from __future__ import annotations

from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.ui.conftest import UI_TODAY
from tests.ui.session import answer, case_of, press, set_date
from ui import browser_store, state
from ui.pages import DOCUMENTS_PAGE, DOSSIER_PAGE, ELIGIBILITY_PAGE, HOME_PAGE, OFFICE_PAGE, TIMELINE_PAGE
from ui.timeline_view import ORDER_WIDGET, START_WIDGET, reached_widget
from vitale.case import CardOrder, Case, DocumentId, Milestone
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

TEXTS = load_catalog().with_figures(text_figures(UI_TODAY))
NAME = "Zyxwq Distinctive-Name"
STREET = "77 rue Improbable-Zyxwq"
ARRIVAL = UI_TODAY - timedelta(days=400)
SENT = UI_TODAY - timedelta(days=40)
UI_KEYS = {
    state.LANGUAGE, state.LANGUAGE_WIDGET, state.WIZARD_HISTORY, state.WIZARD_VIEW, state.WIZARD_CURRENT,
    state.WIZARD_RETURN_TO_CHECK, state.WIZARD_ERROR, state.WIZARD_RESET, state.WIZARD_GROUP,
    state.DOSSIER_ERROR, state.DOSSIER_NOTICE, state.BROWSER_KEEP, state.BROWSER_SYNC, state.BROWSER_READS,
    state.BROWSER_NOTICE, state.FRAME_PAGES, *state.CACHES,
}  # fmt: skip


def _fill_everything() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = "en"
    at.run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    for value in ["metropole", "yes", "none", "french", ARRIVAL, set()]:
        answer(at, value)
    at.switch_page(OFFICE_PAGE).run()
    at.text_input(key=state.OFFICE_POSTCODE_WIDGET).input("59000")
    press(at, "office.search")
    at.switch_page(DOCUMENTS_PAGE).run()
    at.checkbox(key=state.DOCUMENTS_WIDGET_PREFIX + "rib").check().run()
    at.switch_page(TIMELINE_PAGE).run()
    set_date(at, START_WIDGET, SENT - timedelta(days=5)).run()
    at.radio(key=ORDER_WIDGET).set_value("paper").run()
    set_date(at, reached_widget(Milestone.APPLICATION_SENT), SENT).run()
    at.switch_page(DOSSIER_PAGE).run()
    at.text_input(key="dossier_field_full_name").input(NAME)
    at.text_area(key="dossier_field_address").input(STREET)
    at.text_input(key="dossier_field_postal_code").input("59000")
    at.text_input(key="dossier_field_city").input("Lille")
    set_date(at, "dossier_field_date_of_birth", date(1990, 4, 2))
    press(at, "dossier.make_letter")
    at.switch_page(HOME_PAGE).run()
    assert not at.exception
    return at


def test_everything_a_person_enters_is_in_the_one_case_and_nowhere_else_but_widgets() -> None:
    at = _fill_everything()
    case = case_of(at)
    assert case.answers.arrival_date == ARRIVAL
    assert (case.postal_code, case.ticked) == ("59000", frozenset({DocumentId.RIB}))
    assert (case.timeline_start, case.card_order) == (SENT - timedelta(days=5), CardOrder.PAPER)
    assert case.reached == {Milestone.APPLICATION_SENT: SENT}
    assert case.sender is not None
    assert (case.sender.full_name, case.sender.address) == (NAME, STREET)

    keys = {str(key) for key in at.session_state}
    assert state.CASE in keys
    unknown = {
        key for key in keys
        if key != state.CASE and key not in UI_KEYS and not key.startswith(WIDGETS) and not _is_control(key)
    }  # fmt: skip
    assert unknown == set(), "user data outside the case and the widget keys"
    for key in keys - {state.CASE}:
        if key.startswith(WIDGETS):
            continue
        value = repr(at.session_state[key])
        assert NAME not in value, key
        assert STREET not in value, key


WIDGETS = state.WIDGET_PREFIXES
"""The widget keys that hold what a person types (restored from the case where their page draws them)."""
CONTROLS = {
    "dossier_upload", "dossier_case_download", "dossier_letter_pdf", "dossier_letter_txt", "dossier_save_sender",
    "dossier_date_eligible", "dossier_tab", browser_store.TOGGLE_WIDGET, browser_store.COMPONENT,
}  # fmt: skip
"""The page's own controls (an upload, downloads, the keep-in-this-browser switch and its bridge): they hold no
answer of the person's."""


def _is_control(key: str) -> bool:
    return key in CONTROLS or key.startswith(("FormSubmitter:", "office_download_", "wizard_change_"))


def test_start_again_resets_the_whole_case_at_once() -> None:
    at = _fill_everything()
    at.switch_page(ELIGIBILITY_PAGE).run()
    press(at, "wizard.start_again")
    press(at, "wizard.start_again_yes")
    assert case_of(at) == Case()
    at.switch_page(OFFICE_PAGE).run()
    assert at.text_input(key=state.OFFICE_POSTCODE_WIDGET).value in {"", None}
    assert not at.subheader, "no caisse shown after Start again"


def test_every_page_reads_the_day_from_the_one_clock() -> None:
    """UI tests fix the day (tests/ui/conftest.py): the outcome page dates the answers to that day."""
    at = _fill_everything()
    at.switch_page(ELIGIBILITY_PAGE).run()
    press(at, "wizard.see_outcome")
    assert any(TEXTS.format_date(Language.EN, UI_TODAY) in caption.value for caption in at.caption)
