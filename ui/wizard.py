"""The questionnaire's flow in the session: answer, Back, Change, check, outcome, Start again.

Answers are kept in the session's case (``state.case().answers``), so Back and
Change lose nothing; each change goes through
:func:`vitale.questions.prune`, which drops only the answers it made
irrelevant. Every step is a button callback, so it runs before the rerun and
may set widget values. Nothing is written to the URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from pydantic import ValidationError

from ui import date_entry, state
from vitale.answers import Answers, arrival_date_problem, household_size_problem, income_problem
from vitale.case import Case
from vitale.questions import (
    QUESTIONS,
    QUESTIONS_BY_ID,
    OptionGroup,
    Question,
    QuestionKind,
    applicable,
    next_question,
    prune,
)

NONE_OF_THESE = "__none__"
"""Widget key suffix of the "none of these apply" box of a multi-choice question."""

GROUP = "group"
"""Widget key suffix of the first step of a question asked in two steps (its groups)."""


def current_answers() -> Answers:
    """The session's answers (part of the case, validated when they were stored)."""
    return state.case().answers


def _store(answers: Answers) -> None:
    state.update_case(answers=answers)


def widget_key(question_id: str, option: str | None = None) -> str:
    return state.WIZARD_WIDGET_PREFIX + question_id + (f"__{option}" if option else "")


def _load_widgets(question: Question, answers: Answers) -> None:
    """Put the stored answer (or nothing) into the question's widgets before it is shown."""
    value = getattr(answers, question.id)
    if question.kind is QuestionKind.MULTI:
        chosen = {str(v) for v in value} if value is not None else set()
        for option in question.options:
            st.session_state[widget_key(question.id, option)] = option in chosen
        st.session_state[widget_key(question.id, NONE_OF_THESE)] = value is not None and not chosen
    elif question.kind in {QuestionKind.CHOICE, QuestionKind.SEARCH}:
        st.session_state[widget_key(question.id)] = str(value) if value is not None else None
    elif question.kind is QuestionKind.DATE:
        date_entry.put(widget_key(question.id), value)
    else:
        st.session_state[widget_key(question.id)] = value
    if question.groups:
        group = question.group_of(value)
        st.session_state[widget_key(question.id, GROUP)] = group.id if group else None


def shown_group(question: Question) -> OptionGroup | None:
    """The group whose options are on screen (the second step of a question asked in two steps), if any."""
    group = question.group(state.get(state.WIZARD_GROUP))
    return group if group is not None and group.is_choice else None


def show_question(question_id: str) -> None:
    question = QUESTIONS_BY_ID[question_id]
    _load_widgets(question, current_answers())
    state.put(state.WIZARD_CURRENT, question_id)
    state.put(state.WIZARD_VIEW, "question")
    state.put(state.WIZARD_ERROR, None)
    state.put(state.WIZARD_GROUP, None)


def current_question() -> Question | None:
    """The question on screen: the one we navigated to, else the first unanswered one."""
    answers = current_answers()
    current = state.get(state.WIZARD_CURRENT)
    if current in QUESTIONS_BY_ID and QUESTIONS_BY_ID[current].asked_if(answers):
        return QUESTIONS_BY_ID[current]
    question = next_question(answers)
    if question is not None:
        show_question(question.id)
    return question


def read_widget(question: Question, today: date) -> tuple[Any, str | None]:
    """The answer the widgets hold, re-validated on the server; or an error text key."""
    if question.kind is QuestionKind.MULTI:
        chosen = [o for o in question.options if st.session_state.get(widget_key(question.id, o))]
        if not chosen and not st.session_state.get(widget_key(question.id, NONE_OF_THESE)):
            return None, "wizard.choose_one"
        return sorted(chosen), None
    value = st.session_state.get(widget_key(question.id))
    if question.kind in {QuestionKind.CHOICE, QuestionKind.SEARCH}:
        shown = shown_group(question)
        allowed = shown.options if shown else question.options_for(current_answers())
        return (value, None) if value in allowed else (None, "wizard.choose_one")
    if question.kind is QuestionKind.DATE:  # the range is checked here, with the question's own words
        value, problem = date_entry.read(widget_key(question.id), date.min, date.max)
        if problem is not None or value is None:
            return None, problem or "wizard.date_missing"
        problem = arrival_date_problem(value, today)
        return (None, problem) if problem else (value, None)
    if question.kind is QuestionKind.COUNT:
        problem = household_size_problem(value)
        if problem is not None or not isinstance(value, int | float):
            return None, problem or "wizard.household_invalid"
        return int(value), None
    problem = income_problem(value)
    if problem is not None or not isinstance(value, int | float):
        return None, problem or "wizard.amount_invalid"
    return int(value), None


