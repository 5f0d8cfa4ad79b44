"""Hostile input through the pages (issue 6, item 4), with Streamlit's AppTest.

Hostile postal codes on the office page, hostile case files on the dossier page,
hostile names and addresses in the letter form, hostile dates in the timeline's
date inputs, and damaged session-state values on every page. After each run: no
exception, no "unexpected error" screen, a translated message or a graceful page,
a session left consistent (a refused upload changes nothing), and no markdown
element that renders HTML. Each test counts the AppTest runs it made and the
cases it tried, prints them (``pytest -rP``) and asserts a minimum.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from tests.test_hostile_input import HOSTILE_TEXT, NASTY_PIECES, REAL_SENDER, _hostile_files, _postcode_texts
from tests.ui.conftest import UI_TODAY
from tests.ui.session import case_of, date_keys, set_date
from ui import state
from ui.date_entry import PARTS, part_key
from ui.frame import frame_style
from ui.i18n import frame_script
from ui.pages import DOSSIER_PAGE, OFFICE_PAGE, PAGES, TIMELINE_PAGE
from ui.timeline_view import START_WIDGET
from vitale.case import MILESTONE_ORDER, Case
from vitale.casefile import CaseFileError, loads
from vitale.dates import add_months
from vitale.rules import text_figures
from vitale.sender import Sender
from vitale.text import Language, load_catalog
from vitale.timeline import EARLIEST_START, LATEST_START_YEARS

CATALOG = load_catalog().with_figures(text_figures(UI_TODAY))
TIMEOUT = 60
EMPLOYEE = EMPLOYEE_BORN_IN_INDIA.model_dump(exclude_none=True, mode="json")
TODAY = UI_TODAY
WITH_ANSWERS = Case.model_validate({"answers": EMPLOYEE, "postal_code": "75011"})
UNEXPECTED = {CATALOG.text(language, "errors.unexpected") for language in Language}
SETTINGS = settings(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
"""Derandomized: the same cases on every run, so a CI run cannot fail on a case no one has seen (an unseen
failure would show up in a local run with ``derandomize=False`` first)."""


class Runs:
    """Counts AppTest runs and fuzz cases, so that each test can show and check them."""

    def __init__(self) -> None:
        self.runs = 0
        self.cases = 0

    def run(self, at: AppTest) -> AppTest:
        self.runs += 1
        at.run()
        graceful(at)
        return at

    def report(self, name: str, minimum_cases: int) -> None:
        print(f"{name}: {self.cases} cases, {self.runs} AppTest runs")  # shown by pytest -rP
        assert self.cases >= minimum_cases


def graceful(at: AppTest) -> None:
    """No exception, no "unexpected error" screen, no markdown that renders HTML, no raw HTML element but
    the frame's style sheet and static language script (the same for everyone: nothing typed can reach them)."""
    assert not at.exception, [e.value for e in at.exception]
    errors = {str(e.value) for e in at.error}
    assert not errors & UNEXPECTED, "a page failed: the user saw the unexpected-error message"
    assert not [m for m in at.markdown if m.proto.allow_html], "markdown rendering HTML"
    frames = [
        sorted([frame_style(CATALOG.text(lang, "uploader.choose"), CATALOG.text(lang, "uploader.limit")),
                frame_script(lang, CATALOG.text(lang, "app.help_for"), CATALOG.text(lang, "uploader.choose"),
                             CATALOG.text(lang, "app.table_region"))])
        for lang in Language
    ]  # fmt: skip
    assert sorted(element.proto.body for element in at.get("html")) in frames


def _texts(at: AppTest) -> Iterator[str]:
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "subheader", "code"):
        yield from (str(element.value) for element in getattr(at, kind))


def _app(runs: Runs, page: str, language: Language = Language.EN, **session: Any) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[state.LANGUAGE] = language.value
    for key, value in session.items():
        at.session_state[key] = value
    runs.run(at)
    at.switch_page(page)
    return runs.run(at)


def _click(at: AppTest, key: str) -> None:
    label = CATALOG.text(Language(at.session_state[state.LANGUAGE]), key)
    next(button for button in at.button if button.label == label).click()


# -- the office page -------------------------------------------------------------------

OFFICE_MESSAGES = {
    CATALOG.text(language, key)
    for language in Language
    for key in CATALOG.keys(language)
    if key.startswith(("office.problem.", "office.status.", "office.unknown"))
}


