"""AppTest rerun time of Vitale's pages against an empty Streamlit app, same run.

AppTest sessions run side by side: the office page (a postal code is submitted before every rerun, alternating
two codes so each rerun changes the answer), the questionnaire (every rerun is one wizard step: answer the first
question and Continue, then Back to it, and so on), the questionnaire's outcome for someone moving alone and with
a household of 6 (issue 15: every member's card closed, and one open), the care page, the home page, and an app
that is only ``import streamlit as st``. Their reruns are interleaved, so machine noise falls on all of them
alike, and timed as a running server pays them (:func:`bench.common.reruns_as_a_server`); the household of 6 and
the empty app are also rerun as AppTest runs them unpatched, for the notes. The first load (which builds the
cached office index) and warm-up reruns are not timed. AppTest's own per-run overhead is in every figure,
baseline included.
"""

from __future__ import annotations

import logging
import statistics
import time
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from bench.common import Row, Summary, page_rows, reruns_as_a_server, texts
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from ui.household_view import card_key
from ui.state import CASE, LANGUAGE, OFFICE_POSTCODE_WIDGET, WIZARD_VIEW
from vitale.case import Case
from vitale.text import Language

APP = Path(__file__).resolve().parents[1] / "app.py"
OFFICE_PAGE = "pages/office.py"
HOME_PAGE = "pages/home.py"
ELIGIBILITY_PAGE = "pages/eligibility.py"
CARE_PAGE = "pages/care.py"
DOCUMENTS_PAGE = "pages/documents.py"
EMPTY_APP = "import streamlit as st\n"
SUBMIT_LABEL = "Find my caisse"
CODES = ("75011", "59000")
WIZARD_FIRST = ("territory", "metropole")
"""The first question and the answer given to it on every Continue step."""
WIZARD_SECOND = "main_home"
"""The question that follows for someone living in mainland France."""
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA.model_dump(mode="json", exclude_none=True)
TARGET_RATIO = 3.0
TIMEOUT_S = 120.0


def _drop_bare_mode_warning() -> None:
    """Silence "missing ScriptRunContext" (logged when AppTest sets session state outside a run)."""
    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    logger.addFilter(lambda record: "missing ScriptRunContext" not in record.getMessage())


def _check(at: AppTest, what: str) -> None:
    """Stop the benchmark if a run raised: timing a crash would mean nothing."""
    if at.exception:
        raise RuntimeError(f"{what} raised: {at.exception[0].message}")


def _timed_run(at: AppTest, what: str) -> float:
    """One ``at.run()`` in milliseconds."""
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    _check(at, what)
    return elapsed


class OfficeSession:
    """An AppTest session on the office page that submits a postal code before each rerun."""

    def __init__(self) -> None:
        self.at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        start = time.perf_counter()
        self.at.run()
        self.first_load_ms = (time.perf_counter() - start) * 1000
        _check(self.at, "first load")
        self.at.switch_page(OFFICE_PAGE).run()
        _check(self.at, OFFICE_PAGE)
        self.reruns = 0

    def rerun(self) -> float:
        """Type the next code, press the submit button, and time the rerun it triggers."""
        code = CODES[self.reruns % len(CODES)]
        self.reruns += 1
        self.at.text_input(key=OFFICE_POSTCODE_WIDGET).input(code)
        next(button for button in self.at.button if button.label == SUBMIT_LABEL).click()
        elapsed = _timed_run(self.at, OFFICE_PAGE)
        if self.at.session_state[CASE].postal_code != code or not self.at.subheader:
            # The submit was not taken or no caisse card was drawn: the rerun did not do the work.
            raise RuntimeError(f"{OFFICE_PAGE}: no result shown for {code}")
        return elapsed


