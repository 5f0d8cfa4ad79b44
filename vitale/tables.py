"""Reading a CSV reference file into a pandas DataFrame, and checking it column by column (issue 17).

Rule (issue 2, architecture.md point 5): every row of every reference file is checked at load, codes are
text (a leading zero is part of a postal code), and a bad file stops the app with a message naming the file,
the line and the field. The large tables (35,493 postcode rows, 2,796 competence rows) are checked here
*vectorised*: each :class:`Column` says what its values must be, one boolean mask per rule finds the bad
rows of the whole column at once, and the first bad cell in file order (the lowest line, then the first
column of the table) is reported, with the reason given by :meth:`Column.problem` for that one value —
the scalar twin of the vectorised check, kept beside it so the two cannot drift apart. Small tables whose
rows become the app's edge models (caisses, walk-in offices, territories) are read the same way and then
validated by their pydantic models in :mod:`vitale.referencedata`.

Why plain vectorised checks and not ``pandera``: the rules are few (required, a pattern, a set of values,
a ``|``-separated list), the error has to be ours (file, line, field, in a sentence), and one more
dependency with its own import time would cost the cold start the issue asks to cut. Reading goes through
``pyarrow.csv`` (pandas' own fast reader, already installed with Streamlit): unlike ``pandas.read_csv`` it
reports a row with too few cells instead of padding it, and it reads the postcode file about 3× faster.
"""

from __future__ import annotations

import csv
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

LIST_SEPARATOR = "|"


class DataFileError(Exception):
    """A reference data file is missing or has a bad row.

    ``row`` is the 1-based line number in the file (the header is line 1), or
    ``None`` when the problem is the file as a whole.
    """

    def __init__(self, file: str, message: str, row: int | None = None, field: str | None = None):
        self.file = file
        self.row = row
        self.field = field
        self.message = message
        where = file + (f", line {row}" if row is not None else "")
        where += f", field '{field}'" if field else ""
        super().__init__(f"{where}: {message}")


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while reference data is read and indexed (issue 17).

    The index build creates about 40,000 objects at once, none in a reference cycle; each batch of them made the
    collector walk the whole heap (pandas, pydantic and Streamlit hold ~100,000 objects: ~90 ms a full
    walk on the CI machine), for nothing to collect. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Column:
    """What every value of one column must be. An empty cell is "no value" (stripped of spaces first)."""

    name: str
    required: bool = False
    """Every row has a value."""
    in_header: bool = True
    """The header must name the column; when ``False`` and absent, every row reads as empty."""
    pattern: str | None = None
    """A value (each part of a list) matches this whole regular expression (the same in RE2 and Python)."""
    choices: tuple[str, ...] | None = None
    """A value is one of these."""
    is_list: bool = False
    """A ``|``-separated list; empty parts are ignored, ``pattern`` applies to each part."""
    refused: dict[str, str] = field(default_factory=dict)
    """Values that are well formed but not allowed here, with the reason."""

    def problem(self, value: str) -> str | None:
        """Why ``value`` is not allowed in this column, or ``None`` (the scalar twin of :meth:`bad_rows`)."""
        if value == "":
            return "a value is required" if self.required else None
        if self.choices is not None and value not in self.choices:
            return f"should be one of {', '.join(self.choices)}"
        if value in self.refused:
            return self.refused[value]
        if self.pattern is not None:
            parts = [part for part in value.split(LIST_SEPARATOR) if part] if self.is_list else [value]
            if any(re.fullmatch(self.pattern, part) is None for part in parts):
                return f"should match {self.pattern}"
        return None

    def bad_rows(self, values: pd.Series) -> np.ndarray:
        """A boolean mask of the rows whose value :meth:`problem` refuses, computed for the whole column."""
        present = (values != "").to_numpy(dtype=bool)
        bad = ~present if self.required else np.zeros(len(values), dtype=bool)
        if self.choices is not None:
            bad |= present & ~values.isin(self.choices).to_numpy(dtype=bool)
        if self.refused:
            bad |= values.isin(list(self.refused)).to_numpy(dtype=bool)
        if self.pattern is not None:
            pattern = self.pattern
            if self.is_list:
                part = f"(?:{pattern})"
                pattern = rf"\|*(?:{part}(?:\|+{part})*)?\|*"
            bad |= present & ~values.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)
        return bad


@dataclass(frozen=True)
class Table:
    """A reference file: its name and its columns, in the order problems are reported."""

    file: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def read_frame(path: Path, columns: Sequence[str], required: Sequence[str] = ()) -> pd.DataFrame:
    """Read a UTF-8 CSV file with a header into a DataFrame of text columns, every cell stripped.

    ``columns`` are the known columns (an unknown one is refused), ``required`` those the header must
    have; a known column the header lacks reads as empty. Raises :class:`DataFileError` for a missing or
    unreadable file, a bad header, or a row with more or fewer cells than the header (with its line).
    """
    name = path.name
    header = _header(path)
    missing = [column for column in required if column not in header]
    if missing:
        raise DataFileError(name, f"missing column(s): {', '.join(missing)}", row=1)
    unknown = [column for column in header if column not in columns]
    if unknown:
        raise DataFileError(name, f"unknown column(s): {', '.join(unknown)}", row=1)
    if len(set(header)) != len(header):
        raise DataFileError(name, "a column name appears twice", row=1)
    uneven: list[int] = []

    def _uneven_row(row: pa_csv.InvalidRow) -> str:
        uneven.append(row.number)
        return "skip"

    try:
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
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error) or "UTF-8" in str(error):
            raise DataFileError(name, "the file is not valid UTF-8 text") from error
        raise DataFileError(name, f"the file cannot be read ({error})") from error
    except OSError as error:
        raise DataFileError(name, f"the file cannot be read ({error})") from error
    if uneven:
        line = uneven[0] if uneven[0] > 0 else None
        raise DataFileError(name, "the row does not have the same number of columns as the header", row=line)
    frame = pd.DataFrame(
        {column: table.column(column).to_pandas().str.strip() if column in header else "" for column in columns},
        index=pd.RangeIndex(table.num_rows),
    )
    return frame.astype("str") if table.num_rows == 0 else frame


def _header(path: Path) -> list[str]:
    name = path.name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), [])
    except FileNotFoundError as error:
        raise DataFileError(name, "the file is missing") from error
    except UnicodeDecodeError as error:
        raise DataFileError(name, "the file is not valid UTF-8 text") from error
    except (OSError, csv.Error) as error:
        raise DataFileError(name, f"the file cannot be read ({error})") from error


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
        bad = column.bad_rows(frame[column.name])
        if bad.any():
            row = int(np.argmax(bad))
            if first_row is None or row < first_row:
                first_row, first_column = row, column
    if first_row is None or first_column is None:
        return
    value = str(frame[first_column.name].iloc[first_row])
    reason = first_column.problem(value) or "refused"
    raise DataFileError(table.file, f"{reason} (value: {value!r})", row=first_row + 2, field=first_column.name)
