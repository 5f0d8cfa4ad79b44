"""The timeline in a real browser: a person resumes their case, sees their projected steps, downloads the follow-ups;
on a phone in French, both charts show their whole legend and a date label every few months (issue 14).

Texts are the app's own (vitale/text/en.toml and fr.toml: [dossier], [nav], [timeline], [timeline.chart]).
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

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


def go_to_timeline_on_a_phone(page: Page, heading: str = TIMELINE_HEADING) -> None:
    """Open the phone's « Menu », tap "Your timeline" (``heading``); the menu closes by itself."""
    go_to_page_on_a_phone(page, heading, page.get_by_role("heading", name=heading, exact=True))


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


CHART_BOXES = """(chart) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const lines = (text) => {
    const spans = [...text.querySelectorAll('tspan')];
    return spans.length ? spans.map((span) => span.textContent) : [text.textContent];
  };
  const svg = chart.querySelector('svg.marks');
  const legend = svg.querySelector('g.role-legend');
  const axis = svg.querySelector('g.role-axis[aria-label^="X-axis"]');
  const labels = [...axis.querySelectorAll('g.role-axis-label text')]
    .filter((text) => text.getAttribute('opacity') !== '0' && text.textContent)
    .map((text) => ({lines: lines(text), box: box(text)}));
  const marks = [...svg.querySelectorAll('g.mark-rect.role-mark path, g.mark-line.role-mark path')].map(box);
  const legendLines = legend ? [...legend.querySelectorAll('text')].flatMap(lines) : [];
  return {svg: box(svg), viewport: window.innerWidth, labels, marks, legend: legend && box(legend), legendLines};
}"""
"""The boxes, in CSS pixels, of a chart's drawing, legend, visible date labels (and their lines) and bars or line."""


def assert_readable_on_a_phone(boxes: dict[str, Any], months: list[str]) -> None:
    """The legend, if any, lies whole inside the chart and the screen; every bar or line ends by the last
    date label; the date axis has at least 4 labels, apart, inside the chart, in ``months``' names."""
    svg, labels = boxes["svg"], boxes["labels"]
    if boxes["legend"]:
        legend = boxes["legend"]
        assert legend["right"] <= boxes["viewport"], (legend, boxes["viewport"])
        assert svg["left"] <= legend["left"], (legend, svg)
        assert legend["right"] <= svg["right"], (legend, svg)
        assert not any("…" in line for line in boxes["legendLines"]), boxes["legendLines"]
    assert max(mark["right"] for mark in boxes["marks"]) <= labels[-1]["box"]["right"] + 0.5
    assert len(labels) >= 4, [label["lines"] for label in labels]
    for before, after in itertools.pairwise(labels):
        assert before["box"]["right"] < after["box"]["left"], (before, after)  # no overlap
    assert svg["left"] - 0.5 <= labels[0]["box"]["left"]
    assert labels[-1]["box"]["right"] <= svg["right"] + 0.5  # whole, not cut by the drawing's edge
    assert all(label["lines"][0].split(" ")[0] in months for label in labels), [label["lines"] for label in labels]
    assert re.search(r"\d{4}", " ".join(labels[0]["lines"])), "the first date label says its year"


def test_on_a_phone_in_french_the_charts_show_their_whole_legend_and_a_date_every_few_months(
    phone_page: Page, app_url: str, tmp_path: Path
) -> None:
    page = phone_page
    catalog = load_catalog()

    def fr(key: str) -> str:
        return catalog.text(Language.FR, key)

    upload_case(page, app_url, write_case_file(tmp_path, sent_days_ago=20), tap=True)
    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").tap()
    wait_for_rerun(page, page.get_by_role("tab", name=fr("dossier.tab_save"), exact=True))
    go_to_timeline_on_a_phone(page, fr("nav.timeline"))
    months = catalog.raw(Language.FR, "date.months_short").split(",")

    steps = chart_in(page, fr("timeline.tab_milestones"), fr("timeline.chart.milestones_alt"))
    boxes = steps.evaluate(CHART_BOXES)
    assert_readable_on_a_phone(boxes, months)
    assert {"Fourchette probable", "(8 personnes sur 10)", "Date la plus probable"} <= set(boxes["legendLines"])
    assert boxes["legend"]["bottom"] <= boxes["svg"]["bottom"]

    page.get_by_role("tab", name=fr("timeline.tab_card"), exact=True).tap()
    card = chart_in(page, fr("timeline.tab_card"), fr("timeline.chart.chance_alt"))
    assert_readable_on_a_phone(card.evaluate(CHART_BOXES), months)
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
