"""The projected timeline: when each milestone is likely, re-projected from the dates reached.

``project(answers, start, today, reached)`` simulates the journey of domain.md
§4 — application sent → temporary number → permanent number → ameli account →
card — ``draws`` times with numpy (no loop per draw) and returns, for each
milestone, its 10th, 50th and 90th percentile dates, or the date the user
reached it. The model (docs/decisions/0005-timeline-model.md):

* each step's duration is log-logistic with the step's typical figure as
  median and its worst figure as 97.5th percentile (:mod:`vitale.durations`);
* the route depends on the person: students register online (no posting
  time); people born in France already have their permanent number (no
  SANDIA certification); the card is ordered online (after the ameli
  account) or on the paper form the caisse sends after the permanent number;
* each time the caisse reads the file it may send a letter asking for a
  missing document (a dated probability), which adds a postal round trip;
* someone who already has a French social security number (worked, studied or
  was born in France before) waits for no number: both number steps are
  skipped (issue 14), though the caisse's processing of the file (the
  temporary-number step's figures, our estimate) still comes before the
  ameli account and the card;
* a reached date replaces the simulated one, so everything after it moves;
  a milestone not reached yet is at the earliest today (a wait that has
  lasted e days is drawn from the distribution given it lasted e days).

Random numbers are drawn for every step whatever the route (common random
numbers): with the same seed, a shorter route is never slower draw by draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

from vitale.answers import Activity, Answers, Situation
from vitale.case import MILESTONE_ORDER, YOUR_STEPS, Milestone
from vitale.dates import add_months
from vitale.durations import Days, quantile, sample_at_least
from vitale.eligibility import assess
from vitale.outcomes import Outcome
from vitale.parameters import Parameters, load_parameters
from vitale.projection import (
    CardChance,
    CardOrder,
    Chase,
    MilestoneStatus,
    ProjectedMilestone,
    Projection,
    Route,
    Stage,
)

__all__ = ["Projection", "TimelineError", "check_dates", "project", "usable_dates"]

MAX_LETTERS = 4
"""At most four missing-document letters are simulated (with p = 0.25, five or more is 1 in 1,000)."""
LATEST_START_YEARS = 2
EARLIEST_START = date(1990, 1, 1)


class TimelineError(ValueError):
    """The inputs cannot give a projection; ``message_key`` says why, ``milestone`` which date."""

    def __init__(self, reason: str, milestone: Milestone | None = None) -> None:
        self.reason = reason
        self.milestone = milestone
        self.message_key = f"timeline.error.{reason}"
        super().__init__(self.message_key)


def has_card_route(answers: Answers, today: date) -> bool:
    """Whether the person's outcome leads to a permanent number and a carte Vitale (no timeline otherwise)."""
    return assess(answers, today).outcome.leads_to_card


def route_for(answers: Answers, start: date, today: date, card_order: CardOrder = CardOrder.ONLINE) -> Route:
    """Which steps apply to this person (:class:`TimelineError` ``no_card_route`` when none leads to a card).

    Born in France only when the person said so: the questionnaire's newcomers
    are assumed born abroad, the longer route (domain.md §4, step 3).
    """
    assessment = assess(answers, today)
    if not assessment.outcome.leads_to_card:
        raise TimelineError("no_card_route")
    applies_from = max(start, assessment.eligible_from or start)
    return Route(
        outcome=assessment.outcome,
        born_abroad=not answers.has(Situation.BORN_IN_FRANCE),
        student=assessment.outcome is Outcome.STUDENT_ONLINE or answers.activity is Activity.STUDENT,
        card_order=card_order,
        applies_from=applies_from,
        has_number=answers.has_social_security_number is True,
    )


