"""The eligibility rules of domain.md §2.2 (as corrected in §2.4), one small function each.

The rules are evaluated top to bottom and the first that matches wins
(:func:`decide`); R18 (ask the CPAM) catches the rest. Each rule is a small
function that returns a :class:`Decision` or ``None``; its docstring states
the rule and cites its source. Dated values (the 3-month wait, the AME
ceilings and their household scale, the 5-year EU residence, the Swiss
option's 3 months) come from ``parameters.toml``, never from constants here,
and the texts take them from :func:`text_figures`.

This module is the only home of the eligibility concepts: the exemptions of
article D160-2 CSS (:func:`exemption`), the AME ceiling for a household
(:func:`ame_ceiling`), the Mayotte note (R5), and the rule ids. Other modules
read what a decision carries (its outcome, exemption, next steps, traps,
figures), never which rule decided.

Order (docs/decisions/0004-eligibility-rules.md, updated 2026-12-02):

* a French pensioner living abroad is told about care during stays (L160-3)
  before R3 says "not resident";
* an S1 (R8), and a pension paid by another EU/EEA state, Switzerland or the
  UK (R8b), come before work (R4, R7): someone insured by another state stays
  insured there, even while working in France (posted worker with an A1);
* a short stay (R13) comes before the student rules: a short-stay visa does
  not open the student registration;
* the Québec student rule (R10b) is tried before the non-EU student rule (R9);
* an EU/EEA/Swiss person who does not work but is exempt from the 3-month
  condition goes to R15, not case by case (R14);
* AME (R11) and the asylum route (R12) need residence: France must be the main home.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType

from vitale.answers import LOCAL_REGIME_TERRITORIES as LOCAL
from vitale.answers import (
    NEEDS_PERMIT,
    OVERSEAS_DEPARTEMENTS,
    WORKS_IN_FRANCE,
    Activity,
    Answers,
    HomeTerritory,
    MainHome,
    Nationality,
    PensionFrom,
    ResidenceStatus,
    Situation,
    WorkCountry,
)
from vitale.c2s import household_ceiling
from vitale.dates import add_months
from vitale.outcomes import Caution, Decision, Exemption, Figure, Fund, Outcome, Reason, caution, figure
from vitale.parameters import load_parameters

# -- parameters -----------------------------------------------------------------


def _parameter(name: str, on: date) -> int:
    value = load_parameters().parameter(name).at(on).value
    assert isinstance(value, int)
    return value


TEXT_FIGURES: Mapping[str, str] = MappingProxyType(
    {
        "wait_months": "residence_wait_months",
        "main_home_months": "main_home_min_months",
        "ame_months": "ame_residence_months",
        "eu_years": "eu_permanent_residence_years",
        "swiss_months": "swiss_option_months",
        "pension_years": "pensioner_abroad_min_years",
        "nia_months": "temporary_number_validity_months",
        "claim_years": "claim_deadline_years",
        "care_rate": "gp_reimbursement_percent",
        "outside_rate": "gp_outside_path_percent",
        "c2s_decision_months": "c2s_decision_months",
        "c2s_validity_months": "c2s_validity_months",
        "renew_earliest": "c2s_renewal_earliest_months",
        "renew_latest": "c2s_renewal_latest_months",
    }
)
"""The placeholders texts may use for a rule's figure, and the parameter each comes from."""


def text_figures(on: date) -> Mapping[str, int]:
    """The figures the texts quote (``{wait_months}`` …), from the parameters in force on ``on``."""
    return MappingProxyType({name: _parameter(parameter, on) for name, parameter in TEXT_FIGURES.items()})


def _wait_end(a: Answers, today: date, parameter: str = "residence_wait_months") -> date | None:
    """The date the stay reaches the parameter's months, if that is still in the future."""
    if a.arrival_date is None:
        return None
    end = add_months(a.arrival_date, _parameter(parameter, today))
    return end if end > today else None


def _resident(a: Answers) -> bool:
    """Lives in France with France as main home (AME and the asylum route need residence; domain.md §2.2)."""
    return a.lives_in_france and a.main_home is MainHome.YES


def _lawful_resident_not_working(a: Answers) -> bool:
    return a.lives_in_france and a.is_lawful and a.activity not in WORKS_IN_FRANCE


