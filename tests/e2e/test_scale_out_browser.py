"""Scale-out: two Streamlit processes behind Debian's nginx (deploy/), sticky sessions, real Chromium.

Streamlit keeps a session's state in the process its websocket is connected to. These tests start
``deploy/run_cluster.py``'s cluster on loopback and check that browsers are spread over both
backends, that each browser's page, static files and websocket reach one backend, and that every
session keeps its state when its websocket is cut and reconnects (nginx restarts) — while a
browser moved to the other backend loses it, which is why the routing cookie exists.

nginx missing: skipped locally, a failure in CI (``CI=true``), as conftest does for Chromium.
"""

from __future__ import annotations

import os
import secrets
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.run_cluster import BACKEND_HEADER, ROUTE_COOKIE, Cluster, cluster, find_nginx
from tests.e2e.conftest import DESKTOP, LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, wait_for_rerun

POSTCODE_LABEL = "Your postal code"
UNEXPECTED_ERROR = "Something went wrong on our side while showing this page."
CAISSES = {
    "75011": "Caisse primaire d'assurance maladie de Paris",
    "59000": "Caisse primaire d'assurance maladie de Lille-Douai",
    "69001": "Caisse primaire d'assurance maladie du Rhône",
    "13001": "Caisse primaire d'assurance maladie des Bouches-du-Rhône",
}
CONTROL_POSTCODE = "31000"
CONTROL_CAISSE = "Caisse primaire d'assurance maladie de la Haute-Garonne"
FRESH_BROWSERS = 3
"""Browsers that arrive without a routing cookie; one more returns with a cookie for the less used backend."""
RECONNECT_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two backends and nginx on loopback, for this module (skipped without nginx, failing in CI)."""
    if find_nginx() is None:
        message = "nginx not found: install Debian's nginx package to test the scale-out (deploy/)."
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install Debian's nginx for the scale-out test. {message}", pytrace=False)
        pytest.skip(message)
    log_dir = tmp_path_factory.mktemp("scale_out")
    print(f"Backend logs and nginx's error log: {log_dir}")  # shown when a test fails
    with cluster(backends=2, log_dir=log_dir) as started:
        yield started


def _get(url: str, route: str | None = None) -> tuple[str, str | None]:
    """GET ``url`` (with the routing cookie ``route``); return the backend that answered and the routing Set-Cookie."""
    headers = {"Cookie": f"{ROUTE_COOKIE}={route}"} if route is not None else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        set_cookies = response.headers.get_all("Set-Cookie", [])
        cookies = [value for value in set_cookies if value.startswith(f"{ROUTE_COOKIE}=")]
        assert len(cookies) <= 1, cookies
        return response.headers[BACKEND_HEADER], next(iter(cookies), None)


def _route_to(running: Cluster, backend: str) -> str:
    """A routing cookie value that nginx sends to ``backend`` (as an earlier visit would have left)."""
    for _ in range(200):
        candidate = secrets.token_hex(16)
        if _get(f"{running.url}/_stcore/health", candidate)[0] == backend:
            return candidate
    raise AssertionError(f"no routing cookie leads to {backend}")


@dataclass
class Visitor:
    """One person: a browser context of their own, their page, and where nginx sent them."""

    postcode: str
    caisse: str
    context: BrowserContext
    page: Page
    document_backend: str = ""
    websocket_backends: list[str] = field(default_factory=list)


def _arrive(browser: Browser, running: Cluster, postcode: str, caisse: str, route: str | None = None) -> Visitor:
    """Open the office page through the proxy in a new context, watching its websocket handshakes."""
    context = browser.new_context(locale="en-US", **DESKTOP)
    context.set_default_timeout(RERUN_TIMEOUT_MS)
    if route is not None:
        context.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": running.url}])
    page = context.new_page()
    visitor = Visitor(postcode, caisse, context, page)
    # The handshake's response headers (101) are only visible through the DevTools protocol.
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda event: visitor.websocket_backends.append(event["response"]["headers"].get(BACKEND_HEADER, "")),
    )
    # Back as soon as the headers are in: the pages load side by side.
    response = page.goto(f"{running.url}/office", wait_until="commit")
    assert response is not None
    visitor.document_backend = response.headers[BACKEND_HEADER.lower()]
    return visitor


def _look_up(visitor: Visitor) -> None:
    field_ = visitor.page.get_by_label(POSTCODE_LABEL, exact=True)
    expect(field_).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    field_.fill(visitor.postcode)
    visitor.page.get_by_role("button", name="Find my caisse", exact=True).click()


def _mark(started: float, what: str) -> None:
    print(f"{time.monotonic() - started:5.1f} s  {what}")


def _assert_no_error(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(UNEXPECTED_ERROR)).to_have_count(0)


def _wait_for_reconnect(visitors: list[Visitor]) -> None:
    """Wait until every page has opened a second websocket (the first was cut by the restart)."""
    deadline = time.monotonic() + RECONNECT_TIMEOUT_S
    for visitor in visitors:
        while len(visitor.websocket_backends) < 2:
            assert time.monotonic() < deadline, f"{visitor.postcode}: the page never reconnected"
            visitor.page.wait_for_timeout(100)  # lets Playwright deliver the DevTools events
        expect(visitor.page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=RERUN_TIMEOUT_MS)


def test_the_first_response_sets_the_routing_cookie_and_the_browser_then_stays_on_that_backend(
    running: Cluster,
) -> None:
    backend, set_cookie = _get(f"{running.url}/office")
    assert set_cookie is not None
    assert set_cookie.startswith(f"{ROUTE_COOKIE}=")
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert "Expires" not in set_cookie  # a session cookie: gone when the browser closes
    route = set_cookie.split(";")[0].split("=", 1)[1]

    later = [_get(f"{running.url}{path}", route) for path in ("/office", "/_stcore/health", "/", "/timeline")]
    assert {answered for answered, _ in later} == {backend}
    assert all(cookie is None for _, cookie in later)  # set once, never replaced


def test_the_proxy_names_no_version_and_keeps_no_access_log(running: Cluster) -> None:
    with urllib.request.urlopen(f"{running.url}/_stcore/health", timeout=10) as response:
        assert response.headers["Server"] == "nginx"
    config = running.nginx_conf.read_text(encoding="utf-8")
    assert "server_tokens off;" in config
    assert "access_log off;" in config
    assert "log_format" not in config


@pytest.mark.e2e
def test_browsers_are_spread_over_both_backends_and_keep_their_state_when_their_websocket_reconnects(
    browser: Browser, running: Cluster
) -> None:
    started = time.monotonic()
    backends = {backend.address for backend in running.backends}
    postcodes = list(CAISSES)
    visitors = [_arrive(browser, running, code, CAISSES[code]) for code in postcodes[:FRESH_BROWSERS]]
    # One more browser comes back with the cookie of an earlier visit that led to the less used
    # backend, so that both backends always have sessions, whatever the random cookies said.
    used = Counter(visitor.document_backend for visitor in visitors)
    least_used = min(sorted(backends), key=lambda address: used[address])
    returning = postcodes[FRESH_BROWSERS]
    visitors.append(_arrive(browser, running, returning, CAISSES[returning], _route_to(running, least_used)))
    # The control: a browser whose cookie will be changed to lead to the other backend.
    control = _arrive(browser, running, CONTROL_POSTCODE, CONTROL_CAISSE)
    _mark(started, "pages requested")
    try:
        for visitor in [*visitors, control]:
            _look_up(visitor)
        for visitor in [*visitors, control]:
            wait_for_rerun(visitor.page, visitor.page.get_by_text(visitor.caisse).first)
            _assert_no_error(visitor.page)
        _mark(started, "caisses shown")

        # (a) The page and its websocket reached the same backend, and both backends have sessions.
        for visitor in [*visitors, control]:
            assert visitor.websocket_backends == [visitor.document_backend], visitor.postcode
        assert {visitor.document_backend for visitor in visitors} == backends

        # Cut every websocket: nginx stops and starts again; the browsers reconnect by themselves.
        other = next(address for address in sorted(backends) if address != control.document_backend)
        control.context.add_cookies([{"name": ROUTE_COOKIE, "value": _route_to(running, other), "url": running.url}])
        _mark(started, "control moved to the other backend")
        running.restart_proxy()
        _mark(started, "proxy restarted")
        _wait_for_reconnect([*visitors, control])
        _mark(started, "reconnected")

        # (b) Each reconnect landed on the session's own backend; the page still shows its answer,
        # and a further interaction (a rerun in French) shows the server still holds the query.
        for visitor in visitors:
            assert visitor.websocket_backends == [visitor.document_backend] * 2, visitor.postcode
            page = visitor.page
            expect(page.get_by_label(POSTCODE_LABEL, exact=True)).to_have_value(visitor.postcode)
            page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").click()
        for visitor in visitors:
            page = visitor.page
            wait_for_rerun(page, page.get_by_role("heading", name="Votre caisse", exact=True))
            expect(page.get_by_text(visitor.caisse).first).to_be_visible()
            expect(page.get_by_label("Votre code postal", exact=True)).to_have_value(visitor.postcode)
            # (c) No error anywhere.
            _assert_no_error(page)

        # The control reconnected to the other backend, which does not know its session: it
        # starts a new, empty one, and the next rerun has no answer to show (the old one stays
        # on screen until then). Stickiness is what the others' state depends on.
        assert control.websocket_backends == [control.document_backend, other]
        page = control.page
        page.get_by_role("radiogroup", name="Language · Langue").get_by_role("radio", name="Français").click()
        expect(page.get_by_text(CONTROL_CAISSE)).to_have_count(0, timeout=RERUN_TIMEOUT_MS)
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
        _assert_no_error(page)
        _mark(started, "checked")
    finally:
        for visitor in [*visitors, control]:
            visitor.context.close()
    spread = Counter(visitor.document_backend for visitor in [*visitors, control])
    print(f"Scale-out browser test: {time.monotonic() - started:.1f} s; sessions per backend: {dict(spread)}")
