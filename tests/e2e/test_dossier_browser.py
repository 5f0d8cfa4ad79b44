"""The dossier pack in a real browser: find the caisse, answer, write the letter, download it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_app, wait_for_rerun

pytestmark = pytest.mark.e2e


def test_a_person_writes_their_cover_letter_and_downloads_it(page: Page, app_url: str) -> None:
    postcode = page.get_by_label("Your postal code", exact=True)
    open_app(page, f"{app_url}/office", ready=postcode)
    postcode.fill("75011")
    postcode.press("Enter")
    wait_for_rerun(page, page.get_by_text("Caisse primaire d'assurance maladie de Paris").first)

    page.get_by_role("link", name="Check your cover").first.click()
    steps = [
        ("Where will you live?", "Mainland France (including Corsica)"),
        ("Will France be your main home, at least 6 months a year?", "Yes, France is (or will be) my main home"),
        ("What will you mainly do?", "Employee in France"),
        ("What is your nationality?", "Citizen of the European Union, the EEA or Switzerland"),
    ]
    for question, option in steps:
        group = page.get_by_role("radiogroup", name=question, exact=True)
        wait_for_rerun(page, group)
        group.get_by_text(option, exact=True).click()
        page.get_by_role("button", name="Continue", exact=True).click()
    wait_for_rerun(page, page.get_by_text("None of these apply to me", exact=True))
    page.get_by_text("None of these apply to me", exact=True).click()
    page.get_by_role("button", name="Continue", exact=True).click()
    country = page.get_by_role("combobox", name="Which country issued your birth certificate?", exact=True)
    wait_for_rerun(page, country)
    country.click()
    country.fill("Spain")
    page.keyboard.press("Enter")
    expect(country).to_have_value("Spain")
    page.get_by_role("button", name="Continue", exact=True).click()
    wait_for_rerun(page, page.get_by_role("heading", name="Check your answers"))

    page.get_by_role("link", name="Your dossier").first.click()
    name = page.get_by_label("Full name (as on your passport)", exact=True)
    wait_for_rerun(page, name)
    name.fill("<b>Ana</b> O'Brien")
    page.get_by_label("Address (street, building, flat)", exact=True).fill("12 rue de la Paix")
    page.get_by_label("Town or city", exact=True).fill("Paris")
    page.get_by_role("spinbutton", name="day, Date of birth").focus()
    page.keyboard.type("02041990")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Write my letter").click()
    download_button = page.get_by_role("button", name="Download the letter (PDF)")
    wait_for_rerun(page, download_button)
    expect(page.get_by_text("<b>Ana</b> O'Brien").first).to_be_visible()  # shown as typed, not as markup
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename == "lettre-caisse.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    expect(page.get_by_test_id("stException")).to_have_count(0)
