"""Instructions that fit the person's route (issue 13): each test failed on the code before it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.test_eligibility import SCENARIOS, TODAY, by_id
from vitale.answers import Answers
from vitale.case import DocumentId as D
from vitale.documents import OFFICIAL_FORM_PAGES, Format, checklist
from vitale.eligibility import assess
from vitale.guidance import MAX_TRAPS
from vitale.printable import checklist_pdf
from vitale.rules import text_figures
from vitale.sources import registry
from vitale.text import Language, load_catalog

TEXTS = load_catalog().with_figures(text_figures(TODAY))
AME = "R11_household_of_three_at_its_ceiling_gets_ame"


def _items(answers: Answers) -> list:  # type: ignore[type-arg]
    return checklist(answers, assess(answers, TODAY))


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_ame_applicant_hands_everything_in_person_including_the_form() -> None:
    items = _items(by_id(AME))
    assert {item.format for item in items} == {Format.IN_PERSON}
    english = _pdf_text(checklist_pdf(items, TEXTS, Language.EN, TODAY))
    assert TEXTS.text(Language.EN, "checklist.pdf_footer_in_person")[:40] in english
    assert "proof of posting" not in english.lower()
    assert "Send the form itself" not in english


def test_only_an_employee_is_told_that_an_employer_may_start_the_application() -> None:
    employee = {item.id: item for item in _items(EMPLOYEE_BORN_IN_INDIA)}
    assert "document.form_s1106.employer" in employee[D.FORM_S1106].note_keys
    for scenario_id in ("R8b_retiree_with_a_french_pension_is_covered_by_france_at_once",
                        "R16_french_job_seeker_back_for_six_months_is_covered_on_residence"):  # fmt: skip
        items = {item.id: item for item in _items(by_id(scenario_id))}
        assert "document.form_s1106.employer" not in items[D.FORM_S1106].note_keys
    for language in Language:
        assert "employ" not in TEXTS.text(language, "document.form_s1106.why").lower()


def test_an_eu_student_without_a_european_card_is_not_asked_for_a_residence_permit() -> None:
    result = assess(by_id("R10_eu_student_without_an_ehic_registers_online"), TODAY)
    assert "next.student_site_eu" in result.next_steps
    assert "permit" not in TEXTS.text(Language.EN, "next.student_site_eu")
    assert "séjour" not in TEXTS.text(Language.FR, "next.student_site_eu")


def test_the_home_page_and_an_employee_s_checklist_agree_on_the_proof_of_address() -> None:
    assert D.PROOF_OF_ADDRESS not in [item.id for item in _items(EMPLOYEE_BORN_IN_INDIA)]
    assert "workers usually do not need one" in TEXTS.text(Language.EN, "home.need.proof_of_address")


def test_an_english_birth_certificate_from_outside_europe_brings_no_translation_warning() -> None:
    american = EMPLOYEE_BORN_IN_INDIA.model_copy(
        update={"birth_certificate_country": "US", "birth_certificate_language": "en"}
    )
    assert "trap.untranslated_birth_certificate" not in assess(american, TODAY).traps
    assert "trap.untranslated_birth_certificate" in assess(EMPLOYEE_BORN_IN_INDIA, TODAY).traps
    spanish = by_id("R7_employee_with_permit_is_covered_from_the_first_hour")  # certificate from Spain
    assert "trap.apostille" not in assess(spanish, TODAY).traps


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_no_outcome_shows_more_than_a_handful_of_common_mistakes(scenario: object) -> None:
    assert len(assess(scenario.answers, TODAY).traps) <= MAX_TRAPS  # type: ignore[attr-defined]


def test_the_printable_checklist_shows_the_documents_already_ticked() -> None:
    items = _items(EMPLOYEE_BORN_IN_INDIA)
    text = _pdf_text(checklist_pdf(items, TEXTS, Language.EN, TODAY, frozenset({"rib"})))
    assert text.count("☑") == 1
    assert text.count("☐") == len(items) - 1


def test_every_form_links_to_its_official_page_never_to_a_copy_of_ours() -> None:
    sources = registry()
    for document, source_id in OFFICIAL_FORM_PAGES.items():
        url = str(sources[source_id].url)
        assert url.startswith(("https://www.service-public.fr/", "https://www.cleiss.fr/")), (document, url)
