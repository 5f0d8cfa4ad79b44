"""Eligibility page: one question per step, check your answers, then the outcome."""

from __future__ import annotations

import streamlit as st

from ui import browser_store, clock, state, wizard
from ui.frame import ensure_frame
from ui.i18n import t
from ui.wizard_view import render_check, render_outcome, render_question, render_start_again
from vitale.eligibility import assess
from vitale.questions import next_question

ensure_frame()

st.title(t("wizard.title"))
if state.get(state.WIZARD_RESET) == "done":  # said once, after the wipe
    st.success(t("wizard.start_again_done"), icon=":material/check_circle:")
    state.put(state.WIZARD_RESET, None)
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
render_start_again()
browser_store.render_switch()
