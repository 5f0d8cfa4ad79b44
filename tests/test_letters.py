"""The cover letter and the call script (issue 4)."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.test_eligibility import SCENARIOS
from vitale.answers import Activity, Answers, ResidenceStatus
from vitale.documents import checklist
from vitale.eligibility import assess
from vitale.letters import Letter, call_script, cover_letter, script_steps
from vitale.offices import lookup
from vitale.outcomes import Outcome
from vitale.printable import letter_pdf, unprintable
from vitale.rules import text_figures
from vitale.sender import Civility, Sender
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(date.today()))
DAY = date(2026, 11, 22)
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA
SENDER = Sender(
    full_name="Ä'ñ \"O'Brien\"", address="12 rue de la Paix\n\nBâtiment B", postal_code="59000", city="Lille",
    date_of_birth=date(1990, 4, 2), phone="06 12 34 56 78",
)  # fmt: skip


def _cover(answers: Answers = EMPLOYEE, language: Language = Language.FR, sender: Sender = SENDER) -> Letter:
    assessment = assess(answers, DAY)
    caisse = lookup("59000").caisses[0]
    exemption = assessment.exemption.value if assessment.exemption else None
    items = checklist(answers, assessment)
    return cover_letter(CATALOG, language, sender, caisse, assessment.outcome, items, DAY, answers, exemption)


def _letter(language: Language = Language.FR) -> tuple[str, ...]:
    return _cover(language=language).lines()


def test_the_letter_is_addressed_to_the_caisse_of_the_lookup() -> None:
    letter = "\n".join(_letter())
    assert "\n".join(lookup("59000").caisses[0].envelope()) in letter
    assert "Lille, le 22 novembre 2026" in letter
    assert "Né(e) le 2 avril 1990" in letter  # no civility given


def test_each_document_of_the_checklist_is_enclosed_once() -> None:
    letter = _cover()
    assert len(letter.originals) + len(letter.copies) == len(checklist(EMPLOYEE, assess(EMPLOYEE, DAY)))


def test_the_english_version_says_the_same_in_english() -> None:
    french, english = _letter(Language.FR), _letter(Language.EN)
    assert len(french) == len(english)
    assert "through my work in France" in "\n".join(english)


def test_what_the_user_typed_prints_as_typed_and_blank_lines_are_dropped() -> None:
    letter = _letter()
    assert letter[:3] == ("Ä'ñ \"O'Brien\"", "12 rue de la Paix", "Bâtiment B")
    assert letter[-1] == "Ä'ñ \"O'Brien\""


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", ""), ("postal_code", "7501"), ("date_of_birth", date(1850, 1, 1)), ("full_name", "x" * 121)],
)
def test_details_that_cannot_make_a_letter_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Sender.model_validate(SENDER.model_dump() | {field: value})


def test_control_characters_are_removed_from_typed_details() -> None:
    sender = Sender.model_validate(SENDER.model_dump() | {"full_name": "Ana\u0000\u202e Souza\n"})
    assert sender.full_name == "Ana Souza"


def test_the_letter_pdf_opens_and_contains_the_name() -> None:
    pdf = letter_pdf("lettre", _cover())
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "O'Brien" in text
    assert "Ä'ñ" in text
    assert "Madame, Monsieur," in text


@pytest.mark.parametrize("outcome", list(Outcome))
def test_the_call_script_has_every_step_in_french_and_english_for_every_outcome(outcome: Outcome) -> None:
    script = call_script(CATALOG, outcome)
    assert len(script) == len(script_steps(outcome))
    assert all(french and english and french != english for french, english in script)
    assert CATALOG.text(Language.FR, f"letter.route.{outcome.value}") in script[2][0]


def test_characters_the_font_cannot_draw_print_as_question_marks_and_are_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        pdf = letter_pdf("lettre", letter_of("lettre", ("山田太郎", "Ωmega")))
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "????" in text
    assert "Ωmega" in text
    assert not any("山" in record.getMessage() for record in caplog.records), "nothing typed reaches the log"
    assert unprintable("山田 Ana") == frozenset("山田")


# -- issue 13: the letter a person posts reads like their own letter ------------------------------------

POSTED = [pytest.param(sc.answers, id=sc.id) for sc in SCENARIOS if sc.outcome.posted_with_letter]


@pytest.mark.parametrize("answers", POSTED)
def test_every_route_s_letter_names_the_enclosures_in_the_first_person_in_two_groups(answers: Answers) -> None:
    letter = _cover(answers)
    text = "\n".join(letter.lines())
    for item in (*letter.originals, *letter.copies):
        assert not item.startswith(("Votre", "votre", "Vos", "La preuve")), item  # the sender's voice, not ours
        assert "(indépendant" not in item, item  # no template notes
        assert "ou récépissé" not in item, item
        assert "{" not in item
    assert all("formulaire" in item for item in letter.originals), "forms are enclosed in original"
    assert not [item for item in letter.copies if item.startswith("le formulaire S1106")]
    if letter.originals:
        assert CATALOG.text(Language.FR, "letter.originals") in text
    if letter.copies:
        assert CATALOG.text(Language.FR, "letter.copies") in text


def test_a_permit_holder_encloses_a_residence_permit_and_a_receipt_holder_a_receipt() -> None:
    permit = _cover()
    assert "mon titre de séjour (ou mon visa de long séjour validé)" in permit.copies
    receipt = _cover(EMPLOYEE.model_copy(update={"residence_status": ResidenceStatus.RECEIPT}))
    assert "mon récépissé de demande de titre de séjour" in receipt.copies
    assert not [item for item in receipt.copies if "titre de séjour (ou" in item]


def test_an_employee_encloses_a_contract_or_payslip_and_a_self_employed_person_proof_of_activity() -> None:
    assert "mon contrat de travail ou mon dernier bulletin de salaire" in _cover().copies
    self_employed = _cover(EMPLOYEE.model_copy(update={"activity": Activity.SELF_EMPLOYED}))
    assert "un justificatif de mon activité indépendante" in self_employed.copies


def test_a_civility_comes_before_the_name_and_agrees_with_the_date_of_birth() -> None:
    madame = _cover(sender=SENDER.model_copy(update={"civility": Civility.MRS}))
    assert madame.sender[0] == "Mme Ä'ñ \"O'Brien\""
    assert "Née le 2 avril 1990" in madame.sender
    assert madame.signature == "Mme Ä'ñ \"O'Brien\""
    monsieur = _cover(sender=SENDER.model_copy(update={"civility": Civility.MR}))
    assert "Né le 2 avril 1990" in monsieur.sender


def test_an_existing_social_security_number_is_given_under_the_date_of_birth() -> None:
    sender = Sender.model_validate(SENDER.model_dump() | {"social_security_number": "1 90 04 99 123 456 78"})
    letter = _cover(sender=sender)
    assert "N° de sécurité sociale : 190049912345678" in letter.sender
    with pytest.raises(ValidationError):
        Sender.model_validate(SENDER.model_dump() | {"social_security_number": "12345"})


def test_in_the_pdf_the_caisse_s_address_is_on_the_right_half_of_the_page() -> None:
    letter = _cover()
    positions: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if text.strip():
            positions.append((text.strip(), tm[4]))

    page = PdfReader(io.BytesIO(letter_pdf("lettre", letter))).pages[0]
    page.extract_text(visitor_text=visit)
    half = float(page.mediabox.width) / 2
    recipient = [x for text, x in positions if any(line.startswith(text) for line in letter.recipient)]
    assert recipient
    assert all(x >= half for x in recipient), (recipient, half)
    sender_block = [x for text, x in positions[: len(letter.sender)]]  # the writer's block comes first
    assert all(x < half for x in sender_block)


def test_the_in_person_and_nothing_to_send_routes_get_a_call_without_where_to_post() -> None:
    ame = script_steps(Outcome.AME)
    assert "ask_appointment" in ame
    assert "ask_where" not in ame
    assert "ask_where" not in script_steps(Outcome.EHIC_COVERED)
    assert "ask_where" in script_steps(Outcome.PUMA_WORK)


def letter_of(title: str, lines: tuple[str, ...]) -> Letter:
    """A letter whose every part is ``lines`` (or one of them), to print any text through the letter's layout."""
    text = "\n".join(lines)
    return Letter(
        sender=lines, recipient=lines, place_date=text, subject=title, opening=text, body=text,
        originals_heading=text, originals=lines, copies_heading=text, copies=lines, closing=text, signature=text,
    )  # fmt: skip
