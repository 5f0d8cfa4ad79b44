"""The person writing the cover letter: what they typed on the dossier page (never stored on the server).

Everything typed is kept as plain text: one field, one line of the letter, with control and invisible
formatting characters dropped (issue 6, hostile input).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _clean(value: str, *, keep_newlines: bool = False) -> str:
    """Drop control and invisible formatting characters; keep the text otherwise exactly as typed."""
    kept = (
        char
        for char in value
        if (keep_newlines and char == "\n") or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co"}
    )
    return "".join(kept).strip()


class Civility(StrEnum):
    """How the letter names its writer: « M. », « Mme », or by name only (optional)."""

    NONE = ""
    MR = "mr"
    MRS = "mrs"


class Sender(BaseModel):
    """The person writing: what they typed on the page (never stored on the server)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    full_name: Annotated[str, Field(min_length=1, max_length=120)]
    address: Annotated[str, Field(min_length=1, max_length=300)]
    postal_code: Annotated[str, Field(pattern=r"^\d{5}$")]
    city: Annotated[str, Field(min_length=1, max_length=80)]
    date_of_birth: Annotated[date, Field(ge=date(1900, 1, 1))]
    phone: Annotated[str, Field(max_length=30)] = ""
    civility: Civility = Civility.NONE
    social_security_number: Annotated[str, Field(pattern=r"^([12478]\d{12}(\d{2})?)?$")] = ""
    """An existing number (a French citizen coming back, someone who worked in France before): 13 digits,
    or 15 with the key; a temporary number starts with 7 or 8. Spaces are dropped."""

    @field_validator("full_name", "city", "phone", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        # Every line break (\n, \r\n, U+2028, U+2029 …) becomes a space: one field, one line of the letter.
        return _clean(" ".join(value.splitlines())) if isinstance(value, str) else value

    @field_validator("social_security_number", mode="before")
    @classmethod
    def _digits(cls, value: object) -> object:
        return "".join(value.split()) if isinstance(value, str) else value

    @field_validator("address", mode="before")
    @classmethod
    def _lines(cls, value: object) -> object:
        return _clean("\n".join(value.splitlines()), keep_newlines=True) if isinstance(value, str) else value
