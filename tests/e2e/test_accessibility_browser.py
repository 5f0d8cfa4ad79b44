"""Accessibility in a real browser: axe-core on every page in both languages, a keyboard-only questionnaire,
named widgets and a text alternative for the timeline's charts.

Texts are the app's own, read from vitale/text/*.toml so that both languages run the same walk.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.a11y import (
    axe_violations,
    blocking,
    date_part,
    focus_is_visible,
    is_focused,
    tab_to,
    type_date,
    unnamed_widgets_with_hidden_labels,
)
from tests.e2e.conftest import E2E_TODAY, open_app, wait_for_rerun, write_case_file
from ui.pages import PAGES
from vitale.case import Milestone
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

CATALOG = load_catalog().with_figures(text_figures(E2E_TODAY))
PAGE_TITLES = {
    "home": "home.heading",
    "eligibility": "wizard.title",
    "documents": "documents.title",
    "office": "office.title",
    "timeline": "timeline.title",
    "care": "care.title",
    "dossier": "dossier.title",
}
"""Each page's ``st.title`` (its h1), by the url_path of ui/pages.py."""
ANSWER_DEPENDENT = ("eligibility", "documents", "timeline", "care", "dossier")
"""The pages that show something else once the questionnaire is answered."""

MAX_TABS_TO_NEXT_QUESTION = 40
"""After Continue, Streamlit replaces the form and the focus falls back to the document (or, depending on
timing, stays near the buttons): the next question must still be reachable by pressing Tab, within one round
of the page's tab stops — the header's links and language switch, then up to ten options (the special
situations). 20 was one round on a quick rerun and failed once in CI on a slow one."""


def text(language: Language, key: str, **values: object) -> str:
    return CATALOG.text(language, key, **values)