# -- concepts ---------------------------------------------------------------------------------


def exemption(a: Answers) -> Exemption | None:
    """The ground of article D160-2 CSS that exempts this person from the 3-month residence condition, if any.

    The current D160-2 (after décret 2019-1531; read on a copy of Légifrance, version date not
    seen; Cnam circular CIR-7/2020; F34308): **I** — receiving family benefits, an old-age
    allowance (ASPA), housing aid (APL/ALS/ALF), a benefit of book II of the CASF (RSA, child
    welfare ASE…) or the AAH *proves* the residence condition, these being granted on equivalent
    residence conditions; **II** — met "sans délai" by 1° refugees, beneficiaries of subsidiary
    protection, and asylum seekers under 18 or minors dependent on an asylum seeker, 2° people
    back from a volontariat international, … The rest of II was not readable; students enrolled in
    an educational establishment (or on a cooperation internship) and family members joining or
    accompanying an insured person are exempt in the 2016 and 2017 versions and on F675/F34308.
    **Being under 18 is not an exemption by itself** (domain.md §2.4): a child is covered through
    an insured parent (S3705), and otherwise waits like the parents.
    """
    if a.activity is Activity.STUDENT:
        return Exemption.STUDENT
    if a.residence_status is ResidenceStatus.REFUGEE:
        return Exemption.REFUGEE
    if a.residence_status is ResidenceStatus.ASYLUM_SEEKER and a.has(Situation.UNDER_18):
        return Exemption.ASYLUM_SEEKERS_CHILD
    if a.has(Situation.RSA_OR_AAH) or a.has(Situation.FAMILY_OR_HOUSING_BENEFITS):
        return Exemption.BENEFITS
    if a.has(Situation.JOINING_INSURED_FAMILY):
        return Exemption.FAMILY_OF_INSURED
    if a.has(Situation.BACK_FROM_VOLONTARIAT):
        return Exemption.VOLONTARIAT
    return None


def ame_ceiling(a: Answers, on: date) -> Figure:
    """The AME yearly income ceiling for this household, in euros (F3079; CASF L251-1: the free C2S ceiling,
    computed in one place, :func:`vitale.c2s.household_ceiling`).

    The published table gives the ceiling for 1 to 4 people (mainland, or the
    overseas départements' 11.3 % higher one); each further person adds a fixed
    amount. The table follows CSS R861-3 (+50 % for the 2nd person, +30 % for the
    3rd and 4th, +40 % from the 5th). Both are dated parameters revalued every 1 April.
    """
    overseas = a.territory in OVERSEAS_DEPARTEMENTS or a.territory in {
        HomeTerritory.SAINT_MARTIN,
        HomeTerritory.SAINT_BARTHELEMY,
    }
    return household_ceiling(a.household_size or 1, overseas, on)


# -- the rules, in order ---------------------------------------------------------------------


_LOCAL_SOURCES = {
    HomeTerritory.POLYNESIE_FRANCAISE: "cleiss_polynesie",
    HomeTerritory.SAINT_PIERRE_ET_MIQUELON: "cleiss_spm",
    HomeTerritory.NOUVELLE_CALEDONIE: "blog_nouvelle_caledonie",
}


def r1_local_regime(a: Answers, today: date) -> Decision | None:
    """R1: New Caledonia, French Polynesia, Saint-Pierre-et-Miquelon and Wallis-et-Futuna have their
    own systems, not handled by ameli or a CPAM (CLEISS; ⚠ Wallis unconfirmed, New Caledonia from a blog)."""
    if a.territory is None or a.territory not in LOCAL:
        return None
    cautions: tuple[Caution, ...] = ()
    if a.territory is HomeTerritory.WALLIS_ET_FUTUNA:
        cautions = (caution("wallis_unconfirmed", "cleiss_territories"),)
    elif a.territory is HomeTerritory.NOUVELLE_CALEDONIE:
        cautions = (caution("nouvelle_caledonie_blog", "blog_nouvelle_caledonie"),)
    source = _LOCAL_SOURCES.get(a.territory, "cleiss_territories")
    return Decision(
        outcome=Outcome.LOCAL_REGIME,
        rule="R1",
        sources=(source,),
        cautions=cautions,
        reason_key=f"reason.R1_{a.territory.value}",
    )


