"""How the timeline page looks: the dates entered, the projection, its charts, table, sources and calendar."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Any

import streamlit as st

from ui import date_entry, state
from ui.i18n import catalog, format_date, language, t
from ui.widgets import sources_markdown
from vitale.answers import Answers
from vitale.calendar import followups_ics
from vitale.case import MILESTONE_ORDER, CardOrder, Milestone
from vitale.charts import card_chance_spec, milestones_spec
from vitale.dates import add_months
from vitale.projection import MilestoneStatus, ProjectedMilestone, Projection, Route
from vitale.provenance import Confidence
from vitale.timeline import EARLIEST_START, LATEST_START_YEARS, TimelineError, project, usable_dates

START_WIDGET = state.TIMELINE_WIDGET_PREFIX + "start"
ORDER_WIDGET = state.TIMELINE_WIDGET_PREFIX + "card_order"
TABS_WIDGET = state.TIMELINE_WIDGET_PREFIX + "view"
NUMBER_WIDGET = state.TIMELINE_WIDGET_PREFIX + "has_number"


def reached_widget(milestone: Milestone) -> str:
    return f"{state.TIMELINE_WIDGET_PREFIX}reached_{milestone.value}"


def stored_start(today: date) -> date:
    return state.case().timeline_start or today


def stored_reached() -> dict[Milestone, date]:
    return dict(state.case().reached)


def stored_card_order() -> CardOrder:
    return state.case().card_order or CardOrder.ONLINE


def _keep_start(today: date) -> None:
    """Callback: keep a whole, possible start date in the case (a part-filled one waits, explained under it)."""
    value, problem = date_entry.read(START_WIDGET, EARLIEST_START, latest_start(today))
    if problem is None:
        state.try_update_case(timeline_start=value)


def latest_start(today: date) -> date:
    return add_months(today, 12 * LATEST_START_YEARS)


def _keep_number() -> None:
    """Callback: keep the answer in the case's answers (the timeline's steps depend on it, issue 14)."""
    answers = state.case().answers.model_copy(
        update={"has_social_security_number": st.session_state.get(NUMBER_WIDGET) == "yes"}
    )
    state.try_update_case(answers=answers)


def _keep_order() -> None:
    state.try_update_case(card_order=st.session_state.get(ORDER_WIDGET) or CardOrder.ONLINE)


def _keep_reached(milestone: Milestone) -> None:
    """Callback: keep the date in the case (a cleared field removes it), so it survives a page switch; a part-filled
    or impossible date waits, explained under its field."""
    value, problem = date_entry.read(reached_widget(milestone), EARLIEST_START, date.max)
    if problem is not None:
        return
    reached = stored_reached()
    if value is None:
        reached.pop(milestone, None)
    else:
        reached[milestone] = value
    state.try_update_case(reached=reached)


def shown_milestones(reached: Mapping[Milestone, date]) -> tuple[Milestone, ...]:
    """The steps whose date can be entered: each one up to the last reached, and the next (the later ones
    appear as they come — shorter on a phone, and three selects fewer per step on each rerun)."""
    last = max((index for index, milestone in enumerate(MILESTONE_ORDER) if milestone in reached), default=-1)
    return MILESTONE_ORDER[: last + 2]


def render_inputs(today: date, problems: tuple[TimelineError, ...] = ()) -> None:
    """The start date, the card order and the reached dates, restored from the session.

    What is wrong with a date (``problems``) is said right under its field.
    """
    st.header(t("timeline.inputs_heading"))  # h2 under the page title (axe heading-order)
    latest = latest_start(today)
    # A restored case may hold a start the field cannot show: the field shows the nearest day it can,
    # and the projection explains the stored one (start_out_of_range).
    date_entry.restore(START_WIDGET, min(max(stored_start(today), EARLIEST_START), latest))
    state.restore_widget(ORDER_WIDGET, stored_card_order().value)
    state.restore_widget(NUMBER_WIDGET, "yes" if state.case().answers.has_social_security_number else "no")
    numbers = {"no": t("timeline.number.no"), "yes": t("timeline.number.yes")}
    st.radio(
        t("timeline.number_label"), list(numbers), key=NUMBER_WIDGET, format_func=numbers.__getitem__,
        on_change=_keep_number, help=t("timeline.number_help"), horizontal=True,
    )  # fmt: skip
    left, right = st.columns(2)
    with left:
        date_entry.render(
            t("timeline.start_label"), START_WIDGET, EARLIEST_START, latest, help=t("timeline.start_help"),
            on_change=_keep_start, args=(today,),
        )  # fmt: skip
        render_entry_problem(START_WIDGET, EARLIEST_START, latest)
        for problem in problems:
            if problem.milestone is None:
                render_error(problem)
    labels = {order.value: t(f"timeline.card_order.{order.value}") for order in CardOrder}  # bound now, in this run
    right.radio(
        t("timeline.card_order_label"), list(labels), key=ORDER_WIDGET, format_func=labels.__getitem__,
        on_change=_keep_order, help=t("timeline.card_order_help"),
    )  # fmt: skip
    reached = stored_reached()
    with st.expander(t("timeline.reached_heading"), expanded=True, icon=":material/event_available:"):
        st.caption(t("timeline.reached_intro"))
        shown = shown_milestones(reached)
        for milestone in shown:
            key = reached_widget(milestone)
            date_entry.restore(key, reached.get(milestone))
            date_entry.render(
                t(f"timeline.reached.{milestone.value}"), key, EARLIEST_START, today, help=t("timeline.date_help"),
                on_change=_keep_reached, args=(milestone,),
            )  # fmt: skip
            render_entry_problem(key, EARLIEST_START, date.max)
            for problem in problems:
                if problem.milestone is milestone:
                    render_error(problem)
        if len(shown) < len(MILESTONE_ORDER):
            st.caption(t("timeline.reached_more"))


def current_projection(answers: Answers, today: date, start: date, reached: dict[Milestone, date]) -> Projection:
    """The projection from the dates it can use (:func:`vitale.timeline.usable_dates`); the last one is reused
    while the inputs are the same."""
    order = stored_card_order()
    inputs = (answers.model_dump_json(), start, today, tuple(sorted(reached.items())), order)
    memo = state.get(state.TIMELINE_MEMO)
    if isinstance(memo, dict) and memo.get("inputs") == inputs:
        projection: Projection = memo["projection"]
        return projection
    projection = project(answers, start, today, reached, card_order=order)
    state.put(state.TIMELINE_MEMO, {"inputs": inputs, "projection": projection, "views": {}})
    return projection


def _view(name: str, build: Callable[[], Any]) -> Any:
    """What ``build`` makes of the current projection in the current language, made once per session memo."""
    memo = state.get(state.TIMELINE_MEMO)
    views: dict[tuple[str, str], Any] = memo["views"] if isinstance(memo, dict) else {}
    key = (name, language().value)
    if key not in views:
        views[key] = build()
    return views[key]


def render_entry_problem(key: str, earliest: date, latest: date) -> None:
    """What is wrong with a part-filled or impossible date, under its field (the case keeps the last good one)."""
    problem = date_entry.read(key, earliest, latest)[1]
    if problem is not None:
        st.error(date_entry.problem_text(problem, earliest, latest), icon=":material/error:")


def render_error(error: TimelineError) -> None:
    name = t(f"timeline.milestone.{error.milestone.value}") if error.milestone else ""
    st.error(t(error.message_key, milestone=name), icon=":material/error:")


def summary_markdown(projection: Projection) -> str:
    """The card's likely range in one sentence, and the notes that shape this route."""
    card = projection.milestone(Milestone.CARD_RECEIVED)
    lines = []
    if card.reached:
        lines.append(t("timeline.summary_done", date=format_date(card.reached)))
    elif card.p10 and card.p50 and card.p90:
        median, first, last = (format_date(day) for day in (card.p50, card.p10, card.p90))
        lines.append(t("timeline.summary_card", median=median, first=first, last=last))
    notes = [t(key) for key in projection.cautions]
    if projection.route.applies_from > projection.start:
        notes.append(t("timeline.applies_from", date=format_date(projection.route.applies_from)))
    if projection.route.has_number:
        notes.append(t("timeline.has_number"))
    elif not projection.route.born_abroad:
        notes.append(t("timeline.born_in_france"))
    if projection.start_moved_from is not None:
        entered, start = format_date(projection.start_moved_from), format_date(projection.start)
        notes.append(t("timeline.start_moved", date=start, entered=entered))
    return "\n\n".join(lines + [f":small[{note}]" for note in notes])


