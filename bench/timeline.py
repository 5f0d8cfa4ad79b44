"""The timeline: ``project`` with 10,000 draws against a pure-Python loop, and the page's AppTest reruns.

Part one times :func:`vitale.timeline.project` (numpy, no loop per draw) for
a born-abroad employee, alternating a projection from scratch and one
re-projected from two dates already reached, against a naive implementation
of the same simulation that draws every step of every draw one at a time with
:mod:`random` and takes the percentiles with :func:`statistics.quantiles`.
Calls alternate between the two (one naive call every few vitale calls), so
machine noise falls on both.

Part two times AppTest reruns of the timeline page, questionnaire completed,
against an empty Streamlit app, interleaved like :mod:`bench.pages`: plain
reruns with unchanged inputs (the projection is memoised in the session) and
reruns after a reached date changed (a new projection every rerun).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Any

from streamlit.testing.v1 import AppTest

from bench.common import Row, Summary, page_rows, ratio, reruns_as_a_server, texts
from bench.pages import APP, EMPTY_APP, TARGET_RATIO, TIMEOUT_S, _check, _drop_bare_mode_warning, _timed_run
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.ui.session import set_date
from ui.state import CASE, LANGUAGE, TIMELINE_MEMO
from ui.timeline_view import START_WIDGET, reached_widget
from vitale.answers import Answers
from vitale.case import MILESTONE_ORDER, Case, Milestone
from vitale.durations import WORST_QUANTILE
from vitale.parameters import StageDuration, load_parameters
from vitale.text import Language
from vitale.timeline import MAX_LETTERS, project, route_for, stages_for

DRAWS = 10_000
TARGET_P50_MS = 20.0
START = date(2026, 10, 1)
TODAY = date(2026, 12, 1)
REACHED_CASES: tuple[dict[str, date], ...] = (
    {},
    {Milestone.APPLICATION_SENT.value: date(2026, 10, 5), Milestone.TEMPORARY_NUMBER.value: date(2026, 11, 2)},
)
"""Calls alternate between these: a projection from scratch, and one from two dates reached before ``TODAY``."""
NAIVE_EVERY = 4
"""One naive call after every ``NAIVE_EVERY`` vitale calls (the naive loop is far slower)."""
WARMUP_CALLS = NAIVE_EVERY
"""Untimed vitale calls before the timed ones (and so one untimed naive call)."""

TIMELINE_PAGE = "pages/timeline.py"
PAGE_START = date(2026, 10, 1)
"""Set once at setup, before any reached date: reached dates must fall between the start and the page's today."""
PAGE_REACHED = Milestone.APPLICATION_SENT
PAGE_REACHED_DATES = (date(2026, 11, 2), date(2026, 11, 3))
"""Alternated on the reached-date reruns; both must be on or before ``ui.clock.today()`` (the page's today)."""


# Part one: project() against a pure-Python loop.


def _naive_quantile(figures: StageDuration, u: float) -> float:
    """The log-logistic quantile of :mod:`vitale.durations`, one draw at a time."""
    if figures.worst == 0:
        return 0.0
    beta = math.log(WORST_QUANTILE / (1 - WORST_QUANTILE)) / math.log(figures.worst / figures.typical)
    u = min(u, 1.0 - 1e-12)
    return figures.typical * (u / (1.0 - u)) ** (1.0 / beta)


def _naive_at_least(figures: StageDuration, u: float, waited: float) -> float:
    """A draw given that the step has already lasted ``waited`` days (inverse transform of the truncated law)."""
    waited = max(waited, 0.0)
    if figures.worst == 0:
        return waited
    beta = math.log(WORST_QUANTILE / (1 - WORST_QUANTILE)) / math.log(figures.worst / figures.typical)
    powered = (waited / figures.typical) ** beta
    floor = powered / (1.0 + powered)
    return max(_naive_quantile(figures, floor + u * (1.0 - floor)), waited)


def naive_project(
    answers: Answers, start: date, today: date, reached: Mapping[str, date], draws: int = DRAWS, seed: int = 0
) -> dict[Milestone, tuple[float, float, float]]:
    """The quick implementation: a Python loop over draws, each step drawn one by one with :mod:`random`.

    Same route, figures, missing-document letters and conditioning on the wait
    so far as :func:`vitale.timeline.project` (online card order), then p10,
    p50 and p90 in days from ``start`` of every milestone not reached, with
    :func:`statistics.quantiles`. The same amount of work, not the same output:
    different random numbers, no dates, no chase, no card chances.
    """
    params = load_parameters()
    route = route_for(answers, start, today)
    stages = stages_for(route, params)
    letter = stages[Milestone.TEMPORARY_NUMBER].durations[1][1]
    chance = params.parameter("missing_document_letter_probability").at(route.applies_from).value
    assert isinstance(chance, float)
    known = {Milestone(key): float((day - start).days) for key, day in reached.items()}
    last_reached = max((MILESTONE_ORDER.index(m) for m in known), default=-1)
    now = float((today - start).days)
    first_day = float((route.applies_from - start).days)
    rng = random.Random(seed)
    times: dict[Milestone, list[float]] = {m: [] for m in MILESTONE_ORDER}
    for _ in range(draws):
        anchor = first_day
        for index, milestone in enumerate(MILESTONE_ORDER):
            figures = stages[milestone].main[1]
            u = rng.random()
            extra = 0.0
            if milestone is Milestone.TEMPORARY_NUMBER:
                first_u = rng.random()
                for k in range(MAX_LETTERS):
                    delay = _naive_quantile(letter, rng.random())
                    if first_u < chance ** (k + 1):
                        extra += delay
            if milestone in known:
                anchor = known[milestone]
            elif index == last_reached + 1:
                anchor += extra + _naive_at_least(figures, u, now - anchor - extra)
            else:
                anchor += extra + _naive_quantile(figures, u)
            times[milestone].append(anchor)
    result: dict[Milestone, tuple[float, float, float]] = {}
    for milestone in MILESTONE_ORDER:
        if milestone not in known:
            cuts = statistics.quantiles(times[milestone], n=10, method="inclusive")
            result[milestone] = (cuts[0], cuts[4], cuts[8])
    return result


