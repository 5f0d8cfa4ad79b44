"""Equivalence first (issue 17): the lookup gives, for every postal code and every (postal code, commune) pair,
exactly the answer recorded before the reference data moved (tests/lookup_answers.py)."""

from __future__ import annotations

from tests.lookup_answers import all_answers, recorded
from vitale.offices import default_index


def test_every_postal_code_and_every_pair_gets_the_recorded_answer() -> None:
    expected = recorded()
    actual = all_answers(default_index())
    assert actual.keys() == expected.keys()
    different = [key for key, value in expected.items() if actual[key] != value]
    assert different == [], f"{len(different)} answers changed, e.g. {different[:5]}"


def test_the_recording_covers_the_whole_reference_data() -> None:
    expected = recorded()
    codes = [key for key in expected if " " not in key]
    pairs = [key for key in expected if " " in key]
    assert len(codes) == len(default_index().postal_codes) > 6_000
    assert len(pairs) > 35_000
    statuses = {value[0] for value in expected.values()}
    assert {"found", "choose_commune", "outside_general_scheme"} <= statuses
