"""Real-browser fixtures: the real app on a loopback port, and Debian's Chromium driven by Playwright.

Nothing is downloaded: Playwright's own browsers are never installed; the tests use
``/usr/bin/chromium``. Without it they are skipped locally and fail in CI (``CI=true``),
where the workflow must install Debian's ``chromium`` package.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from deploy.run_cluster import free_port, healthy, streamlit_command
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from ui.clock import TODAY_ENV
from vitale.case import Case, Milestone
from vitale.casefile import dumps

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"

E2E_TODAY = date.fromisoformat(os.environ.setdefault(TODAY_ENV, date.today().isoformat()))
"""The day of the whole browser run: every server started here (and by deploy/run_cluster.py, which passes
its environment on) reads it from ``VITALE_TODAY``, and the tests compute their dates from it, so a run
across midnight cannot disagree with itself (issue 12, one clock)."""
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
}
"""A phone: narrow screen, touch, mobile viewport rules (tap, don't click), and a phone's user agent —
Streamlit closes its page menu after a choice only when the user agent says "mobile" (issue 14)."""
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}

LOAD_TIMEOUT_MS = 30_000
"""The first page of a session (the server builds its cached indexes on first use)."""
RERUN_TIMEOUT_MS = 15_000
"""A rerun after a click or a submitted form."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: real-browser tests of the running app (needs Debian's chromium at /usr/bin/chromium)"
    )


_LOG_KEY = pytest.StashKey[Path]()


def _require_chromium() -> None:
    """Skip without Debian's Chromium; in CI (``CI=true``), fail instead: CI must install it."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium package (Playwright's own browsers are never used)."
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must install Debian's chromium for the e2e tests. {message}", pytrace=False)
    pytest.skip(message)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Check for Chromium before any fixture starts the app."""
    if item.get_closest_marker("e2e") is not None:
        _require_chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failed e2e test, attach the end of the app's log (the server's side of the story)."""
    report = yield
    log_path = item.config.stash.get(_LOG_KEY, None)
    if report.failed and log_path is not None and "app_url" in getattr(item, "fixturenames", ()):
        report.sections.append(("app log (last 4000 characters)", log_path.read_text(errors="replace")[-4000:]))
    return report


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def serve_app(log_path: Path) -> Iterator[str]:
    """Start the real app with ``streamlit run`` on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    command = streamlit_command(port, APP)
    base_url = f"http://{HOST}:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not healthy(f"{base_url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with code {process.returncode}"
                    if process.returncode is not None
                    else f"did not answer 'ok' on /_stcore/health within {STARTUP_TIMEOUT_S} s"
                )
                pytest.fail(
                    f"The app {reason}.\nCommand: {' '.join(command)}\n"
                    f"Log ({log_path}):\n{log_path.read_text(errors='replace')}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def app_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (no trailing slash) of the real app, served on loopback for the whole session."""
    log_path = tmp_path_factory.mktemp("e2e_app") / "streamlit.log"
    request.config.stash[_LOG_KEY] = log_path
    with serve_app(log_path) as base_url:
        yield base_url


@pytest.fixture
def fresh_app_url(tmp_path: Path) -> Iterator[str]:
    """A server of its own that has served no request yet (for first-request behaviour)."""
    with serve_app(tmp_path / "streamlit.log") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session."""
    _require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _new_page(browser: Browser, device: dict[str, Any], locale: str = "en-US") -> Iterator[Page]:
    # A fixed locale (English unless asked): the app picks its first language from the browser's.
    context = browser.new_context(locale=locale, **device)
    context.set_default_timeout(RERUN_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop-sized page in a new browser context (a new Streamlit session) per test."""
    yield from _new_page(browser, DESKTOP)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A fresh phone-sized (390×844, touch) page in a new browser context per test."""
    yield from _new_page(browser, PHONE)


@pytest.fixture
def french_phone(browser: Browser) -> Iterator[Page]:
    """A phone (390×844, touch, a phone's user agent) whose browser speaks French: the app starts in French."""
    yield from _new_page(browser, PHONE, locale="fr-FR")


def open_app(page: Page, url: str, ready: Locator | None = None) -> None:
    """Go to ``url`` and wait until the app has drawn ``ready`` (by default its language switch)."""
    page.goto(url)
    target = ready if ready is not None else page.get_by_role("radiogroup", name="Language · Langue")
    expect(target).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def wait_for_rerun(page: Page, expected: Locator) -> None:
    """Wait until a rerun has drawn ``expected``, then until the script run has finished.

    ``expected`` must be new to this rerun (Streamlit keeps the previous run's elements on
    screen while it reruns). The app root's ``data-test-script-state`` turns ``notRunning``
    once the whole script, footer included, has run.
    """
    expect(expected).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    app_root = page.locator('[data-testid="stApp"]')
    expect(app_root).to_have_attribute("data-test-script-state", "notRunning", timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=RERUN_TIMEOUT_MS)


def open_tab(page: Page, tab: Locator, *, tap: bool = False) -> None:
    """Tap (or click) ``tab`` once the page has finished its run, until it is the selected tab.

    Under CPU load a tap can be lost — made while the first run is still being drawn, it is undone when
    that run ends (measured: 1 of 5 runs of the browser suite under two CPU hogs). A person taps again; so
    does this, at most three times. What the app must guarantee is checked after: a rerun does not move
    the person to another tab (``upload_case``).
    """
    app_root = page.locator('[data-testid="stApp"]')
    for _ in range(3):
        expect(app_root).to_have_attribute("data-test-script-state", "notRunning", timeout=RERUN_TIMEOUT_MS)
        tab.tap() if tap else tab.click()
        try:
            expect(tab).to_have_attribute("aria-selected", "true")
        except AssertionError:
            continue
        return
    expect(tab).to_have_attribute("aria-selected", "true")


def write_case_file(tmp_path: Path, sent_days_ago: int = 20) -> Path:
    """A case file with every answer (an employee born in India) and the application sent some days ago,
    as the dossier page saves it."""
    from datetime import timedelta

    sent = E2E_TODAY - timedelta(days=sent_days_ago)
    case = Case(
        answers=EMPLOYEE_BORN_IN_INDIA,
        reached={Milestone.APPLICATION_SENT: sent},
        timeline_start=sent - timedelta(days=10),
    )
    path = tmp_path / "vitale-case.json"
    path.write_bytes(dumps(case))
    return path


def upload_case(page: Page, app_url: str, case_file: Path, *, tap: bool = False) -> None:
    """On the dossier page's "Save and resume" tab, upload ``case_file`` and wait until it is loaded."""
    save_tab = page.get_by_role("tab", name="Save and resume", exact=True)
    open_app(page, f"{app_url}/dossier", ready=save_tab)
    open_tab(page, save_tab, tap=tap)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Resume from a case file")
    expect(uploader).to_be_visible()
    uploader.locator('input[type="file"]').set_input_files(case_file)
    wait_for_rerun(page, page.get_by_text("Your case file has been loaded", exact=False))
    expect(save_tab).to_have_attribute("aria-selected", "true")  # the confirmation is where the person is


def go_to_page_on_a_phone(page: Page, link: str, ready: Locator) -> None:
    """Tap the phone's « Menu », then the page called ``link``; the menu closes by itself (issue 14)."""
    page.get_by_role("button", name="Menu", exact=True).tap()
    page.get_by_role("navigation", name="App pages").get_by_role("link", name=link).tap()
    wait_for_rerun(page, ready)
    expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()