def r2_monaco(a: Answers, today: date) -> Decision | None:
    """R2: living in Monaco, or working there from France: the Monaco funds (CCSS) cover people who work
    there with a work permit; a France resident working in Monaco stops using the carte Vitale (⚠ CLEISS 2022/23)."""
    works_in_monaco = a.activity is Activity.FRONTIER_WORKER and a.work_country is WorkCountry.MONACO
    if a.territory is not HomeTerritory.MONACO and not works_in_monaco:
        return None
    return Decision(
        outcome=Outcome.MONACO_REGIME,
        rule="R2",
        sources=("cleiss_monaco",),
        cautions=(caution("monaco_check", "cleiss_monaco"),),
    )


def r3b_french_pensioner_abroad(a: Answers, today: date) -> Decision | None:
    """R3b: a pensioner of a French scheme who lives abroad and does not work is cared for during temporary
    stays in France when France alone covers their care where they live under a social security agreement,
    or when the pension counts at least 15 years of insurance in a French scheme (article L160-3 CSS; in the
    EU/EEA/Switzerland the French S1 gives the same). The app does not ask the years: the outcome states the
    conditions. Tried before R3 and R13, which would otherwise answer a bare "not eligible" (domain.md §2.4)."""
    if a.activity is not Activity.RETIRED or a.pension_from is not PensionFrom.FRANCE:
        return None
    lives_abroad = a.territory is HomeTerritory.ABROAD or (
        a.lives_in_france and a.main_home in {MainHome.PART_YEAR, MainHome.SHORT_STAY}
    )
    if not lives_abroad:
        return None
    return Decision(
        outcome=Outcome.COVERED_DURING_STAYS,
        rule="R3b",
        sources=("css_l160_3",),
        cautions=(caution("pensioner_abroad_years", "css_l160_3"),),
    )


def r3_abroad(a: Answers, today: date) -> Decision | None:
    """R3: living abroad and not working in France: not resident, so no PUMa (F34308)."""
    if a.territory is not HomeTerritory.ABROAD or a.activity in WORKS_IN_FRANCE:
        return None
    return Decision(
        outcome=Outcome.NOT_ELIGIBLE, rule="R3", sources=("F34308",), fund=Fund.NONE,
        next_steps=("insurance_elsewhere",),
    )  # fmt: skip


def r6_frontier(a: Answers, today: date) -> Decision | None:
    """R6: living in France and working in another EU/EEA state: insured by the country of work, whose S1
    is registered at the CPAM (CNS Luxembourg). Switzerland: a right of option between Swiss (LAMal) and
    French insurance, made with the canton's service within 3 months of starting work in Switzerland,
    settling in France, starting a Swiss pension or going back to work after unemployment; the choice is
    final, and without one Swiss insurance applies (ameli frontalier CH; CLEISS; domain.md §2.4)."""
    if a.activity is not Activity.FRONTIER_WORKER or not a.lives_in_france:
        return None
    if a.work_country is WorkCountry.SWITZERLAND:
        return Decision(
            outcome=Outcome.OPTION_SWITZERLAND,
            rule="R6",
            sources=("ameli_frontalier_ch", "cleiss_suisse"),
            fund=Fund.FOREIGN_INSURER,
            cautions=(caution("swiss_option_deadline", "ameli_frontalier_ch", "cleiss_suisse"),),
            figures=(figure("swiss_option_months", today),),
        )
    return Decision(
        outcome=Outcome.S1_REGISTRATION, rule="R6", sources=("cns_luxembourg",),
        next_steps=("get_s1_employer_country", "find_caisse", "send_copies"),
    )  # fmt: skip


def r8_s1(a: Answers, today: date) -> Decision | None:
    """R8: living in France with an S1 from an EU/EEA/Swiss state (pensioner, posted worker, family), or from
    the UK: register it at the CPAM; the other state pays. Tried before work (R4, R7): a worker posted to
    France with an A1 stays insured at home (CLEISS retraite UE; brexit.gouv.fr; ⚠ UK S1 after 2021)."""
    if not a.has(Situation.S1) or not a.lives_in_france:
        return None
    cautions: tuple[Caution, ...] = ()
    if a.activity in WORKS_IN_FRANCE:  # a posted worker keeps the S1; a pensioner who takes a job here does not
        cautions += (caution("s1_and_work_in_france", "cleiss_retraite_ue", "F32824"),)
    if a.nationality is Nationality.UK_FROM_2021:
        cautions += (caution("uk_s1_after_2021", "brexit_gouv"),)
    return Decision(
        outcome=Outcome.S1_REGISTRATION, rule="R8", sources=("cleiss_retraite_ue", "brexit_gouv"), cautions=cautions
    )


