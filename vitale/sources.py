"""The registry of sources that rules, parameters and data cite.

Each source has a stable id (``F265``, ``insee_cog_2026`` …), a title, a URL
where one exists, the date of the version we used (``dated``; ``None`` for an
undated page) and a ``confidence``. The registry lives in ``sources.toml``
beside this module so that a changed source is a data change, not a code
change.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, HttpUrl

from vitale.provenance import Confidence

SOURCES_FILE = Path(__file__).with_name("sources.toml")


class Source(BaseModel):
    """One document or data set the app relies on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    publisher: str
    url: HttpUrl | None = None
    dated: date | None = None
    confidence: Confidence
    kind: str = "document"  # "document" or "data"


@cache
def registry(path: Path = SOURCES_FILE) -> dict[str, Source]:
    """All sources by id, validated (a bad entry fails loudly at start-up)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {key: Source(id=key, **value) for key, value in raw.items()}


def source(source_id: str) -> Source:
    """The source with this id; ``KeyError`` names the missing id."""
    return registry()[source_id]
