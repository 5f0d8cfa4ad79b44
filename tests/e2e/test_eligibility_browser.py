"""The questionnaire in a real browser: a person answers, goes Back, changes an answer, sees their outcome.

Texts are the app's own (vitale/text/en.toml: [wizard], [question.*], [option.*], [outcome.*]).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PHONE, open_app, wait_for_rerun

pytestmark = pytest.mark.e2e

TERRITORY = "Where will you live?"
MAIN_HOME = "Will France be your main home, at least 6 months a year?"
ACTIVITY = "What will you mainly do?"
NATIONALITY = "What is your nationality?"
RESIDENCE_STATUS = "Which document allows you to stay in France?"
SITUATIONS = "Do any of these apply to you?"

MAINLAND = "Mainland France (including Corsica)"
MAIN_HOME_YES = "Yes, France is (or will be) my main home"
ABROAD = "Abroad (outside France)"
OVERSEAS = "Overseas France (Guadeloupe, Martinique, Guyane, Réunion, Mayotte, New Caledonia…)"
WHERE_OVERSEAS = "Where overseas will you live?"
NEW_CALEDONIA = "New Caledonia"
NOT_WORKING = "None of these (not working)"

CHECK_HEADING = "Check your answers"
BIRTH_COUNTRY = "Which country issued your birth certificate?"
BIRTH_LANGUAGE = "In which language is your birth certificate written?"
SEE_OUTCOME = "See what applies to me"
OUTCOME_HEADING = "What applies to you"
WORK_OUTCOME = "You are covered through your work in France, from your first hour of work."
LOCAL_REGIME_OUTCOME = (
    "Your health cover is handled by the territory's own social security system, not by the French CPAMs."
)
THREE_PAYSLIPS_TRAP = re.compile(r"^Workers are covered from the first hour")


def open_questionnaire(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/eligibility", ready=question(page, TERRITORY))


def question(page: Page, label: str) -> Locator:
    """The radio group of a one-answer question, by its label."""
    return page.get_by_role("radiogroup", name=label, exact=True)


def activate(target: Locator, *, tap: bool) -> None:
    """Tap ``target`` on a phone (touch events), click it on a desktop."""
    if tap:
        target.tap()
    else:
        target.click()


def press(page: Page, name: str, *, tap: bool = False) -> None:
    """Click (or, on a phone, tap) the button called ``name``."""
    activate(page.get_by_role("button", name=name, exact=True), tap=tap)


def answer(page: Page, label: str, option: str, following: Locator, *, tap: bool = False) -> None:
    """Choose ``option`` of the question ``label``, press Continue, wait for ``following`` to be drawn."""
    activate(question(page, label).get_by_text(option, exact=True), tap=tap)
    expect(question(page, label).get_by_role("radio", name=option, exact=True)).to_be_checked()
    press(page, "Continue", tap=tap)
    wait_for_rerun(page, following)


def choose_by_typing(page: Page, label: str, typed: str, following: Locator, *, tap: bool = False) -> None:
    """Type into the searchable select ``label``, take the first match with Enter, Continue."""
    box = page.get_by_role("combobox", name=label, exact=True)
    activate(box, tap=tap)
    box.fill(typed)  # the whole word at once: typing key by key races the list's filtering
    expect(page.get_by_role("option", name=typed, exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(box).to_have_value(typed)
    press(page, "Continue", tap=tap)
    wait_for_rerun(page, following)


def checked_answer(page: Page, label: str) -> Locator:
    """On the check page, the paragraph that shows the question ``label`` in bold and its answer."""
    return page.locator("p").filter(has=page.locator("strong", has_text=label))


def assert_no_error_box(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_person_completes_the_questionnaire_and_sees_their_outcome(phone_page: Page, app_url: str) -> None:
    page = phone_page
    open_questionnaire(page, app_url)

    answer(page, TERRITORY, MAINLAND, question(page, MAIN_HOME), tap=True)
    answer(page, MAIN_HOME, MAIN_HOME_YES, question(page, ACTIVITY), tap=True)
    answer(page, ACTIVITY, "Employee in France", question(page, NATIONALITY), tap=True)
    answer(page, NATIONALITY, "Another nationality", question(page, RESIDENCE_STATUS), tap=True)
    situations = page.get_by_text(SITUATIONS, exact=True)
    answer(page, RESIDENCE_STATUS, "A residence permit or a validated long-stay visa", situations, tap=True)

    expect(page.get_by_role("checkbox", name="I was born in France", exact=True)).not_to_be_checked()
    none_of_these = page.get_by_role("checkbox", name="None of these apply to me", exact=True)
    expect(none_of_these).not_to_be_checked()
    page.get_by_text("None of these apply to me", exact=True).tap()
    expect(none_of_these).to_be_checked()
    press(page, "Continue", tap=True)
    country = page.get_by_role("combobox", name=BIRTH_COUNTRY, exact=True)
    wait_for_rerun(page, country)
    language = page.get_by_role("combobox", name=BIRTH_LANGUAGE, exact=True)
    choose_by_typing(page, BIRTH_COUNTRY, "India", language, tap=True)
    choose_by_typing(page, BIRTH_LANGUAGE, "Hindi", page.get_by_role("heading", name=CHECK_HEADING), tap=True)

    press(page, SEE_OUTCOME, tap=True)
    wait_for_rerun(page, page.get_by_role("heading", name=OUTCOME_HEADING))
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text(WORK_OUTCOME, exact=True)).to_be_visible()
    expect(page.get_by_text(THREE_PAYSLIPS_TRAP)).to_be_visible()
    assert_no_error_box(page)

    activate(page.get_by_role("link", name="See the documents you need"), tap=True)
    download_button = page.get_by_role("button", name="Download the printable list (PDF)")
    wait_for_rerun(page, download_button)
    expect(page.get_by_text("A French translation of your birth certificate", exact=False)).to_be_visible()
    with page.expect_download() as download:
        activate(download_button, tap=True)
    assert download.value.suggested_filename == "vitale-documents.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert_no_error_box(page)


def test_back_keeps_the_answer_and_change_returns_to_the_check_page(page: Page, app_url: str) -> None:
    open_questionnaire(page, app_url)
    answer(page, TERRITORY, MAINLAND, question(page, MAIN_HOME))
    answer(page, MAIN_HOME, MAIN_HOME_YES, question(page, ACTIVITY))

    press(page, "Back")
    wait_for_rerun(page, question(page, MAIN_HOME))
    expect(question(page, MAIN_HOME).get_by_role("radio", name=MAIN_HOME_YES, exact=True)).to_be_checked()
    press(page, "Back")
    wait_for_rerun(page, question(page, TERRITORY))
    expect(question(page, TERRITORY).get_by_role("radio", name=MAINLAND, exact=True)).to_be_checked()

    # Living abroad without working in France: nothing else applies, so the check page comes next.
    answer(page, TERRITORY, ABROAD, question(page, ACTIVITY))
    answer(page, ACTIVITY, NOT_WORKING, page.get_by_role("heading", name=CHECK_HEADING))
    expect(checked_answer(page, TERRITORY)).to_contain_text(ABROAD)
    expect(checked_answer(page, ACTIVITY)).to_contain_text(NOT_WORKING)

    # One Change button per answer, in the order asked: the first is "Where will you live?".
    page.get_by_role("button", name="Change", exact=True).first.click()
    wait_for_rerun(page, question(page, TERRITORY))
    expect(question(page, TERRITORY).get_by_role("radio", name=ABROAD, exact=True)).to_be_checked()
    answer(page, TERRITORY, OVERSEAS, question(page, WHERE_OVERSEAS))  # the place in two steps (issue 14)
    answer(page, WHERE_OVERSEAS, NEW_CALEDONIA, page.get_by_role("heading", name=CHECK_HEADING))
    expect(checked_answer(page, TERRITORY)).to_contain_text(NEW_CALEDONIA)
    expect(checked_answer(page, ACTIVITY)).to_have_count(0)  # no longer asked in New Caledonia

    press(page, SEE_OUTCOME)
    wait_for_rerun(page, page.get_by_role("heading", name=OUTCOME_HEADING))
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text(LOCAL_REGIME_OUTCOME, exact=True)).to_be_visible()
    assert_no_error_box(page)


def test_start_again_on_a_phone_asks_first_can_be_cancelled_then_erases_and_says_so(
    phone_page: Page, app_url: str
) -> None:
    page = phone_page
    open_questionnaire(page, app_url)
    answer(page, TERRITORY, MAINLAND, question(page, MAIN_HOME), tap=True)

    press(page, "Start again", tap=True)
    confirm = page.get_by_text("Erase everything you have entered", exact=False)
    wait_for_rerun(page, confirm)
    press(page, "No, keep my answers", tap=True)
    wait_for_rerun(page, page.get_by_role("button", name="Start again", exact=True))
    expect(confirm).to_have_count(0)
    expect(question(page, MAIN_HOME)).to_be_visible()

    press(page, "Start again", tap=True)
    wait_for_rerun(page, confirm)
    press(page, "Yes, erase everything", tap=True)
    wait_for_rerun(page, page.get_by_text("Everything you had entered has been erased", exact=False))
    expect(question(page, TERRITORY)).to_be_visible()
    expect(question(page, TERRITORY).get_by_role("radio", name=MAINLAND, exact=True)).not_to_be_checked()
    assert_no_error_box(page)


def _on_first_screen(page: Page, target: Locator) -> None:
    """``target`` is wholly visible on the phone's first screen, the page not scrolled."""
    box = target.bounding_box()
    assert box is not None
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["viewport"]["height"], f"{box} below the first screen"


