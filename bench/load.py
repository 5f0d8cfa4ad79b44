"""Concurrent sessions on the real server, over Streamlit's websocket protocol, against an empty app.

For each level (10, 50 and 100 simultaneous sessions; one level of 6 with
``--quick``) two fresh servers are started in turn with ``streamlit run`` on a
free loopback port (:mod:`bench.server`): Vitale (``app.py``) and an app that
is only ``import streamlit as st``, loaded the same way. Each server first
serves one untimed warm-up session (it builds the cached office index and
compiles the pages), then the sessions connect over 2 seconds and each runs
its journey (:mod:`bench.stream_client` plays the browser); no session
interacts before every session has opened its page (openings are timed apart):

* **office**: open ``/office``, then alternately type ``75011`` and ``59000`` in
  "Your postal code" and press "Find my caisse" (the form's submit trigger);
  every result must show "Your caisse" and the code typed;
* **questionnaire**: open ``/eligibility``, then alternately answer "Where will
  you live?" (mainland France) and press Continue (the next question, "Will
  France be your main home…?", must appear), and press Back (the first question
  must come back with its answer restored);
* **timeline**: answer the questionnaire over the wire as a French employee
  born in France (five questions, untimed), open ``/timeline``, set the start
  date to 60 days ago (untimed), then enter "Application sent" on alternately
  start + 3 and start + 4 days: every interaction projects again, and the
  projection table must show that date;
* **empty app** (the baseline): the same number of sessions, each sending plain
  ``rerun_script`` messages.

Sessions take the three journeys in turn. Each does a fixed number of
interactions (5; 2 with ``--quick``), each after a think time drawn between
0.5 and 1.5 s (fixed seed); one interaction is timed from the send of its
``rerun_script`` to the ``script_finished`` message. The opening of the page
is not an interaction (its time is in the figures). A session that sees an
``exception`` element, Vitale's "Something went wrong" alert, a page not
found, a wrong page or a failed connection counts an error, and any error
makes the benchmark raise once the servers are stopped; a rerun slower than
60 s or a level over its 300 s limit stops the sessions concerned and is
counted as a timeout (reported, not raised: slow is a figure, not a failure).

Memory is the server's ``VmRSS`` after the warm-up (idle) and while every
session of the level is still connected (after the last interaction), and
``VmHWM`` (its peak) at the end; MB per added session is the least-squares
slope of the connected RSS over the levels.

``python -m bench.load --url http://127.0.0.1:PORT --sessions 50`` drives a
server (or a reverse proxy) that is already running; :func:`run_load` is the
same from Python.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from bench.common import Row, Summary, ratio, texts
from bench.server import APP, EMPTY_APP, script_file, serve
from bench.stream_client import RunResult, StreamSession
from ui import clock
from vitale.text import Language

LEVELS = (10, 50, 100)
QUICK_LEVELS = (6,)
INTERACTIONS = 5
QUICK_INTERACTIONS = 2
THINK_S = (0.5, 1.5)
RAMP_S = 2.0
LEVEL_TIME_LIMIT_S = 300.0
RERUN_TIMEOUT_S = 60.0
TARGET_P95_RATIO = 2.0
SEED = 6
CODES = ("75011", "59000")
VITALE_JOURNEYS = ("office", "questionnaire", "timeline")
EMPTY_JOURNEYS = ("empty",)


def _texts() -> dict[str, str]:
    catalog = texts()
    keys = (
        "office.postcode_label",
        "office.search",
        "office.result_heading",
        "question.territory.label",
        "question.main_home.label",
        "option.territory.metropole",
        "wizard.next",
        "wizard.back",
    )
    return {key: catalog.text(Language.EN, key) for key in keys}


def error_texts() -> tuple[str, ...]:
    """Vitale's own "something went wrong" alert, in both languages: a caught page exception."""
    catalog = texts()
    return tuple(catalog.text(language, "errors.unexpected") for language in Language)


class JourneyError(RuntimeError):
    """A session saw something wrong (an exception, the wrong page, a missing result)."""


