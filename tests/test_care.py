"""What applies now, by stage and route (issue 16): each stage of a route to the card, and the routes that do not
follow those stages (AME, a wait, urgent care only, EHIC, another system); the C2S access of each."""

from __future__ import annotations

from datetime import date

import pytest

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.answers import Answers, HomeTerritory
from vitale.care import (
    CARE_STAGES,
    ROUTE_ADVICE,
    ROUTE_MYTHS,
    STAGE_ADVICE,
    STAGE_MYTHS,
    C2SAccess,
    CareRoute,
    CareStage,
    guidance,
)
from vitale.case import Milestone
from vitale.eligibility import assess
from vitale.outcomes import Outcome
from vitale.sources import registry
from vitale.text import Language, load_catalog

TODAY = date(2026, 12, 2)
MAINLAND = Answers(territory=HomeTerritory.METROPOLE)
SENT = {Milestone.APPLICATION_SENT: date(2026, 10, 1)}
TEMPORARY = {**SENT, Milestone.TEMPORARY_NUMBER: date(2026, 10, 20)}
PERMANENT = {**TEMPORARY, Milestone.PERMANENT_NUMBER: date(2026, 11, 20)}
CARD = {**PERMANENT, Milestone.AMELI_ACCOUNT: date(2026, 11, 22), Milestone.CARD_RECEIVED: date(2026, 12, 1)}


def _ids(items: tuple[object, ...]) -> list[str]:
    return [item.id for item in items]  # type: ignore[attr-defined]


# -- a route to the card, stage by stage -----------------------------------------------------------------------


def test_a_worker_covered_from_day_one_who_has_sent_nothing_is_told_to_send_then_to_pay_and_keep_the_claims() -> None:
    outcome = assess(EMPLOYEE_BORN_IN_INDIA, TODAY).outcome
    assert outcome is Outcome.PUMA_WORK
    care = guidance(outcome, EMPLOYEE_BORN_IN_INDIA, {})
    assert (care.route, care.stage) == (CareRoute.CARD, CareStage.NO_NUMBER)
    assert _ids(care.now)[:2] == ["send_application_first", "pay_and_keep_claims"]
    assert "pass_without_cover" in _ids(care.now)
    assert _ids(care.myths) == ["no_doctor_without_card"]
    assert [stage for stage, _ in care.later] == list(CARE_STAGES[1:])
    assert care.c2s is C2SAccess.CAN_ASK


def test_once_the_file_is_sent_the_send_it_advice_goes() -> None:
    care = guidance(Outcome.PUMA_WORK, MAINLAND, SENT)
    assert care.stage is CareStage.NO_NUMBER
    assert "send_application_first" not in _ids(care.now)


def test_with_the_temporary_number_paper_claims_and_the_myth_of_the_card() -> None:
    care = guidance(Outcome.PUMA_RESIDENCE, MAINLAND, TEMPORARY)
    assert care.stage is CareStage.TEMPORARY_NUMBER
    assert _ids(care.now) == ["paper_claims_with_temporary_number", "temporary_number_validity"]
    assert _ids(care.myths) == ["temporary_number_gives_card"]
    assert [stage for stage, _ in care.later] == [CareStage.PERMANENT_NUMBER, CareStage.CARD]


def test_with_the_permanent_number_open_the_account_get_the_attestation_order_the_card() -> None:
    care = guidance(Outcome.PUMA_WORK, MAINLAND, PERMANENT)
    assert care.stage is CareStage.PERMANENT_NUMBER
    assert _ids(care.now) == ["open_ameli_account", "download_attestation", "order_card"]
    assert [stage for stage, _ in care.later] == [CareStage.CARD]


def test_an_ameli_account_alone_means_the_permanent_number_has_come() -> None:
    assert guidance(Outcome.PUMA_WORK, MAINLAND, {Milestone.AMELI_ACCOUNT: date(2026, 11, 1)}).stage is (
        CareStage.PERMANENT_NUMBER
    )


