"""Reading a French postal code the way people actually type it.

Rules (issue 2):

* spaces anywhere are ignored (``" 75 011 "`` is ``75011``), including
  non-breaking and zero-width spaces pasted from documents;
* digits from any script count (a phone keyboard may type ``٧٥٠١١``);
* a 4-digit code is a code whose leading zero was dropped by a spreadsheet:
  we suggest ``0`` + the code ("did you mean 01000?");
* anything else that is not exactly 5 digits is refused with a reason.

:func:`normalise_postcode` never raises, whatever it is given.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

MAX_INPUT_LENGTH = 64
"""Longer input is refused outright: no postal code needs more room."""


class PostcodeProblem(StrEnum):
    """Why a text is not a postal code; each value has a translated message."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    MISSING_LEADING_ZERO = "missing_leading_zero"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


class NormalisedPostcode(BaseModel):
    """The outcome of reading a postal code: a 5-digit ``value`` or a ``problem``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str | None
    problem: PostcodeProblem | None
    suggestion: str | None = None


def clean_postcode_text(text: str) -> str:
    """Drop every kind of space and turn digits of any script into ASCII digits.

    Idempotent: cleaning a cleaned text changes nothing.
    """
    out: list[str] = []
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def normalise_postcode(text: object) -> NormalisedPostcode:
    """Read ``text`` as a postal code; see the module docstring for the rules."""
    if isinstance(text, str) and len(text) == 5 and text.isascii() and text.isdigit():
        return NormalisedPostcode(value=text, problem=None)  # what nearly everyone types: nothing to clean
    if not isinstance(text, str) or not text.strip():
        return NormalisedPostcode(value=None, problem=PostcodeProblem.EMPTY)
    if len(text) > MAX_INPUT_LENGTH:
        return NormalisedPostcode(value=None, problem=PostcodeProblem.TOO_LONG)
    cleaned = clean_postcode_text(text)
    if not cleaned:
        return NormalisedPostcode(value=None, problem=PostcodeProblem.EMPTY)
    if not (cleaned.isascii() and cleaned.isdigit()):
        return NormalisedPostcode(value=None, problem=PostcodeProblem.NOT_DIGITS)
    if len(cleaned) == 4:
        return NormalisedPostcode(value=None, problem=PostcodeProblem.MISSING_LEADING_ZERO, suggestion=f"0{cleaned}")
    if len(cleaned) < 5:
        return NormalisedPostcode(value=None, problem=PostcodeProblem.TOO_SHORT)
    if len(cleaned) > 5:
        return NormalisedPostcode(value=None, problem=PostcodeProblem.TOO_LONG)
    return NormalisedPostcode(value=cleaned, problem=None)
