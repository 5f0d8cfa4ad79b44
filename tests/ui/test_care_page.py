"""The care page through app.py (issue 16): what applies now for the stage reached, the myths, the C2S estimate
and its follow-up, in both languages; nothing typed is lost on a page switch, and a wrong date is said, not kept."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.ui.conftest import UI_TODAY
from tests.ui.session import case_of, put_case, set_date
from tests.ui.test_timeline_page import UNDOCUMENTED
from ui import state
from ui.care_view import APPLIED_WIDGET, INCOME_WIDGET, SIZE_WIDGET
from ui.pages import CARE_PAGE, HOME_PAGE, TIMELINE_PAGE
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA.model_dump(exclude_none=True, mode="json")
CARD_REACHED = {
    "application_sent": "2026-06-01", "temporary_number": "2026-06-20", "permanent_number": "2026-09-20",
    "ameli_account": "2026-09-25", "card_received": "2026-10-10",
}  # fmt: skip


def _care(language: Language = Language.EN, **case: object) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    put_case(at, **case)
    at.run()
    return at.switch_page(CARE_PAGE).run()


def _texts(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "header", "subheader", "title"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    return "\n".join(parts)


def _text(language: Language, key: str, **values: object) -> str:
    return CATALOG.text(language, key, **values)


def _estimate(at: AppTest, size: int, income: int) -> AppTest:
    at.number_input(key=SIZE_WIDGET).set_value(size).run()
    return at.number_input(key=INCOME_WIDGET).set_value(income).run()


def test_a_worker_who_has_sent_nothing_hears_to_send_it_and_that_a_doctor_can_be_seen_without_a_card() -> None:
    at = _care(answers=EMPLOYEE)
    assert not at.exception
    texts = _texts(at)
    assert _text(Language.EN, "care.stage_is", stage=_text(Language.EN, "care.stage.no_number")) in texts
    assert _text(Language.EN, "care.advice.send_application_first") in texts
    assert _text(Language.EN, "care.myth.no_doctor_without_card.claim") in texts
    assert [expander.label for expander in at.expander][:3] == [
        _text(Language.EN, f"care.stage_title.{stage}") for stage in ("temporary_number", "permanent_number", "card")
    ]


def test_the_estimate_for_three_people_and_22000_euros_is_with_a_contribution_with_its_dated_ceilings() -> None:
    at = _estimate(_care(answers=EMPLOYEE), 3, 22_000)
    assert not at.exception
    texts = _texts(at)
    assert "**C2S with a monthly contribution**" in texts
    assert "Free C2S: up to 18\u202f609\u00a0€ a year for a household of 3 people" in texts
    assert "C2S with a contribution: up to 25\u202f123\u00a0€ a year for a household of 3 people" in texts
    assert "in force since 1 April 2025" in texts
    assert _text(Language.EN, "outcome_page.figure_stale", date="1 April 2026") in texts
    assert "| 70 and over | 30\u00a0€ |" in texts
    case = case_of(at)
    assert (case.c2s_household_size, case.c2s_income_eur) == (3, 22_000)


def test_in_french_the_estimate_and_the_ceilings_read_as_a_french_page() -> None:
    at = _estimate(_care(Language.FR, answers=EMPLOYEE), 1, 9_000)
    assert not at.exception
    texts = _texts(at)
    assert "Avec 9\u202f000\u00a0€ par an, votre foyer aurait probablement droit à la **C2S gratuite**." in texts
    assert "C2S gratuite\u00a0: jusqu'à 10\u202f339\u00a0€ par an pour une personne seule" in texts
    assert "en vigueur depuis le 1er avril 2025" in texts
    assert "Ce qui s'applique à vous maintenant" in texts
    assert "| 70 and over" not in texts


def test_above_the_ceilings_the_page_points_to_a_mutuelle_and_shows_no_contribution_table() -> None:
    at = _estimate(_care(answers=EMPLOYEE), 2, 40_000)
    texts = _texts(at)
    assert "probably **above the C2S ceilings**" in texts
    assert "| Age |" not in texts
    assert [expander.label for expander in at.expander][-1] == _text(Language.EN, "care.mutuelle.heading")


def test_with_the_card_received_the_page_says_declare_a_medecin_traitant_and_corrects_the_other_doctor_myth() -> None:
    at = _care(Language.FR, answers=EMPLOYEE, reached=CARD_REACHED)
    texts = _texts(at)
    assert _text(Language.FR, "care.stage_is", stage=_text(Language.FR, "care.stage.card")) in texts
    assert _text(Language.FR, "care.advice.declare_medecin_traitant") in texts
    truth = _text(Language.FR, "care.myth.other_doctor_not_reimbursed.truth")
    assert truth in texts
    assert "30\u00a0% du tarif au lieu de 70\u00a0%" in truth
    assert not at.expander or all("Quand" not in expander.label for expander in at.expander)


def test_an_ame_holder_is_told_the_ame_pays_in_full_and_gets_no_c2s_estimate() -> None:
    at = _care(answers=UNDOCUMENTED)
    assert not at.exception
    texts = _texts(at)
    assert _text(Language.EN, "care.c2s_access.ame_instead") in texts
    assert _text(Language.EN, "care.advice.ame_no_advance") in texts
    assert not at.number_input


def test_without_a_finished_questionnaire_the_page_sends_the_person_to_it() -> None:
    at = _care()
    assert not at.exception
    assert at.info[0].value == _text(Language.EN, "care.needs_questionnaire")
    assert not at.number_input


def test_the_household_size_starts_from_the_people_moving_with_the_applicant() -> None:
    members = [
        {"id": "m1", "relation": "partner", "label": "Sam", "birth_date": "1990-01-01"},
        {"id": "m2", "relation": "child", "label": "Ana", "birth_date": "2018-05-01"},
    ]
    at = _care(answers=EMPLOYEE, members=members)
    assert at.number_input(key=SIZE_WIDGET).value == 3


def test_the_day_asked_gives_the_decision_day_and_a_calendar_file_and_survives_a_page_switch() -> None:
    at = _estimate(_care(answers=EMPLOYEE), 3, 22_000)
    set_date(at, APPLIED_WIDGET, date(2026, 11, 20)).run()
    assert not at.exception
    assert _text(Language.EN, "care.c2s.decision_due", date="20 January 2027") in _texts(at)
    assert case_of(at).c2s_applied_on == date(2026, 11, 20)
    assert any(element.proto.label == _text(Language.EN, "care.c2s.calendar") for element in at.get("download_button"))
    at.switch_page(HOME_PAGE).run()
    at.switch_page(TIMELINE_PAGE).run()
    at.switch_page(CARE_PAGE).run()
    assert at.number_input(key=SIZE_WIDGET).value == 3
    assert at.number_input(key=INCOME_WIDGET).value == 22_000
    assert _text(Language.EN, "care.c2s.decision_due", date="20 January 2027") in _texts(at)


def test_an_impossible_day_asked_is_said_under_the_field_and_not_kept() -> None:
    at = _care(Language.FR, answers=EMPLOYEE)
    set_date(at, APPLIED_WIDGET, None)
    at.selectbox(key=f"{APPLIED_WIDGET}__day").set_value(31)
    at.selectbox(key=f"{APPLIED_WIDGET}__month").set_value(2)
    at.selectbox(key=f"{APPLIED_WIDGET}__year").set_value(2026)
    at.run()
    assert not at.exception
    assert at.error
    assert case_of(at).c2s_applied_on is None