def stages_for(route: Route, params: Parameters) -> dict[Milestone, Stage]:
    """The step that leads to each milestone on this route, with its figures in force on ``applies_from``."""

    def stage(*ids: str) -> Stage:
        return Stage(durations=tuple((i, params.duration(i).at(route.applies_from)) for i in ids))

    certification = "certification_born_abroad" if route.born_abroad else "certification_born_in_france"
    if route.student:  # a provisional number at the end of the online registration; the file is checked after
        temporary, permanent = stage("temporary_number_student_online"), stage(certification, "missing_document_letter")
    else:
        temporary, permanent = stage("temporary_number", "missing_document_letter"), stage(certification)
    return {
        Milestone.APPLICATION_SENT: stage("send_online" if route.student else "send_by_post"),
        Milestone.TEMPORARY_NUMBER: temporary,
        Milestone.PERMANENT_NUMBER: permanent,
        Milestone.AMELI_ACCOUNT: stage("ameli_account"),
        Milestone.CARD_RECEIVED: stage("card_online" if route.card_order is CardOrder.ONLINE else "card_paper"),
    }


def check_dates(start: date, today: date, reached: Mapping[Milestone, date]) -> None:
    """:class:`TimelineError` for a start too far off, a reached date in the future, or a later
    milestone reached before an earlier one.

    A step reached before the start is not an error: the file was ready by then, so the
    projection starts on that day (:func:`project`, ``start_moved_from``).
    """
    if start < EARLIEST_START or start > add_months(today, 12 * LATEST_START_YEARS):
        raise TimelineError("start_out_of_range")
    previous: tuple[Milestone, date] | None = None
    for milestone in MILESTONE_ORDER:
        if milestone not in reached:
            continue
        day = reached[milestone]
        if day > today:
            raise TimelineError("reached_in_future", milestone)
        if day < EARLIEST_START:
            raise TimelineError("reached_too_early", milestone)
        if previous is not None and day < previous[1]:
            raise TimelineError("out_of_order", milestone)
        previous = (milestone, day)


def usable_dates(
    start: date, today: date, reached: Mapping[Milestone, date]
) -> tuple[date, dict[Milestone, date], tuple[TimelineError, ...]]:
    """The start and reached dates a projection can use, and what is wrong with the others.

    A date conflict must never hide the projection (issue 14): a start out of range is
    brought back into range, a date in the future or before an earlier step's date is
    left out, and each is returned as a :class:`TimelineError` to show next to its field.
    """
    problems: list[TimelineError] = []
    latest = add_months(today, 12 * LATEST_START_YEARS)
    if not EARLIEST_START <= start <= latest:
        problems.append(TimelineError("start_out_of_range"))
        start = min(max(start, EARLIEST_START), latest)
    kept: dict[Milestone, date] = {}
    for milestone in MILESTONE_ORDER:
        if milestone not in reached:
            continue
        try:
            check_dates(start, today, {**kept, milestone: reached[milestone]})
        except TimelineError as error:
            problems.append(error)
        else:
            kept[milestone] = reached[milestone]
    return start, kept, tuple(problems)


