"""Where a fact comes from and how sure we are of it.

Every rule, figure and address the app shows carries a :class:`Confidence`
and the ids of the sources it rests on (see :mod:`vitale.sources`).
"""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    """How far a fact can be trusted, shown to the user next to it.

    ``high``: an official text or official data says so.
    ``medium``: inferred from official data, or official but old.
    ``low``: a secondary source, an estimate, or data that may be out of date;
    the user must confirm it (domain.md: "show it as advice").
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"high": 2, "medium": 1, "low": 0}[self.value]
