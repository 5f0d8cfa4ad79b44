"""The documents and dossier pages with a household (issue 15): a section per person with its own ticks, a
letter per file to post, the household's questions in the call script — in English and in French."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.ui.conftest import UI_TODAY
from tests.ui.session import case_of, put_case, set_date
from tests.ui.test_dossier_page import AME_PERSON
from ui import state
from ui.documents_view import card_key as documents_card_key
from ui.pages import DOCUMENTS_PAGE, DOSSIER_PAGE, HOME_PAGE
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
EMPLOYEE = {
    "territory": "metropole", "main_home": "yes", "activity": "employee", "nationality": "other",
    "residence_status": "permit", "situations": [], "arrival_date": "2026-10-01",
    "birth_certificate_country": "IN", "birth_certificate_language": "hi",
}  # fmt: skip
HOSTILE = "<b>Léa</b> **x** :red[y]"
MEMBERS = [
    {"id": "m1", "relation": "partner", "label": HOSTILE, "birth_date": "1990-01-01", "partner_link": "married"},
    {"id": "m2", "relation": "child", "label": "سارة", "birth_date": "2018-01-01"},
]
TICK = state.DOCUMENTS_WIDGET_PREFIX


def _open(page: str, language: Language) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    put_case(at, answers=EMPLOYEE, members=MEMBERS, postal_code="75011")
    at.run()
    return at.switch_page(page).run()


def _unescaped(text: str) -> str:
    return text.replace("\\", "")


def _open_cards(at: AppTest, *member_ids: str) -> AppTest:
    """Open members' cards on the documents page, as taps on them do."""
    for member_id in member_ids:
        at.session_state[documents_card_key(member_id)] = True
    return at.run()


@pytest.mark.parametrize("language", list(Language))
def test_the_documents_page_has_your_list_then_a_card_per_person_the_labels_as_typed(language: Language) -> None:
    at = _open(DOCUMENTS_PAGE, language)
    assert not at.exception
    assert [_unescaped(header.value) for header in at.header] == [
        CATALOG.text(language, "documents.household.applicant")
    ]
    cards = [_unescaped(str(card.label)) for card in at.expander]
    assert [card.split(" — ")[0] for card in cards] == [
        f"**{CATALOG.text(language, 'documents.household.partner', name=HOSTILE)}**",
        f"**{CATALOG.text(language, 'documents.household.child', name='سارة')}**",
    ]
    assert cards[1].endswith(CATALOG.text(language, "documents.ticked_count", done=0, total=3)), "how many are ready"
    keys = [box.key for box in at.checkbox]
    assert f"{TICK}form_s1106" in keys
    assert not [key for key in keys if "__" in str(key)], "a closed card draws none of its boxes"

    keys = [box.key for box in _open_cards(at, "m1", "m2").checkbox]
    assert f"{TICK}m1__family_link_proof" in keys
    assert f"{TICK}m2__attachment_form" in keys
    title = CATALOG.text(language, "document.attachment_form.title")
    assert f"**{title}**" in [box.label for box in at.checkbox]
    [download] = at.get("download_button")
    assert download.proto.label == CATALOG.text(language, "documents.download_pdf")


def test_each_person_s_ticks_are_their_own_and_stay_across_pages() -> None:
    at = _open_cards(_open(DOCUMENTS_PAGE, Language.EN), "m1", "m2")
    at.checkbox(key=f"{TICK}m1__rib").check().run()
    at.checkbox(key=f"{TICK}m2__attachment_form").check().run()
    child = next(str(card.label) for card in at.expander if "سارة" in str(card.label))
    assert child.endswith(CATALOG.text(Language.EN, "documents.ticked_count", done=1, total=3)), "the card counts it"
    at.switch_page(HOME_PAGE).run()
    at.switch_page(DOCUMENTS_PAGE).run()
    assert not at.exception
    _open_cards(at, "m1")
    assert at.checkbox(key=f"{TICK}m1__rib").value is True
    assert at.checkbox(key=f"{TICK}rib").value is False
    case = case_of(at)
    assert case.ticked == set()
    assert case.member_ticked == {"m1": {"rib"}, "m2": {"attachment_form"}}


def _type_details(at: AppTest, language: Language) -> AppTest:
    at.text_input(key="dossier_field_full_name").input("Ana Souza")
    at.text_area(key="dossier_field_address").input("12 rue de la Paix")
    at.text_input(key="dossier_field_postal_code").input("75011")
    at.text_input(key="dossier_field_city").input("Paris")
    set_date(at, "dossier_field_date_of_birth", date(1985, 4, 2))
    label = CATALOG.text(language, "dossier.make_letter")
    next(b for b in at.button if b.label == label).click()
    return at.run()


