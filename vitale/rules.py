"""The eligibility rules of domain.md §2.2, one small function each.

The rules are evaluated top to bottom and the first that matches wins. Each
rule is a small function that returns a :class:`Decision` or ``None``; its
docstring states the rule and cites its source. Dated values (the 3-month
wait, the AME ceiling, the 5-year EU residence) come from
``parameters.toml``, never from constants here.

Deliberate readings of the table, each tested:

* the Québec student rule (R10b) is tried before the non-EU student rule
  (R9), which would otherwise always win and make R10b unreachable;
* an EU/EEA/Swiss person who does not work but is exempt from the 3-month
  condition (a child, a family member joining an insured person, RSA/AAH,
  back from a volontariat) is left to R15, not judged case by case (R14):
  R15 names "EEA ID" holders among the exempt;
* AME (R11) and the asylum route (R12) need residence: France must be the
  main home, else R13 (short or part-year stays) applies.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

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
    ResidenceStatus,
    Situation,
    WorkCountry,
)
from vitale.outcomes import Caution, Decision, Fund, Outcome, caution
from vitale.parameters import load_parameters

# -- dates and parameters -----------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has fewer days (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _parameter(name: str, on: date) -> int:
    value = load_parameters().parameter(name).at(on).value
    assert isinstance(value, int)
    return value


def _wait_end(a: Answers, today: date, parameter: str = "residence_wait_months") -> date | None:
    """The date the stay reaches the parameter's months, if that is still in the future."""
    if a.arrival_date is None:
        return None
    end = add_months(a.arrival_date, _parameter(parameter, today))
    return end if end > today else None


def _resident(a: Answers) -> bool:
    """Lives in France with France as main home (AME and the asylum route need residence; domain.md §2.2)."""
    return a.lives_in_france and a.main_home is MainHome.YES


# -- the rules, in order ---------------------------------------------------------------------


_LOCAL_SOURCES = {
    HomeTerritory.POLYNESIE_FRANCAISE: "cleiss_polynesie",
    HomeTerritory.SAINT_PIERRE_ET_MIQUELON: "cleiss_spm",
    HomeTerritory.NOUVELLE_CALEDONIE: "blog_nouvelle_caledonie",
}


EXEMPTIONS = frozenset(
    {Situation.UNDER_18, Situation.JOINING_INSURED_FAMILY, Situation.RSA_OR_AAH, Situation.BACK_FROM_VOLONTARIAT}
)


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


def r3_abroad(a: Answers, today: date) -> Decision | None:
    """R3: living abroad and not working in France: not resident, so no PUMa (F34308)."""
    if a.territory is not HomeTerritory.ABROAD or a.activity in WORKS_IN_FRANCE:
        return None
    return Decision(outcome=Outcome.NOT_ELIGIBLE, rule="R3", sources=("F34308",), fund=Fund.NONE)


def r4_msa(a: Answers, today: date) -> Decision | None:
    """R4: farm workers (with the right to work) are insured by the MSA instead of the CPAM,
    otherwise as workers (R7) (F648, F16467)."""
    if a.activity is not Activity.FARM_WORKER or not a.is_lawful:
        return None
    return Decision(outcome=Outcome.MSA, rule="R4", sources=("F648",), fund=Fund.MSA)


def r6_frontier(a: Answers, today: date) -> Decision | None:
    """R6: living in France and working in another EU/EEA state: insured by the country of work, whose S1
    is registered at the CPAM. Switzerland: a right of option, Swiss or French insurance, to choose within
    3 months, irrevocable, Swiss by default (CNS Luxembourg; ameli frontalier CH)."""
    if a.activity is not Activity.FRONTIER_WORKER or not a.lives_in_france:
        return None
    if a.work_country is WorkCountry.SWITZERLAND:
        return Decision(
            outcome=Outcome.OPTION_SWITZERLAND,
            rule="R6",
            sources=("ameli_frontalier_ch",),
            fund=Fund.FOREIGN_INSURER,
            cautions=(caution("swiss_option_deadline", "ameli_frontalier_ch"),),
        )
    return Decision(outcome=Outcome.S1_REGISTRATION, rule="R6", sources=("cns_luxembourg",))


def r7_work(a: Answers, today: date) -> Decision | None:
    """R7: employees and the self-employed working in France with the right to work are covered from the
    first hour worked: no minimum hours, no "3 payslips" (F34308, F739). ⚠ Someone posted to France by a
    foreign employer (A1 certificate) stays insured at home (F32824)."""
    if a.activity not in {Activity.EMPLOYEE, Activity.SELF_EMPLOYED} or not a.is_lawful:
        return None
    cautions = [caution("posted_worker", "F32824")]
    if a.residence_status is ResidenceStatus.RECEIPT:
        cautions.append(caution("receipt_right_to_work", "F34308"))
    return Decision(outcome=Outcome.PUMA_WORK, rule="R7", sources=("F34308", "F739"), cautions=tuple(cautions))


