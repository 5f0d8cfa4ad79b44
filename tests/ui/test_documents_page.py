"""The documents page through app.py (issue 4): the personal list, ticks kept across pages, the PDF."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.ui.conftest import UI_TODAY
from tests.ui.session import case_of, put_case
from ui import state
from ui.pages import DOCUMENTS_PAGE, HOME_PAGE
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
EMPLOYEE_BORN_IN_INDIA = {
    "territory": "metropole", "main_home": "yes", "activity": "employee", "nationality": "other",
    "residence_status": "permit", "situations": [], "birth_certificate_country": "IN",
    "birth_certificate_language": "hi",
}  # fmt: skip


def _documents(answers: dict[str, object], language: Language = Language.EN) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    put_case(at, answers=answers)
    at.run()
    return at.switch_page(DOCUMENTS_PAGE).run()


@pytest.mark.parametrize("language", list(Language))
def test_the_list_follows_the_answers_and_needs_a_translation_for_a_hindi_certificate(language: Language) -> None:
    at = _documents(EMPLOYEE_BORN_IN_INDIA, language)
    assert not at.exception
    labels = [box.label for box in at.checkbox]
    for document in ("form_s1106", "residence_permit", "work_proof", "birth_certificate_translation", "rib"):
        assert f"**{CATALOG.text(language, f'document.{document}.title')}**" in labels
    assert any(CATALOG.text(language, "checklist.translation_sworn_translation") in m.value for m in at.markdown)


def test_ticks_stay_ticked_across_pages() -> None:
    at = _documents(EMPLOYEE_BORN_IN_INDIA)
    at.checkbox(key=state.DOCUMENTS_WIDGET_PREFIX + "rib").check().run()
    at.switch_page(HOME_PAGE).run()
    at.switch_page(DOCUMENTS_PAGE).run()
    assert not at.exception
    assert at.checkbox(key=state.DOCUMENTS_WIDGET_PREFIX + "rib").value is True
    assert at.checkbox(key=state.DOCUMENTS_WIDGET_PREFIX + "form_s1106").value is False
    assert case_of(at).ticked == {"rib"}


def test_an_unfinished_questionnaire_sends_the_user_to_it_first() -> None:
    at = _documents({"territory": "metropole"})
    assert not at.exception
    assert [i.value for i in at.info] == [CATALOG.text(Language.EN, "documents.needs_questionnaire")]
    assert not at.checkbox


def test_a_route_without_a_file_says_so() -> None:
    at = _documents({"territory": "nouvelle_caledonie"}, Language.FR)
    assert [i.value for i in at.info] == [CATALOG.text(Language.FR, "documents.no_documents")]


def test_the_printable_pdf_is_offered_in_the_users_language() -> None:
    at = _documents(EMPLOYEE_BORN_IN_INDIA, Language.FR)
    [download] = at.get("download_button")
    assert download.proto.label == CATALOG.text(Language.FR, "documents.download_pdf")
