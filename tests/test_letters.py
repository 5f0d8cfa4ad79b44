"""The cover letter and the call script (issue 4)."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.documents import checklist
from vitale.eligibility import assess
from vitale.letters import SCRIPT_STEPS, call_script, cover_letter
from vitale.offices import lookup
from vitale.outcomes import Outcome
from vitale.printable import text_pdf, unprintable
from vitale.rules import text_figures
from vitale.sender import Sender
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(date.today()))
DAY = date(2026, 11, 22)
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA
SENDER = Sender(
    full_name="Ä'ñ \"O'Brien\"", address="12 rue de la Paix\n\nBâtiment B", postal_code="59000", city="Lille",
    date_of_birth=date(1990, 4, 2), phone="06 12 34 56 78",
)  # fmt: skip


def _letter(language: Language = Language.FR) -> tuple[str, ...]:
    assessment = assess(EMPLOYEE, DAY)
    caisse = lookup("59000").caisses[0]
    return cover_letter(CATALOG, language, SENDER, caisse, assessment.outcome, checklist(EMPLOYEE, assessment), DAY)


def test_the_letter_is_addressed_to_the_caisse_of_the_lookup() -> None:
    letter = "\n".join(_letter())
    assert "\n".join(lookup("59000").caisses[0].envelope()) in letter
    assert "Lille, le 22 novembre 2026" in letter
    assert "Né(e) le 2 avril 1990" in letter


def test_the_enclosures_are_exactly_the_checklist() -> None:
    items = checklist(EMPLOYEE, assess(EMPLOYEE, DAY))
    enclosed = [line[2:] for line in _letter() if line.startswith("- ")]
    assert enclosed == [CATALOG.text(Language.FR, f"document.{item.id.value}.title") for item in items]


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
    pdf = text_pdf("lettre", _letter())
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "O'Brien" in text
    assert "Ä'ñ" in text
    assert "Madame, Monsieur," in text


@pytest.mark.parametrize("outcome", list(Outcome))
def test_the_call_script_has_every_step_in_french_and_english_for_every_outcome(outcome: Outcome) -> None:
    script = call_script(CATALOG, outcome)
    assert len(script) == len(SCRIPT_STEPS)
    assert all(french and english and french != english for french, english in script)
    assert CATALOG.text(Language.FR, f"letter.route.{outcome.value}") in script[2][0]


def test_characters_the_font_cannot_draw_print_as_question_marks_and_are_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        pdf = text_pdf("lettre", ("山田太郎", "Ωmega"))
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "????" in text
    assert "Ωmega" in text
    assert not any("山" in record.getMessage() for record in caplog.records), "nothing typed reaches the log"
    assert unprintable("山田 Ana") == frozenset("山田")