def test_someone_who_already_has_a_french_number_starts_at_the_permanent_number() -> None:
    answers = MAINLAND.model_copy(update={"has_social_security_number": True})
    assert guidance(Outcome.PUMA_WORK, answers, {}).stage is CareStage.PERMANENT_NUMBER


def test_with_the_card_declare_a_medecin_traitant_and_learn_the_real_rule_about_other_doctors() -> None:
    care = guidance(Outcome.PUMA_WORK, MAINLAND, CARD)
    assert care.stage is CareStage.CARD
    assert _ids(care.now)[0] == "declare_medecin_traitant"
    assert _ids(care.myths) == ["other_doctor_not_reimbursed"]
    assert care.later == ()


def test_the_carte_vitale_app_is_given_as_uncertain_because_only_the_press_dates_it() -> None:
    app = next(item for item in STAGE_ADVICE[CareStage.CARD] if item.id == "card_app")
    assert app.confidence.value == "low"
    assert "press_appli_carte_vitale_2025" in app.source_ids


def test_a_student_has_a_provisional_number_as_soon_as_the_online_registration_is_done() -> None:
    assert guidance(Outcome.STUDENT_ONLINE, MAINLAND, {}).stage is CareStage.NO_NUMBER
    assert guidance(Outcome.STUDENT_ONLINE, MAINLAND, SENT).stage is CareStage.TEMPORARY_NUMBER
    assert guidance(Outcome.PUMA_WORK, MAINLAND, SENT).stage is CareStage.NO_NUMBER


def test_an_s1_holder_follows_the_card_stages_but_is_told_to_ask_the_caisse_about_the_c2s() -> None:
    care = guidance(Outcome.S1_REGISTRATION, MAINLAND, TEMPORARY)
    assert (care.route, care.stage, care.c2s) == (CareRoute.CARD, CareStage.TEMPORARY_NUMBER, C2SAccess.ASK_CAISSE)


@pytest.mark.parametrize("outcome", [Outcome.MSA, Outcome.CASE_BY_CASE, Outcome.CONVENTION_QUEBEC,
                                     Outcome.REFER_CPAM, Outcome.CHILD_ATTACHED])  # fmt: skip
def test_every_other_french_route_follows_the_card_stages(outcome: Outcome) -> None:
    care = guidance(outcome, MAINLAND, PERMANENT)
    assert (care.route, care.stage) == (CareRoute.CARD, CareStage.PERMANENT_NUMBER)


# -- routes that do not follow the card's stages -----------------------------------------------------------------


def test_an_undocumented_person_on_the_ame_route_hears_the_ame_card_no_advance_and_no_c2s() -> None:
    answers = Answers(
        territory=HomeTerritory.METROPOLE, main_home="yes", activity="none", nationality="other",
        residence_status="none", arrival_date=date(2025, 1, 1), situations=frozenset(), household_size=1,
        annual_income_eur=5_000,
    )  # fmt: skip
    outcome = assess(answers, TODAY).outcome
    assert outcome is Outcome.AME
    care = guidance(outcome, answers, {})
    assert (care.route, care.stage, care.c2s) == (CareRoute.AME, None, C2SAccess.AME_INSTEAD)
    assert {"ame_card", "ame_no_advance", "ame_renew"} <= set(_ids(care.now))
    assert _ids(care.myths) == ["ame_needs_mutuelle"]
    assert care.later == ()


def test_someone_waiting_for_ame_or_asylum_cover_is_sent_to_the_hospital_pass_first() -> None:
    care = guidance(Outcome.URGENT_CARE_ONLY, MAINLAND, {})
    assert care.route is CareRoute.URGENT_CARE
    assert _ids(care.now)[0] == "pass_without_cover"
    assert care.c2s is C2SAccess.AME_INSTEAD


def test_a_resident_still_waiting_keeps_other_cover_and_can_ask_for_the_c2s_once_covered() -> None:
    care = guidance(Outcome.PUMA_RESIDENCE_WAIT, MAINLAND, {})
    assert (care.route, care.c2s) == (CareRoute.WAITING, C2SAccess.ONCE_COVERED)
    assert _ids(care.now) == ["wait_until_date", "keep_other_cover_meanwhile", "pass_without_cover"]
    assert _ids(care.myths) == ["no_doctor_without_card"]


