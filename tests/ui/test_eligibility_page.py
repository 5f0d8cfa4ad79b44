"""The questionnaire through app.py with AppTest (issue 3): profiles, Back, Change, Start again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.ui.conftest import UI_TODAY
from tests.ui.session import answer, answers_of, date_keys, press, set_date
from ui import state
from ui.pages import ELIGIBILITY_PAGE, HOME_PAGE
from vitale.dates import add_months
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))


def _open(language: Language = Language.EN) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    at.run()
    return at.switch_page(ELIGIBILITY_PAGE).run()


def _text(at: AppTest, key: str, **values: object) -> str:
    return CATALOG.text(Language(at.session_state[state.LANGUAGE]), key, **values)


def _question(at: AppTest) -> str:
    return at.radio[0].label if at.radio else ""


def _outcome(at: AppTest) -> str:
    return at.success[0].value if at.success else ""


PROFILES = [
    (
        "employee_with_permit",
        ["metropole", "yes", "employee", "other", "permit", set(), "IN", "hi"],
        "outcome.puma_work.title",
    ),
    (
        "non_eu_student",
        ["metropole", "yes", "student", "other", "permit", {"born_in_france"}],
        "outcome.student_online.title",
    ),
    (
        "undocumented_recent_arrival",
        ["metropole", "yes", "none", "other", "none", UI_TODAY - timedelta(days=10), set(), 2, 4000],
        "outcome.urgent_care_only.title",
    ),
    (
        "retiree_with_an_eu_pension",
        ["metropole", "yes", "retired", "eea_swiss_uk", "eu_eea_swiss", set(), "ES"],
        "outcome.s1_registration.title",
    ),
    (
        "french_pensioner_living_abroad",
        ["abroad", "retired", "france"],
        "outcome.covered_during_stays.title",
    ),
]


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize(("answers", "outcome_key"), [p[1:] for p in PROFILES], ids=[p[0] for p in PROFILES])
def test_a_profile_completes_the_wizard_and_sees_its_outcome(
    answers: list[object], outcome_key: str, language: Language
) -> None:
    at = _open(language)
    for value in answers:
        answer(at, value)
    assert at.header[0].value == _text(at, "wizard.check_heading")
    press(at, "wizard.see_outcome")
    assert _text(at, outcome_key) in _outcome(at)
    shown = "\n".join(m.value for m in at.markdown)
    for section in ("outcome_page.why", "outcome_page.next"):
        assert f"### {_text(at, section)}" in shown, "why / what to do next, each under its heading"
    assert any("](http" in m.value for m in at.markdown), "the sources are shown, with their links"
    assert not at.query_params, "nothing personal goes into the URL"


def test_the_undocumented_profile_sees_the_date_from_which_ame_is_possible() -> None:
    at = _open()
    for value in PROFILES[2][1]:
        answer(at, value)
    press(at, "wizard.see_outcome")
    arrival = next(value for value in PROFILES[2][1] if isinstance(value, date))  # the date typed, even past midnight
    ame_from = add_months(arrival, 3)
    month = CATALOG.text(Language.EN, "date.months").split(",")[ame_from.month - 1]
    assert any(f"{ame_from.day} {month} {ame_from.year}" in info.value for info in at.info)


def test_an_ame_outcome_shows_the_household_s_ceiling_its_date_and_that_it_may_have_changed() -> None:
    """Issue 10: a household of 2 earning 12,000 € is under its ceiling (15,508 €), not a single person's."""
    at = _open(Language.FR)
    for value in ["metropole", "yes", "none", "other", "none", date(2025, 1, 10), set(), 2, 12000]:
        answer(at, value)
    press(at, "wizard.see_outcome")
    assert _text(at, "outcome.ame.title") in _outcome(at)
    markdown = " ".join(m.value for m in at.markdown)
    assert "15\u202f508 €" in markdown
    assert "foyer de 2 personnes" in markdown
    assert any("a pu changer depuis le 1er avril 2026" in w.value for w in at.warning)


def test_the_household_size_leads_to_the_income_and_is_kept_when_going_back() -> None:
    at = _open(Language.FR)
    for value in ["metropole", "yes", "none", "other", "none", date(2025, 1, 10), set()]:
        answer(at, value)
    at.number_input[0].set_value(1)
    press(at, "wizard.next")
    assert (
        at.number_input[0].label
        == _text(at, "question.annual_income_eur.label") + " (" + _text(at, "wizard.amount_label_suffix") + ")"
    )
    press(at, "wizard.back")
    assert at.number_input[0].value == 1


