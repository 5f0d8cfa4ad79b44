"""The same load through deploy/'s nginx with sticky sessions over two app processes, against one process.

Issue 6, item 2: the load generator (:mod:`bench.load`) drives N simultaneous
sessions — office lookups, questionnaire steps, timeline dates — once straight
at one Vitale process and once through the reverse proxy in front of two
(:func:`deploy.run_cluster.cluster`), in the same run. Each simulated tab loads
the page first and keeps the routing cookie for its websocket, as a browser
does. A session that lost its state on the way (routed to the other process)
would fail its journey's checks, which count as errors; the proxy names the
backend of each tab, so the spread over the two processes is reported too.
Skipped with a note when nginx is not installed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import Row, ratio
from bench.load import VITALE_JOURNEYS, _warm_up, run_load
from bench.server import APP, serve
from deploy.run_cluster import cluster, find_nginx

SESSIONS = 50
QUICK_SESSIONS = 8
INTERACTIONS = 5
QUICK_INTERACTIONS = 2
BACKENDS = 2


def run(quick: bool = False) -> tuple[list[Row], dict[str, Any]]:
    """One level straight at one process, then the same level through nginx over two processes."""
    if find_nginx() is None:
        return [], {"skipped": "nginx is not installed (Debian: apt-get install nginx)"}
    sessions = QUICK_SESSIONS if quick else SESSIONS
    interactions = QUICK_INTERACTIONS if quick else INTERACTIONS
    with serve(APP) as server:
        _warm_up(server.url, VITALE_JOURNEYS)
        single = run_load(server.url, sessions, VITALE_JOURNEYS, interactions)
    with (
        tempfile.TemporaryDirectory(prefix="vitale-scaleout-") as logs,
        cluster(BACKENDS, log_dir=Path(logs)) as proxy,
    ):
        _warm_up(proxy.url, VITALE_JOURNEYS)
        proxied = run_load(proxy.url, sessions, VITALE_JOURNEYS, interactions)

    rows: list[Row] = []
    label = f"through nginx, {BACKENDS} processes, {sessions} sessions"
    if proxied.all_latencies_ms and single.all_latencies_ms:
        ours, theirs = proxied.summary(), single.summary()
        for name, mine, base in (("p50", ours.p50, theirs.p50), ("p95", ours.p95, theirs.p95)):
            rows.append(
                Row(f"{label}: interaction → end of rerun, {name}", "ms", mine, base, ratio(mine, base), "proxy/one")
            )
    failures = len(proxied.errors) + len(proxied.timeouts)
    rows.append(Row(f"{label}: errors or lost sessions", "", float(failures), float(len(single.errors)),
                    target="0", passed=failures == 0))  # fmt: skip
    spread = sorted(proxied.backends.values())
    rows.append(
        Row(f"{label}: sessions on the least-used process", "", float(spread[0]) if len(spread) == BACKENDS else 0.0,
            None, target="> 0", passed=len(spread) == BACKENDS and spread[0] > 0)
    )  # fmt: skip
    figures = {
        "sessions": sessions,
        "interactions": interactions,
        "backends": proxied.backends,
        "errors": proxied.errors[:5],
        "timeouts": proxied.timeouts[:5],
        "single_errors": single.errors[:5],
    }
    return rows, figures


def notes(figures: dict[str, Any]) -> list[str]:
    """Plain-language lines to print under the table."""
    if "skipped" in figures:
        return [f"scale-out: skipped — {figures['skipped']}."]
    spread = ", ".join(f"{backend}: {count}" for backend, count in sorted(figures["backends"].items()))
    lines = [
        f"scale-out: {figures['sessions']} sessions × {figures['interactions']} interactions, once at one process"
        f" and once through nginx with sticky sessions (deploy/); sessions per process: {spread}."
    ]
    lines += [f"scale-out error: {error}" for error in figures["errors"] + figures["timeouts"]]
    return lines
