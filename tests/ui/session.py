"""Reading and writing the session's case from AppTest (issue 12: one session key holds the case)."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from ui import state
from vitale.case import Case


def put_case(at: AppTest, **fields: Any) -> None:
    """Give the session a case made of ``fields`` (plain values, validated like a case file's)."""
    at.session_state[state.CASE] = Case.model_validate(fields)


def case_of(at: AppTest) -> Case:
    """The session's case (an empty one before the app first ran)."""
    try:
        value = at.session_state[state.CASE]
    except KeyError:
        return Case()
    assert isinstance(value, Case)
    return value


def answers_of(at: AppTest) -> dict[str, Any]:
    """The session's answers as the wizard stores them (plain values, unanswered questions left out)."""
    return case_of(at).answers.model_dump(mode="json", exclude_none=True)


def update_case(at: AppTest, **changes: Any) -> None:
    """Change some fields of the session's case, validated."""
    at.session_state[state.CASE] = Case.model_validate({**dict(case_of(at)), **changes})
