"""Hostile input, at the domain level (issue 6, item 4): every input the app accepts, fuzzed.

Each test runs a Hypothesis search with an explicit ``max_examples`` inside the test
function, counts the cases it tried, prints the count (``pytest -rP`` or ``-s`` shows
it) and asserts that at least ``MIN_SHARE`` of the planned cases actually ran — so a
strategy that silently filters everything out fails instead of passing empty.
"""

from __future__ import annotations

import gzip
import json
import math
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pydantic import ValidationError

from tests.strategies import ANY_ANSWERS, EMPLOYEE_BORN_IN_INDIA
from tests.test_letters import letter_of
from vitale.answers import arrival_date_problem, income_problem
from vitale.calendar import followups_ics
from vitale.case import MILESTONE_ORDER, Case, DocumentId
from vitale.casefile import MAX_BYTES, SCHEMA, VERSION, CaseFileError, dumps, loads
from vitale.letters import call_script, cover_letter
from vitale.offices import LookupStatus, OfficeIndex, lookup
from vitale.outcomes import Outcome
from vitale.postcodes import normalise_postcode
from vitale.printable import letter_pdf
from vitale.projection import Projection
from vitale.sender import Sender
from vitale.text import Language, load_catalog
from vitale.timeline import TimelineError, project

CATALOG = load_catalog()
TODAY = date(2025, 6, 16)
MIN_SHARE = 0.9
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
"""Control, invisible formatting, surrogate and private-use characters: never in a letter."""


def fuzz(strategy: st.SearchStrategy[Any], check: Callable[[Any], None], planned: int) -> int:
    """Run ``check`` on ``planned`` Hypothesis examples of ``strategy``; return how many it tried."""
    tried = 0

    @settings(
        max_examples=planned,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: CI cannot fail on a case nobody has seen
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(strategy)
    def run(value: Any) -> None:
        nonlocal tried
        tried += 1
        check(value)

    run()
    print(f"{check.__name__}: {tried} cases tried")  # the count, shown by pytest -rP
    assert tried >= planned * MIN_SHARE, f"only {tried} of {planned} planned cases ran"
    return tried


# -- strategies ---------------------------------------------------------------------

ANY_UNICODE = st.text(st.characters(codec=None), max_size=200)
"""Any code points, surrogates, controls, private use and unassigned ones included."""
NASTY_PIECES = st.sampled_from(
    [
        "\x00", "\x07", "\x1b[31m", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\u200b", "\u200e", "\u202e",
        "\ufeff", "\ud800", "\U000e0041", "\ue000", "<script>alert(1)</script>", "<b>", "**x**", "`x`", "$x$",
        "{postal_code}", "{0}", "%s", "'; DROP TABLE", "../../etc/passwd", "مرحبا", "שלום", "😀👩‍👩‍👧", "é", "e\u0301",
        "漢字", "𝔘𝔫𝔦", "０７５０１１", "٧٥٠١١", "\t", " ", "\u00a0",
    ]
)  # fmt: skip
HOSTILE_TEXT = st.one_of(
    ANY_UNICODE,
    st.lists(st.one_of(NASTY_PIECES, st.text(max_size=5)), max_size=30).map("".join),
    st.integers(1, 10_000).map(lambda n: "A" * n),
    st.integers(1, 2_000).map(lambda n: "😀" * n),
)
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(allow_nan=True),
    HOSTILE_TEXT,
    st.binary(max_size=20),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
)
ANY_DATE = st.dates()
NEAR_DATE = st.dates(date(1900, 1, 1), date(2100, 12, 31))
MILESTONE_KEYS = st.sampled_from([m.value for m in MILESTONE_ORDER])
SHARED_CODES = st.sampled_from(["01200", "05110", "33220", "52100", "62400", "59000", "75011", "97150", "98000"])


def _postcode_texts() -> st.SearchStrategy[str]:
    digits = st.text(st.sampled_from("0123456789"), min_size=0, max_size=7)
    return st.one_of(
        HOSTILE_TEXT,
        digits,
        st.lists(st.one_of(digits, NASTY_PIECES), max_size=6).map("".join),
        st.from_regex(r"\A\s*\d{2}\s?\d{3}\s*\Z"),
    )


