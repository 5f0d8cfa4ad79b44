"""Building the office lookup's index from the validated reference data, in one place (issue 12).

:func:`build_parts` turns the rows of ``data/`` into the lookup's tables: the caisses (with their walk-in
offices), the communes of each postal code, the placement of every commune (which caisse serves it, why,
how sure we are; :mod:`vitale.competence` states the rule) and the territories outside the network. It
checks that the files agree with each other and raises :class:`~vitale.referencedata.DataFileError`
naming the file, line and field when they do not. :class:`vitale.offices.OfficeIndex` answers lookups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import NamedTuple, TypeVar

from vitale.caisses import Caisse, WalkinOffice
from vitale.competence import Commune, Competence, Placement, Territory
from vitale.network import CompetenceRule
from vitale.provenance import Confidence
from vitale.referencedata import (
    CAISSES_FILE,
    COMPETENCE_FILE,
    POSTCODES_FILE,
    TERRITORIES_FILE,
    WALKIN_FILE,
    DataFileError,
    ReferenceData,
    TerritoryRow,
)
from vitale.sources import registry

T = TypeVar("T")


class IndexParts(NamedTuple):
    """The lookup's tables, checked against each other."""

    communes_by_postcode: Mapping[str, tuple[Commune, ...]]
    placements: Mapping[str, Placement]
    caisses: Mapping[str, Caisse]
    postcode_territories: Mapping[str, Territory]


def build_parts(data: ReferenceData, fresh_since: date) -> IndexParts:
    """Index validated reference data; cross-file inconsistencies raise :class:`DataFileError`."""
    departement_names = {row.code: row.name for row in data.departements}
    caisses = _index_caisses(data, departement_names, fresh_since)
    territories = index_territories(data.territories, departement_names)
    communes_by_postcode, communes = _index_communes(data, departement_names)
    placements = place_communes(data, {code: c.departement for code, c in communes.items()}, caisses, territories)
    postcode_territories = {
        row.key: territories[("postal_code", row.key)] for row in data.territories if row.key_kind == "postal_code"
    }
    return IndexParts(communes_by_postcode, placements, caisses, postcode_territories)


def numbered(rows: Iterable[T]) -> Iterator[tuple[int, T]]:
    """Rows with their line number in the CSV file (the header is line 1)."""
    return ((index + 2, row) for index, row in enumerate(rows))


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


def _index_walkin_offices(data: ReferenceData) -> dict[str, tuple[WalkinOffice, ...]]:
    """Each caisse's walk-in offices (a partial list: PROVENANCE.md); an unknown caisse id is a data error."""
    known = {row.caisse_id for row in data.caisses}
    offices: defaultdict[str, list[WalkinOffice]] = defaultdict(list)
    for line, row in numbered(data.walkin_offices):
        if row.caisse_id not in known:
            raise DataFileError(WALKIN_FILE, f"unknown caisse {row.caisse_id}", line, "caisse_id")
        offices[row.caisse_id].append(WalkinOffice.from_row(row))
    return {caisse_id: tuple(found) for caisse_id, found in offices.items()}


def _index_caisses(data: ReferenceData, departement_names: Mapping[str, str], fresh_since: date) -> dict[str, Caisse]:
    offices = _index_walkin_offices(data)
    caisses: dict[str, Caisse] = {}
    for line, row in numbered(data.caisses):
        if row.caisse_id in caisses:
            raise DataFileError(CAISSES_FILE, "duplicate caisse_id", line, "caisse_id")
        if row.departement not in departement_names:
            raise DataFileError(CAISSES_FILE, f"unknown département {row.departement}", line, "departement")
        caisses[row.caisse_id] = Caisse.from_row(row, fresh_since, offices.get(row.caisse_id, ()))
    return caisses


def _index_communes(
    data: ReferenceData, departement_names: Mapping[str, str]
) -> tuple[dict[str, tuple[Commune, ...]], dict[str, Commune]]:
    by_postcode: defaultdict[str, list[Commune]] = defaultdict(list)
    communes: dict[str, Commune] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in numbered(data.postcodes):
        pair = (row.postal_code, row.insee_code)
        if pair in seen:
            raise DataFileError(POSTCODES_FILE, "duplicate (postal_code, insee_code) pair", line, "insee_code")
        seen.add(pair)
        if row.departement not in departement_names:
            raise DataFileError(POSTCODES_FILE, f"unknown département {row.departement}", line, "departement")
        commune = communes.get(row.insee_code)
        if commune is None:
            commune = Commune(
                insee_code=row.insee_code,
                name=row.commune_name,
                departement=row.departement,
                departement_name=departement_names[row.departement],
            )
            communes[row.insee_code] = commune
        by_postcode[row.postal_code].append(commune)
    ordered = {
        code: tuple(sorted(items, key=lambda commune: (commune.name.casefold(), commune.insee_code)))
        for code, items in by_postcode.items()
    }
    return ordered, communes
