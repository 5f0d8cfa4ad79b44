"""Who gets which cover: the rules R1–R18 of domain.md §2.2, scenario by scenario (domain tests).

Every scenario is a complete questionnaire, as the wizard would produce it: only the
questions that apply are answered. ``TODAY`` is fixed, the domain never reads the clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import ANY_ANSWERS
from vitale.answers import (
    Answers,
    HomeTerritory,
)
from vitale.dates import add_months
from vitale.eligibility import Assessment, assess
from vitale.outcomes import Exemption, Fund, Outcome
from vitale.parameters import load_parameters
from vitale.questions import is_complete, next_question, prune
from vitale.rules import text_figures
from vitale.sources import registry
from vitale.text import Language, load_catalog

TODAY = date(2026, 11, 22)
TEN_DAYS_AGO = date(2026, 11, 12)  # + 3 months = 2027-02-12
LAST_MONTH = date(2026, 10, 1)  # + 3 months = 2027-01-01
SIX_MONTHS_AGO = date(2026, 5, 22)
THREE_YEARS_AGO = date(2023, 11, 22)
ELEVEN_YEARS_AGO = date(2015, 3, 1)


def answers(**fields: Any) -> Answers:
    """Answers from plain values (as the wizard stores them), validated.

    When the birth-certificate questions apply and the scenario does not say, they get a neutral
    answer (a Spanish certificate: no translation), since they never change the outcome.
    """
    result = Answers.model_validate(fields)
    question = next_question(result)
    if question is not None and question.id == "birth_certificate_country":
        result = result.model_copy(update={"birth_certificate_country": "ES"})
    return result


def resident(territory: str = "metropole", **fields: Any) -> Answers:
    """Someone whose main home is in France (at least 6 months a year)."""
    return answers(territory=territory, main_home="yes", **fields)


class Scenario(NamedTuple):
    id: str
    answers: Answers
    outcome: Outcome
    eligible_from: date | None
    rules: tuple[str, ...]  # the reasons' rule ids, the deciding rule first


S = Scenario
O = Outcome  # noqa: E741 - short alias for a readable table

SCENARIOS: tuple[Scenario, ...] = (
    # R1 — territories with their own system
    S("R1_new_caledonia_has_its_own_fund", answers(territory="nouvelle_caledonie"), O.LOCAL_REGIME, None, ("R1",)),
    S("R1_french_polynesia_has_its_own_fund", answers(territory="polynesie_francaise"), O.LOCAL_REGIME, None, ("R1",)),
    S("R1_saint_pierre_et_miquelon_has_its_own_fund", answers(territory="saint_pierre_et_miquelon"), O.LOCAL_REGIME,
      None, ("R1",)),
    S("R1_wallis_et_futuna_has_its_own_fund", answers(territory="wallis_et_futuna"), O.LOCAL_REGIME, None, ("R1",)),
    # R2 — Monaco
    S("R2_living_in_monaco_is_covered_by_the_monaco_funds", answers(territory="monaco"), O.MONACO_REGIME, None,
      ("R2",)),
    S("R2_living_in_france_and_working_in_monaco_is_covered_by_the_monaco_funds",
      resident(activity="frontier_worker", work_country="monaco"), O.MONACO_REGIME, None, ("R2",)),
    # R3 — living abroad, not working in France
    S("R3_living_abroad_without_work_in_france_is_not_eligible", answers(territory="abroad", activity="none"),
      O.NOT_ELIGIBLE, None, ("R3",)),
    S("R3_retiree_abroad_with_a_pension_from_elsewhere_is_not_eligible",
      answers(territory="abroad", activity="retired", pension_from="other"), O.NOT_ELIGIBLE, None, ("R3",)),
    S("R3_retiree_abroad_with_an_eea_pension_is_not_eligible",
      answers(territory="abroad", activity="retired", pension_from="eea_swiss_uk"), O.NOT_ELIGIBLE, None, ("R3",)),
    # R3b — French pensioners living abroad: care during stays (L160-3), not a bare "not eligible"
    S("R3b_french_pensioner_living_abroad_is_cared_for_during_stays_in_france",
      answers(territory="abroad", activity="retired", pension_from="france"), O.COVERED_DURING_STAYS, None, ("R3b",)),
    S("R3b_part_year_french_pensioner_is_cared_for_during_stays_in_france",
      answers(territory="metropole", main_home="part_year", activity="retired", pension_from="france",
              nationality="french", situations=set()),
      O.COVERED_DURING_STAYS, None, ("R3b",)),
    S("R3_frontier_worker_living_abroad_is_not_eligible", answers(territory="abroad", activity="frontier_worker"),
      O.NOT_ELIGIBLE, None, ("R3",)),
    # R4 — farm work: MSA
    S("R4_eu_farm_worker_is_insured_by_the_msa",
      resident(activity="farm_worker", nationality="eu_eea_swiss", situations=set()), O.MSA, None, ("R4",)),
    S("R4_farm_worker_with_a_permit_is_insured_by_the_msa",
      resident(activity="farm_worker", nationality="other", residence_status="permit", situations=set()), O.MSA, None,
      ("R4",)),
    S("R4_seasonal_farm_worker_living_abroad_is_insured_by_the_msa",
      answers(territory="abroad", activity="farm_worker", nationality="eu_eea_swiss", situations=set()), O.MSA, None,
      ("R4",)),
    # R5 — Mayotte: the CSS of Mayotte, no AME
    S("R5_employee_in_mayotte_is_covered_through_the_css_of_mayotte",
      resident("mayotte", activity="employee", nationality="french", situations=set()), O.PUMA_WORK, None,
      ("R7", "R5")),
    S("R5_french_retiree_settled_in_mayotte_is_covered_through_the_css_of_mayotte",
      resident("mayotte", activity="retired", pension_from="france", nationality="french", situations=set()),
      O.PUMA_RESIDENCE, None, ("R8b", "R5")),
    S("R5_undocumented_adult_in_mayotte_gets_urgent_care_only_because_there_is_no_ame",
      resident("mayotte", activity="none", nationality="other", residence_status="none", situations=set()),
      O.URGENT_CARE_ONLY, None, ("R11", "R5")),
    S("R5_undocumented_child_in_mayotte_gets_urgent_care_only_because_there_is_no_ame",
      resident("mayotte", activity="none", nationality="other", residence_status="none", situations={"under_18"}),
      O.URGENT_CARE_ONLY, None, ("R11", "R5")),
    # R6 — frontier workers living in France
    S("R6_frontier_worker_in_switzerland_must_choose_swiss_or_french_insurance",
      resident(activity="frontier_worker", work_country="switzerland"), O.OPTION_SWITZERLAND, None, ("R6",)),
    S("R6_frontier_worker_in_another_eea_state_registers_the_s1",
      resident(activity="frontier_worker", work_country="other_eea"), O.S1_REGISTRATION, None, ("R6",)),
    S("R6_frontier_worker_in_switzerland_living_in_reunion_also_has_the_option",
      resident("reunion", activity="frontier_worker", work_country="switzerland"), O.OPTION_SWITZERLAND, None,
      ("R6",)),
    # R7 — work in France with the right to work
    S("R7_employee_with_permit_is_covered_from_the_first_hour",
      resident(activity="employee", nationality="other", residence_status="permit", situations=set()), O.PUMA_WORK,
      None, ("R7",)),
    S("R7_self_employed_eu_national_is_covered_from_the_first_hour",
      resident(activity="self_employed", nationality="eu_eea_swiss", situations=set()), O.PUMA_WORK, None, ("R7",)),
    S("R7_employee_with_a_receipt_is_covered_from_the_first_hour",
      resident(activity="employee", nationality="uk_from_2021", residence_status="receipt", situations=set()),
      O.PUMA_WORK, None, ("R7",)),
    S("R7_part_year_french_employee_is_covered_because_work_counts_not_residence",
      answers(territory="metropole", main_home="part_year", activity="employee", nationality="french",
              situations=set()),
      O.PUMA_WORK, None, ("R7",)),
    S("R7_eu_national_living_abroad_and_working_in_france_is_covered",
      answers(territory="abroad", activity="employee", nationality="eu_eea_swiss", situations=set()), O.PUMA_WORK,
      None, ("R7",)),
    # R8 — S1
    S("R8_eu_retiree_with_an_s1_registers_it",
      resident(activity="retired", pension_from="eea_swiss_uk", nationality="eu_eea_swiss", situations={"s1"}),
      O.S1_REGISTRATION, None, ("R8",)),
    S("R8_british_retiree_arrived_after_2021_with_an_s1_registers_it",
      resident(activity="retired", pension_from="eea_swiss_uk", nationality="uk_from_2021", residence_status="permit",
               situations={"s1"}),
      O.S1_REGISTRATION, None, ("R8",)),
    S("R8_worker_posted_to_france_with_an_s1_stays_insured_at_home_not_routed_to_work",
      resident(activity="employee", nationality="eu_eea_swiss", situations={"s1"}), O.S1_REGISTRATION, None,
      ("R8",)),
    S("R8_farm_worker_with_an_s1_registers_it_before_the_msa_rule",
      resident(activity="farm_worker", nationality="eu_eea_swiss", situations={"s1"}), O.S1_REGISTRATION, None,
      ("R8",)),
    # R8b — retirees: who pays the pension (domain.md §2.4; Reg. 883/2004 art. 23-25)
    S("R8b_retiree_with_a_french_pension_is_covered_by_france_at_once",
      resident(activity="retired", pension_from="france", nationality="other", residence_status="permit",
               situations=set()),
      O.PUMA_RESIDENCE, None, ("R8b",)),
    S("R8b_eu_retiree_with_a_pension_only_from_another_eu_state_asks_for_an_s1",
      resident(activity="retired", pension_from="eea_swiss_uk", nationality="eu_eea_swiss", situations=set()),
      O.S1_REGISTRATION, None, ("R8b",)),
    S("R8b_french_retiree_with_a_swiss_pension_asks_for_an_s1",
      resident(activity="retired", pension_from="eea_swiss_uk", nationality="french", situations=set()),
      O.S1_REGISTRATION, None, ("R8b",)),
    # R9 — non-EU students
    S("R9_non_eu_student_with_a_permit_registers_online_without_waiting",
      resident(activity="student", nationality="other", residence_status="permit", situations=set()),
      O.STUDENT_ONLINE, None, ("R9",)),
    S("R9_french_student_born_abroad_registers_online_without_waiting",
      resident(activity="student", nationality="french", situations=set()), O.STUDENT_ONLINE, None, ("R9",)),
    S("R9_british_student_arrived_after_2021_with_a_receipt_registers_online",
      resident(activity="student", nationality="uk_from_2021", residence_status="receipt", situations=set()),
      O.STUDENT_ONLINE, None, ("R9",)),
    # R10 — EU/EEA/Swiss students
    S("R10_eu_student_with_an_ehic_has_nothing_to_do",
      resident(activity="student", nationality="eu_eea_swiss", situations={"ehic"}), O.EHIC_COVERED, None, ("R10",)),
    S("R10_eu_student_without_an_ehic_registers_online",
      resident(activity="student", nationality="eu_eea_swiss", situations=set()), O.STUDENT_ONLINE, None, ("R10",)),
    S("R10_eu_student_with_a_job_is_covered_as_a_worker",
      resident(activity="student", nationality="eu_eea_swiss", situations={"student_job"}), O.PUMA_WORK, None,
      ("R10",)),
    S("R10_eu_student_with_an_ehic_and_a_job_is_covered_as_a_worker",
      resident(activity="student", nationality="uk_settled_before_2021", situations={"ehic", "student_job"}),
      O.PUMA_WORK, None, ("R10",)),
    # R10b — Québec students (before R9)
    S("R10b_quebec_student_with_a_permit_hands_the_quebec_form_to_the_cpam",
      resident(activity="student", nationality="other", residence_status="permit", situations={"from_quebec"}),
      O.CONVENTION_QUEBEC, None, ("R10b",)),
    S("R10b_quebec_student_with_a_receipt_hands_the_quebec_form_to_the_cpam",
      resident(activity="student", nationality="other", residence_status="receipt",
               situations={"from_quebec"}),
      O.CONVENTION_QUEBEC, None, ("R10b",)),
    # R11 — no residence permit: AME
    S("R11_undocumented_adult_after_three_months_under_the_ceiling_gets_ame",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=1, annual_income_eur=5000),
      O.AME, None, ("R11",)),
    S("R11_undocumented_adult_arrived_ten_days_ago_gets_urgent_care_until_ame_is_possible",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=TEN_DAYS_AGO,
               situations=set(), household_size=1, annual_income_eur=5000),
      O.URGENT_CARE_ONLY, date(2027, 2, 12), ("R11",)),
    S("R11_undocumented_child_arrived_ten_days_ago_gets_ame_at_once",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=TEN_DAYS_AGO,
               situations={"under_18"}),
      O.AME, None, ("R11",)),
    S("R11_undocumented_child_is_not_asked_the_income_and_gets_ame_whatever_the_parents_earn",
      resident(activity="student", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations={"under_18", "born_in_france"}),
      O.AME, None, ("R11",)),
    S("R11_undocumented_adult_over_the_ceiling_is_not_eligible",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=1, annual_income_eur=50000),
      O.NOT_ELIGIBLE, None, ("R11",)),
    S("R11_income_exactly_at_the_mainland_ceiling_gets_ame",
      resident(activity="job_seeker", nationality="uk_from_2021", residence_status="none",
               arrival_date=SIX_MONTHS_AGO, situations=set(), household_size=1, annual_income_eur=10339),
      O.AME, None, ("R11",)),
    S("R11_income_one_euro_over_the_mainland_ceiling_is_not_eligible",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=1, annual_income_eur=10340),
      O.NOT_ELIGIBLE, None, ("R11",)),
    S("R11_income_of_11000_in_guadeloupe_is_under_the_overseas_ceiling",
      resident("guadeloupe", activity="none", nationality="other", residence_status="none",
               arrival_date=SIX_MONTHS_AGO, situations=set(), household_size=1, annual_income_eur=11000),
      O.AME, None, ("R11",)),
    S("R11_income_exactly_at_the_overseas_ceiling_in_reunion_gets_ame",
      resident("reunion", activity="none", nationality="other", residence_status="none",
               arrival_date=SIX_MONTHS_AGO, situations=set(), household_size=1, annual_income_eur=11507),
      O.AME, None, ("R11",)),
    S("R11_income_one_euro_over_the_overseas_ceiling_in_martinique_is_not_eligible",
      resident("martinique", activity="none", nationality="other", residence_status="none",
               arrival_date=SIX_MONTHS_AGO, situations=set(), household_size=1, annual_income_eur=11508),
      O.NOT_ELIGIBLE, None, ("R11",)),
    S("R11_household_of_three_at_its_ceiling_gets_ame",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=3, annual_income_eur=18609),
      O.AME, None, ("R11",)),
    S("R11_household_of_three_one_euro_over_its_ceiling_is_not_eligible",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=3, annual_income_eur=18610),
      O.NOT_ELIGIBLE, None, ("R11",)),
    S("R11_household_of_two_earning_twelve_thousand_gets_ame_though_one_person_would_not",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=2, annual_income_eur=12000),
      O.AME, None, ("R11",)),
    S("R11_household_of_six_at_its_ceiling_gets_ame",
      resident(activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=6, annual_income_eur=21711 + 2 * 4135),
      O.AME, None, ("R11",)),
    S("R11_household_of_two_in_guadeloupe_at_the_overseas_ceiling_gets_ame",
      resident("guadeloupe", activity="none", nationality="other", residence_status="none",
               arrival_date=SIX_MONTHS_AGO, situations=set(), household_size=2, annual_income_eur=17260),
      O.AME, None, ("R11",)),
    S("R11_undocumented_employee_is_not_covered_as_a_worker_but_gets_ame",
      resident(activity="employee", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
               situations=set(), household_size=1, annual_income_eur=9000),
      O.AME, None, ("R11",)),
    # R12 — asylum seekers
    S("R12_adult_asylum_seeker_arrived_last_month_waits_three_months",
      resident(activity="none", nationality="other", residence_status="asylum_seeker", arrival_date=LAST_MONTH,
               situations=set()),
      O.PUMA_RESIDENCE_WAIT, date(2027, 1, 1), ("R12",)),
    S("R12_adult_asylum_seeker_after_three_months_is_covered_on_residence",
      resident(activity="none", nationality="other", residence_status="asylum_seeker", arrival_date=SIX_MONTHS_AGO,
               situations=set()),
      O.PUMA_RESIDENCE, None, ("R12",)),
    S("R12_child_asylum_seeker_is_covered_at_once",
      resident(activity="none", nationality="other", residence_status="asylum_seeker", arrival_date=TEN_DAYS_AGO,
               situations={"under_18"}),
      O.PUMA_RESIDENCE, None, ("R12",)),
    # R13 — part-year and short stays
    S("R13_part_year_french_retiree_with_a_foreign_pension_is_not_eligible",
      answers(territory="metropole", main_home="part_year", activity="retired", pension_from="other",
              nationality="french", situations=set()),
      O.NOT_ELIGIBLE, None, ("R13",)),
    S("R13_non_eu_student_on_a_short_stay_does_not_reach_the_student_route",
      answers(territory="metropole", main_home="short_stay", activity="student", nationality="other",
              residence_status="permit", situations=set()),
      O.NOT_ELIGIBLE, None, ("R13",)),
    S("R13_short_stay_visitor_with_a_permit_is_not_eligible",
      answers(territory="metropole", main_home="short_stay", activity="none", nationality="other",
              residence_status="permit", situations=set()),
      O.NOT_ELIGIBLE, None, ("R13",)),
    S("R13_part_year_british_retiree_arrived_after_2021_is_not_eligible",
      answers(territory="guadeloupe", main_home="part_year", activity="retired", pension_from="other",
              nationality="uk_from_2021",
              residence_status="permit", situations=set()),
      O.NOT_ELIGIBLE, None, ("R13",)),
    # R14 — inactive EU/EEA/Swiss nationals
    S("R14_eu_inactive_resident_for_under_five_years_is_decided_case_by_case",
      resident(activity="none", nationality="eu_eea_swiss", arrival_date=THREE_YEARS_AGO, situations=set()),
      O.CASE_BY_CASE, None, ("R14",)),
    S("R14_eu_retiree_arrived_ten_days_ago_is_decided_case_by_case",
      resident(activity="retired", pension_from="other", nationality="eu_eea_swiss", arrival_date=TEN_DAYS_AGO,
               situations=set()),
      O.CASE_BY_CASE, None, ("R14",)),
    S("R14_eu_retiree_resident_for_five_years_is_covered_on_residence",
      resident(activity="retired", pension_from="other", nationality="eu_eea_swiss", arrival_date=ELEVEN_YEARS_AGO,
               situations=set()),
      O.PUMA_RESIDENCE, None, ("R14",)),
    S("R14_british_national_settled_before_2021_and_inactive_for_five_years_is_covered_on_residence",
      resident(activity="none", nationality="uk_settled_before_2021", arrival_date=date(2021, 11, 22),
               situations=set()),
      O.PUMA_RESIDENCE, None, ("R14",)),
    S("R14_eu_inactive_resident_one_day_short_of_five_years_is_decided_case_by_case",
      resident(activity="none", nationality="eu_eea_swiss", arrival_date=date(2021, 11, 23), situations=set()),
      O.CASE_BY_CASE, None, ("R14",)),
    # R15 — lawful residents exempt from the 3-month wait
    S("R15_refugee_is_covered_at_once",
      resident(activity="none", nationality="other", residence_status="refugee", situations=set()),
      O.PUMA_RESIDENCE, None, ("R15",)),
    S("R15_spouse_joining_an_insured_person_is_covered_at_once",
      resident(activity="none", nationality="other", residence_status="permit", arrival_date=TEN_DAYS_AGO,
               situations={"joining_insured_family"}),
      O.PUMA_RESIDENCE, None, ("R15",)),
    S("R15_french_rsa_or_aah_recipient_is_covered_at_once",
      resident(activity="none", nationality="french", arrival_date=TEN_DAYS_AGO, situations={"rsa_or_aah"}),
      O.PUMA_RESIDENCE, None, ("R15",)),
    S("R15_french_job_seeker_back_from_a_volontariat_is_covered_at_once",
      resident(activity="job_seeker", nationality="french", arrival_date=TEN_DAYS_AGO,
               situations={"back_from_volontariat"}),
      O.PUMA_RESIDENCE, None, ("R15",)),
    S("R15_non_eu_resident_receiving_housing_aid_is_covered_at_once",
      resident(activity="none", nationality="other", residence_status="permit", arrival_date=TEN_DAYS_AGO,
               situations={"family_or_housing_benefits"}),
      O.PUMA_RESIDENCE, None, ("R15",)),
    S("R15_eu_national_receiving_family_benefits_is_covered_at_once_not_judged_case_by_case",
      resident(activity="none", nationality="eu_eea_swiss", arrival_date=TEN_DAYS_AGO,
               situations={"family_or_housing_benefits"}),
      O.PUMA_RESIDENCE, None, ("R15",)),
    S("R15_french_student_born_in_france_is_covered_at_once",
      resident(activity="student", nationality="french", situations={"born_in_france"}), O.PUMA_RESIDENCE, None,
      ("R15",)),
    # R16 — lawful residents after 3 months
    S("R16_french_job_seeker_back_for_six_months_is_covered_on_residence",
      resident(activity="job_seeker", nationality="french", arrival_date=SIX_MONTHS_AGO, situations=set()),
      O.PUMA_RESIDENCE, None, ("R16",)),
    S("R16_non_eu_resident_with_a_permit_for_six_months_is_covered_on_residence",
      resident("saint_martin", activity="none", nationality="other", residence_status="permit",
               arrival_date=SIX_MONTHS_AGO, situations=set()),
      O.PUMA_RESIDENCE, None, ("R16",)),
    S("R16_eu_job_seeker_for_six_months_is_covered_on_residence",
      resident(activity="job_seeker", nationality="eu_eea_swiss", arrival_date=SIX_MONTHS_AGO, situations=set()),
      O.PUMA_RESIDENCE, None, ("R16",)),
    # R17 — lawful residents before 3 months
    S("R17_french_national_back_last_month_is_covered_from_arrival_plus_three_months",
      resident(activity="none", nationality="french", arrival_date=LAST_MONTH, situations=set()),
      O.PUMA_RESIDENCE_WAIT, date(2027, 1, 1), ("R17",)),
    S("R17_non_eu_resident_with_a_permit_arrived_ten_days_ago_waits_three_months",
      resident(activity="none", nationality="other", residence_status="permit", arrival_date=TEN_DAYS_AGO,
               situations=set()),
      O.PUMA_RESIDENCE_WAIT, date(2027, 2, 12), ("R17",)),
    S("R17_child_with_a_receipt_waits_like_anyone_unless_attached_to_an_insured_parent",
      resident(activity="none", nationality="other", residence_status="receipt", arrival_date=TEN_DAYS_AGO,
               situations={"under_18"}),
      O.PUMA_RESIDENCE_WAIT, date(2027, 2, 12), ("R17",)),
    S("R17_retiree_with_a_pension_from_outside_europe_waits_three_months",
      resident(activity="retired", pension_from="other", nationality="other", residence_status="permit",
               arrival_date=LAST_MONTH, situations=set()),
      O.PUMA_RESIDENCE_WAIT, date(2027, 1, 1), ("R17",)),
    # R18 — everything else
    S("R18_living_abroad_and_working_in_france_without_the_right_to_work_is_referred_to_the_cpam",
      answers(territory="abroad", activity="employee", nationality="other", residence_status="none",
              situations=set()),
      O.REFER_CPAM, None, ("R18",)),
    S("R18_asylum_seeker_living_abroad_and_farming_in_france_is_referred_to_the_cpam",
      answers(territory="abroad", activity="farm_worker", nationality="uk_from_2021",
              residence_status="asylum_seeker", situations=set()),
      O.REFER_CPAM, None, ("R18",)),
)  # fmt: skip

SCENARIO_PARAMS = [pytest.param(s, id=s.id) for s in SCENARIOS]
ALL_RULES = ("R1", "R2", "R3", "R3b", "R4", "R5", "R6", "R7", "R8", "R8b", "R9", "R10", "R10b", "R11", "R12",
             "R13", "R14", "R15", "R16", "R17", "R18")  # fmt: skip


def by_id(scenario_id: str) -> Answers:
    return next(s.answers for s in SCENARIOS if s.id == scenario_id)


# -- the scenario table -------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIO_PARAMS)
def test_each_scenario_reaches_its_outcome_date_and_deciding_rule(scenario: Scenario) -> None:
    assert is_complete(scenario.answers), "the scenario is not what the questionnaire would produce"
    assert prune(scenario.answers) == scenario.answers, "the scenario answers a question that does not apply"
    result = assess(scenario.answers, TODAY)
    assert result.outcome is scenario.outcome
    assert result.eligible_from == scenario.eligible_from
    assert result.reasons[0].rule == scenario.rules[0]
    assert tuple(reason.rule for reason in result.reasons) == scenario.rules


def test_the_table_has_at_least_two_scenarios_for_every_rule() -> None:
    counts = {rule: sum(rule in s.rules for s in SCENARIOS) for rule in ALL_RULES}
    assert {rule: n for rule, n in counts.items() if n < 2} == {}
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert all(s.id.startswith(f"{s.rules[0]}_") or "R5" in s.id for s in SCENARIOS)


def test_mayotte_is_handled_by_the_css_of_mayotte_and_cites_rule_r5() -> None:
    for scenario_id in (
        "R5_employee_in_mayotte_is_covered_through_the_css_of_mayotte",
        "R5_french_retiree_settled_in_mayotte_is_covered_through_the_css_of_mayotte",
    ):
        result = assess(by_id(scenario_id), TODAY)
        assert result.fund is Fund.CSS_MAYOTTE
        assert "R5" in [reason.rule for reason in result.reasons]


def test_ame_does_not_exist_in_mayotte_so_an_undocumented_person_is_sent_to_hospital_urgent_care() -> None:
    base = by_id("R5_undocumented_adult_in_mayotte_gets_urgent_care_only_because_there_is_no_ame")
    for arrival in (TEN_DAYS_AGO, SIX_MONTHS_AGO, ELEVEN_YEARS_AGO):
        result = assess(base.model_copy(update={"arrival_date": arrival}), TODAY)
        assert result.outcome is Outcome.URGENT_CARE_ONLY
        assert result.eligible_from is None  # AME never becomes possible there
        assert result.fund is Fund.HOSPITAL
        assert "next.ame_later" not in result.next_steps


def test_the_same_person_gets_ame_in_the_mainland_but_not_in_mayotte() -> None:
    mayotte = by_id("R5_undocumented_adult_in_mayotte_gets_urgent_care_only_because_there_is_no_ame")
    moved = {
        "territory": HomeTerritory.METROPOLE,
        "household_size": 1,
        "annual_income_eur": 5000,
        "arrival_date": ELEVEN_YEARS_AGO,
    }
    mainland = prune(mayotte.model_copy(update=moved))
    assert is_complete(mainland)
    assert assess(mainland, TODAY).outcome is Outcome.AME


def test_a_frontier_worker_in_switzerland_is_warned_about_the_deadline_and_stays_with_the_foreign_insurer() -> None:
    result = assess(by_id("R6_frontier_worker_in_switzerland_must_choose_swiss_or_french_insurance"), TODAY)
    assert result.fund is Fund.FOREIGN_INSURER
    assert "caution.swiss_option_deadline" in [c.text_key for c in result.cautions]
    assert "trap.swiss_deadline" in result.traps


def test_an_employee_with_a_receipt_is_asked_to_check_the_right_to_work() -> None:
    result = assess(by_id("R7_employee_with_a_receipt_is_covered_from_the_first_hour"), TODAY)
    assert "caution.receipt_right_to_work" in [c.text_key for c in result.cautions]


def test_an_undocumented_person_over_the_ceiling_is_sent_to_urgent_care_and_associations() -> None:
    result = assess(by_id("R11_undocumented_adult_over_the_ceiling_is_not_eligible"), TODAY)
    assert result.next_steps == ("next.pass_urgent_care", "next.ask_association")


def test_an_undocumented_person_waiting_for_ame_is_told_ame_comes_later() -> None:
    result = assess(by_id("R11_undocumented_adult_arrived_ten_days_ago_gets_urgent_care_until_ame_is_possible"), TODAY)
    assert "next.ame_later" in result.next_steps


# -- dates --------------------------------------------------------------------------------


def lawful_resident(arrival: date) -> Answers:
    return resident(activity="none", nationality="french", arrival_date=arrival, situations=set())


def undocumented(arrival: date) -> Answers:
    return resident(
        activity="none", nationality="other", residence_status="none", arrival_date=arrival, situations=set(),
        household_size=1, annual_income_eur=1000,
    )  # fmt: skip


def asylum_seeker(arrival: date) -> Answers:
    return resident(
        activity="none", nationality="other", residence_status="asylum_seeker", arrival_date=arrival, situations=set()
    )


@pytest.mark.parametrize(
    ("make", "eligible", "waiting"),
    [
        pytest.param(lawful_resident, Outcome.PUMA_RESIDENCE, Outcome.PUMA_RESIDENCE_WAIT, id="lawful_resident"),
        pytest.param(undocumented, Outcome.AME, Outcome.URGENT_CARE_ONLY, id="undocumented"),
        pytest.param(asylum_seeker, Outcome.PUMA_RESIDENCE, Outcome.PUMA_RESIDENCE_WAIT, id="asylum_seeker"),
    ],
)
def test_arrival_exactly_three_months_ago_is_enough_and_one_day_less_waits_until_tomorrow(
    make: Any, eligible: Outcome, waiting: Outcome
) -> None:
    exactly = assess(make(date(2026, 8, 22)), TODAY)
    assert (exactly.outcome, exactly.eligible_from) == (eligible, None)
    one_day_short = assess(make(date(2026, 8, 23)), TODAY)
    assert (one_day_short.outcome, one_day_short.eligible_from) == (waiting, date(2026, 11, 23))


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 31), 3) == date(2026, 4, 30)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 22), 3) == date(2026, 11, 22)


def test_arrival_on_31_january_opens_the_residence_route_on_30_april() -> None:
    person = lawful_resident(date(2026, 1, 31))
    before = assess(person, date(2026, 4, 29))
    assert (before.outcome, before.eligible_from) == (Outcome.PUMA_RESIDENCE_WAIT, date(2026, 4, 30))
    on_the_day = assess(person, date(2026, 4, 30))
    assert (on_the_day.outcome, on_the_day.eligible_from) == (Outcome.PUMA_RESIDENCE, None)


def test_arrival_on_30_november_opens_ame_on_28_february() -> None:
    person = undocumented(date(2025, 11, 30))
    before = assess(person, date(2026, 2, 27))
    assert (before.outcome, before.eligible_from) == (Outcome.URGENT_CARE_ONLY, date(2026, 2, 28))
    assert assess(person, date(2026, 2, 28)).outcome is Outcome.AME


@given(day=st.dates(date(1990, 1, 1), date(2030, 12, 31)), months=st.integers(-120, 120))
def test_add_months_moves_by_whole_months_and_never_overshoots_the_day(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)


# -- funds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "fund"),
    [
        ("metropole", Fund.CPAM),
        ("guadeloupe", Fund.CGSS),
        ("martinique", Fund.CGSS),
        ("guyane", Fund.CGSS),
        ("reunion", Fund.CGSS),
        ("saint_martin", Fund.CGSS),
        ("mayotte", Fund.CSS_MAYOTTE),
        ("saint_barthelemy", Fund.LOCAL_FUND_SAINT_BARTHELEMY),
    ],
)
def test_a_general_scheme_outcome_goes_to_the_fund_of_the_territory(territory: str, fund: Fund) -> None:
    worker = resident(territory, activity="employee", nationality="eu_eea_swiss", situations=set())
    settled = resident(territory, activity="none", nationality="french", arrival_date=SIX_MONTHS_AGO, situations=set())
    for person in (worker, settled):
        assert is_complete(person)
        result = assess(person, TODAY)
        assert result.outcome in {Outcome.PUMA_WORK, Outcome.PUMA_RESIDENCE}
        assert result.fund is fund
        assert ("R5" in [r.rule for r in result.reasons]) == (territory == "mayotte")


def test_farm_workers_go_to_the_msa_wherever_they_live_in_france() -> None:
    for territory in ("metropole", "guadeloupe", "saint_barthelemy"):
        person = resident(territory, activity="farm_worker", nationality="french", situations=set())
        assert assess(person, TODAY).fund is Fund.MSA


def test_people_outside_the_general_scheme_have_no_cpam() -> None:
    assert assess(answers(territory="nouvelle_caledonie"), TODAY).fund is Fund.LOCAL_BODY
    assert assess(answers(territory="monaco"), TODAY).fund is Fund.MONACO_FUNDS
    assert assess(answers(territory="abroad", activity="none"), TODAY).fund is Fund.NONE


# -- sources and texts ----------------------------------------------------------------------


def every_assessment() -> list[tuple[str, Assessment]]:
    return [(s.id, assess(s.answers, TODAY)) for s in SCENARIOS]


def test_every_reason_and_caution_cites_known_sources() -> None:
    known = registry()
    unknown = {
        (scenario_id, source_id)
        for scenario_id, result in every_assessment()
        for cited in (*(r.source_ids for r in result.reasons), *(c.source_ids for c in result.cautions))
        for source_id in cited
        if source_id not in known
    }
    assert sorted(unknown) == []
    assert all(reason.source_ids for _, result in every_assessment() for reason in result.reasons)


def test_every_reason_caution_next_step_and_trap_has_an_english_text() -> None:
    catalog = load_catalog()
    missing = {
        key
        for _, result in every_assessment()
        for key in (
            *(reason.text_key for reason in result.reasons),
            *(c.text_key for c in result.cautions),
            *result.next_steps,
            *result.traps,
        )
        if not catalog.has(key)
    }
    assert sorted(missing) == []


# -- traps ----------------------------------------------------------------------------------


def test_an_employee_is_warned_that_three_payslips_are_not_needed() -> None:
    result = assess(by_id("R7_employee_with_permit_is_covered_from_the_first_hour"), TODAY)
    assert "trap.three_payslips" in result.traps


def test_a_non_eea_national_born_abroad_is_warned_about_an_untranslated_birth_certificate() -> None:
    for scenario_id in (
        "R7_employee_with_permit_is_covered_from_the_first_hour",
        "R9_non_eu_student_with_a_permit_registers_online_without_waiting",
        "R16_non_eu_resident_with_a_permit_for_six_months_is_covered_on_residence",
    ):
        indian = by_id(scenario_id).model_copy(
            update={"birth_certificate_country": "IN", "birth_certificate_language": "hi"}
        )  # a certificate that needs a sworn translation (issue 13: the warning only where it applies)
        assert "trap.untranslated_birth_certificate" in assess(indian, TODAY).traps
        assert "trap.untranslated_birth_certificate" not in assess(by_id(scenario_id), TODAY).traps  # from Spain


def test_someone_born_in_france_already_has_a_nir_and_is_not_warned_about_waiting_for_one() -> None:
    born_abroad = resident(activity="employee", nationality="french", situations=set())
    born_here = resident(activity="employee", nationality="french", situations={"born_in_france"})
    assert "trap.nir_wait" in assess(born_abroad, TODAY).traps
    assert "trap.nir_wait" not in assess(born_here, TODAY).traps
    assert "trap.three_payslips" in assess(born_here, TODAY).traps


def test_an_eea_national_is_not_warned_about_translating_a_birth_certificate() -> None:
    result = assess(by_id("R7_self_employed_eu_national_is_covered_from_the_first_hour"), TODAY)
    assert "trap.nir_wait" in result.traps
    assert "trap.untranslated_birth_certificate" not in result.traps


# -- properties -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(person=ANY_ANSWERS)
def test_assess_never_fails_and_an_eligibility_date_is_always_in_the_future(person: Answers) -> None:
    result = assess(person, TODAY)
    assert result.reasons
    assert result.next_steps
    if result.eligible_from is not None:
        assert result.eligible_from > TODAY


@settings(max_examples=100, deadline=None)
@given(person=ANY_ANSWERS, today=st.dates(date(2000, 1, 1), date(2035, 12, 31)))
def test_an_eligibility_date_is_after_whatever_today_is(person: Answers, today: date) -> None:
    result = assess(person, today)
    if result.eligible_from is not None:
        assert result.eligible_from > today


# -- parameters -----------------------------------------------------------------------------


def parameter(name: str, on: date = TODAY) -> Any:
    return load_parameters().parameter(name).at(on).value


def test_moving_today_past_the_wait_turns_waiting_into_cover() -> None:
    person = lawful_resident(LAST_MONTH)
    waiting = assess(person, TODAY)
    assert waiting.outcome is Outcome.PUMA_RESIDENCE_WAIT
    assert waiting.eligible_from == add_months(LAST_MONTH, parameter("residence_wait_months"))
    assert waiting.eligible_from is not None
    assert assess(person, waiting.eligible_from - timedelta(days=1)).outcome is Outcome.PUMA_RESIDENCE_WAIT
    covered = assess(person, waiting.eligible_from)
    assert (covered.outcome, covered.eligible_from) == (Outcome.PUMA_RESIDENCE, None)
    assert assess(person, date(2030, 1, 1)).outcome is Outcome.PUMA_RESIDENCE


@pytest.mark.parametrize(
    ("territory", "ceiling"),
    [("metropole", "ame_income_ceiling_metropole"), ("guyane", "ame_income_ceiling_dom")],
)
@pytest.mark.parametrize("people", [1, 2, 3, 4])
def test_the_ame_ceiling_for_each_household_size_is_read_from_the_parameters(
    territory: str, ceiling: str, people: int
) -> None:
    limit = parameter(ceiling)[people - 1]
    person = resident(
        territory, activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO,
        situations=set(), household_size=people,
    )  # fmt: skip
    at_limit = assess(person.model_copy(update={"annual_income_eur": limit}), TODAY)
    assert at_limit.outcome is Outcome.AME
    assert [f.value for f in at_limit.figures] == [limit]
    over = assess(person.model_copy(update={"annual_income_eur": limit + 1}), TODAY)
    assert over.outcome is Outcome.NOT_ELIGIBLE


def test_the_ame_ceilings_are_those_in_force_since_april_2025() -> None:
    """F3079 / EFL table "du 1-4-2025 au 1-4-2026"; overseas = mainland + 11.3 % (CSS D861-1)."""
    assert parameter("ame_income_ceiling_metropole", date(2025, 4, 1)) == (10339, 15508, 18609, 21711)
    assert parameter("ame_income_ceiling_metropole_further_person", date(2025, 4, 1)) == 4135
    assert parameter("ame_income_ceiling_dom", date(2025, 4, 1)) == (11507, 17260, 20712, 24164)
    assert parameter("eu_permanent_residence_years") == 5


@pytest.mark.parametrize("table", ["ame_income_ceiling_metropole", "ame_income_ceiling_dom"])
def test_the_published_ceilings_follow_the_household_scale_of_article_r861_3(table: str) -> None:
    """+50 % for the 2nd person, +30 % for the 3rd and 4th, +40 % for each further one (to the euro)."""
    one, two, three, four = parameter(table)
    further = parameter(f"{table}_further_person")
    for value, coefficient in ((two, 1.5), (three, 1.8), (four, 2.1), (further, 0.4)):
        assert abs(value - one * coefficient) <= 1.5


def test_the_overseas_ceilings_are_eleven_point_three_percent_above_the_mainland_ones() -> None:
    mainland, overseas = parameter("ame_income_ceiling_metropole"), parameter("ame_income_ceiling_dom")
    assert all(abs(o - m * 1.113) <= 1 for m, o in zip(mainland, overseas, strict=True))


def test_a_household_of_more_than_four_adds_the_further_person_amount_for_each_person() -> None:
    base = resident(
        activity="none", nationality="other", residence_status="none", arrival_date=SIX_MONTHS_AGO, situations=set(),
        household_size=7, annual_income_eur=0,
    )  # fmt: skip
    (figure,) = assess(base, TODAY).figures
    assert figure.value == 21711 + 3 * 4135
    overseas = assess(base.model_copy(update={"territory": "reunion"}), TODAY)
    assert overseas.figures[0].value == 24164 + 3 * 4602
    assert "caution.ame_dom_further_estimate" in [c.text_key for c in overseas.cautions]
    assert "caution.ame_dom_further_estimate" not in [c.text_key for c in assess(base, TODAY).cautions]


def test_an_ame_ceiling_past_its_1_april_revaluation_says_it_may_have_changed() -> None:
    settled = {"arrival_date": date(2025, 1, 1)}
    person = by_id("R11_household_of_three_at_its_ceiling_gets_ame").model_copy(update=settled)
    (before,) = assess(person, date(2026, 3, 31)).figures
    assert before.stale_since is None
    (after,) = assess(person, date(2026, 4, 1)).figures
    assert after.stale_since == date(2026, 4, 1)
    (next_year,) = assess(person, date(2027, 5, 1)).figures
    assert next_year.stale_since == date(2026, 4, 1)  # the first revaluation missed, not the latest


def test_confirming_the_last_value_moves_the_staleness_to_the_next_revaluation() -> None:
    ceiling = load_parameters().parameter("ame_income_ceiling_metropole")
    confirmed = ceiling.model_copy(update={"last_value_still_valid_on": date(2026, 4, 2)})
    assert confirmed.stale_since(date(2026, 12, 2)) is None
    assert confirmed.stale_since(date(2027, 4, 1)) == date(2027, 4, 1)
    assert load_parameters().parameter("residence_wait_months").stale_since(date(2040, 1, 1)) is None


# -- Deliberate readings of the rules table (vitale/rules.py docstring) -------------------------


def test_being_under_18_is_not_an_exemption_so_an_inactive_eu_child_is_judged_case_by_case() -> None:
    """D160-2 lists no age (domain.md §2.4): the child is covered through an insured parent (S3705)."""
    answers = Answers(
        territory="metropole", main_home="yes", activity="none", nationality="eu_eea_swiss",
        arrival_date=TODAY, situations={"under_18"}, birth_certificate_country="ES",
    )  # fmt: skip
    assert is_complete(answers)
    result = assess(answers, TODAY)
    assert (result.outcome, result.reasons[0].rule, result.exemption) == (Outcome.CASE_BY_CASE, "R14", None)


def test_an_undocumented_short_visitor_is_not_resident_so_gets_no_ame() -> None:
    answers = Answers(
        territory="metropole", main_home="short_stay", activity="none", nationality="other",
        residence_status="none", arrival_date=date(2020, 1, 1), situations=frozenset(), annual_income_eur=5000,
    )  # fmt: skip
    result = assess(answers, TODAY)
    assert (result.outcome, result.reasons[0].rule) == (Outcome.NOT_ELIGIBLE, "R13")


def test_an_undocumented_quebec_student_is_not_offered_the_quebec_route() -> None:
    answers = Answers(
        territory="metropole", main_home="yes", activity="student", nationality="other", residence_status="none",
        arrival_date=date(2020, 1, 1), situations={"from_quebec"}, annual_income_eur=5000,
    )  # fmt: skip
    assert assess(answers, TODAY).outcome is Outcome.AME


# -- issue 10: what each corrected route tells the person ----------------------------------------


def test_an_asylum_seeker_waiting_three_months_is_sent_to_a_hospital_pass_not_to_private_insurance() -> None:
    """F32454; ameli "Vous êtes demandeur d'asile" (2025-02-26): urgent care meanwhile (domain.md §2.4)."""
    result = assess(by_id("R12_adult_asylum_seeker_arrived_last_month_waits_three_months"), TODAY)
    assert result.next_steps[0] == "next.pass_urgent_care"
    assert "next.keep_other_cover" not in result.next_steps


def test_a_lawful_newcomer_waiting_three_months_keeps_other_cover() -> None:
    result = assess(by_id("R17_non_eu_resident_with_a_permit_arrived_ten_days_ago_waits_three_months"), TODAY)
    assert result.next_steps[0] == "next.keep_other_cover"


def test_the_swiss_option_goes_to_the_canton_lists_every_opening_event_and_takes_its_months_from_the_parameter() -> (
    None
):
    """CLEISS FAQ droit d'option; canton of Geneva; ameli frontalier CH (domain.md §2.4)."""
    result = assess(by_id("R6_frontier_worker_in_switzerland_must_choose_swiss_or_french_insurance"), TODAY)
    assert result.next_steps == ("next.choose_swiss_option", "next.swiss_option_events")
    assert [(f.name, f.value) for f in result.figures] == [("swiss_option_months", 3)]
    text = load_catalog().with_figures(text_figures(TODAY))
    steps = " ".join(text.text(Language.EN, key) for key in result.next_steps)
    for words in ("canton", "stamp", "unemployment", "settle in France", "Swiss pension", "final"):
        assert words in steps


