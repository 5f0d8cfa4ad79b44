"""Make sure every page runs inside app.py's frame.

Streamlit 1.67 decides at server start whether an app "uses a pages
directory" (``PagesManager.uses_pages_directory``: true whenever a ``pages/``
folder sits next to the entry point). Until ``st.navigation`` clears that flag
on the first run, Streamlit runs in legacy multipage mode: a first request for
``/office`` executes ``pages/office.py`` on its own, without ``app.py`` — no
language switch, no disclaimer, no footer, no state initialisation. AppTest
resets the flag before every run, so there it happens on every page switch.

Our design keeps ``pages/`` (the user's design card) and drives it with
``st.navigation``; so each page calls :func:`ensure_frame` first. When the
page was started in legacy mode, it clears the flag, runs ``app.py`` in its
place — in the same script run, so a click or a submitted form is not lost —
and stops the legacy run. ``app.py``'s ``st.navigation`` then runs the same
page inside the frame. Otherwise it does nothing. See docs/decisions/0003-pages-folder-and-navigation.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import CodeType

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parents[1] / "app.py"

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
    """Run app.py instead of this page if Streamlit started the page in legacy multipage mode."""
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    exec(_app_code(), {"__name__": "__main__", "__file__": str(APP)})
    st.stop()


@cache
def _app_code() -> CodeType:
    """app.py, compiled once per process."""
    return compile(APP.read_text(encoding="utf-8"), str(APP), "exec")
