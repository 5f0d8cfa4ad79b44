"""The reference tables' columns and what their values must be; the error a damaged file raises (issue 17).

Rule (issue 2, architecture.md point 5): every row of every reference file is checked at load, codes are
text (a leading zero is part of a postal code), and a bad file stops the app with a message naming the file,
the line and the field. A :class:`Table` lists its columns (:class:`Column`); :meth:`Column.problem` says why one
value is refused. :mod:`vitale.frames` reads a file into a pandas DataFrame and applies the same rules to
whole columns at once. This module imports no pandas, so that the pages that never look a caisse up (the home
page first) start without it.
"""

from __future__ import annotations

import csv
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

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
    collector walk the whole heap (pandas, pydantic and Streamlit hold ~100,000 objects: 90–150 ms a full
    walk on the 2-core CI machine), for nothing to collect. Reference counting still frees everything as usual.
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
        """Why ``value`` is not allowed in this column, or ``None`` (the scalar twin of
        :func:`vitale.frames.bad_rows`, which applies the same rules to a whole column)."""
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


@dataclass(frozen=True)
class Table:
    """A reference file: its name and its columns, in the order problems are reported."""

    file: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn the ways reading ``path`` can fail (missing, not UTF-8, unreadable, bad CSV quoting) into a
    :class:`DataFileError` naming the file."""
    name = path.name
    try:
        yield
    except FileNotFoundError as error:
        raise DataFileError(name, "the file is missing") from error
    except UnicodeDecodeError as error:
        raise DataFileError(name, "the file is not valid UTF-8 text") from error
    except (OSError, csv.Error) as error:
        raise DataFileError(name, f"the file cannot be read ({error})") from error


def read_header(path: Path) -> list[str]:
    """The first line of a UTF-8 CSV file, as column names; :class:`DataFileError` if it cannot be read."""
    with reading(path), path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def check_header(name: str, header: Sequence[str], known: Sequence[str], required: Sequence[str]) -> None:
    """Refuse a header that lacks a ``required`` column, has one not ``known``, or names a column twice."""
    missing = [column for column in required if column not in header]
    if missing:
        raise DataFileError(name, f"missing column(s): {', '.join(missing)}", row=1)
    unknown = [column for column in header if column not in known]
    if unknown:
        raise DataFileError(name, f"unknown column(s): {', '.join(unknown)}", row=1)
    if len(set(header)) != len(header):
        raise DataFileError(name, "a column name appears twice", row=1)
