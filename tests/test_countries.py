"""Countries, languages and the translation rule for civil-status documents (domain.md §3)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import DATA
from vitale.countries import (
    Country,
    Language,
    TranslationNeed,
    load_countries,
    load_languages,
    translation_need,
)
from vitale.referencedata import DataFileError

COUNTRIES = load_countries(DATA)
LANGUAGES = load_languages(DATA)

EEA_AND_SWITZERLAND = {
    # the 27 EU member states
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    # the other EEA states, then Switzerland
    "IS", "LI", "NO",
    "CH",
}  # fmt: skip
USUALLY_ACCEPTED = {
    "sq", "de", "en", "da", "hr", "es", "fi", "hu", "it", "lv",
    "lt", "nl", "no", "pl", "pt", "ro", "sk", "sv", "cs", "tr", "nb", "nn",
}  # fmt: skip
MOST_SPOKEN = {
    "ar", "hi", "zh", "ru", "uk", "fa", "bn", "ur", "pa", "ta", "vi", "ja", "ko", "sw", "am", "ti", "so", "ps", "ku",
    "el", "bg", "sr", "bs", "mk", "et", "sl", "he", "th", "id", "ms", "tl", "fr",
}  # fmt: skip


def _codes(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def test_every_country_and_language_row_validates() -> None:
    assert all(isinstance(country, Country) for country in COUNTRIES.values())
    assert all(isinstance(language, Language) for language in LANGUAGES.values())
    assert len(COUNTRIES) >= 249
    assert len(LANGUAGES) >= 183


@pytest.mark.parametrize("name", ["countries.csv", "languages.csv"])
def test_codes_are_unique_and_sorted(name: str) -> None:
    codes = _codes(name)
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)


def test_exactly_the_31_eea_states_and_switzerland_are_eea() -> None:
    assert len(EEA_AND_SWITZERLAND) == 31
    assert {code for code, country in COUNTRIES.items() if country.eea} == EEA_AND_SWITZERLAND


def test_france_is_eea() -> None:
    assert COUNTRIES["FR"].eea
    assert COUNTRIES["FR"].name_fr == "France"


def test_exactly_the_20_reportedly_accepted_languages_are_usually_accepted() -> None:
    """Norwegian counts once but has three ISO 639-1 codes (no, nb, nn)."""
    assert len(USUALLY_ACCEPTED) == 22
    assert {"no", "nb", "nn"} <= USUALLY_ACCEPTED
    assert {code for code, language in LANGUAGES.items() if language.usually_accepted} == USUALLY_ACCEPTED
    assert not LANGUAGES["fr"].usually_accepted  # French is handled by the rule itself


def test_the_most_spoken_languages_are_listed_with_english_and_french_names() -> None:
    assert set(LANGUAGES) >= MOST_SPOKEN
    assert LANGUAGES["hi"].name_en == "Hindi"
    assert LANGUAGES["de"].name_fr == "Allemand"


@pytest.mark.parametrize(
    ("country", "language", "expected"),
    [
        ("ES", "es", TranslationNeed.NONE_EEA),
        ("IN", "hi", TranslationNeed.SWORN_TRANSLATION),
        ("CA", "en", TranslationNeed.USUALLY_ACCEPTED),
        ("SN", "fr", TranslationNeed.NONE_FRENCH),
        ("CH", "de", TranslationNeed.NONE_EEA),
        ("NO", "no", TranslationNeed.NONE_EEA),
        ("FR", "fr", TranslationNeed.NONE_EEA),
        ("DE", "ar", TranslationNeed.NONE_EEA),
        ("AL", "sq", TranslationNeed.USUALLY_ACCEPTED),
        ("XX", "zz", TranslationNeed.SWORN_TRANSLATION),
        ("XX", "en", TranslationNeed.SWORN_TRANSLATION),
        ("XX", "fr", TranslationNeed.SWORN_TRANSLATION),
        ("ES", "zz", TranslationNeed.SWORN_TRANSLATION),
        ("IN", "zz", TranslationNeed.SWORN_TRANSLATION),
        ("es", "ES", TranslationNeed.NONE_EEA),
    ],
)
def test_the_translation_need_follows_the_civil_status_rule(
    country: str, language: str, expected: TranslationNeed
) -> None:
    assert translation_need(country, language, COUNTRIES, LANGUAGES) is expected


def test_the_default_loaders_read_the_project_data() -> None:
    assert load_countries()["FR"].eea
    assert load_languages()["fr"].name_fr == "Français"
    assert load_countries() is load_countries()  # cached


def test_a_bad_eea_value_stops_the_load_naming_file_line_and_field(data_copy: Path) -> None:
    path = data_copy / "countries.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[3].endswith(",false\n")
    lines[3] = lines[3].replace(",false\n", ",maybe\n")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_countries(data_copy)
    assert caught.value.file == "countries.csv"
    assert caught.value.row == 4
    assert caught.value.field == "eea"
    assert "countries.csv, line 4, field 'eea'" in str(caught.value)


def test_a_repeated_language_code_stops_the_load(data_copy: Path) -> None:
    path = data_copy / "languages.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("en,English,Anglais,true\n")
    with pytest.raises(DataFileError) as caught:
        load_languages(data_copy)
    assert caught.value.file == "languages.csv"
    assert caught.value.field == "code"
