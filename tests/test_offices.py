"""Postal code → commune → caisse (issue 2, part 3), on the project's real data."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from vitale.directory import DIRECTORY_COLUMNS, caisse_directory
from vitale.network import CaisseKind, CompetenceRule
from vitale.offices import LookupStatus, OfficeIndex, lookup
from vitale.postcodes import PostcodeProblem
from vitale.provenance import Confidence
from vitale.referencedata import WALKIN_FILE, DataFileError, load_reference_data
from vitale.sources import registry

S = LookupStatus


def _postcode_rows() -> list[dict[str, str]]:
    with (DATA / "postcodes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = _postcode_rows()
DEPARTEMENTS_BY_POSTCODE: defaultdict[str, set[str]] = defaultdict(set)
for _row in ROWS:
    DEPARTEMENTS_BY_POSTCODE[_row["postal_code"]].add(_row["departement"])
MULTI_DEPARTEMENT_POSTCODES = sorted(code for code, deps in DEPARTEMENTS_BY_POSTCODE.items() if len(deps) > 1)


# -- One table per rule of the issue ---------------------------------------------------------

FOUND_CASES = [
    # (id, postal code, caisse id, kind) — one commune, or several served by one caisse
    ("paris_with_spaces", " 75 011 ", "751", CaisseKind.CPAM),
    ("paris_16_has_two_codes_a", "75016", "751", CaisseKind.CPAM),
    ("paris_16_has_two_codes_b", "75116", "751", CaisseKind.CPAM),
    ("lyon_arrondissement", "69001", "691", CaisseKind.CPAM),
    ("marseille_arrondissement", "13001", "131", CaisseKind.CPAM),
    ("prefix_94_but_essonne", "94390", "911", CaisseKind.CPAM),
    ("corsica_south_20000", "20000", "201", CaisseKind.CPAM),
    ("corsica_north_20200_four_communes", "20200", "202", CaisseKind.CPAM),
    ("lozere_ccss", "48000", "481", CaisseKind.CCSS),
    ("guadeloupe_cgss", "97100", "971", CaisseKind.CGSS),
    ("martinique_cgss", "97200", "972", CaisseKind.CGSS),
    ("guyane_cgss", "97300", "973", CaisseKind.CGSS),
    ("reunion_cgss", "97400", "974", CaisseKind.CGSS),
    ("mayotte_css_two_communes", "97600", "976", CaisseKind.CSS),
    ("saint_martin_goes_to_guadeloupe_cgss", "97150", "971", CaisseKind.CGSS),
    ("nord_lille", "59000", "595", CaisseKind.CPAM),
    ("nord_tourcoing", "59200", "597", CaisseKind.CPAM),
    ("nord_dunkerque_flandres", "59140", "594", CaisseKind.CPAM),
    ("pas_de_calais_calais_cote_d_opale", "62100", "623", CaisseKind.CPAM),
    ("pyrenees_atlantiques_bayonne", "64100", "641", CaisseKind.CPAM),
    ("seine_maritime_rouen", "76000", "764", CaisseKind.CPAM),
]


@pytest.mark.parametrize(
    ("postal_code", "caisse_id", "kind"), [c[1:] for c in FOUND_CASES], ids=[c[0] for c in FOUND_CASES]
)
def test_a_postcode_served_by_one_caisse_is_found(
    index: OfficeIndex, postal_code: str, caisse_id: str, kind: CaisseKind
) -> None:
    result = index.lookup(postal_code)
    assert result.status is S.FOUND
    assert [caisse.caisse_id for caisse in result.caisses] == [caisse_id]
    assert result.caisses[0].kind is kind
    assert result.communes


CHOOSE_CASES = [
    # (id, postal code, commune to choose (INSEE), expected status after the choice, caisse ids)
    ("ain_or_haute_savoie_01200", "01200", "74109", S.FOUND, ("741",)),
    ("ain_01200_stays_in_ain", "01200", "01044", S.FOUND, ("011",)),
    ("hautes_alpes_or_alpes_de_haute_provence_05110", "05110", "04058", S.FOUND, ("041",)),
    ("gironde_or_dordogne_33220", "33220", "24189", S.FOUND, ("241",)),
    ("haute_marne_or_marne_52100", "52100", "51478", S.FOUND, ("511",)),
    ("armentieres_has_a_flandres_site", "59280", "59017", S.FOUND, ("594",)),
    ("lille_postcode_shared_with_an_unresolved_commune", "59160", "59350", S.FOUND, ("595",)),
    ("unresolved_commune_of_59160_needs_confirmation", "59160", "59128", S.SEVERAL_CAISSES, ("594", "595", "597")),
]


@pytest.mark.parametrize(
    ("postal_code", "insee_code", "after", "caisse_ids"),
    [c[1:] for c in CHOOSE_CASES],
    ids=[c[0] for c in CHOOSE_CASES],
)
def test_communes_served_by_different_caisses_ask_for_the_commune_then_decide(
    index: OfficeIndex, postal_code: str, insee_code: str, after: LookupStatus, caisse_ids: tuple[str, ...]
) -> None:
    first = index.lookup(postal_code)
    assert first.status is S.CHOOSE_COMMUNE
    assert first.caisses == ()
    assert insee_code in {commune.insee_code for commune in first.communes}
    chosen = index.lookup(postal_code, insee_code)
    assert chosen.status is after
    assert sorted(caisse.caisse_id for caisse in chosen.caisses) == sorted(caisse_ids)
    assert [commune.insee_code for commune in chosen.communes] == [insee_code]


def test_an_insee_code_of_another_postcode_does_not_pick_a_commune(index: OfficeIndex) -> None:
    result = index.lookup("01200", "75111")
    assert result.status is S.CHOOSE_COMMUNE
    assert result.unknown_insee_code


def test_the_insee_code_is_read_without_spaces_or_case(index: OfficeIndex) -> None:
    assert index.lookup("20000", " 2a004 ").status is S.FOUND


SEVERAL_CASES = [
    ("bethune_artois_or_cote_d_opale", "62400", {"623", "624"}),
    ("oloron_bayonne_or_pau", "64400", {"641", "642"}),
    ("lille_arrondissement_three_caisses", "59710", {"594", "595", "597"}),
]


@pytest.mark.parametrize(
    ("postal_code", "candidates"), [c[1:] for c in SEVERAL_CASES], ids=[c[0] for c in SEVERAL_CASES]
)
def test_unresolved_competence_returns_the_candidates_and_low_confidence(
    index: OfficeIndex, postal_code: str, candidates: set[str]
) -> None:
    result = index.lookup(postal_code)
    assert result.status is S.SEVERAL_CAISSES
    assert {caisse.caisse_id for caisse in result.caisses} == candidates
    assert all(c.rule is CompetenceRule.UNRESOLVED for c in result.competences)
    assert result.confidence is Confidence.LOW


def test_the_landes_communes_claimed_by_bayonne_are_never_decided_silently(index: OfficeIndex) -> None:
    result = index.lookup("40390", "40042")  # Biarrotte
    assert result.status is S.SEVERAL_CAISSES
    assert {caisse.caisse_id for caisse in result.caisses} == {"401", "641"}
    assert result.competences[0].rule is CompetenceRule.UNRESOLVED_CROSS_DEPARTEMENT


OUTSIDE_CASES = [
    # (id, postal code, territory name, a word the note must contain, or None when the body is unknown)
    ("monaco_is_a_foreign_system", "98000", "Monaco", "Monaco"),
    ("new_caledonia_cafat", "98800", "Nouvelle-Calédonie", "CAFAT"),
    ("french_polynesia_cps", "98714", "Polynésie française", "Polynésie"),
    ("saint_pierre_et_miquelon_cps", "97500", "Saint-Pierre-et-Miquelon", "Saint-Pierre"),
    ("saint_barthelemy_has_its_own_fund", "97133", "Saint-Barthélemy", "Saint-Barthélemy"),
    ("wallis_et_futuna_body_unconfirmed", "98600", "Wallis-et-Futuna", None),
    ("clipperton_uninhabited", "98799", "Île de Clipperton", None),
]


@pytest.mark.parametrize(
    ("postal_code", "name", "note_word"), [c[1:] for c in OUTSIDE_CASES], ids=[c[0] for c in OUTSIDE_CASES]
)
def test_territories_outside_the_general_scheme_name_their_body_where_known(
    index: OfficeIndex, postal_code: str, name: str, note_word: str | None
) -> None:
    result = index.lookup(postal_code)
    assert result.status is S.OUTSIDE_GENERAL_SCHEME
    assert result.caisses == ()
    assert result.territory is not None
    assert result.territory.name == name
    if note_word is None:
        assert result.note is None
    else:
        assert result.note is not None
        assert note_word in result.note


def test_wallis_and_new_caledonia_are_marked_uncertain(index: OfficeIndex) -> None:
    for postal_code in ("98600", "98800"):
        territory = index.lookup(postal_code).territory
        assert territory is not None
        assert territory.confidence is Confidence.LOW


INVALID_CASES = [
    ("four_digits_with_known_suggestion", "1000", PostcodeProblem.MISSING_LEADING_ZERO, "01000"),
    ("four_digits_unknown_suggestion", "9999", PostcodeProblem.MISSING_LEADING_ZERO, None),
    ("letters", "75O11", PostcodeProblem.NOT_DIGITS, None),
    ("empty", "", PostcodeProblem.EMPTY, None),
    ("too_long", "750011", PostcodeProblem.TOO_LONG, None),
    ("too_short", "75", PostcodeProblem.TOO_SHORT, None),
]


@pytest.mark.parametrize(
    ("postal_code", "problem", "suggestion"), [c[1:] for c in INVALID_CASES], ids=[c[0] for c in INVALID_CASES]
)
def test_text_that_is_not_a_postal_code_is_invalid_with_a_reason(
    index: OfficeIndex, postal_code: str, problem: PostcodeProblem, suggestion: str | None
) -> None:
    result = index.lookup(postal_code)
    assert result.status is S.INVALID_POSTCODE
    assert result.problem is problem
    assert result.suggestion == suggestion


@pytest.mark.parametrize("postal_code", ["75948", "00000", "99999", "59895"])
def test_five_digits_that_no_home_has_are_unknown(index: OfficeIndex, postal_code: str) -> None:
    result = index.lookup(postal_code)
    assert result.status is S.UNKNOWN_POSTCODE
    assert result.postal_code == postal_code


# -- Properties over the whole data set ------------------------------------------------------


def test_every_postal_code_in_the_data_is_known_and_valid(index: OfficeIndex) -> None:
    codes = {row["postal_code"] for row in ROWS}
    statuses = {code: index.lookup(code).status for code in codes}
    assert not [code for code, status in statuses.items() if status in {S.UNKNOWN_POSTCODE, S.INVALID_POSTCODE}]
    assert len(codes) > 6000


def test_every_commune_of_every_postal_code_leads_to_a_decision_once_chosen(index: OfficeIndex) -> None:
    for row in ROWS:
        result = index.lookup(row["postal_code"], row["insee_code"])
        assert result.status in {S.FOUND, S.SEVERAL_CAISSES, S.OUTSIDE_GENERAL_SCHEME}, row


@pytest.mark.parametrize("postal_code", MULTI_DEPARTEMENT_POSTCODES)
def test_a_postcode_spanning_departements_is_never_decided_by_its_prefix(index: OfficeIndex, postal_code: str) -> None:
    """Each commune gets the caisse of its own département, whatever the first digits say."""
    communes = [row for row in ROWS if row["postal_code"] == postal_code]
    assert index.lookup(postal_code).status is S.CHOOSE_COMMUNE
    for row in communes:
        chosen = index.lookup(postal_code, row["insee_code"])
        assert chosen.status is S.FOUND
        assert [caisse.departement for caisse in chosen.caisses] == [row["departement"]]


def test_the_spanning_postcodes_named_in_the_issue_are_among_them() -> None:
    assert {"01200", "05110", "33220", "52100"} <= set(MULTI_DEPARTEMENT_POSTCODES)


def test_single_caisse_departements_resolve_every_commune_to_a_caisse_of_that_departement(index: OfficeIndex) -> None:
    caisses = index.caisses
    for row in ROWS:
        competence = index.competence(row["insee_code"])
        assert competence is not None
        if competence.rule is CompetenceRule.ONLY_CAISSE_OF_DEPARTEMENT:
            assert [caisses[c].departement for c in competence.caisse_ids] == [row["departement"]]


def test_the_module_level_lookup_uses_the_project_data() -> None:
    assert lookup("75011").caisses[0].caisse_id == "751"


# -- Hypothesis: never raises ------------------------------------------------------------


codes_near_real_ones = st.sampled_from(sorted({row["postal_code"] for row in ROWS}))
insee_codes = st.one_of(st.none(), st.text(max_size=8), st.sampled_from(sorted({row["insee_code"] for row in ROWS})))


@settings(max_examples=400)
@given(postal_code=st.one_of(st.text(), codes_near_real_ones), insee_code=insee_codes)
def test_lookup_never_raises_and_its_status_matches_its_content(
    index: OfficeIndex, postal_code: str, insee_code: str | None
) -> None:
    result = index.lookup(postal_code, insee_code)
    if result.status is S.FOUND:
        assert len(result.caisses) == 1
    elif result.status is S.SEVERAL_CAISSES:
        assert len(result.caisses) > 1
    elif result.status is S.CHOOSE_COMMUNE:
        assert len(result.communes) > 1
        assert result.caisses == ()
    elif result.status is S.OUTSIDE_GENERAL_SCHEME:
        assert result.territory is not None
    elif result.status is S.INVALID_POSTCODE:
        assert result.problem is not None
    else:
        assert result.postal_code is not None


# -- issue 11: current addresses from the official directory, walk-in offices --------------------------

ADDRESSES_2026 = (
    ("03000", "03010 Moulins Cedex"),  # the 2014 list had 03310 (Vichy's INSEE code)
    ("39000", "39031 Lons-le-Saunier Cedex"),  # not Dole
    ("26000", "26024 Valence Cedex"),  # not Romans
    ("73000", "73015 Chambéry Cedex"),  # the next four had no address
    ("86000", "86043 Poitiers Cedex 9"),
    ("97600", "97600 Mamoudzou"),
    ("76000", "76039 Rouen Cedex 1"),
)
"""Postal codes and the last line of their caisse's 2026 address (issue 11's "done when")."""


@pytest.mark.parametrize(
    ("postal_code", "last_line"),
    ADDRESSES_2026,
)
def test_the_caisse_s_address_is_the_one_the_official_directory_published_in_2026(
    index: OfficeIndex, postal_code: str, last_line: str
) -> None:
    (caisse,) = index.lookup(postal_code).caisses
    assert caisse.envelope()[-1] == last_line
    assert caisse.from_official_directory
    assert not caisse.address_is_stale
    assert caisse.verified_on is not None
    assert caisse.verified_on.year == 2026
    assert caisse.dila_url is not None
    assert caisse.dila_url.startswith("https://lannuaire.service-public.gouv.fr/")


def test_haute_corse_has_no_address_rather_than_the_corse_du_sud_caisse_s(index: OfficeIndex) -> None:
    """PROVENANCE.md: DILA's Haute-Corse fiche gives the Corse-du-Sud caisse's address (not used)."""
    (caisse,) = index.lookup("20200").caisses
    assert caisse.caisse_id == "202"
    assert not caisse.has_address
    assert caisse.address_is_stale


def test_only_the_addresses_still_from_2014_keep_the_check_before_posting_warning(index: OfficeIndex) -> None:
    stale = {c.caisse_id for c in index.caisses.values() if c.has_address and c.address_is_stale}
    assert stale == {"051", "091", "901", "595", "597", "623", "641", "763"}
    for caisse_id in stale:
        caisse = index.caisses[caisse_id]
        assert caisse.address_source == "cpam_address_list_2014"
        assert caisse.verified_on is not None
        assert caisse.verified_on.year == 2014
    assert {c.caisse_id for c in index.caisses.values() if not c.has_address} == {"202", "594"}


def test_every_address_names_its_source_and_the_day_it_was_consulted(index: OfficeIndex) -> None:
    sources = registry()
    for caisse in index.caisses.values():
        if caisse.has_address:
            assert caisse.address_source in sources, caisse.caisse_id
            assert caisse.address_source in caisse.source_ids
            assert caisse.verified_on is not None


def test_an_address_read_on_the_directory_s_own_fiche_is_trusted_more_than_one_from_a_derived_list(
    index: OfficeIndex,
) -> None:
    assert index.caisses["031"].confidence is Confidence.HIGH  # re-read on the DILA record
    assert index.caisses["011"].confidence is Confidence.MEDIUM  # the list derived from the DILA API
    assert index.caisses["481"].confidence is Confidence.MEDIUM  # Lozère: the walk-in address
    assert index.caisses["051"].confidence is Confidence.LOW  # 2014


def test_the_walk_in_offices_we_have_belong_to_their_caisse_with_hours_and_appointment_notes(
    index: OfficeIndex,
) -> None:
    offices = {c.caisse_id: c.walkin_offices for c in index.caisses.values() if c.walkin_offices}
    assert sum(len(found) for found in offices.values()) == 20
    (vichy,) = offices["031"]
    assert (vichy.place, vichy.street_address, vichy.postal_code) == ("Vichy", "18 avenue Victoria", "03200")
    assert [(s.first_day, s.last_day, s.times) for s in vichy.hours] == [
        ("mon", "mon", (("08:30", "12:30"), ("13:30", "17:00"))),
        ("tue", "tue", (("10:00", "12:30"), ("13:30", "17:00"))),
        ("wed", "fri", (("08:30", "12:30"), ("13:30", "17:00"))),
    ]
    assert vichy.by_appointment
    assert vichy.url == (
        "https://lannuaire.service-public.gouv.fr/auvergne-rhone-alpes/allier/4eddb215-dd7f-451e-806c-2254c241c2ae"
    )
    assert not offices["072"][0].by_appointment  # Le Cheylard: no appointment note
    assert offices["624"][0].hours == ()  # Artois (Avion): no hours published


def test_a_walk_in_office_of_an_unknown_caisse_is_a_data_error_naming_file_and_line(data_copy: Path) -> None:
    path = data_copy / WALKIN_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("\n031,", "\n039,", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        OfficeIndex.build(load_reference_data(data_copy))
    assert (caught.value.file, caught.value.row, caught.value.field) == (WALKIN_FILE, 2, "caisse_id")


def test_walk_in_hours_that_are_not_in_the_app_s_form_are_refused_at_load(data_copy: Path) -> None:
    path = data_copy / WALKIN_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("mon 08:30-12:30", "Lundi 8h30", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_reference_data(data_copy)
    assert (caught.value.file, caught.value.field) == (WALKIN_FILE, "hours")


def test_the_directory_lists_every_caisse_once_by_departement_with_its_address_dates(index: OfficeIndex) -> None:
    frame = caisse_directory(index.caisses.values())
    assert list(frame.columns) == list(DIRECTORY_COLUMNS)
    assert len(frame) == len(index.caisses) == 107
    assert frame["caisse"].is_unique
    assert list(frame["departement"]) == sorted(frame["departement"])
    allier = frame[frame["caisse"] == "CPAM de l'Allier"].iloc[0]
    assert (allier["address"], allier["address_source"]) == ("03010 Moulins Cedex", "dila_annuaire_2026")
    assert allier["address_dated"] == date(2024, 3, 28)
    assert set(frame["confidence"]) <= {confidence.value for confidence in Confidence}
    without = frame[frame["address"] == ""]
    assert (without["confidence"] == Confidence.LOW.value).all()
