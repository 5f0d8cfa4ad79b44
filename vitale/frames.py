"""Reading a CSV reference file into a pandas DataFrame, and checking it column by column (issue 17).

The large tables (35,493 postcode rows, 2,796 competence rows) are checked *vectorised*: for each
:class:`~vitale.tables.Column`, one boolean mask per rule finds the bad rows of the whole column at once
(:func:`bad_rows`), and the first bad cell in file order (the lowest line, then the first column of the
table) is reported, with the reason :meth:`Column.problem <vitale.tables.Column.problem>` gives for that
one value — the scalar twin of the vectorised check (a property test holds them together).

Why plain vectorised checks and not ``pandera``: the rules are few (required, a pattern, a set of values,
a ``|``-separated list), the error has to be ours (file, line, field, in a sentence), and one more
dependency with its own import time would cost the cold start the issue asks to cut. Reading goes through
``pyarrow.csv`` (pandas' own fast reader, installed with Streamlit): unlike ``pandas.read_csv`` it reports
a row with too few cells instead of padding it, and it reads the postcode file about 3× faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from vitale.tables import Column, DataFileError, Table, check_header, read_header, reading


def bad_rows(column: Column, values: pd.Series) -> np.ndarray:
    """A boolean mask of the rows whose value ``column.problem`` refuses, computed for the whole column."""
    present = (values != "").to_numpy(dtype=bool)
    bad = ~present if column.required else np.zeros(len(values), dtype=bool)
    if column.choices is not None:
        bad |= present & ~values.isin(column.choices).to_numpy(dtype=bool)
    if column.refused:
        bad |= values.isin(list(column.refused)).to_numpy(dtype=bool)
    if column.pattern is not None:
        pattern = column.pattern
        if column.is_list:
            part = f"(?:{pattern})"
            pattern = rf"\|*(?:{part}(?:\|+{part})*)?\|*"
        bad |= present & ~values.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)
    return bad


def read_frame(path: Path, columns: Sequence[str], required: Sequence[str] = ()) -> pd.DataFrame:
    """Read a UTF-8 CSV file with a header into a DataFrame of text columns, every cell stripped.

    ``columns`` are the known columns (an unknown one is refused), ``required`` those the header must
    have; a known column the header lacks reads as empty. Raises :class:`DataFileError` for a missing or
    unreadable file, a bad header, or a row with more or fewer cells than the header (with its line).
    """
    name = path.name
    header = read_header(path)
    check_header(name, header, columns, required)
    uneven: list[int] = []

    def _uneven_row(row: pa_csv.InvalidRow) -> str:
        uneven.append(row.number)
        return "skip"

    try:
        with reading(path):
            table = pa_csv.read_csv(
                path,
                read_options=pa_csv.ReadOptions(use_threads=False),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=_uneven_row),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except pa.ArrowInvalid as error:  # Arrow's own parse errors (not an OSError)
        if "UTF8" in str(error) or "UTF-8" in str(error):
            raise DataFileError(name, "the file is not valid UTF-8 text") from error
        raise DataFileError(name, f"the file cannot be read ({error})") from error
    if uneven:
        line = uneven[0] if uneven[0] > 0 else None
        raise DataFileError(name, "the row does not have the same number of columns as the header", row=line)
    frame = pd.DataFrame(
        {column: table.column(column).to_pandas().str.strip() if column in header else "" for column in columns},
        index=pd.RangeIndex(table.num_rows),
    )
    return frame.astype("str") if table.num_rows == 0 else frame


def read_checked(path: Path, table: Table) -> pd.DataFrame:
    """Read ``path`` with :func:`read_frame` and check every cell against ``table``'s columns.

    The first problem in file order is raised as :class:`DataFileError` (file, line, field, the reason
    and the value).
    """
    required = [column.name for column in table.columns if column.in_header]
    frame = read_frame(path, table.names, required)
    check(frame, table)
    return frame


def check(frame: pd.DataFrame, table: Table) -> None:
    """Raise :class:`DataFileError` for the first cell of ``frame`` (line order, then column order) that a
    column of ``table`` refuses."""
    first_row: int | None = None
    first_column: Column | None = None
    for column in table.columns:
        bad = bad_rows(column, frame[column.name])
        if bad.any():
            row = int(np.argmax(bad))
            if first_row is None or row < first_row:
                first_row, first_column = row, column
    if first_row is None or first_column is None:
        return
    value = str(frame[first_column.name].iloc[first_row])
    reason = first_column.problem(value) or "refused"
    raise DataFileError(table.file, f"{reason} (value: {value!r})", row=first_row + 2, field=first_column.name)
