"""The personalised documents checklist (issue 4; domain.md §3)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_eligibility import SCENARIOS, TODAY, Scenario, by_id
from vitale.answers import EEA_LIKE, Answers, Situation
from vitale.case import DocumentId as D
from vitale.countries import TranslationNeed
from vitale.documents import ChecklistItem, Format, checklist
from vitale.eligibility import assess
from vitale.outcomes import Outcome
from vitale.rules import text_figures
from vitale.sources import registry
from vitale.text import Language, load_catalog

CATALOG = load_catalog()
NO_FILE = {
    Outcome.LOCAL_REGIME, Outcome.MONACO_REGIME, Outcome.NOT_ELIGIBLE, Outcome.OPTION_SWITZERLAND,
    Outcome.EHIC_COVERED, Outcome.URGENT_CARE_ONLY, Outcome.REFER_CPAM, Outcome.COVERED_DURING_STAYS,
}  # fmt: skip


def _items(answers: Answers) -> list[ChecklistItem]:
    return checklist(answers, assess(answers, TODAY))


def _ids(answers: Answers) -> list[D]:
    return [item.id for item in _items(answers)]


def _employee(**fields: object) -> Answers:
    base: dict[str, object] = {
        "territory": "metropole", "main_home": "yes", "activity": "employee", "nationality": "other",
        "residence_status": "permit", "situations": frozenset(),
    }  # fmt: skip
    return Answers.model_validate(base | fields)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_profile_gets_a_coherent_list(scenario: Scenario) -> None:
    answers = scenario.answers
    items = _items(answers)
    ids = [item.id for item in items]
    assert len(ids) == len(set(ids)), "no document twice"
    outcome = assess(answers, TODAY).outcome
    if outcome in NO_FILE:
        assert ids == []
    else:
        assert D.ID_DOCUMENT in ids
    if answers.nationality in EEA_LIKE:
        assert D.RESIDENCE_PERMIT not in ids, "EU/EEA/Swiss citizens never need a residence permit"
    if answers.has(Situation.BORN_IN_FRANCE):
        assert D.BIRTH_CERTIFICATE not in ids, "born in France: the number already exists"
    for item in items:
        assert set(item.source_ids) <= set(registry())
        for language in Language:
            assert CATALOG.text(language, f"document.{item.id.value}.title")
            assert CATALOG.text(language, f"checklist.format_{item.format.value}")


def test_an_employee_sends_the_form_a_contract_or_payslip_and_copies() -> None:
    items = {item.id: item for item in _items(_employee())}
    assert set(items) >= {D.FORM_S1106, D.ID_DOCUMENT, D.RESIDENCE_PERMIT, D.WORK_PROOF, D.BIRTH_CERTIFICATE, D.RIB}
    assert items[D.FORM_S1106].format is Format.FORM
    assert items[D.ID_DOCUMENT].format is Format.COPY, "photocopies; originals are kept"


def test_a_spanish_birth_certificate_needs_no_translation() -> None:
    spanish = _employee(
        nationality="eu_eea_swiss",
        residence_status=None,
        birth_certificate_country="ES",
        birth_certificate_language="es",
    )
    items = {i.id: i for i in _items(spanish)}
    assert items[D.BIRTH_CERTIFICATE].translation is TranslationNeed.NONE_EEA
    assert not items[D.BIRTH_CERTIFICATE].apostille_warning
    assert D.BIRTH_CERTIFICATE_TRANSLATION not in items
    assert D.RESIDENCE_PERMIT not in items


def test_an_indian_birth_certificate_in_hindi_needs_a_sworn_translation() -> None:
    items = {i.id: i for i in _items(_employee(birth_certificate_country="IN", birth_certificate_language="hi"))}
    assert items[D.BIRTH_CERTIFICATE].translation is TranslationNeed.SWORN_TRANSLATION
    assert items[D.BIRTH_CERTIFICATE].apostille_warning, "non-EEA documents: warn about apostille, never block"
    assert items[D.BIRTH_CERTIFICATE_TRANSLATION].translation is TranslationNeed.SWORN_TRANSLATION


def test_a_canadian_birth_certificate_in_english_gets_only_the_soft_hint() -> None:
    items = {i.id: i for i in _items(_employee(birth_certificate_country="CA", birth_certificate_language="en"))}
    assert items[D.BIRTH_CERTIFICATE].translation is TranslationNeed.USUALLY_ACCEPTED
    assert D.BIRTH_CERTIFICATE_TRANSLATION not in items, "a hint to confirm, not a required translation"


def test_a_senegalese_birth_certificate_in_french_needs_no_translation() -> None:
    items = {i.id: i for i in _items(_employee(birth_certificate_country="SN", birth_certificate_language="fr"))}
    assert items[D.BIRTH_CERTIFICATE].translation is TranslationNeed.NONE_FRENCH
    assert D.BIRTH_CERTIFICATE_TRANSLATION not in items


def test_without_the_country_the_rule_is_explained_rather_than_guessed() -> None:
    item = next(i for i in _items(_employee()) if i.id is D.BIRTH_CERTIFICATE)
    assert item.translation is None
    assert not item.translation_known


def test_someone_born_in_france_needs_no_birth_certificate() -> None:
    assert D.BIRTH_CERTIFICATE not in _ids(_employee(situations=frozenset({Situation.BORN_IN_FRANCE})))


def test_a_recent_resident_proves_three_months_and_an_exempt_one_proves_the_exemption() -> None:
    waiting = Answers(territory="metropole", main_home="yes", activity="none", nationality="french",
                      arrival_date=date(2026, 10, 1), situations=frozenset())  # fmt: skip
    assert D.PROOF_OF_RESIDENCE_3_MONTHS in _ids(waiting)
    joining = waiting.model_copy(update={"situations": frozenset({Situation.JOINING_INSURED_FAMILY})})
    ids = _ids(joining)
    assert D.PROOF_OF_RESIDENCE_3_MONTHS not in ids
    assert {D.EXEMPTION_PROOF, D.FAMILY_LINK_PROOF} <= set(ids)


def test_ame_is_applied_for_in_person_with_the_ame_form_and_income_proof() -> None:
    answers = Answers(territory="metropole", main_home="yes", activity="none", nationality="other",
                      residence_status="none", arrival_date=date(2026, 1, 1), situations=frozenset(),
                      annual_income_eur=3000)  # fmt: skip
    items = {i.id: i for i in _items(answers)}
    assert {D.AME_FORM, D.INCOME_PROOF, D.PROOF_OF_RESIDENCE_3_MONTHS} <= set(items)
    assert D.FORM_S1106 not in items
    assert items[D.ID_DOCUMENT].format is Format.IN_PERSON


def test_a_student_sends_the_school_certificate_and_an_s1_holder_the_s1() -> None:
    assert D.SCHOOL_CERTIFICATE in _ids(_employee(activity="student"))
    assert D.S1_FORM in _ids(_employee(nationality="eu_eea_swiss", residence_status=None, activity="retired",
                                       situations=frozenset({Situation.S1})))  # fmt: skip


def test_the_list_is_grouped_in_gathering_order() -> None:
    groups = [item.group for item in _items(_employee(birth_certificate_country="IN", birth_certificate_language="hi"))]
    assert groups == sorted(groups, key=lambda g: list(type(g)).index(g))


# -- issue 10: AME since décret 2026-67, exemptions, the S1 for an EU pension -------------------------

FIGURED = load_catalog().with_figures(text_figures(TODAY))


def test_an_ame_applicant_is_told_what_the_2026_decree_asks_for_each_document() -> None:
    """Photo ID for adults, bills under 12 months (internet, landline), the avis de situation déclarative,
    the host's sworn statement (décret n° 2026-67, ⚠ read on a copy of the JO)."""
    items = {item.id: item for item in _items(by_id("R11_household_of_three_at_its_ceiling_gets_ame"))}
    assert items[D.ID_DOCUMENT].note_keys == ("document.id_document.ame",)
    assert items[D.INCOME_PROOF].note_keys == ("document.income_proof.ame",)
    assert items[D.PROOF_OF_ADDRESS].note_keys == ("document.proof_of_address.ame",)
    assert items[D.PROOF_OF_RESIDENCE_3_MONTHS].note_keys == ("document.proof_of_residence_3_months.ame",)
    assert all("decret_2026_67" in item.source_ids for item in items.values() if item.note_keys)
    english = " ".join(FIGURED.text(Language.EN, key) for item in items.values() for key in item.note_keys)
    for words in ("photo", "internet or a landline", "avis de situation déclarative", "sworn statement", "household"):
        assert words in english


