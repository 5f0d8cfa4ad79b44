"""Altair chart specs of a projection (specs only: tests assert on ``chart.to_dict()``).

Both charts are readable on a phone (full width, legend below with long
labels in lines, date labels as often as they fit) and do not rely on colour
alone: a likely range is a bar, the most likely date a diamond, a reached
date a filled circle with "✓ done" beside it, and today a dashed rule with
its label. Every label is in the user's language, dates included (Vega's own
month names are English, so the axis uses a label expression over our month
names).

The date axis runs from the first of the month of the earliest mark to the
first of the month after the latest (:func:`month_domain`), so every bar ends
before the last label. It has a tick every month and labels every 1, 2, 3, 4,
6 or 12 months counted back from that last tick: as many as the drawn width
holds (40 px each, month over year), which only the browser knows, so the
step is a Vega expression over ``width`` (parameter ``x_step``).

The data lives in named datasets (``milestones``, ``chances``, ``today``) and
the axis's ends in the parameter ``x_domain``, so the chart's structure
depends only on the language. :func:`milestones_spec` and
:func:`card_chance_spec` give ``chart.to_dict()`` with the datasets written
inline into the layers that use them (:func:`inline_datasets`), from a
structure validated once per language: Altair's validation costs about 80 ms
a chart, and Streamlit converts top-level datasets to Arrow (about 7 ms a
chart), on every rerun otherwise.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

import altair as alt

from vitale.dates import add_months
from vitale.projection import MilestoneStatus, Projection
from vitale.text import Catalog, Language

MILESTONES, CHANCES, TODAY = "milestones", "chances", "today"
ROW_HEIGHT = 46
RANGE_COLOUR = "#93c5fd"
MEDIAN_COLOUR = "#1d4ed8"
REACHED_COLOUR = "#15803d"
TODAY_COLOUR = "#b91c1c"

X_DOMAIN, X_MONTHS, X_STEP = "x_domain", "x_months", "x_step"
LABEL_STEPS = (1, 2, 3, 4, 6, 12)
"""Months between two date labels: each divides a year, so the labels keep a regular rhythm."""
LABEL_PX = 40
"""The room a date label needs: its widest month (``mars``, ``janv.``: 28 px at 13 px in Chromium) and a gap."""
MONTH_GRID_PX = 12
"""The least room between two months for each to keep its grid line (closer, only labelled months keep theirs)."""
LEGEND_LINE_CHARS = 24
"""A legend label's longest line: about 150 px at 13 px, which fits beside its symbol under a phone's plot."""
LEGEND_LABEL_PX = 200
"""No legend line is drawn wider (Vega cuts it): under the narrowest plot (a phone's, about 210 px) it stays inside."""

Spec = dict[str, Any]
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
"""Fit the width of the page; the height is the rows' (Streamlit's default "fit" squeezes the rows into it)."""


def month_domain(days: Iterable[date]) -> tuple[date, date]:
    """The first of the month of the earliest day and the first of the month after the latest.

    Both ends are month ticks, so the axis is labelled at its right end and every mark lies before it.
    """
    ordered = sorted(days)
    return ordered[0].replace(day=1), add_months(ordered[-1].replace(day=1), 1)


def _months_between(earlier: str, later: str) -> str:
    """A Vega expression: the number of calendar months from the date ``earlier`` to the date ``later``."""
    return f"((year({later}) - year({earlier})) * 12 + month({later}) - month({earlier}))"


@cache
def _step_expr() -> str:
    """A Vega expression: the fewest months between labels that gives each label ``LABEL_PX`` of the width.

    ``width`` is the plot's drawn width (the container's, less the axes), known only in the browser.
    """
    *steps, widest = LABEL_STEPS
    return "".join(f"{step} * width >= {LABEL_PX} * {X_MONTHS} ? {step} : " for step in steps) + str(widest)


def _params(first: date, end: date) -> list[dict[str, str]]:
    """The axis's ends (dates in the browser's time, like its month ticks), its months, the months between labels."""

    def day(value: date) -> str:
        return f"datetime({value.year}, {value.month - 1}, {value.day})"

    return [
        {"name": X_DOMAIN, "expr": f"[{day(first)}, {day(end)}]"},
        {"name": X_MONTHS, "expr": _months_between(f"{X_DOMAIN}[0]", f"{X_DOMAIN}[1]")},
        {"name": X_STEP, "expr": _step_expr()},
    ]


def _axis(catalog: Catalog, language: Language) -> alt.Axis:
    """A date axis with a tick each month, labelled every ``x_step`` months back from its end, in the user's language.

    A label is the month over the year (``janv.`` / ``2027``); the year is written on the first label and
    where it changes since the label before, so a narrow phone still fits a label every two or three months.
    Unlabelled months keep their tick, and their grid line where months are ``MONTH_GRID_PX`` apart or
    more (closer, a line a month would hatch the plot), to read a date between two labels.
    """
    months = _json(catalog.raw(language, "date.months_short").split(","))
    value = "datum.value"
    back = _months_between(value, f"{X_DOMAIN}[1]")
    with_year = f"month({value}) < {X_STEP} || {back} + {X_STEP} > {X_MONTHS}"
    label = f"slice([{months}[month({value})], toString(year({value}))], 0, {with_year} ? 2 : 1)"
    grid = f"{back} % {X_STEP} == 0 || width >= {MONTH_GRID_PX} * {X_MONTHS}"
    return alt.Axis(
        title=catalog.text(language, "timeline.chart.date_axis"),
        labelExpr=f"{back} % {X_STEP} ? '' : {label}",
        tickCount={"interval": "month", "step": 1},
        labelOverlap="greedy",
        labelSeparation=4,
        labelFlush=True,
        labelFlushOffset=0,  # Streamlit's theme pushes the last label 1 px past the plot, where it is cut
        labelAngle=0,
        ticks=True,
        grid=True,
        gridOpacity={"condition": {"test": grid, "value": 1}, "value": 0},
    )


def _x_scale() -> alt.Scale:
    """The date scale over exactly ``x_domain`` (not rounded out by Vega: its ends are already months)."""
    return alt.Scale(domain=alt.ExprRef(X_DOMAIN), nice=False)


def legend_lines(label: str) -> list[str]:
    """A long ``label`` in lines of at most ``LEGEND_LINE_CHARS`` characters, a bracket starting a new line.

    Vega cuts a long legend label at ``labelLimit`` ("Fourchette probable (8 personnes sur…"); in lines it
    stays whole and fits the narrow plot of a phone.
    """
    if len(label) <= LEGEND_LINE_CHARS:
        return [label]
    parts = label.replace(" (", "\n(").split("\n")
    return [line for part in parts for line in textwrap.wrap(part, LEGEND_LINE_CHARS)]


def _json(value: object) -> str:
    """``value`` as a Vega expression literal (JSON, with its accented letters as they are)."""
    return json.dumps(value, ensure_ascii=False)


def _named(dataset: str) -> alt.Chart:
    """A chart over the named dataset ``dataset``, filled in at render time."""
    return alt.Chart(alt.Data(name=dataset))  # type: ignore[no-untyped-call]


def _today() -> alt.LayerChart:
    """A dashed rule at today (dataset ``today``), labelled, for layering on a date axis."""
    base = _named(TODAY)
    rule = base.mark_rule(color=TODAY_COLOUR, strokeDash=[6, 4], strokeWidth=2).encode(x="day:T")
    label = base.mark_text(color=TODAY_COLOUR, align="left", baseline="top", dx=4, dy=2, fontWeight="bold")
    return alt.LayerChart(layer=[rule, label.encode(x="day:T", y=alt.value(0), text="label:N")])


def _today_rows(projection: Projection, catalog: Catalog, language: Language) -> list[dict[str, str]]:
    return [{"day": projection.today.isoformat(), "label": catalog.text(language, "timeline.chart.today")}]


def milestone_rows(projection: Projection, catalog: Catalog, language: Language) -> list[dict[str, Any]]:
    """One row per mark: the range (p10–p90) and median of each projected milestone, each reached date."""

    def text(key: str, **values: object) -> str:
        return catalog.text(language, key, **values)

    def day(value: date) -> str:
        return catalog.format_date(language, value)

    rows: list[dict[str, Any]] = []
    for order, milestone in enumerate(projection.milestones):
        common = {"order": order, "milestone": text(f"timeline.milestone.{milestone.id.value}")}
        if milestone.status is MilestoneStatus.REACHED and milestone.reached:
            when = text("timeline.chart.reached_on", date=day(milestone.reached))
            done = {"start": milestone.reached.isoformat(), "end": None, "mark": text("timeline.chart.done")}
            rows.append(common | done | {"key": "reached", "kind": text("timeline.chart.kind_reached"), "when": when})
        elif milestone.status is MilestoneStatus.PROJECTED and milestone.p10 and milestone.p50 and milestone.p90:
            between = text("timeline.chart.between", first=day(milestone.p10), last=day(milestone.p90))
            span = {"start": milestone.p10.isoformat(), "end": milestone.p90.isoformat(), "mark": ""}
            rows.append(common | span | {"key": "range", "kind": text("timeline.chart.kind_range"), "when": between})
            likely = text("timeline.chart.most_likely", date=day(milestone.p50))
            median = {"start": milestone.p50.isoformat(), "end": None, "mark": ""}
            rows.append(common | median | {"key": "median", "kind": text("timeline.chart.kind_median"), "when": likely})
    return rows


def chance_rows(projection: Projection, catalog: Catalog, language: Language) -> list[dict[str, Any]]:
    """The probability of having the card by each day of :attr:`Projection.card_chances`, with words for tooltips."""
    return [
        {
            "day": chance.day.isoformat(),
            "probability": chance.probability,
            "when": catalog.format_date(language, chance.day),
            "chance": catalog.text(language, "timeline.chart.chance_value", percent=round(chance.probability * 100)),
        }
        for chance in projection.card_chances
    ]


@cache
def _milestones_template(catalog: Catalog, language: Language, rows: int) -> alt.LayerChart:
    def text(key: str) -> str:
        return catalog.text(language, key)

    kinds = [text(f"timeline.chart.kind_{k}") for k in ("range", "median", "reached")]
    y = alt.Y("milestone:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=150))
    colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=kinds, range=[RANGE_COLOUR, MEDIAN_COLOUR, REACHED_COLOUR]),
        legend=alt.Legend(
            title=None,
            orient="bottom",
            direction="vertical",
            labelExpr=f"{_json(list(map(legend_lines, kinds)))}[indexof({_json(kinds)}, datum.label)]",
        ),
    )
    shape = alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=["square", "diamond", "circle"]), legend=None)
    tooltip = [
        alt.Tooltip("milestone:N", title=text("timeline.chart.milestone")),
        alt.Tooltip("when:N", title=text("timeline.chart.when")),
    ]
    base = _named(MILESTONES)
    x = alt.X("start:T", axis=_axis(catalog, language), scale=_x_scale())
    bars = base.transform_filter(alt.datum.key == "range").mark_bar(height=16, cornerRadius=4)
    points = base.transform_filter(alt.datum.key != "range").mark_point(filled=True, size=170, opacity=1)
    done = base.mark_text(align="left", dx=10, fontWeight="bold", color=REACHED_COLOUR)
    chart: alt.LayerChart = (
        alt.layer(
            bars.encode(x=x, x2="end:T", y=y, color=colour, tooltip=tooltip),
            points.encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
            done.encode(x=x, y=y, text="mark:N"),
            _today(),
        )
        .properties(
            width="container",
            height=ROW_HEIGHT * rows,
            autosize=FIT_WIDTH,
            title=text("timeline.chart.milestones_title"),
            description=text("timeline.chart.milestones_alt"),
        )
        .configure_axis(labelFontSize=13, titleFontSize=13)
        .configure_legend(labelFontSize=13, labelLimit=LEGEND_LABEL_PX)
    )
    return chart