def project(
    answers: Answers,
    start: date,
    today: date,
    reached: Mapping[Milestone, date] | None = None,
    draws: int = 10_000,
    seed: int = 0,
    card_order: CardOrder = CardOrder.ONLINE,
) -> Projection:
    """The projection for this person from ``start`` (the day the file is ready), on ``today``.

    ``reached`` maps milestones to the dates the user reached them (a
    milestone's id, ``"temporary_number"``, is accepted too: it is a ``StrEnum``).
    A step reached before ``start`` moves the start to that day (the file was ready
    by then; ``start_moved_from`` keeps the day entered). Raises
    :class:`TimelineError` for impossible dates (in the future, out of the
    journey's order) or a route without a card (:func:`usable_dates` sorts the
    usable dates from the others first). Deterministic for a given ``seed``.
    """
    if not 100 <= draws <= 1_000_000:
        raise ValueError("draws must be between 100 and 1,000,000")
    try:
        known = {Milestone(key): day for key, day in (reached or {}).items()}
    except ValueError as error:
        raise TimelineError("unknown_milestone") from error
    check_dates(start, today, known)
    entered = start
    start = min([start, *known.values()])
    params = load_parameters()
    route = route_for(answers, start, today, card_order)
    stages = stages_for(route, params)
    letter_chance = params.parameter("missing_document_letter_probability").at(route.applies_from).value
    assert isinstance(letter_chance, float)
    uniforms = np.random.default_rng(seed).random((draws, len(MILESTONE_ORDER) + 1 + MAX_LETTERS))

    last_reached = max((MILESTONE_ORDER.index(m) for m in known), default=-1)
    first_pending_index = next(
        (i for i, m in enumerate(MILESTONE_ORDER) if i > last_reached and m not in route.not_needed), -1
    )
    now = float((today - start).days)
    times: dict[Milestone, Days] = {}
    anchor = np.full(draws, float((route.applies_from - start).days))
    chase: Chase | None = None
    for index, milestone in enumerate(MILESTONE_ORDER):
        stage = stages[milestone]
        if milestone in known:
            times[milestone] = np.full(draws, float((known[milestone] - start).days))
        elif milestone in route.not_needed:
            # Already has a number: no number to wait for and no certification, but the caisse still
            # processes the file (and may ask for a missing document) before the account and the card.
            processing = milestone is Milestone.TEMPORARY_NUMBER
            extra = _letters(stage, uniforms, letter_chance) if processing and len(stage.durations) > 1 else 0.0
            times[milestone] = anchor + extra + (quantile(stage.main[1], uniforms[:, index]) if processing else 0.0)
        else:
            first_pending = index == first_pending_index
            # The paper form comes after the permanent number, not after the ameli account — unless the
            # permanent number was skipped (no date, a later step reached): then from the last date known.
            paper_card = milestone is Milestone.CARD_RECEIVED and route.card_order is CardOrder.PAPER
            from_permanent = paper_card and not _skipped(Milestone.PERMANENT_NUMBER, known, last_reached)
            start_of_step = times[Milestone.PERMANENT_NUMBER] if from_permanent else anchor
            extra = _letters(stage, uniforms, letter_chance) if len(stage.durations) > 1 else 0.0
            figures, u = stage.main[1], uniforms[:, index]
            waited = (now - start_of_step - extra) if first_pending else None
            times[milestone] = start_of_step + extra + sample_at_least(figures, u, waited)
            unconditioned = start_of_step + extra + quantile(figures, u)
            if paper_card:  # the journey's order keeps the card last
                times[milestone] = np.maximum(times[milestone], times[Milestone.AMELI_ACCOUNT])
                unconditioned = np.maximum(unconditioned, times[Milestone.AMELI_ACCOUNT])
            if first_pending:
                chase = _chase(milestone, start, today, unconditioned, known, route)
        anchor = times[milestone]

    cuts = np.percentile(np.stack([times[m] for m in MILESTONE_ORDER]), (10, 50, 90), axis=1)
    milestones = tuple(
        _summarise(
            m, cuts[:, index], start, known, _skipped(m, known, last_reached) or m in route.not_needed, stages[m]
        )
        for index, m in enumerate(MILESTONE_ORDER)
    )
    return Projection(
        start=start,
        today=today,
        route=route,
        milestones=milestones,
        chase_from=chase,
        card_chances=_card_chances(times[Milestone.CARD_RECEIVED], start),
        temporary_number_valid_until=_nia_end(milestones, route, params),
        cautions=(f"timeline.caution.{route.outcome.value}",) if route.outcome.projected_with_caution else (),
        draws=draws,
        seed=seed,
        start_moved_from=entered if start != entered else None,
    )


def _skipped(milestone: Milestone, known: Mapping[Milestone, date], last_reached: int) -> bool:
    """No date for this milestone, but a later one was reached: it is passed (or was not needed), date unknown."""
    return milestone not in known and MILESTONE_ORDER.index(milestone) < last_reached