# -- postal codes and communes ----------------------------------------------------------


def test_any_text_or_object_read_as_a_postal_code_is_a_five_digit_code_or_a_problem() -> None:
    def reading_a_postal_code(text: object) -> None:
        result = normalise_postcode(text)
        if result.value is None:
            assert result.problem is not None
        else:
            assert result.problem is None
            assert len(result.value) == 5
            assert result.value.isascii()
            assert result.value.isdigit()
            assert normalise_postcode(result.value) == result

    fuzz(st.one_of(_postcode_texts(), ANY_VALUE), reading_a_postal_code, 600)


def test_looking_up_any_postal_code_never_raises_and_answers_consistently(index: OfficeIndex) -> None:
    def looking_up_a_postal_code(text: str) -> None:
        result = lookup(text)
        assert result == index.lookup(text)
        if result.status is LookupStatus.INVALID_POSTCODE:
            assert result.problem is not None
            assert result.postal_code is None
            assert not result.caisses
            if result.suggestion is not None:
                assert result.suggestion in index.postal_codes
        else:
            assert result.postal_code is not None
            assert len(result.postal_code) == 5
        if result.status is LookupStatus.FOUND:
            assert len(result.caisses) == 1
        if result.status is LookupStatus.SEVERAL_CAISSES:
            assert len(result.caisses) > 1

    fuzz(_postcode_texts(), looking_up_a_postal_code, 600)


def test_any_commune_choice_for_a_shared_postal_code_never_raises(index: OfficeIndex) -> None:
    def choosing_a_commune(choice: tuple[str, Any]) -> None:
        code, insee = choice
        result = index.lookup(code, insee)
        real = {commune.insee_code for commune in index.lookup(code).communes}
        if isinstance(insee, str) and insee.strip().upper() in real:
            assert not result.unknown_insee_code
            assert {commune.insee_code for commune in result.communes} == {insee.strip().upper()}
        elif insee is not None and real:
            assert result.unknown_insee_code

    real_insee = st.sampled_from(["74109", "01173", "05061", "2A004", "2B033", "75111", "59350"])
    insee = st.one_of(st.none(), real_insee, real_insee.map(lambda c: f" {c.lower()} "), ANY_VALUE)
    fuzz(st.tuples(SHARED_CODES | _postcode_texts(), insee), choosing_a_commune, 400)


# -- dates and incomes -------------------------------------------------------------------


def test_any_value_given_as_an_arrival_date_is_accepted_or_gets_a_translated_reason() -> None:
    def checking_an_arrival_date(case: tuple[Any, date]) -> None:
        value, today = case
        problem = arrival_date_problem(value, today)
        if problem is None:
            assert isinstance(value, date)
            assert date(1900, 1, 1) <= value <= today
        else:
            assert CATALOG.has(problem)
            assert CATALOG.text(Language.FR, problem)

    fuzz(st.tuples(st.one_of(ANY_DATE, ANY_VALUE), ANY_DATE), checking_an_arrival_date, 400)


def test_any_value_given_as_an_income_is_a_whole_amount_or_refused() -> None:
    def checking_an_income(value: Any) -> None:
        problem = income_problem(value)
        if problem is None:
            assert not isinstance(value, bool)
            assert isinstance(value, int | float)
            assert math.isfinite(value)
            assert 0 <= value <= 100_000_000
            assert value == int(value)
        else:
            assert problem == "wizard.amount_invalid"

    amounts = st.one_of(
        st.integers(-(10**30), 10**30), st.floats(), st.integers(0, 100_000_000).map(float), st.decimals(), ANY_VALUE
    )
    fuzz(amounts, checking_an_income, 400)


