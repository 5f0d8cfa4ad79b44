"""« Who is moving with you? » on the eligibility page (issue 15), through app.py with AppTest.

A partner and children are added with their small forms, each is listed with their route, and can be edited
and removed; what cannot be true is said under the form in the page's language, and what was typed stays.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.test_hostile_input import REAL_SENDER
from tests.ui.conftest import UI_TODAY
from tests.ui.session import answer, case_of, date_of, press, put_case, set_date
from ui import state
from ui.household_view import FIELD, card_key, plain
from ui.pages import ELIGIBILITY_PAGE
from vitale.case import Case
from vitale.household import MAX_MEMBERS, Member, Relation, assess_household
from vitale.outcomes import Exemption, Outcome
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
ENGINEER = ["metropole", "yes", "employee", "other", "permit", set(), "IN", "hi"]
"""An engineer from India: employee in France, another nationality, a residence permit."""
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA.model_dump(exclude_none=True, mode="json")


def _text(at: AppTest, key: str, **values: object) -> str:
    return CATALOG.text(Language(at.session_state[state.LANGUAGE]), key, **values)


def _open(language: Language = Language.EN, **case: object) -> AppTest:
    """The eligibility page, with a case whose answers are complete unless ``case`` says otherwise."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    put_case(at, **{"answers": EMPLOYEE, **case})
    at.run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    press(at, "household.ui.check_button")
    assert at.header[0].value == _text(at, "household.ui.heading")
    return at


def _fill(at: AppTest, label: str, birth: date, arrival: date | None = None, **partner: str) -> AppTest:
    """Fill the open form: label, date of birth, arrival, and a partner's link, activity, nationality, document."""
    at.text_input(key=FIELD + "label").input(label)
    set_date(at, FIELD + "birth", birth)
    at.radio(key=FIELD + "arrival").set_value("with_you" if arrival is None else "later")
    if arrival is not None:
        set_date(at, FIELD + "arrival_date", arrival)
    for name, value in partner.items():
        at.radio(key=FIELD + name).set_value(value)
    return at


def _add_child(at: AppTest, label: str, birth: date, arrival: date | None = None) -> AppTest:
    press(at, "household.ui.add_child")
    _fill(at, label, birth, arrival)
    return press(at, "household.ui.save")


def _errors(at: AppTest) -> list[str]:
    return [str(error.value) for error in at.error]


def _no_markup(at: AppTest) -> None:
    assert not at.exception
    assert not [m for m in at.markdown if m.proto.allow_html], "markdown rendering HTML"


def _cards(at: AppTest) -> list[str]:
    """Each member's card label: « **Léa, your child** — her route »."""
    return [str(card.label) for card in at.expander]


def _open_cards(at: AppTest) -> list[str]:
    """The ids of the members whose card is open (an open card holds their Edit button)."""
    return [str(b.key).removeprefix("household_edit_") for b in at.button if str(b.key).startswith("household_edit_")]


def _open_card(at: AppTest, member_id: str) -> AppTest:
    """Open a member's card as a tap on it does: its state is set and the page reruns."""
    at.session_state[card_key(member_id)] = True
    return at.run()


