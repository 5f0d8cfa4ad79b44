"""Loading and validating the reference data files of ``data/``.

Rule (issue 2, architecture.md point 5): every row of every file is validated
at load. Postal and INSEE codes are read as text (a leading zero is part of
the code). A missing or malformed file raises :class:`DataFileError`, which
names the file, the row (its line number in the file) and the field, so the
app can stop with a clear message instead of a traceback.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from vitale.network import DERIVED_RULES, CaisseKind, CompetenceRule
from vitale.provenance import Confidence

DATA_DIR_ENV = "VITALE_DATA_DIR"
"""Environment variable that points the app at another data folder (tests, staging)."""

POSTCODES_FILE = "postcodes.csv"
DEPARTEMENTS_FILE = "departements.csv"
CAISSES_FILE = "cpam_caisses.csv"
COMPETENCE_FILE = "cpam_competence.csv"
TERRITORIES_FILE = "territories.csv"
WALKIN_FILE = "cpam_walkin_offices.csv"


PROJECT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def default_data_dir() -> Path:
    """``$VITALE_DATA_DIR`` when set, else the project's ``data/`` folder."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else PROJECT_DATA_DIR


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


def _empty_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip() == "" else value


def _split_pipes(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(part for part in value.split("|") if part)
    return value


Optional = BeforeValidator(_empty_to_none)
PostalCode = Annotated[str, Field(pattern=r"^\d{5}$")]
InseeCode = Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$")]
DepartementCode = Annotated[str, Field(pattern=r"^(\d{2}|2[AB]|97\d|98\d)$")]
CaisseId = Annotated[str, Field(pattern=r"^(\d{3}|2[AB]\d)$")]
Text = Annotated[str, Field(min_length=1)]
Zone = Literal["metro", "drom", "com"]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PostcodeRow(_Row):
    """One (postal code, commune) pair of ``postcodes.csv``."""

    postal_code: PostalCode
    insee_code: InseeCode
    commune_name: Text
    departement: DepartementCode
    arrondissement: Annotated[str | None, Optional] = None
    population: Annotated[Annotated[int, Field(ge=0)] | None, Optional] = None
    zone: Zone
    commune_type: Literal["commune-actuelle", "arrondissement-municipal"]
    parent_commune: Annotated[InseeCode | None, Optional] = None
    arrondissement_name: Annotated[str | None, Optional] = None
    libelle_acheminement: Annotated[str | None, Optional] = None


class DepartementRow(_Row):
    """A département or overseas collectivity of ``departements.csv``."""

    code: DepartementCode
    name: Text
    region: Annotated[str | None, Optional] = None
    region_name: Annotated[str | None, Optional] = None
    zone: Zone
    chef_lieu: Annotated[str | None, Optional] = None


class CaisseRow(_Row):
    """A caisse of ``cpam_caisses.csv``."""

    caisse_id: CaisseId
    name: Text
    kind: CaisseKind
    departement: DepartementCode
    mailing_address_line1: Annotated[str | None, Optional] = None
    mailing_address_line2: Annotated[str | None, Optional] = None
    postal_code: Annotated[PostalCode | None, Optional] = None
    city: Annotated[str | None, Optional] = None
    phone: Annotated[str | None, Optional] = None
    website: Annotated[HttpUrl | None, Optional] = None
    source_url: Text
    verified_on: Annotated[date | None, Optional] = None
    notes: Annotated[str | None, Optional] = None
    short_name: Text
    ameli_url: Annotated[HttpUrl | None, Optional] = None
    address_source: Annotated[str | None, Optional] = None
    """Source id (``sources.toml``) of the mailing address: ``dila_annuaire_2026``, ``cpam_address_list_2014``…"""
    address_dated: Annotated[date | None, Optional] = None
    """The date of the DILA fiche the address was read from (its ``date_modification``), when known."""
    dila_uuid: Annotated[str | None, Optional] = None
    dila_url: Annotated[HttpUrl | None, Optional] = None


DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_PATTERN = (
    r"^((mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))? "
    r"\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*)"
    r"(;(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))? "
    r"\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*)*$"
)
"""``mon 08:30-12:30,13:30-17:00;wed-fri 08:30-12:30``: day spans with their opening times."""


class WalkinRow(_Row):
    """A walk-in office (accueil) of a caisse, from the DILA directory (``cpam_walkin_offices.csv``)."""

    caisse_id: CaisseId
    office_name: Text
    street_address: Text
    postal_code: PostalCode
    city: Text
    hours: Annotated[Annotated[str, Field(pattern=HOURS_PATTERN)] | None, Optional] = None
    hours_note: Annotated[str | None, Optional] = None
    """The fiche's comment on the hours, as published (in French)."""
    by_appointment: bool
    phone: Annotated[str | None, Optional] = None
    dila_uuid: Text
    url: Annotated[HttpUrl | None, Optional] = None
    date_modification: date
    source: Text
    notes: Annotated[str | None, Optional] = None


class CompetenceRow(_Row):
    """Which caisse serves one commune where the département alone cannot tell."""

    insee_code: InseeCode
    commune_name: Text
    departement: DepartementCode
    arrondissement: Annotated[str | None, Optional] = None
    arrondissement_name: Annotated[str | None, Optional] = None
    postal_codes: Annotated[tuple[PostalCode, ...], BeforeValidator(_split_pipes)]
    caisse_id: Annotated[CaisseId | None, Optional] = None
    caisse_name: Annotated[str | None, Optional] = None
    candidates: Annotated[tuple[CaisseId, ...], BeforeValidator(_split_pipes)] = ()
    basis: CompetenceRule
    confidence: Confidence
    source: Text
    notes: Annotated[str | None, Optional] = None

    @field_validator("basis")
    @classmethod
    def _a_data_basis(cls, basis: CompetenceRule) -> CompetenceRule:
        if basis in DERIVED_RULES:
            raise ValueError(f"{basis.value} is decided by the lookup, not a basis a data row may claim")
        return basis


class TerritoryRow(_Row):
    """A territory outside the CPAM/CGSS network (``territories.csv``, hand-curated)."""

    key_kind: Literal["departement", "postal_code"]
    key: Annotated[str, Field(pattern=r"^\d{3,5}$")]
    name: Text
    body: Annotated[str | None, Optional] = None
    body_url: Annotated[HttpUrl | None, Optional] = None
    note_key: Text
    source: Text
    verified_on: Annotated[date | None, Optional] = None
    confidence: Confidence


RowT = TypeVar("RowT", bound="_Row")


def read_table(path: Path, model: type[RowT]) -> tuple[RowT, ...]:
    """Read a UTF-8 CSV file and validate every row against ``model``.

    Raises :class:`DataFileError` for a missing or unreadable file, a header
    that lacks a required column or has an unknown one, or a bad row (the
    first one, with its line number and field).
    """
    name = path.name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            _check_header(name, header, model)
            rows: list[dict[str, str | None]] = list(reader)
    except FileNotFoundError as error:
        raise DataFileError(name, "the file is missing") from error
    except UnicodeDecodeError as error:
        raise DataFileError(name, "the file is not valid UTF-8 text") from error
    except (OSError, csv.Error) as error:
        raise DataFileError(name, f"the file cannot be read ({error})") from error
    for index, row in enumerate(rows):
        if None in row or any(value is None for value in row.values()):
            raise DataFileError(name, "the row does not have the same number of columns as the header", row=index + 2)
    try:
        return tuple(TypeAdapter(list[model]).validate_python(rows))  # type: ignore[valid-type]
    except ValidationError as error:
        first = error.errors()[0]
        location = first["loc"]
        row_index = location[0] if location and isinstance(location[0], int) else None
        field = str(location[1]) if len(location) > 1 else None
        raise DataFileError(
            name,
            f"{first['msg']} (value: {first.get('input')!r})",
            row=None if row_index is None else row_index + 2,
            field=field,
        ) from error


def _check_header(name: str, header: Sequence[str], model: type[_Row]) -> None:
    expected = list(model.model_fields)
    required = {key for key, info in model.model_fields.items() if info.is_required()}
    missing = [column for column in expected if column in required and column not in header]
    if missing:
        raise DataFileError(name, f"missing column(s): {', '.join(missing)}", row=1)
    unknown = [column for column in header if column not in expected]
    if unknown:
        raise DataFileError(name, f"unknown column(s): {', '.join(unknown)}", row=1)
    if len(set(header)) != len(header):
        raise DataFileError(name, "a column name appears twice", row=1)


class ReferenceData(BaseModel):
    """All reference tables, each row validated. Cross-file checks happen in :mod:`vitale.offices`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    postcodes: tuple[PostcodeRow, ...]
    departements: tuple[DepartementRow, ...]
    caisses: tuple[CaisseRow, ...]
    competence: tuple[CompetenceRow, ...]
    territories: tuple[TerritoryRow, ...]
    walkin_offices: tuple[WalkinRow, ...] = ()


def load_reference_data(data_dir: Path | None = None) -> ReferenceData:
    """Read and validate every reference file of ``data_dir`` (default: :func:`default_data_dir`)."""
    folder = data_dir or default_data_dir()
    return ReferenceData.model_construct(
        postcodes=read_table(folder / POSTCODES_FILE, PostcodeRow),
        departements=read_table(folder / DEPARTEMENTS_FILE, DepartementRow),
        caisses=read_table(folder / CAISSES_FILE, CaisseRow),
        competence=read_table(folder / COMPETENCE_FILE, CompetenceRow),
        territories=read_table(folder / TERRITORIES_FILE, TerritoryRow),
        walkin_offices=read_table(folder / WALKIN_FILE, WalkinRow),
    )
