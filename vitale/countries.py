"""Countries, languages and whether a civil-status document needs a French translation.

Rule (domain.md §3, the civil-status rule for applicants born abroad):

* a document issued in an EEA country or Switzerland needs **no translation**
  (service-public.fr F16467, 2022);
* otherwise it needs a French translation by a sworn translator (cour d'appel
  list) or by a consulate (service-public.fr F12956, 2020);
* soft hint: the Assurance Maladie is reported to accept without translation
  documents in 20 languages (FEI guide 2023-24; Université de Lyon), shown
  only as "usually accepted — confirm with your CPAM".

The reference tables ``data/countries.csv`` and ``data/languages.csv`` are
built by ``scripts/build_countries.py`` (see ``data/SOURCES.md``); every row
is validated at load by :func:`vitale.referencedata.read_table`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, TypeVar

from pydantic import Field

from vitale.referencedata import DataFileError, _Row, default_data_dir, read_table

COUNTRIES_FILE = "countries.csv"
LANGUAGES_FILE = "languages.csv"
FRENCH = "fr"

CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Name = Annotated[str, Field(min_length=1)]


class Country(_Row):
    """A country of ``countries.csv`` (ISO 3166-1 alpha-2 code).

    ``eea`` is true for the 27 EU states, Iceland, Liechtenstein, Norway and
    Switzerland (domain.md §3 "EEA country or Switzerland"; France included).
    """

    code: CountryCode
    name_en: Name
    name_fr: Name
    eea: bool


class Language(_Row):
    """A language of ``languages.csv`` (ISO 639-1 code).

    ``usually_accepted`` is true exactly for the 20 languages the Assurance
    Maladie is reported to accept without translation (FEI guide 2023-24).
    French is false there: it is handled by :func:`translation_need` itself.
    """

    code: LanguageCode
    name_en: Name
    name_fr: Name
    usually_accepted: bool


CodedRowT = TypeVar("CodedRowT", Country, Language)


class TranslationNeed(StrEnum):
    """What a civil-status document needs before it is sent to the CPAM (domain.md §3)."""

    NONE_EEA = "none_eea"
    """Issued in an EEA country or Switzerland: no translation (F16467, 2022)."""
    NONE_FRENCH = "none_french"
    """Written in French: nothing to translate."""
    USUALLY_ACCEPTED = "usually_accepted"
    """Outside the EEA, in a language the Assurance Maladie is reported to accept (FEI guide 2023-24).

    A soft hint only: "usually accepted — confirm with your CPAM".
    """
    SWORN_TRANSLATION = "sworn_translation"
    """A translation by a sworn translator or a consulate is needed (F12956, 2020)."""


def _by_code(path: Path, model: type[CodedRowT]) -> Mapping[str, CodedRowT]:
    rows = read_table(path, model)
    table: dict[str, CodedRowT] = {}
    for line, row in enumerate(rows, start=2):
        if row.code in table:
            raise DataFileError(path.name, f"the code {row.code!r} appears twice", row=line, field="code")
        table[row.code] = row
    return MappingProxyType(table)  # cached and shared by every session: read-only


@functools.cache
def load_countries(data_dir: Path | None = None) -> Mapping[str, Country]:
    """The countries of ``countries.csv`` by ISO 3166-1 alpha-2 code, every row validated.

    Raises :class:`vitale.referencedata.DataFileError` naming the file, line and field.
    The result is cached and shared, hence a read-only mapping.
    """
    return _by_code((data_dir or default_data_dir()) / COUNTRIES_FILE, Country)


@functools.cache
def load_languages(data_dir: Path | None = None) -> Mapping[str, Language]:
    """The languages of ``languages.csv`` by ISO 639-1 code, every row validated.

    Raises :class:`vitale.referencedata.DataFileError` naming the file, line and field.
    The result is cached and shared, hence a read-only mapping.
    """
    return _by_code((data_dir or default_data_dir()) / LANGUAGES_FILE, Language)


def translation_need(
    country_code: str,
    language_code: str,
    countries: Mapping[str, Country],
    languages: Mapping[str, Language],
) -> TranslationNeed:
    """Does a civil-status document issued in ``country_code``, written in ``language_code``, need translating?

    In this order (domain.md §3), once both codes are known:

    1. issued in an EEA country or Switzerland → :attr:`TranslationNeed.NONE_EEA` (F16467, 2022);
    2. written in French → :attr:`TranslationNeed.NONE_FRENCH`;
    3. written in one of the 20 languages the Assurance Maladie is reported to
       accept (FEI guide 2023-24; Univ. Lyon) → :attr:`TranslationNeed.USUALLY_ACCEPTED`,
       a soft hint to confirm with the CPAM;
    4. otherwise → :attr:`TranslationNeed.SWORN_TRANSLATION` (sworn or consular
       translation, F12956, 2020).

    Codes are matched case-insensitively (``es``/``ES``). An unknown country or
    language code (not in the tables) never relaxes the rule: the answer is the
    safe advice, :attr:`TranslationNeed.SWORN_TRANSLATION`.
    """
    country = countries.get(country_code.strip().upper())
    language = languages.get(language_code.strip().lower())
    if country is None or language is None:
        return TranslationNeed.SWORN_TRANSLATION
    if country.eea:
        return TranslationNeed.NONE_EEA
    if language.code == FRENCH:
        return TranslationNeed.NONE_FRENCH
    if language.usually_accepted:
        return TranslationNeed.USUALLY_ACCEPTED
    return TranslationNeed.SWORN_TRANSLATION