def test_hostile_postal_codes_on_the_office_page_get_a_message_or_a_caisse() -> None:
    runs = Runs()
    at = _app(runs, OFFICE_PAGE, Language.FR)

    @settings(SETTINGS, max_examples=30)
    @given(text=st.one_of(_postcode_texts(), st.sampled_from(["01200", "62400", "98000", "1000", "75948"])))
    def searching(text: str) -> None:
        runs.cases += 1
        # A browser cannot send NUL or a lone surrogate in a text field (it sends UTF-8).
        typed = "".join(c for c in text if c != "\x00" and not 0xD800 <= ord(c) <= 0xDFFF)
        at.text_input(key=state.OFFICE_POSTCODE_WIDGET).input(typed)
        _click(at, "office.search")
        runs.run(at)
        assert at.error or at.subheader or at.selectbox or at.info or at.warning, "the page answers something"
        for error in at.error:
            assert error.value in OFFICE_MESSAGES or "01" in error.value or "CEDEX" in error.value

    searching()
    runs.report("office postal codes", 25)


# -- the dossier page: uploads -------------------------------------------------------------


def _session_snapshot(at: AppTest) -> Case:
    return case_of(at)


def test_hostile_case_files_uploaded_on_the_dossier_page_are_refused_and_change_nothing() -> None:
    runs = Runs()
    at = _app(
        runs, DOSSIER_PAGE, Language.FR, **{state.CASE: Case.model_validate({**dict(WITH_ANSWERS), "ticked": ["rib"]})}
    )
    previous: list[bytes] = []
    refusals = {CATALOG.text(Language.FR, key) for key in CATALOG.keys(Language.FR) if key.startswith("casefile.")}

    @settings(SETTINGS, max_examples=40)
    @given(data=_hostile_files())
    def uploading(data: bytes) -> None:
        if previous and previous[-1] == data:
            return  # the same file again fires no change
        previous.append(data)
        runs.cases += 1
        before = _session_snapshot(at)
        at.file_uploader[0].set_value(("case.json", data, "application/json"))
        runs.run(at)
        try:
            loads(data)
        except CaseFileError as error:
            refused: str | None = CATALOG.text(Language.FR, error.message_key)
        else:
            refused = None
        if refused is not None:
            assert [e.value for e in at.error] == [refused]
            assert _session_snapshot(at) == before, "a refused file changed the session"
        else:
            assert not [e.value for e in at.error if e.value in refusals]

    uploading()
    runs.report("dossier uploads", 30)


# -- the dossier page: the letter form ----------------------------------------------------------

SENDER_WIDGETS = {
    "full_name": "dossier_field_full_name",
    "address": "dossier_field_address",
    "postal_code": "dossier_field_postal_code",
    "city": "dossier_field_city",
    "phone": "dossier_field_phone",
}


def test_hostile_names_and_addresses_in_the_letter_form_are_refused_or_printed_as_plain_text() -> None:
    runs = Runs()
    at = _app(runs, DOSSIER_PAGE, **{state.CASE: WITH_ANSWERS})
    set_date(at, "dossier_field_date_of_birth", REAL_SENDER["date_of_birth"])
    typed_text = st.one_of(HOSTILE_TEXT, st.lists(NASTY_PIECES, max_size=6).map("".join))
    browser_text = typed_text.map(lambda s: "".join(c for c in s if c != "\x00" and not 0xD800 <= ord(c) <= 0xDFFF))

    @settings(SETTINGS, max_examples=25)
    @given(field=st.sampled_from(["full_name", "address", "city", "phone"]), text=browser_text)
    def writing(field: str, text: str) -> None:
        runs.cases += 1
        values = {name: REAL_SENDER[name] for name in SENDER_WIDGETS} | {field: text}
        for name, widget in SENDER_WIDGETS.items():
            element = at.text_area(key=widget) if name == "address" else at.text_input(key=widget)
            values[name] = values[name][: element.proto.max_chars]  # the browser stops typing there
            element.input(values[name])
        _click(at, "dossier.make_letter")
        runs.run(at)
        try:
            sender = Sender(**values, date_of_birth=REAL_SENDER["date_of_birth"])
        except ValidationError:
            assert CATALOG.text(Language.EN, "dossier.invalid_details") in [e.value for e in at.error]
            return
        letter = at.code[0].value.splitlines()
        assert letter[0] == sender.full_name
        assert letter[-1] == sender.full_name

    writing()
    runs.report("letter form", 20)


# -- the timeline page: date inputs --------------------------------------------------------------