@pytest.mark.parametrize("language", list(Language))
def test_the_dossier_page_gives_a_letter_per_file_each_to_download(language: Language) -> None:
    at = _type_details(_open(DOSSIER_PAGE, language), language)
    assert not at.exception
    headings = [_unescaped(heading.value) for heading in at.subheader]
    assert headings == [
        CATALOG.text(language, "dossier.household.applicant"),
        CATALOG.text(language, "dossier.household.partner", name=HOSTILE),
        CATALOG.text(language, "dossier.household.children"),
    ]
    french = [code.value for code in at.code][::2]
    assert french[1].startswith(HOSTILE + "\n12 rue de la Paix"), "the partner writes, under their label"
    assert "- une copie de notre acte de mariage" in french[1]
    assert "- le formulaire S3705 (cerfa n° 14445*02) complété et signé" in french[2]
    assert "- سارة, né(e) le 1er janvier 2018" in french[2]
    pdfs = [d for d in at.get("download_button") if d.proto.label == CATALOG.text(language, "dossier.download_pdf")]
    assert len(pdfs) == 3


def test_a_partner_s_full_name_typed_on_the_dossier_page_signs_their_letter() -> None:
    at = _type_details(_open(DOSSIER_PAGE, Language.FR), Language.FR)
    at.text_input(key="dossier_field_partner_name__m1").input("Léa Marie Dupont").run()
    assert not at.exception
    assert case_of(at).members[0].full_name == "Léa Marie Dupont"
    assert at.code[2].value.startswith("Léa Marie Dupont\n")


@pytest.mark.parametrize("language", list(Language))
def test_the_call_script_asks_about_the_children_and_the_partner(language: Language) -> None:
    at = _open(DOSSIER_PAGE, language)
    assert not at.exception
    said = "\n".join(markdown.value for markdown in at.markdown)
    for relation in ("child", "partner"):
        assert CATALOG.text(Language.FR, f"script.household.{relation}") in said
        assert CATALOG.text(Language.EN, f"script.household.{relation}") in said


UNDOCUMENTED = {**AME_PERSON, "household_size": 2}
ASYLUM_SEEKER = {
    **UNDOCUMENTED, "residence_status": "asylum_seeker", "arrival_date": "2026-11-01",
    "birth_certificate_country": "AF", "birth_certificate_language": "ps",
}  # fmt: skip


def _dossier_with_a_child(answers: dict[str, object], language: Language) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[state.LANGUAGE] = language.value
    child = {"id": "m1", "relation": "child", "label": HOSTILE, "birth_date": "2019-05-05"}
    put_case(at, answers=answers, members=[child], postal_code="75011")
    at.run()
    at = _type_details(at.switch_page(DOSSIER_PAGE).run(), language)
    assert not at.exception
    return at


@pytest.mark.parametrize("language", list(Language))
def test_a_child_on_ame_is_named_with_what_to_do_instead_of_a_letter(language: Language) -> None:
    at = _dossier_with_a_child(UNDOCUMENTED, language)
    (said,) = [i.value for i in at.info if HOSTILE in _unescaped(i.value)]
    intro = CATALOG.text(language, "dossier.household.child_other_route", name=HOSTILE)
    assert _unescaped(said).startswith(intro), "named as typed, never as markup"
    assert CATALOG.text(language, "next.child_ame") in said
    assert CATALOG.text(language, "next.find_caisse") not in said, "the caisse is already found on this page"


@pytest.mark.parametrize("language", list(Language))
def test_an_asylum_seeker_s_child_gets_their_own_letter_with_form_s1106(language: Language) -> None:
    at = _dossier_with_a_child(ASYLUM_SEEKER, language)
    headings = [_unescaped(heading.value) for heading in at.subheader]
    assert headings == [
        CATALOG.text(language, "dossier.household.applicant"),
        CATALOG.text(language, "dossier.household.children_asylum"),
    ]
    french = [code.value for code in at.code][::2]
    assert f"- le formulaire S1106 (cerfa n° 15763*02) complété et signé pour {HOSTILE}" in french[1]
    assert not [i for i in at.info if HOSTILE in _unescaped(i.value)], "in a letter: nothing said instead"


def test_an_asylum_seeker_s_call_asks_where_to_send_the_children_s_s1106_not_about_an_attachment() -> None:
    at = _dossier_with_a_child(ASYLUM_SEEKER, Language.EN)
    said = "\n".join(markdown.value for markdown in at.markdown)
    assert CATALOG.text(Language.FR, "script.household.child_asylum") in said
    assert CATALOG.text(Language.EN, "script.household.child_asylum") in said
    assert CATALOG.text(Language.FR, "script.household.child") not in said