def test_back_keeps_the_previous_answer() -> None:
    at = _open()
    answer(at, "metropole")
    answer(at, "yes")
    assert _question(at) == _text(at, "question.activity.label")
    press(at, "wizard.back")
    assert _question(at) == _text(at, "question.main_home.label")
    assert at.radio[0].value == "yes"
    press(at, "wizard.back")
    assert at.radio[0].value == "metropole"
    press(at, "wizard.next")
    assert at.radio[0].value == "yes", "walking forward again shows the kept answer"


def test_change_returns_to_the_check_page_and_drops_only_what_became_irrelevant() -> None:
    at = _open()
    for value in ["metropole", "yes", "employee", "other", "permit", set(), "IN", "hi"]:
        answer(at, value)
    assert at.header[0].value == _text(at, "wizard.check_heading")
    at.button(key="wizard_change_nationality").click().run()
    assert _question(at) == _text(at, "question.nationality.label")
    answer(at, "eu_eea_swiss")
    assert at.header[0].value == _text(at, "wizard.check_heading"), "back to the check page"
    answers = answers_of(at)
    assert "residence_status" not in answers, "no permit question for a European"
    assert answers["activity"] == "employee", "earlier answers are kept"
    press(at, "wizard.see_outcome")
    assert _text(at, "outcome.puma_work.title") in _outcome(at)


def test_a_change_that_opens_a_new_question_asks_it_before_the_check_page() -> None:
    at = _open()
    for value in ["metropole", "yes", "employee", "eu_eea_swiss", set(), "ES"]:
        answer(at, value)
    at.button(key="wizard_change_activity").click().run()
    answer(at, "none")
    assert date_keys(at), "an inactive person is asked the arrival date"
    answer(at, UI_TODAY - timedelta(days=400))
    assert at.header[0].value == _text(at, "wizard.check_heading")
    press(at, "wizard.see_outcome")
    assert _text(at, "outcome.case_by_case.title") in _outcome(at)


@pytest.mark.parametrize("language", list(Language))
def test_start_again_asks_first_then_wipes_every_answer_and_says_so(language: Language) -> None:
    at = _open(language)
    answer(at, "metropole")
    answer(at, "yes")
    press(at, "wizard.start_again")
    assert answers_of(at) != {}, "one tap erases nothing"
    assert [w.value for w in at.warning] == [_text(at, "wizard.start_again_confirm")]
    press(at, "wizard.start_again_yes")
    assert answers_of(at) == {}
    assert _question(at) == _text(at, "question.territory.label")
    assert at.radio[0].value is None
    assert [s.value for s in at.success] == [_text(at, "wizard.start_again_done")]
    assert not at.warning
    answer(at, "metropole")
    assert not at.success, "said once"


def test_start_again_can_be_cancelled_and_nothing_is_lost() -> None:
    at = _open()
    answer(at, "metropole")
    answer(at, "yes")
    kept = answers_of(at)
    press(at, "wizard.start_again")
    press(at, "wizard.start_again_no")
    assert answers_of(at) == kept
    assert not at.warning
    assert not at.success
    assert [b.label for b in at.button if b.label == _text(at, "wizard.start_again")]


def test_continue_without_an_answer_shows_a_translated_message() -> None:
    at = _open(Language.FR)
    press(at, "wizard.next")
    assert [e.value for e in at.error] == [_text(at, "wizard.choose_one")]


def test_a_future_arrival_date_is_refused_and_nothing_is_stored() -> None:
    at = _open()
    for value in ["metropole", "yes", "none", "french"]:
        answer(at, value)
    set_date(at, date_keys(at)[0], UI_TODAY + timedelta(days=20))  # this year: a year to come is not offered
    press(at, "wizard.next")
    assert len(at.error) == 1, "a translated message, not a crash"
    assert date_keys(at), "still on the same question"
    assert "arrival_date" not in answers_of(at)


def test_the_answers_survive_a_visit_to_another_page() -> None:
    at = _open()
    answer(at, "metropole")
    at.switch_page(HOME_PAGE).run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    assert not at.exception
    assert _question(at) == _text(at, "question.main_home.label")
    assert answers_of(at) == {"territory": "metropole"}


def test_a_damaged_answer_in_the_session_is_dropped_not_shown_as_a_crash() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = "en"
    at.session_state[state.CASE] = {"answers": {"territory": "atlantis"}}  # not a Case: reset, not shown
    at.run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    assert not at.exception
    assert _question(at) == _text(at, "question.territory.label")


