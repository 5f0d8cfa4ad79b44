"""The vectorised checks of the large reference tables (issue 17): every rule the row-by-row validation
checked is still checked, a damaged file names its file, line and field, and each column's vectorised
check refuses exactly the values its scalar twin refuses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vitale.frames import bad_rows, read_frame
from vitale.offices import LookupStatus, OfficeIndex
from vitale.referencedata import (
    COMPETENCE,
    COMPETENCE_FILE,
    DEPARTEMENTS_FILE,
    POSTCODES,
    POSTCODES_FILE,
    DataFileError,
    load_reference_data,
)
from vitale.tables import Column

FIRST_POSTCODE_ROW = "01000,01053,Bourg-en-Bresse,01,012,42372,metro,commune-actuelle,,Bourg-en-Bresse,BOURG-EN-BRESSE"
FIRST_COMPETENCE_CELLS = "40042,Biarrotte,40,401,Dax,40390,,,401|641,unresolved_cross_departement,low,"


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(folder: Path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        OfficeIndex.build(load_reference_data(folder))
    return caught.value


POSTCODE_DAMAGES = [
    # (what, the first row's cells replaced by, the field named)
    ("an INSEE code of four digits", "01000,1053,Bourg", "insee_code"),
    ("a Corsican INSEE code with a bad letter", "01000,2C053,Bourg", "insee_code"),
    ("an empty commune name", "01000,01053,,01", "commune_name"),
    ("a département code of one digit", "01000,01053,Bourg-en-Bresse,1,", "departement"),
    ("a population that is not a number", "01,012,4 2372,metro", "population"),
    ("a negative population", "01,012,-42372,metro", "population"),
    ("an unknown zone", "42372,europe,commune-actuelle", "zone"),
    ("an unknown commune type", "42372,metro,commune-nouvelle,", "commune_type"),
    ("a parent commune that is not an INSEE code", "metro,commune-actuelle,abc,", "parent_commune"),
]


@pytest.mark.parametrize(("what", "new", "field"), POSTCODE_DAMAGES, ids=[case[0] for case in POSTCODE_DAMAGES])
def test_a_damaged_postcode_row_names_the_file_the_line_and_the_field(
    data_copy: Path, what: str, new: str, field: str
) -> None:
    old = {
        "insee_code": "01000,01053,Bourg",
        "commune_name": "01000,01053,Bourg-en-Bresse,01",
        "departement": "01000,01053,Bourg-en-Bresse,01,",
        "population": "01,012,42372,metro",
        "zone": "42372,metro,commune-actuelle",
        "commune_type": "42372,metro,commune-actuelle,",
        "parent_commune": "metro,commune-actuelle,,",
    }[field]
    path = data_copy / POSTCODES_FILE
    text = path.read_text(encoding="utf-8")
    first_row = text.index(FIRST_POSTCODE_ROW)
    damaged = FIRST_POSTCODE_ROW.replace(old, new, 1)
    assert damaged != FIRST_POSTCODE_ROW, what
    path.write_text(text[:first_row] + damaged + text[first_row + len(FIRST_POSTCODE_ROW) :], encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (POSTCODES_FILE, 2, field)
    assert "value:" in error.message


def test_the_first_bad_cell_in_file_order_is_named_when_several_rows_are_bad(data_copy: Path) -> None:
    path = data_copy / POSTCODES_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",metro,", ",nowhere,", 1)  # line 6: a bad zone
    lines[3] = lines[3].replace(",metro,commune-actuelle,", ",metro,village,", 1)  # line 4: a bad type
    lines[3] = "X" + lines[3][1:]  # line 4: and a bad postal code, the first column
    path.write_text("".join(lines), encoding="utf-8")
    error = _error(data_copy)
    assert (error.row, error.field) == (4, "postal_code")


def test_a_duplicated_postcode_commune_pair_is_refused_on_its_second_line(data_copy: Path) -> None:
    path = data_copy / POSTCODES_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (POSTCODES_FILE, len(lines) + 1, "insee_code")


def test_a_postcode_row_in_an_unknown_departement_is_refused(data_copy: Path) -> None:
    path = data_copy / POSTCODES_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",Saint-Denis-lès-Bourg,01,", ",Saint-Denis-lès-Bourg,99,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (POSTCODES_FILE, 3, "departement")
    assert "99" in error.message


def test_a_postcode_row_with_too_few_cells_is_refused_with_its_line(data_copy: Path) -> None:
    _replace_in(data_copy / POSTCODES_FILE, FIRST_POSTCODE_ROW, "01000,01053,Bourg-en-Bresse,01")
    error = _error(data_copy)
    assert (error.file, error.row) == (POSTCODES_FILE, 2)
    assert "number of columns" in error.message


def test_a_departement_row_with_too_few_cells_is_refused_with_its_line(data_copy: Path) -> None:
    path = data_copy / DEPARTEMENTS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = ",".join(lines[3].split(",")[:2]) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.row) == (DEPARTEMENTS_FILE, 4)


COMPETENCE_DAMAGES = [
    ("a basis the lookup derives", "unresolved_cross_departement", "only_caisse_of_departement", "basis"),
    ("an unknown basis", "unresolved_cross_departement", "guessed", "basis"),
    ("an unknown confidence", "_departement,low,", "_departement,certain,", "confidence"),
    ("a candidate that is not a caisse id", "401|641", "401|6410", "candidates"),
    ("two caisse ids glued together", "401|641", "401641", "candidates"),
    ("a postal code list with a bad code", "Dax,40390,", "Dax,40390|4039,", "postal_codes"),
    ("a caisse id of letters", "Dax,40390,,", "Dax,40390,abc,", "caisse_id"),
]


@pytest.mark.parametrize(
    ("what", "old", "new", "field"), COMPETENCE_DAMAGES, ids=[case[0] for case in COMPETENCE_DAMAGES]
)
def test_a_damaged_competence_row_names_the_file_the_line_and_the_field(
    data_copy: Path, what: str, old: str, new: str, field: str
) -> None:
    damaged = FIRST_COMPETENCE_CELLS.replace(old, new, 1)
    assert damaged != FIRST_COMPETENCE_CELLS, what
    _replace_in(data_copy / COMPETENCE_FILE, FIRST_COMPETENCE_CELLS, damaged)
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (COMPETENCE_FILE, 2, field)


def test_a_derived_basis_is_refused_with_the_reason(data_copy: Path) -> None:
    damaged = FIRST_COMPETENCE_CELLS.replace("unresolved_cross_departement", "not_in_competence_data")
    _replace_in(data_copy / COMPETENCE_FILE, FIRST_COMPETENCE_CELLS, damaged)
    assert "decided by the lookup" in _error(data_copy).message


def test_a_competence_row_without_a_source_is_refused(data_copy: Path) -> None:
    path = data_copy / COMPETENCE_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index(FIRST_COMPETENCE_CELLS) + len(FIRST_COMPETENCE_CELLS)
    path.write_text(text[:start] + text[text.index(',"', start) :], encoding="utf-8")  # the source cell emptied
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (COMPETENCE_FILE, 2, "source")


def test_a_duplicated_competence_commune_is_refused(data_copy: Path) -> None:
    path = data_copy / COMPETENCE_FILE
    text = path.read_text(encoding="utf-8")
    second = text.index("\n40044,") + 1
    path.write_text(text[:second] + "40042," + text[second + len("40044,") :], encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.row, error.field) == (COMPETENCE_FILE, 3, "insee_code")


def test_every_column_of_the_large_tables_is_a_column_of_their_files() -> None:
    from tests.conftest import DATA

    for table in (POSTCODES, COMPETENCE):
        header = list(read_frame(DATA / table.file, table.names).columns)
        assert header == list(table.names)


# -- The vectorised check and its scalar twin agree -------------------------------------------

COLUMNS = {f"{table.file}:{column.name}": column for table in (POSTCODES, COMPETENCE) for column in table.columns}
CELL = st.one_of(
    st.sampled_from(["", "01000", "2A004", "2B", "975", "401|641", "|401|", "401||641", "401641", "metro", "low"]),
    st.sampled_from([rule for column in COLUMNS.values() for rule in (column.choices or ())]),
    st.text(alphabet="0123456789AB|-x ", max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(column_key=st.sampled_from(sorted(COLUMNS)), values=st.lists(CELL, min_size=1, max_size=6))
def test_a_column_refuses_a_value_vectorised_exactly_when_its_scalar_check_does(
    column_key: str, values: list[str]
) -> None:
    column: Column = COLUMNS[column_key]
    stripped = [value.strip() for value in values]
    vectorised = bad_rows(column, pd.Series(stripped, dtype="str")).tolist()
    assert vectorised == [column.problem(value) is not None for value in stripped]


def test_a_postcode_file_with_its_header_only_gives_an_index_where_every_code_is_unknown(data_copy: Path) -> None:
    path = data_copy / POSTCODES_FILE
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    competence = data_copy / COMPETENCE_FILE
    competence.write_text(competence.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    index = OfficeIndex.build(load_reference_data(data_copy))
    assert index.lookup("75011").status is LookupStatus.UNKNOWN_POSTCODE
    assert index.lookup("98000").status is LookupStatus.OUTSIDE_GENERAL_SCHEME  # Monaco: a postcode territory
