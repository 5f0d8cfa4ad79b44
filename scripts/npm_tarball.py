"""Helpers shared by the data-building scripts: fetch an npm package, write a CSV.

Used by ``refresh_data.py`` and ``build_countries.py``; run by hand, never in CI.
The npm registry is the only network these scripts use.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

Record = dict[str, object]


class DataBuildError(Exception):
    """A problem that stops a data build (npm failure, unexpected package content)."""


def render_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Render a CSV file: utf-8, LF line endings, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sha512_integrity(path: Path) -> str:
    """Return the npm ``integrity`` string (``sha512-<base64>``) of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode("ascii")


def download_tarball(package: str, version: str, workdir: Path) -> Path:
    """Download ``package@version`` with ``npm pack`` into ``workdir`` and return the tarball.

    The integrity npm reports is checked against the file; scripts are never run.
    """
    spec = f"{package}@{version}"
    workdir.mkdir(parents=True, exist_ok=True)
    command = ["npm", "pack", spec, "--json", "--ignore-scripts", "--pack-destination", "."]
    print(f"npm pack {spec} ...", file=sys.stderr)
    try:
        # A fixed argv and no shell: the spec is never interpreted by a shell.
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise DataBuildError("npm not found: install Node.js/npm") from exc
    if done.returncode != 0:
        raise DataBuildError(f"npm pack {spec} failed:\n{done.stderr.strip()}")
    try:
        report: object = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise DataBuildError(f"npm pack {spec}: unexpected output {done.stdout!r}") from exc
    if not isinstance(report, list) or len(report) != 1 or not isinstance(report[0], dict):
        raise DataBuildError(f"npm pack {spec}: unexpected report {report!r}")
    entry: Record = report[0]
    archive = workdir / str(entry.get("filename", ""))
    expected = str(entry.get("integrity", ""))
    if expected and sha512_integrity(archive) != expected:
        raise DataBuildError(f"{archive.name}: integrity mismatch with npm's report")
    print(f"  {archive.name} {expected}", file=sys.stderr)
    return archive