def test_on_a_phone_in_french_each_question_and_continue_fit_the_first_screen(french_phone: Page, app_url: str) -> None:
    page = french_phone
    open_app(page, f"{app_url}/eligibility", ready=question(page, "Où allez-vous vivre\u202f?"))
    _on_first_screen(page, question(page, "Où allez-vous vivre\u202f?"))
    _on_first_screen(page, page.get_by_role("button", name="Continuer", exact=True))
    activate(page.get_by_text("France métropolitaine (Corse comprise)", exact=True), tap=True)
    press(page, "Continuer", tap=True)
    main_home = page.get_by_role("radiogroup", name=re.compile("^La France sera-t-elle votre résidence principale"))
    wait_for_rerun(page, main_home)
    page.evaluate("window.scrollTo(0, 0)")
    _on_first_screen(page, main_home)
    _on_first_screen(page, page.get_by_role("button", name="Continuer", exact=True))


def test_the_phone_menu_is_called_menu_and_closes_after_a_choice(french_phone: Page, app_url: str) -> None:
    page = french_phone
    open_app(page, f"{app_url}/eligibility", ready=question(page, "Où allez-vous vivre\u202f?"))
    menu = page.get_by_role("button", name="Menu", exact=True)
    shown = menu.evaluate("button => getComputedStyle(button, '::after').content")
    assert shown == '"Menu"', "the word is shown, not only an icon"
    menu.tap()
    office = page.get_by_role("link", name="Trouver votre caisse")
    expect(office).to_be_in_viewport()
    office.tap()
    wait_for_rerun(page, page.get_by_role("heading", name="Trouver la caisse qui gère votre dossier", level=1))
    expect(office).not_to_be_in_viewport()  # the menu closed over the page
    expect(menu).to_be_visible()