def r8b_retiree(a: Answers, today: date) -> Decision | None:
    """R8b: a retiree living in France lawfully. A French pension (alone or with others) gives French cover
    at once, as a pensioner of a French scheme; a pension paid only by another EU/EEA state, Switzerland
    or the UK is that state's to cover: ask its pension fund for an S1 and register it (Reg. (EC) 883/2004
    art. 23–25; CLEISS retraite UE). A pension from elsewhere: the residence route (R16/R17)."""
    if a.activity is not Activity.RETIRED or not _resident(a) or not a.is_lawful:
        return None
    if a.pension_from is PensionFrom.FRANCE:
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="R8b", sources=("reg_883_2004", "F34308"),
            reason_key="reason.R8b_france", cautions=(caution("french_pension_wait_unconfirmed", "css_d160_2"),),
        )  # fmt: skip
    if a.pension_from is PensionFrom.EEA_SWISS_UK:
        cautions: tuple[Caution, ...] = (caution("swiss_pension_option", "cleiss_suisse"),)
        if a.nationality is Nationality.UK_FROM_2021:
            cautions += (caution("uk_s1_after_2021", "brexit_gouv"),)
        return Decision(
            outcome=Outcome.S1_REGISTRATION, rule="R8b", sources=("cleiss_retraite_ue", "reg_883_2004"),
            reason_key="reason.R8b_s1", next_steps=("get_s1_pension", "find_caisse", "send_s1106", "send_copies"),
            cautions=cautions,
        )  # fmt: skip
    return None


def r4_msa(a: Answers, today: date) -> Decision | None:
    """R4: farm workers (with the right to work) are insured by the MSA instead of the CPAM,
    otherwise as workers (R7) (F648, F16467)."""
    if a.activity is not Activity.FARM_WORKER or not a.is_lawful:
        return None
    return Decision(outcome=Outcome.MSA, rule="R4", sources=("F648",), fund=Fund.MSA)


def r7_work(a: Answers, today: date) -> Decision | None:
    """R7: employees and the self-employed working in France with the right to work are covered from the
    first hour worked: no minimum hours, no "3 payslips" (F34308, F739). A doctoral student on a salaried
    doctoral contract is an employee. ⚠ Someone posted to France by a foreign employer (A1 certificate)
    stays insured at home (F32824)."""
    if a.activity not in {Activity.EMPLOYEE, Activity.SELF_EMPLOYED} or not a.is_lawful:
        return None
    cautions = [caution("posted_worker", "F32824")]
    if a.residence_status is ResidenceStatus.RECEIPT:
        cautions.append(caution("receipt_right_to_work", "F34308"))
    return Decision(
        outcome=Outcome.PUMA_WORK, rule="R7", sources=("F34308", "F739"), cautions=tuple(cautions),
        traps=("three_payslips",),
    )  # fmt: skip


def r13_part_year(a: Answers, today: date) -> Decision | None:
    """R13: a short visit or a part-year stay (under 6 months a year) without work in France gives no PUMa:
    EHIC if insured in the EEA/Switzerland (UK: GHIC ⚠), otherwise private insurance (F34308, F17760, F16146).
    Tried before the student rules: a short-stay visa does not open the student registration (domain.md §2.4)."""
    if a.main_home not in {MainHome.PART_YEAR, MainHome.SHORT_STAY} or a.activity in WORKS_IN_FRANCE:
        return None
    if a.activity is Activity.STUDENT and a.main_home is MainHome.PART_YEAR:
        return None  # enrolment alone meets the residence condition (D160-2): a one-semester student is not a visitor
    cautions = (caution("ghic", "F17760"),) if a.nationality in {Nationality.UK_FROM_2021} else ()
    return Decision(
        outcome=Outcome.NOT_ELIGIBLE, rule="R13", sources=("F34308", "F17760", "F16146"), fund=Fund.NONE,
        reason_key="reason.R13", cautions=cautions, next_steps=("use_ehic_or_private",), traps=("part_year",),
        figures=(figure("main_home_min_months", today),),
    )  # fmt: skip


