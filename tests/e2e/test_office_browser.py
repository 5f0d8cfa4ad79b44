"""The app in a real browser: a person finds their caisse, switches language, fixes a lost zero.

Texts are the app's own (vitale/text/en.toml and fr.toml).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.a11y import axe_violations, blocking
from tests.e2e.conftest import PHONE, RERUN_TIMEOUT_MS, open_app, wait_for_rerun

pytestmark = pytest.mark.e2e

POSTCODE_LABEL = "Your postal code"
UNEXPECTED_ERROR = "Something went wrong on our side while showing this page."


def look_up(page: Page, app_url: str, postal_code: str) -> None:
    """Open the office page, type ``postal_code`` and press Enter."""
    field = page.get_by_label(POSTCODE_LABEL, exact=True)
    open_app(page, f"{app_url}/office", ready=field)
    field.fill(postal_code)
    field.press("Enter")


def assert_no_error_box(page: Page) -> None:
    """No traceback box from Streamlit, and no 'something went wrong' message from the app."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(UNEXPECTED_ERROR)).to_have_count(0)


def test_a_person_types_a_postal_code_picks_a_commune_and_sees_their_caisse(phone_page: Page, app_url: str) -> None:
    page = phone_page
    look_up(page, app_url, "01200")

    commune = page.get_by_role("combobox", name="Your commune", exact=True)
    wait_for_rerun(page, commune)
    commune.tap()
    page.get_by_role("option", name=re.compile(r"^Éloise")).tap()

    wait_for_rerun(page, page.get_by_text("Caisse primaire d'assurance maladie de la Haute-Savoie"))
    expect(page.get_by_role("heading", name="Your caisse", exact=True)).to_be_visible()
    assert_no_error_box(page)