class Audit:
    """Walks the app in one session, runs the checks on each state and keeps what they found."""

    def __init__(self, page: Page, language: Language) -> None:
        self.page = page
        self.language = language
        self.findings: dict[str, list[str]] = {}
        self.states: list[str] = []

    def t(self, key: str, **values: object) -> str:
        return text(self.language, key, **values)

    def heading(self, key: str) -> Locator:
        return self.page.get_by_role("heading", name=self.t(key), exact=True)

    def check(self, state: str) -> None:
        """axe-core (serious and critical violations, and heading order) and widgets without a name."""
        name = f"{self.language.value} · {state}"
        self.states.append(name)
        found = [str(violation) for violation in blocking(axe_violations(self.page))]
        found += [f"    a widget with a hidden label and no accessible name: {html}" for html in
                  unnamed_widgets_with_hidden_labels(self.page)]  # fmt: skip
        if found:
            self.findings[name] = found

    def go_to(self, url_path: str) -> None:
        spec = next(spec for spec in PAGES if spec.url_path == url_path)
        nav = self.page.get_by_role("navigation", name="App pages")
        nav.get_by_role("link", name=self.t(spec.title_key), exact=True).click()
        wait_for_rerun(self.page, self.heading(PAGE_TITLES[url_path]).and_(self.page.locator("h1")))

    def open_tab(self, key: str) -> Locator:
        """Open the tab called ``t(key)`` and return its panel."""
        self.page.get_by_role("tab", name=self.t(key), exact=True).click()
        panel = self.page.get_by_role("tabpanel", name=self.t(key), exact=True)
        expect(panel).to_be_visible()
        expect(self.page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
        return panel

    def check_dossier_tabs(self, state: str, *, letter_form: bool) -> None:
        for key in ("dossier.tab_letter", "dossier.tab_call", "dossier.tab_save"):
            panel = self.open_tab(key)
            if key == "dossier.tab_letter" and letter_form:  # the sender's form and the letter are audited too
                expect(panel.get_by_role("heading", name=self.t("dossier.sender_heading"), exact=True)).to_be_visible()
            self.check(f"dossier, {self.t(key)} tab, {state}")

    def check_timeline_charts(self) -> None:
        for key in ("timeline.tab_milestones", "timeline.tab_card"):
            panel = self.open_tab(key)
            expect(panel.get_by_test_id("stVegaLiteChart").locator("svg.marks")).to_be_visible()
            self.check(f"timeline, {self.t(key)} tab, with answers")

    def write_letter(self) -> None:
        """Fill in the sender's details on the letter tab and write the letter."""
        self.open_tab("dossier.tab_letter")
        for key, value in (("full_name", "Ana O'Brien"), ("address", "12 rue de la Paix"), ("city", "Paris")):
            self.page.get_by_label(self.t(f"dossier.{key}"), exact=True).fill(value)
        label = self.t("dossier.date_of_birth")
        names = (self.t("date_entry.day"), self.t("date_entry.month"), self.t("date_entry.year"))
        date_part(self.page, label, names[0]).click()
        month = self.t("date.months_short").split(",")[3]
        type_date(self.page, label, ("2", month, "1990"), names)
        self.page.get_by_role("button", name=self.t("dossier.make_letter"), exact=True).click()
        wait_for_rerun(self.page, self.page.get_by_text(self.t("dossier.letter_fr"), exact=True))

    def upload(self, path: Path) -> None:
        self.go_to("dossier")
        self.open_tab("dossier.tab_save")
        uploader = self.page.get_by_test_id("stFileUploader").filter(has_text=self.t("dossier.upload_case"))
        uploader.locator('input[type="file"]').set_input_files(path)
        wait_for_rerun(self.page, self.page.get_by_text(self.t("dossier.restored"), exact=True))

    def report(self) -> str:
        details = "\n".join(f"  {state}:\n" + "\n".join(found) for state, found in self.findings.items())
        return f"{len(self.findings)} of {len(self.states)} states fail:\n{details}"


def switch_language(page: Page, language: Language) -> None:
    if language is Language.EN:
        return
    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").click()
    wait_for_rerun(page, page.get_by_role("heading", name=text(language, "home.heading"), exact=True))


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
def test_every_page_in_every_state_has_no_serious_accessibility_violation(
    page: Page, app_url: str, tmp_path: Path, language: Language
) -> None:
    audit = Audit(page, language)
    open_app(page, f"{app_url}/", ready=page.get_by_role("heading", name=text(Language.EN, "home.heading")))
    switch_language(page, language)

    for spec in PAGES:  # before any answer: the questionnaire's first question, "answer it first" notes
        audit.go_to(spec.url_path)
        if spec.url_path == "dossier":
            audit.check_dossier_tabs("no answers", letter_form=False)
        else:
            audit.check(f"{spec.url_path}, no answers")

    audit.upload(write_case_file(tmp_path))
    audit.check("dossier, case file loaded")
    audit.go_to("office")  # first: the cover letter is addressed to the caisse found here
    field = page.get_by_label(audit.t("office.postcode_label"), exact=True)
    field.fill("75011")
    field.press("Enter")
    wait_for_rerun(page, page.get_by_text("Caisse primaire d'assurance maladie de Paris", exact=True))
    audit.check("office, 75011 found")

    for url_path in ANSWER_DEPENDENT:
        audit.go_to(url_path)
        if url_path == "eligibility":
            audit.check("eligibility, check your answers")
            audit.page.get_by_role("button", name=audit.t("wizard.see_outcome"), exact=True).click()
            wait_for_rerun(page, audit.heading("outcome_page.heading"))
            audit.check("eligibility, outcome")
        elif url_path == "timeline":
            audit.check_timeline_charts()
        elif url_path == "dossier":
            audit.check_dossier_tabs("with answers, before the letter", letter_form=True)
            audit.write_letter()
            audit.check_dossier_tabs("with the letter written", letter_form=True)
        else:
            audit.check(f"{url_path}, with answers")

    assert not audit.findings, audit.report()


def test_the_french_pages_tell_the_browser_and_screen_readers_they_are_in_french(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch_language(page, Language.FR)
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^fr\b"), timeout=5_000)
    page.goto(f"{app_url}/timeline")  # a page opened directly, in a new session that starts in English
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=5_000)
    switch = page.get_by_role("radiogroup", name="Language · Langue")
    for name, code, title in (("Français", "fr", "Votre calendrier"), ("English", "en", "Your timeline")):
        switch.get_by_role("radio", name=name).click()
        wait_for_rerun(page, page.get_by_role("heading", name=title, exact=True))
        expect(page.locator("html")).to_have_attribute("lang", code, timeout=5_000)


def test_the_timeline_charts_are_named_and_followed_by_a_table_of_the_same_figures(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    audit = Audit(page, Language.EN)
    open_app(page, f"{app_url}/dossier", ready=page.get_by_role("tab", name=audit.t("dossier.tab_save")))
    audit.upload(write_case_file(tmp_path))
    audit.go_to("timeline")
    table = page.get_by_role("table").filter(
        has=page.get_by_role("cell", name=audit.t("timeline.milestone.card_received"))
    )
    expect(table).to_have_count(1)
    steps = [audit.t(f"timeline.milestone.{milestone.value}") for milestone in Milestone]

    for tab, alt in (
        ("timeline.tab_milestones", "timeline.chart.milestones_alt"),
        ("timeline.tab_card", "timeline.chart.chance_alt"),
    ):
        chart = audit.open_tab(tab).get_by_test_id("stVegaLiteChart")
        expect(chart).to_have_attribute("aria-label", audit.t(alt))
        expect(chart.locator("svg.marks")).to_be_visible()
        follows = chart.evaluate(
            "(chart, table) => !!(chart.compareDocumentPosition(table) & 4)", table.element_handle()
        )
        assert follows, "the table in words comes after the chart"

    expect(table.get_by_role("row")).to_have_count(1 + len(steps))
    steps_chart = audit.open_tab("timeline.tab_milestones").get_by_test_id("stVegaLiteChart")
    for step in steps:
        expect(steps_chart.locator("svg text", has_text=step)).to_have_count(1)  # a row of the chart…
        row = table.get_by_role("row").filter(has=page.get_by_role("cell", name=step, exact=True))
        expect(row).to_have_count(1)  # …and a row of the table, with its dates in words
        expect(row).to_contain_text(re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}"))


def test_a_keyboard_user_answers_the_questionnaire_and_reaches_the_outcome_without_a_mouse(
    page: Page, app_url: str
) -> None:
    en = Language.EN

    def question(key: str) -> Locator:
        return page.get_by_role("radiogroup", name=text(en, f"question.{key}.label"), exact=True)

    def option(key: str, value: str) -> Locator:
        return question(key).get_by_role("radio", name=text(en, f"option.{key}.{value}"), exact=True)

    def label_of(control: Locator) -> Locator:
        return control.locator("xpath=ancestor::label[1]")

    continue_button = page.get_by_role("button", name=text(en, "wizard.next"), exact=True)

    def press_continue(following: Locator) -> None:
        tab_to(page, continue_button, limit=4)  # the Back button may sit in between
        assert focus_is_visible(page, continue_button, continue_button), "no visible focus on Continue"
        page.keyboard.press("Enter")
        wait_for_rerun(page, following)

    def choose(key: str, value: str, following: Locator) -> None:
        """Tab to the first option, Space to choose it, arrow keys down to ``value``, then Continue."""
        first = question(key).get_by_role("radio").first
        tab_to(page, first, limit=MAX_TABS_TO_NEXT_QUESTION)
        page.keyboard.press("Space")
        target = option(key, value)
        for _ in range(question(key).get_by_role("radio").count()):
            if is_focused(target):
                break
            page.keyboard.press("ArrowDown")  # moves the focus and the choice together
        expect(target).to_be_checked()
        assert focus_is_visible(page, target, label_of(target)), f"no visible focus on {value}"
        press_continue(following)

    open_app(page, f"{app_url}/eligibility", ready=question("territory"))
    choose("territory", "metropole", question("main_home"))
    choose("main_home", "yes", question("activity"))
    choose("activity", "none", question("nationality"))
    arrival_label = text(en, "question.arrival_date.label")
    names = (text(en, "date_entry.day"), text(en, "date_entry.month"), text(en, "date_entry.year"))
    day = date_part(page, arrival_label, names[0])
    choose("nationality", "french", day)

    tab_to(page, day, limit=MAX_TABS_TO_NEXT_QUESTION)
    assert focus_is_visible(page, day, day), "no visible focus on the date's day"
    type_date(page, arrival_label, ("15", "Jan", "2024"), names)  # typed, taken with Enter, Tab to the next
    none_of_these = page.get_by_role("checkbox", name=text(en, "wizard.none_of_these"), exact=True)
    press_continue(none_of_these)

    tab_to(page, none_of_these, limit=MAX_TABS_TO_NEXT_QUESTION)
    page.keyboard.press("Space")
    expect(none_of_these).to_be_checked()
    assert focus_is_visible(page, none_of_these, label_of(none_of_these)), "no visible focus on the checkbox"
    see_outcome = page.get_by_role("button", name=text(en, "wizard.see_outcome"), exact=True)
    press_continue(see_outcome)

    expect(page.get_by_text(text(en, "wizard.check_heading"), exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(CATALOG.format_date(en, date(2024, 1, 15)))
    tab_to(page, see_outcome, limit=MAX_TABS_TO_NEXT_QUESTION)
    assert focus_is_visible(page, see_outcome, see_outcome), "no visible focus on the outcome button"
    page.keyboard.press("Enter")
    wait_for_rerun(page, page.get_by_role("heading", name=text(en, "outcome_page.heading"), exact=True))
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(text(en, "outcome.puma_residence.title"))
    # The outcome's links and its "Edit my answers" button are reachable from the keyboard too.
    tab_to(page, page.get_by_role("button", name=text(en, "wizard.edit_answers"), exact=True), limit=40)