def submit(question_id: str, today: date) -> None:
    """Continue: keep the answer, drop what it made irrelevant, go to the next step."""
    question = QUESTIONS_BY_ID[question_id]
    if question.groups and shown_group(question) is None:
        group = question.group(st.session_state.get(widget_key(question.id, GROUP)))
        if group is None:
            state.put(state.WIZARD_ERROR, "wizard.choose_one")
            return
        if group.is_choice:  # its options next, with the kept answer if it is one of them
            kept = getattr(current_answers(), question.id)
            st.session_state[widget_key(question.id)] = str(kept) if str(kept) in group.options else None
            state.put(state.WIZARD_GROUP, group.id)
            state.put(state.WIZARD_ERROR, None)
            return
        st.session_state[widget_key(question.id)] = group.options[0]
    value, error = read_widget(question, today)
    if error is not None:
        state.put(state.WIZARD_ERROR, error)
        return
    raw = current_answers().model_dump(exclude_none=True)
    raw[question_id] = value
    try:
        answers = prune(Answers.model_validate(raw))
    except ValidationError:
        state.put(state.WIZARD_ERROR, "wizard.choose_one")
        return
    _store(answers)
    history = [qid for qid in state.get(state.WIZARD_HISTORY, []) if qid != question_id]
    state.put(state.WIZARD_HISTORY, [*history, question_id])
    following = _following(answers, question_id)
    if state.get(state.WIZARD_RETURN_TO_CHECK):
        following = next_question(answers)
    if following is None:
        show_check()
    else:
        show_question(following.id)


def _following(answers: Answers, question_id: str) -> Question | None:
    """The next question that applies after ``question_id`` (answered or not: Back then Continue walks forward)."""
    order = [q.id for q in QUESTIONS]
    after = order.index(question_id)
    for question in applicable(answers):
        if order.index(question.id) > after:
            return question
    return next_question(answers)


def back() -> None:
    """Back: the first step of a question asked in two steps, else the previous question, with its answer kept."""
    if state.get(state.WIZARD_GROUP) is not None:
        state.put(state.WIZARD_GROUP, None)
        state.put(state.WIZARD_ERROR, None)
        return
    history = list(state.get(state.WIZARD_HISTORY, []))
    answers = current_answers()
    while history:
        previous = history.pop()
        if QUESTIONS_BY_ID[previous].asked_if(answers):
            state.put(state.WIZARD_HISTORY, history)
            show_question(previous)
            return
    state.put(state.WIZARD_HISTORY, [])


def show_check() -> None:
    state.put(state.WIZARD_VIEW, "check")
    state.put(state.WIZARD_RETURN_TO_CHECK, False)
    state.put(state.WIZARD_ERROR, None)


def change(question_id: str) -> None:
    """A Change link of the check page: that question, then back to the check page."""
    show_question(question_id)
    state.put(state.WIZARD_RETURN_TO_CHECK, True)


def show_outcome() -> None:
    if next_question(current_answers()) is None:
        state.put(state.WIZARD_VIEW, "outcome")


def ask_start_again() -> None:
    """Start again asks first: one tap must not wipe a case (issue 14)."""
    state.put(state.WIZARD_RESET, "asking")


def cancel_start_again() -> None:
    state.put(state.WIZARD_RESET, None)


def start_again() -> None:
    """Wipe everything the person entered (one case), and every widget, cache and message drawn from it;
    turn keeping a copy in this browser off and erase that copy (the next person at a shared computer finds
    nothing, and keeping it is their choice again); then say so."""
    state.replace_case(Case())
    forget_ui_state()
    state.put(state.BROWSER_KEEP, False)
    state.put(state.BROWSER_SYNC, state.BROWSER_REMOVE)
    state.put(state.BROWSER_NOTICE, None)
    state.put(state.WIZARD_RESET, "done")


def resume(case: Case) -> None:
    """Put a restored case in place (a case file, or the copy kept in this browser): the wizard starts over
    from it, on the check page if every question is answered."""
    state.replace_case(case)
    forget_ui_state()
    if next_question_id() is None:
        show_check()


def forget_ui_state() -> None:
    """Empty everything drawn from the case: its widgets, the caches, the wizard's position and messages."""
    for key in [k for k in st.session_state if str(k).startswith(state.WIDGET_PREFIXES)]:
        del st.session_state[key]
    state.put(state.WIZARD_HISTORY, [])
    state.put(state.WIZARD_VIEW, "question")
    state.put(state.WIZARD_CURRENT, None)
    state.put(state.WIZARD_RETURN_TO_CHECK, False)
    state.put(state.WIZARD_ERROR, None)
    state.put(state.WIZARD_GROUP, None)


def progress(question: Question) -> tuple[int, int]:
    """(this question's number, about how many questions apply) for the progress bar."""
    numbers = [q.id for q in applicable(current_answers())]
    position = numbers.index(question.id) + 1 if question.id in numbers else len(numbers) + 1
    return position, max(len(numbers), position)


def next_question_id() -> str | None:
    """The id of the first unanswered question that applies, if any."""
    question = next_question(current_answers())
    return question.id if question else None
