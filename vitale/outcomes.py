"""The possible outcomes of the questionnaire, and what an assessment carries."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Outcome(StrEnum):
    LOCAL_REGIME = "local_regime"
    MONACO_REGIME = "monaco_regime"
    NOT_ELIGIBLE = "not_eligible"
    MSA = "msa"
    S1_REGISTRATION = "s1_registration"
    OPTION_SWITZERLAND = "option_switzerland"
    PUMA_WORK = "puma_work"
    STUDENT_ONLINE = "student_online"
    EHIC_COVERED = "ehic_covered"
    CONVENTION_QUEBEC = "convention_quebec"
    AME = "ame"
    URGENT_CARE_ONLY = "urgent_care_only"
    PUMA_RESIDENCE_WAIT = "puma_residence_wait"
    PUMA_RESIDENCE = "puma_residence"
    CASE_BY_CASE = "case_by_case"
    REFER_CPAM = "refer_cpam"


class Fund(StrEnum):
    """Who handles the file."""

    CPAM = "cpam"
    CGSS = "cgss"
    CSS_MAYOTTE = "css_mayotte"
    LOCAL_FUND_SAINT_BARTHELEMY = "local_fund_saint_barthelemy"
    MSA = "msa"
    LOCAL_BODY = "local_body"
    MONACO_FUNDS = "monaco_funds"
    FOREIGN_INSURER = "foreign_insurer"
    HOSPITAL = "hospital"
    NONE = "none"


class Reason(BaseModel):
    """A rule that decided the outcome: its id (``R7``), a text key and its sources."""

    model_config = _FROZEN

    rule: str
    text_key: str
    source_ids: tuple[str, ...]


class Caution(BaseModel):
    """An uncertain point (a ⚠ of domain.md) the user must confirm."""

    model_config = _FROZEN

    text_key: str
    source_ids: tuple[str, ...]


class Assessment(BaseModel):
    """The outcome, why, what to check, and what to do next."""

    model_config = _FROZEN

    outcome: Outcome
    eligible_from: date | None
    fund: Fund
    reasons: tuple[Reason, ...]
    cautions: tuple[Caution, ...]
    next_steps: tuple[str, ...]
    traps: tuple[str, ...]


class Decision(BaseModel):
    """What a matching rule returns; :func:`assess` adds the fund, next steps and traps."""

    model_config = _FROZEN

    outcome: Outcome
    rule: str
    sources: tuple[str, ...]
    eligible_from: date | None = None
    cautions: tuple[Caution, ...] = ()
    fund: Fund | None = None
    reason_key: str | None = None


def caution(key: str, *sources: str) -> Caution:
    """A caution whose text is ``caution.<key>``."""
    return Caution(text_key=f"caution.{key}", source_ids=sources)
