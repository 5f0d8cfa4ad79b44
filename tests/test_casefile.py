"""Save and resume (issue 4): a case file survives a round trip; anything hostile is refused cleanly."""

from __future__ import annotations

import contextlib
import gzip
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import ANY_ANSWERS
from vitale.answers import Answers, PensionFrom, Situation
from vitale.case import MILESTONE_ORDER, Case, DocumentId, Milestone
from vitale.casefile import MAX_BYTES, VERSION, CaseFileError, dumps, loads
from vitale.eligibility import assess
from vitale.household import Member, PartnerLink, Relation
from vitale.outcomes import Outcome
from vitale.questions import is_complete, next_question
from vitale.rules import text_figures
from vitale.sender import Sender
from vitale.text import Language, load_catalog
from vitale.timeline import TimelineError, check_dates

CATALOG = load_catalog().with_figures(text_figures(date.today()))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    reached_count = draw(st.integers(0, len(MILESTONE_ORDER)))
    days = sorted(
        draw(st.lists(st.dates(date(2020, 1, 1), date(2030, 1, 1)), min_size=reached_count, max_size=reached_count))
    )
    return Case(
        answers=draw(ANY_ANSWERS),
        reached=dict(zip(MILESTONE_ORDER[:reached_count], days, strict=True)),
        ticked=draw(st.frozensets(st.sampled_from(DocumentId))),
        postal_code=draw(st.none() | st.from_regex(r"\A\d{5}\Z")),
    )


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_any_valid_case_survives_save_then_load_unchanged(case: Case) -> None:
    assert loads(dumps(case)) == case


def test_a_saved_file_names_its_schema_and_version_and_is_readable_text() -> None:
    body = json.loads(dumps(Case(ticked=frozenset({DocumentId.RIB}))))
    assert (body["schema"], body["version"]) == ("vitale-case", VERSION)
    assert body["case"] == {"ticked": ["rib"]}


def _file(case: object, **outer: object) -> bytes:
    return json.dumps({"schema": "vitale-case", "version": VERSION, "case": case, **outer}).encode()


