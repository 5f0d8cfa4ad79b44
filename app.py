"""Vitale — the frame and the only router.

Page config, session state, the language switch, a short disclaimer, the
navigation over explicit pages, and a footer with the data sources and their
dates. No page is discovered automatically.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from ui import browser_store, resources
from ui.frame import frame_style
from ui.i18n import begin_run, format_date, frame_script, language, render_language_switch, t
from ui.pages import PAGES
from ui.state import init_state
from ui.widgets import render_data_error
from vitale.referencedata import DataFileError

LOGGER = logging.getLogger("vitale")

# A file shipped with the app: a Material icon or an emoji here makes every browser fetch it from Google's or a
# CDN's servers (privacy; tests/e2e/test_privacy_browser.py).
ICON = Path(__file__).resolve().parent / "ui" / "icon.png"
st.set_page_config(page_title="Vitale", page_icon=str(ICON), layout="centered")
init_state()
begin_run()
st.html(frame_style(t("uploader.choose"), t("uploader.limit")))  # style only: no space, no user data

navigation = st.navigation(
    [
        st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path, default=index == 0)
        for index, spec in enumerate(PAGES)
    ],
    position="top",
)

header, switch = st.columns([3, 2], vertical_alignment="center")
header.markdown(f"**{t('app.title')}** — {t('app.tagline')}")
with switch:
    render_language_switch()
st.caption(t("app.disclaimer"))
browser_store.render_notice()

try:
    resources.office_index()
except DataFileError as error:
    render_data_error(error)
    st.stop()

try:
    navigation.run()
except Exception as error:  # noqa: BLE001 - no traceback reaches a user
    # Log the kind of failure only: the message could hold what the user typed.
    LOGGER.error("page %s failed: %s", navigation.url_path, type(error).__name__)
    st.error(t("errors.unexpected"), icon=":material/error:")

# Streamlit serves every page as <html lang="en">: screen readers would read French with an English voice
# (WCAG 3.1.1). A static script, the same for everyone but the two-letter code, sets the page's language.
st.html(
    frame_script(language(), t("app.help_for"), t("uploader.choose")), unsafe_allow_javascript=True, width="content"
)
# The bridge to the copy kept in this browser (opt-in), after the page has changed the case; only in a run
# where it has something to do, and it takes no room (ui/browser_store.py).
browser_store.mount()

st.divider()
data_lines = [
    t(
        "footer.data_line" if source.dated else "footer.data_line_undated",
        title=source.title_in(language()),
        publisher=source.publisher,
        date=format_date(source.dated),
    )
    for source in resources.sources().values()
    if source.kind == "data"
]
st.caption(f"**{t('footer.heading')}**  \n" + "  \n".join(data_lines) + "\n\n" + t("footer.privacy"))
