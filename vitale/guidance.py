"""What follows from a decision: who handles the file, what to do next, and which traps to avoid.

Next steps are text keys ``next.<id>``; traps are the misconceptions of
domain.md §6, text keys ``trap.<id>``, chosen for this person. A rule that
needs other next steps or traps than its outcome's usual ones names them in
its :class:`~vitale.outcomes.Decision`; this module never asks which rule decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from vitale.answers import NEEDS_PERMIT, OVERSEAS_DEPARTEMENTS, Answers, HomeTerritory, Situation
from vitale.countries import TranslationNeed, load_countries, load_languages, translation_need
from vitale.outcomes import DEFAULT_FUND, Decision, Fund, Outcome

NEXT_STEPS: Mapping[Outcome, tuple[str, ...]] = MappingProxyType(
    {
        Outcome.LOCAL_REGIME: ("contact_local_fund",),
        Outcome.MONACO_REGIME: ("contact_monaco_funds",),
        Outcome.NOT_ELIGIBLE: ("insurance_elsewhere",),
        Outcome.MSA: ("contact_msa", "send_copies"),
        Outcome.S1_REGISTRATION: ("get_s1", "find_caisse", "send_s1106", "send_copies"),
        Outcome.OPTION_SWITZERLAND: ("choose_swiss_option", "swiss_option_events"),
        Outcome.PUMA_WORK: ("find_caisse", "send_s1106", "employer_may_start", "send_copies"),
        Outcome.STUDENT_ONLINE: ("student_site", "send_copies"),
        Outcome.EHIC_COVERED: ("carry_ehic",),
        Outcome.CONVENTION_QUEBEC: ("quebec_form", "find_caisse"),
        Outcome.AME: ("ame_where", "ame_documents", "find_caisse", "ask_association"),
        Outcome.URGENT_CARE_ONLY: ("pass_urgent_care", "ask_association"),
        Outcome.PUMA_RESIDENCE_WAIT: ("keep_other_cover", "prepare_for_date", "find_caisse"),
        Outcome.PUMA_RESIDENCE: ("find_caisse", "send_s1106", "send_copies"),
        Outcome.CASE_BY_CASE: ("prove_resources", "find_caisse", "send_s1106"),
        Outcome.REFER_CPAM: ("call_3646",),
        Outcome.COVERED_DURING_STAYS: ("pensioner_abroad_contact", "pensioner_abroad_card"),
        Outcome.CHILD_ATTACHED: ("child_attach", "child_attach_both"),
    }
)
"""The usual next steps of each outcome (a rule may name others)."""


def fund_for(decision: Decision, answers: Answers) -> Fund:
    """The rule's fund if it named one; else the general-scheme fund of the territory (R5: CSS in Mayotte)."""
    if decision.fund is not None:
        return decision.fund
    if not decision.outcome.handled_by_general_scheme:
        return DEFAULT_FUND.get(decision.outcome, Fund.NONE)
    territory = answers.territory
    if territory is HomeTerritory.MAYOTTE:
        return Fund.CSS_MAYOTTE
    if territory is HomeTerritory.SAINT_BARTHELEMY:
        return Fund.LOCAL_FUND_SAINT_BARTHELEMY
    if territory in OVERSEAS_DEPARTEMENTS or territory is HomeTerritory.SAINT_MARTIN:
        return Fund.CGSS
    return Fund.CPAM


def next_steps_for(decision: Decision, answers: Answers) -> tuple[str, ...]:
    steps = decision.next_steps if decision.next_steps is not None else NEXT_STEPS[decision.outcome]
    return tuple(f"next.{step}" for step in steps)


MAX_TRAPS = 6
"""At most this many common mistakes on an outcome: the most important that apply, not a wall of warnings."""


def _certificate_traps(answers: Answers) -> list[str]:
    """The birth-certificate traps that apply: a translation only when one is needed (or the country or
    language is not known yet), an apostille only for a certificate from outside the EEA."""
    if answers.nationality not in NEEDS_PERMIT:
        return []
    country, language = answers.birth_certificate_country, answers.birth_certificate_language
    countries = load_countries()
    if country is not None and country in countries and countries[country].eea:
        return []
    traps = ["apostille"]
    if country is None or language is None:
        return ["untranslated_birth_certificate", *traps]
    need = translation_need(country, language, countries, load_languages())
    return ["untranslated_birth_certificate", *traps] if need is TranslationNeed.SWORN_TRANSLATION else traps


def traps_for(decision: Decision, answers: Answers) -> tuple[str, ...]:
    """The domain.md §6 traps that apply to this person, most important first, at most :data:`MAX_TRAPS`."""
    outcome = decision.outcome
    traps: list[str] = list(decision.traps)
    if outcome is Outcome.PUMA_RESIDENCE_WAIT:
        traps.append("residence_before_3_months")
    if outcome is Outcome.OPTION_SWITZERLAND:
        traps.append("swiss_deadline")
    if outcome is Outcome.CASE_BY_CASE:
        traps.append("eu_inactive")
    if outcome is Outcome.AME:
        traps.append("permit_loop")
    if outcome.leads_to_card:
        if outcome.posted_with_letter:
            traps.append("send_originals")
        born_abroad = answers.situations is not None and Situation.BORN_IN_FRANCE not in answers.situations
        if born_abroad:
            traps += ["nia_no_card", "birth_certificate_filiation", *_certificate_traps(answers), "nir_wait"]
        if outcome.posted_with_letter:
            traps.append("proof_of_sending")
        traps += ["paying_for_card", "old_timelines", "medecin_traitant"]
    if outcome.handled_by_general_scheme or outcome is Outcome.MSA:
        traps.append("premium_rate_3646")
    return tuple(f"trap.{trap}" for trap in list(dict.fromkeys(traps))[:MAX_TRAPS])
