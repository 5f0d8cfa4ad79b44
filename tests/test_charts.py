"""The timeline's chart specs (issues 5 and 14), asserted on ``to_dict()`` since AppTest cannot see inside charts.

The date axis's ends and label step are Vega expressions (the step depends on the width the browser
draws); :func:`vega_eval` evaluates the small part of Vega's expression language they use, so the
tests can read the labels a phone and a desktop get.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from tests.strategies import EMPLOYEE_BORN_IN_INDIA
from vitale.charts import (
    LABEL_PX,
    LEGEND_LABEL_PX,
    LEGEND_LINE_CHARS,
    MONTH_GRID_PX,
    card_chance_chart,
    card_chance_spec,
    inline_datasets,
    legend_lines,
    milestones_chart,
    milestones_spec,
    month_domain,
)
from vitale.dates import add_months
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


# --- The date axis and the legend on a phone and a desktop (issue 14) ---

PHONE_PLOT_PX = 215
"""The plot's width on a 390 px phone: Streamlit's centered column (about 358 px) less the step names."""
DESKTOP_PLOT_PX = 580

VEGA_FUNCTIONS: dict[str, Any] = {
    "datetime": lambda year, month, day: date(year, month + 1, day),  # Vega's months count from 0
    "year": lambda day: day.year,
    "month": lambda day: day.month - 1,
    "toString": str,
    "slice": lambda values, start, end: values[start:end],
    "indexof": lambda values, value: values.index(value) if value in values else -1,
}


def _outside(expr: str) -> Iterator[tuple[int, str]]:
    """Each character of ``expr`` outside brackets and strings, with its index (brackets themselves included)."""
    depth, quote = 0, ""
    for index, char in enumerate(expr):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            if depth == 0:
                yield index, char
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            yield index, char


def _python(expr: str) -> str:
    """A Vega expression as Python: ``c ? a : b`` becomes ``(a if c else b)`` at every depth, ``||`` ``or``."""
    nested, question = 0, -1
    for index, char in _outside(expr):
        if char == "?" and question < 0:
            question = index
        elif char == "?":
            nested += 1
        elif char == ":" and question >= 0 and nested:
            nested -= 1
        elif char == ":" and question >= 0:
            condition, then, other = expr[:question], expr[question + 1 : index], expr[index + 1 :]
            return f"(({_python(then)}) if ({_python(condition)}) else ({_python(other)}))"
    out, start = [], 0
    for index, char in _outside(expr):
        if char in "([":  # a call's arguments or an array's items, each converted
            close = index + _closing(expr[index:])
            commas = [index + 1 + at for at, inner in _outside(expr[index + 1 : close]) if inner == ","]
            items = [_python(expr[a + 1 : b]) for a, b in itertools.pairwise([index, *commas, close])]
            out.append(expr[start:index] + char + ",".join(items) + expr[close])
            start = close + 1
    return ("".join(out) + expr[start:]).replace("||", " or ")


def _closing(expr: str) -> int:
    """The index of the bracket closing the one ``expr`` starts with (our expressions' strings hold none)."""
    depth = 0
    for index, char in enumerate(expr):
        depth += (char in "([") - (char in ")]")
        if depth == 0:
            return index
    raise ValueError(expr)


def vega_eval(expr: str, **env: Any) -> Any:
    """``expr`` evaluated as Vega would: numbers, strings, arrays, arithmetic, ``||``, ``a ? b : c``, dates."""
    return eval(_python(expr), {"__builtins__": {}}, VEGA_FUNCTIONS | env)  # our own expressions, no builtins


def _params(spec: dict[str, Any]) -> dict[str, str]:
    return {param["name"]: param["expr"] for param in spec["params"]}


def _domain(spec: dict[str, Any]) -> tuple[date, date]:
    first, end = vega_eval(_params(spec)["x_domain"])
    return first, end


def _env(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """The parameters' values in a plot ``width`` pixels wide (each may use those before it)."""
    env: dict[str, Any] = {"width": width}
    for name, expr in _params(spec).items():
        env[name] = vega_eval(expr, **env)
    return env


def _step(spec: dict[str, Any], width: int) -> int:
    step: int = _env(spec, width)["x_step"]
    return step


def _ticks(spec: dict[str, Any]) -> list[date]:
    """The axis's month ticks (Vega's ``{"interval": "month", "step": 1}`` over the domain)."""
    first, end = _domain(spec)
    ticks = [first]
    while ticks[-1] < end:
        ticks.append(add_months(ticks[-1], 1))
    return ticks


def _labels(spec: dict[str, Any], width: int) -> list[tuple[date, list[str]]]:
    """Each month tick of the axis and its label's lines (none where the month is not labelled)."""
    expr = spec["layer"][0]["encoding"]["x"]["axis"]["labelExpr"]
    env = _env(spec, width)
    return [(tick, vega_eval(expr, datum=SimpleNamespace(value=tick), **env) or []) for tick in _ticks(spec)]


def _grid(spec: dict[str, Any], width: int) -> list[date]:
    """The month ticks that keep their grid line."""
    test = spec["layer"][0]["encoding"]["x"]["axis"]["gridOpacity"]["condition"]["test"]
    env = _env(spec, width)
    return [tick for tick in _ticks(spec) if vega_eval(test, datum=SimpleNamespace(value=tick), **env)]


def _mark_dates(spec: dict[str, Any]) -> list[date]:
    """Every date a mark is drawn at, from the spec's inline data (wherever in the layers it is)."""
    dates = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for row in node.get("data", {}).get("values", []):
                dates.extend(date.fromisoformat(row[key]) for key in ("start", "end", "day") if row.get(key))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return dates


SPECS: list[Callable[[Projection, Any, Language], dict[str, Any]]] = [milestones_spec, card_chance_spec]


def test_the_axis_domain_is_the_first_of_the_month_of_the_earliest_day_to_the_first_after_the_latest() -> None:
    assert month_domain([date(2026, 9, 14), date(2026, 8, 3), date(2027, 7, 22)]) == (
        date(2026, 8, 1),
        date(2027, 8, 1),
    )
    assert month_domain([date(2026, 12, 1)]) == (date(2026, 12, 1), date(2027, 1, 1))  # a latest 1st is inside
    assert month_domain([date(2027, 1, 31), date(2026, 12, 31)]) == (date(2026, 12, 1), date(2027, 2, 1))


@pytest.mark.parametrize("build", SPECS)
def test_every_mark_lies_inside_a_date_axis_that_starts_and_ends_on_the_first_of_a_month(
    projection: Projection, build: Callable[[Projection, Any, Language], dict[str, Any]]
) -> None:
    spec = build(projection, CATALOG, Language.EN)
    first, end = _domain(spec)
    dates = _mark_dates(spec)
    assert projection.today in dates
    assert first.day == 1
    assert end.day == 1
    assert first <= min(dates)
    assert max(dates) < end  # the last bar ends before the last tick, which is labelled
    assert first == min(dates).replace(day=1)
    assert end == add_months(max(dates).replace(day=1), 1)  # no empty month at either end
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"] == {"domain": {"expr": "x_domain"}, "nice": False}


@pytest.mark.parametrize("build", SPECS)
def test_the_date_axis_has_a_tick_every_month_and_labels_that_do_not_overlap(
    projection: Projection, build: Callable[[Projection, Any, Language], dict[str, Any]]
) -> None:
    axis = build(projection, CATALOG, Language.EN)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickCount"] == {"interval": "month", "step": 1}
    assert axis["ticks"] is True
    assert axis["grid"] is True
    assert axis["labelOverlap"] == "greedy"  # a safety net: the step already leaves each label its room
    assert axis["labelFlush"] is True  # the first and last labels stay inside the plot
    assert axis["labelAngle"] == 0


@pytest.mark.parametrize("build", SPECS)
@pytest.mark.parametrize("width", [PHONE_PLOT_PX, 300, DESKTOP_PLOT_PX, 1200])
def test_labels_come_as_often_as_the_drawn_width_leaves_each_one_its_room(
    projection: Projection, build: Callable[[Projection, Any, Language], dict[str, Any]], width: int
) -> None:
    spec = build(projection, CATALOG, Language.EN)
    first, end = _domain(spec)
    months = (end.year - first.year) * 12 + end.month - first.month
    step = _step(spec, width)
    assert step in (1, 2, 3, 4, 6, 12)
    assert step * width / months >= LABEL_PX or step == 12
    assert step == 1 or (step - 1) * width / months < LABEL_PX  # no fewer labels than fit
    labelled = [tick for tick, lines in _labels(spec, width) if lines]
    assert labelled[-1] == end
    assert len(labelled) >= min(4, months // step + 1)
    assert all((end.year - t.year) * 12 + end.month - t.month == i * step for i, t in enumerate(reversed(labelled)))


def test_a_phone_reads_a_date_every_two_months_on_the_steps_chart_in_french(projection: Projection) -> None:
    spec = milestones_spec(projection, CATALOG, Language.FR)
    card = projection.milestone("card_received")
    assert card.p90
    assert _domain(spec) == (date(2026, 8, 1), add_months(card.p90.replace(day=1), 1))  # the start to the card
    assert _domain(spec)[1] == date(2027, 6, 1)
    assert _step(spec, PHONE_PLOT_PX) == 2
    assert {tick: lines for tick, lines in _labels(spec, PHONE_PLOT_PX) if lines} == {
        date(2026, 8, 1): ["août", "2026"],  # the first label says its year
        date(2026, 10, 1): ["oct."],
        date(2026, 12, 1): ["déc."],
        date(2027, 2, 1): ["févr.", "2027"],  # so does the first label of a new year
        date(2027, 4, 1): ["avr."],
        date(2027, 6, 1): ["juin"],  # and the last tick, after the card's latest likely date
    }
    assert _step(spec, DESKTOP_PLOT_PX) == 1


def test_every_month_keeps_its_grid_line_unless_months_are_too_close_then_labelled_months_do(
    projection: Projection,
) -> None:
    spec = card_chance_spec(projection, CATALOG, Language.EN)
    months = len(_ticks(spec)) - 1
    assert _grid(spec, MONTH_GRID_PX * months) == _ticks(spec)
    narrow = MONTH_GRID_PX * months - 1
    assert _step(spec, narrow) > 1
    assert _grid(spec, narrow) == [tick for tick, lines in _labels(spec, narrow) if lines]


@pytest.mark.parametrize("language", list(Language))
def test_the_legend_sits_below_the_chart_in_lines_that_fit_a_phone(projection: Projection, language: Language) -> None:
    spec = milestones_spec(projection, CATALOG, language)
    legend = spec["layer"][1]["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom"
    assert legend["direction"] == "vertical"  # one entry a line: never wider than its longest label
    assert spec["config"]["legend"]["labelLimit"] <= LEGEND_LABEL_PX < PHONE_PLOT_PX
    match = re.fullmatch(r"(\[.*\])\[indexof\((\[.*?\]), datum\.label\)\]", legend["labelExpr"])
    assert match
    lines, kinds = json.loads(match[1]), json.loads(match[2])
    assert kinds == spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    for kind in kinds:
        label = vega_eval(legend["labelExpr"], datum=SimpleNamespace(label=kind))
        assert label == lines[kinds.index(kind)]
        assert " ".join(label) == kind  # every word kept: the meaning is not cut off
        assert all(len(line) <= LEGEND_LINE_CHARS for line in label)


def test_a_long_legend_label_breaks_before_its_bracket_and_a_short_one_stays_whole() -> None:
    assert legend_lines("Fourchette probable (8 personnes sur 10)") == ["Fourchette probable", "(8 personnes sur 10)"]
    assert legend_lines("Likely range (8 people in 10)") == ["Likely range", "(8 people in 10)"]
    assert legend_lines("Done (your date)") == ["Done (your date)"]
    assert legend_lines("a " * 20) == ["a a a a a a a a a a a a", "a a a a a a a a"]
