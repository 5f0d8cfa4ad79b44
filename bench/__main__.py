"""``python -m bench [--quick] [--json PATH]``: run every benchmark and print one Markdown table.

The exit code is 0 whatever the figures say (benchmarks report, they do not
gate); an exception while measuring ends the run with a traceback and a
non-zero code.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import coldstart, load, lookup, pages, scaleout, timeline
from bench.common import Row, machine, markdown_table

Benchmark = tuple[
    str,
    Callable[[bool], tuple[list[Row], dict[str, Any]]],
    Callable[[dict[str, Any]], list[str]],
]
BENCHMARKS: tuple[Benchmark, ...] = (
    ("lookup", lookup.run, lookup.notes),
    ("pages", pages.run, pages.notes),
    ("timeline", timeline.run, timeline.notes),
    ("coldstart", coldstart.run, coldstart.notes),
    ("load", load.run, load.notes),
    ("scaleout", scaleout.run, scaleout.notes),
)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations: a smoke check, not a measurement")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks in order, print the table and notes, optionally write JSON."""
    args = _arguments(argv)
    started = time.perf_counter()
    rows: list[Row] = []
    notes: list[str] = []
    figures: dict[str, Any] = {}
    for name, run, describe in BENCHMARKS:
        bench_rows, bench_figures = run(args.quick)
        rows += bench_rows
        notes += describe(bench_figures)
        figures[name] = bench_figures
    elapsed = time.perf_counter() - started

    host = machine()
    mode = "quick (smoke check; figures not meaningful)" if args.quick else "full"
    print(markdown_table(rows))
    print()
    print(
        f"Machine: {host['platform']}, {host['processor']}, {host['implementation']} {host['python']},"
        f" {host['cpu_count']} CPUs. Date: {host['date']}. Mode: {mode}. Runtime: {elapsed:.1f} s."
    )
    print("Ratios come from the same run; compare ratios across machines, not absolute times.")
    for note in notes:
        print(f"- {note}")

    if args.json is not None:
        report = {
            "machine": host,
            "quick": args.quick,
            "runtime_s": elapsed,
            "rows": [asdict(row) for row in rows],
            "figures": figures,
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