def test_any_dates_given_to_the_timeline_give_a_projection_or_a_timeline_error() -> None:
    def projecting_any_dates(case: tuple[Any, date, date, dict[str, date]]) -> None:
        answers, start, today, reached = case
        try:
            projection = project(answers, start, today, reached, draws=100)
        except TimelineError as error:
            refused = error.message_key
        else:
            refused = None
        if refused is not None:
            assert CATALOG.has(refused), refused
            return
        assert isinstance(projection, Projection)
        days = [day for key, day in reached.items()]
        assert projection.start == min([start, *days]), "a step reached before the start moves the start"
        assert projection.start_moved_from == (start if projection.start != start else None)
        assert projection.today == today
        for milestone in projection.milestones:
            if milestone.id.value in reached:
                assert milestone.reached == reached[milestone.id.value]

    reached = st.dictionaries(
        st.one_of(MILESTONE_KEYS, st.text(max_size=8)), st.one_of(NEAR_DATE, ANY_DATE), max_size=6
    )
    answers = st.one_of(ANY_ANSWERS, st.just(EMPLOYEE_BORN_IN_INDIA))
    starts = st.one_of(NEAR_DATE, ANY_DATE, st.just(date.min), st.just(date.max))
    # ``today`` is the server's clock, not an input: any day up to 2100 (and the earliest day there is).
    todays = st.one_of(NEAR_DATE, st.just(date.min), st.just(date(2100, 12, 31)))
    fuzz(st.tuples(answers, starts, todays, reached), projecting_any_dates, 400)


@st.composite
def valid_projections(draw: st.DrawFn) -> Projection:
    today = draw(st.dates(date(2000, 1, 1), date(2035, 12, 31)))
    start = draw(st.dates(today - timedelta(days=900), today))
    count = draw(st.integers(0, len(MILESTONE_ORDER)))
    days = sorted(draw(st.lists(st.dates(start, today), min_size=count, max_size=count)))
    reached = {m.value: d for m, d in zip(MILESTONE_ORDER, days, strict=False)}
    answers = draw(st.one_of(st.just(EMPLOYEE_BORN_IN_INDIA), ANY_ANSWERS))
    try:
        return project(answers, start, today, reached, draws=100, seed=draw(st.integers(0, 2**32)))
    except TimelineError:
        return project(EMPLOYEE_BORN_IN_INDIA, start, today, reached, draws=100)


def test_the_calendar_of_any_valid_projection_parses_back_with_icalendar() -> None:
    def parsing_the_calendar(case: tuple[Projection, Language]) -> None:
        projection, language = case
        data = followups_ics(projection, CATALOG, language)
        calendar = Calendar.from_ical(data)
        events = list(calendar.walk("VEVENT"))
        uids = [str(event["UID"]) for event in events]
        assert len(uids) == len(set(uids)), "each event has its own UID"
        for event in events:
            assert event.decoded("DTSTART") < event.decoded("DTEND")
            summary = str(event["SUMMARY"])
            assert not any(unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in summary)

    fuzz(st.tuples(valid_projections(), st.sampled_from(Language)), parsing_the_calendar, 150)


# -- free text in the letters ------------------------------------------------------------


REAL_SENDER: dict[str, Any] = {
    "full_name": "Zyxwvut Qpmlk",
    "address": "12 rue de la Paix\nBâtiment B",
    "postal_code": "75011",
    "city": "Paris",
    "date_of_birth": date(1990, 5, 17),
    "phone": "+33 6 12 34 56 78",
}


@st.composite
def hostile_senders(draw: st.DrawFn) -> dict[str, Any]:
    """A real sender with one to all of its fields hostile (so that many of them are still valid)."""
    hostile = draw(st.sets(st.sampled_from(sorted(REAL_SENDER)), min_size=1, max_size=2))
    values = dict(REAL_SENDER)
    for name in hostile:
        if name == "postal_code":
            values[name] = draw(_postcode_texts())
        elif name == "date_of_birth":
            values[name] = draw(st.one_of(ANY_DATE, st.datetimes().map(datetime.isoformat), ANY_VALUE))
        else:
            real = str(REAL_SENDER[name])
            short = st.lists(st.one_of(NASTY_PIECES, st.text(max_size=5)), max_size=8).map("".join)
            values[name] = draw(st.one_of(HOSTILE_TEXT, short.map(lambda s, r=real: r + s + r)))  # type: ignore[misc]
    return values


def _no_hidden_characters(line: str) -> None:
    assert "\n" not in line
    assert "\r" not in line
    assert len(line.splitlines()) <= 1, f"a letter line holds a line break: {line!r}"
    hidden = [char for char in line if unicodedata.category(char) in FORBIDDEN_CATEGORIES]
    assert not hidden, f"control characters reached the letter: {hidden!r}"


