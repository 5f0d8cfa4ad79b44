"""Issue 10 in a real browser, on a phone, in French: a household's AME ceiling, its date, and the warning
that a figure revalued every 1 April may have changed; a French pensioner abroad answers three questions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_TODAY, go_to_page_on_a_phone, upload_case, wait_for_rerun
from vitale.answers import Answers
from vitale.case import Case
from vitale.casefile import dumps
from vitale.rules import text_figures
from vitale.text import Language, load_catalog

pytestmark = pytest.mark.e2e

FR = load_catalog().with_figures(text_figures(E2E_TODAY))
HOUSEHOLD_OF_THREE = Answers.model_validate(
    {
        "territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "other",
        "residence_status": "none", "arrival_date": "2025-01-10", "situations": [], "household_size": 3,
        "annual_income_eur": 18000,
    }
)  # fmt: skip
"""18,000 € a year: over a single person's AME ceiling (10,339 €), under a household of three's (18,609 €)."""


def text(key: str) -> str:
    return FR.text(Language.FR, key)


def screenshot(page: Page, name: str) -> None:
    """For a person to look at (``VITALE_SCREENSHOTS=/some/dir``); nothing is written otherwise."""
    folder = os.environ.get("VITALE_SCREENSHOTS")
    if folder:
        size = page.viewport_size
        height = page.get_by_test_id("stMainBlockContainer").evaluate("e => e.scrollHeight")
        page.set_viewport_size({"width": size["width"] if size else 390, "height": int(height) + 200})
        page.wait_for_timeout(500)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        if size:
            page.set_viewport_size(size)


def test_a_household_of_three_sees_its_ame_ceiling_with_its_date_and_a_may_have_changed_warning(
    phone_page: Page, app_url: str, tmp_path: Path
) -> None:
    page = phone_page
    case_file = tmp_path / "vitale-case.json"
    case_file.write_bytes(dumps(Case(answers=HOUSEHOLD_OF_THREE)))
    upload_case(page, app_url, case_file, tap=True)
    page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").tap()
    wait_for_rerun(page, page.get_by_text(text("app.disclaimer"), exact=True))
    ready = page.get_by_text(text("question.household_size.label"), exact=True)
    go_to_page_on_a_phone(page, text("nav.eligibility"), ready)
    see = page.get_by_role("button", name=text("wizard.see_outcome"), exact=True)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(text("wizard.people").format(count=3))
    screenshot(page, "check_answers_fr_phone")
    see.tap()
    wait_for_rerun(page, page.get_by_text(text("outcome.ame.title"), exact=True))
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Plafond de ressources de l'AME pour un foyer de 3 personnes")
    expect(main).to_contain_text("18\u202f609 €")
    expect(main).to_contain_text("en vigueur depuis le 1er avril 2025")
    expect(main).to_contain_text("Ce chiffre a pu changer depuis le 1er avril 2026")
    expect(main).to_contain_text("décret n° 2026-67")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "ame_household_fr_phone")