def test_a_french_pensioner_abroad_hears_the_conditions_of_care_during_stays_not_a_bare_refusal() -> None:
    """L160-3 CSS: France alone competent by convention, or at least 15 years of French insurance."""
    result = assess(by_id("R3b_french_pensioner_living_abroad_is_cared_for_during_stays_in_france"), TODAY)
    assert result.outcome is Outcome.COVERED_DURING_STAYS
    assert result.fund is Fund.PENSION_FUND
    assert "caution.pensioner_abroad_years" in [c.text_key for c in result.cautions]
    reason = load_catalog().with_figures(text_figures(TODAY)).text(Language.EN, result.reasons[0].text_key)
    assert "15 years" in reason
    assert not result.outcome.leads_to_card


def test_the_ame_reason_names_the_household_and_the_outcome_shows_the_ceiling_used() -> None:
    result = assess(by_id("R11_household_of_three_at_its_ceiling_gets_ame"), TODAY)
    assert result.reasons[0].values == {"people": 3}
    (ceiling,) = result.figures
    assert (ceiling.name, ceiling.value, ceiling.since) == ("ame_income_ceiling_metropole", 18609, date(2025, 4, 1))
    assert ceiling.stale_since == date(2026, 4, 1)  # TODAY is past the 2026 revaluation, no newer value known
    assert "caution.ame_2026_documents" in [c.text_key for c in result.cautions]