def r10b_quebec(a: Answers, today: date) -> Decision | None:
    """R10b: students from Québec are covered by the France–Québec agreement: the home insurer's form,
    handed to the CPAM (F675). Tried before R9 (see the module docstring)."""
    if a.activity is not Activity.STUDENT or not a.has(Situation.FROM_QUEBEC) or not a.is_lawful:
        return None
    return Decision(outcome=Outcome.CONVENTION_QUEBEC, rule="R10b", sources=("F675",))


def r9_student(a: Answers, today: date) -> Decision | None:
    """R9: a student from outside the EU/EEA staying lawfully, or a French student born abroad (including
    students from New Caledonia, Wallis-et-Futuna, French Polynesia or Saint-Pierre-et-Miquelon), registers
    online on etudiant-etranger.ameli.fr; students are exempt from the 3-month wait (D160-2 1°; F675; ameli
    étudier). A French student born in France already has a number: covered at once through residence (R15)."""
    if a.activity is not Activity.STUDENT or not a.is_lawful:
        return None
    french_born_abroad = a.nationality is Nationality.FRENCH and not a.has(Situation.BORN_IN_FRANCE)
    if a.nationality not in NEEDS_PERMIT and not french_born_abroad:
        return None
    return Decision(
        outcome=Outcome.STUDENT_ONLINE, rule="R9", sources=("F675", "ameli_etudier", "css_d160_2"),
        exemption=Exemption.STUDENT, reason_key="reason.R9_french" if french_born_abroad else None,
        cautions=(caution("overseas_students", "ameli_etudier"),) if french_born_abroad else (),
    )  # fmt: skip


def r10_student_eu(a: Answers, today: date) -> Decision | None:
    """R10: an EU/EEA/Swiss student with an EHIC valid to the end of the academic year has nothing to do;
    one who works in France is covered as a worker (R7); without an EHIC: the online student route (F675)."""
    if a.activity is not Activity.STUDENT or not a.is_eu_like:
        return None
    if a.has(Situation.STUDENT_JOB):
        return Decision(
            outcome=Outcome.PUMA_WORK, rule="R10", sources=("F675", "F34308"), reason_key="reason.R10_job",
            traps=("three_payslips",),
        )  # fmt: skip
    if a.has(Situation.EHIC):
        return Decision(outcome=Outcome.EHIC_COVERED, rule="R10", sources=("F675",), fund=Fund.FOREIGN_INSURER)
    return Decision(
        outcome=Outcome.STUDENT_ONLINE, rule="R10", sources=("F675", "css_d160_2"), reason_key="reason.R10_no_ehic",
        exemption=Exemption.STUDENT, next_steps=("student_site_eu", "send_copies"),
    )  # fmt: skip


_AME_TRAPS = ("permit_loop",)