def chase_markdown(projection: Projection) -> str:
    """When it becomes unusual to still be waiting for the next step, and what to do then."""
    chase = projection.chase_from
    assert chase is not None
    name = t(f"timeline.milestone.{chase.milestone.value}")
    advice = "\n".join(f"- {t(item)}" for item in chase.advice)
    if chase.yours:  # the person's own step: a reminder, not a chase
        key = "timeline.reminder_today" if chase.after <= projection.today else "timeline.reminder_from"
        heading = t("timeline.reminder_heading")
    else:
        key = "timeline.chase_overdue" if chase.overdue else "timeline.chase_from"
        heading = t("timeline.chase_heading")
    body = f"**{heading}**\n\n{t(key, milestone=name, date=format_date(chase.after))}\n\n{advice}"
    valid_until = projection.temporary_number_valid_until
    if valid_until is not None:
        reached = projection.milestone(Milestone.TEMPORARY_NUMBER).reached
        note = "timeline.nia_valid_until" if reached else "timeline.nia_valid_until_projected"
        body += "\n\n" + t(note, date=format_date(valid_until))
    return body


def render_summary_and_chase(projection: Projection) -> None:
    card_done = projection.milestone(Milestone.CARD_RECEIVED).reached is not None
    summary = _view("summary", lambda: summary_markdown(projection))
    if card_done:
        st.success(summary, icon=":material/check_circle:")
    else:
        st.info(summary, icon=":material/event:")
    if projection.chase_from is not None:
        chase = _view("chase", lambda: chase_markdown(projection))
        if projection.chase_from.overdue:
            st.warning(chase, icon=":material/notification_important:")
        else:
            st.info(chase, icon=":material/schedule:")