def _check(result: RunResult, what: str) -> RunResult:
    if result.errors:
        raise JourneyError(f"{what}: {'; '.join(result.errors)}")
    return result


class Journey(Protocol):
    """What one session does: open its page, then one interaction per :meth:`step` (its rerun result)."""

    name: str

    async def open(self, session: StreamSession) -> RunResult: ...

    async def step(self, session: StreamSession, number: int) -> RunResult: ...


@dataclass
class OfficeJourney:
    """Type a postal code (alternating ``CODES``) and submit the office form."""

    texts: dict[str, str]
    name: str = "office"
    last: RunResult | None = None

    async def open(self, session: StreamSession) -> RunResult:
        self.last = _check(await session.rerun(page_name="office", timeout_s=RERUN_TIMEOUT_S), "open /office")
        self.last.widget("text_input", self.texts["office.postcode_label"])
        return self.last

    async def step(self, session: StreamSession, number: int) -> RunResult:
        assert self.last is not None
        code = CODES[number % len(CODES)]
        session.set_string(self.last.widget("text_input", self.texts["office.postcode_label"]), code)
        submit = self.last.widget("button", self.texts["office.search"])
        result = _check(await session.rerun(trigger=submit, timeout_s=RERUN_TIMEOUT_S), f"office {code}")
        if not (result.shows(self.texts["office.result_heading"]) and result.shows(code)):
            raise JourneyError(f"office {code}: no caisse shown")
        self.last = result
        return result


@dataclass
class QuestionnaireJourney:
    """Answer the first question and Continue, then Back to it (its answer must be restored), and so on."""

    texts: dict[str, str]
    name: str = "questionnaire"
    last: RunResult | None = None

    def _question(self, result: RunResult) -> str:
        radios = [widget for widget in result.widgets if widget.kind == "radio"]
        return radios[0].label if radios else ""

    async def open(self, session: StreamSession) -> RunResult:
        self.last = _check(await session.rerun(page_name="eligibility", timeout_s=RERUN_TIMEOUT_S), "open /eligibility")
        if self._question(self.last) != self.texts["question.territory.label"]:
            raise JourneyError(f"/eligibility opened on {self._question(self.last)!r}")
        return self.last

    async def step(self, session: StreamSession, number: int) -> RunResult:
        assert self.last is not None
        first, second = self.texts["question.territory.label"], self.texts["question.main_home.label"]
        answer = self.texts["option.territory.metropole"]
        if self._question(self.last) == first:
            session.set_string(self.last.widget("radio", first), answer)
            press, expected = self.texts["wizard.next"], second
        else:
            press, expected = self.texts["wizard.back"], first
        run = await session.rerun(trigger=self.last.widget("button", press), timeout_s=RERUN_TIMEOUT_S)
        result = _check(run, f"questionnaire {press}")
        shown = self._question(result)
        if shown != expected:
            raise JourneyError(f"questionnaire: after {press} the page shows {shown!r}, expected {expected!r}")
        if expected == first and result.widget("radio", first).value != answer:
            raise JourneyError(f"questionnaire: Back lost the answer {answer!r}")
        self.last = result
        return result


TIMELINE_ANSWERS = {
    "territory": "metropole",
    "main_home": "yes",
    "activity": "employee",
    "nationality": "french",
    "situations": "born_in_france",
}
"""The shortest questionnaire with a card route: a French employee born in France (five questions)."""
TIMELINE_START_DAYS_AGO = 60
TIMELINE_MAX_QUESTIONS = 10


