"""The case file: the session's :class:`~vitale.case.Case`, serialised, saved on the user's own device.

This module only serialises. Nothing personal is kept on the server (README,
"It keeps nothing"): a user who wants to come back downloads a case file and
uploads it later. The file is JSON with a schema name and version::

    {"schema": "vitale-case", "version": 3, "case": {...}}

:func:`loads` validates an uploaded file *completely* before anything is
used, and refuses with a :class:`CaseFileError` carrying a translatable
message key (``casefile.<reason>``) anything that is not a case file of a
known version with possible values: too large, not UTF-8, not JSON, nested
too deep, duplicate keys, NaN or infinite numbers, another schema, an unknown
version, impossible dates (31 February, a date before 1900), unknown fields or
values. It never raises anything else. (A card received before the application
was sent is a possible entry: the timeline page explains why it cannot project it.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from vitale.case import Case

SCHEMA = "vitale-case"
VERSION = 5
"""Version 2 (issue 10) added ``answers.pension_from``, ``answers.household_size`` and the situation
``family_or_housing_benefits``; version 3 (issue 12) the letter's ``sender`` and reached dates in any
order (the timeline page explains an impossible order); version 4 (issue 15) the household's ``members`` and
the documents ticked for each (``member_ticked``); version 5 (issue 16) what was entered for the C2S
(``c2s_household_size``, ``c2s_income_eur``, ``c2s_applied_on``).
Older files are migrated on load (:data:`MIGRATIONS`)."""
MAX_BYTES = 1_000_000
"""Uploaded files over 1 MB are refused before they are read (a case file is a few kB)."""
MAX_DEPTH = 32
"""A case file nests 4 levels; anything much deeper is hostile (and could exhaust the parser)."""


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


def _from_version_2(case: dict[str, Any]) -> dict[str, Any]:
    """Version 2 → 3: nothing to change; version 3 only adds an optional ``sender`` and refuses fewer files."""
    return dict(case)


def _from_version_3(case: dict[str, Any]) -> dict[str, Any]:
    """Version 3 → 4: nothing to change; version 4 only adds the optional ``members`` and
    ``member_ticked`` (issue 15)."""
    return dict(case)


def _from_version_4(case: dict[str, Any]) -> dict[str, Any]:
    """Version 4 → 5: nothing to change; version 5 only adds the optional C2S fields (issue 16)."""
    return dict(case)


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_version_1, 2: _from_version_2, 3: _from_version_3, 4: _from_version_4,
}  # fmt: skip
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


DATE_FIELDS = frozenset({"arrival_date", "timeline_start", "date_of_birth", "birth_date", "c2s_applied_on"})
"""The case's date fields: a refused value there is an impossible date."""


def _reason(error: ValidationError) -> str:
    """``impossible_date`` when any refused value is a date (a milestone, the arrival…), else ``invalid_content``."""
    for detail in error.errors():
        location = detail["loc"]
        milestone_date = "reached" in location and "[key]" not in location
        if milestone_date or DATE_FIELDS & set(location):
            return "impossible_date"
    return "invalid_content"
