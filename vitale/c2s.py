"""The complémentaire santé solidaire (C2S): whether a household gets it free, for a contribution, or not.

Rule (CSS L861-1; service-public F10027; ameli "C2S"): a person covered by the
PUMa whose household's resources over the 12 months before the application are
at most the **free ceiling** gets the C2S free (L861-1 1°); up to the **ceiling
with a contribution** (the free one + 35 %, L861-1 2°) they get it for a monthly
contribution per person that depends on the person's age (D861-1… see
:func:`monthly_contributions`). The ceilings depend on the household's size (CSS
R861-3: +50 % for a 2nd person, +30 % for the 3rd and 4th, +40 % from the 5th)
and are higher in the overseas départements. They are revalued every 1 April:
past that day without a newer value, the figure "may have changed since" (the
:class:`~vitale.outcomes.Figure`'s ``stale_since``).

The free ceiling is also the AME ceiling (CASF L251-1): :func:`free_ceiling` is
the one place that computes it (:func:`vitale.rules.ame_ceiling` asks it).

This is an **estimate**: the caisse counts the household's resources its own
way (some benefits, a flat amount for housing…), so the page always points to
the official simulator and says the caisse decides.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from vitale.answers import MAX_HOUSEHOLD, OVERSEAS_DEPARTEMENTS, HomeTerritory
from vitale.dates import add_months
from vitale.outcomes import Figure, figure
from vitale.parameters import load_parameters

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class C2SResult(StrEnum):
    """What the estimate says of a household."""

    FREE = "free"
    WITH_CONTRIBUTION = "with_contribution"
    ABOVE = "above"


C2S_TERRITORIES = frozenset(
    {
        HomeTerritory.METROPOLE,
        *OVERSEAS_DEPARTEMENTS,
        HomeTerritory.MAYOTTE,
        HomeTerritory.SAINT_MARTIN,
        HomeTerritory.SAINT_BARTHELEMY,
    }
)
"""Where the C2S can be asked for: where the general scheme's PUMa applies (CSS L861-1; F10027)."""

OVERSEAS_CEILING_TERRITORIES = frozenset(
    {*OVERSEAS_DEPARTEMENTS, HomeTerritory.MAYOTTE, HomeTerritory.SAINT_MARTIN, HomeTerritory.SAINT_BARTHELEMY}
)
"""Where the higher overseas ceilings are used (Saint-Martin, Saint-Barthélemy: not confirmed, shown with a caution;
Mayotte since the C2S began there on 1 January 2024: the press says the same table)."""

UNCONFIRMED_CEILING_TERRITORIES = frozenset({HomeTerritory.SAINT_MARTIN, HomeTerritory.SAINT_BARTHELEMY})
"""Territories where no source says which table applies: the overseas one is used, with a caution."""

_TABLES = {
    # (free ceiling for 1-4 people, each further person, ceiling with a contribution for 1-4 people, further person)
    False: ("ame_income_ceiling_metropole", "ame_income_ceiling_metropole_further_person",
            "c2s_contribution_ceiling_metropole", "c2s_contribution_ceiling_metropole_further_person"),
    True: ("ame_income_ceiling_dom", "ame_income_ceiling_dom_further_person",
           "c2s_contribution_ceiling_dom", "c2s_contribution_ceiling_dom_further_person"),
}  # fmt: skip
"""The parameters of each table (``parameters.toml``); the free C2S ceiling is the AME one (CASF L251-1)."""


class C2SEstimate(BaseModel):
    """The estimate for one household, with the ceilings it used (value, date in force, source)."""

    model_config = _FROZEN

    result: C2SResult
    household_size: int
    annual_income_eur: int
    territory: HomeTerritory
    free_ceiling: Figure
    contribution_ceiling: Figure

    @property
    def ceiling(self) -> Figure:
        """The ceiling that decided: the free one when under it, else the ceiling with a contribution."""
        return self.free_ceiling if self.result is C2SResult.FREE else self.contribution_ceiling

    @property
    def stale_since(self) -> date | None:
        """The revaluation day since which the ceilings may have changed (``None``: they are current)."""
        return self.free_ceiling.stale_since or self.contribution_ceiling.stale_since

    @property
    def ceiling_unconfirmed(self) -> bool:
        """No source says which ceiling applies in this territory (the overseas one was used)."""
        return self.territory in UNCONFIRMED_CEILING_TERRITORIES


class C2SNotAvailableError(ValueError):
    """The C2S does not exist where this household lives (a territory outside the general scheme)."""


def applies_in(territory: HomeTerritory | None) -> bool:
    """Whether the C2S can be asked for in ``territory`` (where the PUMa of the general scheme applies)."""
    return territory in C2S_TERRITORIES


