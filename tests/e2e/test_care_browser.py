"""Issue 16 in a real browser, on a phone, in French: an employee born in India resumes their case, opens
« Se soigner », sees what applies to them now and the myth corrected at their stage, estimates the C2S for a
household of three (with the warning that a figure revalued every 1 April may have changed), gives the day they
asked and downloads the decision's due date as a calendar file; axe finds no serious problem on the page.

Texts are the app's own (vitale/text/fr.toml and en.toml: [care], [nav], [dossier]); figures and dates come from
the domain (vitale/c2s.py) on the run's day (``VITALE_TODAY``, set by conftest).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.a11y import axe_violations, blocking, date_part
from tests.e2e.conftest import (
    E2E_TODAY,
    go_to_page_on_a_phone,
    open_app,
    open_tab,
    wait_for_rerun,
    write_case_file,
)
from tests.e2e.test_household_browser import screenshot
from vitale.answers import HomeTerritory
from vitale.c2s import C2SResult, decision_due, estimate, monthly_contributions
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

CATALOG = load_catalog().with_figures(text_figures(E2E_TODAY))
HOUSEHOLD_SIZE = 3
INCOME = 22_000
"""Over a household of three's free ceiling, under its ceiling with a contribution: the C2S for a monthly fee."""
APPLIED_ON = E2E_TODAY - timedelta(days=10)
EXPECTED = estimate(HOUSEHOLD_SIZE, INCOME, HomeTerritory.METROPOLE, E2E_TODAY)


def text(key: str, language: Language = Language.FR, **values: object) -> str:
    return CATALOG.text(language, key, **values)


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def resume_the_case_in_french(page: Page, app_url: str, case_file: Path) -> None:
    """On the dossier page's « Enregistrer et reprendre » tab, upload ``case_file`` and wait until it is loaded
    (``conftest.upload_case``, for a browser that speaks French)."""
    save_tab = page.get_by_role("tab", name=text("dossier.tab_save"), exact=True)
    open_app(page, f"{app_url}/dossier", ready=save_tab)
    open_tab(page, save_tab, tap=True)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=text("dossier.upload_case"))
    expect(uploader).to_be_visible()
    uploader.locator('input[type="file"]').set_input_files(case_file)
    wait_for_rerun(page, page.get_by_text(text("dossier.restored"), exact=True))


def type_number(page: Page, label_key: str, value: int, following: Locator) -> None:
    """Tap a number field, type ``value``, take it with Enter and wait for the rerun to draw ``following``."""
    field = page.get_by_label(text(label_key), exact=True)
    field.tap()
    field.fill(str(value))
    field.press("Enter")
    wait_for_rerun(page, following)
    expect(field).to_have_value(str(value))


def result_box(page: Page, language: Language = Language.FR) -> Locator:
    """The estimate's sentence (a green box), found by its words in bold."""
    bold = {Language.FR: "C2S avec une participation mensuelle", Language.EN: "C2S with a monthly contribution"}
    return page.get_by_test_id("stAlert").filter(has_text=bold[language])


def open_care_and_estimate(page: Page, app_url: str, tmp_path: Path) -> None:
    """Resume an employee born in India (file sent 20 days ago), open « Se soigner » from the phone's menu, and
    type a household of three with 22 000 € a year."""
    resume_the_case_in_french(page, app_url, write_case_file(tmp_path, sent_days_ago=20))
    go_to_page_on_a_phone(
        page, text("nav.care"), page.get_by_role("heading", name=text("care.now_heading"), exact=True)
    )
    expect(page.get_by_role("heading", name=text("care.title"), exact=True)).to_be_visible()
    expect(main(page).get_by_text(text("care.c2s.enter_both"), exact=True)).to_be_visible()

    # Income first: a household of one (the default) is above the ceilings, which the page says at once.
    above = page.get_by_test_id("stAlert").filter(has_text="les plafonds de la C2S")
    type_number(page, "care.c2s.income_label", INCOME, above)
    type_number(page, "care.c2s.size_label", HOUSEHOLD_SIZE, result_box(page))


def tap_date(page: Page, label: str, day: date) -> None:
    """Choose ``day`` in the date ``label`` the way a phone user does: tap each select, type to narrow the day's
    and the month's long lists (only the options in view are drawn), tap the option.

    The year is tapped, not typed (as ``a11y.enter_date`` would): on a phone Streamlit makes a select of fewer
    than 10 options unsearchable, so that no on-screen keyboard opens, and 2019 to today is 8 years.
    """
    months = CATALOG.raw(Language.FR, "date.months_short").split(",")
    for part, option in (("day", str(day.day)), ("month", months[day.month - 1]), ("year", str(day.year))):
        box = date_part(page, label, text(f"date_entry.{part}"))
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
        box.tap()
        if part != "year":
            page.keyboard.type(option)
        page.get_by_role("option", name=option, exact=True).tap()
        expect(box).to_have_value(option)