@cache
def _card_chance_template(catalog: Catalog, language: Language) -> alt.LayerChart:
    def text(key: str) -> str:
        return catalog.text(language, key)

    base = _named(CHANCES)
    x = alt.X("day:T", axis=_axis(catalog, language), scale=_x_scale())
    y = alt.Y(
        "probability:Q",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%", title=text("timeline.chart.chance_axis"), tickCount=5),
    )
    tooltip = [
        alt.Tooltip("when:N", title=text("timeline.chart.date_axis")),
        alt.Tooltip("chance:N", title=text("timeline.chart.chance_axis")),
    ]
    area = base.mark_area(interpolate="step-after", opacity=0.25, color=MEDIAN_COLOUR).encode(x=x, y=y)
    line = base.mark_line(interpolate="step-after", strokeWidth=3, color=MEDIAN_COLOUR)
    chart: alt.LayerChart = (
        alt.layer(area, line.encode(x=x, y=y, tooltip=tooltip), _today())
        .properties(
            width="container",
            height=260,
            autosize=FIT_WIDTH,
            title=text("timeline.chart.chance_title"),
            description=text("timeline.chart.chance_alt"),
        )
        .configure_axis(labelFontSize=13, titleFontSize=13)
    )
    return chart


def _days(rows: Iterable[dict[str, Any]], *fields: str) -> list[date]:
    """The earliest and the latest date in ``fields`` of ``rows`` (ISO strings, which sort as dates; or None)."""
    days = [row[field] for row in rows for field in fields if row.get(field)]
    return [date.fromisoformat(min(days)), date.fromisoformat(max(days))]


