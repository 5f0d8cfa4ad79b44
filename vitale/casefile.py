"""The case file: everything a user needs to resume later, saved on their own device.

Nothing personal is kept on the server (README, "What is kept"): a user who
wants to come back downloads a case file and uploads it later. The file is
JSON with a schema name and version::

    {"schema": "vitale-case", "version": 1, "case": {...}}

:func:`loads` validates an uploaded file *completely* before anything is
used, and refuses with a :class:`CaseFileError` carrying a translatable
message key (``casefile.<reason>``) anything that is not a case file of a
known version with possible values: too large, not UTF-8, not JSON, nested
too deep, duplicate keys, NaN or infinite numbers, another schema, an unknown
version, impossible dates (31 February, a card received before the
application was sent), unknown fields or values. It never raises anything else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vitale.answers import Answers

SCHEMA = "vitale-case"
VERSION = 2
"""Version 2 (issue 10) adds ``answers.pension_from``, ``answers.household_size`` and the situation
``family_or_housing_benefits``; a version-1 file is migrated on load (:data:`MIGRATIONS`)."""
MAX_BYTES = 1_000_000
"""Uploaded files over 1 MB are refused before they are read (a case file is a few kB)."""
MAX_DEPTH = 32
"""A case file nests 4 levels; anything much deeper is hostile (and could exhaust the parser)."""

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


class Milestone(StrEnum):
    """The steps of the journey a user can mark as reached, in order (domain.md §4)."""

    APPLICATION_SENT = "application_sent"
    TEMPORARY_NUMBER = "temporary_number"
    PERMANENT_NUMBER = "permanent_number"
    AMELI_ACCOUNT = "ameli_account"
    CARD_RECEIVED = "card_received"


MILESTONE_ORDER = tuple(Milestone)


class CardOrder(StrEnum):
    """How the card is ordered: in the ameli account, or on the paper form the caisse sends (F265)."""

    ONLINE = "online"
    PAPER = "paper"


class DocumentId(StrEnum):
    """The documents of the checklist (issue 4; domain.md §3) a user can tick."""

    FORM_S1106 = "form_s1106"
    ID_DOCUMENT = "id_document"
    RESIDENCE_PERMIT = "residence_permit"
    WORK_PROOF = "work_proof"
    BIRTH_CERTIFICATE = "birth_certificate"
    BIRTH_CERTIFICATE_TRANSLATION = "birth_certificate_translation"
    RIB = "rib"
    PROOF_OF_ADDRESS = "proof_of_address"
    PROOF_OF_RESIDENCE_3_MONTHS = "proof_of_residence_3_months"
    S1_FORM = "s1_form"
    SCHOOL_CERTIFICATE = "school_certificate"
    AME_FORM = "ame_form"
    INCOME_PROOF = "income_proof"
    FAMILY_LINK_PROOF = "family_link_proof"
    EXEMPTION_PROOF = "exemption_proof"
    PENSION_PROOF = "pension_proof"
    ASYLUM_CERTIFICATE = "asylum_certificate"


PossibleDate = Annotated[date, Field(ge=EARLIEST, le=LATEST)]


class Case(BaseModel):
    """What a case file holds: the answers, the milestones reached, the documents ticked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answers: Answers = Answers()
    reached: dict[Milestone, PossibleDate] = Field(default_factory=dict)
    ticked: frozenset[DocumentId] = frozenset()
    postal_code: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    insee_code: Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$")] | None = None
    timeline_start: PossibleDate | None = None
    """The day the file was ready, from which the timeline is projected."""
    card_order: CardOrder | None = None

    @field_validator("reached")
    @classmethod
    def _in_journey_order(cls, reached: dict[Milestone, date]) -> dict[Milestone, date]:
        """A later milestone cannot be reached before an earlier one (the card before the application)."""
        dates = [reached[m] for m in MILESTONE_ORDER if m in reached]
        if any(later < earlier for earlier, later in pairwise(dates)):
            raise ValueError("milestones reached out of order")
        return reached


class CaseFileError(Exception):
    """A case file was refused; ``message_key`` is the text key of the reason shown to the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message_key = f"casefile.{reason}"
        super().__init__(self.message_key)


def dumps(case: Case) -> bytes:
    """The case as a UTF-8 JSON file (stable key order, readable)."""
    body = {"schema": SCHEMA, "version": VERSION, "case": case.model_dump(mode="json", exclude_defaults=True)}
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def loads(data: bytes) -> Case:
    """Read a case file; :class:`CaseFileError` for anything refused (see the module docstring)."""
    if not isinstance(data, bytes | bytearray):
        raise CaseFileError("not_json")
    if len(data) > MAX_BYTES:
        raise CaseFileError("too_large")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileError("not_utf8") from error
    if _depth(text) > MAX_DEPTH:
        raise CaseFileError("too_deep")
    try:
        body = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _DuplicateKeyError as error:
        raise CaseFileError("duplicate_keys") from error
    except (ValueError, RecursionError) as error:  # JSONDecodeError, NaN/Infinity, over-long integers
        raise CaseFileError("not_json") from error
    if not isinstance(body, dict) or body.get("schema") != SCHEMA:
        raise CaseFileError("wrong_schema")
    version = body.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        raise CaseFileError("unknown_version")
    if set(body) - {"schema", "version", "case"} or not isinstance(body.get("case"), dict):
        raise CaseFileError("wrong_schema")
    case = body["case"]
    for older in range(version, VERSION):
        case = MIGRATIONS[older](case)
    try:
        return Case.model_validate(case)
    except ValidationError as error:
        raise CaseFileError(_reason(error)) from error


def _from_version_1(case: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2: every version-1 answer keeps its meaning, so the answers are carried over as they are.

    What version 1 could not hold is simply absent: the questionnaire asks a retiree
    who pays the pension, and a household whose income was given how many people
    it counts, the next time the file is opened (``next_question``). A version-1
    "under 18" child is no longer exempt from the 3-month wait by that alone
    (domain.md §2.4): the same answers may now give another outcome, which is the fix.
    """
    return dict(case)


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}
"""``MIGRATIONS[n]`` turns the ``case`` object of a version-``n`` file into version ``n + 1``."""


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, counted without parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise _DuplicateKeyError
    return dict(pairs)


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


def _reason(error: ValidationError) -> str:
    """``impossible_date`` when any refused value is a date (a milestone or the arrival), else ``invalid_content``."""
    for detail in error.errors():
        location = detail["loc"]
        milestone_date = "reached" in location and "[key]" not in location
        if milestone_date or {"arrival_date", "timeline_start"} & set(location):
            return "impossible_date"
    return "invalid_content"