REFUSED = [
    ("too_large", b" " * (MAX_BYTES + 1), "too_large"),
    ("latin1_text", '{"schema": "vitale-casé"}'.encode("latin-1"), "not_utf8"),
    ("binary_garbage", bytes(range(256)), "not_utf8"),
    ("gzip_disguised_as_json", gzip.compress(_file({}) * 1000), "not_utf8"),
    ("zip_header", b"PK\x03\x04" + b"\x00" * 40, "not_json"),
    ("empty", b"", "not_json"),
    ("truncated", _file({})[:-3], "not_json"),
    ("deeply_nested", b"[" * 100_000 + b"]" * 100_000, "too_deep"),
    ("nan", b'{"schema": "vitale-case", "version": 1, "case": {"answers": {"annual_income_eur": NaN}}}', "not_json"),
    ("huge_integer", b'{"schema": "vitale-case", "version": 1, "case": {"x": ' + b"9" * 5000 + b"}}", "not_json"),
    ("duplicate_keys", b'{"schema": "vitale-case", "version": 1, "version": 1, "case": {}}', "duplicate_keys"),
    ("a_list", b"[1, 2, 3]", "wrong_schema"),
    ("other_schema", json.dumps({"schema": "other", "version": 1, "case": {}}).encode(), "wrong_schema"),
    ("extra_top_level_key", _file({}, admin=True), "wrong_schema"),
    ("case_not_an_object", _file([]), "wrong_schema"),
    ("future_version", _file({}, version=VERSION + 1), "unknown_version"),
    ("version_zero", json.dumps({"schema": "vitale-case", "version": 0, "case": {}}).encode(), "unknown_version"),
    ("version_as_text", json.dumps({"schema": "vitale-case", "version": "1", "case": {}}).encode(), "unknown_version"),
    ("version_as_bool", json.dumps({"schema": "vitale-case", "version": True, "case": {}}).encode(), "unknown_version"),
    ("thirty_first_of_february", _file({"reached": {"application_sent": "2026-02-31"}}), "impossible_date"),
    ("year_zero_arrival", _file({"answers": {"arrival_date": "0001-01-01"}}), "impossible_date"),
    ("sender_born_before_1900", _file({"sender": {"full_name": "A", "address": "1 rue", "postal_code": "75011",
                                                  "city": "Paris", "date_of_birth": "1850-01-01"}}), "impossible_date"),
    ("unknown_milestone", _file({"reached": {"moon_landing": "2026-01-01"}}), "invalid_content"),
    ("unknown_answer_value", _file({"answers": {"territory": "atlantis"}}), "invalid_content"),
    ("unknown_field", _file({"answers": {}, "password": "x"}), "invalid_content"),
    ("unknown_document", _file({"ticked": ["passport_scan"]}), "invalid_content"),
    ("control_characters_in_a_code", _file({"postal_code": "750\u000011"}), "invalid_content"),
    ("script_in_a_code", _file({"postal_code": "<script>"}), "invalid_content"),
    ("negative_income", _file({"answers": {"annual_income_eur": -5}}), "invalid_content"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_malformed_or_hostile_file_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(CaseFileError) as refused:
        loads(data)
    assert refused.value.reason == reason
    assert refused.value.message_key == f"casefile.{reason}"


@pytest.mark.parametrize("language", list(Language))
def test_every_refusal_reason_has_a_message_in_both_languages(language: Language) -> None:
    for reason in {r[2] for r in REFUSED}:
        assert CATALOG.text(language, f"casefile.{reason}")


def test_a_byte_order_mark_is_tolerated() -> None:
    assert loads(b"\xef\xbb\xbf" + dumps(Case())) == Case()


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_loading_any_bytes_either_gives_a_case_or_refuses_cleanly(data: bytes) -> None:
    with contextlib.suppress(CaseFileError):
        assert isinstance(loads(data), Case)


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=30,
    )
)
def test_loading_any_json_inside_a_valid_envelope_either_gives_a_case_or_refuses_cleanly(value: object) -> None:
    with contextlib.suppress(CaseFileError):
        loads(_file(value))


# -- version 1 → 2 (issue 10) ------------------------------------------------------------------

VERSION_1_FILE = json.dumps(
    {
        "schema": "vitale-case",
        "version": 1,
        "case": {
            "answers": {
                "territory": "metropole",
                "main_home": "yes",
                "activity": "none",
                "nationality": "other",
                "residence_status": "none",
                "arrival_date": "2026-01-10",
                "situations": ["born_in_france"],
                "annual_income_eur": 12000,
            },
            "ticked": ["ame_form"],
            "postal_code": "75011",
        },
    }
).encode()
"""A case file saved by the previous version (before household sizes and pensions were asked)."""


def test_a_case_file_saved_by_the_previous_version_still_loads_with_every_answer() -> None:
    case = loads(VERSION_1_FILE)
    assert case.answers.annual_income_eur == 12000
    assert case.answers.situations == frozenset({Situation.BORN_IN_FRANCE})
    assert case.ticked == frozenset({DocumentId.AME_FORM})
    assert case.postal_code == "75011"
    assert case.answers.household_size is None


def test_a_migrated_case_file_asks_only_the_new_question_then_gives_the_household_answer() -> None:
    case = loads(VERSION_1_FILE)
    question = next_question(case.answers)
    assert question is not None
    assert question.id == "household_size"
    two = case.answers.model_copy(update={"household_size": 2})
    assert is_complete(two)
    assert assess(two, date(2026, 12, 2)).outcome is Outcome.AME  # 12,000 € is over one person's ceiling, not two's


def test_a_migrated_case_file_is_saved_again_as_the_current_version() -> None:
    body = json.loads(dumps(loads(VERSION_1_FILE)))
    assert body["version"] == VERSION == 5
    assert loads(dumps(loads(VERSION_1_FILE))) == loads(VERSION_1_FILE)


def test_a_current_case_file_keeps_the_household_size_and_the_pension() -> None:
    answers = Answers(territory="abroad", activity="retired", pension_from="france")
    assert loads(dumps(Case(answers=answers))).answers.pension_from is PensionFrom.FRANCE
    household = Answers(household_size=4)
    assert loads(dumps(Case(answers=household))).answers.household_size == 4


