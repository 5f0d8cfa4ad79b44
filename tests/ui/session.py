"""Reading and writing the session's case from AppTest (issue 12: one session key holds the case)."""

from __future__ import annotations

from datetime import date
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import UI_TODAY
from ui import state
from ui.wizard import GROUP
from vitale.case import Case
from vitale.questions import QUESTIONS_BY_ID
from vitale.rules import text_figures
from vitale.text import Language, load_catalog


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


def press(at: AppTest, label_key: str) -> AppTest:
    """Click the button whose label is the text ``label_key`` in the session's language, and rerun."""
    texts = load_catalog().with_figures(text_figures(UI_TODAY))
    label = texts.text(Language(at.session_state[state.LANGUAGE]), label_key)
    next(button for button in at.button if button.label == label).click()
    at.run()
    assert not at.exception
    return at


def answer(at: AppTest, value: object) -> AppTest:
    """Answer the question on screen (radio, search, date, number or checkboxes) and press Continue.

    A question asked in two steps (``Question.groups``) is answered in both: its group, then the option."""
    first_radio = (at.radio[0].key or "") if at.radio else ""
    if first_radio.endswith(f"__{GROUP}"):
        question = QUESTIONS_BY_ID[first_radio.removeprefix(state.WIZARD_WIDGET_PREFIX).removesuffix(f"__{GROUP}")]
        group = question.group_of(value)
        assert group is not None, f"{value!r} is not an option of {question.id}"
        at.radio[0].set_value(group.id)
        if not group.is_choice:
            return press(at, "wizard.next")
        press(at, "wizard.next")
    if at.radio:
        at.radio[0].set_value(value)
    elif date_keys(at):
        set_date(at, date_keys(at)[0], value)  # type: ignore[arg-type]
    elif at.selectbox:
        at.selectbox[0].set_value(value)
    elif at.number_input:
        at.number_input[0].set_value(value)
    else:
        chosen = set(value) if isinstance(value, set | list | tuple) else set()
        for box in at.checkbox:
            option = box.key.removeprefix("wizard_q_situations__")
            box.set_value(option in chosen if chosen else option == "__none__")
    return press(at, "wizard.next")


def date_keys(at: AppTest) -> list[str]:
    """The keys of the date entries on screen (ui/date_entry.py: three selects per date), in order."""
    return [box.key.removesuffix("__day") for box in at.selectbox if box.key and box.key.endswith("__day")]


def set_date(at: AppTest, key: str, value: date | None) -> AppTest:
    """Choose ``value``'s day, month and year in the date entry ``key`` (all three empty for ``None``); no rerun."""
    parts = (value.day, value.month, value.year) if value is not None else (None, None, None)
    for part, number in zip(("day", "month", "year"), parts, strict=True):
        at.selectbox(key=f"{key}__{part}").set_value(number)
    return at


def date_of(at: AppTest, key: str) -> date | None:
    """The date the entry ``key`` shows (``None`` unless all three parts are chosen)."""
    day, month, year = (at.selectbox(key=f"{key}__{part}").value for part in ("day", "month", "year"))
    return date(year, month, day) if day and month and year else None