class WizardSession:
    """An AppTest session on the questionnaire where every rerun is one step.

    Odd reruns answer the first question (``territory = metropole``) and press
    Continue; even reruns press Back. Both go through a button callback that
    validates, stores or restores an answer and loads the next question's
    widgets, and both change the question on screen, which is checked after
    every rerun (so a broken page stops the benchmark instead of being timed).
    """

    def __init__(self) -> None:
        catalog = texts()
        self.texts = {
            key: catalog.text(Language.EN, key)
            for key in (
                f"question.{WIZARD_FIRST[0]}.label",
                f"question.{WIZARD_SECOND}.label",
                "wizard.next",
                "wizard.back",
            )
        }
        self.at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        self.at.session_state[LANGUAGE] = Language.EN.value
        self.at.run()
        _check(self.at, "first load")
        self.at.switch_page(ELIGIBILITY_PAGE).run()
        _check(self.at, ELIGIBILITY_PAGE)
        self._expect_question(WIZARD_FIRST[0], "on opening")
        self.last_step = ""

    def _expect_question(self, question_id: str, after: str) -> None:
        label = self.texts[f"question.{question_id}.label"]
        shown = self.at.radio[0].label if self.at.radio else None
        if shown != label:
            raise RuntimeError(f"{ELIGIBILITY_PAGE}: expected {label!r} {after}, the page shows {shown!r}")

    def _press(self, label_key: str) -> None:
        label = self.texts[label_key]
        next(button for button in self.at.button if button.label == label).click()

    def rerun(self) -> float:
        """Answer and Continue, or Back (whichever the question on screen calls for); time the rerun."""
        question_id, value = WIZARD_FIRST
        on_first = bool(self.at.radio) and self.at.radio[0].label == self.texts[f"question.{question_id}.label"]
        if on_first:
            self.at.radio[0].set_value(value)
            self._press("wizard.next")
            elapsed = _timed_run(self.at, ELIGIBILITY_PAGE)
            self._expect_question(WIZARD_SECOND, "after Continue")
            if getattr(self.at.session_state[CASE].answers, question_id) != value:
                raise RuntimeError(f"{ELIGIBILITY_PAGE}: Continue did not keep {question_id} = {value!r}")
            self.last_step = "continue"
        else:
            self._press("wizard.back")
            elapsed = _timed_run(self.at, ELIGIBILITY_PAGE)
            self._expect_question(question_id, "after Back")
            if self.at.radio[0].value != value:
                raise RuntimeError(f"{ELIGIBILITY_PAGE}: Back lost the answer {value!r}")
            self.last_step = "back"
        return elapsed


HOUSEHOLD = (
    {"id": "m1", "relation": "partner", "label": "Sam", "birth_date": "1991-06-01", "activity": "none"},
    {"id": "m2", "relation": "child", "label": "Léa", "birth_date": "2022-03-15"},
    {"id": "m3", "relation": "child", "label": "Noé", "birth_date": "2017-09-02"},
    {"id": "m4", "relation": "child", "label": "Ana", "birth_date": "2014-01-20"},
    {"id": "m5", "relation": "child", "label": "Yun", "birth_date": "2020-11-30", "arrival_date": "2027-02-01"},
)
"""A household of 6: the applicant (an employee), a partner who does not work, four children (one arriving later)."""


OPEN_CARD = "m5"
"""The card opened in the "one card open" session: Yun's, the longest route (a later arrival: two cautions)."""


