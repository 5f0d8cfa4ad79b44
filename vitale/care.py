"""What to do now about care, for where the person is: before any number, with the temporary number, with the
permanent number, with the card (issue 16).

The stage comes from the milestones the person has reached (the timeline's
dates) and from whether they already have a number; the route from their
outcome. Each piece of advice is a text key ``care.advice.<id>`` with the
sources that say so; each myth a pair ``care.myth.<id>.claim`` / ``.truth``
(domain.md §6, and what the blog guides get wrong). The C2S section is
:mod:`vitale.c2s`; this module only says whether this person can ask for it.
Nothing here reads the clock or the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from vitale.answers import Answers
from vitale.c2s import applies_in
from vitale.case import Milestone
from vitale.outcomes import Outcome
from vitale.provenance import Confidence

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class CareStage(StrEnum):
    """Where the person is on the way to the card (text ``care.stage.<id>``)."""

    NO_NUMBER = "no_number"
    TEMPORARY_NUMBER = "temporary_number"
    PERMANENT_NUMBER = "permanent_number"
    CARD = "card"


CARE_STAGES = tuple(CareStage)


class CareRoute(StrEnum):
    """How care works for this person's outcome (text ``care.route.<id>``)."""

    CARD = "card"
    """A route to a number and a carte Vitale: the advice follows the stages."""
    WAITING = "waiting"
    """Living in France but waiting until the residence condition is met (R16)."""
    AME = "ame"
    URGENT_CARE = "urgent_care"
    """No cover yet (AME or asylum wait): urgent care and the hospital PASS."""
    EHIC = "ehic"
    SWISS_OPTION = "swiss_option"
    OUTSIDE = "outside"
    """Another system covers the person (local fund, Monaco, another country): this page does not apply."""


class C2SAccess(StrEnum):
    """Whether the person can ask for the C2S (text ``care.c2s_access.<id>``)."""

    CAN_ASK = "can_ask"
    ONCE_COVERED = "once_covered"
    ASK_CAISSE = "ask_caisse"
    """S1 holders: their cover is another country's; no source says whether they can ask (ask the caisse)."""
    AME_INSTEAD = "ame_instead"
    NOT_AVAILABLE = "not_available"


class Advice(BaseModel):
    """One thing to do or know (text ``care.advice.<id>``), with its sources."""

    model_config = _FROZEN

    id: str
    source_ids: tuple[str, ...]
    confidence: Confidence = Confidence.HIGH


class Myth(BaseModel):
    """A common wrong belief and what the official text says instead (``care.myth.<id>.claim`` / ``.truth``)."""

    model_config = _FROZEN

    id: str
    source_ids: tuple[str, ...]


class CareGuidance(BaseModel):
    """What applies now, what comes later, the myths met at this stage, and the C2S."""

    model_config = _FROZEN

    route: CareRoute
    stage: CareStage | None
    """``None`` for a route that does not lead to a card."""
    now: tuple[Advice, ...]
    later: tuple[tuple[CareStage, tuple[Advice, ...]], ...]
    myths: tuple[Myth, ...]
    c2s: C2SAccess


def _advice(advice_id: str, *sources: str, confidence: Confidence = Confidence.HIGH) -> Advice:
    return Advice(id=advice_id, source_ids=sources, confidence=confidence)


# -- the advice, as data ------------------------------------------------------------------------

STAGE_ADVICE: Mapping[CareStage, tuple[Advice, ...]] = {
    CareStage.NO_NUMBER: (
        _advice("pay_and_keep_claims", "F11616"),
        _advice("keep_other_cover_meanwhile", "F17760"),
        _advice("pass_without_cover", "ars_idf_pass", "pass_hospital"),
    ),
    CareStage.TEMPORARY_NUMBER: (
        _advice("paper_claims_with_temporary_number", "ameli_born_abroad_2025", "F11616"),
        _advice("temporary_number_validity", "ameli_born_abroad_2025"),
    ),
    CareStage.PERMANENT_NUMBER: (
        _advice("open_ameli_account", "F10662", "F265"),
        _advice("download_attestation", "F10662"),
        _advice("order_card", "F265"),
    ),
    CareStage.CARD: (
        _advice("declare_medecin_traitant", "F163", "F17042", "F165"),
        _advice("update_card", "F265"),
        _advice("card_app", "F265", "press_appli_carte_vitale_2025", confidence=Confidence.LOW),
        _advice("lost_card", "F265"),
    ),
}
"""What applies at each stage of a route to the card (domain.md §4–§6; issue 16)."""

STAGE_MYTHS: Mapping[CareStage, tuple[Myth, ...]] = {
    CareStage.NO_NUMBER: (Myth(id="no_doctor_without_card", source_ids=("F11616",)),),
    CareStage.TEMPORARY_NUMBER: (Myth(id="temporary_number_gives_card", source_ids=("ameli_born_abroad_2025",)),),
    CareStage.PERMANENT_NUMBER: (Myth(id="card_costs_money", source_ids=("F265",)),),
    CareStage.CARD: (Myth(id="other_doctor_not_reimbursed", source_ids=("F163", "F17042", "F165")),),
}
"""The wrong beliefs people meet at each stage, corrected where they meet them (domain.md §6)."""