def _milestones_data(projection: Projection, catalog: Catalog, language: Language) -> Spec:
    """What changes with the projection: the datasets, and the date axis's ends around all their dates."""
    rows, today = milestone_rows(projection, catalog, language), _today_rows(projection, catalog, language)
    domain = month_domain(_days(rows, "start", "end") + _days(today, "day"))
    return {"params": _params(*domain), "datasets": {MILESTONES: rows, TODAY: today}}


def _card_chance_data(projection: Projection, catalog: Catalog, language: Language) -> Spec:
    """What changes with the projection: the datasets, and the date axis's ends around all their dates."""
    rows, today = chance_rows(projection, catalog, language), _today_rows(projection, catalog, language)
    domain = month_domain(_days(rows, "day") + _days(today, "day"))
    return {"params": _params(*domain), "datasets": {CHANCES: rows, TODAY: today}}


def _with_data(template: alt.LayerChart, data: Spec) -> alt.LayerChart:
    """The Altair chart of ``template`` with the parameters and datasets of ``data`` (validated when drawn)."""
    params = [alt.VariableParameter(**param) for param in data["params"]]
    return template.properties(params=params, datasets=data["datasets"])


def milestones_chart(projection: Projection, catalog: Catalog, language: Language) -> alt.LayerChart:
    """One row per milestone: its likely range as a bar, its most likely date, reached dates marked done."""
    template = _milestones_template(catalog, language, len(projection.milestones))
    return _with_data(template, _milestones_data(projection, catalog, language))