@dataclass
class TimelineJourney:
    """Answer the questionnaire over the wire (untimed), open the timeline, then change a reached date.

    The opening answers :data:`TIMELINE_ANSWERS` one question per rerun
    (Continue) until "Check your answers", switches to ``/timeline`` and sets the
    start date to 60 days ago; these reruns are not interactions. Each
    interaction then enters the date the application was sent, alternating
    start + 3 and start + 4 days (a new projection every time), and checks that
    the projection table ("The same figures in words") is drawn with that date.
    """

    name: str = "timeline"
    last: RunResult | None = None
    start: date = field(default_factory=lambda: clock.today() - timedelta(days=TIMELINE_START_DAYS_AGO))

    async def _answer_questionnaire(self, session: StreamSession) -> None:
        catalog = texts()

        def text(key: str) -> str:
            return catalog.text(Language.EN, key)

        by_label = {text(f"question.{question}.label"): question for question in TIMELINE_ANSWERS}
        result = _check(await session.rerun(page_name="eligibility", timeout_s=RERUN_TIMEOUT_S), "open /eligibility")
        for _ in range(TIMELINE_MAX_QUESTIONS):
            if result.shows(text("wizard.check_heading")):
                return
            radios = [widget for widget in result.widgets if widget.kind == "radio"]
            if radios:
                question = by_label.get(radios[0].label)
                if question is None:
                    raise JourneyError(f"timeline setup: unexpected question {radios[0].label!r}")
                session.set_string(radios[0], text(f"option.{question}.{TIMELINE_ANSWERS[question]}"))
            else:  # the special situations: one checkbox per situation
                option = text(f"option.situations.{TIMELINE_ANSWERS['situations']}")
                session.set_bool(result.widget("checkbox", option), True)
            run = await session.rerun(trigger=result.widget("button", text("wizard.next")), timeout_s=RERUN_TIMEOUT_S)
            result = _check(run, "timeline setup: Continue")
        raise JourneyError(f"timeline setup: no 'check your answers' after {TIMELINE_MAX_QUESTIONS} questions")

    async def open(self, session: StreamSession) -> RunResult:
        await self._answer_questionnaire(session)
        catalog = texts()
        result = _check(await session.rerun(page_name="timeline", timeout_s=RERUN_TIMEOUT_S), "open /timeline")
        _set_date(session, result, catalog.text(Language.EN, "timeline.start_label"), self.start)
        self.last = _check(await session.rerun(timeout_s=RERUN_TIMEOUT_S), "timeline start date")
        self._expect_projection(self.last, "after setting the start date")
        return self.last

    @staticmethod
    def _expect_projection(result: RunResult, after: str) -> None:
        if not result.shows(texts().text(Language.EN, "timeline.table_heading")):
            raise JourneyError(f"timeline: no projection table {after}")

    async def step(self, session: StreamSession, number: int) -> RunResult:
        assert self.last is not None
        day = self.start + timedelta(days=3 + number % 2)
        label = texts().text(Language.EN, "timeline.reached.application_sent")
        _set_date(session, self.last, label, day)
        result = _check(await session.rerun(timeout_s=RERUN_TIMEOUT_S), f"timeline reached {day}")
        self._expect_projection(result, f"after entering {day}")
        if not result.shows(texts().format_date(Language.EN, day)):
            raise JourneyError(f"timeline: the reached date {day} is not in the projection")
        self.last = result
        return result


@dataclass
class EmptyJourney:
    """The baseline: plain reruns of whatever the server runs."""

    name: str = "empty"

    async def open(self, session: StreamSession) -> RunResult:
        return _check(await session.rerun(timeout_s=RERUN_TIMEOUT_S), "open")

    async def step(self, session: StreamSession, number: int) -> RunResult:
        return _check(await session.rerun(timeout_s=RERUN_TIMEOUT_S), "rerun")


def make_journey(name: str) -> Journey:
    """A fresh journey object (each session has its own)."""
    if name == "office":
        return OfficeJourney(_texts())
    if name == "questionnaire":
        return QuestionnaireJourney(_texts())
    if name == "timeline":
        return TimelineJourney()
    if name == "empty":
        return EmptyJourney()
    raise ValueError(f"unknown journey {name!r} (office, questionnaire, timeline, empty)")