def test_any_sender_typed_on_the_page_is_refused_cleanly_or_written_without_control_characters(
    index: OfficeIndex,
) -> None:
    caisse = index.lookup("75011").caisses[0]
    written = 0

    def writing_a_letter(values: dict[str, Any]) -> None:
        nonlocal written
        try:
            sender = Sender(**values)
        except ValidationError:
            return
        written += 1
        for outcome in (Outcome.PUMA_WORK, Outcome.PUMA_RESIDENCE):
            for language in Language:
                lines = cover_letter(CATALOG, language, sender, caisse, outcome, [], TODAY).lines()
                for line in lines:
                    _no_hidden_characters(line)
                assert lines[0] == sender.full_name
        pdf = letter_pdf("Lettre", cover_letter(CATALOG, Language.FR, sender, caisse, Outcome.PUMA_WORK, [], TODAY))
        assert pdf.startswith(b"%PDF")

    fuzz(hostile_senders(), writing_a_letter, 150)
    print(f"letters written from hostile senders: {written}")
    assert written >= 15, "most hostile senders should still be valid enough to write a letter"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\r\n", "\r", "\x85", "\v", "\f", "\x1c"])
def test_a_line_break_of_any_kind_typed_in_a_one_line_field_never_splits_a_letter_line(
    separator: str, index: OfficeIndex
) -> None:
    typed = {
        "full_name": f"Zyxwvut{separator}Qpmlk",
        "city": f"Saint{separator}Denis",
        "phone": f"+33{separator}6 12 34 56 78",
        "address": f"12 rue de la Paix{separator}Bâtiment B",
    }
    sender = Sender(**(REAL_SENDER | typed))
    assert (sender.full_name, sender.city, sender.phone) == ("Zyxwvut Qpmlk", "Saint Denis", "+33 6 12 34 56 78")
    assert sender.address == "12 rue de la Paix\nBâtiment B"
    caisse = index.lookup("75011").caisses[0]
    lines = cover_letter(CATALOG, Language.FR, sender, caisse, Outcome.PUMA_WORK, [], TODAY).lines()
    for line in lines:
        _no_hidden_characters(line)
    assert "12 rue de la Paix" in lines
    assert "Bâtiment B" in lines


def test_a_sender_whose_text_is_only_control_characters_is_refused() -> None:
    with pytest.raises(ValidationError):
        Sender(
            full_name="\x00\u200b\x07", address="12 rue", postal_code="75011", city="Paris",
            date_of_birth=date(1990, 1, 1),
        )  # fmt: skip


def test_any_lines_printed_as_a_pdf_give_a_pdf() -> None:
    printable_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
    lines = st.lists(st.one_of(printable_text, NASTY_PIECES.filter(lambda s: s != "\ud800"), st.just("")), max_size=12)

    def printing_lines(case: tuple[str, list[str]]) -> None:
        title, body = case
        assert letter_pdf(title, letter_of(title, tuple(body))).startswith(b"%PDF")

    fuzz(st.tuples(printable_text, lines), printing_lines, 80)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_the_call_script_exists_for_every_outcome_in_both_languages(outcome: Outcome) -> None:
    script = call_script(CATALOG, outcome)
    assert script
    for french, english in script:
        assert french
        assert english
        _no_hidden_characters(french)
        _no_hidden_characters(english)


# -- uploaded case files -----------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)
CASE_KEYS = st.sampled_from(
    ["answers", "reached", "ticked", "postal_code", "insee_code", "timeline_start", "card_order", "evil"]
)
CASE_VALUES = st.one_of(
    JSON_VALUES,
    st.dictionaries(st.sampled_from([m.value for m in MILESTONE_ORDER]), st.dates().map(str) | JSON_VALUES),
    st.lists(st.sampled_from([d.value for d in DocumentId]) | st.text(max_size=5), max_size=5),
    st.dictionaries(
        st.sampled_from(["territory", "nationality", "arrival_date", "situations", "annual_income_eur", "activity"]),
        JSON_VALUES | st.dates().map(str),
    ),
    st.sampled_from(["2025-02-31", "0000-01-01", "9999-12-31", "2025-13-01", "2025-01-01T00:00:00", "75011", "2A004"]),
)