def test_an_exempt_person_s_assessment_names_the_ground_of_d160_2() -> None:
    grounds = {
        "R15_refugee_is_covered_at_once": Exemption.REFUGEE,
        "R15_non_eu_resident_receiving_housing_aid_is_covered_at_once": Exemption.BENEFITS,
        "R15_french_rsa_or_aah_recipient_is_covered_at_once": Exemption.BENEFITS,
        "R15_spouse_joining_an_insured_person_is_covered_at_once": Exemption.FAMILY_OF_INSURED,
        "R12_child_asylum_seeker_is_covered_at_once": Exemption.ASYLUM_SEEKERS_CHILD,
        "R9_non_eu_student_with_a_permit_registers_online_without_waiting": Exemption.STUDENT,
        "R9_french_student_born_abroad_registers_online_without_waiting": Exemption.STUDENT,
        "R17_child_with_a_receipt_waits_like_anyone_unless_attached_to_an_insured_parent": None,
    }
    assert {sid: assess(by_id(sid), TODAY).exemption for sid in grounds} == grounds


def test_a_waiting_child_is_told_to_be_attached_to_an_insured_parent() -> None:
    result = assess(by_id("R17_child_with_a_receipt_waits_like_anyone_unless_attached_to_an_insured_parent"), TODAY)
    assert "caution.child_through_parent" in [c.text_key for c in result.cautions]
    assert "F16620" in result.cautions[0].source_ids


