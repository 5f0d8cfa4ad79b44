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
from itertools import repeat
from typing import NamedTuple, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
from vitale.sources import Source, registry
from vitale.tables import LIST_SEPARATOR

T = TypeVar("T")


class IndexParts(NamedTuple):
    """The lookup's tables, checked against each other."""

    communes_by_postcode: Mapping[str, tuple[Commune, ...]]
    """Each postal code's communes, in the order they are offered (name, then INSEE code)."""
    placements: Mapping[str, Placement]
    """Every commune's placement by INSEE code; a département-wide decision is one shared value."""
    caisses: Mapping[str, Caisse]
    postcode_territories: Mapping[str, Territory]


def build_parts(data: ReferenceData, fresh_since: date) -> IndexParts:
    """Index checked reference data; cross-file inconsistencies raise :class:`DataFileError`."""
    departement_names = {row.code: row.name for row in data.departements}
    caisses = _index_caisses(data, departement_names, fresh_since)
    territories = index_territories(data.territories, departement_names)
    communes_by_postcode, communes = _index_communes(data.postcodes, departement_names)

    placements = place_communes(data.competence, communes, caisses, territories)
    postcode_territories = {
        row.key: territories[("postal_code", row.key)] for row in data.territories if row.key_kind == "postal_code"
    }
    return IndexParts(communes_by_postcode, placements, caisses, postcode_territories)


def first_bad_line(*masks: np.ndarray) -> tuple[int, int] | None:
    """The first line (the header is line 1) where one of ``masks`` is true, and which mask (the first one
    on a tie), or ``None``."""
    found: tuple[int, int] | None = None
    for which, mask in enumerate(masks):
        if mask.any():
            line = int(np.argmax(mask)) + 2
            if found is None or line < found[0]:
                found = (line, which)
    return found


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
    competence: pd.DataFrame,
    communes: pd.DataFrame,
    caisses: Mapping[str, Caisse],
    territories: Mapping[tuple[str, str], Territory],
) -> dict[str, Placement]:
    """Decide, for every commune, its caisse(s) or its territory (:mod:`vitale.competence` states the rule).

    ``communes`` has one row per commune (``insee_code``, ``departement``), in file order. A commune with
    a row in the competence data is placed by that row; any other by its département: its only caisse,
    all its caisses (the data cannot decide), or its territory outside the network. The département-wide
    decisions are built once per département and shared by its communes.
    """
    overrides = _competence_overrides(competence, caisses, territories)
    caisses_by_departement: defaultdict[str, list[str]] = defaultdict(list)
    for caisse in caisses.values():
        caisses_by_departement[caisse.departement].append(caisse.caisse_id)
    snds = registry()["snds_caisses"]
    insee_codes = communes["insee_code"].tolist()
    departements = communes["departement"].tolist()
    by_departement: dict[str, Placement] = {}
    for insee_code, departement in zip(insee_codes, departements, strict=True):
        if departement not in by_departement and insee_code not in overrides:
            candidates = tuple(sorted(caisses_by_departement.get(departement, ())))
            by_departement[departement] = _departement_placement(insee_code, departement, candidates, territories, snds)
    # Every commune gets its département's placement, then the competence data's where it has a row (a
    # commune whose whole département the data places has no département-wide one: None, then replaced).
    placements: dict[str, Placement | None] = dict(zip(insee_codes, map(by_departement.get, departements), strict=True))
    placements.update((code, placement) for code, placement in overrides.items() if code in placements)
    return cast(dict[str, Placement], placements)


def _departement_placement(
    insee_code: str,
    departement: str,
    candidates: tuple[str, ...],
    territories: Mapping[tuple[str, str], Territory],
    snds: Source,
) -> Placement:
    """The placement of a département's communes that the competence data does not name (``insee_code``:
    the first of them, named if the département has neither a caisse nor a territory)."""
    territory = territories.get(("departement", departement))
    if territory is not None and not candidates:
        competence = Competence(
            caisse_ids=(),
            rule=CompetenceRule.TERRITORY_OUTSIDE_NETWORK,
            confidence=territory.confidence,
            source=", ".join(territory.source_ids),
            source_ids=territory.source_ids,
            verified_on=territory.verified_on,
        )
        return Placement(competence=competence, territory=territory)
    if not candidates:
        raise DataFileError(CAISSES_FILE, f"no caisse for département {departement} (commune {insee_code})")
    single = len(candidates) == 1
    return Placement(
        competence=Competence(
            caisse_ids=candidates,
            rule=CompetenceRule.ONLY_CAISSE_OF_DEPARTEMENT if single else CompetenceRule.NOT_IN_COMPETENCE_DATA,
            confidence=Confidence.HIGH if single else Confidence.LOW,
            source=str(snds.url),
            source_ids=(snds.id,),
            verified_on=snds.dated,
        )
    )


