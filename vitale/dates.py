"""Calendar arithmetic shared by the rules, the timeline, the calendar file and the pages."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has fewer days (31 Jan + 1 = 28/29 Feb).

    "More than 3 months" in the rules is read as "from arrival + 3 calendar months" (decision 0004).
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
