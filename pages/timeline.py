"""Timeline page: the projected milestones from the dates reached, the chance of having the card, follow-ups."""

from __future__ import annotations

import streamlit as st

from ui import clock, wizard
from ui.frame import ensure_frame
from ui.i18n import t
from ui.pages import CARE_PAGE, ELIGIBILITY_PAGE
from ui.timeline_view import render_timeline
from vitale.questions import is_complete
from vitale.timeline import has_card_route

ensure_frame()

st.title(t("timeline.title"))
st.write(t("timeline.intro"))
today = clock.today()
answers = wizard.current_answers()
if not is_complete(answers):
    st.info(t("timeline.needs_questionnaire"), icon=":material/checklist:")
    st.page_link(ELIGIBILITY_PAGE, label=t("documents.go_to_questionnaire"), icon=":material/arrow_forward:")
elif not has_card_route(answers, today):
    st.info(t("timeline.no_card_route"), icon=":material/info:")
    st.page_link(ELIGIBILITY_PAGE, label=t("timeline.see_outcome"), icon=":material/checklist:")
else:
    render_timeline(answers, today)
    st.page_link(CARE_PAGE, label=t("timeline.see_care"), icon=":material/medical_services:")
