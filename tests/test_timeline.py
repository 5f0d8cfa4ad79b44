"""The projected timeline (issue 5): scenarios against domain.md §4, properties, conditioning, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.answers import Activity, Answers, HomeTerritory, MainHome, Nationality, ResidenceStatus, Situation
from vitale.case import MILESTONE_ORDER, CardOrder, Milestone
from vitale.durations import WORST_QUANTILE, cdf, quantile, sample_at_least
from vitale.parameters import StageDuration, load_parameters
from vitale.projection import MilestoneStatus, Projection
from vitale.provenance import Confidence
from vitale.sources import registry
from vitale.timeline import TimelineError, project, usable_dates

TODAY = date(2026, 12, 1)
BORN_ABROAD = EMPLOYEE_BORN_IN_INDIA
BORN_IN_FRANCE = BORN_ABROAD.model_copy(update={"situations": frozenset({Situation.BORN_IN_FRANCE})})
STUDENT = Answers(
    territory=HomeTerritory.METROPOLE, main_home=MainHome.YES, activity=Activity.STUDENT,
    nationality=Nationality.OTHER, residence_status=ResidenceStatus.PERMIT, situations=frozenset(),
)  # fmt: skip
UNDOCUMENTED = Answers(
    territory=HomeTerritory.METROPOLE, main_home=MainHome.YES, activity=Activity.NONE,
    nationality=Nationality.OTHER, residence_status=ResidenceStatus.NONE, arrival_date=date(2026, 1, 1),
    situations=frozenset(), annual_income_eur=5000,
)  # fmt: skip
"""An adult without a residence permit, in France for 11 months, low income: AME, no carte Vitale."""


def _days(projection: Projection, milestone: Milestone, which: str = "p50") -> int:
    day = getattr(projection.milestone(milestone), which)
    assert day is not None
    return (day - projection.start).days


def _chance_by(projection: Projection, day: date) -> float:
    return max((c.probability for c in projection.card_chances if c.day <= day), default=0.0)


# -- scenarios against domain.md §4 ---------------------------------------------------------------


def test_a_person_born_abroad_ordering_online_typically_waits_four_to_five_months() -> None:
    """domain.md: typical ≈ 21 + 90 + 7 + 14 = 132 days (+ posting, + missing-document letters).

    Tolerance: the median total must lie between 4 months (120 days) and 5 months plus a week (160 days);
    the sum of the medians is not the median of the sum for skewed steps, so it sits a little above 132.
    """
    projection = project(BORN_ABROAD, TODAY, TODAY)
    assert 120 <= _days(projection, Milestone.CARD_RECEIVED) <= 160


def test_the_worst_case_of_about_fourteen_months_is_rare_but_possible() -> None:
    """domain.md: worst ≈ 90 + 274 + 14 + 42 = 420 days (14 months).

    Tolerance: at 14 months at least 97 % and at most 99.7 % of people have their card — every step at its
    worst at once is rare, but the model's tail must reach it; and 9 months must not be enough for everyone.
    """
    projection = project(BORN_ABROAD, TODAY, TODAY)
    assert 0.97 <= _chance_by(projection, TODAY + timedelta(days=420)) <= 0.997
    assert _chance_by(projection, TODAY + timedelta(days=274)) < 0.95


def test_born_in_france_skips_the_certification_and_waits_about_seven_weeks() -> None:
    """Born in France: 2 + 21 (+ letters) + 0 + 7 + 14 days; the permanent number comes with the first letter."""
    projection = project(BORN_IN_FRANCE, TODAY, TODAY)
    assert 40 <= _days(projection, Milestone.CARD_RECEIVED) <= 65
    assert projection.milestone(Milestone.PERMANENT_NUMBER).p50 == projection.milestone(Milestone.TEMPORARY_NUMBER).p50
    assert projection.temporary_number_valid_until is None


def test_a_student_registers_online_the_day_the_file_is_ready() -> None:
    projection = project(STUDENT, TODAY, TODAY)
    assert projection.route.student
    assert projection.milestone(Milestone.APPLICATION_SENT).p90 == TODAY


def test_a_student_gets_a_provisional_number_at_the_end_of_the_online_registration() -> None:
    """The student site gives a provisional number at once (ameli student pages 2018, Campus France; issue 10)."""
    projection = project(STUDENT, TODAY, TODAY)
    assert projection.milestone(Milestone.TEMPORARY_NUMBER).p90 == TODAY
    stage = projection.milestone(Milestone.TEMPORARY_NUMBER).stage
    assert stage.confidence is Confidence.MEDIUM
    assert "campusfrance_provisional_number" in stage.source_ids


def test_a_student_s_missing_documents_delay_the_permanent_number_not_the_provisional_one() -> None:
    student = project(STUDENT, TODAY, TODAY)
    worker = project(BORN_ABROAD, TODAY, TODAY)
    permanent = student.milestone(Milestone.PERMANENT_NUMBER).stage
    assert [name for name, _ in permanent.durations] == ["certification_born_abroad", "missing_document_letter"]
    assert _days(student, Milestone.PERMANENT_NUMBER, "p90") > _days(student, Milestone.TEMPORARY_NUMBER, "p90")
    assert _days(student, Milestone.CARD_RECEIVED) < _days(worker, Milestone.CARD_RECEIVED)


def test_the_paper_form_and_the_online_order_both_take_about_three_weeks_from_the_permanent_number() -> None:
    """Online: 7 days to the ameli account + 14 to the card; paper: 21 days from the permanent number (F265)."""
    online = project(BORN_IN_FRANCE, TODAY, TODAY, card_order=CardOrder.ONLINE)
    paper = project(BORN_IN_FRANCE, TODAY, TODAY, card_order=CardOrder.PAPER)
    difference = _days(paper, Milestone.CARD_RECEIVED) - _days(online, Milestone.CARD_RECEIVED)
    assert abs(difference) <= 7
    assert _days(paper, Milestone.CARD_RECEIVED) >= _days(paper, Milestone.AMELI_ACCOUNT)


def test_during_the_residence_wait_the_application_can_only_be_sent_when_it_ends() -> None:
    newcomer = Answers(
        territory=HomeTerritory.METROPOLE, main_home=MainHome.YES, activity=Activity.NONE,
        nationality=Nationality.OTHER, residence_status=ResidenceStatus.PERMIT, arrival_date=date(2026, 11, 1),
        situations=frozenset(),
    )  # fmt: skip
    projection = project(newcomer, TODAY, TODAY)
    assert projection.route.applies_from == date(2027, 2, 1)
    first = projection.milestone(Milestone.APPLICATION_SENT)
    assert first.p10 is not None
    assert first.p10 >= date(2027, 2, 1)
    assert projection.chase_from is not None
    assert projection.chase_from.yours
    assert projection.chase_from.after == date(2027, 2, 1), "the reminder to send comes when the wait ends"


@pytest.mark.parametrize("answers", [UNDOCUMENTED, Answers()], ids=["ame", "no_answers"])
def test_a_route_without_a_carte_vitale_gets_a_message_not_a_projection(answers: Answers) -> None:
    with pytest.raises(TimelineError) as refused:
        project(answers, TODAY, TODAY)
    assert refused.value.message_key == "timeline.error.no_card_route"


# -- reached dates condition the rest --------------------------------------------------------------


def test_a_temporary_number_reached_late_moves_everything_after_it_by_as_much() -> None:
    """Each projection is made on the day the letter came: three months later, everything is three months later."""
    sent, early_letter, late_letter = date(2026, 6, 1), date(2026, 6, 20), date(2026, 9, 20)
    early = project(BORN_ABROAD, sent, early_letter, {"application_sent": sent, "temporary_number": early_letter})
    late = project(BORN_ABROAD, sent, late_letter, {"application_sent": sent, "temporary_number": late_letter})
    for milestone in (Milestone.PERMANENT_NUMBER, Milestone.AMELI_ACCOUNT, Milestone.CARD_RECEIVED):
        for which in ("p10", "p50", "p90"):
            assert _days(late, milestone, which) - _days(early, milestone, which) == (late_letter - early_letter).days
    assert late.temporary_number_valid_until == date(2027, 6, 20), "9 months from the letter (ameli 2025)"


def test_months_of_waiting_for_the_permanent_number_push_its_projection_later() -> None:
    """Still waiting on the 1st of December for a number awaited since June: it is now likely later than typical."""
    reached = {"application_sent": date(2026, 6, 1), "temporary_number": date(2026, 6, 20)}
    on_the_day = project(BORN_ABROAD, date(2026, 6, 1), date(2026, 6, 20), reached)
    months_later = project(BORN_ABROAD, date(2026, 6, 1), TODAY, reached)
    pending = months_later.milestone(Milestone.PERMANENT_NUMBER)
    assert pending.p10 is not None
    assert pending.p10 >= TODAY
    assert _days(months_later, Milestone.PERMANENT_NUMBER) > _days(on_the_day, Milestone.PERMANENT_NUMBER)


def test_four_months_without_news_is_unusual_and_the_app_says_to_chase_now() -> None:
    """ "Is it normal that I have heard nothing for four months?" — no: 9 in 10 have the temporary number sooner."""
    sent = date(2026, 8, 1)
    projection = project(BORN_ABROAD, sent, TODAY, {"application_sent": sent})
    chase = projection.chase_from
    assert chase is not None
    assert chase.milestone is Milestone.TEMPORARY_NUMBER
    assert chase.overdue
    assert sent + timedelta(days=30) < chase.after < TODAY
    assert "timeline.chase.call_3646" in chase.advice
    pending = projection.milestone(Milestone.TEMPORARY_NUMBER)
    assert pending.p10 is not None
    assert pending.p10 >= TODAY, "a step not reached yet comes today at the earliest"


def test_an_application_sent_before_the_ready_date_moves_the_start_instead_of_refusing() -> None:
    sent = TODAY - timedelta(days=4)
    projection = project(BORN_ABROAD, TODAY, TODAY, {"application_sent": sent})
    assert projection.start == sent
    assert projection.start_moved_from == TODAY
    assert projection.milestone(Milestone.APPLICATION_SENT).reached == sent
    assert projection.chase_from is not None
    assert projection.chase_from.milestone is Milestone.TEMPORARY_NUMBER


def test_sending_the_file_is_the_person_s_own_step_and_gets_a_reminder_not_a_chase() -> None:
    later = TODAY + timedelta(days=10)
    for start, day in ((TODAY - timedelta(days=30), TODAY), (later, later)):
        chase = project(BORN_ABROAD, start, TODAY).chase_from
        assert chase is not None
        assert chase.milestone is Milestone.APPLICATION_SENT
        assert chase.yours
        assert not chase.overdue, "a file not sent yet is not the caisse's delay"
        assert chase.after == day
        assert chase.advice == ("timeline.chase.application_sent",)


@pytest.mark.parametrize(
    ("start", "reached", "problems", "kept"),
    [
        (TODAY, {Milestone.APPLICATION_SENT: TODAY - timedelta(days=4)}, [], [Milestone.APPLICATION_SENT]),
        (
            TODAY - timedelta(days=100),
            {
                Milestone.APPLICATION_SENT: TODAY - timedelta(days=90),
                Milestone.TEMPORARY_NUMBER: TODAY - timedelta(days=95),
            },
            [("out_of_order", Milestone.TEMPORARY_NUMBER)],
            [Milestone.APPLICATION_SENT],
        ),
        (
            TODAY - timedelta(days=100),
            {
                Milestone.APPLICATION_SENT: TODAY + timedelta(days=1),
                Milestone.TEMPORARY_NUMBER: TODAY - timedelta(days=5),
            },
            [("reached_in_future", Milestone.APPLICATION_SENT)],
            [Milestone.TEMPORARY_NUMBER],
        ),
        (date(1980, 1, 1), {}, [("start_out_of_range", None)], []),
    ],
    ids=["before_start_is_kept", "out_of_order", "future", "start_out_of_range"],
)
def test_unusable_dates_are_set_aside_with_their_reason_and_the_rest_is_kept(
    start: date, reached: dict[Milestone, date], problems: list[tuple[str, Milestone | None]], kept: list[Milestone]
) -> None:
    usable_start, usable, found = usable_dates(start, TODAY, reached)
    assert [(p.reason, p.milestone) for p in found] == problems
    assert list(usable) == kept
    projection = project(BORN_ABROAD, usable_start, TODAY, usable)
    assert [m.id for m in projection.milestones if m.reached] == kept


def test_a_fresh_application_is_not_overdue_and_says_when_to_chase() -> None:
    projection = project(BORN_ABROAD, TODAY, TODAY, {"application_sent": TODAY})
    assert projection.chase_from is not None
    assert not projection.chase_from.overdue
    assert TODAY + timedelta(days=30) <= projection.chase_from.after <= TODAY + timedelta(days=90)


def test_with_an_ameli_account_the_advice_is_to_write_through_it() -> None:
    reached = {"application_sent": date(2026, 5, 4), "temporary_number": date(2026, 6, 1)}
    reached |= {"permanent_number": date(2026, 9, 1), "ameli_account": date(2026, 9, 8)}
    projection = project(BORN_ABROAD, date(2026, 5, 1), TODAY, reached)
    assert projection.chase_from is not None
    assert projection.chase_from.milestone is Milestone.CARD_RECEIVED
    assert "timeline.chase.write_ameli" in projection.chase_from.advice


def test_waiting_for_the_permanent_number_recalls_the_nine_month_validity() -> None:
    reached = {"application_sent": date(2026, 8, 3), "temporary_number": date(2026, 9, 1)}
    projection = project(BORN_ABROAD, date(2026, 8, 1), TODAY, reached)
    assert projection.chase_from is not None
    assert "timeline.chase.nia_validity" in projection.chase_from.advice
    assert projection.temporary_number_valid_until == date(2027, 6, 1)


def test_a_card_received_ends_the_chase_and_earlier_steps_without_dates_are_marked_done() -> None:
    reached = {"application_sent": date(2026, 5, 4), "card_received": date(2026, 11, 20)}
    projection = project(BORN_ABROAD, date(2026, 5, 1), TODAY, reached)
    assert projection.chase_from is None
    statuses = [m.status for m in projection.milestones]
    assert statuses == [MilestoneStatus.REACHED, *[MilestoneStatus.SKIPPED] * 3, MilestoneStatus.REACHED]
    assert all(c.probability == 1.0 for c in projection.card_chances if c.day >= date(2026, 11, 20))


# -- refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "reached", "reason", "milestone"),
    [
        (TODAY, {"temporary_number": TODAY + timedelta(days=1)}, "reached_in_future", Milestone.TEMPORARY_NUMBER),
        (date(1995, 1, 1), {"application_sent": date(1989, 12, 31)}, "reached_too_early", Milestone.APPLICATION_SENT),
        (
            date(2026, 1, 1),
            {"application_sent": date(2026, 3, 1), "permanent_number": date(2026, 2, 1)},
            "out_of_order",
            Milestone.PERMANENT_NUMBER,
        ),
        (date(1980, 1, 1), {}, "start_out_of_range", None),
        (date(2030, 1, 1), {}, "start_out_of_range", None),
        (TODAY, {"card_printed": TODAY}, "unknown_milestone", None),
    ],
    ids=["future", "before_1990", "out_of_order", "start_too_old", "start_too_far", "unknown_milestone"],
)
def test_impossible_dates_give_a_clear_message_not_a_projection(
    start: date, reached: dict[str, date], reason: str, milestone: Milestone | None
) -> None:
    with pytest.raises(TimelineError) as refused:
        project(BORN_ABROAD, start, TODAY, reached)
    assert refused.value.message_key == f"timeline.error.{reason}"
    assert refused.value.milestone is milestone


def test_a_start_in_the_future_is_a_plan_and_is_projected_from_then() -> None:
    later = TODAY + timedelta(days=60)
    projection = project(BORN_ABROAD, later, TODAY)
    assert all(m.p10 is not None and m.p10 >= later for m in projection.milestones)


@pytest.mark.parametrize("draws", [0, 99, 1_000_001])
def test_the_number_of_draws_is_bounded(draws: int) -> None:
    with pytest.raises(ValueError, match="draws"):
        project(BORN_ABROAD, TODAY, TODAY, draws=draws)


# -- properties ------------------------------------------------------------------------------------------


@st.composite
def journeys(draw: st.DrawFn) -> tuple[date, date, dict[str, date]]:
    """A start, a today on or after it, and an ordered set of reached dates between them."""
    start = draw(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    today = start + timedelta(days=draw(st.integers(0, 700)))
    count = draw(st.integers(0, len(MILESTONE_ORDER)))
    chosen = sorted(draw(st.sets(st.sampled_from(range(len(MILESTONE_ORDER))), min_size=count, max_size=count)))
    offsets = sorted(draw(st.lists(st.integers(0, (today - start).days), min_size=count, max_size=count)))
    reached = {MILESTONE_ORDER[i].value: start + timedelta(days=o) for i, o in zip(chosen, offsets, strict=True)}
    return start, today, reached


@settings(max_examples=60, deadline=None)
@given(journeys(), st.integers(0, 2**32 - 1), st.sampled_from(CardOrder), st.booleans())
def test_every_projection_is_ordered_keeps_reached_dates_and_starts_at_the_start(
    journey: tuple[date, date, dict[str, date]], seed: int, order: CardOrder, born_in_france: bool
) -> None:
    start, today, reached = journey
    answers = BORN_IN_FRANCE if born_in_france else BORN_ABROAD
    projection = project(answers, start, today, reached, draws=500, seed=seed, card_order=order)
    previous = start
    for milestone in projection.milestones:
        if milestone.status is MilestoneStatus.SKIPPED:
            continue
        assert milestone.p10 is not None
        assert milestone.p50 is not None
        assert milestone.p90 is not None
        assert start <= milestone.p10 <= milestone.p50 <= milestone.p90, "p10 ≤ p50 ≤ p90, nothing before start"
        assert milestone.p50 >= previous, "milestones in journey order"
        previous = milestone.p50
        if milestone.id.value in reached:
            assert milestone.reached == milestone.p10 == milestone.p90 == reached[milestone.id.value]
        else:
            assert milestone.p10 >= today, "a step not reached yet is today at the earliest"
    chances = [c.probability for c in projection.card_chances]
    assert chances == sorted(chances)


@settings(max_examples=40, deadline=None)
@given(journeys(), st.integers(0, 2**32 - 1), st.sampled_from(CardOrder))
def test_born_in_france_is_never_slower_than_born_abroad(
    journey: tuple[date, date, dict[str, date]], seed: int, order: CardOrder
) -> None:
    start, today, reached = journey
    abroad = project(BORN_ABROAD, start, today, reached, draws=500, seed=seed, card_order=order)
    france = project(BORN_IN_FRANCE, start, today, reached, draws=500, seed=seed, card_order=order)
    for mine, theirs in zip(france.milestones, abroad.milestones, strict=True):
        for which in ("p10", "p50", "p90"):
            if getattr(mine, which) is not None:
                assert getattr(mine, which) <= getattr(theirs, which)


@settings(max_examples=15, deadline=None)
@given(journeys(), st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_projection(journey: tuple[date, date, dict[str, date]], seed: int) -> None:
    start, today, reached = journey
    assert project(BORN_ABROAD, start, today, reached, seed=seed) == project(
        BORN_ABROAD, start, today, reached, seed=seed
    )


def test_another_seed_moves_the_percentiles_by_a_day_or_two_at_most() -> None:
    """10,000 draws make the percentiles stable: the projection is not an artefact of one seed."""
    one, other = project(BORN_ABROAD, TODAY, TODAY, seed=1), project(BORN_ABROAD, TODAY, TODAY, seed=2)
    for a, b in zip(one.milestones, other.milestones, strict=True):
        assert a.p50 is not None
        assert b.p50 is not None
        assert abs((a.p50 - b.p50).days) <= 2


# -- the duration model --------------------------------------------------------------------------------

STEP = StageDuration(
    since=date(2016, 1, 1), typical=90, worst=274, sources=("F16467",), verified_on=date(2022, 3, 8), confidence="low"
)


def test_a_step_has_its_typical_figure_as_median_and_its_worst_as_97_5th_percentile() -> None:
    assert quantile(STEP, np.array([0.5]))[0] == pytest.approx(90)
    assert quantile(STEP, np.array([WORST_QUANTILE]))[0] == pytest.approx(274)
    assert cdf(STEP, np.array([274.0]))[0] == pytest.approx(WORST_QUANTILE)


def test_a_wait_that_has_lasted_is_drawn_at_least_as_long() -> None:
    u = np.random.default_rng(0).random(10_000)
    waited = sample_at_least(STEP, u, np.full(10_000, 200.0))
    assert waited.min() >= 200
    assert np.median(waited) > np.median(quantile(STEP, u))


def test_a_step_that_takes_no_time_happens_at_once_or_now_if_overdue() -> None:
    none = StageDuration(
        since=date(2016, 1, 1), typical=0, worst=0, sources=("F16467",), verified_on=date(2022, 3, 8), confidence="high"
    )
    u = np.array([0.1, 0.9])
    assert list(quantile(none, u)) == [0, 0]
    assert list(sample_at_least(none, u, np.array([5.0, 5.0]))) == [5, 5]


@pytest.mark.parametrize(
    ("stage", "typical", "worst"),
    [
        ("send_by_post", 2, 7),
        ("temporary_number", 21, 90),
        ("certification_born_abroad", 90, 274),
        ("ameli_account", 7, 14),
        ("card_online", 14, 42),
        ("card_paper", 21, 42),
    ],
)
def test_stage_figures_are_those_of_domain_md(stage: str, typical: float, worst: float) -> None:
    figures = load_parameters().duration(stage).at(TODAY)
    assert (figures.typical, figures.worst) == (typical, worst)


def test_every_stage_cites_known_sources_and_a_verification_date() -> None:
    sources = registry()
    for duration in load_parameters().durations.values():
        for figures in duration.values:
            assert figures.sources
            assert all(source in sources for source in figures.sources)
            assert figures.verified_on <= date.today()


def test_a_worst_figure_below_the_typical_one_is_refused() -> None:
    with pytest.raises(ValueError, match="worst"):
        StageDuration(
            since=date(2016, 1, 1), typical=20, worst=10, sources=("F265",), verified_on=TODAY, confidence="high"
        )


def test_someone_who_already_has_a_number_waits_for_no_temporary_or_permanent_number() -> None:
    returning = BORN_ABROAD.model_copy(update={"has_social_security_number": True})
    projection = project(returning, TODAY, TODAY, {"application_sent": TODAY - timedelta(days=20)})
    statuses = {m.id: m.status for m in projection.milestones}
    assert statuses[Milestone.TEMPORARY_NUMBER] is MilestoneStatus.SKIPPED
    assert statuses[Milestone.PERMANENT_NUMBER] is MilestoneStatus.SKIPPED
    assert statuses[Milestone.CARD_RECEIVED] is MilestoneStatus.PROJECTED
    assert projection.route.has_number
    assert projection.temporary_number_valid_until is None, "no temporary number, no end of its validity"
    assert projection.chase_from is not None
    assert projection.chase_from.milestone is Milestone.AMELI_ACCOUNT
    newcomer = project(BORN_ABROAD, TODAY, TODAY, {"application_sent": TODAY - timedelta(days=20)})
    card, new_card = projection.milestone(Milestone.CARD_RECEIVED), newcomer.milestone(Milestone.CARD_RECEIVED)
    assert card.p50 is not None
    assert new_card.p50 is not None
    assert card.p50 < new_card.p50 - timedelta(days=60), "months sooner without the certification"


def test_without_a_number_or_not_sure_the_number_steps_stay() -> None:
    for answer in (False, None):
        answers = BORN_ABROAD.model_copy(update={"has_social_security_number": answer})
        statuses = {m.id: m.status for m in project(answers, TODAY, TODAY).milestones}
        assert statuses[Milestone.TEMPORARY_NUMBER] is MilestoneStatus.PROJECTED
        assert statuses[Milestone.PERMANENT_NUMBER] is MilestoneStatus.PROJECTED
