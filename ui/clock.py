"""The app's one clock: every page asks it for today (issue 12).

The domain never reads the clock (today is a parameter); the shell reads it here only. Tests and
demonstrations fix the day with ``VITALE_TODAY=YYYY-MM-DD`` in the environment of the process that
runs the app (AppTest runs pages in the test's own process).
"""

from __future__ import annotations

import os
from datetime import date

TODAY_ENV = "VITALE_TODAY"


def today() -> date:
    """Today, or the day ``$VITALE_TODAY`` fixes (ignored when it is not a date)."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()  # the one place that reads the clock
