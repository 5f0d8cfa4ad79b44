"""Lookup latency of :class:`OfficeIndex` against a naive pandas filter, same sample, same run; and what
the index costs to build, to hold and to garbage-collect (issue 17).

The sample is 10,000 postal codes drawn with a fixed seed from the codes of
``data/postcodes.csv``, plus about 5% invalid or unknown strings. Each call is
timed alone with :func:`time.perf_counter_ns`, after the index (and the
baseline's DataFrames) are built once. The build (``load_reference_data`` +
``OfficeIndex.build``) is timed against a bare ``pandas.read_csv`` of the same
six files, alternating, median of 5 (3 with ``--quick``); the memory the index
holds is measured with :mod:`tracemalloc` in a separate build; a full garbage
collection is timed with and without the index alive (not frozen).
"""

from __future__ import annotations

import gc
import random
import statistics
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from bench.common import Row, Summary, ratio
from vitale.offices import LookupStatus, OfficeIndex
from vitale.referencedata import (
    CAISSES_FILE,
    COMPETENCE_FILE,
    DEPARTEMENTS_FILE,
    POSTCODES_FILE,
    TERRITORIES_FILE,
    WALKIN_FILE,
    default_data_dir,
    load_reference_data,
)

SEED = 20260
INVALID_SHARE = 0.05
TARGET_P99_US = 100.0
TARGET_BUILD_RATIO = 3.0
TARGET_HELD_MB = 40.0
WARMUP_CALLS = 200
DATA_FILES = (POSTCODES_FILE, DEPARTEMENTS_FILE, CAISSES_FILE, COMPETENCE_FILE, TERRITORIES_FILE, WALKIN_FILE)
BUILDS, QUICK_BUILDS = 5, 3
COLLECTIONS = 5


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


def _bare_read(data_dir: Path) -> list[pd.DataFrame]:
    """The baseline of the build: every reference file read by ``pandas.read_csv``, no check, no index."""
    return [pd.read_csv(data_dir / name, dtype=str, keep_default_na=False) for name in DATA_FILES]


def _builds(data_dir: Path, repeats: int) -> dict[str, list[float]]:
    """Build the index and read the files bare, alternating, ``repeats`` times each (ms)."""
    timings: dict[str, list[float]] = {"load": [], "index": [], "bare": []}
    for _ in range(repeats):
        data, load_ms = _timed(lambda: load_reference_data(data_dir))
        _, index_ms = _timed(partial(OfficeIndex.build, data))
        _, bare_ms = _timed(lambda: _bare_read(data_dir))
        timings["load"].append(load_ms)
        timings["index"].append(index_ms)
        timings["bare"].append(bare_ms)
    return timings


def _held_mb(data_dir: Path) -> tuple[float, float]:
    """What a built index holds once its build's temporaries are gone, and the bare DataFrames' own memory
    (``memory_usage(deep=True)``), in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        index = OfficeIndex.build(load_reference_data(data_dir))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del index
    frames = sum(int(frame.memory_usage(deep=True).sum()) for frame in _bare_read(data_dir))
    return held / 1e6, frames / 1e6


def _full_collection_ms() -> float:
    """The median time of a full garbage collection (what Streamlit runs after every script run)."""
    timings = []
    for _ in range(COLLECTIONS):
        start = time.perf_counter()
        gc.collect(2)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """Run the benchmark; return the table rows and the figures for the JSON report."""
    data_dir = default_data_dir()
    OfficeIndex.build(load_reference_data(data_dir))  # untimed: imports, parameters, sources
    gc_without_ms = _full_collection_ms()
    builds = _builds(data_dir, QUICK_BUILDS if quick else BUILDS)
    load_ms, index_ms, bare_ms = (statistics.median(builds[name]) for name in ("load", "index", "bare"))
    index = OfficeIndex.build(load_reference_data(data_dir))
    gc_with_ms = _full_collection_ms()
    gc.freeze()
    gc_frozen_ms = _full_collection_ms()
    gc.unfreeze()
    held_mb, frames_mb = _held_mb(data_dir)
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
        Row(
            "lookup: build (check + index) vs bare read_csv, median",
            "ms",
            build_ms,
            bare_ms,
            ratio(build_ms, bare_ms),
            "vitale/bare",
            target=f"< {TARGET_BUILD_RATIO:.0f}× bare read_csv",
            passed=ratio(build_ms, bare_ms) < TARGET_BUILD_RATIO,
        ),
        Row(
            "lookup: memory the index holds (tracemalloc) vs the bare DataFrames",
            "MB",
            held_mb,
            frames_mb,
            ratio(held_mb, frames_mb),
            "vitale/frames",
            target=f"< {TARGET_HELD_MB:.0f} MB",
            passed=held_mb < TARGET_HELD_MB,
        ),
        Row(
            "lookup: full garbage collection with the index alive, not frozen",
            "ms",
            gc_with_ms,
            gc_without_ms,
            ratio(gc_with_ms, gc_without_ms),
            "with/without",
        ),
        Row(
            "lookup: full garbage collection after gc.freeze()",
            "ms",
            gc_frozen_ms,
            gc_with_ms,
            ratio(gc_frozen_ms, gc_with_ms),
            "frozen/not",
        ),
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
        "build_ms": {
            "load_reference_data": load_ms,
            "index": index_ms,
            "bare_read_csv": bare_ms,
            "samples": builds,
            "naive_read_csv": pandas_ms,
        },
        "held_mb": held_mb,
        "frames_mb": frames_mb,
        "full_gc_ms": {"without_index": gc_without_ms, "with_index": gc_with_ms, "frozen": gc_frozen_ms},
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
        f"lookup build (medians of {len(build['samples']['bare'])}): load_reference_data (read + check)"
        f" {build['load_reference_data']:.0f} ms + index {build['index']:.0f} ms, against a bare"
        f" pandas.read_csv of the same {len(DATA_FILES)} files {build['bare_read_csv']:.0f} ms.",
        f"lookup memory: the built index holds {figures['held_mb']:.1f} MB (tracemalloc, after its build's"
        f" temporaries are freed); the six bare DataFrames take {figures['frames_mb']:.1f} MB.",
        f"lookup gc: a full collection takes {figures['full_gc_ms']['with_index']:.1f} ms with the index alive"
        f" and unfrozen, {figures['full_gc_ms']['without_index']:.1f} ms before it was built, and"
        f" {figures['full_gc_ms']['frozen']:.1f} ms after gc.freeze() (this process). Streamlit runs one after"
        " every script run (runner.postScriptGC): what it walks is mostly the libraries' own objects, so"
        " ui/resources.py still freezes them once the index is built.",
        f"lookup: where vitale says 'found', the naive filter names the same caisse in"
        f" {agreement['agree']:,} of {agreement['found']:,} calls.",
    ]