def r11_undocumented(a: Answers, today: date) -> Decision | None:
    """R11: without a valid residence permit: AME after 3 months in France if the household's income is
    under the ceiling for its size; before that, urgent hospital care only (PASS) until the date AME
    becomes possible; a child whose parents have no permit gets AME at once and whatever the household's
    income ("sans conditions… même lorsque [les parents] dépassent le plafond", ameli AME page; F3079
    2020; CE 7 June 2006). Mayotte has no AME (F3079 2025; R5). Décret n° 2026-67 changed the documents
    asked (read on a copy of the Journal officiel: shown as a caution)."""
    if not _resident(a) or a.nationality not in NEEDS_PERMIT or a.residence_status is not ResidenceStatus.NONE:
        return None
    sources = ("F3079", "casf_l251_1")
    if a.territory is HomeTerritory.MAYOTTE:
        return Decision(
            outcome=Outcome.URGENT_CARE_ONLY, rule="R11", sources=(*sources, "welcometofrance"),
            fund=Fund.HOSPITAL, reason_key="reason.R11_mayotte", traps=_AME_TRAPS,
        )  # fmt: skip
    if a.has(Situation.UNDER_18):  # no waiting, and no ceiling: even if the parents are over it (ameli AME)
        return Decision(
            outcome=Outcome.AME, rule="R11", sources=(*sources, "ameli_ame"), reason_key="reason.R11_minor",
            traps=_AME_TRAPS, cautions=(caution("ame_2026_documents", "decret_2026_67", "F3079"),),
        )  # fmt: skip
    ceiling = ame_ceiling(a, today)
    cautions: tuple[Caution, ...] = ()
    if ceiling.source.startswith("estimate"):
        cautions += (caution("ame_dom_further_estimate", ceiling.source),)
    if a.territory in {HomeTerritory.SAINT_MARTIN, HomeTerritory.SAINT_BARTHELEMY}:
        cautions += (caution("ame_ceiling_collectivity", "F3079"),)
    values = {"people": a.household_size or 1}
    if a.annual_income_eur is not None and a.annual_income_eur > ceiling.value:  # waiting would not help
        return Decision(
            outcome=Outcome.NOT_ELIGIBLE, rule="R11", sources=sources, fund=Fund.HOSPITAL,
            reason_key="reason.R11_income", reason_values=values, cautions=cautions, figures=(ceiling,),
            next_steps=("pass_urgent_care", "ask_association"), traps=_AME_TRAPS,
        )  # fmt: skip
    wait_end = _wait_end(a, today, "ame_residence_months")
    if wait_end is not None:
        return Decision(
            outcome=Outcome.URGENT_CARE_ONLY, rule="R11", sources=sources, eligible_from=wait_end, fund=Fund.HOSPITAL,
            next_steps=("pass_urgent_care", "ask_association", "ame_later"), traps=_AME_TRAPS,
            figures=(figure("ame_residence_months", today), ceiling), reason_values=values,
        )  # fmt: skip
    cautions += (caution("ame_2026_documents", "decret_2026_67", "F3079"),)
    return Decision(
        outcome=Outcome.AME, rule="R11", sources=sources, cautions=cautions, figures=(ceiling,),
        reason_key="reason.R11", reason_values=values, traps=_AME_TRAPS,
    )  # fmt: skip


def r12_asylum(a: Answers, today: date) -> Decision | None:
    """R12: an adult asylum seeker gets the PUMa 3 months after arrival; meanwhile urgent care at a hospital
    PASS (not private insurance); an asylum seeker under 18, or a minor dependent on one, at once (F32454;
    D160-2 II 1°; CIR-7/2020)."""
    if not _resident(a) or a.residence_status is not ResidenceStatus.ASYLUM_SEEKER:
        return None
    if exemption(a) is Exemption.ASYLUM_SEEKERS_CHILD:
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="R12", sources=("F32454", "css_d160_2"),
            reason_key="reason.R12_minor", exemption=Exemption.ASYLUM_SEEKERS_CHILD,
        )  # fmt: skip
    wait_end = _wait_end(a, today)
    if wait_end is None:
        return Decision(outcome=Outcome.PUMA_RESIDENCE, rule="R12", sources=("F32454",), reason_key="reason.R12_after")
    return Decision(
        outcome=Outcome.PUMA_RESIDENCE_WAIT, rule="R12", sources=("F32454", "pass_hospital"), eligible_from=wait_end,
        next_steps=("pass_urgent_care", "prepare_for_date", "find_caisse"),
        figures=(figure("residence_wait_months", today),),
    )  # fmt: skip


def r14_eu_inactive(a: Answers, today: date) -> Decision | None:
    """R14: an EU/EEA/Swiss national who neither works, studies nor looks for work, without an S1, needs a
    right of residence (enough resources and comprehensive insurance) checked case by case; after 5 years
    of residence, the PUMa on residence (CLEISS inactifs; F2651). Someone exempt by D160-2 goes to R15."""
    if not a.is_eu_like or a.activity not in {Activity.NONE, Activity.RETIRED} or not a.lives_in_france:
        return None
    if exemption(a) is not None:
        return None
    years = _parameter("eu_permanent_residence_years", today)
    settled = a.arrival_date is not None and add_months(a.arrival_date, 12 * years) <= today
    if settled:
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="R14", sources=("F2651",), reason_key="reason.R14_five_years",
            figures=(figure("eu_permanent_residence_years", today),),
        )  # fmt: skip
    return Decision(
        outcome=Outcome.CASE_BY_CASE, rule="R14", sources=("cleiss_inactifs", "F2651"),
        figures=(figure("eu_permanent_residence_years", today),),
    )  # fmt: skip