def card_chance_chart(projection: Projection, catalog: Catalog, language: Language) -> alt.LayerChart:
    """The probability of having the card by each date, as a step line from 0 to 100 %."""
    return _with_data(_card_chance_template(catalog, language), _card_chance_data(projection, catalog, language))


@cache
def _validated_milestones(catalog: Catalog, language: Language, rows: int) -> Spec:
    """The structure's Vega-Lite dictionary, validated against the schema once per language."""
    return _milestones_template(catalog, language, rows).to_dict()


@cache
def _validated_card_chance(catalog: Catalog, language: Language) -> Spec:
    return _card_chance_template(catalog, language).to_dict()


def inline_datasets(spec: Spec) -> Spec:
    """The spec with each ``{"data": {"name": …}}`` replaced by the named dataset's values, and no ``datasets``."""
    datasets = spec.get("datasets", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and set(data) == {"name"} and data["name"] in datasets:
                node = node | {"data": {"values": datasets[data["name"]]}}
            return {key: walk(value) for key, value in node.items() if not (key == "datasets" and node is spec)}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    result: Spec = walk(spec)
    return result


def milestones_spec(projection: Projection, catalog: Catalog, language: Language) -> Spec:
    """``inline_datasets(milestones_chart(...).to_dict())``, fast: the structure is validated once per language."""
    structure = _validated_milestones(catalog, language, len(projection.milestones))
    return inline_datasets(structure | _milestones_data(projection, catalog, language))


def card_chance_spec(projection: Projection, catalog: Catalog, language: Language) -> Spec:
    """``inline_datasets(card_chance_chart(...).to_dict())``, fast: the structure is validated once per language."""
    return inline_datasets(_validated_card_chance(catalog, language) | _card_chance_data(projection, catalog, language))