@dataclass
class LoadResult:
    """One level against one server: latencies (ms) per journey, errors, and memory if a probe was given."""

    base_url: str
    sessions: int
    journeys: tuple[str, ...]
    interactions: int
    latencies_ms: dict[str, list[float]] = field(default_factory=dict)
    open_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    """Sessions stopped by a rerun timeout or the level's time limit: too slow, not broken (reported, not raised)."""
    duration_s: float = 0.0
    memory_connected_mb: dict[str, float] = field(default_factory=dict)
    received_bytes: int = 0
    backends: dict[str, int] = field(default_factory=dict)
    """Sessions per backend, when a reverse proxy names the backend (deploy/'s ``X-Vitale-Backend``)."""

    @property
    def all_latencies_ms(self) -> list[float]:
        return [value for samples in self.latencies_ms.values() for value in samples]

    def summary(self, journey: str | None = None) -> Summary:
        """Percentiles of every interaction (or of one journey's)."""
        return Summary.of(self.all_latencies_ms if journey is None else self.latencies_ms[journey])


class _Barriers:
    """Every session opens its page before any interacts; every session stays connected until all are done."""

    def __init__(self, sessions: int) -> None:
        self.to_open = self.to_finish = sessions
        self.all_opened, self.all_finished, self.done = asyncio.Event(), asyncio.Event(), asyncio.Event()

    def opened(self) -> None:
        self.to_open -= 1
        if self.to_open == 0:
            self.all_opened.set()

    def finished(self) -> None:
        self.to_finish -= 1
        if self.to_finish == 0:
            self.all_finished.set()

    def failed(self, had_opened: bool) -> None:
        """A session ended early: it no longer holds the others back."""
        if not had_opened:
            self.opened()
        self.finished()


async def _session(
    index: int,
    base_url: str,
    journey: Journey,
    interactions: int,
    rng: random.Random,
    result: LoadResult,
    barrier: _Barriers,
) -> None:
    """One tab: connect after its ramp delay, open, wait for every tab to be open, interact, stay connected."""
    delay = rng.uniform(0, RAMP_S)
    thinks = [rng.uniform(*THINK_S) for _ in range(interactions)]
    had_opened = False
    try:
        await asyncio.sleep(delay)
        async with StreamSession(base_url, error_texts=error_texts()) as session:
            opened = await journey.open(session)
            result.open_ms.append(opened.elapsed_ms)
            if session.backend:
                result.backends[session.backend] = result.backends.get(session.backend, 0) + 1
            had_opened = True
            barrier.opened()
            await barrier.all_opened.wait()
            for number, think in enumerate(thinks):
                await asyncio.sleep(think)
                run = await journey.step(session, number)
                result.latencies_ms.setdefault(journey.name, []).append(run.elapsed_ms)
                result.received_bytes += run.received_bytes
            barrier.finished()
            await barrier.done.wait()
    except TimeoutError:
        result.timeouts.append(f"session {index} ({journey.name}): a rerun took over {RERUN_TIMEOUT_S:.0f} s")
        barrier.failed(had_opened)
    except Exception as error:  # noqa: BLE001 - every failure of a session is counted, none stops the others
        result.errors.append(f"session {index} ({journey.name}): {type(error).__name__}: {error}")
        barrier.failed(had_opened)


async def _run_load(
    base_url: str,
    sessions: int,
    journeys: Sequence[str],
    interactions: int,
    probe: Callable[[], dict[str, float]] | None,
    seed: int,
    time_limit_s: float,
) -> LoadResult:
    result = LoadResult(base_url, sessions, tuple(journeys), interactions)
    rng = random.Random(seed)
    barrier = _Barriers(sessions)
    tasks = [
        asyncio.create_task(
            _session(
                n,
                base_url,
                make_journey(journeys[n % len(journeys)]),
                interactions,
                random.Random(rng.random()),
                result,
                barrier,
            )
        )
        for n in range(sessions)
    ]
    started = time.perf_counter()
    try:
        await asyncio.wait_for(barrier.all_finished.wait(), timeout=time_limit_s)
    except TimeoutError:
        unfinished = barrier.to_finish
        result.timeouts.append(f"time limit of {time_limit_s:.0f} s reached with {unfinished} session(s) unfinished")
    result.duration_s = time.perf_counter() - started
    if probe is not None:
        result.memory_connected_mb = probe()  # every session that did not fail is still connected here
    barrier.done.set()
    for task in tasks:
        if not task.done():
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return result


