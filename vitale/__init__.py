"""Vitale's pure domain: rules, reference data, lookups and texts.

Nothing in this package imports Streamlit, touches the network or reads the
clock: "today" is always a parameter. The ruff rule TID251 (see
``pyproject.toml``) enforces the first point.
"""
