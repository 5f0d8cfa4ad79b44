"""The timeline's chart specs (issue 5), asserted on ``to_dict()`` since AppTest cannot see inside charts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.charts import card_chance_chart, card_chance_spec, inline_datasets, milestones_chart, milestones_spec
from vitale.projection import Projection
from vitale.text import Language, load_catalog
from vitale.timeline import project

CATALOG = load_catalog()
TODAY = date(2026, 12, 1)
START = date(2026, 8, 1)


@pytest.fixture(scope="module")
def projection() -> Projection:
    reached = {"application_sent": date(2026, 8, 3), "temporary_number": date(2026, 9, 1)}
    return project(EMPLOYEE_BORN_IN_INDIA, START, TODAY, reached)


def _marks(spec: dict[str, Any]) -> list[str]:
    marks = []
    for layer in spec["layer"]:
        for inner in layer.get("layer", [layer]):
            mark = inner["mark"]
            marks.append(mark if isinstance(mark, str) else mark["type"])
    return marks


def test_the_milestone_chart_has_a_range_bar_a_median_point_done_labels_and_a_today_rule(
    projection: Projection,
) -> None:
    spec = milestones_chart(projection, CATALOG, Language.EN).to_dict()
    assert _marks(spec) == ["bar", "point", "text", "rule", "text"]
    rows = spec["datasets"]["milestones"]
    done = [row for row in rows if row["key"] == "reached"]
    assert [(row["milestone"], row["start"], row["mark"]) for row in done] == [
        ("Application sent", "2026-08-03", "✓ done"),
        ("Temporary number", "2026-09-01", "✓ done"),
    ]
    ranges = {row["milestone"]: (row["start"], row["end"]) for row in rows if row["key"] == "range"}
    card = projection.milestone("card_received")
    assert card.p10
    assert card.p90
    assert ranges["Carte Vitale received"] == (card.p10.isoformat(), card.p90.isoformat())
    assert spec["datasets"]["today"] == [{"day": "2026-12-01", "label": "Today"}]


def test_meaning_is_carried_by_shape_and_words_not_only_colour(projection: Projection) -> None:
    spec = milestones_chart(projection, CATALOG, Language.EN).to_dict()
    points = spec["layer"][1]["encoding"]
    assert points["shape"]["scale"]["range"] == ["square", "diamond", "circle"]
    assert points["color"]["legend"]["orient"] == "bottom"
    assert {t["field"] for t in points["tooltip"]} == {"milestone", "when"}
    assert spec["layer"][0]["transform"] == [{"filter": "(datum.key === 'range')"}]
    assert spec["description"]
    assert spec["width"] == "container"


def test_every_label_is_french_for_a_french_reader(projection: Projection) -> None:
    spec = milestones_chart(projection, CATALOG, Language.FR).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "Aujourd'hui" in text
    assert "Fourchette probable" in text
    assert "✓ fait" in text
    assert "janv." in spec["layer"][0]["encoding"]["x"]["axis"]["labelExpr"]
    assert "Today" not in text
    assert "Likely range" not in text
    assert spec["title"] == "Quand chaque étape est probable"


def test_the_card_chart_goes_from_zero_to_certain_as_a_percentage(projection: Projection) -> None:
    spec = card_chance_chart(projection, CATALOG, Language.EN).to_dict()
    assert _marks(spec) == ["area", "line", "rule", "text"]
    line = spec["layer"][1]
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert line["encoding"]["y"]["axis"]["format"] == "%"
    chances = [row["probability"] for row in spec["datasets"]["chances"]]
    assert chances[0] == 0
    assert chances[-1] >= 0.99
    assert chances == sorted(chances)
    assert spec["datasets"]["chances"][-1]["chance"].endswith("% chance")


@pytest.mark.parametrize("language", list(Language))
def test_the_fast_specs_are_the_altair_charts_with_their_data_inline(
    projection: Projection, language: Language
) -> None:
    assert milestones_spec(projection, CATALOG, language) == inline_datasets(
        milestones_chart(projection, CATALOG, language).to_dict()
    )
    assert card_chance_spec(projection, CATALOG, language) == inline_datasets(
        card_chance_chart(projection, CATALOG, language).to_dict()
    )
    assert "datasets" not in milestones_spec(projection, CATALOG, language)


def test_inlining_replaces_named_data_in_every_layer() -> None:
    spec = {"datasets": {"a": [{"x": 1}]}, "layer": [{"data": {"name": "a"}}, {"layer": [{"data": {"name": "a"}}]}]}
    assert inline_datasets(spec) == {
        "layer": [{"data": {"values": [{"x": 1}]}}, {"layer": [{"data": {"values": [{"x": 1}]}}]}]
    }