def test_a_worker_s_documents_carry_no_ame_advice() -> None:
    assert not [key for item in _items(_employee()) for key in item.note_keys if key.endswith(".ame")]


@pytest.mark.parametrize(
    ("scenario_id", "note"),
    [
        ("R15_refugee_is_covered_at_once", "refugee"),
        ("R15_non_eu_resident_receiving_housing_aid_is_covered_at_once", "benefits"),
        ("R15_spouse_joining_an_insured_person_is_covered_at_once", "family_of_insured"),
        ("R15_french_job_seeker_back_from_a_volontariat_is_covered_at_once", "volontariat"),
        ("R15_french_student_born_in_france_is_covered_at_once", "student"),
    ],
)
def test_an_exempt_person_is_asked_for_the_proof_of_their_own_exemption(scenario_id: str, note: str) -> None:
    items = {item.id: item for item in _items(by_id(scenario_id))}
    assert D.PROOF_OF_RESIDENCE_3_MONTHS not in items
    assert items[D.EXEMPTION_PROOF].note_keys == (f"document.exemption_proof.{note}",)
    assert (D.FAMILY_LINK_PROOF in items) == (note == "family_of_insured")


def test_a_child_is_no_longer_excused_from_proving_three_months_by_age_alone() -> None:
    ids = _ids(by_id("R17_child_with_a_receipt_waits_like_anyone_unless_attached_to_an_insured_parent"))
    assert D.PROOF_OF_RESIDENCE_3_MONTHS in ids
    assert D.EXEMPTION_PROOF not in ids


