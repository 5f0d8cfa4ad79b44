"""The data contract of data/ (issue 2, part 2): every row validates, files agree with each other,
and a damaged file stops the app with a message naming the file, the row and the field."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import DATA
from vitale.network import CompetenceRule
from vitale.offices import OfficeIndex
from vitale.provenance import Confidence
from vitale.referencedata import (
    CAISSES_FILE,
    COMPETENCE_FILE,
    DEPARTEMENTS_FILE,
    POSTCODES_FILE,
    TERRITORIES_FILE,
    DataFileError,
    ReferenceData,
    load_reference_data,
)

MULTI_CAISSE_DEPARTEMENTS = {"59", "62", "64", "76"}


@pytest.fixture(scope="module")
def data() -> ReferenceData:
    return load_reference_data(DATA)


def test_every_row_of_every_file_validates_and_the_counts_match_the_provenance(data: ReferenceData) -> None:
    assert len(data.postcodes) == 35_493
    assert len(data.departements) == 109
    assert len(data.caisses) == 107
    assert len(data.competence) == 2_796


def test_ids_are_unique(data: ReferenceData) -> None:
    assert max(Counter(row.caisse_id for row in data.caisses).values()) == 1
    assert max(Counter(row.code for row in data.departements).values()) == 1
    assert data.competence["insee_code"].is_unique
    assert not data.postcodes.duplicated(["postal_code", "insee_code"]).any()


def test_every_caisse_a_row_refers_to_exists(data: ReferenceData) -> None:
    ids = {row.caisse_id for row in data.caisses}
    for caisse_id, candidates in zip(data.competence["caisse_id"], data.competence["candidates"], strict=True):
        assert caisse_id == "" or caisse_id in ids
        assert set(candidates.split("|")) - {""} <= ids


def test_every_departement_a_row_refers_to_exists(data: ReferenceData) -> None:
    codes = {row.code for row in data.departements}
    assert set(data.postcodes["departement"]) <= codes
    assert {row.departement for row in data.caisses} <= codes
    assert set(data.competence["departement"]) <= codes


def test_every_commune_of_a_multi_caisse_departement_has_a_competence_row(data: ReferenceData) -> None:
    covered = set(data.competence["insee_code"])
    postcodes = data.postcodes
    communes = set(postcodes.loc[postcodes["departement"].isin(MULTI_CAISSE_DEPARTEMENTS), "insee_code"])
    assert communes <= covered


def test_every_commune_of_a_multi_caisse_departement_is_placed_from_the_competence_data(data: ReferenceData) -> None:
    index = OfficeIndex.build(data)
    postcodes = data.postcodes
    for insee_code in postcodes.loc[postcodes["departement"].isin(MULTI_CAISSE_DEPARTEMENTS), "insee_code"]:
        competence = index.competence(insee_code)
        assert competence is not None
        assert competence.rule is not CompetenceRule.NOT_IN_COMPETENCE_DATA


def test_unresolved_rows_have_several_candidates_and_low_confidence(data: ReferenceData) -> None:
    unresolved = {CompetenceRule.UNRESOLVED, CompetenceRule.UNRESOLVED_CROSS_DEPARTEMENT}
    for row in data.competence.itertuples():
        if CompetenceRule(row.basis) in unresolved:
            assert row.caisse_id == ""
            assert len(row.candidates.split("|")) >= 2
            assert Confidence(row.confidence) is Confidence.LOW


def test_every_commune_has_a_caisse_a_competence_row_or_a_territory(data: ReferenceData) -> None:
    with_caisse = {row.departement for row in data.caisses}
    territories = {row.key for row in data.territories if row.key_kind == "departement"}
    by_law = set(data.competence["insee_code"])
    orphans = {
        insee_code
        for insee_code, departement in zip(data.postcodes["insee_code"], data.postcodes["departement"], strict=True)
        if departement not in with_caisse | territories and insee_code not in by_law
    }
    assert orphans == set()


def test_monaco_is_a_postcode_level_territory_because_the_cog_does_not_list_it(data: ReferenceData) -> None:
    assert ("postal_code", "98000") in {(row.key_kind, row.key) for row in data.territories}
    assert "98000" not in set(data.postcodes["postal_code"])


def test_postal_codes_keep_their_leading_zero(data: ReferenceData) -> None:
    assert data.postcodes["postal_code"].str.startswith("0").any()
    assert (data.postcodes["postal_code"].str.len() == 5).all()


# -- A damaged file gives a precise error, never a traceback ---------------------------------


def _replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _error(folder: Path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        OfficeIndex.build(load_reference_data(folder))
    return caught.value


def test_a_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / CAISSES_FILE).unlink()
    error = _error(data_copy)
    assert (error.file, error.row) == (CAISSES_FILE, None)
    assert "missing" in error.message


def test_a_postal_code_that_lost_its_leading_zero_names_file_row_and_field(data_copy: Path) -> None:
    _replace_in(data_copy / POSTCODES_FILE, "\n01000,01053,", "\n1000,01053,")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (POSTCODES_FILE, 2, "postal_code")


def test_a_bad_date_names_file_row_and_field(data_copy: Path) -> None:
    _replace_in(data_copy / CAISSES_FILE, "2026-09-13", "2026-13-45")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (CAISSES_FILE, 2, "verified_on")


def test_an_unknown_caisse_kind_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / CAISSES_FILE, ",CPAM,01,", ",XYZ,01,")
    error = _error(data_copy)
    assert (error.file, error.field) == (CAISSES_FILE, "kind")


def test_a_competence_row_naming_a_caisse_that_does_not_exist_is_refused(data_copy: Path) -> None:
    _replace_in(
        data_copy / COMPETENCE_FILE, ",401|641,unresolved_cross_departement", ",401|999,unresolved_cross_departement"
    )
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (COMPETENCE_FILE, 2, "candidates")


def test_a_missing_column_is_named(data_copy: Path) -> None:
    _replace_in(data_copy / DEPARTEMENTS_FILE, "code,name,", "kode,name,")
    error = _error(data_copy)
    assert (error.file, error.row) == (DEPARTEMENTS_FILE, 1)
    assert "code" in error.message


def test_a_row_with_too_many_cells_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / TERRITORIES_FILE, ",cleiss_spm,,medium", ",cleiss_spm,,medium,extra")
    error = _error(data_copy)
    assert (error.file, error.row) == (TERRITORIES_FILE, 2)


def test_a_file_that_is_not_utf8_is_refused(data_copy: Path) -> None:
    path = data_copy / DEPARTEMENTS_FILE
    path.write_bytes(path.read_bytes().replace(b"Ain", "\xc9ain".encode("latin-1")))
    error = _error(data_copy)
    assert error.file == DEPARTEMENTS_FILE
    assert "UTF-8" in error.message


def test_a_territory_citing_an_unknown_source_is_refused(data_copy: Path) -> None:
    _replace_in(data_copy / TERRITORIES_FILE, "cleiss_spm", "nowhere")
    error = _error(data_copy)
    assert (error.file, error.field) == (TERRITORIES_FILE, "source")


def test_a_duplicated_caisse_is_refused(data_copy: Path) -> None:
    path = data_copy / CAISSES_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (CAISSES_FILE, len(lines) + 1, "caisse_id")
