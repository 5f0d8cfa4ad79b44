"""Office page: postal code → commune → the caisse that handles the user's file."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.frame import ensure_frame
from ui.i18n import t
from ui.office_view import render_directory, render_lookup, submit_postcode, typed_postcode

ensure_frame()

st.title(t("office.title"))
st.write(t("office.intro"))

state.restore_widget(state.OFFICE_POSTCODE_WIDGET, typed_postcode())
with st.form("office_form", enter_to_submit=True, border=False):
    st.text_input(
        t("office.postcode_label"),
        key=state.OFFICE_POSTCODE_WIDGET,
        help=t("office.postcode_help"),
        placeholder=t("office.postcode_placeholder"),
        autocomplete="postal-code",
        max_chars=64,
    )
    st.form_submit_button(t("office.search"), type="primary", icon=":material/search:", on_click=submit_postcode)

render_lookup()
render_directory()
