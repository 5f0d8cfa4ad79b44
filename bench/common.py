"""Shared pieces of the benchmarks: result rows, percentiles and the Markdown table."""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from unittest import mock

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test

from ui import clock
from vitale.rules import text_figures
from vitale.text import Catalog, load_catalog

PERCENTILES = (50, 95, 99)


@dataclass(frozen=True)
class Row:
    """One line of the results table.

    ``vitale`` and ``baseline`` are in ``unit``; ``ratio`` is precomputed so
    that its direction (``ratio_label``, e.g. ``"naive/vitale"``) is explicit.
    ``passed`` is ``None`` when the row has no target.
    """

    benchmark: str
    unit: str
    vitale: float | None
    baseline: float | None
    ratio: float | None = None
    ratio_label: str = ""
    target: str = ""
    passed: bool | None = None


@dataclass(frozen=True)
class Summary:
    """Order statistics of a list of timings (same unit as the samples)."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        """Percentiles by linear interpolation between order statistics (``method="inclusive"``)."""
        if len(samples) < 2:
            raise ValueError("need at least two samples")
        cuts = statistics.quantiles(samples, n=100, method="inclusive")
        p50, p95, p99 = (cuts[p - 1] for p in PERCENTILES)
        return cls(count=len(samples), p50=p50, p95=p95, p99=p99, max=max(samples))


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or infinity when the denominator is zero."""
    return numerator / denominator if denominator else math.inf


def page_rows(label: str, page: Summary, base: Summary, target_ratio: float) -> list[Row]:
    """The median row (with its target, a ratio to the empty app) and the p95 row of a page's reruns."""
    median_ratio = ratio(page.p50, base.p50)
    return [
        Row(
            f"{label}, median",
            "ms",
            page.p50,
            base.p50,
            median_ratio,
            "page/empty",
            target=f"< {target_ratio:.0f}× empty app",
            passed=median_ratio < target_ratio,
        ),
        Row(f"{label}, p95", "ms", page.p95, base.p95, ratio(page.p95, base.p95), "page/empty"),
    ]


def machine() -> dict[str, str | int | None]:
    """What the figures were measured on."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _cells(row: Row) -> list[str]:
    unit = f" {row.unit}" if row.unit else ""
    vitale = "—" if row.vitale is None else _number(row.vitale) + unit
    baseline = "—" if row.baseline is None else _number(row.baseline) + unit
    ratio_text = "—" if row.ratio is None else f"{row.ratio:.1f}× ({row.ratio_label})"
    result = {None: "—", True: "PASS", False: "FAIL"}[row.passed]
    return [row.benchmark, vitale, baseline, ratio_text, row.target or "—", result]


def markdown_table(rows: Iterable[Row]) -> str:
    """``| benchmark | vitale | baseline | ratio | target | result |`` with one line per row."""
    header = ["benchmark", "vitale", "baseline", "ratio", "target", "result"]
    lines = [header, ["---"] * len(header), *(_cells(row) for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def texts() -> Catalog:
    """The app's texts with the rules' figures filled in, as the pages show them (``{wait_months}`` → 3)."""
    return load_catalog().with_figures(text_figures(clock.today()))


@contextmanager
def reruns_as_a_server() -> Iterator[None]:
    """AppTest reruns that pay what a running server pays on a rerun, no more.

    Before every run, AppTest (Streamlit 1.67, ``AppTest._run``) sets
    ``PagesManager.uses_pages_directory`` back to ``None`` and builds a new ``ScriptCache``. For an app with a
    ``pages/`` folder, every AppTest run therefore scans the folder, builds one legacy page per file and compiles
    the entry script and the page again: a server does that once, on the first run of the process (the first
    ``st.navigation`` call sets the flag to ``False`` for good, and the script cache lives as long as the
    server). Inside this context, AppTest's runs keep the flag at ``False`` and share one script cache, for the
    empty app and for Vitale alike; the first run of each session, the one that would differ, is never timed.
    """
    shared_cache = ScriptCache()

    class _ServerPagesManager(PagesManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    try:
        with (
            mock.patch.object(app_test, "PagesManager", _ServerPagesManager),
            mock.patch.object(app_test, "ScriptCache", return_value=shared_cache),
        ):
            yield
    finally:
        PagesManager.uses_pages_directory = None
