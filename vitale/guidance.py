"""What follows from an outcome: who handles the file, what to do next, and which traps to avoid.

Next steps are text keys ``next.<id>``; traps are the misconceptions of
domain.md §6, text keys ``trap.<id>``, chosen for this person.
"""

from __future__ import annotations

from vitale.answers import NEEDS_PERMIT, OVERSEAS_DEPARTEMENTS, Answers, HomeTerritory, Situation
from vitale.outcomes import Decision, Fund, Outcome

CPAM_OUTCOMES = frozenset(
    {
        Outcome.S1_REGISTRATION,
        Outcome.PUMA_WORK,
        Outcome.STUDENT_ONLINE,
        Outcome.CONVENTION_QUEBEC,
        Outcome.AME,
        Outcome.PUMA_RESIDENCE_WAIT,
        Outcome.PUMA_RESIDENCE,
        Outcome.CASE_BY_CASE,
        Outcome.REFER_CPAM,
    }
)
"""Outcomes whose file goes to the local fund of the general scheme."""

CARD_OUTCOMES = frozenset(
    {Outcome.PUMA_WORK, Outcome.PUMA_RESIDENCE, Outcome.PUMA_RESIDENCE_WAIT, Outcome.STUDENT_ONLINE,
     Outcome.S1_REGISTRATION, Outcome.CASE_BY_CASE, Outcome.MSA, Outcome.CONVENTION_QUEBEC}
)  # fmt: skip
"""Outcomes that lead to a NIR and a carte Vitale."""

_DEFAULT_FUND = {
    Outcome.LOCAL_REGIME: Fund.LOCAL_BODY,
    Outcome.MONACO_REGIME: Fund.MONACO_FUNDS,
    Outcome.NOT_ELIGIBLE: Fund.NONE,
    Outcome.MSA: Fund.MSA,
    Outcome.OPTION_SWITZERLAND: Fund.FOREIGN_INSURER,
    Outcome.EHIC_COVERED: Fund.FOREIGN_INSURER,
    Outcome.URGENT_CARE_ONLY: Fund.HOSPITAL,
}

NEXT_STEPS: dict[Outcome, tuple[str, ...]] = {
    Outcome.LOCAL_REGIME: ("contact_local_fund",),
    Outcome.MONACO_REGIME: ("contact_monaco_funds",),
    Outcome.NOT_ELIGIBLE: ("insurance_elsewhere",),
    Outcome.MSA: ("contact_msa", "send_copies"),
    Outcome.S1_REGISTRATION: ("get_s1", "find_caisse", "send_s1106", "send_copies"),
    Outcome.OPTION_SWITZERLAND: ("choose_swiss_option",),
    Outcome.PUMA_WORK: ("find_caisse", "send_s1106", "employer_may_start", "send_copies"),
    Outcome.STUDENT_ONLINE: ("student_site", "send_copies"),
    Outcome.EHIC_COVERED: ("carry_ehic",),
    Outcome.CONVENTION_QUEBEC: ("quebec_form", "find_caisse"),
    Outcome.AME: ("ame_in_person", "find_caisse", "ask_association"),
    Outcome.URGENT_CARE_ONLY: ("pass_urgent_care", "ask_association"),
    Outcome.PUMA_RESIDENCE_WAIT: ("keep_other_cover", "prepare_for_date", "find_caisse"),
    Outcome.PUMA_RESIDENCE: ("find_caisse", "send_s1106", "send_copies"),
    Outcome.CASE_BY_CASE: ("prove_resources", "find_caisse", "send_s1106"),
    Outcome.REFER_CPAM: ("call_3646",),
}


def fund_for(decision: Decision, answers: Answers) -> Fund:
    """The rule's fund if it named one; else the general-scheme fund of the territory (R5: CSS in Mayotte)."""
    if decision.fund is not None:
        return decision.fund
    if decision.outcome not in CPAM_OUTCOMES:
        return _DEFAULT_FUND.get(decision.outcome, Fund.NONE)
    territory = answers.territory
    if territory is HomeTerritory.MAYOTTE:
        return Fund.CSS_MAYOTTE
    if territory is HomeTerritory.SAINT_BARTHELEMY:
        return Fund.LOCAL_FUND_SAINT_BARTHELEMY
    if territory in OVERSEAS_DEPARTEMENTS or territory is HomeTerritory.SAINT_MARTIN:
        return Fund.CGSS
    return Fund.CPAM


def next_steps_for(decision: Decision, answers: Answers) -> tuple[str, ...]:
    steps = NEXT_STEPS[decision.outcome]
    if decision.rule == "R13":
        steps = ("use_ehic_or_private",)
    elif decision.rule == "R11" and decision.outcome is Outcome.NOT_ELIGIBLE:
        steps = ("pass_urgent_care", "ask_association")
    elif decision.outcome is Outcome.URGENT_CARE_ONLY and decision.eligible_from is not None:
        steps = (*steps, "ame_later")
    return tuple(f"next.{step}" for step in steps)


def traps_for(decision: Decision, answers: Answers) -> tuple[str, ...]:
    """The domain.md §6 traps that apply to this person, most important first."""
    outcome = decision.outcome
    traps: list[str] = []
    if outcome is Outcome.PUMA_WORK:
        traps.append("three_payslips")
    if outcome is Outcome.PUMA_RESIDENCE_WAIT:
        traps.append("residence_before_3_months")
    if outcome is Outcome.OPTION_SWITZERLAND:
        traps.append("swiss_deadline")
    if decision.rule == "R13":
        traps.append("part_year")
    if outcome is Outcome.CASE_BY_CASE:
        traps.append("eu_inactive")
    if outcome in {Outcome.AME, Outcome.URGENT_CARE_ONLY} or decision.rule == "R11":
        traps.append("permit_loop")
    if outcome in CARD_OUTCOMES:
        traps.append("send_originals")
        born_abroad = answers.situations is not None and Situation.BORN_IN_FRANCE not in answers.situations
        if born_abroad:
            traps += ["nia_no_card", "nir_wait", "birth_certificate_filiation"]
            if answers.nationality in NEEDS_PERMIT:
                traps += ["untranslated_birth_certificate", "apostille"]
        traps += ["proof_of_sending", "old_timelines", "paying_for_card", "medecin_traitant"]
    if outcome in CPAM_OUTCOMES or outcome is Outcome.MSA:
        traps.append("premium_rate_3646")
    return tuple(f"trap.{trap}" for trap in dict.fromkeys(traps))
