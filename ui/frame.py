"""The frame every page is drawn in (:func:`render_frame`, app.py's one call), and the guard that makes
sure every page runs inside it (:func:`ensure_frame`).

The frame: page config, session state, the language switch, a short disclaimer, the navigation over
explicit pages, and a footer with the data sources and their dates. It lives here, not in app.py, so that
app.py stays two lines: Streamlit compiles the entry point's source again whenever its script cache is new
(AppTest: every run). What does not change between runs is built once per process (:func:`_favicon`,
:func:`_footer`) or per session (:func:`_pages`).

The guard:

Streamlit 1.67 decides at server start whether an app "uses a pages
directory" (``PagesManager.uses_pages_directory``: true whenever a ``pages/``
folder sits next to the entry point). Until ``st.navigation`` clears that flag
on the first run, Streamlit runs in legacy multipage mode: a first request for
``/office`` executes ``pages/office.py`` on its own, without ``app.py`` — no
language switch, no disclaimer, no footer, no state initialisation. AppTest
resets the flag before every run, so there it happens on every run.

Our design keeps ``pages/`` (the user's design card) and drives it with
``st.navigation``; so each page calls :func:`ensure_frame` first. When the
page was started in legacy mode, it clears the flag, runs the frame
(:func:`render_frame`, what app.py runs) in its place — in the same script run,
so a click or a submitted form is not lost — and stops the legacy run. The
frame's ``st.navigation`` then runs the same
page inside the frame. Otherwise it does nothing. See docs/decisions/0003-pages-folder-and-navigation.md.
"""

from __future__ import annotations

import base64
import logging
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import browser_store, clock, resources, state
from ui.i18n import begin_run, format_date, frame_script, language, render_language_switch, t
from ui.pages import OFFICE_INDEX_URL_PATHS, PAGES
from ui.state import init_state
from ui.widgets import render_data_error
from vitale.referencedata import DataFileError
from vitale.text import Language

LOGGER = logging.getLogger("vitale")

ICON = Path(__file__).resolve().parent / "icon.png"
"""A file shipped with the app: a Material icon or an emoji as the page icon makes every browser fetch it from
Google's or a CDN's servers (privacy; tests/e2e/test_privacy_browser.py)."""

STYLE = Path(__file__).resolve().parent / "compact.css"
"""The frame's style sheet (a compact title on phones, a small step header in the questionnaire, the phone
menu's word): style only, no content, no user data."""

UPLOADER_RULES = """
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"],
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{
  display: none;
}}
[data-testid="stFileUploaderDropzone"] button span[data-has-shortcut]::after {{
  content: "{choose}";
}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  font-size: 0.875rem;
  content: "{limit}";
}}
"""
"""Streamlit's file uploader says "Upload" and "1MB per file • JSON" in English on every page, with no
parameter to change them: these rules remove its words (for screen readers too) and show ours in their place,
on the elements around them, so that the button's accessible name is ours."""


@cache
def frame_style(choose: str, limit: str) -> str:
    """The frame's ``<style>``: :data:`STYLE`, then the file uploader's two texts (our catalog's, in the page's
    language; the same for everyone, nothing typed) as CSS strings."""
    uploader = UPLOADER_RULES.format(choose=_css_string(choose), limit=_css_string(limit))
    return f"<style>{STYLE.read_text(encoding='utf-8')}{uploader}</style>"


def _css_string(text: str) -> str:
    """``text`` inside a CSS double-quoted string (a style tag holding "<" would be dropped by the sanitiser)."""
    if "<" in text:
        raise ValueError("no markup in the frame's style texts")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def ensure_frame() -> None:
    """Run the frame (what app.py runs) instead of this page if Streamlit started the page in legacy
    multipage mode."""
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    render_frame()
    st.stop()


@cache
def _favicon() -> str:
    """:data:`ICON` as a ``data:`` URL, read once per process. Given a file, ``st.set_page_config`` reads it and
    registers it with the media file manager on every run; a ``data:`` URL is passed through as it is, and the
    browser needs no request at all for it (nothing leaves the machine either way)."""
    return "data:image/png;base64," + base64.b64encode(ICON.read_bytes()).decode("ascii")


@lru_cache(maxsize=8)
def _footer(lang: Language, day: date) -> str:
    """The footer's text in ``lang`` (the data sources and their dates, the privacy line): the same for
    everyone on a given day, so built once per language and day (``lang`` is the current language)."""
    data_lines = [
        t(
            "footer.data_line" if source.dated else "footer.data_line_undated",
            title=source.title_in(lang),
            publisher=source.publisher,
            date=format_date(source.dated),
        )
        for source in resources.sources().values()
        if source.kind == "data"
    ]
    return f"**{t('footer.heading')}**  \n" + "  \n".join(data_lines) + "\n\n" + t("footer.privacy")


def _pages() -> list[st.Page]:
    """The navigation's pages, in the current language's titles: built once per session and language.

    An ``st.Page`` resolves its file's path on the disk (a few system calls) when built, and the frame
    needs the same seven every run. They are kept in the session, not shared between sessions: the
    navigation marks the page it chose on the object itself, and two sessions' runs can overlap."""
    lang = language()
    kept = state.get(state.FRAME_PAGES)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == lang.value:
        return list(kept[1])
    pages = [
        st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path, default=index == 0)
        for index, spec in enumerate(PAGES)
    ]
    state.put(state.FRAME_PAGES, (lang.value, tuple(pages)))
    return pages


def render_frame() -> None:
    """The frame around the page, and the page (the navigation's choice) inside it: app.py's whole run."""
    st.set_page_config(page_title="Vitale", page_icon=_favicon(), layout="centered")
    init_state()
    begin_run()
    st.html(frame_style(t("uploader.choose"), t("uploader.limit")))  # style only: no space, no user data

    navigation = st.navigation(_pages(), position="top")

    header, switch = st.columns([3, 2], vertical_alignment="center")
    header.markdown(f"**{t('app.title')}** — {t('app.tagline')}")
    with switch:
        render_language_switch()
    st.caption(t("app.disclaimer"))
    browser_store.render_notice()

    if navigation.url_path in OFFICE_INDEX_URL_PATHS:
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
        frame_script(language(), t("app.help_for"), t("uploader.choose"), t("app.table_region")),
        unsafe_allow_javascript=True,
        width="content",
    )
    # The bridge to the copy kept in this browser (opt-in), after the page has changed the case; only in a run
    # where it has something to do, and it takes no room (ui/browser_store.py).
    browser_store.mount()

    st.divider()
    st.caption(_footer(language(), clock.today()))