TIMELINE_ERRORS = {
    CATALOG.text(Language.EN, key)
    for key in CATALOG.keys(Language.EN)
    if key.startswith(("timeline.error.", "date_entry.")) and key not in {f"date_entry.{p}" for p in PARTS}
}


def test_hostile_dates_in_the_timeline_inputs_give_a_projection_or_a_translated_message() -> None:
    runs = Runs()
    at = _app(runs, TIMELINE_PAGE, **{state.CASE: WITH_ANSWERS})
    latest_year = add_months(TODAY, 12 * LATEST_START_YEARS).year

    @settings(SETTINGS, max_examples=30)
    @given(
        which=st.integers(0, len(MILESTONE_ORDER)),  # one of the date entries on screen (start first)
        day=st.none() | st.integers(1, 31),
        month=st.none() | st.integers(1, 12),
        year=st.none() | st.integers(EARLIEST_START.year, TODAY.year),
        later_year=st.integers(TODAY.year, latest_year),
    )
    def dating(which: int, day: int | None, month: int | None, year: int | None, later_year: int) -> None:
        """Any day, month and year the selects offer — a part left out, a 31 February, a date to come."""
        runs.cases += 1
        shown = date_keys(at)
        widget = shown[which % len(shown)]
        year = later_year if widget == START_WIDGET and year is not None else year
        for part, number in zip(PARTS, (day, month, year), strict=True):
            at.selectbox(key=part_key(widget, part)).set_value(number)
        runs.run(at)
        errors = [e.value for e in at.error]
        assert all(any(error.startswith(message.split("{")[0]) for message in TIMELINE_ERRORS) for error in errors)
        reached = case_of(at).reached
        assert set(reached) <= set(MILESTONE_ORDER)
        assert (
            at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart") or any("|" in text for text in _texts(at))
        ), "the projection stays, whatever is wrong with a date (issue 14)"

    dating()
    runs.report("timeline dates", 20)


# -- damaged session state ----------------------------------------------------------------------

DAMAGED: list[tuple[str, Any]] = [
    (state.CASE, {"answers": {"territory": 5, "situations": "born_in_france"}}),
    (state.CASE, {**EMPLOYEE, "arrival_date": "2025-02-31", "annual_income_eur": math.nan}),
    (state.CASE, ["not", "a", "case"]),
    (state.CASE, None),
    (state.CASE, "<script>"),
    (state.CASE, Case(reached={"card_received": date(2026, 1, 1), "application_sent": date(2026, 5, 1)})),
    (state.CASE, Case(postal_code="20200", insee_code="75056")),
    (state.CASE, Case(postal_code="99999")),
    (state.CASE, Case.model_validate({**dict(WITH_ANSWERS), "timeline_start": "1950-01-01"})),
    (state.CASE, Case.model_validate({**dict(WITH_ANSWERS), "timeline_start": "2099-01-01"})),
    (state.WIZARD_HISTORY, {"a": 1}),
    (state.WIZARD_VIEW, "<script>"),
    (state.WIZARD_CURRENT, 42),
    (state.LANGUAGE, "de"),
    (state.OFFICE_RESULT, {"key": ("75011", None), "first": "not a lookup"}),
    (state.OFFICE_RESULT, [1]),
    (state.DOSSIER_ERROR, "casefile.no_such_key"),
    (state.DOSSIER_NOTICE, "dossier.no_such_key"),
    (state.TIMELINE_MEMO, [1]),
    (state.BROWSER_KEEP, "yes"),
    (state.BROWSER_SYNC, 42),
    (state.BROWSER_SYNC, "not a fingerprint"),
    (state.BROWSER_READS, -1),
    (state.BROWSER_READS, True),
    (state.BROWSER_NOTICE, "browser_store.no_such_key"),
]
"""Values of the wrong shape: ``ui.state.init_state`` puts a value of the wrong type back to its starting value,
and each page copes with a value of the right type but wrong content."""


@pytest.mark.parametrize(("key", "value"), DAMAGED, ids=[f"{key}={value!r}"[:60] for key, value in DAMAGED])
def test_a_damaged_session_value_never_breaks_a_page(key: str, value: Any) -> None:
    runs = Runs()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[state.LANGUAGE] = Language.EN.value
    at.session_state[state.CASE] = WITH_ANSWERS
    at.session_state[key] = value
    runs.run(at)
    for spec in PAGES:
        runs.cases += 1
        at.switch_page(spec.path)
        runs.run(at)
        assert at.title, f"{spec.path} still draws its title"
    runs.report(f"damaged {key}", len(PAGES))
