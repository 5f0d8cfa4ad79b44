"""Dossier page: the cover letter, the 36 46 call script, save and resume."""

from __future__ import annotations

import streamlit as st

from ui import clock, state, wizard
from ui.dossier_view import (
    TABS_WIDGET,
    first_child_route,
    instead_of_letter,
    render_call,
    render_household_letters,
    render_letter,
    render_save,
)
from ui.frame import ensure_frame
from ui.i18n import t
from ui.pages import ELIGIBILITY_PAGE
from vitale.documents import checklist
from vitale.eligibility import assess
from vitale.household_documents import household_documents
from vitale.questions import is_complete

ensure_frame()

st.title(t("dossier.title"))
st.write(t("dossier.intro"))
today = clock.today()
answers = wizard.current_answers()
# The open tab is kept on the server (a keyed tabs widget): a rerun — an uploaded case file changing the
# letter tab's content — cannot move the person to another tab than the one they are reading (issue 14).
letter_tab, call_tab, save_tab = st.tabs(
    [t("dossier.tab_letter"), t("dossier.tab_call"), t("dossier.tab_save")], key=TABS_WIDGET, on_change="rerun"
)

if not is_complete(answers):
    for tab in (letter_tab, call_tab):
        tab.info(t("dossier.needs_questionnaire"), icon=":material/checklist:")
        tab.page_link(ELIGIBILITY_PAGE, label=t("documents.go_to_questionnaire"), icon=":material/arrow_forward:")
else:
    assessment = assess(answers, today)
    members = state.case().members
    people = household_documents(answers, members, today) if members else ()
    with letter_tab:
        if members:
            render_household_letters(assessment, people, today)
        elif assessment.outcome.posted_with_letter:
            render_letter(assessment, answers, checklist(answers, assessment), today)
        else:
            st.info(t(instead_of_letter(assessment.outcome)), icon=":material/info:")
    with call_tab:
        render_call(assessment.outcome, members, first_child_route(people))
with save_tab:
    render_save()
