"""Dated parameters and contact figures, read from ``parameters.toml``.

Rule (architecture.md, point 3): a value that the law or an administration
can change is data, never a bare constant. Each value carries ``since`` (the
date from which it applies), its ``source`` id and the date we last
``verified_on`` it. A change adds a value with a later ``since``; the old one
stays, so :meth:`DatedParameter.at` can answer for any date.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_serializer,
    field_validator,
    model_validator,
)

from vitale.provenance import Confidence

PARAMETERS_FILE = Path(__file__).with_name("parameters.toml")

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class OpeningHours(BaseModel):
    """One span of opening hours, e.g. ``mon-fri 08:30-17:30``."""

    model_config = _FROZEN

    first_day: str
    last_day: str
    opens: str
    closes: str

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        days, hours = text.split()
        first, _, last = days.partition("-")
        opens, closes = hours.split("-")
        return cls(first_day=first, last_day=last or first, opens=opens, closes=closes)


class PhoneLine(BaseModel):
    """A telephone line of the Assurance Maladie (domain.md §5)."""

    model_config = _FROZEN

    id: str
    number: str
    dial: str
    hours: tuple[OpeningHours, ...]
    hours_vary: bool
    no_surcharge: bool
    source: str
    verified_on: date | None = None
    confidence: Confidence

    @field_validator("hours", mode="before")
    @classmethod
    def _parse_hours(cls, value: object) -> object:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(OpeningHours.parse(v) for v in value)
        return value


class DatedValue(BaseModel):
    """A value that applies from ``since`` until the next value's ``since``."""

    model_config = _FROZEN

    since: date
    value: date | int | float | str | tuple[int, ...]
    """A number, a date, a text, or a scale (e.g. a ceiling for 1, 2, 3 and 4 people)."""
    source: str
    verified_on: date
    confidence: Confidence


class StageDuration(BaseModel):
    """How long one step of the journey takes, in calendar days, from ``since`` (domain.md §4).

    ``typical`` is what the sources report for a normal case; ``worst`` the
    longest figure an official rule gives, or our estimate (then ``sources``
    names an ``estimate_*`` source). Both zero: the step takes no time.
    """

    model_config = _FROZEN

    since: date
    typical: float = Field(ge=0)
    worst: float = Field(ge=0)
    sources: tuple[str, ...] = Field(min_length=1)
    verified_on: date
    confidence: Confidence

    @model_validator(mode="after")
    def _worst_is_longer(self) -> StageDuration:
        if self.worst < self.typical or (self.typical == 0) != (self.worst == 0):
            raise ValueError("worst must exceed typical (or both be zero)")
        return self


_Dated = TypeVar("_Dated", "DatedValue", "StageDuration")


class _DatedSeries(BaseModel, Generic[_Dated]):
    """Values that each apply from their ``since`` until the next one's."""

    model_config = _FROZEN

    id: str
    description: str
    values: tuple[_Dated, ...] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _sorted_by_since(cls, values: tuple[_Dated, ...]) -> tuple[_Dated, ...]:
        return tuple(sorted(values, key=lambda v: v.since))

    def at(self, on: date) -> _Dated:
        """The value in force on ``on``; before the first ``since``, the first value.

        Answering with the earliest value rather than failing keeps the app
        usable for back-dated questions; the value's ``since`` is shown with it.
        """
        current = self.values[0]
        for value in self.values:
            if value.since <= on:
                current = value
        return current


class DatedParameter(_DatedSeries[DatedValue]):
    """A parameter whose value depends on the date.

    A value the law revalues on a known day every year (the AME and C2S
    ceilings every 1 April: ``revalued_yearly_on = "04-01"``) goes stale when
    that day passes without a newer value: :meth:`stale_since` says from when,
    and the app shows "this figure may have changed since …". Confirming that
    the last value still holds sets ``last_value_still_valid_on`` (the spirit of
    OpenFisca's ``last_value_still_valid_on``).
    """

    revalued_yearly_on: str | None = Field(default=None, pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
    last_value_still_valid_on: date | None = None

    def next_revaluation(self, after: date) -> date | None:
        """The first revaluation day strictly after ``after`` (``None`` when the value is not revalued)."""
        if self.revalued_yearly_on is None:
            return None
        month, day = (int(part) for part in self.revalued_yearly_on.split("-"))
        candidate = date(after.year, month, day)
        return candidate if candidate > after else date(after.year + 1, month, day)

    def stale_since(self, on: date) -> date | None:
        """The revaluation day, on or before ``on``, since which the value in force may have changed; else ``None``.

        The value in force on ``on`` is known to hold until the later of its
        own ``since`` and, for the last value, ``last_value_still_valid_on``.
        """
        current = self.at(on)
        known_until = current.since
        if current is self.values[-1] and self.last_value_still_valid_on is not None:
            known_until = max(known_until, self.last_value_still_valid_on)
        revaluation = self.next_revaluation(known_until)
        return revaluation if revaluation is not None and revaluation <= on else None


class DatedDuration(_DatedSeries[StageDuration]):
    """A stage duration whose figures depend on the date the application is made."""


class Parameters(BaseModel):
    """Everything in ``parameters.toml``, validated.

    Read-only all the way down: the model is frozen and its tables are read-only
    mappings, because :func:`load_parameters` hands the same object to every session.
    """

    model_config = _FROZEN

    phone_lines: Mapping[str, PhoneLine]
    parameters: Mapping[str, DatedParameter]
    durations: Mapping[str, DatedDuration]

    @field_validator("phone_lines", "parameters", "durations", mode="after")
    @classmethod
    def _read_only(cls, table: Mapping[str, Any]) -> Mapping[str, Any]:
        return MappingProxyType(dict(table))

    @field_serializer("phone_lines", "parameters", "durations", mode="wrap")
    def _as_dict(self, table: Mapping[str, Any], handler: SerializerFunctionWrapHandler) -> Any:
        return handler(dict(table))

    def phone(self, line_id: str) -> PhoneLine:
        return self.phone_lines[line_id]

    def parameter(self, parameter_id: str) -> DatedParameter:
        return self.parameters[parameter_id]

    def duration(self, stage_id: str) -> DatedDuration:
        return self.durations[stage_id]


@cache
def load_parameters(path: Path = PARAMETERS_FILE) -> Parameters:
    """Read and validate the parameters file (once per process)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    lines = [PhoneLine(**line) for line in raw.get("phone_line", [])]
    params = {key: DatedParameter(id=key, **value) for key, value in raw.get("parameter", {}).items()}
    durations = {key: DatedDuration(id=key, **value) for key, value in raw.get("duration", {}).items()}
    return Parameters(phone_lines={line.id: line for line in lines}, parameters=params, durations=durations)