def test_the_birth_certificate_country_is_chosen_by_name_in_the_users_language() -> None:
    at = _open(Language.FR)
    for value in ["metropole", "yes", "employee", "other", "permit", set()]:
        answer(at, value)
    country = at.selectbox[0]
    assert country.label == _text(at, "question.birth_certificate_country.label")
    assert "Inde" in country.options
    assert "Espagne" in country.options
    answer(at, "ES")
    assert at.header[0].value == _text(at, "wizard.check_heading"), "no language question for an EEA country"
    assert any("Espagne" in m.value for m in at.markdown)


def test_a_date_the_field_could_not_take_gets_the_date_message_not_choose_one() -> None:
    """A future or impossible date typed in the browser reaches the app as no date (issue 13)."""
    at = _open()
    for value in ["metropole", "yes", "none", "other", "permit"]:
        answer(at, value)
    set_date(at, date_keys(at)[0], None)
    press(at, "wizard.next")
    assert [e.value for e in at.error] == [_text(at, "wizard.date_missing")]


def test_where_you_live_is_asked_in_two_steps_when_you_choose_overseas() -> None:
    at = _open(Language.FR)
    assert at.title[0].value == _text(at, "wizard.title")
    assert at.radio[0].options == [
        _text(at, "option.territory.metropole"), _text(at, "option.territory.group_overseas"),
        _text(at, "option.territory.monaco"), _text(at, "option.territory.abroad"),
    ], "four lines, not fourteen"  # fmt: skip
    at.radio[0].set_value("overseas")
    press(at, "wizard.next")
    assert _question(at) == _text(at, "question.territory.group_overseas.label")
    assert len(at.radio[0].options) == 11
    assert _text(at, "option.territory.guadeloupe") in at.radio[0].options
    assert not answers_of(at), "choosing a group answers nothing yet"
    press(at, "wizard.back")
    assert _question(at) == _text(at, "question.territory.label"), "Back returns to the first step"
    assert at.radio[0].value == "overseas"
    press(at, "wizard.next")
    press(at, "wizard.next")
    assert at.error[0].value == _text(at, "wizard.choose_one"), "the second step needs an option too"
    at.radio[0].set_value("reunion")
    press(at, "wizard.next")
    assert answers_of(at) == {"territory": "reunion"}
    assert _question(at) == _text(at, "question.main_home.label")
    press(at, "wizard.back")
    assert at.radio[0].value == "overseas", "Back from the next question shows the group of the kept answer"
    press(at, "wizard.next")
    assert at.radio[0].value == "reunion", "and then the kept answer"


def test_a_group_of_one_answers_the_question_at_once() -> None:
    at = _open()
    at.radio[0].set_value("monaco")
    press(at, "wizard.next")
    assert answers_of(at) == {"territory": "monaco"}


def test_after_the_first_question_the_title_is_a_small_step_header_without_the_intro() -> None:
    at = _open()
    intro = _text(at, "wizard.intro")
    assert intro in [m.value for m in at.markdown]
    answer(at, "metropole")
    assert intro not in [m.value for m in at.markdown]
    assert at.title[0].value == _text(at, "wizard.title"), "every step keeps its h1"
    assert any(getattr(block, "key", None) == "wizard_step_header" for block in _blocks(at.main))


def _blocks(node: object) -> list[object]:
    children = getattr(node, "children", {})
    found = list(children.values())
    for child in children.values():
        found += _blocks(child)
    return found


def test_the_arrival_date_is_three_selects_with_french_month_names_and_impossible_days_are_explained() -> None:
    at = _open(Language.FR)
    for value in ["metropole", "yes", "none", "french"]:
        answer(at, value)
    key = date_keys(at)[0]
    month = at.selectbox(key=f"{key}__month")
    assert month.options[:3] == ["janv.", "févr.", "mars"]
    assert at.selectbox(key=f"{key}__year").options[0] == str(UI_TODAY.year), "the most recent year first"
    at.selectbox(key=f"{key}__day").set_value(31)
    month.set_value(2)
    at.selectbox(key=f"{key}__year").set_value(2026)
    press(at, "wizard.next")
    assert [e.value for e in at.error] == [_text(at, "date_entry.impossible")]
    assert "arrival_date" not in answers_of(at)
    at.selectbox(key=f"{key}__day").set_value(None)
    press(at, "wizard.next")
    assert [e.value for e in at.error] == [_text(at, "date_entry.incomplete")]
    at.selectbox(key=f"{key}__day").set_value(28)
    press(at, "wizard.next")
    assert answers_of(at)["arrival_date"] == "2026-02-28"