def _competence_overrides(
    competence: pd.DataFrame, caisses: Mapping[str, Caisse], territories: Mapping[tuple[str, str], Territory]
) -> dict[str, Placement]:
    """The placements the competence data decides, one per row (a few thousand: read row by row); rows that
    decide alike share one value."""
    duplicated = first_bad_line(competence.duplicated("insee_code").to_numpy())
    if duplicated is not None:
        raise DataFileError(COMPETENCE_FILE, "duplicate insee_code", duplicated[0], "insee_code")
    verified_on = registry()["cpam_competence_2026"].dated
    overrides: dict[str, Placement] = {}
    # Rows deciding alike (same caisses, basis, confidence and source) share one placement.
    decisions: dict[tuple[tuple[str, ...], str, str, str, str | None], Placement] = {}
    columns = ("insee_code", "departement", "caisse_id", "candidates", "basis", "confidence", "source")
    rows = zip(*(competence[column].tolist() for column in columns), strict=True)
    for line, (insee_code, departement, caisse_id, listed, basis, confidence, source) in numbered(rows):
        candidates = tuple(part for part in listed.split(LIST_SEPARATOR) if part)
        for field, referenced in (("caisse_id", (caisse_id,) if caisse_id else ()), ("candidates", candidates)):
            for unknown in (caisse for caisse in referenced if caisse not in caisses):
                raise DataFileError(COMPETENCE_FILE, f"unknown caisse {unknown}", line, field)
        rule = CompetenceRule(basis)
        territory = territories.get(("departement", departement))
        if rule is CompetenceRule.LAW_OUTSIDE_CPAM_NETWORK:
            if territory is None:
                raise DataFileError(COMPETENCE_FILE, "outside the network but no territory row", line, "departement")
            ids: tuple[str, ...] = ()
        elif caisse_id:
            ids = (caisse_id,)
        elif candidates:
            ids = candidates
        else:
            raise DataFileError(COMPETENCE_FILE, "neither caisse_id nor candidates", line, "caisse_id")
        decision = (ids, basis, confidence, source, None if ids else departement)
        placement = decisions.get(decision)
        if placement is None:
            placement = Placement(
                competence=Competence(
                    caisse_ids=ids,
                    rule=rule,
                    confidence=Confidence(confidence),
                    source=source,
                    source_ids=("cpam_competence_2026",),
                    verified_on=verified_on,
                ),
                territory=territory if not ids else None,
            )
            decisions[decision] = placement
        overrides[insee_code] = placement
    return overrides


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
    postcodes: pd.DataFrame, departement_names: Mapping[str, str]
) -> tuple[dict[str, tuple[Commune, ...]], pd.DataFrame]:
    """Each postal code's communes (by name ignoring case, then INSEE code), and one row per commune
    (``insee_code``, ``departement``, in file order).

    A commune listed under several postal codes is one :class:`Commune`, named by its first row.
    """
    known = np.fromiter(departement_names, dtype=object)
    problem = first_bad_line(
        postcodes.duplicated(["postal_code", "insee_code"]).to_numpy(),
        ~postcodes["departement"].isin(known).to_numpy(dtype=bool),
    )
    if problem is not None:
        line, which = problem
        if which == 0:
            raise DataFileError(POSTCODES_FILE, "duplicate (postal_code, insee_code) pair", line, "insee_code")
        departement = postcodes["departement"].iloc[line - 2]
        raise DataFileError(POSTCODES_FILE, f"unknown département {departement}", line, "departement")
    if postcodes.empty:  # a file with its header only: no commune, every postal code unknown
        return {}, postcodes[["insee_code", "departement"]]
    # Each commune once, in file order (``commune_of_row`` numbers them so), named by its first row.
    commune_of_row, _ = pd.factorize(postcodes["insee_code"])
    _, first_rows = np.unique(commune_of_row, return_index=True)
    firsts = postcodes.iloc[first_rows]
    names = firsts["commune_name"].tolist()
    # Communes are offered by name ignoring case (Python's casefold), then INSEE code; Arrow sorts text by
    # code point, as Python does.
    folded = pa.array([name.casefold() for name in names], pa.string())
    sort_keys = [("folded", "ascending"), ("insee_code", "ascending")]
    by_name = pa.table({"folded": folded, "insee_code": firsts["insee_code"].to_numpy()})
    offered_order = pc.sort_indices(by_name, sort_keys=sort_keys).to_numpy()
    offered_rows = firsts.take(offered_order)
    fields = zip(
        offered_rows["insee_code"].tolist(),
        offered_rows["commune_name"].tolist(),
        offered_rows["departement"].tolist(),
        offered_rows["departement"].map(departement_names).tolist(),
        strict=True,
    )
    offered: list[Commune] = list(map(tuple.__new__, repeat(Commune), fields))  # Commune._make, minus a call
    rank_of_commune = np.empty(len(offered), dtype=np.int64)
    rank_of_commune[offered_order] = np.arange(len(offered))
    # Every (postal code, commune) row in offered order: by postal code, then by the commune's rank.
    ranks = rank_of_commune[commune_of_row]
    numbers = postcodes["postal_code"].astype("int64").to_numpy()  # five digits: sorts as the text does
    order = np.lexsort((ranks, numbers))
    sorted_numbers = numbers[order]
    starts = np.flatnonzero(np.r_[True, sorted_numbers[1:] != sorted_numbers[:-1]])
    ends = np.r_[starts[1:], len(order)]
    in_order = [offered[position] for position in ranks[order].tolist()]
    first_codes = postcodes["postal_code"].to_numpy(dtype=object)[order[starts]].tolist()
    by_postcode = {
        code: tuple(in_order[start:end])
        for code, start, end in zip(first_codes, starts.tolist(), ends.tolist(), strict=True)
    }
    return by_postcode, firsts[["insee_code", "departement"]]