ROUTE_ADVICE: Mapping[CareRoute, tuple[Advice, ...]] = {
    CareRoute.WAITING: (
        _advice("wait_until_date", "F34308"),
        _advice("keep_other_cover_meanwhile", "F17760"),
        _advice("pass_without_cover", "ars_idf_pass", "pass_hospital"),
    ),
    CareRoute.AME: (
        _advice("ame_card", "ameli_ame_care", "F3079"),
        _advice("ame_no_advance", "ameli_ame_care"),
        _advice("ame_renew", "F3079", "ameli_ame"),
        _advice("pass_without_cover", "ars_idf_pass", "pass_hospital"),
    ),
    CareRoute.URGENT_CARE: (
        _advice("pass_without_cover", "ars_idf_pass", "pass_hospital"),
        _advice("urgent_care_hospital", "ameli_ame_care"),
    ),
    CareRoute.EHIC: (_advice("use_ehic", "F17760"),),
    CareRoute.SWISS_OPTION: (_advice("swiss_option_first", "cleiss_suisse"),),
    CareRoute.OUTSIDE: (_advice("outside_general_scheme", "F34308"),),
}
"""What applies on a route that does not follow the card's stages."""

ROUTE_MYTHS: Mapping[CareRoute, tuple[Myth, ...]] = {
    CareRoute.WAITING: (Myth(id="no_doctor_without_card", source_ids=("F11616",)),),
    CareRoute.AME: (Myth(id="ame_needs_mutuelle", source_ids=("ameli_ame_care",)),),
}

_ROUTES: Mapping[Outcome, CareRoute] = {
    Outcome.PUMA_RESIDENCE_WAIT: CareRoute.WAITING,
    Outcome.AME: CareRoute.AME,
    Outcome.URGENT_CARE_ONLY: CareRoute.URGENT_CARE,
    Outcome.EHIC_COVERED: CareRoute.EHIC,
    Outcome.OPTION_SWITZERLAND: CareRoute.SWISS_OPTION,
    Outcome.LOCAL_REGIME: CareRoute.OUTSIDE,
    Outcome.MONACO_REGIME: CareRoute.OUTSIDE,
    Outcome.NOT_ELIGIBLE: CareRoute.OUTSIDE,
    Outcome.COVERED_DURING_STAYS: CareRoute.OUTSIDE,
}
"""Outcomes whose care does not follow the card's stages; every other outcome leads to a card (or is a child
attached to a parent, or a case the caisse decides: the card's stages apply)."""


def route_of(outcome: Outcome, reached: Mapping[Milestone, date]) -> CareRoute:
    """How care works for this outcome; someone who waited and has since sent the file is on the card's route."""
    route = _ROUTES.get(outcome, CareRoute.CARD)
    if route is CareRoute.WAITING and reached:
        return CareRoute.CARD
    return route


def stage_of(outcome: Outcome, answers: Answers, reached: Mapping[Milestone, date]) -> CareStage:
    """The furthest stage reached: the card; else a permanent number (reached, an ameli account, or already held);
    else a temporary number — which a student has as soon as the online registration is done (ameli "Vous venez
    étudier en France"; Campus France); else none yet."""
    if Milestone.CARD_RECEIVED in reached:
        return CareStage.CARD
    if reached.keys() & {Milestone.PERMANENT_NUMBER, Milestone.AMELI_ACCOUNT} or answers.has_social_security_number:
        return CareStage.PERMANENT_NUMBER
    if Milestone.TEMPORARY_NUMBER in reached:
        return CareStage.TEMPORARY_NUMBER
    if outcome is Outcome.STUDENT_ONLINE and Milestone.APPLICATION_SENT in reached:
        return CareStage.TEMPORARY_NUMBER
    return CareStage.NO_NUMBER


def c2s_access(outcome: Outcome, route: CareRoute, answers: Answers) -> C2SAccess:
    """Who can ask for the C2S: anyone covered by the PUMa where it applies (CSS L861-1); AME holders have the
    AME instead, which already pays the whole tariff (ameli AME); someone still waiting, once covered."""
    if route in {CareRoute.AME, CareRoute.URGENT_CARE}:
        return C2SAccess.AME_INSTEAD
    if route in {CareRoute.EHIC, CareRoute.OUTSIDE, CareRoute.SWISS_OPTION} or not applies_in(answers.territory):
        return C2SAccess.NOT_AVAILABLE
    if outcome is Outcome.S1_REGISTRATION:
        return C2SAccess.ASK_CAISSE
    if route is CareRoute.WAITING:
        return C2SAccess.ONCE_COVERED
    return C2SAccess.CAN_ASK


def guidance(outcome: Outcome, answers: Answers, reached: Mapping[Milestone, date]) -> CareGuidance:
    """What applies to this person today, what comes next, and the myths to correct on the way."""
    route = route_of(outcome, reached)
    access = c2s_access(outcome, route, answers)
    if route is not CareRoute.CARD:
        return CareGuidance(
            route=route, stage=None, now=ROUTE_ADVICE[route], later=(), myths=ROUTE_MYTHS.get(route, ()), c2s=access
        )
    stage = stage_of(outcome, answers, reached)
    index = CARE_STAGES.index(stage)
    now = STAGE_ADVICE[stage]
    if stage is CareStage.NO_NUMBER and Milestone.APPLICATION_SENT not in reached:
        now = (_advice("send_application_first", "F34308"), *now)
    return CareGuidance(
        route=route,
        stage=stage,
        now=now,
        later=tuple((later, STAGE_ADVICE[later]) for later in CARE_STAGES[index + 1 :]),
        myths=STAGE_MYTHS[stage],
        c2s=access,
    )