def _envelope(case: Any, schema: Any = SCHEMA, version: Any = VERSION) -> bytes:
    return json.dumps({"schema": schema, "version": version, "case": case}, ensure_ascii=False).encode()


def _deep(depth: int) -> bytes:
    return _envelope(json.loads("[" * depth + "]" * depth))


def _hostile_files() -> st.SearchStrategy[bytes]:
    valid = dumps(Case(answers=EMPLOYEE_BORN_IN_INDIA, postal_code="75011"))
    return st.one_of(
        st.binary(max_size=3000),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.dictionaries(CASE_KEYS, CASE_VALUES, max_size=6).map(_envelope),
        st.tuples(JSON_VALUES, JSON_VALUES).map(lambda sv: _envelope({}, *sv)),
        st.integers(1, 200).map(_deep),
        st.integers(0, len(valid)).map(lambda n: valid[:n]),
        st.tuples(st.integers(0, len(valid) - 1), st.binary(min_size=1, max_size=4)).map(
            lambda case: valid[: case[0]] + case[1] + valid[case[0] + len(case[1]) :]
        ),
        st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252"]).map(
            lambda codec: valid.decode().replace("75011", "75011é").encode(codec, errors="replace")
        ),
        st.just(gzip.compress(b"{" + b" " * 5_000_000 + b"}")),
        st.just(gzip.compress(valid)),
        st.just(b'{"schema": "vitale-case", "schema": "vitale-case", "version": 1, "case": {}}'),
        st.just(b'{"schema": "vitale-case", "version": 1, "case": {"postal_code": "75011", "postal_code": "75012"}}'),
        st.just(b"{" * 100_000),
        st.just(b" " * (MAX_BYTES + 1)),
        st.just(b'{"schema": "vitale-case", "version": 1, "case": {"answers": {"annual_income_eur": 1e999}}}'),
        st.just(b'{"schema": "vitale-case", "version": 1, "case": {"answers": {"annual_income_eur": NaN}}}'),
        st.just(b'{"schema": "vitale-case", "version": 1, "case": {"postal_code": "7' + b"1" * 5000 + b'"}}'),
        st.just(b'{"schema": "vitale-case", "version": 1' + b"0" * 5000 + b', "case": {}}'),
        st.just(b'{"schema": "vitale-case", "version": true, "case": {}}'),
        st.just(b'{"schema": "vitale-case", "version": 1.0, "case": {}}'),
        st.just("\ufeff".encode() + valid),
        st.just(valid.replace(b"75011", b"75\\u0000011")),
        st.just(valid.replace(b"75011", b"\\ud800")),
        HOSTILE_TEXT.map(lambda s: valid.replace(b"75011", json.dumps(s).encode()[1:-1])),
    )


def case_or_translated_refusal(read: Callable[[Any], Case], value: Any, saved: Callable[[Case], Any]) -> None:
    """``read(value)`` gives a case that reads back the same once ``saved``, or a :class:`CaseFileError` whose
    reason the catalog translates — nothing else."""
    try:
        case = read(value)
    except CaseFileError as error:
        refused = error.message_key
        assert CATALOG.has(refused), refused
        return
    assert isinstance(case, Case)
    assert read(saved(case)) == case


def test_any_uploaded_file_is_a_case_or_a_case_file_error_with_a_translated_reason() -> None:
    def reading_an_uploaded_file(data: bytes) -> None:
        case_or_translated_refusal(loads, data, dumps)

    fuzz(_hostile_files(), reading_an_uploaded_file, 800)


def test_a_zip_bomb_disguised_as_json_is_refused_as_not_text() -> None:
    bomb = gzip.compress(b'{"schema": "vitale-case", "version": 1, "case": {"postal_code": "' + b"0" * 10**7 + b'"}}')
    assert len(bomb) < MAX_BYTES
    with pytest.raises(CaseFileError) as refused:
        loads(bomb)
    assert refused.value.reason in {"not_utf8", "not_json"}


def test_an_uploaded_file_of_any_type_is_refused_cleanly() -> None:
    for value in (None, "text", 5, Decimal(1), [b"{}"], memoryview(b"{}")):
        with pytest.raises(CaseFileError):
            loads(value)  # type: ignore[arg-type]
