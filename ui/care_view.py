"""How the care page looks: what applies now for the person's stage and route, what comes next, myths corrected,
the C2S estimate and how to ask for it, and what a mutuelle is (issue 16)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui import date_entry, state
from ui.i18n import catalog, format_date, language, t
from ui.pages import TIMELINE_PAGE
from ui.widgets import figure_provenance, render_sources, source_title, sources_markdown
from vitale.answers import MAX_HOUSEHOLD, MAX_INCOME_EUR, Answers
from vitale.c2s import C2SEstimate, C2SResult, decision_due, estimate, monthly_contributions
from vitale.calendar import c2s_ics
from vitale.care import Advice, C2SAccess, CareGuidance, Myth, guidance
from vitale.eligibility import assess
from vitale.outcomes import Figure
from vitale.provenance import Confidence

SIZE_WIDGET = state.CARE_WIDGET_PREFIX + "household_size"
INCOME_WIDGET = state.CARE_WIDGET_PREFIX + "income"
APPLIED_WIDGET = state.CARE_WIDGET_PREFIX + "c2s_applied_on"
ESTIMATOR_ACCESS = frozenset({C2SAccess.CAN_ASK, C2SAccess.ONCE_COVERED, C2SAccess.ASK_CAISSE})
"""Who sees the estimator: people who can ask for the C2S, now, once covered, or after asking their caisse."""
EARLIEST_APPLICATION = date(2019, 11, 1)
"""The C2S exists since 1 November 2019 (it replaced the CMU-C and the ACS; F10027)."""


def render_care(answers: Answers, today: date) -> None:
    """The page's sections, for this person's outcome and the dates they reached (the timeline's)."""
    case = state.case()
    assessment = assess(answers, today)
    care = guidance(assessment.outcome, answers, case.reached)
    render_now(care, assessment.eligible_from)
    render_later(care)
    render_c2s(care, answers, today)
    render_mutuelle()


def advice_markdown(advice: Advice, **values: object) -> str:
    """One piece of advice as a list item, its sources on a small line under it (and a caution if not certain)."""
    text = t(f"care.advice.{advice.id}", **values)
    if advice.confidence is not Confidence.HIGH:
        text += f" ({t(f'confidence.{advice.confidence.value}')})"
    return f"- {text}  \n  :small[{sources_markdown(advice.source_ids, inline=True)}]"


def render_advice(items: tuple[Advice, ...], eligible_from: date | None = None) -> None:
    values = {"date": format_date(eligible_from)}
    st.markdown("\n".join(advice_markdown(item, **values) for item in items))


def render_myth(myth: Myth) -> None:
    """A wrong belief and the official rule, where the person meets it (domain.md §6)."""
    st.info(
        f"**{t('care.myth_heard')}** {t(f'care.myth.{myth.id}.claim')}  \n"
        f"**{t('care.myth_truth')}** {t(f'care.myth.{myth.id}.truth')}  \n"
        f":small[{sources_markdown(myth.source_ids, inline=True)}]",
        icon=":material/fact_check:",
    )


def render_now(care: CareGuidance, eligible_from: date | None) -> None:
    """Where the person is, in words, and what applies today."""
    st.header(t("care.now_heading"))
    if care.stage is not None:
        st.markdown(t("care.stage_is", stage=t(f"care.stage.{care.stage.value}")))
        st.caption(t("care.stage_from_timeline"))
        st.page_link(TIMELINE_PAGE, label=t("care.update_dates"), icon=":material/timeline:")
    else:
        st.markdown(t(f"care.route.{care.route.value}"))
    render_advice(care.now, eligible_from)
    for myth in care.myths:
        render_myth(myth)


def render_later(care: CareGuidance) -> None:
    """The stages still to come, folded: a phone shows what applies now first."""
    if not care.later:
        return
    st.header(t("care.later_heading"))
    for stage, items in care.later:
        with st.expander(t(f"care.stage_title.{stage.value}"), icon=":material/schedule:"):
            render_advice(items)


def _keep_c2s() -> None:
    """Callback: keep the household size and income in the case (a cleared field removes it)."""
    size, income = st.session_state.get(SIZE_WIDGET), st.session_state.get(INCOME_WIDGET)
    state.try_update_case(
        c2s_household_size=int(size) if size is not None else None,
        c2s_income_eur=int(income) if income is not None else None,
    )


def _keep_applied(today: date) -> None:
    value, problem = date_entry.read(APPLIED_WIDGET, EARLIEST_APPLICATION, today)
    if problem is None:
        state.try_update_case(c2s_applied_on=value)


def default_household_size(answers: Answers) -> int:
    """The size given for the AME ceiling, else the applicant and the people added as moving with them."""
    return answers.household_size or 1 + len(state.case().members)


def render_c2s(care: CareGuidance, answers: Answers, today: date) -> None:
    """What the C2S is, whether this person can ask, an estimate from their household and income, how to ask."""
    st.header(t("care.c2s.heading"))
    st.markdown(t("care.c2s.what"))
    st.markdown(t(f"care.c2s_access.{care.c2s.value}"))
    if care.c2s not in ESTIMATOR_ACCESS or answers.territory is None:
        render_sources(("F10027", "c2s_gouv", "ameli_ame_care") if care.c2s is C2SAccess.AME_INSTEAD else ("F10027",))
        return
    case = state.case()
    st.subheader(t("care.c2s.estimate_heading"))
    state.restore_widget(SIZE_WIDGET, case.c2s_household_size or default_household_size(answers))
    income = case.c2s_income_eur if case.c2s_income_eur is not None else answers.annual_income_eur
    state.restore_widget(INCOME_WIDGET, income)
    size_column, income_column = st.columns(2)
    size_column.number_input(
        t("care.c2s.size_label"), min_value=1, max_value=MAX_HOUSEHOLD, step=1, value=None, key=SIZE_WIDGET,
        help=t("care.c2s.size_help"), on_change=_keep_c2s, placeholder=t("care.c2s.size_placeholder"),
    )  # fmt: skip
    income_column.number_input(
        t("care.c2s.income_label"), min_value=0, max_value=MAX_INCOME_EUR, step=100, value=None, key=INCOME_WIDGET,
        help=t("care.c2s.income_help"), on_change=_keep_c2s, placeholder=t("care.c2s.income_placeholder"),
    )  # fmt: skip
    size, income = st.session_state.get(SIZE_WIDGET), st.session_state.get(INCOME_WIDGET)
    if size is None or income is None:
        st.caption(t("care.c2s.enter_both"))
    else:
        render_estimate(estimate(int(size), int(income), answers.territory, today), today)
    render_how_to_ask(today)


def money(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f") + "\u00a0€"


def figure_line(figure: Figure, key: str, people: int) -> str:
    """A ceiling in words with its date in force, its source and the day we consulted it."""
    household = t("household.one") if people == 1 else t("household.many", count=people)
    return f"{t(key, amount=money(figure.value), household=household)} ({figure_provenance(figure)})"


def render_estimate(result: C2SEstimate, today: date) -> None:
    """The estimate, the ceilings it used, and what the caisse may count differently."""
    message = t(f"care.c2s.result.{result.result.value}", income=money(result.annual_income_eur))
    if result.result is C2SResult.ABOVE:
        st.warning(message, icon=":material/info:")
    else:
        st.success(message, icon=":material/check_circle:")
    people = result.household_size
    st.markdown(
        f"- {figure_line(result.free_ceiling, 'care.c2s.free_ceiling', people)}\n"
        f"- {figure_line(result.contribution_ceiling, 'care.c2s.contribution_ceiling', people)}"
    )
    if result.stale_since is not None:
        st.warning(t("outcome_page.figure_stale", date=format_date(result.stale_since)), icon=":material/update:")
    if result.ceiling_unconfirmed:
        st.warning(t("care.c2s.ceiling_unconfirmed"), icon=":material/warning:")
    if result.result is C2SResult.WITH_CONTRIBUTION:
        render_contributions(today)
    st.caption(t("care.c2s.estimate_only"))


def render_contributions(today: date) -> None:
    """The monthly contribution per person by age, as the dated table says."""
    table = monthly_contributions(today)
    st.markdown(t("care.c2s.contribution_intro"))
    rows = [f"| {t('care.c2s.age_column')} | {t('care.c2s.amount_column')} |", "|---|---|"]
    for bracket in table.brackets:
        ages = (
            t("care.c2s.ages_from", first=bracket.first_age)
            if bracket.last_age is None
            else t("care.c2s.ages_up_to", last=bracket.last_age)
            if bracket.first_age == 0
            else t("care.c2s.ages_between", first=bracket.first_age, last=bracket.last_age)
        )
        rows.append(f"| {ages} | {money(bracket.monthly_eur)} |")
    st.markdown("\n".join(rows))
    # Not st.caption: its faded links fail the contrast ratio (axe color-contrast; ui.widgets.render_sources).
    source = t(
        "care.c2s.contribution_source", since=format_date(table.since), source=source_title(table.source),
        verified=format_date(table.verified_on),
    )  # fmt: skip
    st.markdown(f":small[{source}]")
    if table.stale_since is not None:
        st.warning(t("outcome_page.figure_stale", date=format_date(table.stale_since)), icon=":material/update:")


def render_how_to_ask(today: date) -> None:
    """How to ask, the official simulator, and the day asked (its follow-up goes in a calendar file)."""
    st.subheader(t("care.c2s.how_heading"))
    st.markdown(t("care.c2s.how"))
    render_sources(
        ("F10027", "c2s_gouv", "css_r861_2", "ameli_c2s_account", "ameli_c2s_renewal", "css_l861_5", "mesdroitssociaux")
    )
    date_entry.restore(APPLIED_WIDGET, state.case().c2s_applied_on)
    date_entry.render(
        t("care.c2s.applied_label"), APPLIED_WIDGET, EARLIEST_APPLICATION, today, help=t("care.c2s.applied_help"),
        on_change=_keep_applied, args=(today,),
    )  # fmt: skip
    applied, problem = date_entry.read(APPLIED_WIDGET, EARLIEST_APPLICATION, today)
    if problem is not None:
        st.error(date_entry.problem_text(problem, EARLIEST_APPLICATION, today), icon=":material/error:")
        return
    if applied is None:
        return
    st.markdown(t("care.c2s.decision_due", date=format_date(decision_due(applied))))
    st.download_button(
        t("care.c2s.calendar"), c2s_ics(applied, today, catalog(), language()), file_name="vitale-c2s.ics",
        mime="text/calendar", icon=":material/event:",
    )  # fmt: skip


def render_mutuelle() -> None:
    """What a mutuelle is, and when it is worth having (folded: most people come for the rest)."""
    with st.expander(t("care.mutuelle.heading"), icon=":material/help:"):
        st.markdown(t("care.mutuelle.body"))
        render_sources(("F20314", "css_l911_7", "cnam_press_c2s_2022"))
