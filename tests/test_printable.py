"""The printable checklist PDF (issue 4): it opens, and holds the personal list in the user's language."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.documents import checklist
from vitale.eligibility import assess
from vitale.printable import checklist_pdf
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(date.today()))
DAY = date(2026, 11, 22)
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA


def _text(language: Language) -> str:
    pdf = checklist_pdf(checklist(EMPLOYEE, assess(EMPLOYEE, DAY)), CATALOG, language, DAY)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("language", list(Language))
def test_the_pdf_opens_and_lists_every_document_with_its_advice(language: Language) -> None:
    text = _text(language)
    for document in ("form_s1106", "residence_permit", "birth_certificate_translation", "rib"):
        title = CATALOG.text(language, f"document.{document}.title")
        assert " ".join(title.split())[:40] in text
    assert CATALOG.text(language, "checklist.format_copy") in text
    assert "2026" in text


def test_french_typography_survives_in_the_pdf() -> None:
    text = _text(Language.FR)
    assert "Établi le 22 novembre 2026" in text
    assert "d’" in text or "d'" in text
    assert "Acte de naissance" in text
