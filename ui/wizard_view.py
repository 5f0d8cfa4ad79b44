"""How the questionnaire looks: one question per step, the check page, the outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import streamlit as st

from ui import date_entry, state, wizard
from ui.i18n import format_date, language, t
from ui.pages import CARE_PAGE, DOCUMENTS_PAGE, OFFICE_PAGE, TIMELINE_PAGE
from ui.widgets import figure_provenance, render_sources, sources_markdown
from vitale.answers import EARLIEST_ARRIVAL, MAX_HOUSEHOLD, Answers
from vitale.countries import load_countries, load_languages
from vitale.documents import route_needs_documents
from vitale.eligibility import Assessment
from vitale.questions import Question, QuestionKind, answered
from vitale.text import Language


def render_glossary(question: Question) -> None:
    if not question.glossary:
        return
    with st.popover(t("wizard.glossary_heading"), icon=":material/menu_book:"):
        for term in question.glossary:
            st.markdown(f"**{t(f'glossary.{term}.term')}** — {t(f'glossary.{term}.definition')}")


def render_question_header(question: Question) -> None:
    """The page title and intro on the first question; after it, the title as a small step header (issue 14:
    a question and Continue fit a phone's first screen). Every step keeps its h1 for screen readers."""
    first = wizard.progress(question)[0] == 1 and wizard.shown_group(question) is None
    if first:
        st.title(t("wizard.title"))
        st.write(t("wizard.intro"))
        return
    with st.container(key="wizard_step_header"):
        st.title(t("wizard.title"))


def render_question(question: Question, answers: Answers, today: date) -> None:
    """The question, its help, its glossary, one widget, Back and Continue (side by side, even on a phone)."""
    position, total = wizard.progress(question)
    if position < total:
        st.progress(position / total, text=t("wizard.progress", current=position, total=total))
    else:  # the answer to this question decides what comes next: no honest total yet
        st.progress(position / (position + 1), text=t("wizard.progress_open", current=position))
    group = wizard.shown_group(question)
    text_key = f"question.{question.id}.group_{group.id}" if group else f"question.{question.id}"
    with st.form(f"wizard_form_{question.id}", border=False, enter_to_submit=False):
        if group is not None:  # the second step of a question asked in two steps: the options of one group
            _render_choice(question, t(f"{text_key}.label"), group.options)
        elif question.groups:
            _render_groups(question, t(f"{text_key}.label"))
        else:
            _render_widget(question, answers, t(f"{text_key}.label"), today)
        st.caption(t(f"{text_key}.help"))
        error = state.get(state.WIZARD_ERROR)
        if error:
            st.error(t(error), icon=":material/error:")
        # A horizontal container keeps Back and Continue on one line on a phone (columns stack under 640 px).
        with st.container(horizontal=True, gap="small"):
            has_history = bool(state.get(state.WIZARD_HISTORY)) or group is not None
            st.form_submit_button(
                t("wizard.back"), on_click=wizard.back, disabled=not has_history, icon=":material/arrow_back:"
            )
            st.form_submit_button(
                t("wizard.next"), type="primary", on_click=wizard.submit, args=(question.id, today),
                icon=":material/arrow_forward:",
            )  # fmt: skip
    render_glossary(question)


def _render_choice(question: Question, label: str, options: tuple[str, ...]) -> None:
    labels = {option: t(f"option.{question.id}.{option}") for option in options}
    st.radio(label, list(labels), index=None, key=wizard.widget_key(question.id), format_func=labels.__getitem__)


def _render_groups(question: Question, label: str) -> None:
    """The first step of a question asked in two steps: one line per group (a group of one is its option)."""
    labels = {
        group.id: t(f"option.{question.id}.group_{group.id}" if group.is_choice else f"option.{question.id}.{group.id}")
        for group in question.groups
    }
    st.radio(
        label, list(labels), index=None, key=wizard.widget_key(question.id, wizard.GROUP),
        format_func=labels.__getitem__,
    )  # fmt: skip


def _render_widget(question: Question, answers: Answers, label: str, today: date) -> None:
    key = wizard.widget_key(question.id)
    if question.kind is QuestionKind.CHOICE:
        _render_choice(question, label, question.options_for(answers))
    elif question.kind is QuestionKind.SEARCH:
        names = search_labels(question)
        options = sorted(question.options_for(answers), key=lambda code: names[code].casefold())
        st.selectbox(
            label, options, index=None, key=key, format_func=names.__getitem__,
            placeholder=t("wizard.search_placeholder"),
        )  # fmt: skip
    elif question.kind is QuestionKind.MULTI:
        st.markdown(f"**{label}**")
        for option in question.options_for(answers):
            st.checkbox(t(f"option.{question.id}.{option}"), key=wizard.widget_key(question.id, option))
        st.checkbox(t("wizard.none_of_these"), key=wizard.widget_key(question.id, wizard.NONE_OF_THESE))
    elif question.kind is QuestionKind.DATE:
        date_entry.render(label, key, EARLIEST_ARRIVAL, today, help=t("wizard.date_format"))
    elif question.kind is QuestionKind.COUNT:
        st.number_input(label, key=key, min_value=1, max_value=MAX_HOUSEHOLD, step=1, format="%d")
    else:
        st.number_input(f"{label} ({t('wizard.amount_label_suffix')})", key=key, min_value=0, step=500, format="%d")


def search_labels(question: Question) -> dict[str, str]:
    """Country or language names in the user's language, by code."""
    table = load_countries() if question.id == "birth_certificate_country" else load_languages()
    french = language() is Language.FR
    return {code: row.name_fr if french else row.name_en for code, row in table.items()}


def answer_text(question: Question, answers: Answers) -> str:
    """An answer as the check page shows it, in the user's language."""
    value = getattr(answers, question.id)
    if value is None:
        return t("wizard.not_answered")
    if question.kind is QuestionKind.MULTI:
        if not value:
            return t("wizard.none_of_these")
        chosen = [o for o in question.options if o in {str(v) for v in value}]
        return t("wizard.yes_list_separator").join(t(f"option.{question.id}.{o}") for o in chosen)
    if question.kind is QuestionKind.CHOICE:
        return t(f"option.{question.id}.{value}")
    if question.kind is QuestionKind.SEARCH:
        return search_labels(question).get(str(value), str(value))
    if question.kind is QuestionKind.DATE:
        return format_date(value)
    if question.kind is QuestionKind.COUNT:
        return t("wizard.people", count=value)
    return f"{value:,}".replace(",", "\u202f") + " €"


def render_check(answers: Answers, before_outcome: Callable[[], None] | None = None) -> None:
    """Every answer with a Change button that comes back here; ``before_outcome`` (the household); then the
    outcome."""
    st.header(t("wizard.check_heading"))
    st.write(t("wizard.check_intro"))
    for question in answered(answers):
        with st.container(border=True):
            label = t(f"question.{question.id}.label")
            st.markdown(f"**{label}**  \n{answer_text(question, answers)}")
            st.button(
                t("wizard.change"), key=f"wizard_change_{question.id}", on_click=wizard.change,
                args=(question.id,), help=t("wizard.change_label", question=label), icon=":material/edit:",
            )  # fmt: skip
    if before_outcome is not None:
        before_outcome()
    st.button(t("wizard.see_outcome"), type="primary", on_click=wizard.show_outcome, icon=":material/check:")


def text_values(values: Mapping[str, object]) -> dict[str, object]:
    """A reason's values as its text quotes them: ``people`` also as ``household`` ("a household of 3 people")."""
    shown = dict(values)
    people = values.get("people")
    if isinstance(people, int):
        shown["household"] = t("household.one") if people == 1 else t("household.many", count=people)
    return shown


def figure_lines(assessment: Assessment) -> list[tuple[str, str | None]]:
    """Each dated figure the rule used, with its date and source, and the "may have changed" warning if due."""
    values = text_values(assessment.reasons[0].values) if assessment.reasons else {}
    lines: list[tuple[str, str | None]] = []
    for figure in assessment.figures:
        amount = f"{figure.value:,}".replace(",", "\u202f") + " €"
        text = t(f"figure.{figure.name}", value=figure.value, amount=amount, **values)
        provenance = figure_provenance(figure)
        stale = t("outcome_page.figure_stale", date=format_date(figure.stale_since)) if figure.stale_since else None
        lines.append((f"{text} ({provenance})", stale))
    return lines


def render_figures(assessment: Assessment) -> None:
    if not assessment.figures:
        return
    st.markdown(f"**{t('outcome_page.figures')}**")
    for line, stale in figure_lines(assessment):
        st.markdown(f"- {line}")
        if stale:
            st.warning(stale, icon=":material/update:")


def render_outcome(assessment: Assessment, today: date) -> None:
    """The outcome in one sentence, why, what to do, cautions, traps, sources with dates."""
    st.header(t("outcome_page.heading"))
    st.success(f"**{t(f'outcome.{assessment.outcome.value}.title')}**", icon=":material/health_and_safety:")
    if assessment.eligible_from is not None:
        st.info(t("outcome_page.wait_until", date=format_date(assessment.eligible_from)), icon=":material/event:")
    # Each heading is drawn with its text as one Markdown element (a "###" heading is the subheader's h3): the
    # page reads the same, with fewer elements to draw on every rerun.
    why = (
        f"{t(reason.text_key, **text_values(reason.values))}  \n"
        f":small[{sources_markdown(reason.source_ids, inline=True)}]"
        for reason in assessment.reasons
    )
    fund = t("outcome_page.fund", fund=t(f"fund.{assessment.fund.value}"))
    st.markdown("\n\n".join((fund, f"### {t('outcome_page.why')}", *why)))
    render_figures(assessment)

    steps = "\n".join(f"{n}. {t(step)}" for n, step in enumerate(assessment.next_steps, start=1))
    st.markdown(f"### {t('outcome_page.next')}\n\n{steps}")
    if route_needs_documents(assessment.outcome):
        st.page_link(DOCUMENTS_PAGE, label=t("outcome_page.see_documents"), icon=":material/folder_open:")
    if "next.find_caisse" in assessment.next_steps:
        st.page_link(OFFICE_PAGE, label=t("outcome_page.find_caisse"), icon=":material/location_on:")
    if assessment.outcome.leads_to_card:
        st.page_link(TIMELINE_PAGE, label=t("outcome_page.see_timeline"), icon=":material/timeline:")
    st.page_link(CARE_PAGE, label=t("outcome_page.see_care"), icon=":material/medical_services:")

    if assessment.cautions:
        st.subheader(t("outcome_page.cautions"))
        for caution in assessment.cautions:
            st.warning(t(caution.text_key), icon=":material/warning:")
        render_sources(source for caution in assessment.cautions for source in caution.source_ids)

    if assessment.traps:
        traps = "\n".join(f"- {t(trap)}" for trap in assessment.traps)
        st.markdown(f"### {t('outcome_page.traps')}\n\n{traps}")
    st.caption(t("outcome_page.answers_used", date=format_date(today)))
    st.button(t("wizard.edit_answers"), on_click=wizard.show_check, icon=":material/edit:")


def render_start_again() -> None:
    """Start again, then a confirmation naming what will be erased (and how to keep a copy) before anything is;
    after the wipe, the notice is said once, here, where the person tapped (on a phone, the top of the page is
    out of sight)."""
    if state.get(state.WIZARD_RESET) == "done":
        st.success(t("wizard.start_again_done"), icon=":material/check_circle:")
        state.put(state.WIZARD_RESET, None)
    if state.get(state.WIZARD_RESET) != "asking":
        st.button(t("wizard.start_again"), on_click=wizard.ask_start_again, icon=":material/restart_alt:")
        return
    st.warning(t("wizard.start_again_confirm"), icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(t("wizard.start_again_yes"), on_click=wizard.start_again, type="primary", icon=":material/delete:")
    no.button(t("wizard.start_again_no"), on_click=wizard.cancel_start_again, icon=":material/undo:")