def run_load(
    base_url: str,
    sessions: int,
    journeys: Sequence[str] = VITALE_JOURNEYS,
    interactions: int = INTERACTIONS,
    probe: Callable[[], dict[str, float]] | None = None,
    seed: int = SEED,
    time_limit_s: float = LEVEL_TIME_LIMIT_S,
) -> LoadResult:
    """Run ``sessions`` simultaneous sessions against ``base_url`` (a server or a proxy in front of servers).

    Session ``n`` runs ``journeys[n % len(journeys)]`` (``office``,
    ``questionnaire`` or ``empty``) for ``interactions`` timed interactions.
    ``probe`` (optional) is called once while every session is still
    connected, after the last interaction; its figures land in
    ``memory_connected_mb``. Errors are collected in the result, never raised.
    """
    return asyncio.run(_run_load(base_url, sessions, journeys, interactions, probe, seed, time_limit_s))


def _warm_up(base_url: str, journeys: Sequence[str]) -> None:
    """One session per journey, untimed: the first run builds the caches (office index) and compiles the pages."""
    warm = run_load(base_url, len(journeys), journeys, interactions=2, seed=SEED - 1)
    if warm.errors:
        raise RuntimeError(f"warm-up against {base_url} failed: {warm.errors[0]}")


def _level(app: str, sessions: int, interactions: int) -> dict[str, Any]:
    """A fresh server for ``app`` ("vitale" or "empty"), warmed up, then one level; the server is always stopped."""
    journeys = VITALE_JOURNEYS if app == "vitale" else EMPTY_JOURNEYS

    def measure(script: Any) -> dict[str, Any]:
        with serve(script) as server:
            _warm_up(server.url, journeys)
            idle = server.memory()
            result = run_load(server.url, sessions, journeys, interactions, probe=server.memory)
            end = server.memory()
            return {"result": result, "idle_mb": idle["rss"], "connected_mb": result.memory_connected_mb, "end": end}

    if app == "vitale":
        return measure(APP)
    with script_file(EMPTY_APP, "empty_app.py") as script:
        return measure(script)