def test_a_french_student_born_abroad_is_warned_about_the_overseas_territories_paper_route() -> None:
    result = assess(by_id("R9_french_student_born_abroad_registers_online_without_waiting"), TODAY)
    assert "caution.overseas_students" in [c.text_key for c in result.cautions]


def test_every_figure_of_every_scenario_cites_a_known_source_and_has_a_text() -> None:
    catalog, known = load_catalog(), registry()
    for _, result in every_assessment():
        for figure in result.figures:
            assert figure.source in known
            assert catalog.has(f"figure.{figure.name}")


# -- found in review (issue 10) ----------------------------------------------------------------


def test_a_recent_arrival_over_the_ceiling_is_not_told_that_ame_comes_later() -> None:
    rich = resident(
        activity="none", nationality="other", residence_status="none", arrival_date=TEN_DAYS_AGO, situations=set(),
        household_size=1, annual_income_eur=50000,
    )  # fmt: skip
    result = assess(rich, TODAY)
    assert (result.outcome, result.eligible_from) == (Outcome.NOT_ELIGIBLE, None)
    assert "next.ame_later" not in result.next_steps


def test_a_recent_arrival_under_the_ceiling_sees_both_the_wait_and_the_ceiling() -> None:
    result = assess(by_id("R11_undocumented_adult_arrived_ten_days_ago_gets_urgent_care_until_ame_is_possible"), TODAY)
    assert [f.name for f in result.figures] == ["ame_residence_months", "ame_income_ceiling_metropole"]


