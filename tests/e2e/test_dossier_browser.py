"""The dossier pack in a real browser: find the caisse, answer, write the letter, download it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.a11y import enter_date
from tests.e2e.conftest import open_app, wait_for_rerun
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e


def test_a_person_writes_their_cover_letter_and_downloads_it(page: Page, app_url: str, tmp_path: Path) -> None:
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
    enter_date(page, "Date of birth", date(1990, 4, 2), load_catalog(), Language.EN)
    page.get_by_role("button", name="Write my letter").click()
    download_button = page.get_by_role("button", name="Download the letter (PDF)")
    wait_for_rerun(page, download_button)
    expect(page.get_by_text("<b>Ana</b> O'Brien").first).to_be_visible()  # shown as typed, not as markup
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename == "lettre-caisse.pdf"
    pdf = Path(download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF-")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert_recipient_on_the_right_half(pdf, tmp_path)


def assert_recipient_on_the_right_half(pdf: Path, tmp_path: Path) -> None:
    """Render the letter's first page with pdftoppm (Debian's poppler-utils) and look at the ink: the block
    of the caisse's address, below the sender's, starts on the right half of the page (issue 13)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run([pdftoppm, "-r", "50", "-f", "1", "-l", "1", "-gray", str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.pgm")))
    width, height = image.size
    ink_rows = [y for y in range(height) if _darkest(image.crop((0, y, width, y + 1))) < 128]
    # Blocks of text separated by blank bands: 1) sender, 2) recipient.
    blocks: list[list[int]] = []
    for y in ink_rows:
        if blocks and y - blocks[-1][-1] <= 12:  # lines of a block are ~7 px apart at 50 dpi; blocks ~20 px
            blocks[-1].append(y)
        else:
            blocks.append([y])
    recipient_rows = blocks[1]
    band = image.crop((0, recipient_rows[0], width, recipient_rows[-1] + 1))
    dark_columns = [x for x in range(width) if _darkest(band.crop((x, 0, x + 1, band.height))) < 128]
    assert dark_columns
    assert min(dark_columns) > width / 2, "the caisse's address starts on the right half of the page"
    sender_band = image.crop((0, blocks[0][0], width, blocks[0][-1] + 1))
    sender_columns = [
        x for x in range(width) if min(sender_band.crop((x, 0, x + 1, sender_band.height)).getdata()) < 128
    ]
    assert min(sender_columns) < width / 4, "the sender's block is on the left"


def _darkest(image: Image.Image) -> int:
    low, _ = image.getextrema()
    return int(low)


def test_on_a_french_page_the_file_uploader_and_help_buttons_speak_french(french_phone: Page, app_url: str) -> None:
    page = french_phone
    save_tab = page.get_by_role("tab", name="Enregistrer et reprendre", exact=True)
    open_app(page, f"{app_url}/dossier", ready=save_tab)
    save_tab.tap()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Reprendre à partir d'un dossier")
    expect(uploader.get_by_role("button", name="Choisir un fichier", exact=True)).to_be_visible()
    limit = uploader.get_by_test_id("stFileUploaderDropzoneInstructions").locator("> div")
    shown = limit.evaluate("element => getComputedStyle(element, '::after').content")
    assert shown == '"Un dossier enregistré (JSON), 1\u00a0Mo au plus"'
    expect(uploader.get_by_text("Upload", exact=True)).to_be_hidden()
    expect(uploader.get_by_text("1MB per file • JSON", exact=True)).to_be_hidden()
    expect(uploader.get_by_role("button", name="Aide\u00a0: Reprendre à partir d'un dossier")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("^Help for"))).to_have_count(0)
