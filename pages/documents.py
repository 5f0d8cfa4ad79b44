"""Documents page: the personal checklist, with tick-boxes and a printable PDF."""

from __future__ import annotations

import streamlit as st

from ui import clock, state, wizard
from ui.documents_view import render_checklist, render_household
from ui.frame import ensure_frame
from ui.i18n import t
from ui.pages import ELIGIBILITY_PAGE
from vitale.documents import checklist
from vitale.eligibility import assess
from vitale.household_documents import household_documents
from vitale.questions import is_complete

ensure_frame()

st.title(t("documents.title"))
st.write(t("documents.intro"))
answers = wizard.current_answers()
if not is_complete(answers):
    st.info(t("documents.needs_questionnaire"), icon=":material/checklist:")
    st.page_link(ELIGIBILITY_PAGE, label=t("documents.go_to_questionnaire"), icon=":material/arrow_forward:")
else:
    today = clock.today()
    members = state.case().members
    if members:
        render_household(household_documents(answers, members, today), today)
    else:
        render_checklist(checklist(answers, assess(answers, today)), today)
