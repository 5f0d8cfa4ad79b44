"""Every user-facing string, in English and French, under the same keys.

The texts live in ``en.toml`` and ``fr.toml`` beside this module. Keys are
dotted paths (``office.status.found``); code stores and compares keys and
option values, never labels (architecture.md, point 8). Placeholders use
``str.format`` names: ``{postal_code}``.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

TEXT_DIR = Path(__file__).parent


class Language(StrEnum):
    """The languages of the app; English is the fallback."""

    EN = "en"
    FR = "fr"

    @classmethod
    def from_locale(cls, locale: str | None) -> Language:
        """The app language for a browser locale such as ``fr-CA``; English otherwise."""
        if locale and locale.strip().lower().replace("_", "-").split("-")[0] == "fr":
            return cls.FR
        return cls.EN


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{path}."))
        elif isinstance(value, str):
            flat[path] = value
        else:
            raise ValueError(f"text {path!r} must be a string, not {type(value).__name__}")
    return flat


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a text."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


class _KeepUnknown(dict[str, object]):
    """Placeholder values that leave an unknown ``{name}`` as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Catalog:
    """The texts of both languages, flattened to dotted keys."""

    def __init__(
        self, texts: Mapping[Language, Mapping[str, str]], figures: Mapping[str, object] | None = None
    ) -> None:
        self._texts = {language: dict(table) for language, table in texts.items()}
        self._figures = dict(figures or {})

    def with_figures(self, figures: Mapping[str, object]) -> Catalog:
        """The same texts, with the rules' figures (``{wait_months}`` …) filled in wherever a text quotes one.

        A figure the law can change lives in a dated parameter, never typed into a
        text (architecture.md, OpenFisca): :func:`vitale.rules.text_figures` gives them.
        """
        return Catalog(self._texts, figures)

    def keys(self, language: Language) -> frozenset[str]:
        return frozenset(self._texts[language])

    def has(self, key: str) -> bool:
        return key in self._texts[Language.EN]

    def raw(self, language: Language, key: str) -> str:
        """The template for ``key``; English when the language lacks it; ``KeyError`` if neither has it."""
        table = self._texts[language]
        if key in table:
            return table[key]
        return self._texts[Language.EN][key]

    def format_date(self, language: Language, day: date) -> str:
        """``6 August 2014`` / ``6 août 2014``; ``1 April`` / ``1er avril``."""
        months = self.raw(language, "date.months").split(",")
        number = self.raw(language, "date.first_day") if day.day == 1 else str(day.day)  # « 1er avril »
        return self.text(language, "date.format", day=number, month=months[day.month - 1], year=day.year)

    def text(self, language: Language, key: str, **values: object) -> str:
        """The text for ``key`` in ``language`` with its placeholders filled."""
        template = self.raw(language, key)
        if self._figures and "{" in template:
            if not values:  # as without figures: any other placeholder is left as it is
                return template.format_map(_KeepUnknown(self._figures))
            values = {**self._figures, **values}
        return template.format(**values) if values else template


@cache
def load_catalog(directory: Path = TEXT_DIR) -> Catalog:
    """Read ``en.toml`` and ``fr.toml`` (once per process)."""
    texts = {
        language: _flatten(tomllib.loads((directory / f"{language.value}.toml").read_text("utf-8")))
        for language in Language
    }
    return Catalog(texts)
