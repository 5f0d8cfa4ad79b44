"""The C2S estimate (issue 16): free, with a contribution, or above — on both sides of every ceiling, for 1 to 6
people, mainland and overseas; the dated ceilings and their 1 April revaluation; the contribution by age."""

from __future__ import annotations

from datetime import date

import pytest

from vitale.answers import Answers, HomeTerritory
from vitale.c2s import (
    C2SNotAvailableError,
    C2SResult,
    applies_in,
    contribution_ceiling,
    decision_due,
    estimate,
    free_ceiling,
    monthly_contributions,
)
from vitale.rules import ame_ceiling

TODAY = date(2026, 12, 2)
IN_2025 = date(2025, 6, 1)

# The published tables in force from 1 April 2025 (efl.fr, MoneyVox), and each further person (the overseas
# increment with a contribution is our estimate): household sizes 1 to 6.
MAINLAND_FREE = (10_339, 15_508, 18_609, 21_711, 25_846, 29_981)
MAINLAND_PAID = (13_957, 20_936, 25_123, 29_311, 34_894, 40_477)
OVERSEAS_FREE = (11_507, 17_260, 20_712, 24_164, 28_766, 33_368)
OVERSEAS_PAID = (15_534, 23_301, 27_962, 32_622, 38_836, 45_050)

CASES = [
    (territory, people, free, paid)
    for territory, frees, paids in (
        (HomeTerritory.METROPOLE, MAINLAND_FREE, MAINLAND_PAID),
        (HomeTerritory.GUADELOUPE, OVERSEAS_FREE, OVERSEAS_PAID),
        (HomeTerritory.REUNION, OVERSEAS_FREE, OVERSEAS_PAID),
    )
    for people, free, paid in zip(range(1, 7), frees, paids, strict=True)
]


@pytest.mark.parametrize(("territory", "people", "free", "paid"), CASES)
def test_a_household_at_the_free_ceiling_gets_it_free_and_one_euro_more_pays_a_contribution(
    territory: HomeTerritory, people: int, free: int, paid: int
) -> None:
    assert estimate(people, free, territory, IN_2025).result is C2SResult.FREE
    assert estimate(people, free + 1, territory, IN_2025).result is C2SResult.WITH_CONTRIBUTION


@pytest.mark.parametrize(("territory", "people", "free", "paid"), CASES)
def test_a_household_at_the_contribution_ceiling_pays_a_contribution_and_one_euro_more_is_above(
    territory: HomeTerritory, people: int, free: int, paid: int
) -> None:
    assert estimate(people, paid, territory, IN_2025).result is C2SResult.WITH_CONTRIBUTION
    above = estimate(people, paid + 1, territory, IN_2025)
    assert above.result is C2SResult.ABOVE
    assert above.ceiling.value == paid


def test_no_income_at_all_gets_it_free() -> None:
    assert estimate(1, 0, HomeTerritory.METROPOLE, TODAY).result is C2SResult.FREE


def test_the_estimate_names_the_ceiling_it_used_with_its_date_and_source() -> None:
    result = estimate(3, 20_000, HomeTerritory.METROPOLE, IN_2025)
    assert result.result is C2SResult.WITH_CONTRIBUTION
    assert (result.ceiling.value, result.ceiling.since, result.ceiling.source) == (
        25_123,
        date(2025, 4, 1),
        "efl_c2s_2025",
    )
    assert result.free_ceiling.value == 18_609
    assert result.ceiling.verified_on == date(2026, 12, 2)


def test_the_free_c2s_ceiling_is_the_ame_ceiling_computed_in_one_place() -> None:
    for people in range(1, 9):
        ame = ame_ceiling(Answers(territory=HomeTerritory.METROPOLE, household_size=people), TODAY)
        assert ame.value == free_ceiling(people, HomeTerritory.METROPOLE, TODAY).value
        ame_overseas = ame_ceiling(Answers(territory=HomeTerritory.MARTINIQUE, household_size=people), TODAY)
        assert ame_overseas.value == free_ceiling(people, HomeTerritory.MARTINIQUE, TODAY).value


def test_the_contribution_ceiling_is_the_free_one_plus_35_percent_to_a_euro_per_person() -> None:
    """L861-1 2°: computed by the administration on the unrounded base, so each person's rounding may add 1 €."""
    for territory in (HomeTerritory.METROPOLE, HomeTerritory.GUYANE):
        for people in range(1, 7):
            free = free_ceiling(people, territory, IN_2025).value
            paid = contribution_ceiling(people, territory, IN_2025).value
            assert abs(paid - free * 1.35) <= people, (territory, people)


