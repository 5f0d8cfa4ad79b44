"""Which caisse serves a commune, why, and how sure we are.

Rule (domain.md §5 "CPAM lookup"): a person depends on the caisse of their
usual residence. Where a département has a single caisse, that caisse serves
every commune. Where it has several (Nord, Pas-de-Calais,
Pyrénées-Atlantiques, Seine-Maritime), or where the law places a commune
elsewhere (Saint-Martin → CGSS de la Guadeloupe, CSS art. L752-1), the
commune-level competence data decides — or honestly cannot, and then every
candidate is kept. Territories with their own system (territories.csv) have
no caisse at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from vitale.caisses import Caisse
from vitale.network import CompetenceRule
from vitale.provenance import Confidence
from vitale.referencedata import (
    CAISSES_FILE,
    COMPETENCE_FILE,
    TERRITORIES_FILE,
    DataFileError,
    ReferenceData,
    TerritoryRow,
)
from vitale.sources import registry

_FROZEN = ConfigDict(frozen=True, extra="forbid")
T = TypeVar("T")


def numbered(rows: Iterable[T]) -> Iterator[tuple[int, T]]:
    """Rows with their line number in the CSV file (the header is line 1)."""
    return ((index + 2, row) for index, row in enumerate(rows))


class Territory(BaseModel):
    """A territory whose residents are not handled by a CPAM, CGSS or CSS."""

    model_config = _FROZEN

    name: str
    body: str | None
    body_url: str | None
    note_key: str
    source_ids: tuple[str, ...]
    verified_on: date | None
    confidence: Confidence


class Competence(BaseModel):
    """Which caisse(s) may serve one commune, why, and how sure we are.

    One ``caisse_ids`` entry means the data decides; several mean it cannot
    (the user must confirm); none means the commune is outside the network.
    """

    model_config = _FROZEN

    insee_code: str
    caisse_ids: tuple[str, ...]
    rule: CompetenceRule
    confidence: Confidence
    source: str
    source_ids: tuple[str, ...]
    verified_on: date | None


class Placement(BaseModel):
    """What decides a commune — a competence, and a territory when outside."""

    model_config = _FROZEN

    competence: Competence
    territory: Territory | None = None

    @property
    def key(self) -> tuple[str, ...]:
        if self.territory is not None:
            return ("outside", self.territory.name)
        return ("caisses", *self.competence.caisse_ids)


def index_territories(
    rows: Iterable[TerritoryRow], departement_names: Mapping[str, str]
) -> dict[tuple[str, str], Territory]:
    known_sources = registry()
    territories: dict[tuple[str, str], Territory] = {}
    for line, row in numbered(rows):
        key = (row.key_kind, row.key)
        if key in territories:
            raise DataFileError(TERRITORIES_FILE, "duplicate territory", line, "key")
        if row.key_kind == "departement" and row.key not in departement_names:
            raise DataFileError(TERRITORIES_FILE, f"unknown département {row.key}", line, "key")
        if row.source not in known_sources:
            raise DataFileError(TERRITORIES_FILE, f"unknown source id {row.source}", line, "source")
        territories[key] = Territory(
            name=row.name,
            body=row.body,
            body_url=str(row.body_url) if row.body_url else None,
            note_key=row.note_key,
            source_ids=(row.source,),
            verified_on=row.verified_on,
            confidence=row.confidence,
        )
    return territories


def place_communes(
    data: ReferenceData,
    communes: Mapping[str, str],
    caisses: Mapping[str, Caisse],
    territories: Mapping[tuple[str, str], Territory],
) -> dict[str, Placement]:
    """Decide, for every commune, its caisse(s) or its territory."""
    sources = registry()
    caisses_by_departement: defaultdict[str, list[str]] = defaultdict(list)
    for caisse in caisses.values():
        caisses_by_departement[caisse.departement].append(caisse.caisse_id)

    overrides: dict[str, Placement] = {}
    for line, row in numbered(data.competence):
        if row.insee_code in overrides:
            raise DataFileError(COMPETENCE_FILE, "duplicate insee_code", line, "insee_code")
        named = (("caisse_id", (row.caisse_id,) if row.caisse_id else ()), ("candidates", row.candidates))
        for field, referenced in named:
            for caisse_id in referenced:
                if caisse_id not in caisses:
                    raise DataFileError(COMPETENCE_FILE, f"unknown caisse {caisse_id}", line, field)
        rule = row.basis
        territory = territories.get(("departement", row.departement))
        if row.basis is CompetenceRule.LAW_OUTSIDE_CPAM_NETWORK:
            if territory is None:
                raise DataFileError(COMPETENCE_FILE, "outside the network but no territory row", line, "departement")
            ids: tuple[str, ...] = ()
        elif row.caisse_id:
            ids = (row.caisse_id,)
        elif row.candidates:
            ids = row.candidates
        else:
            raise DataFileError(COMPETENCE_FILE, "neither caisse_id nor candidates", line, "caisse_id")
        overrides[row.insee_code] = Placement(
            competence=Competence(
                insee_code=row.insee_code,
                caisse_ids=ids,
                rule=rule,
                confidence=row.confidence,
                source=row.source,
                source_ids=("cpam_competence_2026",),
                verified_on=sources["cpam_competence_2026"].dated,
            ),
            territory=territory if not ids else None,
        )

    snds = sources["snds_caisses"]
    placements: dict[str, Placement] = {}
    for insee_code, departement in communes.items():
        if insee_code in overrides:
            placements[insee_code] = overrides[insee_code]
            continue
        territory = territories.get(("departement", departement))
        candidates = tuple(sorted(caisses_by_departement.get(departement, ())))
        if territory is not None and not candidates:
            competence = Competence(
                insee_code=insee_code,
                caisse_ids=(),
                rule=CompetenceRule.TERRITORY_OUTSIDE_NETWORK,
                confidence=territory.confidence,
                source=", ".join(territory.source_ids),
                source_ids=territory.source_ids,
                verified_on=territory.verified_on,
            )
            placements[insee_code] = Placement(competence=competence, territory=territory)
            continue
        if not candidates:
            raise DataFileError(CAISSES_FILE, f"no caisse for département {departement} (commune {insee_code})")
        single = len(candidates) == 1
        placements[insee_code] = Placement(
            competence=Competence(
                insee_code=insee_code,
                caisse_ids=candidates,
                rule=CompetenceRule.ONLY_CAISSE_OF_DEPARTEMENT if single else CompetenceRule.NOT_IN_COMPETENCE_DATA,
                confidence=Confidence.HIGH if single else Confidence.LOW,
                source=str(snds.url),
                source_ids=(snds.id,),
                verified_on=snds.dated,
            )
        )
    return placements
