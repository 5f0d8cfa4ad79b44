"""What comes back from the browser's storage (issue 14) is read exactly as a case file, whatever it is.

The stored value is under the control of anyone with the browser (or a script on the site's origin): any
JSON value can come back, any text, with lone surrogates. ``ui.browser_store.stored_case`` gives a case or
refuses with a :class:`CaseFileError` whose reason is translated; nothing else. The page side (refused,
said, erased) is in tests/ui/test_browser_store.py.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.test_hostile_input import ANY_UNICODE, JSON_VALUES, _hostile_files, case_or_translated_refusal, fuzz
from ui.browser_store import digest, stored_case
from vitale.case import Case
from vitale.casefile import dumps
from vitale.text import load_catalog

CATALOG = load_catalog()
STORED_VALUES = st.one_of(
    _hostile_files().map(lambda data: data.decode("utf-8", "surrogateescape")),
    _hostile_files().map(lambda data: data.decode("latin-1")),
    ANY_UNICODE,
    JSON_VALUES,
)
"""What the component may hand over: a case file's bytes as the browser would hold them as text (valid, cut,
altered, another encoding, too deep, too large…), any text, or any JSON value at all."""


def test_any_stored_value_is_a_case_or_a_refusal_with_a_translated_reason() -> None:
    def reading_a_stored_value(value: Any) -> None:
        case_or_translated_refusal(stored_case, value, lambda case: dumps(case).decode())

    fuzz(STORED_VALUES, reading_a_stored_value, 600)


def test_what_is_written_reads_back_as_the_same_case() -> None:
    case = Case(answers=EMPLOYEE_BORN_IN_INDIA, postal_code="75011")
    assert stored_case(dumps(case).decode()) == case


def test_the_fingerprint_changes_with_the_case_and_holds_nothing_of_it() -> None:
    one, other = dumps(Case(postal_code="75011")), dumps(Case(postal_code="75012"))
    assert digest(one) == digest(one) != digest(other)
    assert "75011" not in digest(one)
    assert len(digest(one)) == 32
