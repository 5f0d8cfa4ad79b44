"""English and French for every user-facing string, under the same keys (documentation tests)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import DATA, ROOT
from vitale.network import CaisseKind, CompetenceRule
from vitale.offices import LookupStatus
from vitale.postcodes import PostcodeProblem
from vitale.referencedata import TerritoryRow, read_table
from vitale.rules import TEXT_FIGURES, text_figures
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
        "office.walkin_office",
        "days.time",
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


# -- figures come from the parameters, never typed into a text (issue 10) -------------------------

FIGURE_LIKE = re.compile(
    r"\b(3|5|6|15|90)[ -](month|mois|year|an|day|jour)s?\b|\b\d{1,2}[  ]?\d{3} ?€|€ ?\d{1,2},?\d{3}"
    r"|\b(2|4)[  -](month|mois|year|an)s?\b|\b(70|30)[  ]?%",  # the C2S's months, the claim's years, the GP rates
    re.IGNORECASE,
)
OTHER_FACTS = {
    "document.proof_of_address.title": "a proof of address less than 3 months old (F33052), not the residence wait",
    "home.step.permanent_number.body": "quotes the anecdotal 3 months as such (domain.md §2.4)",
    "option.main_home.short_stay": "a short visit of under 3 months (a short-stay visa), not a rule's parameter",
    "option.residence_status.none": "a document expired for more than 3 months (domain.md R11)",
    "trap.three_payslips": "the myth of working 3 months, which the trap corrects",
    "next.use_ehic_or_private": "the Schengen visa's €30,000 of cover (F16146), not a parameter of ours",
}
"""Texts whose number is another fact than any dated parameter, each with why."""


@pytest.mark.parametrize("language", list(Language))
def test_no_text_types_a_figure_that_a_dated_parameter_holds(language: Language) -> None:
    typed = {
        key: match.group(0)
        for key in CATALOG.keys(language)
        if key not in OTHER_FACTS and (match := FIGURE_LIKE.search(CATALOG.raw(language, key)))
    }
    assert typed == {}


def test_every_figure_a_text_quotes_is_filled_from_the_parameters() -> None:
    figures = text_figures(date(2026, 12, 2))
    catalog = CATALOG.with_figures(figures)
    quoted = {name for key in CATALOG.keys(Language.EN) for name in placeholders(CATALOG.raw(Language.EN, key))}
    assert set(TEXT_FIGURES) <= quoted, "a figure no text quotes"
    for language in Language:
        for key in CATALOG.keys(language):
            if placeholders(CATALOG.raw(language, key)) <= set(figures):
                assert "{" not in catalog.text(language, key), key
    assert "3 months" in catalog.text(Language.EN, "reason.R17")
    assert "6 mois" in catalog.text(Language.FR, "question.main_home.label")


def test_a_changed_parameter_changes_every_text_that_quotes_it() -> None:
    changed = CATALOG.with_figures({**text_figures(date(2026, 12, 2)), "wait_months": 4})
    assert "4 months" in changed.text(Language.EN, "reason.R17")
    assert "4 mois" in changed.text(Language.FR, "outcome.puma_residence_wait.title")
