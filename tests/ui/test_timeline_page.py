"""The timeline page through app.py (issue 5): reached dates, invalid dates, charts, table, calendar, case file."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.ui.conftest import UI_TODAY
from tests.ui.session import case_of, date_keys, date_of, put_case, set_date
from ui import state
from ui.pages import DOSSIER_PAGE, ELIGIBILITY_PAGE, HOME_PAGE, TIMELINE_PAGE
from ui.timeline_view import NUMBER_WIDGET, ORDER_WIDGET, START_WIDGET, TABS_WIDGET, reached_widget
from vitale.case import Case, Milestone
from vitale.casefile import dumps
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA.model_dump(exclude_none=True, mode="json")
UNDOCUMENTED = {
    "territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "other",
    "residence_status": "none", "arrival_date": "2025-01-01", "situations": [], "household_size": 1,
    "annual_income_eur": 5000,
}  # fmt: skip
TODAY = UI_TODAY


def _timeline(answers: dict[str, object], language: Language = Language.EN) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    put_case(at, answers=answers)
    at.run()
    return at.switch_page(TIMELINE_PAGE).run()


def _texts(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "subheader"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    return "\n".join(parts)


def _table(at: AppTest) -> list[list[str]]:
    """The rows of the table in words (a Markdown table, under its heading), without the header."""
    heading = "## " + CATALOG.text(Language(at.session_state[state.LANGUAGE]), "timeline.table_heading")
    words = next(m.value for m in at.markdown if m.value.startswith(heading))
    lines = [line for line in words.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("| ").split(" | ")] for line in lines[2:]]


def _set_dates(at: AppTest, start: date, **reached: date) -> AppTest:
    set_date(at, START_WIDGET, start).run()
    for milestone, day in reached.items():
        set_date(at, reached_widget(Milestone(milestone)), day).run()
    return at


@pytest.mark.parametrize("language", list(Language))
def test_the_projection_shows_a_summary_both_charts_a_table_and_the_calendar(language: Language) -> None:
    at = _timeline(EMPLOYEE, language)
    assert not at.exception
    texts = _texts(at)
    assert len(at.get("vega_lite_chart")) == 1, "only the open tab's chart is sent"
    rows = _table(at)
    assert [row[0] for row in rows] == [CATALOG.text(language, f"timeline.milestone.{m.value}") for m in Milestone]
    sure = [row[2] for row in rows]
    assert CATALOG.text(language, "timeline.how_sure_typical_official") in sure[-1], "the card's typical wait is F265's"
    assert CATALOG.text(language, "timeline.how_sure_range_estimate") in sure[-1], "its worst case is our estimate"
    assert CATALOG.text(language, "timeline.how_sure_typical_estimate") in sure[1], "no official figure for the NIA"
    assert CATALOG.text(language, "timeline.chase_heading") not in texts, "nothing to chase before the file is sent"
    assert CATALOG.text(language, "timeline.reminder_heading") in texts
    assert [b.label for b in at.get("download_button")] == [CATALOG.text(language, "timeline.download_calendar")]
    assert "service-public.fr" in texts, "sources are shown by title and publisher"


def test_reached_dates_are_shown_done_and_the_rest_is_re_projected() -> None:
    at = _set_dates(_timeline(EMPLOYEE), TODAY - timedelta(days=150), application_sent=TODAY - timedelta(days=148))
    assert not at.exception
    rows = _table(at)
    done = CATALOG.text(
        Language.EN, "timeline.status_reached", date=CATALOG.format_date(Language.EN, TODAY - timedelta(days=148))
    )
    assert rows[0][1] == done
    assert rows[1][1].startswith("Most people in your situation: between")
    assert case_of(at).reached == {"application_sent": TODAY - timedelta(days=148)}
    overdue = CATALOG.text(Language.EN, "timeline.chase_overdue", milestone="Temporary number", date="").split("**")[0]
    assert any(overdue in w.value for w in at.warning), "five months without a temporary number: chase now"


def test_an_impossible_date_is_explained_under_its_field_and_the_timeline_stays_without_it() -> None:
    at = _set_dates(
        _timeline(EMPLOYEE, Language.FR),
        TODAY - timedelta(days=100),
        application_sent=TODAY - timedelta(days=90),
        temporary_number=TODAY - timedelta(days=95),
    )
    assert not at.exception
    message = CATALOG.text(Language.FR, "timeline.error.out_of_order", milestone="Numéro provisoire")
    assert [e.value for e in at.error] == [message]
    heading = "## " + CATALOG.text(Language.FR, "timeline.table_heading")
    assert [m for m in at.markdown if m.value.startswith(heading)], "the projection stays, without the wrong date"
    assert len(at.get("vega_lite_chart")) == 1
    assert _table(at)[1][1].startswith("Pour la plupart"), "the temporary number is projected, not marked done"
    assert date_of(at, reached_widget(Milestone.TEMPORARY_NUMBER)) == TODAY - timedelta(days=95)
    assert set(case_of(at).reached) == {"application_sent", "temporary_number"}


def test_a_file_sent_four_days_ago_moves_the_start_and_keeps_the_charts() -> None:
    sent = TODAY - timedelta(days=4)
    at = _set_dates(_timeline(EMPLOYEE), TODAY, application_sent=sent)
    assert not at.exception
    assert not at.error
    assert len(at.get("vega_lite_chart")) == 1
    assert [b.label for b in at.get("download_button")], "the calendar stays"
    moved = CATALOG.text(
        Language.EN, "timeline.start_moved", date=CATALOG.format_date(Language.EN, sent),
        entered=CATALOG.format_date(Language.EN, TODAY),
    )  # fmt: skip
    assert any(moved in i.value for i in at.info)
    assert CATALOG.text(Language.EN, "timeline.chase_heading") in _texts(at), "now the caisse is waited for"


def test_dates_and_card_order_survive_a_visit_to_another_page() -> None:
    at = _set_dates(_timeline(EMPLOYEE), TODAY - timedelta(days=40), application_sent=TODAY - timedelta(days=38))
    at.radio(key=ORDER_WIDGET).set_value("paper").run()
    at.switch_page(HOME_PAGE).run()
    at.switch_page(TIMELINE_PAGE).run()
    assert not at.exception
    assert date_of(at, START_WIDGET) == TODAY - timedelta(days=40)
    assert date_of(at, reached_widget(Milestone.APPLICATION_SENT)) == TODAY - timedelta(days=38)
    assert at.radio(key=ORDER_WIDGET).value == "paper"


def test_clearing_a_date_removes_it() -> None:
    at = _set_dates(_timeline(EMPLOYEE), TODAY - timedelta(days=40), application_sent=TODAY - timedelta(days=38))
    set_date(at, reached_widget(Milestone.APPLICATION_SENT), None).run()
    assert case_of(at).reached == {}


def test_the_second_tab_shows_the_chance_of_having_the_card() -> None:
    at = _timeline(EMPLOYEE)
    assert json.loads(at.get("vega_lite_chart")[0].proto.spec)["title"] == "When each step is likely"
    at.session_state[TABS_WIDGET] = CATALOG.text(Language.EN, "timeline.tab_card")  # the user opens the tab
    at.run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert json.loads(charts[0].proto.spec)["title"] == CATALOG.text(Language.EN, "timeline.chart.chance_title")


def test_without_the_questionnaire_the_page_sends_the_user_to_it() -> None:
    at = _timeline({})
    assert not at.exception
    assert [i.value for i in at.info] == [CATALOG.text(Language.EN, "timeline.needs_questionnaire")]
    assert not date_keys(at)


def test_a_route_without_a_card_says_so_instead_of_projecting() -> None:
    at = _timeline(UNDOCUMENTED)
    assert not at.exception
    assert [i.value for i in at.info] == [CATALOG.text(Language.EN, "timeline.no_card_route")]


def test_a_case_file_brings_the_reached_dates_back_and_start_again_wipes_them() -> None:
    sent = TODAY - timedelta(days=30)
    case = Case(answers=EMPLOYEE_BORN_IN_INDIA, reached={Milestone.APPLICATION_SENT: sent}, timeline_start=sent)
    at = _timeline({})
    at.switch_page(DOSSIER_PAGE).run()
    at.file_uploader[0].set_value(("case.json", dumps(case), "application/json")).run()
    at.switch_page(TIMELINE_PAGE).run()
    assert not at.exception
    assert date_of(at, reached_widget(Milestone.APPLICATION_SENT)) == sent
    assert _table(at)[0][1].startswith("Done on")
    from ui import wizard

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wizard.st, "session_state", at.session_state)
        wizard.start_again()
    assert case_of(at).reached == {}


def test_the_outcome_of_a_card_route_links_to_the_timeline_and_the_link_works() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = Language.EN.value
    put_case(at, answers=EMPLOYEE)
    at.session_state[state.WIZARD_VIEW] = "outcome"
    at.run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    links = [
        link
        for link in at.get("page_link")
        if link.proto.label == CATALOG.text(Language.EN, "outcome_page.see_timeline")
    ]
    assert len(links) == 1
    assert links[0].proto.page.endswith("timeline")
    at.switch_page(TIMELINE_PAGE).run()
    assert not at.exception
    assert at.title[0].value == CATALOG.text(Language.EN, "timeline.title")


@pytest.mark.parametrize("language", list(Language))
def test_a_person_with_a_number_sees_the_number_steps_as_not_needed_and_the_answer_is_kept(language: Language) -> None:
    at = _timeline(EMPLOYEE, language)
    at.radio(key=NUMBER_WIDGET).set_value("yes").run()
    assert not at.exception
    assert case_of(at).answers.has_social_security_number is True
    rows = _table(at)
    not_needed = CATALOG.text(language, "timeline.status_not_needed")
    assert [row[1] for row in rows[1:3]] == [not_needed, not_needed]
    assert CATALOG.text(language, "timeline.has_number") in _texts(at)
    at.switch_page(HOME_PAGE).run()
    at.switch_page(TIMELINE_PAGE).run()
    assert at.radio(key=NUMBER_WIDGET).value == "yes"
    at.radio(key=NUMBER_WIDGET).set_value("no").run()
    assert case_of(at).answers.has_social_security_number is False
    assert _table(at)[1][1] != not_needed


def test_a_part_filled_date_is_explained_under_its_field_and_the_last_good_one_is_kept() -> None:
    sent = TODAY - timedelta(days=30)
    at = _timeline(EMPLOYEE, Language.FR)
    key = reached_widget(Milestone.APPLICATION_SENT)
    set_date(at, key, sent).run()
    assert case_of(at).reached[Milestone.APPLICATION_SENT] == sent
    at.selectbox(key=f"{key}__day").set_value(None).run()
    assert CATALOG.text(Language.FR, "date_entry.incomplete") in [e.value for e in at.error]
    assert case_of(at).reached[Milestone.APPLICATION_SENT] == sent, "the case keeps the last whole date"
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart"), "the projection stays"
    at.selectbox(key=f"{key}__month").set_value(None)
    at.selectbox(key=f"{key}__year").set_value(None).run()
    assert Milestone.APPLICATION_SENT not in case_of(at).reached, "emptying all three parts removes the date"
    assert not at.error


def test_each_step_s_date_appears_once_the_one_before_is_entered() -> None:
    at = _timeline(EMPLOYEE)
    sent, temporary = reached_widget(Milestone.APPLICATION_SENT), reached_widget(Milestone.TEMPORARY_NUMBER)
    assert date_keys(at) == [START_WIDGET, sent]
    assert CATALOG.text(Language.EN, "timeline.reached_more") in [c.value for c in at.caption]
    set_date(at, sent, TODAY - timedelta(days=20)).run()
    assert date_keys(at) == [START_WIDGET, sent, temporary]
    put_case(at, answers=EMPLOYEE, reached={"card_received": TODAY - timedelta(days=1)})  # a restored case
    at.run()
    assert len(date_keys(at)) == 1 + len(Milestone), "every step up to the last one reached is shown"
