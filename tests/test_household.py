"""The household's routes (issue 15): a partner on their own answers, a child through the parent.

Each scenario names the text it follows (vitale/household.py's docstring quotes them): CSS L160-1,
L160-2, D160-1, D160-2 II 1° and II 3°, R161-8; service-public F16620 (checked 13/11/2024);
ameli's AME page; ameli's asylum-seeker page (26/02/2025); CLEISS on S1 family members.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from vitale.answers import Activity, Answers, HomeTerritory, Nationality, ResidenceStatus, Situation
from vitale.household import (
    MAX_MEMBERS,
    Member,
    PartnerLink,
    assess_household,
    household_problems,
    next_member_id,
    turns_adult_on,
)
from vitale.outcomes import Exemption, Fund, Outcome
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

TODAY = date(2026, 12, 2)
CATALOG = load_catalog().with_figures(text_figures(TODAY))

ENGINEER = Answers(
    territory=HomeTerritory.METROPOLE, main_home="yes", activity=Activity.EMPLOYEE, nationality=Nationality.OTHER,
    residence_status=ResidenceStatus.PERMIT, situations=frozenset(), birth_certificate_country="IN",
    birth_certificate_language="hi",
)  # fmt: skip
UNDOCUMENTED = Answers(
    territory=HomeTerritory.METROPOLE, main_home="yes", activity=Activity.NONE, nationality=Nationality.OTHER,
    residence_status=ResidenceStatus.NONE, arrival_date=date(2026, 1, 10), situations=frozenset(), household_size=3,
    annual_income_eur=6_000,
)  # fmt: skip
ASYLUM_SEEKER = Answers(
    territory=HomeTerritory.METROPOLE, main_home="yes", activity=Activity.NONE, nationality=Nationality.OTHER,
    residence_status=ResidenceStatus.ASYLUM_SEEKER, arrival_date=TODAY - timedelta(days=20), situations=frozenset(),
)  # fmt: skip
NEWLY_ARRIVED = Answers(
    territory=HomeTerritory.METROPOLE, main_home="yes", activity=Activity.NONE, nationality=Nationality.OTHER,
    residence_status=ResidenceStatus.PERMIT, arrival_date=TODAY - timedelta(days=30), situations=frozenset(),
)  # fmt: skip


def partner(**fields: object) -> Member:
    return Member.model_validate(
        {"id": "m1", "relation": "partner", "label": "Sam", "birth_date": date(1991, 6, 1), **fields}
    )


def child(age: int, member_id: str = "m2", **fields: object) -> Member:
    born = date(TODAY.year - age, 3, 15)
    return Member.model_validate({"id": member_id, "relation": "child", "label": "Léa", "birth_date": born, **fields})


def route(applicant: Answers, member: Member):  # type: ignore[no-untyped-def]
    (assessment,) = assess_household(applicant, [member], TODAY)
    return assessment


# -- a partner -------------------------------------------------------------------------------------


def test_a_working_partner_is_covered_through_their_own_work_l160_1() -> None:
    assessment = route(ENGINEER, partner(activity=Activity.EMPLOYEE))
    assert assessment.outcome is Outcome.PUMA_WORK


def test_a_partner_who_does_not_work_joining_an_insured_person_is_covered_at_once_d160_2_ii_3() -> None:
    assessment = route(ENGINEER, partner(activity=Activity.NONE, partner_link=PartnerLink.MARRIED))
    assert assessment.outcome is Outcome.PUMA_RESIDENCE
    assert assessment.eligible_from is None
    assert assessment.exemption is Exemption.FAMILY_OF_INSURED
    assert "css_d160_2" in assessment.reasons[0].source_ids


def test_a_partner_of_someone_still_waiting_waits_too_no_insured_person_to_join_yet() -> None:
    assessment = route(NEWLY_ARRIVED, partner(activity=Activity.NONE))
    assert assessment.outcome is Outcome.PUMA_RESIDENCE_WAIT
    assert assessment.eligible_from == route(NEWLY_ARRIVED, child(5)).eligible_from


def test_a_european_partner_with_an_ehic_is_told_it_is_for_temporary_stays_cleiss() -> None:
    member = partner(activity=Activity.NONE, nationality=Nationality.EU_EEA_SWISS, situations={Situation.EHIC})
    assessment = route(ENGINEER, member)
    assert assessment.outcome is Outcome.PUMA_RESIDENCE
    assert "caution.partner_ehic" in [c.text_key for c in assessment.cautions]


def test_an_undocumented_partner_of_an_undocumented_applicant_gets_ame_on_the_household_ceiling() -> None:
    assessment = route(UNDOCUMENTED, partner(activity=Activity.NONE))
    assert assessment.outcome is Outcome.AME
    assert [figure.name for figure in assessment.figures] == ["ame_ceiling_mainland"] or assessment.figures


def test_a_partner_keeps_their_own_nationality_and_otherwise_takes_the_applicant_s() -> None:
    european = route(ENGINEER, partner(activity=Activity.EMPLOYEE, nationality=Nationality.EU_EEA_SWISS))
    assert european.outcome is Outcome.PUMA_WORK


def test_the_partner_of_an_s1_holder_is_registered_on_an_s1_too_cleiss() -> None:
    pensioner = Answers(
        territory=HomeTerritory.METROPOLE, main_home="yes", activity=Activity.RETIRED, pension_from="eea_swiss_uk",
        nationality=Nationality.EU_EEA_SWISS, situations=frozenset(),
    )  # fmt: skip
    assert route(pensioner, partner(activity=Activity.NONE)).outcome is Outcome.S1_REGISTRATION


# -- a child -------------------------------------------------------------------------------------


def test_a_child_of_an_insured_parent_is_attached_to_that_parent_l160_2_f16620() -> None:
    assessment = route(ENGINEER, child(4))
    assert assessment.outcome is Outcome.CHILD_ATTACHED
    assert assessment.eligible_from is None
    assert assessment.fund is Fund.CPAM
    assert {"css_l160_2", "F16620"} <= set(assessment.reasons[0].source_ids)
    assert assessment.next_steps == ("next.child_attach", "next.child_attach_both")
    assert "caution.child_card_age" in [c.text_key for c in assessment.cautions]


def test_a_child_of_an_undocumented_parent_gets_ame_at_once_whatever_the_income_ameli() -> None:
    rich = UNDOCUMENTED.model_copy(update={"annual_income_eur": 900_000})
    for applicant in (UNDOCUMENTED, rich):
        assessment = route(applicant, child(9))
        assert assessment.outcome is Outcome.AME
        assert assessment.eligible_from is None
        assert "ameli_ame" in assessment.reasons[0].source_ids


def test_a_child_of_an_asylum_seeker_is_covered_without_delay_d160_2_ii_1() -> None:
    assessment = route(ASYLUM_SEEKER, child(6))
    assert assessment.outcome is Outcome.PUMA_RESIDENCE
    assert assessment.eligible_from is None
    assert assessment.exemption is Exemption.ASYLUM_SEEKERS_CHILD


def test_a_child_arriving_after_the_parent_is_attached_from_their_arrival_with_a_caution() -> None:
    later = TODAY + timedelta(days=60)
    assessment = route(ENGINEER, child(9, arrival_date=later))
    assert assessment.outcome is Outcome.CHILD_ATTACHED
    assert assessment.eligible_from == later
    assert "caution.child_arriving_later" in [c.text_key for c in assessment.cautions]


def test_a_child_of_a_parent_still_waiting_is_attached_from_the_parent_s_date() -> None:
    parent_date = route(NEWLY_ARRIVED, partner(activity=Activity.NONE)).eligible_from
    assessment = route(NEWLY_ARRIVED, child(3))
    assert assessment.outcome is Outcome.CHILD_ATTACHED
    assert assessment.eligible_from == parent_date


def test_a_child_follows_a_parent_under_a_territory_s_own_system() -> None:
    assessment = route(Answers(territory=HomeTerritory.NOUVELLE_CALEDONIE), child(7))
    assert assessment.outcome is Outcome.LOCAL_REGIME
    assert assessment.fund is Fund.LOCAL_BODY


def test_one_assessment_per_member_in_order() -> None:
    members = [partner(activity=Activity.NONE), child(4, "m2"), child(9, "m3")]
    outcomes = [a.outcome for a in assess_household(ENGINEER, members, TODAY)]
    assert outcomes == [Outcome.PUMA_RESIDENCE, Outcome.CHILD_ATTACHED, Outcome.CHILD_ATTACHED]


def test_every_member_route_has_its_words_in_both_languages() -> None:
    members = [
        partner(activity=Activity.NONE, situations={Situation.EHIC}),
        child(4, "m2", arrival_date=TODAY + timedelta(days=9)),
    ]
    for applicant in (ENGINEER, UNDOCUMENTED, ASYLUM_SEEKER, NEWLY_ARRIVED, Answers(territory=HomeTerritory.MONACO)):
        for assessment in assess_household(applicant, members, TODAY):
            keys = [f"outcome.{assessment.outcome.value}.title", *assessment.next_steps]
            keys += [reason.text_key for reason in assessment.reasons] + [c.text_key for c in assessment.cautions]
            for language in Language:
                for key in keys:
                    assert CATALOG.has(key), key
                    assert CATALOG.text(language, key)


# -- what cannot be -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (child(0).model_copy(update={"birth_date": TODAY + timedelta(days=1)}), "born_in_future"),
        (child(18), "child_adult"),
        (child(11), "child_before_parent"),  # the applicant's date of birth typed as 2016
    ],
)
def test_an_impossible_member_is_explained(member: Member, reason: str) -> None:
    problems = household_problems([member], TODAY, applicant_birth=date(2016, 1, 1))
    assert [(p.index, p.message_key) for p in problems] == [(0, f"household.problem.{reason}")]
    assert CATALOG.text(Language.FR, f"household.problem.{reason}")


def test_a_child_turns_adult_on_their_eighteenth_birthday_d160_1() -> None:
    assert turns_adult_on(child(4)) == date(TODAY.year - 4 + 18, 3, 15)
    assert not household_problems([child(17)], TODAY)


def test_a_second_partner_and_a_twentieth_person_are_refused() -> None:
    members = [partner(), partner(id="m2")]
    assert [p.reason for p in household_problems(members, TODAY)] == ["second_partner"]
    many = [child(5, f"m{n}") for n in range(1, MAX_MEMBERS + 2)]
    assert household_problems(many, TODAY)[-1].reason == "too_many"


@pytest.mark.parametrize("label", ["", "   ", "Léa\x00", "a\u202eb", "x" * 41])
def test_a_label_that_is_not_a_name_is_refused(label: str) -> None:
    with pytest.raises(ValidationError):
        child(4, label=label)


def test_a_label_with_markup_is_kept_as_typed() -> None:
    assert child(4, label="  <b>Léa</b> **x** ").label == "<b>Léa</b> **x**"


def test_a_new_member_gets_an_id_no_one_has() -> None:
    assert next_member_id([]) == "m1"
    assert next_member_id([child(4, "m1"), child(5, "m7")]) == "m8"


@given(st.lists(st.sampled_from(list(Activity)), max_size=3), st.integers(0, 17))
def test_any_household_gets_one_assessment_per_member_and_never_raises(activities: list[Activity], age: int) -> None:
    members = [partner(activity=activities[0])] if activities else []
    members.append(child(age, "m9"))
    assert len(assess_household(ENGINEER, members, TODAY)) == len(members)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_route_can_be_said_of_a_member_by_name_in_both_languages(outcome: Outcome) -> None:
    for language in Language:
        title = CATALOG.text(language, f"member_outcome.{outcome.value}", name="Priya")
        assert "Priya" in title
        assert "{" not in title