def _slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of y over x, or ``None`` with fewer than two distinct x."""
    if len({x for x, _ in points}) < 2:
        return None
    return statistics.linear_regression([x for x, _ in points], [y for _, y in points]).slope


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """Run every level on both apps; return the table rows and the figures for the JSON report."""
    levels = QUICK_LEVELS if quick else LEVELS
    interactions = QUICK_INTERACTIONS if quick else INTERACTIONS
    started = time.perf_counter()
    measured: dict[int, dict[str, dict[str, Any]]] = {}
    errors: list[str] = []
    for sessions in levels:
        measured[sessions] = {app: _level(app, sessions, interactions) for app in ("vitale", "empty")}
        for app, figures in measured[sessions].items():
            errors += [f"{app}, {sessions} sessions: {error}" for error in figures["result"].errors]
    if errors:
        raise RuntimeError(f"load: {len(errors)} error(s); first: {errors[0]}")
    timeouts = {
        app: sum(len(apps[app]["result"].timeouts) for apps in measured.values()) for app in ("vitale", "empty")
    }

    rows: list[Row] = []
    per_level: dict[str, Any] = {}
    for sessions, apps in measured.items():
        ours, base = apps["vitale"], apps["empty"]
        mine, theirs = ours["result"].summary(), base["result"].summary()
        p95_ratio = ratio(mine.p95, theirs.p95)
        label = f"load, {sessions} sessions: interaction → end of rerun"
        rows += [
            Row(f"{label}, p50", "ms", mine.p50, theirs.p50, ratio(mine.p50, theirs.p50), "vitale/empty"),
            Row(
                f"{label}, p95",
                "ms",
                mine.p95,
                theirs.p95,
                p95_ratio,
                "vitale/empty",
                target=f"< {TARGET_P95_RATIO:.0f}× empty app",
                passed=p95_ratio < TARGET_P95_RATIO,
            ),
            Row(
                f"load, {sessions} sessions: server RSS, all connected",
                "MB",
                ours["connected_mb"]["rss"],
                base["connected_mb"]["rss"],
                ratio(ours["connected_mb"]["rss"], base["connected_mb"]["rss"]),
                "vitale/empty",
            ),
            Row(
                f"load, {sessions} sessions: server peak RSS (VmHWM)",
                "MB",
                ours["end"]["hwm"],
                base["end"]["hwm"],
                ratio(ours["end"]["hwm"], base["end"]["hwm"]),
                "vitale/empty",
            ),
        ]
        per_level[str(sessions)] = {
            app: {
                "summary_ms": vars(figures["result"].summary()),
                "by_journey_ms": {
                    name: vars(figures["result"].summary(name)) for name in figures["result"].latencies_ms
                },
                "open_ms": vars(Summary.of(figures["result"].open_ms)),
                "duration_s": figures["result"].duration_s,
                "idle_rss_mb": figures["idle_mb"],
                "connected_mb": figures["connected_mb"],
                "end_mb": figures["end"],
                "received_bytes": figures["result"].received_bytes,
                "timeouts": figures["result"].timeouts,
                "samples_ms": figures["result"].latencies_ms,
            }
            for app, figures in apps.items()
        }
    slopes = {
        app: _slope([(sessions, apps[app]["connected_mb"]["rss"]) for sessions, apps in measured.items()])
        for app in ("vitale", "empty")
    }
    per_session = {  # at the largest level, against the same server's idle RSS (defined with one level too)
        app: (measured[levels[-1]][app]["connected_mb"]["rss"] - measured[levels[-1]][app]["idle_mb"]) / levels[-1]
        for app in ("vitale", "empty")
    }
    memory_row = slopes if slopes["vitale"] is not None else per_session
    memory_label = (
        f"load: memory per added session (RSS slope {levels[0]}→{levels[-1]})"
        if slopes["vitale"] is not None
        else f"load: memory per session (RSS at {levels[-1]} − idle, / {levels[-1]})"
    )
    rows += [
        Row(
            memory_label,
            "MB",
            memory_row["vitale"],
            memory_row["empty"],
            ratio(memory_row["vitale"] or 0.0, memory_row["empty"] or 0.0),
            "vitale/empty",
        ),
        Row("load: errors (exceptions, wrong pages, failed connections)", "", 0, 0, target="0", passed=True),
        Row(
            f"load: sessions stopped by a timeout ({RERUN_TIMEOUT_S:.0f} s/rerun, {LEVEL_TIME_LIMIT_S:.0f} s/level)",
            "",
            timeouts["vitale"],
            timeouts["empty"],
            target="0",
            passed=timeouts["vitale"] == 0,
        ),
    ]
    figures = {
        "levels": list(levels),
        "interactions": interactions,
        "think_s": list(THINK_S),
        "ramp_s": RAMP_S,
        "journeys": {"vitale": list(VITALE_JOURNEYS), "empty": list(EMPTY_JOURNEYS)},
        "codes": list(CODES),
        "per_level": per_level,
        "mb_per_session_slope": slopes,
        "mb_per_session_vs_idle": per_session,
        "runtime_s": time.perf_counter() - started,
    }
    return rows, figures


def notes(figures: dict[str, Any]) -> list[str]:
    """Plain-language lines to print under the table."""
    levels = figures["per_level"]
    by_journey = "; ".join(
        f"{sessions}: "
        + ", ".join(
            f"{name} p50 {summary['p50']:.0f} / p95 {summary['p95']:.0f}"
            for name, summary in apps["vitale"]["by_journey_ms"].items()
        )
        + f" (opening p95 {apps['vitale']['open_ms']['p95']:.0f}, empty {apps['empty']['open_ms']['p95']:.0f})"
        for sessions, apps in levels.items()
    )
    idle = ", ".join(
        f"{sessions}: vitale {apps['vitale']['idle_rss_mb']:.0f} MB, empty {apps['empty']['idle_rss_mb']:.0f} MB"
        for sessions, apps in levels.items()
    )
    vs_idle = figures["mb_per_session_vs_idle"]
    return [
        f"load: a fresh server per level and app, warmed up by one untimed session per journey; sessions connect"
        f" over {figures['ramp_s']:.0f} s and alternate {' / '.join(figures['journeys']['vitale'])}"
        f" (empty app: plain reruns); {figures['interactions']} interactions per session, think time"
        f" {figures['think_s'][0]}–{figures['think_s'][1]} s. Runtime {figures['runtime_s']:.0f} s.",
        f"load: vitale ms by journey per level — {by_journey}.",
        f"load: idle RSS after the warm-up — {idle}; RSS per session at the largest level against idle:"
        f" vitale {vs_idle['vitale']:.2f} MB, empty {vs_idle['empty']:.2f} MB.",
        "load: the load generator (one asyncio process) shares the 2 cores with the server; one Streamlit server"
        " runs every session's script in threads under one GIL, so the latency grows with the level for both apps.",
    ]


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description="Drive a running Streamlit server with simultaneous sessions."
    )
    parser.add_argument("--url", required=True, help="base URL of the server or proxy, e.g. http://127.0.0.1:8501")
    parser.add_argument("--sessions", type=int, default=10, help="simultaneous sessions (default 10)")
    parser.add_argument(
        "--journeys",
        default=",".join(VITALE_JOURNEYS),
        help="comma-separated, assigned round robin: office, questionnaire, empty (default office,questionnaire)",
    )
    parser.add_argument("--interactions", type=int, default=INTERACTIONS, help="timed interactions per session")
    parser.add_argument("--time-limit", type=float, default=LEVEL_TIME_LIMIT_S, help="seconds before giving up")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: one level against ``--url``; prints p50/p95 and the errors; exit code 1 if any session failed."""
    args = _arguments(argv)
    journeys = tuple(name.strip() for name in args.journeys.split(",") if name.strip())
    for name in journeys:
        make_journey(name)  # unknown names fail before any connection
    result = run_load(args.url, args.sessions, journeys, args.interactions, time_limit_s=args.time_limit)
    if args.json:
        print(json.dumps(asdict(result), indent=2))
    elif result.all_latencies_ms:
        whole = Summary.of(result.all_latencies_ms) if len(result.all_latencies_ms) > 1 else None
        print(f"{args.sessions} sessions × {args.interactions} interactions in {result.duration_s:.1f} s")
        if whole is not None:
            print(f"interaction → end of rerun: p50 {whole.p50:.1f} ms, p95 {whole.p95:.1f} ms, max {whole.max:.1f} ms")
        for name, samples in result.latencies_ms.items():
            if len(samples) > 1:
                part = Summary.of(samples)
                print(f"  {name}: p50 {part.p50:.1f} ms, p95 {part.p95:.1f} ms ({len(samples)} interactions)")
    print(f"errors: {len(result.errors)}, timeouts: {len(result.timeouts)}")
    for error in [*result.errors, *result.timeouts][:10]:
        print(f"  {error}")
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())


def _set_date(session: StreamSession, result: RunResult, label: str, day: date) -> None:
    """Choose ``day`` in the date entry ``label`` (ui/date_entry.py: a day, a month and a year select)."""
    catalog = texts()
    months = catalog.raw(Language.EN, "date.months_short").split(",")
    for part, shown in (("day", str(day.day)), ("month", months[day.month - 1]), ("year", str(day.year))):
        name = catalog.text(Language.EN, f"date_entry.{part}")
        session.set_string(result.widget("selectbox", f"{label} — {name}"), shown)
