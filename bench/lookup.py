"""Lookup latency of :class:`OfficeIndex` against a naive pandas filter, same sample, same run.

The sample is 10,000 postal codes drawn with a fixed seed from the codes of
``data/postcodes.csv``, plus about 5% invalid or unknown strings. Each call is
timed alone with :func:`time.perf_counter_ns`, after the index (and the
baseline's DataFrames) are built once; build times are reported separately.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd

from bench.common import Row, Summary, ratio
from vitale.offices import LookupStatus, OfficeIndex
from vitale.referencedata import CAISSES_FILE, POSTCODES_FILE, default_data_dir, load_reference_data

SEED = 20260
INVALID_SHARE = 0.05
TARGET_P99_US = 1000.0
WARMUP_CALLS = 200


def _invalid_code(rng: random.Random, known: frozenset[str]) -> str:
    """One string that is not a known postal code, of a kind people really type."""
    kind = rng.choice(("unknown", "four_digits", "letters", "too_long", "blank"))
    if kind == "unknown":
        while (code := f"{rng.randrange(100_000):05d}") in known:
            pass
        return code
    if kind == "four_digits":
        return f"{rng.randrange(1000, 10_000)}"
    if kind == "letters":
        return rng.choice(("ABCDE", "75O11", "Paris", "n/a"))
    if kind == "too_long":
        return f"{rng.randrange(100_000, 1_000_000)}"
    return rng.choice(("", "   "))


def make_sample(codes: Sequence[str], size: int, seed: int = SEED) -> list[str]:
    """``size`` codes drawn uniformly from ``codes``, with ~5% invalid or unknown strings, shuffled."""
    rng = random.Random(seed)
    known = frozenset(codes)
    invalid = round(size * INVALID_SHARE)
    sample = rng.choices(sorted(known), k=size - invalid)
    sample += [_invalid_code(rng, known) for _ in range(invalid)]
    rng.shuffle(sample)
    return sample


def naive_lookup(postcodes: pd.DataFrame, caisses: pd.DataFrame, code: str) -> str | None:
    """The quick implementation: filter the rows, take the first département's first caisse."""
    rows = postcodes[postcodes.postal_code == code]
    if rows.empty:
        return None
    caisse = caisses[caisses.departement == rows.departement.iloc[0]]
    return None if caisse.empty else str(caisse.caisse_id.iloc[0])


def time_each(call: Callable[[str], object], sample: Sequence[str]) -> list[float]:
    """The duration of ``call(code)`` for every code of ``sample``, in microseconds."""
    clock = time.perf_counter_ns
    timings: list[float] = []
    for code in sample:
        start = clock()
        call(code)
        timings.append((clock() - start) / 1000)
    return timings


def _timed(build: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = build()
    return value, (time.perf_counter() - start) * 1000


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """Run the benchmark; return the table rows and the figures for the JSON report."""
    data_dir = default_data_dir()
    data, load_ms = _timed(lambda: load_reference_data(data_dir))
    index, index_ms = _timed(lambda: OfficeIndex.build(data))
    frames, pandas_ms = _timed(
        lambda: (
            pd.read_csv(data_dir / POSTCODES_FILE, dtype=str, keep_default_na=False),
            pd.read_csv(data_dir / CAISSES_FILE, dtype=str, keep_default_na=False),
        )
    )
    postcodes, caisses = frames

    sample = make_sample(postcodes.postal_code.tolist(), 1_000 if quick else 10_000)
    vitale = index.lookup
    naive = partial(naive_lookup, postcodes, caisses)

    for call in (vitale, naive):
        time_each(call, sample[:WARMUP_CALLS])
    ours = Summary.of(time_each(vitale, sample))
    theirs = Summary.of(time_each(naive, sample))

    # Not timed: how often the quick implementation's answer matches ours.
    statuses: Counter[str] = Counter()
    agree = found = 0
    for code in sample:
        result = vitale(code)
        statuses[result.status.value] += 1
        if result.status is LookupStatus.FOUND:
            found += 1
            agree += naive(code) == result.caisses[0].caisse_id

    build_ms = load_ms + index_ms
    rows = [
        Row("lookup: build (load + index)", "ms", build_ms, pandas_ms, ratio(build_ms, pandas_ms), "vitale/naive"),
        Row("lookup p50", "µs", ours.p50, theirs.p50, ratio(theirs.p50, ours.p50), "naive/vitale"),
        Row("lookup p95", "µs", ours.p95, theirs.p95),
        Row(
            "lookup p99",
            "µs",
            ours.p99,
            theirs.p99,
            ratio(theirs.p99, ours.p99),
            "naive/vitale",
            target=f"vitale p99 < {TARGET_P99_US:,.0f} µs",
            passed=ours.p99 < TARGET_P99_US,
        ),
        Row("lookup max", "µs", ours.max, theirs.max),
    ]
    figures = {
        "sample_size": len(sample),
        "seed": SEED,
        "invalid_share": INVALID_SHARE,
        "build_ms": {"load_reference_data": load_ms, "index": index_ms, "naive_read_csv": pandas_ms},
        "vitale_us": vars(ours),
        "naive_us": vars(theirs),
        "statuses": dict(statuses),
        "naive_agrees_on_found": {"found": found, "agree": agree},
    }
    return rows, figures


def notes(figures: dict[str, Any]) -> list[str]:
    """Plain-language lines to print under the table."""
    build = figures["build_ms"]
    agreement = figures["naive_agrees_on_found"]
    statuses = ", ".join(f"{name} {count}" for name, count in sorted(figures["statuses"].items()))
    return [
        f"lookup: {figures['sample_size']:,} calls (seed {figures['seed']}); vitale statuses: {statuses}.",
        f"lookup build: load_reference_data {build['load_reference_data']:.0f} ms + index {build['index']:.0f} ms;"
        f" naive read_csv {build['naive_read_csv']:.0f} ms (the naive build skips all validation).",
        f"lookup: where vitale says 'found', the naive filter names the same caisse in"
        f" {agreement['agree']:,} of {agreement['found']:,} calls.",
    ]
