"""What a projected timeline holds (frozen models, built by :func:`vitale.timeline.project`)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from vitale.case import CardOrder, Milestone
from vitale.outcomes import Outcome
from vitale.parameters import StageDuration
from vitale.provenance import Confidence

__all__ = ["CardChance", "CardOrder", "Chase", "MilestoneStatus", "ProjectedMilestone", "Projection", "Route", "Stage"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class MilestoneStatus(StrEnum):
    REACHED = "reached"
    """The user entered the date."""
    PROJECTED = "projected"
    """Still to come: percentiles of the simulation."""
    SKIPPED = "skipped"
    """No date entered, but a later milestone was reached: passed (or not needed), date unknown."""


NUMBER_STEPS = frozenset({Milestone.TEMPORARY_NUMBER, Milestone.PERMANENT_NUMBER})


class Route(BaseModel):
    """The steps that apply to this person."""

    model_config = _FROZEN

    outcome: Outcome
    born_abroad: bool
    """People born abroad wait for SANDIA to certify their permanent number (domain.md §4, step 3)."""
    student: bool
    """Students register online (no posting time)."""
    card_order: CardOrder
    applies_from: date
    """The first day the application can be sent: the start, or later when the residence wait ends then."""
    has_number: bool = False
    """The person already has a French social security number: no temporary or permanent number to wait for."""

    @property
    def not_needed(self) -> frozenset[Milestone]:
        """The milestones this route skips: the two number steps for someone who already has a number."""
        return NUMBER_STEPS if self.has_number else frozenset()


ESTIMATE_PREFIX = "estimate_"
"""Sources whose id starts with this are Vitale's own estimates (sources.toml, publisher "Vitale")."""


class Stage(BaseModel):
    """The step that leads to a milestone: the durations it adds up (id and figures)."""

    model_config = _FROZEN

    durations: tuple[tuple[str, StageDuration], ...] = Field(min_length=1)

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for _, figures in self.durations for s in figures.sources))

    @property
    def confidence(self) -> Confidence:
        """The least certain of its figures."""
        return min((figures.confidence for _, figures in self.durations), key=lambda c: c.rank)

    @property
    def verified_on(self) -> date:
        """The oldest check of its figures."""
        return min(figures.verified_on for _, figures in self.durations)

    @property
    def typical_is_estimate(self) -> bool:
        """The step's typical wait has no official source: all its sources are ours (``estimate_*``)."""
        return all(s.startswith(ESTIMATE_PREFIX) for s in self.main[1].sources)

    @property
    def range_is_estimate(self) -> bool:
        """The spread around the typical wait (the worst case, the letters) is, at least partly, our estimate."""
        return any(s.startswith(ESTIMATE_PREFIX) for s in self.source_ids)

    @property
    def main(self) -> tuple[str, StageDuration]:
        """The step itself (for the temporary number, without the missing-document letters)."""
        return self.durations[0]


class ProjectedMilestone(BaseModel):
    """One milestone: the date reached, or the 10th/50th/90th percentile dates still to come."""

    model_config = _FROZEN

    id: Milestone
    status: MilestoneStatus
    reached: date | None = None
    p10: date | None = None
    p50: date | None = None
    p90: date | None = None
    stage: Stage


class Chase(BaseModel):
    """When to chase the caisse about the next milestone, and how.

    ``after`` is the 90th percentile of the next step counted from the last
    date reached (or the start): nine people in ten have it by then, so still
    waiting after it is unusual. ``advice`` are text keys.
    """

    model_config = _FROZEN

    milestone: Milestone
    after: date
    overdue: bool
    yours: bool = False
    """The step is the person's own (sending the file): ``after`` is the day to do it, a reminder, not a chase."""
    advice: tuple[str, ...]


class CardChance(BaseModel):
    """The probability of having received the card by ``day``."""

    model_config = _FROZEN

    day: date
    probability: float = Field(ge=0, le=1)


class Projection(BaseModel):
    """The whole projection for one person on one day."""

    model_config = _FROZEN

    start: date
    today: date
    route: Route
    milestones: tuple[ProjectedMilestone, ...]
    chase_from: Chase | None
    """When to chase the caisse about the next pending milestone; ``None`` once the card is received."""
    card_chances: tuple[CardChance, ...]
    temporary_number_valid_until: date | None
    """The end of the temporary number's 9-month validity while the permanent number is awaited."""
    cautions: tuple[str, ...]
    draws: int
    seed: int
    start_moved_from: date | None = None
    """The start the person entered, when a step was reached before it (the projection starts on that step)."""

    def milestone(self, milestone: Milestone | str) -> ProjectedMilestone:
        return next(m for m in self.milestones if m.id == milestone)