def _time_ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _project_timings(calls: int) -> tuple[list[float], list[float]]:
    """``calls`` timed vitale calls and ``calls / NAIVE_EVERY`` naive ones, alternating, in ms (seed = call number)."""
    answers = EMPLOYEE_BORN_IN_INDIA
    ours: list[float] = []
    theirs: list[float] = []
    for n in range(WARMUP_CALLS + calls):
        timed = n >= WARMUP_CALLS
        reached = REACHED_CASES[n % len(REACHED_CASES)]
        elapsed = _time_ms(partial(project, answers, START, TODAY, reached, draws=DRAWS, seed=n))
        if timed:
            ours.append(elapsed)
        if n % NAIVE_EVERY == 0:  # the naive calls alternate the inputs too
            case = REACHED_CASES[(n // NAIVE_EVERY) % len(REACHED_CASES)]
            elapsed = _time_ms(partial(naive_project, answers, START, TODAY, case, DRAWS, seed=n))
            if timed:
                theirs.append(elapsed)
    return ours, theirs


def _card_medians() -> dict[str, dict[str, float]]:
    """Not timed: vitale's and the naive loop's median card day (days from the start), for each input."""
    medians: dict[str, dict[str, float]] = {}
    for reached in REACHED_CASES:
        name = "+".join(reached) or "none"
        projection = project(EMPLOYEE_BORN_IN_INDIA, START, TODAY, reached, draws=DRAWS, seed=0)
        card = projection.milestone(Milestone.CARD_RECEIVED).p50
        assert card is not None
        naive = naive_project(EMPLOYEE_BORN_IN_INDIA, START, TODAY, reached, DRAWS, seed=0)
        medians[name] = {"vitale": float((card - START).days), "naive": naive[Milestone.CARD_RECEIVED][1]}
    return medians


# Part two: the timeline page under AppTest.


class TimelineSession:
    """An AppTest session on the timeline page, questionnaire completed, start date set.

    With ``change_reached`` every rerun first enters the date the application
    was sent, alternating two dates, so every rerun projects again; without it
    the inputs never change and the rerun reuses the memoised projection. Both
    are checked after every rerun.
    """

    def __init__(self, change_reached: bool) -> None:
        self.change_reached = change_reached
        self.at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        self.at.session_state[CASE] = Case(answers=EMPLOYEE_BORN_IN_INDIA)
        self.at.session_state[LANGUAGE] = Language.EN.value
        self.at.run()
        _check(self.at, "first load")
        self.at.switch_page(TIMELINE_PAGE).run()
        _check(self.at, TIMELINE_PAGE)
        set_date(self.at, START_WIDGET, PAGE_START)
        start = time.perf_counter()
        self.at.run()
        self.first_projection_ms = (time.perf_counter() - start) * 1000
        _check(self.at, TIMELINE_PAGE)
        if self.at.session_state[CASE].timeline_start != PAGE_START:
            raise RuntimeError(f"{TIMELINE_PAGE}: the start date {PAGE_START} was not taken")
        self._expect_projection("after setting the start date")
        self.memo = self.at.session_state[TIMELINE_MEMO]["projection"]
        self.reruns = 0

    def _expect_projection(self, after: str) -> None:
        heading = "## " + texts().text(Language.EN, "timeline.table_heading")
        if not any(element.value.startswith(heading) for element in self.at.markdown):
            raise RuntimeError(f"{TIMELINE_PAGE}: no projection table {after}")

    def rerun(self) -> float:
        """Enter the next reached date (if this session changes them) and time the rerun."""
        if not self.change_reached:
            elapsed = _timed_run(self.at, TIMELINE_PAGE)
            self._expect_projection("after a plain rerun")
            if self.at.session_state[TIMELINE_MEMO]["projection"] is not self.memo:
                raise RuntimeError(f"{TIMELINE_PAGE}: a rerun with the same inputs projected again")
            return elapsed
        day = PAGE_REACHED_DATES[self.reruns % len(PAGE_REACHED_DATES)]
        self.reruns += 1
        set_date(self.at, reached_widget(PAGE_REACHED), day)
        elapsed = _timed_run(self.at, TIMELINE_PAGE)
        self._expect_projection(f"after entering {day}")
        if self.at.session_state[CASE].reached.get(PAGE_REACHED) != day:
            raise RuntimeError(f"{TIMELINE_PAGE}: the reached date {day} was not taken")
        memo = self.at.session_state[TIMELINE_MEMO]["projection"]
        if memo is self.memo:
            raise RuntimeError(f"{TIMELINE_PAGE}: a new reached date did not give a new projection")
        self.memo = memo
        return elapsed


def _page_timings(warmups: int, repeats: int) -> tuple[dict[str, list[float]], float]:
    unchanged = TimelineSession(change_reached=False)
    changed = TimelineSession(change_reached=True)
    empty = AppTest.from_string(EMPTY_APP, default_timeout=TIMEOUT_S)
    timings: dict[str, list[float]] = {"unchanged": [], "reached": [], "empty": []}
    for round_ in range(warmups + repeats):
        measured = {
            "empty": _timed_run(empty, "empty app"),
            "unchanged": unchanged.rerun(),
            "reached": changed.rerun(),
        }
        if round_ >= warmups:
            for name, elapsed in measured.items():
                timings[name].append(elapsed)
    return timings, changed.first_projection_ms


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """Run the benchmark; return the table rows and the figures for the JSON report."""
    _drop_bare_mode_warning()
    calls = 40 if quick else 200
    warmups, repeats = (2, 8) if quick else (3, 30)

    vitale_ms, naive_ms = _project_timings(calls)
    ours, theirs = Summary.of(vitale_ms), Summary.of(naive_ms)
    medians = _card_medians()
    with reruns_as_a_server():  # as in bench/pages.py: what a server pays on a rerun, for the empty app too
        page_ms, first_projection_ms = _page_timings(warmups, repeats)
    pages = {name: Summary.of(samples) for name, samples in page_ms.items()}

    rows = [
        Row(
            f"timeline: project ({DRAWS:,} draws) p50",
            "ms",
            ours.p50,
            theirs.p50,
            ratio(theirs.p50, ours.p50),
            "naive/vitale",
            target=f"vitale p50 < {TARGET_P50_MS:.0f} ms",
            passed=ours.p50 < TARGET_P50_MS,
        ),
        Row(
            f"timeline: project ({DRAWS:,} draws) p95",
            "ms",
            ours.p95,
            theirs.p95,
            ratio(theirs.p95, ours.p95),
            "naive/vitale",
        ),
    ]
    base = pages["empty"]
    labelled = (
        ("unchanged", "timeline page rerun (same inputs, memoised)"),
        ("reached", "timeline page rerun (reached date changed)"),
    )
    for name, label in labelled:
        rows += page_rows(label, pages[name], base, TARGET_RATIO)
    figures = {
        "draws": DRAWS,
        "start": START.isoformat(),
        "today": TODAY.isoformat(),
        "reached_cases": [{key: day.isoformat() for key, day in case.items()} for case in REACHED_CASES],
        "project_calls": {"vitale": len(vitale_ms), "naive": len(naive_ms)},
        "vitale_ms": vars(ours),
        "naive_ms": vars(theirs),
        "card_median_days": medians,
        "page_warmups": warmups,
        "page_repeats": repeats,
        "page_start": PAGE_START.isoformat(),
        "page_reached_dates": [day.isoformat() for day in PAGE_REACHED_DATES],
        "first_projection_ms": first_projection_ms,
        "page_summaries_ms": {name: vars(summary) for name, summary in pages.items()},
        "page_samples_ms": page_ms,
    }
    return rows, figures


def notes(figures: dict[str, Any]) -> list[str]:
    """Plain-language lines to print under the table."""
    calls, reached = figures["project_calls"], figures["reached_cases"][1]
    medians = "; ".join(
        f"{name}: vitale {pair['vitale']:.0f}, naive {pair['naive']:.1f}"
        for name, pair in figures["card_median_days"].items()
    )
    pages = figures["page_summaries_ms"]
    empty, unchanged, changed = (pages[name]["p50"] for name in ("empty", "unchanged", "reached"))
    return [
        f"timeline: {calls['vitale']} project() calls and {calls['naive']} naive ones (seed = call number),"
        f" start {figures['start']}, today {figures['today']}, alternating no reached date and"
        f" {', '.join(f'{key} {day}' for key, day in reached.items())}.",
        f"timeline: median card day from the start (not timed; different random numbers) — {medians}.",
        f"timeline page: {figures['page_repeats']} timed reruns each after {figures['page_warmups']} warm-ups,"
        f" interleaved with an empty app (median {empty:.1f} ms); start set to {figures['page_start']}, reached"
        f" reruns alternate application_sent {' / '.join(figures['page_reached_dates'])}."
        f" Page − empty: {unchanged - empty:.1f} ms memoised, {changed - empty:.1f} ms re-projected.",
        f"timeline page: the first rerun with a projection (not in the table) {figures['first_projection_ms']:.0f} ms.",
    ]