def test_a_student_in_france_for_one_semester_is_still_a_student_not_a_visitor() -> None:
    """D160-2: enrolment meets the residence condition; only a short-stay visa (R13) keeps a student out."""
    semester = answers(
        territory="metropole", main_home="part_year", activity="student", nationality="other",
        residence_status="permit", situations=set(),
    )  # fmt: skip
    assert is_complete(semester)
    assert assess(semester, TODAY).outcome is Outcome.STUDENT_ONLINE


def test_a_pensioner_with_a_french_pension_is_told_the_start_of_cover_is_unconfirmed() -> None:
    result = assess(by_id("R8b_retiree_with_a_french_pension_is_covered_by_france_at_once"), TODAY)
    assert "caution.french_pension_wait_unconfirmed" in [c.text_key for c in result.cautions]


def test_a_retiree_with_a_pension_from_europe_hears_about_the_swiss_pensioners_option() -> None:
    """CLEISS FAQ: Swiss-only pensioners living in France have the right of option (Institution commune LAMal)."""
    result = assess(by_id("R8b_french_retiree_with_a_swiss_pension_asks_for_an_s1"), TODAY)
    assert "caution.swiss_pension_option" in [c.text_key for c in result.cautions]


def test_an_s1_holder_who_works_in_france_is_told_that_work_in_france_comes_first_unless_posted() -> None:
    result = assess(by_id("R8_worker_posted_to_france_with_an_s1_stays_insured_at_home_not_routed_to_work"), TODAY)
    assert "caution.s1_and_work_in_france" in [c.text_key for c in result.cautions]
    retiree = assess(by_id("R8_eu_retiree_with_an_s1_registers_it"), TODAY)
    assert "caution.s1_and_work_in_france" not in [c.text_key for c in retiree.cautions]
