"""Cold start to the first rendered page in a real browser, and the server's peak memory, against hello world.

Each repetition starts a fresh server with ``streamlit run`` on a free
loopback port (:mod:`bench.server`, the same way for both apps) and times,
from just before the process is spawned, until Debian's Chromium (driven by
Playwright, launched once beforehand and never timed) has drawn the first
page: Vitale's home title ("Get your French health cover and your carte
Vitale") visible, or the hello-world app's "Hello", then the app root's
``data-test-script-state`` at ``notRunning`` and no status widget (the whole
script has run, footer included; as ``tests/e2e/conftest.py`` waits). The
baseline is ``st.write("Hello")``. Repetitions alternate Vitale and hello
world (3 each; 1 with ``--quick``); the table shows the medians. Each
repetition uses a new browser context, so nothing is cached in the browser
beyond what Chromium keeps in memory for the profile.

Memory: ``VmHWM`` (peak resident size) and ``VmRSS`` of the server process
right after that first page, i.e. after Vitale loaded and validated its
reference data and built the office index (``st.cache_resource``).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from bench.common import Row, ratio, texts
from bench.server import APP, HELLO_APP, script_file, serve
from vitale.text import Language

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPEATS = 3
QUICK_REPEATS = 1
PAGE_TIMEOUT_MS = 60_000


def _first_page(browser: Any, script: Path, ready_text: str, then: tuple[str, str] | None = None) -> dict[str, float]:
    """One cold start: seconds to healthy and to the first rendered page, and the server's memory then;
    with ``then`` (a URL path, a text to wait for), that page opened next and the server's peak after it."""
    from playwright.sync_api import expect

    with serve(script) as server:
        healthy_s = time.perf_counter() - server.started
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(server.url, timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_text(ready_text, exact=True).first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
            app_root = page.locator('[data-testid="stApp"]')
            expect(app_root).to_have_attribute("data-test-script-state", "notRunning", timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=PAGE_TIMEOUT_MS)
            rendered_s = time.perf_counter() - server.started
            memory = server.memory()
            errors = page.locator('[data-testid="stException"]').count()
            after: dict[str, float] = {}
            if then is not None:
                path, text = then
                page.goto(f"{server.url}/{path}", timeout=PAGE_TIMEOUT_MS)
                expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
                expect(app_root).to_have_attribute("data-test-script-state", "notRunning", timeout=PAGE_TIMEOUT_MS)
                after = {"then_hwm_mb": server.memory()["hwm"]}
                errors += page.locator('[data-testid="stException"]').count()
        finally:
            context.close()
    if errors:
        raise RuntimeError(f"cold start of {script.name}: the first page shows {errors} exception(s)")
    return {
        "healthy_s": healthy_s,
        "rendered_s": rendered_s,
        "rss_mb": memory["rss"],
        "hwm_mb": memory["hwm"],
        **after,
    }


TARGET_COLD_START_RATIO = 1.5
TARGET_PEAK_MEMORY_RATIO = 2.5


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """Cold starts of Vitale and hello world, alternating; return the table rows and the figures."""
    repeats = QUICK_REPEATS if quick else REPEATS
    if not CHROMIUM.exists():
        row = Row(f"cold start to first rendered page (skipped: no {CHROMIUM})", "s", None, None)
        return [row], {"skipped": f"{CHROMIUM} not found", "repeats": 0}
    from playwright.sync_api import sync_playwright

    home_title = texts().text(Language.EN, "home.heading")
    office = ("office", texts().text(Language.EN, "office.title"))
    samples: dict[str, list[dict[str, float]]] = {"vitale": [], "hello": []}
    started = time.perf_counter()
    with script_file(HELLO_APP, "hello_app.py") as hello, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(repeats):
                samples["vitale"].append(_first_page(browser, APP, home_title, then=office))
                samples["hello"].append(_first_page(browser, hello, "Hello"))
        finally:
            browser.close()
    medians = {
        app: {name: statistics.median(sample[name] for sample in runs) for name in runs[0]}
        for app, runs in samples.items()
    }
    ours, base = medians["vitale"], medians["hello"]
    rows = [
        Row(
            "cold start → first rendered page (Chromium), median",
            "s",
            ours["rendered_s"],
            base["rendered_s"],
            ratio(ours["rendered_s"], base["rendered_s"]),
            "vitale/hello",
            target=f"< {TARGET_COLD_START_RATIO}× hello world",
            passed=ratio(ours["rendered_s"], base["rendered_s"]) < TARGET_COLD_START_RATIO,
        ),
        Row(
            "server peak memory after the first page (VmHWM)",
            "MB",
            ours["hwm_mb"],
            base["hwm_mb"],
            ratio(ours["hwm_mb"], base["hwm_mb"]),
            "vitale/hello",
            target=f"< {TARGET_PEAK_MEMORY_RATIO}× hello world",
            passed=ratio(ours["hwm_mb"], base["hwm_mb"]) < TARGET_PEAK_MEMORY_RATIO,
        ),
        Row(
            "server peak memory once the office page has been opened too (VmHWM)",
            "MB",
            ours["then_hwm_mb"],
            base["hwm_mb"],
            ratio(ours["then_hwm_mb"], base["hwm_mb"]),
            "vitale/hello",
        ),
    ]
    figures = {
        "repeats": repeats,
        "medians": medians,
        "samples": samples,
        "runtime_s": time.perf_counter() - started,
    }
    return rows, figures


def notes(figures: dict[str, Any]) -> list[str]:
    """Plain-language lines to print under the table."""
    if figures.get("skipped"):
        return [f"cold start: skipped ({figures['skipped']})."]
    ours, base = figures["medians"]["vitale"], figures["medians"]["hello"]
    return [
        f"cold start: {figures['repeats']} fresh server(s) per app, alternating, each timed from the spawn of"
        " `streamlit run` to the first page drawn in Chromium (title visible, script state notRunning);"
        f" the server answers /_stcore/health after {ours['healthy_s']:.1f} s (hello {base['healthy_s']:.1f} s),"
        f" so the first page itself takes {ours['rendered_s'] - ours['healthy_s']:.1f} s"
        f" (hello {base['rendered_s'] - base['healthy_s']:.1f} s). RSS then: vitale {ours['rss_mb']:.0f} MB,"
        f" hello {base['rss_mb']:.0f} MB. Runtime {figures['runtime_s']:.0f} s.",
    ]