def enter_the_day_asked(page: Page) -> Locator:
    """Enter the day the person asked for the C2S; return the calendar button that appears."""
    tap_date(page, text("care.c2s.applied_label"), APPLIED_ON)
    calendar = page.get_by_role("button", name=text("care.c2s.calendar"), exact=True)
    wait_for_rerun(page, calendar)
    return calendar


def test_a_french_phone_user_sees_what_applies_now_estimates_the_c2s_and_downloads_the_decision_day(
    french_phone: Page, app_url: str, tmp_path: Path
) -> None:
    page = french_phone
    assert EXPECTED.result is C2SResult.WITH_CONTRIBUTION
    open_care_and_estimate(page, app_url, tmp_path)

    # What applies now: no number yet (the file was sent 20 days ago), and the myth met at this stage.
    expect(main(page)).to_contain_text(text("care.stage.no_number"))
    expect(main(page)).to_contain_text(text("care.advice.pay_and_keep_claims"))
    myth = page.get_by_test_id("stAlert").filter(has_text=text("care.myth_heard"))
    expect(myth).to_have_count(1)
    expect(myth).to_contain_text(text("care.myth.no_doctor_without_card.claim"))
    expect(myth).to_contain_text(text("care.myth.no_doctor_without_card.truth"))

    # The estimate: the sentence, both ceilings for 3 people, the contribution by age, the 1 April warning.
    sentence = result_box(page)
    expect(sentence).to_contain_text("Avec 22\u202f000\u00a0€ par an, votre foyer aurait probablement droit")
    expect(main(page)).to_contain_text(f"{EXPECTED.free_ceiling.value:,}".replace(",", "\u202f") + "\u00a0€")
    expect(main(page)).to_contain_text(f"{EXPECTED.contribution_ceiling.value:,}".replace(",", "\u202f"))
    expect(main(page)).to_contain_text("pour un foyer de 3 personnes")
    contributions = monthly_contributions(E2E_TODAY)
    table = page.get_by_role("table").filter(has_text=text("care.c2s.amount_column"))
    expect(table.get_by_role("row")).to_have_count(1 + len(contributions.brackets))
    expect(table.get_by_role("row").nth(1)).to_contain_text(f"{contributions.brackets[0].monthly_eur}\u00a0€")
    expect(table.get_by_role("row").last).to_contain_text(f"{contributions.brackets[-1].monthly_eur}\u00a0€")
    assert EXPECTED.stale_since is not None, "the run's day is past a 1 April with no newer ceiling"
    stale_on = CATALOG.format_date(Language.FR, EXPECTED.stale_since)
    stale = page.get_by_test_id("stAlert").filter(has_text=f"Ce chiffre a pu changer depuis le {stale_on}")
    expect(stale.first).to_be_visible()
    assert stale_on.startswith("1er avril "), stale_on  # « 1er avril 2026 » on a day of 2026 after 1 April

    # The day asked: the decision is due 2 months later, in words and in the calendar file.
    calendar = enter_the_day_asked(page)
    due = decision_due(APPLIED_ON)
    assert (due.year * 12 + due.month) - (APPLIED_ON.year * 12 + APPLIED_ON.month) == 2
    expect(main(page)).to_contain_text(
        f"La caisse devrait décider au plus tard le {CATALOG.format_date(Language.FR, due)}"
    )
    with page.expect_download() as download:
        calendar.tap()
    assert download.value.suggested_filename == "vitale-c2s.ics"
    ics = Path(download.value.path()).read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}".encode() in ics
    assert "réponse de la caisse attendue".encode() in ics, "the event speaks the page's language"

    # Nothing the person typed goes in the address.
    address = urlsplit(page.url)
    assert address.path.endswith("/care")
    assert address.query == "", page.url
    assert address.fragment == "", page.url
    assert str(INCOME) not in page.url

    # In English, the figures typed and the day asked are still there.
    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="English").tap()
    wait_for_rerun(page, result_box(page, Language.EN))
    expect(page.get_by_role("button", name=text("care.c2s.calendar", Language.EN), exact=True)).to_be_visible()
    # The month chosen in French is now named in English (ui/date_entry.py relabels it after a switch).
    month = CATALOG.raw(Language.EN, "date.months_short").split(",")[APPLIED_ON.month - 1]
    label, name = text("care.c2s.applied_label", Language.EN), text("date_entry.month", Language.EN)
    expect(date_part(page, label, name)).to_have_value(month)
    screenshot(page, "care_en")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_on_a_french_phone_the_care_page_with_an_estimate_has_no_serious_accessibility_problem(
    french_phone: Page, app_url: str, tmp_path: Path
) -> None:
    page = french_phone
    open_care_and_estimate(page, app_url, tmp_path)
    enter_the_day_asked(page)
    screenshot(page, "care_fr")
    found = [str(violation) for violation in blocking(axe_violations(page))]
    assert found == [], "axe-core, on a phone in French:\n" + "\n".join(found)
    expect(page.get_by_test_id("stException")).to_have_count(0)