def _letters(stage: Stage, uniforms: Days, chance: float) -> Days:
    """Days added by missing-document letters: k letters with probability chance^k (k ≤ MAX_LETTERS)."""
    letter = stage.durations[1][1]  # the stage's second figures: the letter's postal round trip
    first = len(MILESTONE_ORDER)
    count = (uniforms[:, first, None] < chance ** np.arange(1, MAX_LETTERS + 1)).sum(axis=1)
    delays = quantile(letter, uniforms[:, first + 1 : first + 1 + MAX_LETTERS])
    added: Days = (delays * (np.arange(MAX_LETTERS) < count[:, None])).sum(axis=1)
    return added


def _day(start: date, days: float) -> date:
    return start + timedelta(days=math.ceil(days - 1e-9))


def _summarise(
    milestone: Milestone, cuts: Days, start: date, known: Mapping[Milestone, date], skipped: bool, stage: Stage
) -> ProjectedMilestone:
    """The milestone as reached, skipped, or projected with ``cuts`` (its 10th, 50th and 90th percentiles in days)."""
    if milestone in known:
        day = known[milestone]
        return ProjectedMilestone(
            id=milestone, status=MilestoneStatus.REACHED, reached=day, p10=day, p50=day, p90=day, stage=stage
        )
    if skipped:
        return ProjectedMilestone(id=milestone, status=MilestoneStatus.SKIPPED, stage=stage)
    p10, p50, p90 = (_day(start, float(v)) for v in cuts)
    return ProjectedMilestone(id=milestone, status=MilestoneStatus.PROJECTED, p10=p10, p50=p50, p90=p90, stage=stage)


def _chase(
    milestone: Milestone,
    start: date,
    today: date,
    unconditioned: Days,
    known: Mapping[Milestone, date],
    route: Route,
) -> Chase:
    """After the p90 of the next step, measured from the last date reached, still waiting is unusual.

    A step the person does themselves (:data:`YOUR_STEPS`: sending the file) is not waited for:
    it gets a reminder on the day the file can be sent (today if that day has passed).
    """
    if milestone in YOUR_STEPS:
        return Chase(
            milestone=milestone, after=max(route.applies_from, today), overdue=False, yours=True,
            advice=(f"timeline.chase.{milestone.value}",),
        )  # fmt: skip
    after = _day(start, float(np.percentile(unconditioned, 90)))
    advice = [f"timeline.chase.{milestone.value}", "timeline.chase.call_3646"]
    if Milestone.AMELI_ACCOUNT in known:
        advice.append("timeline.chase.write_ameli")
    if milestone is Milestone.PERMANENT_NUMBER and route.born_abroad and Milestone.TEMPORARY_NUMBER in known:
        advice.append("timeline.chase.nia_validity")
    return Chase(milestone=milestone, after=after, overdue=today > after, advice=tuple(advice))


def _card_chances(days: Days, start: date, points: int = 60) -> tuple[CardChance, ...]:
    """P(card received by each day), on about ``points`` days from the start to the 99th percentile."""
    ordered = np.sort(days)
    last = max(math.ceil(float(np.percentile(ordered, 99))), 1)
    step = max(1, math.ceil(last / points))
    grid = np.arange(0, last + step, step, dtype=np.float64)
    shares = np.searchsorted(ordered, grid, side="right") / len(ordered)
    return tuple(
        CardChance(day=start + timedelta(days=int(d)), probability=float(s)) for d, s in zip(grid, shares, strict=True)
    )


def _nia_end(milestones: tuple[ProjectedMilestone, ...], route: Route, params: Parameters) -> date | None:
    """The end of the temporary number's validity (9 months, ameli 2025), for people born abroad only."""
    if (
        route.has_number
        or not route.born_abroad
        or milestones[MILESTONE_ORDER.index(Milestone.PERMANENT_NUMBER)].reached
    ):
        return None
    temporary = next(m for m in milestones if m.id is Milestone.TEMPORARY_NUMBER)
    if temporary.p50 is None:
        return None
    months = params.parameter("temporary_number_validity_months").at(route.applies_from).value
    assert isinstance(months, int)
    return add_months(temporary.reached or temporary.p50, months)