def _case_session(page: str, case: dict[str, Any], **session: object) -> AppTest:
    """An English session holding ``case`` (and any other ``session`` values), opened on ``page``."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.session_state[LANGUAGE] = Language.EN.value
    at.session_state[CASE] = Case.model_validate(case)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    _check(at, page)
    return at


def _household_session(members: tuple[dict[str, str], ...] = HOUSEHOLD, open_card: str | None = None) -> AppTest:
    """The questionnaire's outcome page of an employee with ``members`` (the household of 6 by default), every
    member's card closed or ``open_card``'s open, rerun as it is."""
    opened_before = {card_key(open_card): True} if open_card is not None else {}
    at = _case_session(
        ELIGIBILITY_PAGE, {"answers": EMPLOYEE, "members": members}, **{WIZARD_VIEW: "outcome"}, **opened_before
    )
    if not at.success or len(at.session_state[CASE].members) != len(members):
        raise RuntimeError(f"{ELIGIBILITY_PAGE}: no outcome with the household of {len(members) + 1}")
    opened = {str(button.key) for button in at.button if str(button.key).startswith("household_edit_")}
    if len(at.expander) != len(members) or opened != ({f"household_edit_{open_card}"} if open_card else set()):
        raise RuntimeError(f"{ELIGIBILITY_PAGE}: expected {len(members)} cards, {open_card or 'none'} open")
    return at


def _documents_session(members: tuple[dict[str, str], ...] = HOUSEHOLD) -> AppTest:
    """The documents page of the employee with ``members`` (every member's card closed), rerun as it is."""
    at = _case_session(DOCUMENTS_PAGE, {"answers": EMPLOYEE, "members": members})
    if not at.checkbox or len(at.expander) != len(members):
        raise RuntimeError(f"{DOCUMENTS_PAGE}: expected the list and {len(members)} closed cards")
    return at


def _care_session() -> AppTest:
    """The care page of an employee who entered a household of 6 and an income: stage advice, the C2S estimate
    with its contribution table, rerun as it is (issue 16)."""
    case = {"answers": EMPLOYEE, "members": HOUSEHOLD, "c2s_household_size": 6, "c2s_income_eur": 35_000}
    at = _case_session(CARE_PAGE, case)
    if not at.success:
        raise RuntimeError(f"{CARE_PAGE}: no C2S estimate")
    return at


def _page_session(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    at.switch_page(page).run()
    _check(at, page)
    return at


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """Run the benchmark; return the table rows and the figures for the JSON report.

    Every round also reruns the household of 6 and the empty app as AppTest runs them unpatched (the pages folder
    scanned and the scripts compiled on every run): the notes compare them with the same pages timed as a server
    pays them (:func:`bench.common.reruns_as_a_server`), which is what the table shows."""
    _drop_bare_mode_warning()
    warmups, repeats = (2, 8) if quick else (3, 30)
    office = OfficeSession()
    wizard = WizardSession()
    home = _page_session(HOME_PAGE)
    household = _household_session()
    household_open = _household_session(open_card=OPEN_CARD)
    alone = _household_session(members=())
    documents = _documents_session()
    documents_alone = _documents_session(members=())
    care = _care_session()
    empty = AppTest.from_string(EMPTY_APP, default_timeout=TIMEOUT_S)
    unpatched_household = _household_session()
    unpatched_empty = AppTest.from_string(EMPTY_APP, default_timeout=TIMEOUT_S)

    timings: dict[str, list[float]] = {
        "office": [], "wizard": [], "household": [], "household_open": [], "alone": [], "documents": [],
        "documents_alone": [], "care": [], "home": [], "empty": [], "unpatched_household": [], "unpatched_empty": [],
    }  # fmt: skip
    wizard_steps: dict[str, list[float]] = {"continue": [], "back": []}
    for round_ in range(warmups + repeats):
        measured = {
            "unpatched_empty": _timed_run(unpatched_empty, "empty app"),
            "unpatched_household": _timed_run(unpatched_household, ELIGIBILITY_PAGE),
        }
        with reruns_as_a_server():
            measured |= {
                "empty": _timed_run(empty, "empty app"),
                "office": office.rerun(),
                "wizard": wizard.rerun(),
                "household": _timed_run(household, ELIGIBILITY_PAGE),
                "household_open": _timed_run(household_open, ELIGIBILITY_PAGE),
                "alone": _timed_run(alone, ELIGIBILITY_PAGE),
                "documents": _timed_run(documents, DOCUMENTS_PAGE),
                "documents_alone": _timed_run(documents_alone, DOCUMENTS_PAGE),
                "care": _timed_run(care, CARE_PAGE),
                "home": _timed_run(home, HOME_PAGE),
            }
        if round_ >= warmups:
            for name, elapsed in measured.items():
                timings[name].append(elapsed)
            wizard_steps[wizard.last_step].append(measured["wizard"])

    summaries = {name: Summary.of(samples) for name, samples in timings.items()}
    base = summaries["empty"]
    rows: list[Row] = []
    labelled = (
        ("office", "office page rerun (submit)"),
        ("wizard", "questionnaire step rerun (Continue / Back)"),
        ("alone", "questionnaire outcome, moving alone, rerun"),
        ("household", "questionnaire outcome with a household of 6 (cards closed), rerun"),
        ("household_open", "questionnaire outcome with a household of 6, one card open, rerun"),
        ("documents_alone", "documents page, moving alone, rerun"),
        ("documents", "documents page with a household of 6 (cards closed), rerun"),
        ("care", "care page with a C2S estimate (household of 6), rerun"),
        ("home", "home page rerun"),
    )
    for name, label in labelled:
        rows += page_rows(label, summaries[name], base, TARGET_RATIO)
    figures = {
        "warmups": warmups,
        "repeats": repeats,
        "codes": list(CODES),
        "first_load_ms": office.first_load_ms,
        "wizard_steps_p50_ms": {step: statistics.median(samples) for step, samples in wizard_steps.items()},
        "summaries_ms": {name: vars(summary) for name, summary in summaries.items()},
        "samples_ms": timings,
    }
    return rows, figures


def notes(figures: dict[str, Any]) -> list[str]:
    """Plain-language lines to print under the table."""
    summaries = figures["summaries_ms"]
    empty, office = summaries["empty"]["p50"], summaries["office"]["p50"]
    wizard, steps = summaries["wizard"]["p50"], figures["wizard_steps_p50_ms"]
    household, opened, alone = (summaries[name]["p50"] for name in ("household", "household_open", "alone"))
    raw = {name: summaries[f"unpatched_{name}"]["p50"] for name in ("household", "empty")}
    return [
        f"pages: {figures['repeats']} timed reruns each after {figures['warmups']} warm-ups, interleaved;"
        f" office reruns alternate {' / '.join(figures['codes'])}.",
        f"pages: the baseline is AppTest rerunning an empty app (median {empty:.1f} ms): AppTest's fixed per-run"
        " cost (mock runtime, script runner, thread). It is in the page figures too, which pulls the"
        f" ratio toward 1; office − empty = {office - empty:.1f} ms is the closer estimate of the page's own cost.",
        f"pages: questionnaire reruns alternate '{WIZARD_FIRST[0]} = {WIZARD_FIRST[1]}' + Continue and Back"
        f" (median Continue {steps['continue']:.1f} ms, Back {steps['back']:.1f} ms);"
        f" questionnaire − empty = {wizard - empty:.1f} ms.",
        f"pages: first load (not in the table; builds the cached office index) {figures['first_load_ms']:,.0f} ms.",
        f"pages: the household of 6 costs {household - alone:+.1f} ms over moving alone with its cards closed,"
        f" {opened - alone:+.1f} ms with one card open (closed cards draw nothing inside them); on the documents"
        f" page it costs {summaries['documents']['p50'] - summaries['documents_alone']['p50']:+.1f} ms.",
        "pages: reruns are timed as a server pays them (bench.common.reruns_as_a_server). As AppTest runs them"
        f" unpatched (same rounds), the household of 6 takes {raw['household']:.1f} ms against {raw['empty']:.1f} ms"
        f" for the empty app ({raw['household'] / raw['empty']:.1f}×, against {household / empty:.1f}× in the table):"
        " every AppTest run of an app with a pages/ folder scans it and compiles the scripts again.",
    ]