def _scaled(table_name: str, further_name: str, household_size: int, on: date) -> Figure:
    """A household ceiling from a table for 1 to 4 people and an amount for each further person.

    The figure carries the less certain provenance of the two parameters it used.
    """
    parameters = load_parameters()
    table_parameter = parameters.parameter(table_name)
    table = table_parameter.at(on).value
    assert isinstance(table, tuple)
    if household_size <= len(table):
        return figure(table_name, on, table[household_size - 1])
    further = figure(further_name, on)
    total = table[-1] + (household_size - len(table)) * further.value
    if further.source.startswith("estimate"):
        return further.model_copy(update={"name": table_name, "value": total})
    return figure(table_name, on, total)


def household_ceiling(household_size: int, overseas: bool, on: date, *, with_contribution: bool = False) -> Figure:
    """The free ceiling (or, ``with_contribution``, the higher one) for a household of this size, in force ``on``."""
    if not 1 <= household_size <= MAX_HOUSEHOLD:
        raise ValueError(f"a household counts 1 to {MAX_HOUSEHOLD} people")
    free_table, free_further, paid_table, paid_further = _TABLES[overseas]
    if with_contribution:
        return _scaled(paid_table, paid_further, household_size, on)
    return _scaled(free_table, free_further, household_size, on)


def _overseas(territory: HomeTerritory) -> bool:
    if not applies_in(territory):
        raise C2SNotAvailableError(territory.value)
    return territory in OVERSEAS_CEILING_TERRITORIES


def free_ceiling(household_size: int, territory: HomeTerritory, on: date) -> Figure:
    """The yearly resources ceiling of the free C2S for this household, in euros."""
    return household_ceiling(household_size, _overseas(territory), on)


def contribution_ceiling(household_size: int, territory: HomeTerritory, on: date) -> Figure:
    """The yearly resources ceiling of the C2S with a contribution for this household, in euros."""
    return household_ceiling(household_size, _overseas(territory), on, with_contribution=True)


def estimate(household_size: int, annual_income_eur: int, territory: HomeTerritory, today: date) -> C2SEstimate:
    """Free, with a contribution, or above: the household's yearly resources against the ceilings in force ``today``.

    A household at a ceiling is under it ("ressources inférieures ou égales au plafond", L861-1).
    Raises :class:`C2SNotAvailableError` outside the territories of the general scheme, and
    :class:`ValueError` for an impossible household size or a negative income.
    """
    if annual_income_eur < 0:
        raise ValueError("an income cannot be negative")
    free = free_ceiling(household_size, territory, today)
    paid = contribution_ceiling(household_size, territory, today)
    if annual_income_eur <= free.value:
        result = C2SResult.FREE
    elif annual_income_eur <= paid.value:
        result = C2SResult.WITH_CONTRIBUTION
    else:
        result = C2SResult.ABOVE
    return C2SEstimate(
        result=result,
        household_size=household_size,
        annual_income_eur=annual_income_eur,
        territory=territory,
        free_ceiling=free,
        contribution_ceiling=paid,
    )


class AgeBracket(BaseModel):
    """Ages ``first_age`` to ``last_age`` (``None``: and over) pay ``monthly_eur`` per person and per month."""

    model_config = _FROZEN

    first_age: int
    last_age: int | None
    monthly_eur: int


class ContributionTable(BaseModel):
    """The C2S contribution by age on 1 January of the year it is granted, with its provenance."""

    model_config = _FROZEN

    brackets: tuple[AgeBracket, ...]
    since: date
    source: str
    verified_on: date
    stale_since: date | None = None

    def monthly_for(self, age: int) -> int:
        """The monthly contribution of one person of this age (on 1 January of the year granted)."""
        return next(b.monthly_eur for b in reversed(self.brackets) if age >= b.first_age)


def monthly_contributions(on: date) -> ContributionTable:
    """The monthly contribution per person by age in force ``on`` (arrêté du 21 juin 2019, art. 1: 8 € up to 29
    years, then 14, 21, 25 and 30 € from 70; lower in Alsace-Moselle, art. 2)."""
    parameters = load_parameters()
    ages_parameter = parameters.parameter("c2s_contribution_first_ages")
    amounts_parameter = parameters.parameter("c2s_monthly_contribution")
    ages, amounts = ages_parameter.at(on).value, amounts_parameter.at(on)
    assert isinstance(ages, tuple)
    assert isinstance(amounts.value, tuple)
    assert len(ages) == len(amounts.value)
    brackets = tuple(
        AgeBracket(first_age=first, last_age=ages[index + 1] - 1 if index + 1 < len(ages) else None, monthly_eur=euros)
        for index, (first, euros) in enumerate(zip(ages, amounts.value, strict=True))
    )
    return ContributionTable(
        brackets=brackets,
        since=amounts.since,
        source=amounts.source,
        verified_on=amounts.verified_on,
        stale_since=amounts_parameter.stale_since(on) or ages_parameter.stale_since(on),
    )


def decision_due(applied_on: date) -> date:
    """The day by which the caisse should have decided on a complete request (2 months, complementaire-sante-
    solidaire.gouv.fr); without a notified decision the request counts as accepted (L861-5, 2019 wording)."""
    months = load_parameters().parameter("c2s_decision_months").at(applied_on).value
    assert isinstance(months, int)
    return add_months(applied_on, months)
