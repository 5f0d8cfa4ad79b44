"""Keeping the case in this browser (issue 14), the Python side, through app.py with AppTest.

AppTest cannot run the component's JavaScript: these tests read what the frame asks the component to do
(its ``data``: read, write, remove or nothing) and play the browser's answer (the trigger value ``stored``
that the JavaScript sends when it finds a copy). The real browser is in
tests/e2e/test_browser_storage_browser.py.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.ui.conftest import UI_TODAY
from tests.ui.session import answer, answers_of, case_of, press, put_case
from ui import browser_store, state
from ui.pages import DOSSIER_PAGE, ELIGIBILITY_PAGE, PAGES
from vitale.case import Case
from vitale.casefile import dumps, loads
from vitale.rules import text_figures
from vitale.sender import Sender
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
STORED = Case(answers=EMPLOYEE_BORN_IN_INDIA, postal_code="75011")
READ: dict[str, Any] = {"read": True}


def _open(page: str = ELIGIBILITY_PAGE, language: Language = Language.EN) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    at.run()
    return at.switch_page(page).run()


def _text(at: AppTest, key: str) -> str:
    return CATALOG.text(Language(at.session_state[state.LANGUAGE]), key)


def sent(at: AppTest) -> dict[str, Any] | None:
    """What the frame asked the component to do in the last run (its ``data``); None if it was not mounted."""
    bridges = at.get("bidi_component")
    assert len(bridges) <= 1
    if not bridges:
        return None
    value = json.loads(bridges[0].proto.json)
    assert isinstance(value, dict)
    return value


def _written(at: AppTest) -> str:
    """The case file the frame asked the component to write in the last run."""
    todo = sent(at)
    assert todo is not None
    assert set(todo) == {"write"}
    assert isinstance(todo["write"], str)
    return str(todo["write"])


def browser_sends(at: AppTest, stored: object, event: str = "stored") -> AppTest:
    """Play the component's JavaScript finding ``stored`` in localStorage (or, with ``event="failed"``, failing
    to write): a trigger value, then a rerun.

    Streamlit's private trigger id (``_make_trigger_id``) is used because AppTest has no public way to
    drive a custom component; Streamlit is pinned (~=1.67.0)."""
    (bridge,) = at.get("bidi_component")
    widgets = at._tree.get_widget_states()
    trigger = [{"event": event, "value": stored}]
    widgets.widgets.append(
        WidgetState(id=_make_trigger_id(bridge.proto.id, "events"), json_trigger_value=json.dumps(trigger))
    )
    at._run(widgets)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _keep(at: AppTest, on: bool = True) -> AppTest:
    at.toggle(key=browser_store.TOGGLE_WIDGET).set_value(on).run()
    assert not at.exception
    return at


def _notices(at: AppTest) -> list[str]:
    return [element.value for element in [*at.success, *at.error, *at.warning]]


@pytest.mark.parametrize("page", [ELIGIBILITY_PAGE, DOSSIER_PAGE])
def test_keeping_a_copy_is_off_by_default_says_why_and_nothing_is_written(page: str) -> None:
    at = _open(page)
    switch = at.toggle(key=browser_store.TOGGLE_WIDGET)
    assert (switch.label, switch.value) == (_text(at, "browser_store.switch"), False)
    assert _text(at, "browser_store.off") in [caption.value for caption in at.caption]
    assert "shared" in _text(at, "browser_store.off"), "the off text warns about shared computers"
    assert sent(at) == READ, "a fresh session only asks what the browser holds"
    if page == ELIGIBILITY_PAGE:
        answer(at, "metropole")
        answer(at, "yes")
        assert answers_of(at) == {"territory": "metropole", "main_home": "yes"}
    else:
        at.run().run()
    assert sent(at) is None, "no answer ever goes to the browser while keeping is off"


def test_a_fresh_session_asks_the_browser_in_its_first_runs_only_then_mounts_nothing() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = Language.EN.value
    for _ in range(browser_store.READ_RUNS):
        at.run()
        assert sent(at) == READ
    for spec in PAGES:
        at.switch_page(spec.path).run()
        assert sent(at) is None, spec.path
    assert at.session_state[state.BROWSER_SYNC] == state.BROWSER_NOTHING


def test_turned_on_the_case_file_is_written_once_per_change_and_exactly_as_the_case_file() -> None:
    at = _keep(_open())
    assert sent(at) == {"write": dumps(Case()).decode()}, "turning it on keeps even an empty case (and the choice)"
    at.run()
    assert sent(at) is None, "an unchanged case is not sent again: nothing is even mounted"
    answer(at, "metropole")
    written = _written(at)
    assert written == dumps(case_of(at)).decode()
    assert loads(written.encode()) == case_of(at)
    at.run()
    assert sent(at) is None
    answer(at, "yes")
    assert loads(_written(at).encode()).answers.main_home == "yes"
    assert at.session_state[state.BROWSER_SYNC] == browser_store.digest(dumps(case_of(at))), "a fingerprint only"


def test_turned_off_the_copy_is_erased_once() -> None:
    at = _keep(_open())
    answer(at, "metropole")
    _keep(at, on=False)
    assert sent(at) == {"remove": True}
    assert _text(at, "browser_store.off") in [caption.value for caption in at.caption]
    at.run()
    assert sent(at) is None
    answer(at, "yes")
    assert sent(at) is None, "nothing written again, and nothing asked"


@pytest.mark.parametrize("language", list(Language))
def test_a_stored_copy_is_restored_into_an_empty_session_said_once_and_keeping_stays_on(language: Language) -> None:
    at = _open(language=language)
    assert sent(at) == READ
    browser_sends(at, dumps(STORED).decode())
    assert case_of(at) == STORED
    assert _notices(at) == [_text(at, "browser_store.restored")]
    assert at.header[0].value == _text(at, "wizard.check_heading"), "every answer is there: the check page"
    assert at.toggle(key=browser_store.TOGGLE_WIDGET).value is True
    assert sent(at) is None, "what was just read is not written back"
    at.run()
    assert _notices(at) == [], "said once"
    assert case_of(at) == STORED


def test_a_restore_brings_back_the_letter_details_too() -> None:
    sender = Sender(
        full_name="Ana Souza", address="12 rue de la Paix", postal_code="75011", city="Paris",
        date_of_birth=date(1990, 4, 2),
    )  # fmt: skip
    at = browser_sends(_open(DOSSIER_PAGE), dumps(STORED.model_copy(update={"sender": sender})).decode())
    assert case_of(at).sender == sender


def test_a_stored_empty_case_keeps_the_choice_without_a_message() -> None:
    at = browser_sends(_open(), dumps(Case()).decode())
    assert at.session_state[state.BROWSER_KEEP] is True
    assert _notices(at) == []


def test_a_stored_copy_never_overwrites_what_the_person_is_doing() -> None:
    at = _open()
    answer(at, "metropole")  # one step: the bridge asks in the first runs only
    browser_sends(at, dumps(STORED).decode())
    assert answers_of(at) == {"territory": "metropole"}
    assert _notices(at) == [_text(at, "browser_store.not_restored")]
    assert at.session_state[state.BROWSER_KEEP] is True
    assert loads(_written(at).encode()) == case_of(at), "the current case replaces the stored one"


def test_only_the_first_answer_of_a_session_counts() -> None:
    at = browser_sends(_open(), dumps(STORED).decode())
    press(at, "wizard.start_again")
    press(at, "wizard.start_again_yes")
    browser_sends(at, dumps(STORED).decode())  # a remounted component reads again: ignored
    assert case_of(at) == Case()


HOSTILE = [
    "",
    "null",
    "{" * 10_000,
    "[1, 2, 3]",
    '{"schema": "vitale-case", "version": 99, "case": {}}',
    '{"schema": "vitale-case", "version": 3, "case": {"answers": {"territory": "atlantis"}}}',
    '{"schema": "vitale-case", "version": 3, "case": {"postal_code": "7501\ud800"}}',
    '{"schema": "vitale-case", "version": 3, "case": {}, "case": {"postal_code": "75011"}}',
    " " * 1_000_001,
    12,
    ["not", "text"],
    {"schema": "vitale-case", "version": 3, "case": {}},
]


@pytest.mark.parametrize("stored", HOSTILE, ids=[repr(value)[:40] for value in HOSTILE])
def test_a_damaged_or_hostile_stored_copy_is_refused_said_and_erased(stored: object) -> None:
    at = browser_sends(_open(), stored)
    assert case_of(at) == Case()
    assert [e.value for e in at.error] == [_text(at, "browser_store.refused")]
    assert at.session_state[state.BROWSER_KEEP] is False
    assert sent(at) == {"remove": True}
    at.run()
    assert not at.error, "said once"
    assert sent(at) is None


@pytest.mark.parametrize("language", list(Language))
def test_start_again_turns_keeping_off_and_erases_the_copy(language: Language) -> None:
    at = _keep(_open(language=language))
    answer(at, "metropole")
    press(at, "wizard.start_again")
    assert [w.value for w in at.warning] == [_text(at, "wizard.start_again_confirm")]
    assert "browser" in CATALOG.text(Language.EN, "wizard.start_again_confirm")
    assert "navigateur" in CATALOG.text(Language.FR, "wizard.start_again_confirm")
    press(at, "wizard.start_again_yes")
    assert case_of(at) == Case()
    assert at.toggle(key=browser_store.TOGGLE_WIDGET).value is False
    assert sent(at) == {"remove": True}
    at.run()
    assert sent(at) is None


def test_keeping_follows_the_person_from_page_to_page() -> None:
    at = _keep(_open(DOSSIER_PAGE))
    at.switch_page(ELIGIBILITY_PAGE).run()
    assert at.toggle(key=browser_store.TOGGLE_WIDGET).value is True
    answer(at, "metropole")
    assert loads(_written(at).encode()).answers.territory == "metropole"


def test_an_uploaded_case_file_is_written_to_the_browser_when_keeping_is_on() -> None:
    at = _open(DOSSIER_PAGE)
    put_case(at, answers=STORED.answers.model_dump(mode="json", exclude_none=True))
    _keep(at)
    assert loads(_written(at).encode()).answers == STORED.answers


def test_a_browser_that_refuses_to_keep_the_copy_turns_keeping_off_and_says_so() -> None:
    at = _keep(_open())
    assert _written(at)
    browser_sends(at, True, event="failed")  # storage blocked by the browser's settings, or full
    assert at.session_state[state.BROWSER_KEEP] is False
    assert [w.value for w in at.warning] == [_text(at, "browser_store.unavailable")]
    assert at.toggle(key=browser_store.TOGGLE_WIDGET).value is False
    assert sent(at) == {"remove": True}, "an older copy, if any, is erased"
    at.run()
    assert sent(at) is None
    assert not at.warning, "said once"
