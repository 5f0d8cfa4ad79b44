"""Home page: what the app does, the journey to the card, what you will need."""

from __future__ import annotations

import streamlit as st

from ui.frame import ensure_frame
from ui.i18n import t
from ui.pages import ELIGIBILITY_PAGE, OFFICE_PAGE, TIMELINE_PAGE
from ui.widgets import render_confidence, render_sources, sources_markdown
from vitale.journey import JOURNEY, NEEDS, NEEDS_SOURCES
from vitale.provenance import Confidence

ensure_frame()

st.title(t("home.heading"))
st.write(t("home.intro"))

st.header(t("home.does_heading"))
does = ("eligibility", "documents", "office", "timeline")
st.markdown("\n".join(f"- {t(f'home.does_{item}')}" for item in does))
st.page_link(ELIGIBILITY_PAGE, label=t("home.eligibility_button"), icon=":material/checklist:")
st.page_link(OFFICE_PAGE, label=t("home.office_button"), icon=":material/location_on:")
st.page_link(TIMELINE_PAGE, label=t("home.timeline_button"), icon=":material/timeline:")
st.caption(t("home.does_not"))

st.header(t("home.journey_heading"))
st.write(t("home.journey_intro"))
for step in JOURNEY:
    with st.container(border=True):
        note = f"\n\n*{t('home.born_abroad_only')}*" if step.born_abroad_only else ""
        body = f"### {t(f'home.step.{step.id}.title')}\n\n{t(f'home.step.{step.id}.body')}{note}"
        st.markdown(f"{body}\n\n:small[{sources_markdown(step.source_ids, inline=True)}]")
        if step.confidence is not Confidence.HIGH:
            render_confidence(step.confidence)

st.header(t("home.needs_heading"))
st.write(t("home.needs_intro"))
st.markdown("\n".join(f"- {t(f'home.need.{need}')}" for need in NEEDS))
st.caption(t("home.needs_caution"))
render_sources(NEEDS_SOURCES)
