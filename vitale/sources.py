"""The registry of sources that rules, parameters and data cite.

Each source has a stable id (``F265``, ``insee_cog_2026`` …), a title, a URL
where one exists, the date of the version we used (``dated``; ``None`` for an
undated page) and a ``confidence``. The registry lives in ``sources.toml``
beside this module so that a changed source is a data change, not a code
change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, HttpUrl, model_validator

from vitale.provenance import Confidence
from vitale.text import Language

SOURCES_FILE = Path(__file__).with_name("sources.toml")


class Source(BaseModel):
    """One document or data set the app relies on.

    ``title`` is either the document's own title (``original_title = true``,
    shown as published, usually in French) or our English description of it,
    which then needs ``title_fr``: every string the user reads exists in both
    languages.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    original_title: bool = False
    title_fr: str | None = None
    publisher: str
    url: HttpUrl | None = None
    dated: date | None = None
    confidence: Confidence
    kind: str = "document"  # "document" or "data"

    @model_validator(mode="after")
    def _bilingual_title(self) -> Source:
        if not self.original_title and not self.title_fr:
            raise ValueError(f"source {self.id}: a descriptive title needs title_fr")
        return self

    def title_in(self, language: Language) -> str:
        """The title to show in ``language``."""
        if language is Language.FR and self.title_fr:
            return self.title_fr
        return self.title


@cache
def _registry(path: Path) -> Mapping[str, Source]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return MappingProxyType({key: Source(id=key, **value) for key, value in raw.items()})


def registry(path: Path = SOURCES_FILE) -> dict[str, Source]:
    """All sources by id, validated (a bad entry fails loudly at start-up).

    The file is read once per process; each caller gets its own dict of the
    (frozen) sources, so changing it changes nothing for any other session.
    """
    return dict(_registry(path))


def source(source_id: str) -> Source:
    """The source with this id; ``KeyError`` names the missing id."""
    return _registry(SOURCES_FILE)[source_id]
