"""The timeline in a real browser: a person resumes their case, sees their projected steps, downloads the follow-ups.

Texts are the app's own (vitale/text/en.toml: [dossier], [nav], [timeline], [timeline.chart]).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import E2E_TODAY, go_to_page_on_a_phone, open_app, upload_case, wait_for_rerun, write_case_file
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

TIMELINE_HEADING = "Your timeline"
STEPS_TAB = "Each step"
CARD_TAB = "Chance of having the card"
STEPS_CHART_ALT = "Likely date range of each step of the journey to the carte Vitale, with the steps already done."
CARD_CHART_ALT = "The probability of having received the carte Vitale by each date."
DOWNLOAD_CALENDAR = "Add the follow-ups to my calendar (.ics)"


def go_to_timeline_on_a_phone(page: Page) -> None:
    """Open the phone's « Menu », tap "Your timeline" (the menu closes by itself)."""
    go_to_page_on_a_phone(page, TIMELINE_HEADING, page.get_by_role("heading", name=TIMELINE_HEADING, exact=True))


def chart_in(page: Page, tab: str, alt: str) -> Locator:
    """The Vega-Lite chart in the panel of ``tab``, once vega-embed has drawn it (its accessible name is ``alt``)."""
    chart = page.get_by_role("tabpanel", name=tab, exact=True).get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_attribute("aria-label", alt)
    expect(chart.locator("svg.marks")).to_be_visible()
    return chart


def assert_no_error_box(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_person_resumes_their_case_and_sees_their_timeline_and_follow_ups(
    phone_page: Page, app_url: str, tmp_path: Path
) -> None:
    page = phone_page
    sent = E2E_TODAY - timedelta(days=20)
    upload_case(page, app_url, write_case_file(tmp_path, sent_days_ago=20), tap=True)
    go_to_timeline_on_a_phone(page)

    expect(page.get_by_text("Most likely you will have your card around", exact=False)).to_be_visible()
    expect(page.get_by_text("When to chase the caisse", exact=True)).to_be_visible()

    steps = chart_in(page, STEPS_TAB, STEPS_CHART_ALT)
    expect(steps.locator("g.mark-rect.role-mark path")).to_have_count(4)  # a likely range per step still to come
    expect(steps.locator("g.mark-symbol.role-mark path")).to_have_count(5)  # the date sent, 4 most likely dates
    expect(steps.get_by_text("✓ done", exact=True)).to_have_count(1)
    for step in ("Application sent", "Temporary number", "Permanent number", "ameli account", "Carte Vitale received"):
        expect(steps.locator("svg text", has_text=step)).to_have_count(1)  # every row keeps its label
    box = steps.locator("svg.marks").bounding_box()
    assert box is not None
    assert box["height"] >= 5 * 40, "the rows are not squeezed into the chart's height"

    table = (
        page.get_by_role("table")
        .filter(has_text="The same figures in words")
        .or_(page.get_by_role("table").filter(has_text="Carte Vitale received"))
    )
    sent_on = load_catalog().format_date(Language.EN, sent)
    expect(table.get_by_role("row").filter(has_text=re.compile(r"^Application sent"))).to_contain_text(
        f"Done on {sent_on}"
    )
    expect(table.get_by_role("row")).to_have_count(6)  # the header and one row per step
    expect(table.get_by_role("row").last).to_contain_text("Carte Vitale received")

    page.get_by_role("tab", name=CARD_TAB, exact=True).tap()
    card = chart_in(page, CARD_TAB, CARD_CHART_ALT)
    expect(card.locator("g.mark-line.role-mark path")).to_have_count(1)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")

    with page.expect_download() as download:
        page.get_by_role("button", name=DOWNLOAD_CALENDAR, exact=True).tap()
    assert download.value.suggested_filename == "vitale-follow-ups.ics"
    calendar = Path(download.value.path()).read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"\r\nBEGIN:VEVENT\r\n" in calendar
    assert calendar.rstrip().endswith(b"END:VCALENDAR")
    assert_no_error_box(page)


def test_without_answers_the_timeline_sends_a_person_to_the_questionnaire(page: Page, app_url: str) -> None:
    heading = page.get_by_role("heading", name=TIMELINE_HEADING, exact=True)
    open_app(page, f"{app_url}/timeline", ready=heading)
    expect(page.get_by_text("Answer the questionnaire first", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    expect(page.get_by_role("button", name=DOWNLOAD_CALENDAR)).to_have_count(0)

    page.get_by_role("main").get_by_role("link", name="Go to the questionnaire", exact=True).click()
    wait_for_rerun(page, page.get_by_role("radiogroup", name="Where will you live?", exact=True))
    assert_no_error_box(page)
