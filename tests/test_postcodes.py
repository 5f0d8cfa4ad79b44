"""Reading postal codes the way people type them (issue 2, part 3: normalisation rules)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitale.postcodes import PostcodeProblem, clean_postcode_text, normalise_postcode


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("75011", "75011"),
        (" 75 011 ", "75011"),
        ("\t75011\n", "75011"),
        ("75\u00a0011", "75011"),  # non-breaking space pasted from a document
        ("75\u200b011", "75011"),  # zero-width space
        ("٧٥٠١١", "75011"),  # Arabic-Indic digits from a phone keyboard
        ("７５０１１", "75011"),  # full-width digits
        ("01000", "01000"),
    ],
)
def test_a_typed_code_with_spaces_or_other_digit_scripts_reads_as_five_ascii_digits(typed: str, value: str) -> None:
    result = normalise_postcode(typed)
    assert result.value == value
    assert result.problem is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", PostcodeProblem.EMPTY),
        ("   ", PostcodeProblem.EMPTY),
        ("\u200b", PostcodeProblem.EMPTY),
        ("75O11", PostcodeProblem.NOT_DIGITS),  # letter O for zero
        ("75011 Paris", PostcodeProblem.NOT_DIGITS),
        ("75-011", PostcodeProblem.NOT_DIGITS),
        ("-7501", PostcodeProblem.NOT_DIGITS),
        ("750", PostcodeProblem.TOO_SHORT),
        ("750111", PostcodeProblem.TOO_LONG),
        ("7" * 65, PostcodeProblem.TOO_LONG),
        ("1000", PostcodeProblem.MISSING_LEADING_ZERO),
    ],
)
def test_anything_but_five_digits_is_refused_with_a_reason(typed: str, problem: PostcodeProblem) -> None:
    result = normalise_postcode(typed)
    assert result.value is None
    assert result.problem is problem


def test_a_four_digit_code_suggests_the_lost_leading_zero() -> None:
    assert normalise_postcode("1000").suggestion == "01000"
    assert normalise_postcode(" 5 110").suggestion == "05110"


@pytest.mark.parametrize("not_text", [None, 75011, 7.5, b"75011", ["75011"]])
def test_a_value_that_is_not_text_is_treated_as_empty_not_as_a_crash(not_text: object) -> None:
    assert normalise_postcode(not_text).problem is PostcodeProblem.EMPTY


@given(st.text())
def test_normalising_never_raises_on_any_text(text: str) -> None:
    result = normalise_postcode(text)
    assert (result.value is None) != (result.problem is None)
    if result.value is not None:
        assert len(result.value) == 5
        assert result.value.isascii()
        assert result.value.isdigit()


@given(st.text())
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_postcode_text(text)
    assert clean_postcode_text(once) == once


@given(st.text())
def test_normalising_a_normalised_code_gives_the_same_code(text: str) -> None:
    first = normalise_postcode(text)
    if first.value is not None:
        assert normalise_postcode(first.value) == first
