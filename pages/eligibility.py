"""Eligibility page: one question per step, check your answers, then the outcome and who is moving with you."""

from __future__ import annotations

import streamlit as st

from ui import browser_store, clock, state, wizard
from ui.frame import ensure_frame
from ui.household_view import render_check_summary, render_household, render_household_screen
from ui.i18n import t
from ui.wizard_view import render_check, render_outcome, render_question, render_question_header, render_start_again
from vitale.eligibility import assess
from vitale.questions import next_question

ensure_frame()

today = clock.today()
answers = wizard.current_answers()
view = state.get(state.WIZARD_VIEW)

if view == "outcome" and next_question(answers) is None:
    st.title(t("wizard.title"))
    render_outcome(assess(answers, today), today)
    st.divider()
    render_household(answers, today)
elif view == "household" and next_question(answers) is None:
    st.title(t("wizard.title"))
    render_household_screen(answers, today)
elif view == "check" and next_question(answers) is None:
    st.title(t("wizard.title"))
    render_check(answers, before_outcome=render_check_summary)
else:
    question = wizard.current_question()
    if question is None:
        st.title(t("wizard.title"))
        render_check(answers, before_outcome=render_check_summary)
    else:
        render_question_header(question)
        render_question(question, answers, today)

st.divider()
render_start_again()
browser_store.render_switch()
