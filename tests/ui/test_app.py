"""The app through its entry point, with Streamlit's AppTest (issue 2, part 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.test_offices import ADDRESSES_2026
from tests.ui.conftest import UI_TODAY
from tests.ui.session import case_of, put_case
from ui import state
from ui.pages import HOME_PAGE, OFFICE_PAGE, PAGES
from vitale.referencedata import CAISSES_FILE, DATA_DIR_ENV
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
TIMEOUT = 60


def _app(language: Language = Language.EN) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[state.LANGUAGE] = language.value
    return at


def _texts(at: AppTest) -> str:
    """Everything written on the page, as one string, to search in."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "code"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    return "\n".join(parts)


def _look_up(at: AppTest, postal_code: str) -> AppTest:
    at.text_input(key=state.OFFICE_POSTCODE_WIDGET).input(postal_code)
    search = CATALOG.text(Language(at.session_state[state.LANGUAGE]), "office.search")
    next(button for button in at.button if button.label == search).click()
    return at.run()


def _office(language: Language = Language.EN) -> AppTest:
    at = _app(language).run()
    return at.switch_page(OFFICE_PAGE).run()


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("page", [spec.path for spec in PAGES])
def test_every_page_renders_in_both_languages_without_an_exception(page: str, language: Language) -> None:
    at = _app(language).run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title, "each page has a title"
    assert CATALOG.text(language, "app.disclaimer") in _texts(at)


def test_the_home_page_shows_the_journey_with_sources_in_french() -> None:
    at = _app(Language.FR).run()
    texts = _texts(at)
    assert "Obtenir votre assurance maladie et votre carte Vitale" in texts
    for step in ("application", "temporary_number", "permanent_number", "ameli_account", "card"):
        assert CATALOG.text(Language.FR, f"home.step.{step}.title") in texts
    assert "service-public.fr" in texts


