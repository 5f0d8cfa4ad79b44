"""Issue 15 in a real browser, on a phone, in French: an engineer answers the questionnaire, adds a partner
and two children under « Qui vient avec vous ? », sees each person's route (axe finds no serious problem),
finds their caisse, writes the letters and downloads the children's attachment request as a PDF."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.a11y import axe_violations, blocking, enter_date
from tests.e2e.conftest import E2E_TODAY, go_to_page_on_a_phone, open_app, wait_for_rerun
from tests.e2e.test_household_browser import screenshot
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

FR = load_catalog().with_figures(text_figures(E2E_TODAY))


def text(key: str, **values: object) -> str:
    return FR.text(Language.FR, key, **values)


def question(page: Page, key: str) -> Locator:
    return page.get_by_role("radiogroup", name=text(key), exact=True)


def tap_button(page: Page, key: str) -> None:
    page.get_by_role("button", name=text(key), exact=True).tap()


def choose(page: Page, label_key: str, option_key: str) -> None:
    """Tap an option of a one-answer question (the wizard's or a member form's) and see it chosen."""
    group = question(page, label_key)
    group.get_by_text(text(option_key), exact=True).tap()
    expect(group.get_by_role("radio", name=text(option_key), exact=True)).to_be_checked()


def answer(page: Page, label_key: str, option_key: str, following: Locator) -> None:
    choose(page, label_key, option_key)
    tap_button(page, "wizard.next")
    wait_for_rerun(page, following)


def search(page: Page, label_key: str, typed: str, following: Locator) -> None:
    box = page.get_by_role("combobox", name=text(label_key), exact=True)
    box.tap()
    box.fill(typed)
    expect(page.get_by_role("option", name=typed, exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(box).to_have_value(typed)
    tap_button(page, "wizard.next")
    wait_for_rerun(page, following)


def card(page: Page, heading: str) -> Locator:
    """A member's card: an expander whose one line starts with their heading."""
    return page.get_by_test_id("stExpander").filter(has=page.locator("summary", has_text=heading))


def add_member(page: Page, add_key: str, label: str, birth: date, heading: str, **choices: tuple[str, str]) -> None:
    """Open a member's form, fill it (label, date of birth, the given radios), save, wait for their card to be
    drawn open (their route in it: the Edit button)."""
    tap_button(page, add_key)
    name = page.get_by_role("textbox", name=text("household.ui.label"), exact=True)
    wait_for_rerun(page, name)
    name.fill(label)
    enter_date(page, text("household.ui.birth_date"), birth, FR, Language.FR)
    for label_key, option_key in choices.values():
        choose(page, label_key, option_key)
    tap_button(page, "household.ui.save")
    wait_for_rerun(page, card(page, heading).get_by_role("button", name=text("household.ui.edit"), exact=True))


def test_an_engineer_on_a_french_phone_adds_a_partner_and_two_children_and_prints_their_letters(
    phone_page: Page, app_url: str, tmp_path: Path
) -> None:
    page = phone_page
    open_app(page, f"{app_url}/eligibility")
    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").tap()
    wait_for_rerun(page, question(page, "question.territory.label"))

    main_home = question(page, "question.main_home.label")
    choose(page, "question.territory.label", "option.territory.metropole")  # one tap: a group of one
    tap_button(page, "wizard.next")
    wait_for_rerun(page, main_home)
    answer(page, "question.main_home.label", "option.main_home.yes", question(page, "question.activity.label"))
    answer(page, "question.activity.label", "option.activity.employee", question(page, "question.nationality.label"))
    answer(
        page,
        "question.nationality.label",
        "option.nationality.other",
        question(page, "question.residence_status.label"),
    )
    none_of_these = page.get_by_role("checkbox", name=text("wizard.none_of_these"), exact=True)
    answer(page, "question.residence_status.label", "option.residence_status.permit", none_of_these)
    page.get_by_text(text("wizard.none_of_these"), exact=True).tap()
    expect(none_of_these).to_be_checked()
    tap_button(page, "wizard.next")
    country = page.get_by_role("combobox", name=text("question.birth_certificate_country.label"), exact=True)
    wait_for_rerun(page, country)
    language = page.get_by_role("combobox", name=text("question.birth_certificate_language.label"), exact=True)
    search(page, "question.birth_certificate_country.label", "Inde", language)
    search(
        page, "question.birth_certificate_language.label", "Hindi", page.get_by_text(text("household.ui.check_none"))
    )

    tap_button(page, "wizard.see_outcome")
    wait_for_rerun(page, page.get_by_text(text("outcome.puma_work.title"), exact=True))
    expect(page.get_by_role("heading", name=text("household.ui.heading"), exact=True)).to_be_visible()

    partner = text("household.ui.partner_heading", label="Priya")
    add_member(
        page, "household.ui.add_partner", "Priya", date(1992, 3, 14), partner,
        link=("household.ui.link_label", "household.ui.link.married"),
        activity=("household.ui.activity", "option.activity.none"),
        residence=("household.ui.residence_status", "option.residence_status.permit"),
    )  # fmt: skip
    add_member(
        page, "household.ui.add_child", "Anaya", date(2022, 5, 10), text("household.ui.child_heading", label="Anaya")
    )
    add_member(
        page, "household.ui.add_child", "Rohan", date(2017, 9, 1), text("household.ui.child_heading", label="Rohan")
    )

    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stExpander")).to_have_count(3)
    expect(card(page, partner).locator("summary")).to_contain_text(text("member_outcome.puma_residence", name="Priya"))
    for child in ("Anaya", "Rohan"):
        summary = card(page, text("household.ui.child_heading", label=child)).locator("summary")
        expect(summary).to_contain_text(text("member_outcome.child_attached", name=child))
    expect(main).to_contain_text(text("reason.R15_family_of_insured"))
    expect(main).to_contain_text("D160-2")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "family_fr_phone")
    assert blocking(axe_violations(page)) == []

    # Through to the printed letters: the caisse, the sender, one letter per file.
    go_to_page_on_a_phone(page, text("nav.office"), page.get_by_label(text("office.postcode_label"), exact=True))
    page.get_by_label(text("office.postcode_label"), exact=True).fill("75011")
    tap_button(page, "office.search")
    wait_for_rerun(page, page.get_by_text("Caisse primaire d'assurance maladie de Paris").first)
    go_to_page_on_a_phone(page, text("nav.dossier"), page.get_by_label(text("dossier.full_name"), exact=True))
    page.get_by_label(text("dossier.full_name"), exact=True).fill("Arjun Mehta")
    page.get_by_label(text("dossier.address"), exact=True).fill("12 rue de la Paix")
    page.get_by_label(text("dossier.city"), exact=True).fill("Paris")
    enter_date(page, text("dossier.date_of_birth"), date(1990, 4, 2), FR, Language.FR)
    tap_button(page, "dossier.make_letter")
    children = page.get_by_role("heading", name=text("dossier.household.children"), exact=True)
    wait_for_rerun(page, children)
    expect(page.get_by_role("heading", name=text("dossier.household.applicant"), exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name=text("dossier.household.partner", name="Priya"), exact=True)
    ).to_be_visible()
    downloads = page.get_by_role("button", name=text("dossier.download_pdf"), exact=True)
    expect(downloads).to_have_count(3)
    with page.expect_download() as download:
        downloads.nth(2).tap()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF")
    words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Anaya" in words, "the children's letter names each child"
    assert "Rohan" in words
    assert "14445" in words, "and encloses the attachment form"
    expect(page.get_by_test_id("stException")).to_have_count(0)