# -- version 3 (issue 12): the file is the session's case ---------------------------------------------


def test_a_card_before_the_application_is_kept_so_the_timeline_page_can_explain_it() -> None:
    """The journey-order check moved to the timeline (vitale.timeline, check_dates): nothing typed is lost."""
    case = loads(_file({"reached": {"application_sent": "2026-05-01", "card_received": "2026-01-01"}}))
    with pytest.raises(TimelineError) as refused:
        check_dates(date(2025, 12, 1), date(2026, 12, 1), case.reached)
    assert (refused.value.reason, refused.value.milestone) == ("out_of_order", Milestone.CARD_RECEIVED)


def test_the_letter_s_sender_is_saved_and_restored_with_the_case() -> None:
    sender = Sender(full_name="Ana", address="12 rue\nBât. B", postal_code="75011", city="Paris",
                    date_of_birth=date(1990, 4, 2))  # fmt: skip
    assert loads(dumps(Case(sender=sender))).sender == sender


@pytest.mark.parametrize("version", [1, 2])
def test_files_of_every_earlier_version_load(version: int) -> None:
    body = {"schema": "vitale-case", "version": version, "case": {"postal_code": "75011", "ticked": ["rib"]}}
    case = loads(json.dumps(body).encode())
    assert (case.postal_code, case.ticked) == ("75011", {DocumentId.RIB})


def test_a_case_file_keeps_the_household_and_refuses_an_impossible_member() -> None:
    members = (
        Member(relation=Relation.PARTNER, label="Sam", birth_date=date(1990, 5, 1), partner_link=PartnerLink.PACS),
        Member(id="m2", relation=Relation.CHILD, label="Léa <b>", birth_date=date(2017, 3, 9)),
    )
    case = Case(members=members)
    assert loads(dumps(case)).members == members
    body = json.loads(dumps(case))
    body["case"]["members"] = [{"relation": "child", "label": "x", "birth_date": "2020-02-31"}]
    with pytest.raises(CaseFileError, match="impossible_date"):
        loads(json.dumps(body).encode())
    body["case"]["members"] = [{"relation": "child", "label": "x", "birth_date": "2020-02-01"}] * 200
    with pytest.raises(CaseFileError, match="invalid_content"):
        loads(json.dumps(body).encode())
    body["case"]["members"] = [{"relation": "cousin", "label": "x", "birth_date": "2020-02-01"}]
    with pytest.raises(CaseFileError, match="invalid_content"):
        loads(json.dumps(body).encode())


def test_a_version_3_file_opens_with_no_household() -> None:
    assert loads(json.dumps({"schema": "vitale-case", "version": 3, "case": {}}).encode()).members == ()


# -- version 5 (issue 16): what was entered for the C2S ------------------------------------------------


def test_the_c2s_household_income_and_application_day_are_saved_and_restored() -> None:
    case = Case(c2s_household_size=3, c2s_income_eur=17_500, c2s_applied_on=date(2026, 11, 20))
    restored = loads(dumps(case))
    assert (restored.c2s_household_size, restored.c2s_income_eur, restored.c2s_applied_on) == (
        3, 17_500, date(2026, 11, 20),
    )  # fmt: skip


def test_a_version_4_file_opens_with_no_c2s_entries() -> None:
    case = loads(json.dumps({"schema": "vitale-case", "version": 4, "case": {"postal_code": "75011"}}).encode())
    assert case.postal_code == "75011"
    assert case.c2s_household_size is None
    assert case.c2s_applied_on is None


def test_an_impossible_c2s_application_day_or_size_is_refused_with_its_reason() -> None:
    too_early = _file({"c2s_applied_on": "1850-01-01"})
    with pytest.raises(CaseFileError) as refused:
        loads(too_early)
    assert refused.value.message_key == "casefile.impossible_date"
    with pytest.raises(CaseFileError) as too_big:
        loads(_file({"c2s_household_size": 21}))
    assert too_big.value.message_key == "casefile.invalid_content"