@pytest.mark.parametrize("language", list(Language))
def test_an_engineer_with_a_partner_not_working_and_two_children_sees_each_of_their_routes(
    language: Language,
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    at.run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    for value in ENGINEER:
        answer(at, value)
    press(at, "wizard.see_outcome")
    assert _text(at, "outcome.puma_work.title") in at.success[0].value

    press(at, "household.ui.add_partner")
    assert at.radio(key=FIELD + "nationality").value == "other", "the applicant's nationality is offered"
    _fill(at, "Priya", date(1992, 3, 14), link="married", activity="none", residence="permit")
    press(at, "household.ui.save")
    assert _errors(at) == []
    _add_child(at, "Anaya", date(2022, 5, 10))  # 4 on UI_TODAY
    _add_child(at, "Rohan", date(2017, 9, 1))  # 9

    members = case_of(at).members
    assert [(m.id, m.relation, m.label) for m in members] == [
        ("m1", Relation.PARTNER, "Priya"), ("m2", Relation.CHILD, "Anaya"), ("m3", Relation.CHILD, "Rohan"),
    ]  # fmt: skip
    partner, first, second = assess_household(case_of(at).answers, members, UI_TODAY)
    assert (partner.outcome, partner.exemption) == (Outcome.PUMA_RESIDENCE, Exemption.FAMILY_OF_INSURED)
    assert first.outcome is second.outcome is Outcome.CHILD_ATTACHED

    cards = _cards(at)
    assert cards == [
        f"**{_text(at, 'household.ui.partner_heading', label='Priya')}** — "
        + _text(at, "member_outcome.puma_residence", name="Priya"),
        *(
            f"**{_text(at, 'household.ui.child_heading', label=name)}** — "
            + _text(at, "member_outcome.child_attached", name=name)
            for name in ("Anaya", "Rohan")
        ),
    ], "each card says who the person is and their route in one line"
    assert _open_cards(at) == ["m1", "m2", "m3"], "each card opens when its person is saved"
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert _text(at, "reason.R15_family_of_insured") in shown, "the D160-2 exemption, explained"
    assert _text(at, "household.reason.child_attached") in shown
    assert _text(at, "next.child_attach") in shown
    assert "D160-2" in shown, "the exemption's source"
    _no_markup(at)


def test_a_member_can_be_edited_and_removed_and_the_page_says_it_was_removed() -> None:
    at = _open()
    _add_child(at, "Léa", date(2020, 1, 2))
    _add_child(at, "Tom", date(2018, 6, 30))
    at.button(key="household_edit_m1").click().run()
    assert at.text_input(key=FIELD + "label").value == "Léa", "the form shows what was saved"
    assert date_of(at, FIELD + "birth") == date(2020, 1, 2)
    at.text_input(key=FIELD + "label").input("Léa-Rose")
    press(at, "household.ui.save")
    assert [m.label for m in case_of(at).members] == ["Léa-Rose", "Tom"]

    at.button(key="household_remove_m1").click().run()
    assert not at.exception
    assert [(m.id, m.label) for m in case_of(at).members] == [("m2", "Tom")]
    assert _text(at, "household.ui.removed") in [s.value for s in at.success]
    _add_child(at, "Zoé", date(2021, 3, 3))
    assert [m.id for m in case_of(at).members] == ["m2", "m3"], "ids are not reused while others stay"


def test_only_one_partner_can_be_added_and_the_button_says_why() -> None:
    at = _open()
    press(at, "household.ui.add_partner")
    _fill(at, "Sam", date(1988, 1, 1), link="pacs", activity="employee", residence="permit")
    press(at, "household.ui.save")
    button = at.button(key="household_add_partner")
    assert button.disabled
    assert _text(at, "household.ui.partner_taken") in [c.value for c in at.caption]


@pytest.mark.parametrize("language", list(Language))
def test_an_empty_label_is_refused_and_what_was_typed_stays_in_the_form(language: Language) -> None:
    at = _open(language)
    press(at, "household.ui.add_child")
    _fill(at, "   ", date(2019, 4, 5))
    press(at, "household.ui.save")
    assert _errors(at) == [_text(at, "household.ui.error.label")]
    assert case_of(at).members == ()
    assert date_of(at, FIELD + "birth") == date(2019, 4, 5), "nothing typed is lost"
    at.text_input(key=FIELD + "label").input("Maya")
    press(at, "household.ui.save")
    assert [m.label for m in case_of(at).members] == ["Maya"]


@pytest.mark.parametrize("language", list(Language))
def test_a_partner_form_sent_half_filled_says_each_missing_answer(language: Language) -> None:
    at = _open(language)
    press(at, "household.ui.add_partner")
    at.radio(key=FIELD + "nationality").set_value("french")
    at.radio(key=FIELD + "arrival").set_value("later")
    press(at, "household.ui.save")
    expected = ["label", "birth_date", "arrival_date", "link", "activity"]
    assert _errors(at) == [_text(at, f"household.ui.error.{name}") for name in expected]
    assert at.radio(key=FIELD + "nationality").value == "french"
    assert case_of(at).members == ()


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize(
    ("birth", "problem"),
    [
        (date(2026, 12, 25), "born_in_future"),
        (date(2008, 12, 1), "child_adult"),
        (date(2012, 2, 2), "child_before_parent"),
    ],
    ids=["born_in_the_future", "eighteen_or_over", "born_before_the_applicant"],
)
def test_an_impossible_child_is_refused_with_the_reason_under_the_form(
    birth: date, problem: str, language: Language
) -> None:
    sender = {**REAL_SENDER, "date_of_birth": date(2012, 3, 1)}  # a young applicant: 14
    at = _open(language, sender=sender)
    _add_child(at, "Kid", birth)
    assert _errors(at) == [_text(at, f"household.problem.{problem}")]
    assert case_of(at).members == ()
    assert at.text_input(key=FIELD + "label").value == "Kid"
    assert date_of(at, FIELD + "birth") == birth


def test_an_impossible_member_already_in_the_case_is_shown_with_its_problem_and_no_route() -> None:
    future = Member(id="m1", relation=Relation.CHILD, label="Bébé", birth_date=date(2027, 1, 1))
    at = _open(members=[future.model_dump()])
    assert _errors(at) == [_text(at, "household.problem.born_in_future")]
    assert _cards(at) == [f"**{_text(at, 'household.ui.child_heading', label='Bébé')}** — "
                          f"{_text(at, 'household.ui.to_correct')}"]  # fmt: skip
    assert _open_cards(at) == ["m1"], "a card with a problem starts open, so the problem is seen"
    assert _text(at, "household.ui.route_blocked") in [c.value for c in at.caption]


@pytest.mark.parametrize("label", ["<b>x</b>", "**x**", "[click](https://evil.example)", ":red[x] :material/home:"])
def test_a_label_is_shown_as_typed_and_never_as_markup(label: str) -> None:
    at = _open()
    _add_child(at, label, date(2020, 1, 1))
    assert [m.label for m in case_of(at).members] == [label]
    heading = _text(at, "household.ui.child_heading", label=plain(label))
    assert _cards(at)[0].startswith(f"**{heading}** — ")
    shown = "\n".join([*_cards(at), *(str(m.value) for m in at.markdown)])
    assert f"**{heading}**" in shown
    assert label not in shown, "never the raw label as Markdown"
    _no_markup(at)


def test_two_hundred_members_in_the_session_are_capped_and_no_one_more_can_be_added() -> None:
    crowd = tuple(
        Member(id=f"m{n}", relation=Relation.CHILD, label=f"Child {n}", birth_date=date(2015, 1, 1))
        for n in range(1, 201)
    )
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = "en"
    at.session_state[state.CASE] = Case.model_construct(**{**dict(Case.model_validate({"answers": EMPLOYEE})),
                                                           "members": crowd})  # fmt: skip
    at.run()
    at.switch_page(ELIGIBILITY_PAGE).run()
    press(at, "household.ui.check_button")
    _no_markup(at)
    assert _text(at, "household.problem.too_many") in [w.value for w in at.warning]
    assert len(_cards(at)) == MAX_MEMBERS
    assert _open_cards(at) == [], "closed: a crowd draws one line each"
    assert at.button(key="household_add_child").disabled
    assert at.button(key="household_add_partner").disabled
    assert _text(at, "household.ui.full") in [c.value for c in at.caption]
    _open_card(at, "m1").button(key="household_remove_m1").click().run()
    assert not at.exception
    assert len(case_of(at).members) == MAX_MEMBERS - 1, "the case is valid again: the first 19 less one"


def test_start_again_clears_the_household_and_its_form() -> None:
    at = _open()
    _add_child(at, "Léa", date(2020, 1, 2))
    press(at, "household.ui.add_child")
    at.text_input(key=FIELD + "label").input("Half-typed")
    press(at, "wizard.start_again")
    press(at, "wizard.start_again_yes")
    assert case_of(at) == Case()
    assert [k for k in at.session_state if str(k).startswith(state.HOUSEHOLD_PREFIX) and at.session_state[k]] == []


def test_the_check_page_counts_the_people_moving_with_you() -> None:
    at = _open(Language.FR)
    _add_child(at, "Léa", date(2020, 1, 2))
    press(at, "household.ui.back_to_check")
    assert _text(at, "household.ui.check_count", count=1) in "\n".join(str(m.value) for m in at.markdown)
    press(at, "wizard.see_outcome")
    assert _text(at, "member_outcome.child_attached", name="Léa") in _cards(at)[-1]


def test_closed_cards_draw_one_line_each_and_opening_one_draws_that_person_s_route_only() -> None:
    children = [
        {"id": f"m{n}", "relation": "child", "label": label, "birth_date": born}
        for n, (label, born) in enumerate((("Léa", "2022-03-15"), ("Noé", "2017-09-02"), ("Ana", "2014-01-20")), 1)
    ]
    at = _open(Language.FR, members=children)
    assert [label.split(" — ")[1] for label in _cards(at)] == [
        _text(at, "member_outcome.child_attached", name=name) for name in ("Léa", "Noé", "Ana")
    ], "each child's route, in their card's one line"
    next_step = _text(at, "next.child_attach")
    assert _open_cards(at) == []
    assert not any(next_step in m.value for m in at.markdown), "nothing of a closed card is drawn"

    _open_card(at, "m2")
    assert _open_cards(at) == ["m2"]
    assert sum(next_step in m.value for m in at.markdown) == 1, "Noé's steps, once"
    assert _text(at, "household.ui.born", date="2 septembre 2017") in "\n".join(m.value for m in at.markdown)
    at.session_state[card_key("m2")] = False
    at.run()
    assert _open_cards(at) == [], "closed again"
    assert not any(next_step in m.value for m in at.markdown)
    assert not at.exception


def test_a_member_s_route_is_said_of_them_by_name_not_as_you() -> None:
    at = _open(
        Language.FR,
        members=[
            {
                "id": "m1",
                "relation": "partner",
                "label": "Priya",
                "birth_date": "1992-03-14",
                "activity": "none",
                "residence_status": "permit",
            }
        ],
    )
    (card,) = _cards(at)
    assert card.startswith("**Priya, votre conjoint ou partenaire** — Priya bénéficie de la couverture santé"), card
    assert _text(at, "outcome.puma_residence.title") not in card


@pytest.mark.parametrize("language", list(Language))
def test_while_a_form_is_open_no_other_can_be_opened_so_nothing_typed_is_lost(language: Language) -> None:
    at = _open(language)
    _add_child(at, "Léa", date(2020, 1, 2))
    press(at, "household.ui.add_child")
    at.text_input(key=FIELD + "label").input("Half-typed")  # in the form: kept by the browser until Save
    assert at.button(key="household_add_child").disabled
    assert at.button(key="household_add_partner").disabled
    assert at.button(key="household_edit_m1").disabled, "Léa's Edit would replace the form being typed"
    assert _text(at, "household.ui.form_open") in [c.value for c in at.caption]

    press(at, "household.ui.cancel")
    assert not at.button(key="household_add_child").disabled
    assert not at.button(key="household_edit_m1").disabled
    assert _text(at, "household.ui.form_open") not in [c.value for c in at.caption]


def test_closing_a_card_while_its_form_is_open_cancels_the_form_so_add_is_available_again() -> None:
    at = _open()
    _add_child(at, "Léa", date(2020, 1, 2))
    at.button(key="household_edit_m1").click().run()
    assert at.button(key="household_add_child").disabled
    assert _open_cards(at) == ["m1"]
    at.session_state[card_key("m1")] = False  # the tap that closes the card
    at.run()
    assert _open_cards(at) == []
    assert not at.button(key="household_add_child").disabled, "no form is left open out of sight"
    assert [m.label for m in case_of(at).members] == ["Léa"], "nothing saved or lost from the case"