def joining_an_insured_person() -> frozenset[Situation]:
    """The situation of a family member who joins or accompanies an insured person to settle in France:
    exempt from the 3-month wait (D160-2 II 3°; used by :mod:`vitale.household` for a partner)."""
    return frozenset({Situation.JOINING_INSURED_FAMILY})


def r15_exempt(a: Answers, today: date) -> Decision | None:
    """R15: a lawful resident not working who is exempt from the 3-month condition by article D160-2 CSS
    (:func:`exemption`) gets the PUMa at once (D160-2; F34308; ameli circular CIR-7/2020)."""
    ground = exemption(a)
    if not _lawful_resident_not_working(a) or ground is None:
        return None
    cautions = (caution("family_of_insured_text", "css_d160_2"),) if ground is Exemption.FAMILY_OF_INSURED else ()
    return Decision(
        outcome=Outcome.PUMA_RESIDENCE, rule="R15", sources=("css_d160_2", "F34308"), exemption=ground,
        reason_key=f"reason.R15_{ground.value}", cautions=cautions,
    )  # fmt: skip


def _child_cautions(a: Answers) -> tuple[Caution, ...]:
    """A child is covered through an insured parent (S3705), not by being a child (domain.md §2.4)."""
    return (caution("child_through_parent", "F16620", "css_d160_2"),) if a.has(Situation.UNDER_18) else ()


def r16_r17_residence(a: Answers, today: date) -> Decision | None:
    """R16/R17: a lawful resident not working gets the PUMa after 3 months of stable residence; before
    that, from arrival + 3 months, keeping other cover meanwhile (F34308; D160-1 CSS)."""
    if not _lawful_resident_not_working(a) or a.arrival_date is None:
        return None
    wait = figure("residence_wait_months", today)
    wait_end = _wait_end(a, today)
    if wait_end is None:
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="R16", sources=("F34308",), cautions=_child_cautions(a),
            figures=(wait,),
        )  # fmt: skip
    return Decision(
        outcome=Outcome.PUMA_RESIDENCE_WAIT, rule="R17", sources=("F34308",), eligible_from=wait_end,
        cautions=_child_cautions(a), figures=(wait,),
    )  # fmt: skip


def r18_refer(a: Answers, today: date) -> Decision:
    """R18: anything else: the CPAM decides; call 36 46."""
    return Decision(outcome=Outcome.REFER_CPAM, rule="R18", sources=("F34308",))


RULES: tuple[Callable[[Answers, date], Decision | None], ...] = (
    r1_local_regime,
    r2_monaco,
    r3b_french_pensioner_abroad,
    r3_abroad,
    r6_frontier,
    r8_s1,
    r8b_retiree,
    r4_msa,
    r7_work,
    r13_part_year,
    r10b_quebec,
    r9_student,
    r10_student_eu,
    r11_undocumented,
    r12_asylum,
    r14_eu_inactive,
    r15_exempt,
    r16_r17_residence,
)
"""Rules R1–R17 in order (module docstring); R5 (Mayotte) is a note added by :func:`decide`; R18 the fallback."""


def _mayotte_note(a: Answers, decision: Decision) -> tuple[Reason, ...]:
    """R5: in Mayotte the fund is the CSSM, foreigners must be lawfully resident, and there is no AME
    (welcometofrance; F3079)."""
    if a.territory is not HomeTerritory.MAYOTTE or decision.outcome is Outcome.NOT_ELIGIBLE:
        return ()
    return (Reason(rule="R5", text_key="reason.R5", source_ids=("welcometofrance", "F3079")),)


def decide(a: Answers, today: date) -> Decision:
    """The first rule that matches (R18 when none does), with the notes that apply alongside it (R5)."""
    decision = next((d for rule in RULES if (d := rule(a, today)) is not None), None) or r18_refer(a, today)
    notes = _mayotte_note(a, decision)
    return decision.model_copy(update={"notes": notes}) if notes else decision