def test_a_retiree_with_an_eu_pension_asks_the_pension_fund_for_the_s1() -> None:
    items = {
        item.id: item
        for item in _items(by_id("R8b_eu_retiree_with_a_pension_only_from_another_eu_state_asks_for_an_s1"))
    }
    assert items[D.S1_FORM].note_keys == ("document.s1_form.pension", "document.s1_form.which_copy")
    assert "cleiss_retraite_ue" in items[D.S1_FORM].source_ids
    assert D.FORM_S1106 in items


def test_a_frontier_worker_registers_the_s1_of_the_country_of_work_without_a_rule_id() -> None:
    answers = Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "frontier_worker", "work_country": "other_eea"}
    )
    assert _ids(answers) == [D.S1_FORM, D.ID_DOCUMENT, D.BIRTH_CERTIFICATE, D.PROOF_OF_ADDRESS]


def test_a_retiree_with_a_french_pension_sends_the_pension_proof_not_three_months_of_residence() -> None:
    ids = _ids(by_id("R8b_retiree_with_a_french_pension_is_covered_by_france_at_once"))
    assert D.PENSION_PROOF in ids
    assert D.PROOF_OF_RESIDENCE_3_MONTHS not in ids


@pytest.mark.parametrize(
    "scenario_id",
    ["R12_adult_asylum_seeker_arrived_last_month_waits_three_months", "R12_child_asylum_seeker_is_covered_at_once"],
)
def test_an_asylum_seeker_sends_the_asylum_certificate_not_a_residence_permit(scenario_id: str) -> None:
    ids = _ids(by_id(scenario_id))
    assert D.ASYLUM_CERTIFICATE in ids
    assert D.RESIDENCE_PERMIT not in ids


def test_the_s1_is_never_said_to_be_a_photocopy_to_send_while_keeping_the_original() -> None:
    """Issue 13: no official text says whether the caisse keeps the original S1 (Sénat answer, 20/07/2023):
    the list says to ask, in both languages, and the letter puts it in its own group."""
    answers = by_id("R8_eu_retiree_with_an_s1_registers_it")
    (s1,) = [item for item in _items(answers) if item.id is D.S1_FORM]
    assert s1.format is Format.AS_ISSUED
    assert "document.s1_form.which_copy" in s1.note_keys
    assert "keep the original" not in CATALOG.text(Language.EN, f"checklist.format_{s1.format.value}")
