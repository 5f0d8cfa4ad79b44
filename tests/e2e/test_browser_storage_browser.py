"""Keeping the case in this browser (issue 14), in a real browser: what a reload keeps, and what it must not.

Off by default, a reload (a new Streamlit session) starts from question 1, as before. Turned on, the answers
come back after a reload with a message, on a phone in French too; Start again erases them and turns keeping
off; another browser context (another person, a private window) sees nothing; a damaged stored copy is
refused, said and erased; a browser that refuses to store (full, or blocked) turns keeping off and says so.
``localStorage`` is read from the page itself to see what the browser holds. Texts are the app's own
(vitale/text/*.toml, [browser_store]).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.a11y import axe_violations, blocking
from tests.e2e.conftest import (
    E2E_TODAY,
    LOAD_TIMEOUT_MS,
    RERUN_TIMEOUT_MS,
    open_app,
    wait_for_rerun,
)
from ui.browser_store import STORAGE_KEY
from vitale.casefile import loads
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

CATALOG = load_catalog().with_figures(text_figures(E2E_TODAY))
STORED = f"() => window.localStorage.getItem({STORAGE_KEY!r})"
NOTHING_STORED = f"() => window.localStorage.getItem({STORAGE_KEY!r}) === null"


class Person:
    """One person in one browser context, in one language, on one device: answers, reloads, starts again."""

    def __init__(self, page: Page, language: Language, *, tap: bool = False) -> None:
        self.page, self.language, self.tap = page, language, tap

    def t(self, key: str) -> str:
        return CATALOG.text(self.language, key)

    def question(self, key: str) -> Locator:
        return self.page.get_by_role("radiogroup", name=self.t(f"question.{key}.label"), exact=True)

    def activate(self, target: Locator) -> None:
        target.tap() if self.tap else target.click()

    def button(self, key: str) -> Locator:
        return self.page.get_by_role("button", name=self.t(key), exact=True)

    def switch(self) -> Locator:
        return self.page.get_by_role("switch", name=self.t("browser_store.switch"), exact=True)

    def open(self, url: str) -> None:
        open_app(self.page, f"{url}/eligibility", ready=self.page.get_by_role("heading", name=self.t("wizard.title")))
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=LOAD_TIMEOUT_MS
        )

    def reload(self) -> None:
        self.page.reload()
        expect(self.page.get_by_role("heading", name=self.t("wizard.title"))).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=LOAD_TIMEOUT_MS
        )

    def flip_switch(self) -> None:
        label = self.page.get_by_test_id("stCheckbox").filter(has_text=self.t("browser_store.switch"))
        self.activate(label.get_by_text(self.t("browser_store.switch"), exact=True))

    def keep(self, on: bool = True) -> None:
        switch = self.switch()
        expect(switch).to_be_checked(checked=not on)
        self.flip_switch()
        wait_for_rerun(self.page, self.page.get_by_text(self.t("browser_store.on" if on else "browser_store.off")))
        expect(switch).to_be_checked(checked=on)

    def answer(self, key: str, option: str, following: str) -> None:
        label = self.t(f"option.{key}.{option}")
        self.activate(self.question(key).get_by_text(label, exact=True))
        expect(self.question(key).get_by_role("radio", name=label, exact=True)).to_be_checked()
        self.activate(self.button("wizard.next"))
        wait_for_rerun(self.page, self.question(following))

    def answer_two_questions(self) -> None:
        self.answer("territory", "metropole", "main_home")
        self.answer("main_home", "yes", "activity")

    def start_again(self) -> None:
        self.activate(self.button("wizard.start_again"))
        wait_for_rerun(self.page, self.page.get_by_text(self.t("wizard.start_again_confirm"), exact=True))
        self.activate(self.button("wizard.start_again_yes"))
        wait_for_rerun(self.page, self.page.get_by_text(self.t("wizard.start_again_done"), exact=True))

    def stored(self) -> str | None:
        value = self.page.evaluate(STORED)
        assert value is None or isinstance(value, str)
        return value

    def wait_until_stored(self, fragment: str) -> None:
        """The component writes after the run has been drawn: wait until the browser holds ``fragment``."""
        self.page.wait_for_function(
            f"() => (window.localStorage.getItem({STORAGE_KEY!r}) || '').includes({fragment!r})",
            timeout=RERUN_TIMEOUT_MS,
        )

    def restored_notice(self) -> Locator:
        return self.page.get_by_text(self.t("browser_store.restored"), exact=True)

    def on_question_one_with_nothing(self) -> None:
        expect(self.question("territory")).to_be_visible()
        expect(self.question("territory").get_by_role("radio", checked=True)).to_have_count(0)
        expect(self.restored_notice()).to_have_count(0)


def _no_error_box(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_off_by_default_a_reload_loses_the_answers_as_before(page: Page, app_url: str) -> None:
    person = Person(page, Language.EN)
    person.open(app_url)
    expect(person.switch()).not_to_be_checked()
    expect(page.get_by_text(person.t("browser_store.off"), exact=True)).to_be_visible()
    person.answer_two_questions()
    assert person.stored() is None, "nothing is written unless the person turns it on"
    person.reload()
    person.on_question_one_with_nothing()
    assert person.stored() is None
    _no_error_box(page)


def test_turned_on_the_answers_come_back_after_a_reload_and_start_again_erases_them(
    french_phone: Page, app_url: str
) -> None:
    page = french_phone
    person = Person(page, Language.FR, tap=True)
    person.open(app_url)
    person.keep()
    person.answer_two_questions()
    person.wait_until_stored('"main_home": "yes"')
    stored = person.stored()
    assert stored is not None
    answers = loads(stored.encode()).answers.model_dump(exclude_none=True)
    assert answers == {"territory": "metropole", "main_home": "yes"}
    assert "?" not in page.url, "nothing in the URL"

    person.reload()
    expect(person.restored_notice()).to_be_visible()
    expect(person.question("activity")).to_be_visible()
    expect(person.switch()).to_be_checked()
    _screenshot(page, "restored-fr-phone")
    assert blocking(axe_violations(page)) == [], "the restored page has no serious accessibility violation"
    person.answer("activity", "employee", "nationality")
    person.wait_until_stored('"activity": "employee"')

    person.reload()  # every new session restores, and says so
    expect(person.restored_notice()).to_be_visible()
    expect(person.question("nationality")).to_be_visible()

    person.start_again()
    page.wait_for_function(NOTHING_STORED, timeout=RERUN_TIMEOUT_MS)
    expect(person.switch()).not_to_be_checked()
    person.reload()
    person.on_question_one_with_nothing()
    expect(person.switch()).not_to_be_checked()
    assert person.stored() is None
    _no_error_box(page)


def test_turned_off_the_copy_is_erased_at_once(page: Page, app_url: str) -> None:
    person = Person(page, Language.EN)
    person.open(app_url)
    person.keep()
    person.answer_two_questions()
    person.wait_until_stored('"main_home": "yes"')
    person.keep(on=False)
    page.wait_for_function(NOTHING_STORED, timeout=RERUN_TIMEOUT_MS)
    person.reload()
    person.on_question_one_with_nothing()


def test_another_browser_context_sees_nothing(browser: Browser, app_url: str) -> None:
    contexts: list[BrowserContext] = []
    try:
        first, second = (browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}) for _ in "12")
        contexts += [first, second]
        owner = Person(first.new_page(), Language.EN)
        owner.open(app_url)
        owner.keep()
        owner.answer_two_questions()
        owner.wait_until_stored('"main_home": "yes"')

        other = Person(second.new_page(), Language.EN)
        other.open(app_url)
        other.on_question_one_with_nothing()
        expect(other.switch()).not_to_be_checked()
        assert other.stored() is None
        other.reload()
        other.on_question_one_with_nothing()
    finally:
        for context in contexts:
            context.close()


@pytest.mark.parametrize(
    "damaged",
    ["{not json", '{"schema": "vitale-case", "version": 3, "case": {"answers": {"territory": "atlantis"}}}'],
    ids=["not-json", "unknown-answer"],
)
def test_a_damaged_stored_copy_is_refused_said_and_erased(page: Page, app_url: str, damaged: str) -> None:
    person = Person(page, Language.EN)
    person.open(app_url)
    page.evaluate("([key, value]) => window.localStorage.setItem(key, value)", [STORAGE_KEY, damaged])
    person.reload()
    expect(page.get_by_text(person.t("browser_store.refused"), exact=True)).to_be_visible()
    person.on_question_one_with_nothing()
    page.wait_for_function(NOTHING_STORED, timeout=RERUN_TIMEOUT_MS)
    expect(person.switch()).not_to_be_checked()
    _no_error_box(page)


def _screenshot(page: Page, name: str) -> None:
    """Keep a screenshot to look at by hand when ``VITALE_SCREENSHOTS`` names a folder; else take none."""
    folder = os.environ.get("VITALE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_a_browser_that_refuses_to_store_turns_keeping_off_and_says_so(browser: Browser, app_url: str) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(RERUN_TIMEOUT_MS)
    # What a full storage (or one blocked by the browser's settings) does to every write.
    context.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    try:
        page = context.new_page()
        person = Person(page, Language.EN)
        person.open(app_url)
        person.flip_switch()
        wait_for_rerun(page, page.get_by_text(person.t("browser_store.unavailable"), exact=True))
        expect(person.switch()).not_to_be_checked()
        assert person.stored() is None
        _no_error_box(page)
    finally:
        context.close()
