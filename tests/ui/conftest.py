"""AppTest runs the pages in this process: every UI test runs on the same fixed day (issue 12, one clock)."""

from __future__ import annotations

from datetime import date

import pytest

from ui.clock import TODAY_ENV

UI_TODAY = date(2026, 12, 2)
"""The day every page believes it is during the UI tests (``VITALE_TODAY``), so no run depends on the calendar."""


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setenv(TODAY_ENV, UI_TODAY.isoformat())
    return UI_TODAY
