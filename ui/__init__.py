"""Streamlit glue: session state, cached resources, translation and shared widgets.

With ``app.py`` and ``pages/``, the only code that imports Streamlit.
"""
