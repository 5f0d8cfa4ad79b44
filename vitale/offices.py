"""Which caisse handles a person, from the postal code of where they live.

The rule (domain.md §5 "CPAM lookup"; issue 2): a person depends on the caisse
of their usual residence. We never decide from the first digits of the postal
code. The chain is always

    postal code → commune (INSEE code) → département, or commune-level
    competence where a département has several caisses → caisse

because a postal code can cover several communes in several départements
(01200, 05110, 33220, 52100), a prefix can belong to another département
(94390 is partly in Essonne), Corsica's 20xxx splits into 2A and 2B, and the
overseas collectivities are outside the CPAM/CGSS network altogether.

:func:`lookup` answers with an :class:`OfficeLookup` whose ``status`` says what
the app can honestly tell: the caisse, a commune to choose, several possible
caisses (the data cannot decide), a territory outside the general scheme, an
unknown postal code or an invalid one. It never raises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from vitale.caisses import Caisse
from vitale.parameters import load_parameters
from vitale.postcodes import NormalisedPostcode, PostcodeProblem, normalise_postcode
from vitale.provenance import Confidence
from vitale.referencedata import (
    CAISSES_FILE,
    COMPETENCE_FILE,
    POSTCODES_FILE,
    TERRITORIES_FILE,
    CompetenceBasis,
    DataFileError,
    ReferenceData,
    TerritoryRow,
    load_reference_data,
)
from vitale.sources import registry

_FROZEN = ConfigDict(frozen=True, extra="forbid")
T = TypeVar("T")


class LookupStatus(StrEnum):
    """What a lookup could establish."""

    FOUND = "found"
    CHOOSE_COMMUNE = "choose_commune"
    SEVERAL_CAISSES = "several_caisses"
    OUTSIDE_GENERAL_SCHEME = "outside_general_scheme"
    UNKNOWN_POSTCODE = "unknown_postcode"
    INVALID_POSTCODE = "invalid_postcode"


class CompetenceRule(StrEnum):
    """How the caisse of a commune was decided.

    The first two are decided here from the département; the others come
    from ``cpam_competence.csv`` (see data/SOURCES.md for their meaning).
    """

    ONLY_CAISSE_OF_DEPARTEMENT = "only_caisse_of_departement"
    NOT_IN_COMPETENCE_DATA = "not_in_competence_data"
    CAISSE_SITE_IN_COMMUNE = CompetenceBasis.CAISSE_SITE_IN_COMMUNE.value
    CAISSE_OFFICE_IN_COMMUNE = CompetenceBasis.CAISSE_OFFICE_IN_COMMUNE.value
    ARRONDISSEMENT_INFERRED = CompetenceBasis.ARRONDISSEMENT_INFERRED.value
    UNRESOLVED = CompetenceBasis.UNRESOLVED.value
    UNRESOLVED_CROSS_DEPARTEMENT = CompetenceBasis.UNRESOLVED_CROSS_DEPARTEMENT.value
    LAW = CompetenceBasis.LAW.value
    LAW_OUTSIDE_CPAM_NETWORK = CompetenceBasis.LAW_OUTSIDE_CPAM_NETWORK.value
    TERRITORY_OUTSIDE_NETWORK = "territory_outside_network"


class Commune(BaseModel):
    """A commune (or a municipal arrondissement of Paris, Lyon, Marseille)."""

    model_config = _FROZEN

    insee_code: str
    name: str
    departement: str
    departement_name: str


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


class OfficeLookup(BaseModel):
    """The answer to "which caisse handles me?" for one postal code."""

    model_config = _FROZEN

    status: LookupStatus
    postal_code: str | None = None
    problem: PostcodeProblem | None = None
    suggestion: str | None = None
    communes: tuple[Commune, ...] = ()
    caisses: tuple[Caisse, ...] = ()
    competences: tuple[Competence, ...] = ()
    territory: Territory | None = None
    note: str | None = None
    unknown_insee_code: bool = False

    @property
    def confidence(self) -> Confidence:
        """The weakest confidence of the competence decisions and the addresses shown."""
        confidences = [competence.confidence for competence in self.competences]
        confidences += [caisse.confidence for caisse in self.caisses]
        if self.territory is not None:
            confidences.append(self.territory.confidence)
        return min(confidences, key=lambda confidence: confidence.rank, default=Confidence.HIGH)


class _Placement(BaseModel):
    """Internal: what decides a commune — a competence, and a territory when outside."""

    model_config = _FROZEN

    competence: Competence
    territory: Territory | None = None

    @property
    def key(self) -> tuple[str, ...]:
        if self.territory is not None:
            return ("outside", self.territory.name)
        return ("caisses", *self.competence.caisse_ids)


class OfficeIndex:
    """An immutable index of the reference data, built once per process.

    Build it with :meth:`build`; it checks that the files agree with each
    other (every caisse a row names exists, every commune's département
    exists…) and raises :class:`DataFileError` naming the file and row if not.
    """

    def __init__(
        self,
        communes_by_postcode: Mapping[str, tuple[Commune, ...]],
        placements: Mapping[str, _Placement],
        caisses: Mapping[str, Caisse],
        postcode_territories: Mapping[str, Territory],
    ) -> None:
        self._communes_by_postcode = dict(communes_by_postcode)
        self._placements = dict(placements)
        self._caisses = dict(caisses)
        self._postcode_territories = dict(postcode_territories)

    # -- queries ---------------------------------------------------------------

    @property
    def postal_codes(self) -> frozenset[str]:
        """Every postal code the index knows (postcodes file and postcode-level territories)."""
        return frozenset(self._communes_by_postcode) | frozenset(self._postcode_territories)

    @property
    def caisses(self) -> Mapping[str, Caisse]:
        return dict(self._caisses)

    def competence(self, insee_code: str) -> Competence | None:
        placement = self._placements.get(insee_code)
        return placement.competence if placement else None

    def lookup(self, postal_code: str, insee_code: str | None = None) -> OfficeLookup:
        """See :func:`lookup`."""
        normalised = normalise_postcode(postal_code)
        if normalised.value is None:
            return self._invalid(normalised)
        code = normalised.value
        communes = self._communes_by_postcode.get(code, ())
        if not communes:
            territory = self._postcode_territories.get(code)
            if territory is not None:
                return OfficeLookup(
                    status=LookupStatus.OUTSIDE_GENERAL_SCHEME,
                    postal_code=code,
                    territory=territory,
                    note=territory.body,
                )
            return OfficeLookup(status=LookupStatus.UNKNOWN_POSTCODE, postal_code=code)

        unknown_insee = False
        if insee_code is not None:
            wanted = insee_code.strip().upper() if isinstance(insee_code, str) else ""
            chosen = tuple(commune for commune in communes if commune.insee_code == wanted)
            if chosen:
                communes = chosen
            else:
                unknown_insee = True

        placements = [self._placements[commune.insee_code] for commune in communes]
        competences = tuple(placement.competence for placement in placements)
        keys = {placement.key for placement in placements}
        if len(keys) > 1:
            return OfficeLookup(
                status=LookupStatus.CHOOSE_COMMUNE,
                postal_code=code,
                communes=communes,
                competences=competences,
                unknown_insee_code=unknown_insee,
            )
        placement = placements[0]
        if placement.territory is not None:
            return OfficeLookup(
                status=LookupStatus.OUTSIDE_GENERAL_SCHEME,
                postal_code=code,
                communes=communes,
                competences=competences,
                territory=placement.territory,
                note=placement.territory.body,
                unknown_insee_code=unknown_insee,
            )
        caisses = tuple(self._caisses[caisse_id] for caisse_id in placement.competence.caisse_ids)
        status = LookupStatus.FOUND if len(caisses) == 1 else LookupStatus.SEVERAL_CAISSES
        return OfficeLookup(
            status=status,
            postal_code=code,
            communes=communes,
            caisses=caisses,
            competences=competences,
            unknown_insee_code=unknown_insee,
        )

    def _invalid(self, normalised: NormalisedPostcode) -> OfficeLookup:
        suggestion = normalised.suggestion
        if suggestion is not None and suggestion not in self.postal_codes:
            suggestion = None
        return OfficeLookup(
            status=LookupStatus.INVALID_POSTCODE,
            problem=normalised.problem,
            suggestion=suggestion,
        )

    # -- construction ------------------------------------------------------------

    @classmethod
    def build(cls, data: ReferenceData, fresh_since: date | None = None) -> OfficeIndex:
        """Index validated reference data; cross-file inconsistencies raise :class:`DataFileError`."""
        if fresh_since is None:
            threshold = load_parameters().parameter("address_fresh_since").values[-1].value
            assert isinstance(threshold, date)
            fresh_since = threshold
        departement_names = {row.code: row.name for row in data.departements}
        caisses = _index_caisses(data, departement_names, fresh_since)
        territories = _index_territories(data.territories, departement_names)
        communes_by_postcode, communes = _index_communes(data, departement_names)
        placements = _place_communes(data, communes, caisses, territories)
        postcode_territories = {
            row.key: territories[("postal_code", row.key)] for row in data.territories if row.key_kind == "postal_code"
        }
        return cls(communes_by_postcode, placements, caisses, postcode_territories)


def _index_caisses(data: ReferenceData, departement_names: Mapping[str, str], fresh_since: date) -> dict[str, Caisse]:
    caisses: dict[str, Caisse] = {}
    for line, row in _numbered(data.caisses):
        if row.caisse_id in caisses:
            raise DataFileError(CAISSES_FILE, "duplicate caisse_id", line, "caisse_id")
        if row.departement not in departement_names:
            raise DataFileError(CAISSES_FILE, f"unknown département {row.departement}", line, "departement")
        caisses[row.caisse_id] = Caisse.from_row(row, fresh_since)
    return caisses


def _index_territories(
    rows: Iterable[TerritoryRow], departement_names: Mapping[str, str]
) -> dict[tuple[str, str], Territory]:
    known_sources = registry()
    territories: dict[tuple[str, str], Territory] = {}
    for line, row in _numbered(rows):
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


def _index_communes(
    data: ReferenceData, departement_names: Mapping[str, str]
) -> tuple[dict[str, tuple[Commune, ...]], dict[str, Commune]]:
    by_postcode: defaultdict[str, list[Commune]] = defaultdict(list)
    communes: dict[str, Commune] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in _numbered(data.postcodes):
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


def _place_communes(
    data: ReferenceData,
    communes: Mapping[str, Commune],
    caisses: Mapping[str, Caisse],
    territories: Mapping[tuple[str, str], Territory],
) -> dict[str, _Placement]:
    """Decide, for every commune, its caisse(s) or its territory."""
    sources = registry()
    caisses_by_departement: defaultdict[str, list[str]] = defaultdict(list)
    for caisse in caisses.values():
        caisses_by_departement[caisse.departement].append(caisse.caisse_id)

    overrides: dict[str, _Placement] = {}
    for line, row in _numbered(data.competence):
        if row.insee_code in overrides:
            raise DataFileError(COMPETENCE_FILE, "duplicate insee_code", line, "insee_code")
        named = (("caisse_id", (row.caisse_id,) if row.caisse_id else ()), ("candidates", row.candidates))
        for field, referenced in named:
            for caisse_id in referenced:
                if caisse_id not in caisses:
                    raise DataFileError(COMPETENCE_FILE, f"unknown caisse {caisse_id}", line, field)
        rule = CompetenceRule(row.basis.value)
        territory = territories.get(("departement", row.departement))
        if row.basis is CompetenceBasis.LAW_OUTSIDE_CPAM_NETWORK:
            if territory is None:
                raise DataFileError(COMPETENCE_FILE, "outside the network but no territory row", line, "departement")
            ids: tuple[str, ...] = ()
        elif row.caisse_id:
            ids = (row.caisse_id,)
        elif row.candidates:
            ids = row.candidates
        else:
            raise DataFileError(COMPETENCE_FILE, "neither caisse_id nor candidates", line, "caisse_id")
        overrides[row.insee_code] = _Placement(
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
    placements: dict[str, _Placement] = {}
    for insee_code, commune in communes.items():
        if insee_code in overrides:
            placements[insee_code] = overrides[insee_code]
            continue
        territory = territories.get(("departement", commune.departement))
        candidates = tuple(sorted(caisses_by_departement.get(commune.departement, ())))
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
            placements[insee_code] = _Placement(competence=competence, territory=territory)
            continue
        if not candidates:
            raise DataFileError(CAISSES_FILE, f"no caisse for département {commune.departement} (commune {insee_code})")
        single = len(candidates) == 1
        placements[insee_code] = _Placement(
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


def _numbered(rows: Iterable[T]) -> Iterable[tuple[int, T]]:
    """Rows with their line number in the CSV file (the header is line 1)."""
    return ((index + 2, row) for index, row in enumerate(rows))


@cache
def default_index(data_dir: Path | None = None) -> OfficeIndex:
    """The index of the project's data (or ``data_dir``), built once per process."""
    return OfficeIndex.build(load_reference_data(data_dir))


def lookup(postal_code: str, insee_code: str | None = None) -> OfficeLookup:
    """Find the caisse for a postal code (and, when needed, a commune's INSEE code).

    Statuses: ``found`` (one caisse: one commune, or several communes served by
    the same caisse); ``choose_commune`` (the communes of this code are served
    by different caisses: pass ``insee_code``); ``several_caisses`` (the data
    cannot decide between candidates: the user confirms with ameli.fr or 36 46);
    ``outside_general_scheme`` (a territory with its own system; ``note`` names
    the body where known); ``unknown_postcode``; ``invalid_postcode`` (with
    ``problem`` and, for a 4-digit code, ``suggestion``). Never raises.
    """
    return default_index().lookup(postal_code, insee_code)
