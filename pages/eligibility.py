"""Eligibility page: one question per step, check your answers, then the outcome."""

from __future__ import annotations

import streamlit as st

from ui import clock, state, wizard
from ui.frame import ensure_frame
from ui.i18n import t
from ui.wizard_view import render_check, render_outcome, render_question
from vitale.eligibility import assess
from vitale.questions import next_question

ensure_frame()

st.title(t("wizard.title"))
today = clock.today()
answers = wizard.current_answers()
view = state.get(state.WIZARD_VIEW)

if view == "outcome" and next_question(answers) is None:
    render_outcome(assess(answers, today), today)
elif view == "check" and next_question(answers) is None:
    render_check(answers)
else:
    st.write(t("wizard.intro"))
    question = wizard.current_question()
    if question is None:
        render_check(answers)
    else:
        render_question(question, answers, today)

st.divider()
st.button(t("wizard.start_again"), on_click=wizard.start_again, icon=":material/restart_alt:")