def test_a_french_speaker_switches_language_and_the_choice_survives_a_page_change(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/")
    expect(page.get_by_role("heading", name="Get your French health cover and your carte Vitale")).to_be_visible()

    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").click()
    wait_for_rerun(page, page.get_by_text("Obtenir votre assurance maladie et votre carte Vitale"))

    # The top navigation bar (on a phone-sized screen Streamlit moves it into the sidebar).
    page.get_by_role("navigation", name="App pages").get_by_role("link", name="Trouver votre caisse").click()
    expect(page.get_by_role("heading", name="Trouver la caisse qui gère votre dossier")).to_be_visible(
        timeout=RERUN_TIMEOUT_MS
    )
    expect(page.get_by_role("radio", name="Français")).to_be_checked()


def test_a_four_digit_postal_code_offers_the_missing_zero(page: Page, app_url: str) -> None:
    look_up(page, app_url, "1000")
    wait_for_rerun(page, page.get_by_text("Did you mean 01000?"))

    page.get_by_role("button", name="Use 01000", exact=True).click()

    caisse = page.get_by_text("Caisse primaire d'assurance maladie de l'Ain")
    failure = page.get_by_text(UNEXPECTED_ERROR)
    # Whichever comes first: fail at once on the error rather than wait out the timeout.
    wait_for_rerun(page, caisse.or_(failure).first)
    assert_no_error_box(page)
    expect(caisse).to_be_visible()
    expect(page.get_by_label(POSTCODE_LABEL, exact=True)).to_have_value("01000")


def test_the_page_has_no_traceback_or_exception_box(phone_page: Page, app_url: str) -> None:
    page = phone_page
    look_up(page, app_url, "75011")
    wait_for_rerun(page, page.get_by_text("Caisse primaire d'assurance maladie de Paris"))
    assert_no_error_box(page)

    field = page.get_by_label(POSTCODE_LABEL, exact=True)
    field.fill("abc")
    field.press("Enter")
    wait_for_rerun(page, page.get_by_text("A French postal code has only digits"))
    assert_no_error_box(page)


def test_the_first_visitor_of_a_fresh_server_landing_on_a_page_gets_the_whole_frame(
    page: Page, fresh_app_url: str
) -> None:
    """Regression (docs/decisions/0003): a pages/ folder once made Streamlit run the page without app.py."""
    open_app(page, f"{fresh_app_url}/office", ready=page.get_by_label(POSTCODE_LABEL, exact=True))
    expect(page.get_by_text("Guidance, not legal advice:", exact=False)).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_text("Language · Langue")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_allier_shows_the_2026_address_its_official_fiche_and_a_walk_in_office_without_a_warning(
    phone_page: Page, app_url: str
) -> None:
    """Issue 11: 03010 Moulins Cedex from the DILA directory (not the 2014 list's 03310), with its dates."""
    page = phone_page
    look_up(page, app_url, "03000")
    wait_for_rerun(page, page.get_by_text("Caisse primaire d'assurance maladie de l'Allier", exact=True))
    main = page.get_by_test_id("stMain")
    expect(page.get_by_test_id("stCode").first).to_contain_text("03010 Moulins Cedex")
    expect(main).to_contain_text("From the official directory of the administration")
    fiche = page.get_by_role("link", name="See the official fiche", exact=True)
    expect(fiche).to_have_attribute("href", re.compile(r"^https://lannuaire\.service-public\.gouv\.fr/"))
    expect(main).to_contain_text("Monday: 08:30–12:30 and 13:30–17:00")
    expect(main).not_to_contain_text("check it on ameli.fr")
    assert_no_error_box(page)


TABLE_TOGGLE = {
    "fr-FR": "Afficher toutes les caisses et la date de leur adresse",
    "en-US": "Show every caisse and how recent its address is",
}
TABLE_REGION = {
    "fr-FR": "Tableau (faites-le défiler sur le côté pour voir toutes les colonnes)",
    "en-US": "Table (scroll sideways to see every column)",
}


def open_the_table_of_every_caisse(page: Page, app_url: str, locale: str) -> Locator:
    toggle = page.get_by_role("switch", name=TABLE_TOGGLE[locale])
    open_app(page, f"{app_url}/office", ready=toggle)
    expect(page.get_by_test_id("stTable")).to_have_count(0)
    page.get_by_text(TABLE_TOGGLE[locale], exact=True).tap()
    expect(toggle).to_be_checked()
    table = page.get_by_test_id("stTable")
    wait_for_rerun(page, table)
    return table


def test_on_a_french_phone_the_table_of_every_caisse_opens_in_french_and_has_no_serious_accessibility_problem(
    french_phone: Page, app_url: str
) -> None:
    """Issue 17: the caisses' address dates in a table a screen reader can read, drawn only when asked."""
    page = french_phone
    table = open_the_table_of_every_caisse(page, app_url, "fr-FR")
    expect(page.get_by_text("Les 107 caisses que nous connaissons", exact=False)).to_be_visible()
    expect(table.get_by_role("columnheader", name="Adresse datée du")).to_have_count(1)
    expect(table.get_by_role("row")).to_have_count(108)  # the header and the 107 caisses
    expect(
        table.get_by_role("row", name=re.compile(r"CPAM des Hautes-Alpes \(05\).*6 août 2014.*à vérifier"))
    ).to_have_count(1)
    assert_no_error_box(page)
    found = [str(violation) for violation in blocking(axe_violations(page))]
    assert found == [], "axe-core, the table of every caisse on a phone in French:\n" + "\n".join(found)


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_on_a_narrow_phone_the_wider_table_scrolls_in_a_named_region_a_keyboard_can_reach(
    browser: Browser, app_url: str, locale: str
) -> None:
    """At 320 px the table is wider than the screen: its scrolling box is a named region in the tab order
    (the frame's script; axe's scrollable-region-focusable)."""
    narrow = {**PHONE, "viewport": {"width": 320, "height": 640}}
    context = browser.new_context(locale=locale, **narrow)
    try:
        page = context.new_page()
        table = open_the_table_of_every_caisse(page, app_url, locale)
        region = table.get_by_role("region", name=TABLE_REGION[locale])
        expect(region).to_have_attribute("tabindex", "0")
        assert region.evaluate("box => box.scrollWidth > box.clientWidth"), "the table is wider than the screen"
        found = [str(violation) for violation in blocking(axe_violations(page))]
        assert found == [], f"axe-core, the table of every caisse at 320 px ({locale}):\n" + "\n".join(found)
    finally:
        context.close()