def r8_s1(a: Answers, today: date) -> Decision | None:
    """R8: an S1 from an EU/EEA/Swiss state (pensioner, posted worker, family), or from the UK: register it
    at the CPAM; the other state pays (CLEISS retraite UE; brexit.gouv.fr; ⚠ UK S1 after 2021)."""
    if not a.has(Situation.S1):
        return None
    cautions = (caution("uk_s1_after_2021", "brexit_gouv"),) if a.nationality is Nationality.UK_FROM_2021 else ()
    return Decision(
        outcome=Outcome.S1_REGISTRATION, rule="R8", sources=("cleiss_retraite_ue", "brexit_gouv"), cautions=cautions
    )


def r10b_quebec(a: Answers, today: date) -> Decision | None:
    """R10b: students from Québec are covered by the France–Québec agreement: the home insurer's form,
    handed to the CPAM (F675). Tried before R9 (see the module docstring)."""
    if a.activity is not Activity.STUDENT or not a.has(Situation.FROM_QUEBEC) or not a.is_lawful:
        return None
    return Decision(outcome=Outcome.CONVENTION_QUEBEC, rule="R10b", sources=("F675",))


def r9_student_non_eu(a: Answers, today: date) -> Decision | None:
    """R9: a non-EU student in higher education, staying lawfully, registers online on
    etudiant-etranger.ameli.fr, with no 3-month wait (F675, ameli étudier)."""
    if a.activity is not Activity.STUDENT or a.nationality not in NEEDS_PERMIT or not a.is_lawful:
        return None
    return Decision(outcome=Outcome.STUDENT_ONLINE, rule="R9", sources=("F675", "ameli_etudier"))


def r10_student_eu(a: Answers, today: date) -> Decision | None:
    """R10: an EU/EEA/Swiss student with an EHIC valid to the end of the academic year has nothing to do;
    one who works in France is covered as a worker (R7); without an EHIC: the online student route (F675)."""
    eu = a.nationality in {Nationality.EU_EEA_SWISS, Nationality.UK_SETTLED_BEFORE_2021}
    if a.activity is not Activity.STUDENT or not eu:
        return None
    if a.has(Situation.STUDENT_JOB):
        return Decision(outcome=Outcome.PUMA_WORK, rule="R10", sources=("F675", "F34308"), reason_key="reason.R10_job")
    if a.has(Situation.EHIC):
        return Decision(outcome=Outcome.EHIC_COVERED, rule="R10", sources=("F675",), fund=Fund.FOREIGN_INSURER)
    return Decision(outcome=Outcome.STUDENT_ONLINE, rule="R10", sources=("F675",), reason_key="reason.R10_no_ehic")


def r11_undocumented(a: Answers, today: date) -> Decision | None:
    """R11: without a valid residence permit: AME after 3 months in France if the income is under the
    ceiling; before that, urgent hospital care only (PASS) until the date AME becomes possible; children
    get AME at once. Mayotte has no AME (F3079 2025; minors F3079 2020; R5)."""
    if not _resident(a) or a.nationality not in NEEDS_PERMIT or a.residence_status is not ResidenceStatus.NONE:
        return None
    sources = ("F3079",)
    if a.territory is HomeTerritory.MAYOTTE:
        return Decision(
            outcome=Outcome.URGENT_CARE_ONLY, rule="R11", sources=(*sources, "welcometofrance"),
            fund=Fund.HOSPITAL, reason_key="reason.R11_mayotte",
        )  # fmt: skip
    minor = a.has(Situation.UNDER_18)
    wait_end = None if minor else _wait_end(a, today, "ame_residence_months")
    if wait_end is not None:
        return Decision(
            outcome=Outcome.URGENT_CARE_ONLY, rule="R11", sources=sources, eligible_from=wait_end, fund=Fund.HOSPITAL
        )
    ceiling_name = "ame_income_ceiling_metropole"
    cautions: tuple[Caution, ...] = (caution("ame_household_ceiling", "F3079"),)
    if a.territory in OVERSEAS_DEPARTEMENTS:
        ceiling_name = "ame_income_ceiling_dom"
    elif a.territory in {HomeTerritory.SAINT_MARTIN, HomeTerritory.SAINT_BARTHELEMY}:
        ceiling_name = "ame_income_ceiling_dom"
        cautions += (caution("ame_ceiling_collectivity", "F3079"),)
    if a.annual_income_eur is not None and a.annual_income_eur > _parameter(ceiling_name, today):
        return Decision(
            outcome=Outcome.NOT_ELIGIBLE, rule="R11", sources=sources, fund=Fund.HOSPITAL,
            reason_key="reason.R11_income", cautions=cautions,
        )  # fmt: skip
    return Decision(
        outcome=Outcome.AME, rule="R11", sources=sources, cautions=cautions,
        reason_key="reason.R11_minor" if minor else None,
    )  # fmt: skip


