"""Nothing mutable is shared between sessions (issue 6, item 3b).

Every object the app builds once per process and hands to every session (the
sources registry, the parameters, the countries and languages, the text
catalog, the office index, the questions, the charts' cached templates, the
PDF font's character map) is either immutable or handed out as a copy: each
test tries to change what a cached function returned and checks that the
change raises or that the next caller does not see it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pydantic
import pytest

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from ui import resources
from vitale import charts
from vitale.countries import load_countries, load_languages
from vitale.offices import default_index, lookup
from vitale.parameters import load_parameters
from vitale.printable import _drawable
from vitale.questions import QUESTIONS, QUESTIONS_BY_ID, next_question
from vitale.sources import registry, source
from vitale.text import Language, load_catalog
from vitale.timeline import project

CATALOG = load_catalog()
PROJECTION = project(EMPLOYEE_BORN_IN_INDIA, date(2025, 1, 6), date(2025, 2, 3), draws=200)

READ_ONLY_ERRORS = (TypeError, AttributeError, pydantic.ValidationError, dataclasses.FrozenInstanceError)


def _cannot_set_a_key(table: Mapping[str, Any], key: str, value: object) -> None:
    with pytest.raises(TypeError):
        table[key] = value  # type: ignore[index]
    with pytest.raises((TypeError, AttributeError)):
        table.pop(key)  # type: ignore[attr-defined]


def test_the_parameters_tables_are_read_only_for_every_session() -> None:
    params = load_parameters()
    national = params.phone("national")
    _cannot_set_a_key(params.phone_lines, "national", None)
    _cannot_set_a_key(params.parameters, "residence_wait_months", None)
    _cannot_set_a_key(params.durations, "card_online", None)
    with pytest.raises(pydantic.ValidationError):
        params.phone_lines = {}  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        national.number = "0 800 000 000"  # type: ignore[misc]
    assert isinstance(national.hours, tuple)
    assert isinstance(params.duration("card_online").values, tuple)
    assert load_parameters() is params
    assert load_parameters().phone("national") == national


def test_the_parameters_still_serialise_as_plain_dictionaries() -> None:
    dumped = load_parameters().model_dump(mode="json")
    assert isinstance(dumped["phone_lines"], dict)
    assert isinstance(dumped["phone_lines"]["national"], dict)


def test_changing_the_sources_registry_a_caller_got_changes_nothing_for_the_next_caller() -> None:
    mine = registry()
    some_id = next(iter(mine))
    original = mine[some_id]
    mine[some_id] = "tampered"  # type: ignore[assignment]
    mine["invented"] = original
    mine.clear()
    again = registry()
    assert again[some_id] == original
    assert "invented" not in again
    assert source(some_id) == original
    theirs = resources.sources()
    theirs.clear()
    assert resources.sources()[some_id] == original


def test_a_source_is_frozen() -> None:
    some = next(iter(registry().values()))
    with pytest.raises(pydantic.ValidationError):
        some.title = "tampered"  # type: ignore[misc]


@pytest.mark.parametrize(("load", "code"), [(load_countries, "FR"), (load_languages, "fr")])
def test_the_countries_and_languages_tables_are_read_only(load: Callable[[], Mapping[str, Any]], code: str) -> None:
    table = load()
    row = table[code]
    _cannot_set_a_key(table, code, None)
    with pytest.raises(pydantic.ValidationError):
        row.name_en = "tampered"
    assert load()[code] == row
    assert load() is table, "still built once per process"


def test_the_text_catalog_hands_out_only_immutable_values() -> None:
    catalog = load_catalog()
    keys = catalog.keys(Language.EN)
    assert isinstance(keys, frozenset)
    title = catalog.text(Language.FR, "office.title")
    assert isinstance(title, str)
    assert load_catalog() is catalog
    assert load_catalog().text(Language.FR, "office.title") == title


def test_the_office_index_hands_out_copies_and_frozen_answers() -> None:
    index = default_index()
    caisses = index.caisses
    some_id = next(iter(caisses))
    caisse = caisses[some_id]
    caisses.clear()  # type: ignore[attr-defined]
    assert index.caisses[some_id] == caisse
    with pytest.raises(pydantic.ValidationError):
        caisse.name = "tampered"  # type: ignore[misc]
    assert isinstance(caisse.address_lines, tuple)
    assert isinstance(index.postal_codes, frozenset)
    result = lookup("01200")
    assert isinstance(result.communes, tuple)
    with pytest.raises(AttributeError):  # a Commune is a named tuple (issue 17): immutable
        result.communes[0].name = "tampered"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        result.status = "found"  # type: ignore[assignment,misc]
    assert lookup("01200") == result


def test_the_cached_office_index_of_the_ui_is_the_same_frozen_index() -> None:
    first = resources.office_index()
    assert resources.office_index() is first
    assert first.lookup(" 75 011 ").caisses[0].envelope()[-1] == "75948 Paris Cedex 19"


def test_the_questions_shared_by_every_session_cannot_be_changed() -> None:
    question = next_question(EMPLOYEE_BORN_IN_INDIA.model_copy(update={"territory": None}))
    assert question is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        question.options = ()  # type: ignore[misc]
    with_filters = next(q for q in QUESTIONS if q.options_if)
    option = next(iter(with_filters.options_if))
    _cannot_set_a_key(with_filters.options_if, option, lambda _: False)
    _cannot_set_a_key(QUESTIONS_BY_ID, question.id, None)
    assert isinstance(QUESTIONS, tuple)
    assert all(isinstance(q.options, tuple) for q in QUESTIONS)


def test_changing_a_chart_spec_changes_nothing_for_the_next_page() -> None:
    spec = charts.milestones_spec(PROJECTION, CATALOG, Language.EN)
    spec["layer"][0]["mark"]["type"] = "tampered"
    spec["title"] = "tampered"
    spec["layer"].clear()
    chances = charts.card_chance_spec(PROJECTION, CATALOG, Language.EN)
    chances["layer"].clear()
    assert "tampered" not in str(charts.milestones_spec(PROJECTION, CATALOG, Language.EN))
    assert charts.milestones_spec(PROJECTION, CATALOG, Language.EN)["layer"]
    assert charts.card_chance_spec(PROJECTION, CATALOG, Language.EN)["layer"]


def test_changing_an_altair_chart_changes_nothing_for_the_next_caller() -> None:
    chart = charts.milestones_chart(PROJECTION, CATALOG, Language.EN)
    chart.layer[0].mark = "tampered"
    chart.title = "tampered"
    chart.layer.clear()
    chances = charts.card_chance_chart(PROJECTION, CATALOG, Language.EN)
    chances.layer.clear()
    again = charts.milestones_chart(PROJECTION, CATALOG, Language.EN).to_dict()
    assert "tampered" not in str(again)
    assert again["layer"]
    assert charts.card_chance_chart(PROJECTION, CATALOG, Language.EN).to_dict()["layer"]


def test_the_pdf_fonts_character_map_is_a_frozenset() -> None:
    assert isinstance(_drawable(), frozenset)
    assert _drawable() is _drawable()


def test_a_projection_is_frozen_all_the_way_down() -> None:
    with pytest.raises(pydantic.ValidationError):
        PROJECTION.today = date(2030, 1, 1)  # type: ignore[misc]
    assert isinstance(PROJECTION.milestones, tuple)
    assert isinstance(PROJECTION.card_chances, tuple)
    with pytest.raises(pydantic.ValidationError):
        PROJECTION.milestones[0].p50 = date(2030, 1, 1)  # type: ignore[misc]
