"""Two people at once, in two browser contexts (issue 6, item 3a): neither ever sees the other's data.

Ana (English) and Bruno (who switches to Français) use the same server at the same time, their
steps interleaved: each uploads their own case file, looks up their own postal code, then looks
at their timeline and their caisse again. Each sees only their own language, postal code,
caisse and dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.a11y import shown_date
from tests.e2e.conftest import DESKTOP, E2E_TODAY, RERUN_TIMEOUT_MS, upload_case, wait_for_rerun
from tests.e2e.test_privacy_browser import NOT_LOOPBACK
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.case import MILESTONE_ORDER, Case, Milestone
from vitale.casefile import dumps
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

CATALOG = load_catalog().with_figures(text_figures(E2E_TODAY))
TODAY = E2E_TODAY


@dataclass(frozen=True)
class Person:
    name: str
    language: Language
    postal_code: str
    caisse: str
    sent: date
    country: str

    def text(self, key: str) -> str:
        return CATALOG.text(self.language, key)

    def case_file(self, folder: Path) -> Path:
        answers = EMPLOYEE_BORN_IN_INDIA.model_copy(update={"birth_certificate_country": self.country})
        case = Case(
            answers=answers,
            reached={Milestone.APPLICATION_SENT: self.sent},
            timeline_start=self.sent - timedelta(days=7),
            postal_code=self.postal_code,
        )
        path = folder / f"{self.name}.json"
        path.write_bytes(dumps(case))
        return path

    def sent_on(self, language: Language) -> str:
        return CATALOG.format_date(language, self.sent)


ANA = Person(
    "ana", Language.EN, "75011", "Caisse primaire d'assurance maladie de Paris", TODAY - timedelta(days=23), "IN"
)
BRUNO = Person(
    "bruno",
    Language.FR,
    "59000",
    "Caisse primaire d'assurance maladie de Lille-Douai",
    TODAY - timedelta(days=61),
    "ES",
)


@pytest.fixture
def two_pages(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """Two browser contexts open at the same time: two separate Streamlit sessions."""
    contexts = [browser.new_context(locale="en-US", **DESKTOP) for _ in range(2)]
    for context in contexts:
        context.set_default_timeout(RERUN_TIMEOUT_MS)
        context.route(NOT_LOOPBACK, lambda route: route.abort())  # the test never leaves the machine
    try:
        yield contexts[0].new_page(), contexts[1].new_page()
    finally:
        for context in contexts:
            context.close()


def go_to(page: Page, person: Person, nav_key: str, heading_key: str) -> None:
    page.get_by_role("navigation", name="App pages").get_by_role("link", name=person.text(nav_key)).click()
    wait_for_rerun(page, page.get_by_role("heading", name=person.text(heading_key), exact=True))


def switch_to_french(page: Page) -> None:
    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").click()
    wait_for_rerun(page, page.get_by_text(CATALOG.text(Language.FR, "app.disclaimer"), exact=True))


def look_up(page: Page, person: Person) -> None:
    go_to(page, person, "nav.office", "office.title")
    field = page.get_by_label(person.text("office.postcode_label"), exact=True)
    field.fill(person.postal_code)
    page.get_by_role("button", name=person.text("office.search"), exact=True).click()
    wait_for_rerun(page, page.get_by_text(person.caisse, exact=True).first)


def sees_only_their_own(page: Page, person: Person, other: Person) -> None:
    """The page's language, caisse and dates are this person's; nothing of the other's shows."""
    body = page.locator('[data-testid="stMain"]')
    expect(page.get_by_role("heading", name=person.text("office.title"), exact=True)).to_be_visible()
    expect(page.get_by_label(person.text("office.postcode_label"), exact=True)).to_have_value(person.postal_code)
    expect(body.get_by_text(person.caisse, exact=True).first).to_be_visible()
    expect(body.get_by_text(other.caisse, exact=True)).to_have_count(0)
    assert other.postal_code not in body.inner_text()


def timeline_shows_only_their_dates(page: Page, person: Person, other: Person) -> None:
    """The timeline's date entries hold this person's dates, its table their date sent."""
    go_to(page, person, "nav.timeline", "timeline.title")

    def shown(key: str) -> date | None:
        return shown_date(page, person.text(key), CATALOG, person.language)

    expect(page.get_by_role("table").last).to_contain_text(person.sent_on(person.language))
    assert shown("timeline.reached.application_sent") == person.sent
    assert shown("timeline.start_label") == person.sent - timedelta(days=7)
    labels = [person.text(f"timeline.reached.{milestone.value}") for milestone in MILESTONE_ORDER]
    on_screen = [label for label in labels if page.get_by_role("combobox", name=f"{label} — ").count()]
    others = [shown_date(page, label, CATALOG, person.language) for label in on_screen]
    assert other.sent not in others, f"{person.name} sees {other.name}'s date"
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert person.text("timeline.reached_heading") in text
    assert other.text("timeline.reached_heading") not in text


def test_two_people_at_once_never_see_each_others_language_caisse_or_dates(
    two_pages: tuple[Page, Page], app_url: str, tmp_path: Path
) -> None:
    ana, bruno = two_pages
    upload_case(ana, app_url, ANA.case_file(tmp_path))
    upload_case(bruno, app_url, BRUNO.case_file(tmp_path))
    switch_to_french(bruno)
    expect(ana.get_by_text(CATALOG.text(Language.EN, "app.disclaimer"), exact=True)).to_be_visible()

    look_up(ana, ANA)
    look_up(bruno, BRUNO)
    sees_only_their_own(ana, ANA, BRUNO)
    sees_only_their_own(bruno, BRUNO, ANA)

    timeline_shows_only_their_dates(bruno, BRUNO, ANA)
    timeline_shows_only_their_dates(ana, ANA, BRUNO)

    go_to(ana, ANA, "nav.office", "office.title")
    go_to(bruno, BRUNO, "nav.office", "office.title")
    sees_only_their_own(ana, ANA, BRUNO)
    sees_only_their_own(bruno, BRUNO, ANA)
    for page in (ana, bruno):
        expect(page.get_by_test_id("stException")).to_have_count(0)