def r12_asylum(a: Answers, today: date) -> Decision | None:
    """R12: an adult asylum seeker gets the PUMa 3 months after arrival (urgent care/PASS meanwhile);
    a child at once (F32454; D160-2 as quoted by FTDA)."""
    if not _resident(a) or a.residence_status is not ResidenceStatus.ASYLUM_SEEKER:
        return None
    if a.has(Situation.UNDER_18):
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="R12", sources=("F32454", "ftda_d160_2"), reason_key="reason.R12_minor"
        )
    wait_end = _wait_end(a, today)
    if wait_end is None:
        return Decision(outcome=Outcome.PUMA_RESIDENCE, rule="R12", sources=("F32454",), reason_key="reason.R12_after")
    return Decision(outcome=Outcome.PUMA_RESIDENCE_WAIT, rule="R12", sources=("F32454",), eligible_from=wait_end)


def r13_part_year(a: Answers, today: date) -> Decision | None:
    """R13: a short visit or a part-year stay (under 6 months a year) without work in France gives no PUMa:
    EHIC if insured in the EEA/Switzerland (UK: GHIC ⚠), otherwise private insurance (F34308, F17760, F16146)."""
    if a.main_home not in {MainHome.PART_YEAR, MainHome.SHORT_STAY} or a.activity in WORKS_IN_FRANCE:
        return None
    cautions = (caution("ghic", "F17760"),) if a.nationality in {Nationality.UK_FROM_2021} else ()
    return Decision(
        outcome=Outcome.NOT_ELIGIBLE, rule="R13", sources=("F34308", "F17760", "F16146"), fund=Fund.NONE,
        reason_key="reason.R13", cautions=cautions,
    )  # fmt: skip


def r14_eu_inactive(a: Answers, today: date) -> Decision | None:
    """R14: an EU/EEA/Swiss national who neither works, studies nor looks for work, without an S1, needs a
    right of residence (enough resources and comprehensive insurance) checked case by case; after 5 years
    of residence, the PUMa on residence (CLEISS inactifs; F2651)."""
    eu = a.nationality in {Nationality.EU_EEA_SWISS, Nationality.UK_SETTLED_BEFORE_2021}
    if not eu or a.activity not in {Activity.NONE, Activity.RETIRED} or not a.lives_in_france:
        return None
    if a.situations and a.situations & EXEMPTIONS:
        return None  # a child, a family member of an insured person, RSA/AAH...: R15 (module docstring)
    years = _parameter("eu_permanent_residence_years", today)
    settled = a.arrival_date is not None and add_months(a.arrival_date, 12 * years) <= today
    if settled:
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="R14", sources=("F2651",), reason_key="reason.R14_five_years"
        )
    return Decision(outcome=Outcome.CASE_BY_CASE, rule="R14", sources=("cleiss_inactifs", "F2651"))


def _lawful_resident_not_working(a: Answers) -> bool:
    return a.lives_in_france and a.is_lawful and a.activity not in WORKS_IN_FRANCE


def r15_exempt(a: Answers, today: date) -> Decision | None:
    """R15: a lawful resident not working who is exempt from the 3-month condition (refugee or subsidiary
    protection, child, family member joining an insured person, RSA/AAH, back from a volontariat
    international) gets the PUMa at once (F34308; D160-2 as quoted by FTDA)."""
    if not _lawful_resident_not_working(a):
        return None
    exempt = a.residence_status is ResidenceStatus.REFUGEE or bool(a.situations and a.situations & EXEMPTIONS)
    if not exempt:
        return None
    return Decision(outcome=Outcome.PUMA_RESIDENCE, rule="R15", sources=("F34308", "ftda_d160_2"))


def r16_r17_residence(a: Answers, today: date) -> Decision | None:
    """R16/R17: a lawful resident not working gets the PUMa after 3 months of stable residence; before
    that, from arrival + 3 months, keeping other cover meanwhile (F34308)."""
    if not _lawful_resident_not_working(a) or a.arrival_date is None:
        return None
    wait_end = _wait_end(a, today)
    if wait_end is None:
        return Decision(outcome=Outcome.PUMA_RESIDENCE, rule="R16", sources=("F34308",))
    return Decision(outcome=Outcome.PUMA_RESIDENCE_WAIT, rule="R17", sources=("F34308",), eligible_from=wait_end)


def r18_refer(a: Answers, today: date) -> Decision:
    """R18: anything else: the CPAM decides; call 36 46."""
    return Decision(outcome=Outcome.REFER_CPAM, rule="R18", sources=("F34308",))


RULES: tuple[Callable[[Answers, date], Decision | None], ...] = (
    r1_local_regime,
    r2_monaco,
    r3_abroad,
    r4_msa,
    r6_frontier,
    r7_work,
    r8_s1,
    r10b_quebec,
    r9_student_non_eu,
    r10_student_eu,
    r11_undocumented,
    r12_asylum,
    r13_part_year,
    r14_eu_inactive,
    r15_exempt,
    r16_r17_residence,
)
"""Rules R1–R17 in order (R5, Mayotte, is applied through the fund and R11; R18 is the fallback)."""