def test_the_overseas_ceilings_are_the_mainland_ones_plus_11_3_percent() -> None:
    for people in range(1, 7):
        mainland = free_ceiling(people, HomeTerritory.METROPOLE, IN_2025).value
        overseas = free_ceiling(people, HomeTerritory.GUADELOUPE, IN_2025).value
        assert abs(overseas - mainland * 1.113) <= people


def test_mayotte_has_the_c2s_since_2024_with_the_overseas_ceilings() -> None:
    assert applies_in(HomeTerritory.MAYOTTE)
    assert free_ceiling(1, HomeTerritory.MAYOTTE, IN_2025).value == OVERSEAS_FREE[0]


def test_saint_martin_uses_the_overseas_table_and_says_it_is_unconfirmed() -> None:
    result = estimate(2, 10_000, HomeTerritory.SAINT_MARTIN, IN_2025)
    assert result.free_ceiling.value == OVERSEAS_FREE[1]
    assert result.ceiling_unconfirmed
    assert not estimate(2, 10_000, HomeTerritory.METROPOLE, IN_2025).ceiling_unconfirmed


@pytest.mark.parametrize(
    "territory",
    [HomeTerritory.NOUVELLE_CALEDONIE, HomeTerritory.POLYNESIE_FRANCAISE, HomeTerritory.WALLIS_ET_FUTUNA,
     HomeTerritory.SAINT_PIERRE_ET_MIQUELON, HomeTerritory.MONACO, HomeTerritory.ABROAD],
)  # fmt: skip
def test_outside_the_general_scheme_there_is_no_c2s_to_estimate(territory: HomeTerritory) -> None:
    assert not applies_in(territory)
    with pytest.raises(C2SNotAvailableError):
        estimate(1, 5_000, territory, TODAY)


@pytest.mark.parametrize(("people", "income"), [(0, 1_000), (21, 1_000), (1, -1)])
def test_an_impossible_household_or_income_is_refused(people: int, income: int) -> None:
    with pytest.raises(ValueError, match=r"household|income"):
        estimate(people, income, HomeTerritory.METROPOLE, TODAY)


# -- revaluation every 1 April ------------------------------------------------------------------------------


def test_the_day_before_1_april_2025_uses_the_2024_table_and_that_day_the_2025_one() -> None:
    assert free_ceiling(1, HomeTerritory.METROPOLE, date(2025, 3, 31)).value == 10_166
    assert contribution_ceiling(1, HomeTerritory.METROPOLE, date(2025, 3, 31)).value == 13_724
    assert free_ceiling(1, HomeTerritory.METROPOLE, date(2025, 4, 1)).value == 10_339
    assert contribution_ceiling(4, HomeTerritory.REUNION, date(2025, 3, 31)).value == 32_077


def test_an_income_free_under_the_2025_table_paid_a_contribution_under_the_2024_one() -> None:
    assert estimate(1, 10_200, HomeTerritory.METROPOLE, date(2025, 3, 31)).result is C2SResult.WITH_CONTRIBUTION
    assert estimate(1, 10_200, HomeTerritory.METROPOLE, date(2025, 4, 1)).result is C2SResult.FREE


def test_the_ceilings_are_current_until_the_next_1_april_then_may_have_changed_since() -> None:
    assert estimate(2, 12_000, HomeTerritory.METROPOLE, date(2026, 3, 31)).stale_since is None
    stale = estimate(2, 12_000, HomeTerritory.METROPOLE, date(2026, 4, 1))
    assert stale.stale_since == date(2026, 4, 1)
    assert stale.free_ceiling.stale_since == stale.contribution_ceiling.stale_since == date(2026, 4, 1)
    assert estimate(2, 12_000, HomeTerritory.METROPOLE, TODAY).stale_since == date(2026, 4, 1)


# -- the contribution by age, and the decision's day -------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "euros"), [(0, 8), (29, 8), (30, 14), (49, 14), (50, 21), (59, 21), (60, 25), (69, 25), (70, 30), (99, 30)]
)
def test_the_monthly_contribution_follows_the_age_brackets_of_the_2019_arrete(age: int, euros: int) -> None:
    assert monthly_contributions(TODAY).monthly_for(age) == euros


def test_the_contribution_table_has_five_brackets_that_follow_each_other() -> None:
    table = monthly_contributions(TODAY)
    assert [(b.first_age, b.last_age) for b in table.brackets] == [(0, 29), (30, 49), (50, 59), (60, 69), (70, None)]
    assert (table.source, table.since, table.stale_since) == ("arrete_c2s_2019", date(2019, 11, 1), None)


def test_the_caisse_decision_is_due_two_months_after_the_request() -> None:
    assert decision_due(date(2026, 11, 20)) == date(2027, 1, 20)
    assert decision_due(date(2026, 12, 31)) == date(2027, 2, 28)
