"""English and French for every user-facing string, under the same keys (documentation tests)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import DATA, ROOT
from vitale.offices import CompetenceRule, LookupStatus
from vitale.postcodes import PostcodeProblem
from vitale.referencedata import CaisseKind, TerritoryRow, read_table
from vitale.text import Language, load_catalog, placeholders

CATALOG = load_catalog()
SHELL_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
LITERAL_KEY = re.compile(r"""\bt\(\s*(?:f?)["']([a-z_]+(?:\.[a-zA-Z_]+)+)["']""")


def test_both_languages_have_exactly_the_same_keys() -> None:
    assert CATALOG.keys(Language.EN) == CATALOG.keys(Language.FR)


@pytest.mark.parametrize("key", sorted(CATALOG.keys(Language.EN)))
def test_each_text_has_the_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(CATALOG.raw(Language.EN, key)) == placeholders(CATALOG.raw(Language.FR, key))


def test_french_texts_are_not_left_in_english() -> None:
    same = {
        key
        for key in CATALOG.keys(Language.EN)
        if CATALOG.raw(Language.EN, key) == CATALOG.raw(Language.FR, key) and len(CATALOG.raw(Language.EN, key)) > 12
    }
    # Names and formats that are the same in both languages.
    formats = {
        "office.commune_option",
        "date.format",
        "office.source_line",
        "sources.line",
        "footer.data_line_undated",
        "documents.pdf_file_name",
        "dossier.letter_file",
        "wizard.progress_open",
    }
    proper_names = {key for key in same if key.startswith("option.territory.") or key.endswith(".term")}
    assert same - proper_names <= {"app.language_label", *formats}


def test_every_literal_key_used_by_the_shell_exists() -> None:
    used = {key for path in SHELL_FILES for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no key: it is broken"
    assert sorted(key for key in used if not CATALOG.has(key)) == []


@pytest.mark.parametrize(
    "key",
    [
        *(
            f"office.status.{s.value}"
            for s in LookupStatus
            if s not in {LookupStatus.FOUND, LookupStatus.INVALID_POSTCODE}
        ),
        *(f"office.problem.{p.value}" for p in PostcodeProblem),
        *(f"office.rule.{r.value}" for r in CompetenceRule),
        *(f"office.kind.{k.value}" for k in CaisseKind),
        *(f"language.{lang.value}" for lang in Language),
    ],
)
def test_every_enum_value_shown_to_the_user_has_a_text(key: str) -> None:
    assert CATALOG.has(key)


def test_every_territory_note_has_a_text() -> None:
    for row in read_table(DATA / "territories.csv", TerritoryRow):
        assert CATALOG.has(row.note_key)


def test_month_names_are_twelve_in_each_language() -> None:
    for language in Language:
        assert len(CATALOG.text(language, "date.months").split(",")) == 12


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("fr-FR", Language.FR),
        ("fr_CA", Language.FR),
        ("FR", Language.FR),
        ("en-GB", Language.EN),
        ("ar", Language.EN),
        (None, Language.EN),
        ("", Language.EN),
    ],
)
def test_the_browser_locale_picks_french_only_for_french(locale: str | None, language: Language) -> None:
    assert Language.from_locale(locale) is language


def test_a_missing_french_text_falls_back_to_english() -> None:
    from vitale.text import Catalog

    catalog = Catalog({Language.EN: {"a.b": "Hello {name}"}, Language.FR: {}})
    assert catalog.text(Language.FR, "a.b", name="Ana") == "Hello Ana"
