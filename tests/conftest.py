"""Shared fixtures: paths, the real office index, and an isolated copy of data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vitale.offices import OfficeIndex, default_index

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def index() -> OfficeIndex:
    """The index of the project's real data, built once for the whole run."""
    return default_index()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target