def test_a_resident_who_waited_and_then_sent_the_file_follows_the_card_stages() -> None:
    care = guidance(Outcome.PUMA_RESIDENCE_WAIT, MAINLAND, SENT)
    assert (care.route, care.stage, care.c2s) == (CareRoute.CARD, CareStage.NO_NUMBER, C2SAccess.CAN_ASK)


@pytest.mark.parametrize(
    ("outcome", "route"),
    [(Outcome.EHIC_COVERED, CareRoute.EHIC), (Outcome.OPTION_SWITZERLAND, CareRoute.SWISS_OPTION),
     (Outcome.LOCAL_REGIME, CareRoute.OUTSIDE), (Outcome.MONACO_REGIME, CareRoute.OUTSIDE),
     (Outcome.NOT_ELIGIBLE, CareRoute.OUTSIDE), (Outcome.COVERED_DURING_STAYS, CareRoute.OUTSIDE)],
)  # fmt: skip
def test_routes_outside_the_general_scheme_get_their_own_advice_and_no_c2s(outcome: Outcome, route: CareRoute) -> None:
    care = guidance(outcome, MAINLAND, CARD)
    assert (care.route, care.stage, care.c2s) == (route, None, C2SAccess.NOT_AVAILABLE)
    assert care.now == ROUTE_ADVICE[route]


def test_where_the_c2s_does_not_exist_no_route_can_ask_for_it() -> None:
    local = Answers(territory=HomeTerritory.POLYNESIE_FRANCAISE)
    assert guidance(Outcome.PUMA_WORK, local, {}).c2s is C2SAccess.NOT_AVAILABLE
    assert guidance(Outcome.PUMA_WORK, Answers(territory=HomeTerritory.MAYOTTE), {}).c2s is C2SAccess.CAN_ASK


@pytest.mark.parametrize("outcome", list(Outcome))
@pytest.mark.parametrize("reached", [{}, SENT, TEMPORARY, PERMANENT, CARD], ids=["none", "sent", "nia", "nir", "card"])
def test_every_outcome_at_every_stage_gets_advice(outcome: Outcome, reached: dict[Milestone, date]) -> None:
    care = guidance(outcome, MAINLAND, reached)
    assert care.now
    assert (care.stage is None) == (care.route is not CareRoute.CARD)


# -- every piece of advice is written and sourced ----------------------------------------------------------------


def _every_advice_and_myth() -> tuple[set[str], set[str], set[str]]:
    advice = {item.id for items in (*STAGE_ADVICE.values(), *ROUTE_ADVICE.values()) for item in items}
    advice.add("send_application_first")
    myths = {myth.id for myths in (*STAGE_MYTHS.values(), *ROUTE_MYTHS.values()) for myth in myths}
    sources = {
        source
        for items in (*STAGE_ADVICE.values(), *ROUTE_ADVICE.values(), *STAGE_MYTHS.values(), *ROUTE_MYTHS.values())
        for item in items
        for source in item.source_ids
    }
    return advice, myths, sources


@pytest.mark.parametrize("language", list(Language))
def test_every_advice_and_myth_has_its_words_in_both_languages(language: Language) -> None:
    catalog = load_catalog()
    advice, myths, _ = _every_advice_and_myth()
    keys = set(catalog.keys(language))
    assert {f"care.advice.{item}" for item in advice} <= keys
    assert {f"care.myth.{myth}.{part}" for myth in myths for part in ("claim", "truth")} <= keys
    assert {f"care.stage.{stage.value}" for stage in CareStage} <= keys
    assert {f"care.route.{route.value}" for route in CareRoute} <= keys
    assert {f"care.c2s_access.{access.value}" for access in C2SAccess} <= keys


def test_every_advice_and_myth_cites_a_known_source() -> None:
    _, _, sources = _every_advice_and_myth()
    assert sources <= set(registry())
