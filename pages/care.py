"""Care page: what to do now for the person's route and stage, the C2S estimate, the médecin traitant, the mutuelle."""

from __future__ import annotations

import streamlit as st

from ui import clock, wizard
from ui.care_view import render_care
from ui.frame import ensure_frame
from ui.i18n import t
from ui.pages import ELIGIBILITY_PAGE
from vitale.questions import is_complete

ensure_frame()

st.title(t("care.title"))
st.write(t("care.intro"))
answers = wizard.current_answers()
if not is_complete(answers):
    st.info(t("care.needs_questionnaire"), icon=":material/checklist:")
    st.page_link(ELIGIBILITY_PAGE, label=t("documents.go_to_questionnaire"), icon=":material/arrow_forward:")
else:
    render_care(answers, clock.today())
