"""The dossier page through app.py (issue 4): the letter, the call script, save and resume."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.ui.conftest import UI_TODAY
from tests.ui.session import answers_of, case_of, put_case, set_date, update_case
from ui import state
from ui.dossier_view import TABS_WIDGET
from ui.pages import DOSSIER_PAGE
from vitale.case import Case
from vitale.casefile import dumps
from vitale.dates import add_months
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
EMPLOYEE = {
    "territory": "metropole", "main_home": "yes", "activity": "employee", "nationality": "other",
    "residence_status": "permit", "situations": [], "birth_certificate_country": "ES",
}  # fmt: skip


def _dossier(
    answers: dict[str, object], postal_code: str | None = "75011", language: Language = Language.EN
) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    put_case(at, answers=answers, postal_code=postal_code)
    at.run()
    return at.switch_page(DOSSIER_PAGE).run()


def _type_details(at: AppTest, name: str) -> AppTest:
    at.text_input(key="dossier_field_full_name").input(name)
    at.text_area(key="dossier_field_address").input("12 rue de la Paix\nBâtiment B")
    at.text_input(key="dossier_field_postal_code").input("75011")
    at.text_input(key="dossier_field_city").input("Paris")
    set_date(at, "dossier_field_date_of_birth", date(1990, 4, 2))
    label = CATALOG.text(Language(at.session_state[state.LANGUAGE]), "dossier.make_letter")
    next(b for b in at.button if b.label == label).click()
    return at.run()


@pytest.mark.parametrize("language", list(Language))
def test_the_letter_is_in_french_addressed_to_the_caisse_and_lists_the_enclosures(language: Language) -> None:
    at = _type_details(_dossier(EMPLOYEE, language=language), "Ana Souza")
    assert not at.exception
    french, english = at.code[0].value, at.code[1].value
    assert french.startswith("Ana Souza\n12 rue de la Paix\nBâtiment B\n75011 Paris")
    assert "75948 Paris Cedex 19" in french, "addressed to the CPAM de Paris found for 75011"
    assert "au titre de mon activité professionnelle en France" in french
    assert f"- {CATALOG.text(Language.FR, 'letter.enclosure.work_proof_employee')}" in french
    assert "through my work in France" in english
    assert len(at.get("download_button")) >= 3  # PDF, text, case file


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "Ä'ñ \"O'Brien\"", "**bold** [x](http://e.vil)"])
def test_a_hostile_or_unusual_name_prints_exactly_as_typed(name: str) -> None:
    at = _type_details(_dossier(EMPLOYEE), name)
    assert not at.exception
    letter = at.code[0].value
    assert letter.splitlines()[0] == name
    assert letter.splitlines()[-1] == name


def test_details_that_cannot_make_a_letter_are_refused_with_a_translated_message() -> None:
    at = _dossier(EMPLOYEE, language=Language.FR)
    at.text_input(key="dossier_field_full_name").input("Ana")
    next(b for b in at.button if b.label == CATALOG.text(Language.FR, "dossier.make_letter")).click()
    at.run()
    assert [e.value for e in at.error] == [CATALOG.text(Language.FR, "dossier.invalid_details")]
    assert case_of(at).sender is None
    assert not at.code


def test_without_a_caisse_the_user_is_sent_to_the_office_page() -> None:
    at = _dossier(EMPLOYEE, postal_code=None)
    assert CATALOG.text(Language.EN, "dossier.needs_caisse") in [i.value for i in at.info]


def test_the_call_script_pairs_french_to_say_with_english_meaning() -> None:
    at = _dossier(EMPLOYEE)
    script = [m.value for m in at.markdown if m.value.startswith("1. ")]
    french, english = (CATALOG.text(lang, "script.have_at_hand") for lang in (Language.FR, Language.EN))
    assert script == [f"1. **{french}**  \n:small[{english}]"]


def test_a_good_case_file_restores_answers_ticks_and_postal_code() -> None:
    at = _dossier({}, postal_code=None)
    case = Case.model_validate({"answers": EMPLOYEE, "ticked": ["rib"], "postal_code": "59000"})
    at.file_uploader[0].set_value(("case.json", dumps(case), "application/json")).run()
    assert not at.exception
    assert answers_of(at)["activity"] == "employee"
    assert case_of(at).ticked == {"rib"}
    assert case_of(at).postal_code == "59000"
    assert CATALOG.text(Language.EN, "dossier.restored") in [s.value for s in at.success]


@pytest.mark.parametrize("language", list(Language))
def test_after_an_upload_the_save_tab_stays_open_with_its_confirmation(language: Language) -> None:
    at = _dossier({}, postal_code=None, language=language)
    at.session_state[TABS_WIDGET] = CATALOG.text(language, "dossier.tab_save")  # the person opens the tab
    at.run()
    case = Case.model_validate({"answers": EMPLOYEE, "postal_code": "75011"})  # the letter tab changes with it
    at.file_uploader[0].set_value(("case.json", dumps(case), "application/json")).run()
    assert not at.exception
    assert at.session_state[TABS_WIDGET] == CATALOG.text(language, "dossier.tab_save")
    assert CATALOG.text(language, "dossier.restored") in [s.value for s in at.success]
    at.session_state[state.LANGUAGE] = Language.FR.value if language is Language.EN else Language.EN.value
    at.run()
    assert not at.exception, "the other language's tab label does not break the page"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not json at all", "not_json"),
        (json.dumps({"schema": "vitale-case", "version": 9, "case": {}}).encode(), "unknown_version"),
        (json.dumps({"schema": "vitale-case", "version": 1,
                     "case": {"reached": {"application_sent": "2026-02-31"}}}).encode(), "impossible_date"),
    ],
)  # fmt: skip
def test_a_bad_case_file_is_refused_and_the_session_is_left_untouched(data: bytes, reason: str) -> None:
    at = _dossier(EMPLOYEE, language=Language.FR)
    update_case(at, ticked=["rib"])
    at.file_uploader[0].set_value(("case.json", data, "application/json")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [CATALOG.text(Language.FR, f"casefile.{reason}")]
    assert answers_of(at) == EMPLOYEE
    assert case_of(at).ticked == {"rib"}


# -- issue 13 -------------------------------------------------------------------------------------

AME_PERSON = {
    "territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "other",
    "residence_status": "none", "arrival_date": "2025-01-10", "situations": [], "household_size": 1,
    "annual_income_eur": 5000,
}  # fmt: skip
EU_STUDENT_WITH_CARD = {
    "territory": "metropole", "main_home": "yes", "activity": "student", "nationality": "eu_eea_swiss",
    "situations": ["ehic"],
}  # fmt: skip


@pytest.mark.parametrize(("answers", "instead"), [(AME_PERSON, "ame"), (EU_STUDENT_WITH_CARD, "ehic_covered")])
def test_a_route_with_nothing_to_post_gets_no_letter_but_what_to_do_instead(
    answers: dict[str, object], instead: str
) -> None:
    at = _dossier(answers, language=Language.FR)
    assert not at.exception
    assert CATALOG.text(Language.FR, f"dossier.instead.{instead}") in [i.value for i in at.info]
    assert not at.text_input, "no letter form"
    said = " ".join(m.value for m in at.markdown)
    assert CATALOG.text(Language.FR, "script.ask_where") not in said, "no 'where do I post it?' in the call"


def test_a_letter_before_the_eligibility_date_is_flagged_and_dated_on_that_day() -> None:
    newcomer = {
        "territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "french",
        "arrival_date": (UI_TODAY - timedelta(days=10)).isoformat(), "situations": [],
    }  # fmt: skip
    at = _type_details(_dossier(newcomer, language=Language.FR), "Ana Souza")
    assert not at.exception
    eligible = add_months(UI_TODAY - timedelta(days=10), 3)
    when = CATALOG.format_date(Language.FR, eligible)
    assert CATALOG.text(Language.FR, "dossier.letter_form.before_eligible", date=when) in [w.value for w in at.warning]
    assert f"Paris, le {when}" in at.code[0].value


def test_the_letter_details_go_into_the_case_file_only_when_the_person_asks() -> None:
    at = _type_details(_dossier(EMPLOYEE), "Ana Souza")
    save = CATALOG.text(Language.EN, "dossier.letter_form.save_sender")
    box = next(b for b in at.checkbox if b.label == save)
    assert box.value is False, "off unless the person asks"
    box.check().run()
    assert not at.exception
    assert at.session_state["dossier_save_sender"] is True
    assert case_of(at).sender is not None
