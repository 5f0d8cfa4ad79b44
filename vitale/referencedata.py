"""Loading and validating the reference data files of ``data/``.

Rule (issue 2, architecture.md point 5): every row of every file is validated
at load. Postal and INSEE codes are read as text (a leading zero is part of
the code). A missing or malformed file raises :class:`DataFileError`, which
names the file, the row (its line number in the file) and the field, so the
app can stop with a clear message instead of a traceback.

Issue 17: the two large tables (postcodes, commune-level competence) are pandas
DataFrames of text columns checked vectorised (:data:`POSTCODES`,
:data:`COMPETENCE`, :mod:`vitale.tables`); the small ones, whose rows become
the app's edge models, are validated row by row by pydantic (:func:`read_table`).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    TypeAdapter,
    ValidationError,
)

if TYPE_CHECKING:
    import pandas as pd

from vitale.network import DERIVED_RULES, CaisseKind, CompetenceRule
from vitale.provenance import Confidence
from vitale.tables import Column, Table, check_header, reading, without_cyclic_gc
from vitale.tables import DataFileError as DataFileError  # re-exported: the app and tests catch it from here

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


def _empty_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip() == "" else value


POSTAL_CODE = r"\d{5}"
INSEE_CODE = r"\d{5}|2[AB]\d{3}"
DEPARTEMENT_CODE = r"\d{2}|2[AB]|97\d|98\d"
CAISSE_ID = r"\d{3}|2[AB]\d"

Optional = BeforeValidator(_empty_to_none)
PostalCode = Annotated[str, Field(pattern=f"^{POSTAL_CODE}$")]
InseeCode = Annotated[str, Field(pattern=f"^({INSEE_CODE})$")]
DepartementCode = Annotated[str, Field(pattern=f"^({DEPARTEMENT_CODE})$")]
CaisseId = Annotated[str, Field(pattern=f"^({CAISSE_ID})$")]
Text = Annotated[str, Field(min_length=1)]
ZONES = ("metro", "drom", "com")
Zone = Literal["metro", "drom", "com"]

POSTCODES = Table(
    POSTCODES_FILE,
    (
        Column("postal_code", required=True, pattern=POSTAL_CODE),
        Column("insee_code", required=True, pattern=INSEE_CODE),
        Column("commune_name", required=True),
        Column("departement", required=True, pattern=DEPARTEMENT_CODE),
        Column("arrondissement", in_header=False),
        Column("population", in_header=False, pattern=r"\d+"),
        Column("zone", required=True, choices=ZONES),
        Column("commune_type", required=True, choices=("commune-actuelle", "arrondissement-municipal")),
        Column("parent_commune", in_header=False, pattern=INSEE_CODE),
        Column("arrondissement_name", in_header=False),
        Column("libelle_acheminement", in_header=False),
    ),
)
"""``postcodes.csv``: one (postal code, commune) pair per row (La Poste's base, INSEE's codes; PROVENANCE.md).
A population is a whole number; a municipal arrondissement names its ``parent_commune``."""

COMPETENCE = Table(
    COMPETENCE_FILE,
    (
        Column("insee_code", required=True, pattern=INSEE_CODE),
        Column("commune_name", required=True),
        Column("departement", required=True, pattern=DEPARTEMENT_CODE),
        Column("arrondissement", in_header=False),
        Column("arrondissement_name", in_header=False),
        Column("postal_codes", pattern=POSTAL_CODE, is_list=True),
        Column("caisse_id", in_header=False, pattern=CAISSE_ID),
        Column("caisse_name", in_header=False),
        Column("candidates", in_header=False, pattern=CAISSE_ID, is_list=True),
        Column(
            "basis",
            required=True,
            choices=tuple(rule.value for rule in CompetenceRule),
            refused={
                rule.value: f"{rule.value} is decided by the lookup, not a basis a data row may claim"
                for rule in DERIVED_RULES
            },
        ),
        Column("confidence", required=True, choices=tuple(confidence.value for confidence in Confidence)),
        Column("source", required=True),
        Column("notes", in_header=False),
    ),
)
"""``cpam_competence.csv``: which caisse serves a commune where the département alone cannot tell.
``caisse_id`` when the data decides, else the ``|``-separated ``candidates``; ``basis`` is a
:class:`~vitale.network.CompetenceRule` a data row may claim (never one the lookup derives)."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


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


@cache
def _rows_adapter(model: type[RowT]) -> TypeAdapter[list[RowT]]:
    """A validator of a list of ``model`` rows, built once per model (building one costs milliseconds)."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def read_table(path: Path, model: type[RowT]) -> tuple[RowT, ...]:
    """Read a small UTF-8 CSV file and validate every row against the pydantic ``model``.

    For tables whose rows become the app's edge models (a caisse, a walk-in office, a territory, a
    country): a few hundred rows, where pydantic's URL and date types are worth their cost, read with the
    ``csv`` module (no pandas needed). The large tables are checked vectorised (:data:`POSTCODES`,
    :data:`COMPETENCE`, :mod:`vitale.frames`). Raises :class:`DataFileError` for a missing or unreadable
    file, a header that lacks a required column or has an unknown one, or a bad row (the first one, with
    its line number and field).
    """
    name = path.name
    required = [key for key, info in model.model_fields.items() if info.is_required()]
    with reading(path), path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        check_header(name, reader.fieldnames or [], list(model.model_fields), required)
        rows: list[dict[str, str | None]] = list(reader)
    for index, row in enumerate(rows):
        if None in row or any(value is None for value in row.values()):
            raise DataFileError(name, "the row does not have the same number of columns as the header", row=index + 2)
    try:
        return tuple(_rows_adapter(model).validate_python(rows))
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


@dataclass(frozen=True)
class ReferenceData:
    """All reference tables, each checked. Cross-file checks happen in :mod:`vitale.office_index`.

    ``postcodes`` and ``competence`` are DataFrames with the columns of :data:`POSTCODES` and
    :data:`COMPETENCE`, every cell text (``""`` for no value), lists still ``|``-separated.
    """

    postcodes: pd.DataFrame
    departements: tuple[DepartementRow, ...]
    caisses: tuple[CaisseRow, ...]
    competence: pd.DataFrame
    territories: tuple[TerritoryRow, ...]
    walkin_offices: tuple[WalkinRow, ...] = ()


def load_reference_data(data_dir: Path | None = None) -> ReferenceData:
    """Read and validate every reference file of ``data_dir`` (default: :func:`default_data_dir`)."""
    folder = data_dir or default_data_dir()
    with without_cyclic_gc():
        return _load(folder)


def _load(folder: Path) -> ReferenceData:
    # pandas is imported here, not with this module: the pages that never look a caisse up start without it.
    from vitale.frames import read_checked

    return ReferenceData(
        postcodes=read_checked(folder / POSTCODES_FILE, POSTCODES),
        departements=read_table(folder / DEPARTEMENTS_FILE, DepartementRow),
        caisses=read_table(folder / CAISSES_FILE, CaisseRow),
        competence=read_checked(folder / COMPETENCE_FILE, COMPETENCE),
        territories=read_table(folder / TERRITORIES_FILE, TerritoryRow),
        walkin_offices=read_table(folder / WALKIN_FILE, WalkinRow),
    )