def _not_needed(milestone: ProjectedMilestone, route: Route) -> bool:
    """A step this route skips (someone who already has a number) and the person did not date anyway."""
    return milestone.id in route.not_needed and not milestone.reached


def _when(milestone: ProjectedMilestone, route: Route) -> str:
    if _not_needed(milestone, route):
        return t("timeline.status_not_needed")
    if milestone.status is MilestoneStatus.REACHED and milestone.reached:
        return t("timeline.status_reached", date=format_date(milestone.reached))
    if milestone.status is MilestoneStatus.SKIPPED or not (milestone.p10 and milestone.p50 and milestone.p90):
        return t("timeline.status_skipped")
    first, last, median = (format_date(day) for day in (milestone.p10, milestone.p90, milestone.p50))
    return t("timeline.status_projected", first=first, last=last, median=median)


def _how_sure(milestone: ProjectedMilestone, route: Route) -> str:
    """What is official in a step's figures (the typical wait) and what is our estimate (often the spread)."""
    if _not_needed(milestone, route):
        return "—"
    stage = milestone.stage
    typical = t(
        "timeline.how_sure_typical_estimate" if stage.typical_is_estimate else "timeline.how_sure_typical_official"
    )
    spread = t("timeline.how_sure_range_estimate" if stage.range_is_estimate else "timeline.how_sure_range_official")
    warning = ":material/warning: " if stage.confidence is Confidence.LOW else ""
    return f"{warning}{typical} · {spread}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def words_markdown(projection: Projection) -> str:
    """The charts' text alternative: a table of the same figures in words, then each step's sources and dates."""
    header = [t("timeline.table_step"), t("timeline.table_when"), t("timeline.table_confidence")]
    rows = [
        [t(f"timeline.milestone.{m.id.value}"), _when(m, projection.route), _how_sure(m, projection.route)]
        for m in projection.milestones
    ]
    table = "\n".join("| " + " | ".join(_cell(c) for c in row) + " |" for row in [header, ["---"] * 3, *rows])
    sources = []
    for milestone in projection.milestones:
        stage = milestone.stage
        checked = t("timeline.figures_checked", date=format_date(stage.verified_on))
        warning = " :material/warning:" if stage.confidence is Confidence.LOW else ""
        sources.append(
            f"- **{t(f'timeline.milestone.{milestone.id.value}')}**{warning} — {checked}  \n"
            f"  :small[{sources_markdown(stage.source_ids, inline=True)}]"
        )
    note = t("timeline.model_note", draws=f"{projection.draws:,}".replace(",", "\u202f"))
    return (
        f"## {t('timeline.table_heading')}\n\n{table}\n\n"
        f"**{t('timeline.sources_heading')}**\n\n" + "\n".join(sources) + f"\n\n:small[{note}]"
    )


def render_charts_and_words(projection: Projection) -> None:
    """The two views of the projection, then the same figures in words."""
    # Only the open tab's chart is sent (tabs with state): each chart costs a few ms per rerun.
    steps, card = st.tabs([t("timeline.tab_milestones"), t("timeline.tab_card")], key=TABS_WIDGET, on_change="rerun")
    for name, tab, build in (("steps", steps, milestones_spec), ("card", card, card_chance_spec)):
        if tab.open is not False:
            with tab:  # the chart's accessible name is its spec's description
                spec = _view(name, partial(build, projection, catalog(), language()))
                st.vega_lite_chart(spec, width="stretch")
    st.markdown(_view("words", lambda: words_markdown(projection)))


def render_calendar(projection: Projection) -> None:
    st.download_button(
        t("timeline.download_calendar"), data=partial(followups_ics, projection, catalog(), language()),
        file_name=t("timeline.calendar_file_name"), mime="text/calendar", icon=":material/calendar_add_on:",
        on_click="ignore", help=t("timeline.calendar_help"), key="timeline_calendar",
    )  # fmt: skip


def render_timeline(answers: Answers, today: date) -> None:
    """Inputs first (kept whatever happens), then the projection or the reason there is none."""
    start, reached, problems = usable_dates(stored_start(today), today, stored_reached())
    render_inputs(today, problems)
    try:
        projection = current_projection(answers, today, start, reached)
    except TimelineError as error:
        render_error(error)
        return
    render_summary_and_chase(projection)
    render_charts_and_words(projection)
    render_calendar(projection)