def test_a_postal_code_with_one_caisse_shows_its_card_address_phone_and_sources() -> None:
    at = _look_up(_office(), " 75 011 ")
    assert not at.exception
    assert "Caisse primaire d'assurance maladie de Paris" in [s.value for s in at.subheader]
    envelope = at.code[0].value
    assert envelope.splitlines()[-1] == "75948 Paris Cedex 19"
    assert any("36 46" in m.value for m in at.markdown)
    assert any("09 74 75 36 46" in m.value for m in at.markdown)
    assert not at.warning, "a current address from the official directory is not flagged"
    assert any("official directory of the administration" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 1


@pytest.mark.parametrize(
    ("postal_code", "last_line"),
    ADDRESSES_2026,
)
def test_the_2026_address_from_the_official_directory_is_shown_without_a_warning(
    postal_code: str, last_line: str
) -> None:
    """Issue 11: Allier 03010 not 03310, Jura Lons-le-Saunier not Dole, Drôme Valence not Romans; addresses
    for 73, 86, 976 and 76 Rouen-Elbeuf-Dieppe, which had none."""
    at = _look_up(_office(), postal_code)
    assert not at.exception
    assert at.code[0].value.splitlines()[-1] == last_line
    assert not [w for w in at.warning if "check it on ameli.fr" in w.value]
    assert any("official directory" in m.value and "consulted on" in m.value for m in at.markdown)


def test_an_address_from_2014_still_carries_its_date_and_the_check_before_posting_warning() -> None:
    at = _look_up(_office(), "05000")
    assert not at.exception
    assert any("6 August 2014" in w.value and "check it on ameli.fr" in w.value for w in at.warning)


def test_haute_corse_shows_no_address_rather_than_the_corse_du_sud_one() -> None:
    at = _look_up(_office(), "20200")
    assert not at.exception
    assert not any("Ajaccio" in c.value for c in at.code)
    assert any("We do not have a checked postal address" in w.value for w in at.warning)


def test_a_walk_in_office_shows_its_hours_in_french_and_the_by_appointment_note() -> None:
    at = _look_up(_office(Language.FR), "03000")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Vichy" in text
    assert "18 avenue Victoria, 03200 Vichy" in text
    assert "le lundi : de 8 h 30 à 12 h 30 et de 13 h 30 à 17 h" in text
    assert "du mercredi au vendredi" in text
    assert "Sur rendez-vous" in text
    assert "lannuaire.service-public.gouv.fr" in text


def test_without_a_known_walk_in_office_the_page_says_how_to_find_one_and_invents_none() -> None:
    at = _look_up(_office(), "05000")
    text = " ".join(m.value for m in at.markdown)
    assert "We do not have this caisse's walk-in offices" in text
    assert "Opening hours" not in text


def test_a_shared_postal_code_asks_for_the_commune_then_shows_its_caisse() -> None:
    at = _look_up(_office(), "01200")
    assert not at.exception
    commune = at.selectbox(key=state.OFFICE_COMMUNE_WIDGET)
    assert "74109" in commune.options or any("Éloise" in option for option in commune.options)
    assert not at.subheader, "no caisse before the commune is chosen"
    commune.set_value("74109").run()
    assert not at.exception
    assert "Caisse primaire d'assurance maladie de la Haute-Savoie" in [s.value for s in at.subheader]


def test_an_unresolved_commune_lists_the_candidate_caisses_and_how_to_confirm() -> None:
    at = _look_up(_office(), "62400")
    assert not at.exception
    names = [s.value for s in at.subheader]
    assert "Caisse primaire d'assurance maladie de l'Artois" in names
    assert "Caisse primaire d'assurance maladie de la Côte d'Opale" in names
    texts = _texts(at)
    assert CATALOG.text(Language.EN, "office.status.several_caisses") in texts
    assert "36 46" in texts


@pytest.mark.parametrize("language", list(Language))
def test_an_invalid_postal_code_gets_a_translated_message(language: Language) -> None:
    at = _look_up(_office(language), "75O11")
    assert not at.exception
    assert [e.value for e in at.error] == [CATALOG.text(language, "office.problem.not_digits")]


def test_a_four_digit_code_offers_the_lost_zero_and_one_tap_uses_it() -> None:
    at = _look_up(_office(), "1000")
    assert "Did you mean 01000?" in at.error[0].value
    next(button for button in at.button if button.label == "Use 01000").click().run()
    assert not at.exception
    assert "Caisse primaire d'assurance maladie de l'Ain" in [s.value for s in at.subheader]
    assert at.text_input(key=state.OFFICE_POSTCODE_WIDGET).value == "01000"


def test_an_unknown_code_explains_cedex_codes() -> None:
    at = _look_up(_office(), "75948")
    assert "CEDEX" in at.error[0].value


def test_monaco_is_explained_as_a_foreign_system() -> None:
    at = _look_up(_office(Language.FR), "98000")
    assert not at.exception
    texts = _texts(at)
    assert CATALOG.text(Language.FR, "office.territory.monaco") in texts
    assert "Caisses sociales de Monaco" in texts


def test_the_result_and_the_language_survive_a_page_switch() -> None:
    at = _look_up(_office(), "59000")
    at.segmented_control(key=state.LANGUAGE_WIDGET).set_value("fr").run()
    assert at.title[0].value == CATALOG.text(Language.FR, "office.title")
    at.switch_page(HOME_PAGE).run()
    assert at.title[0].value == CATALOG.text(Language.FR, "home.heading")
    at.switch_page(OFFICE_PAGE).run()
    assert not at.exception
    assert at.text_input(key=state.OFFICE_POSTCODE_WIDGET).value == "59000"
    assert "Caisse primaire d'assurance maladie de Lille-Douai" in [s.value for s in at.subheader]


def test_a_new_postal_code_forgets_the_previous_commune_choice() -> None:
    at = _look_up(_office(), "01200")
    at.selectbox(key=state.OFFICE_COMMUNE_WIDGET).set_value("74109").run()
    at = _look_up(at, "05110")
    assert case_of(at).insee_code is None
    assert at.selectbox(key=state.OFFICE_COMMUNE_WIDGET).value is None
    assert not at.subheader


def test_a_restored_commune_of_another_postal_code_is_flagged_and_asked_again() -> None:
    at = _app()
    put_case(at, postal_code="01200", insee_code="75111")
    at.run()
    at.switch_page(OFFICE_PAGE).run()
    assert not at.exception
    assert CATALOG.text(Language.EN, "office.unknown_commune") in [w.value for w in at.warning]
    assert at.selectbox(key=state.OFFICE_COMMUNE_WIDGET).value is None
    assert case_of(at).insee_code is None


def test_a_refused_postal_code_is_still_shown_with_its_message_after_a_visit_to_another_page() -> None:
    at = _look_up(_office(), "59000")
    at = _look_up(at, "abc")
    at.switch_page(HOME_PAGE).run()
    at.switch_page(OFFICE_PAGE).run()
    assert not at.exception
    assert at.text_input(key=state.OFFICE_POSTCODE_WIDGET).value == "abc"
    assert at.error, "the refused text keeps its message"
    assert case_of(at).postal_code is None


@pytest.mark.parametrize("page", [spec.path for spec in PAGES if spec.uses_office_index])
def test_a_damaged_data_file_stops_a_page_that_looks_a_caisse_up_with_a_message_naming_file_and_line(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    path = data_copy / CAISSES_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("2026-09-13", "2026-13-45", 1), encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = _app().run()
    assert not at.exception
    assert not at.error, "the home page needs no reference data (issue 17): it is drawn as usual"
    assert CATALOG.text(Language.EN, "home.heading") in _texts(at)
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert CAISSES_FILE in message
    assert "line: 2" in message
    assert "verified_on" in message


def test_only_the_office_and_dossier_pages_need_the_office_index() -> None:
    assert {spec.path for spec in PAGES if spec.uses_office_index} == {OFFICE_PAGE, "pages/dossier.py"}


def test_a_failure_inside_a_page_shows_a_translated_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.office_view

    def broken(*_: object) -> None:
        raise RuntimeError("secret typed value 75011")

    monkeypatch.setattr(ui.office_view, "render_lookup", broken)
    at = _look_up(_office(Language.FR), "75011")
    assert not at.exception
    assert [e.value for e in at.error] == [CATALOG.text(Language.FR, "errors.unexpected")]


@pytest.mark.parametrize("language", list(Language))
def test_the_table_of_every_caisse_appears_only_when_asked_with_labels_in_the_reader_s_language(
    language: Language,
) -> None:
    at = _office(language)
    assert not at.table, "the table is not drawn until the reader turns it on"
    at.toggle(key=state.OFFICE_DIRECTORY_WIDGET).set_value(True)
    at.run()
    assert not at.exception
    [table] = at.table
    frame = table.value

    def label(column: str) -> str:
        return CATALOG.text(language, f"office.directory_{column}")

    assert list(frame.columns) == [label(column) for column in ("caisse", "address", "dated", "confidence")]
    assert len(frame) == 107
    assert frame[label("caisse")].iloc[0] == "CPAM de l'Ain (01)"
    gap = frame[frame[label("caisse")] == "CPAM des Hautes-Alpes (05)"].iloc[0]
    assert gap[label("confidence")] == CATALOG.text(language, "office.directory_confidence_low")  # from 2014
    assert gap[label("dated")] == {Language.EN: "6 August 2014", Language.FR: "6 août 2014"}[language]
    allier = frame[frame[label("caisse")] == "CPAM de l'Allier (03)"].iloc[0]
    assert allier[label("dated")] == {Language.EN: "28 March 2024", Language.FR: "28 mars 2024"}[language]
    assert CATALOG.text(language, "office.directory_intro", count=107) in _texts(at)
    assert CATALOG.text(language, "office.directory_no_address") in set(frame[label("address")])
