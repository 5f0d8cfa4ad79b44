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

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, InstanceOf

from vitale.caisses import Caisse
from vitale.competence import Commune, Competence, Placement, Territory
from vitale.parameters import load_parameters
from vitale.postcodes import NormalisedPostcode, PostcodeProblem, normalise_postcode
from vitale.provenance import Confidence
from vitale.referencedata import (
    ReferenceData,
    load_reference_data,
)
from vitale.tables import without_cyclic_gc

__all__ = [
    "Commune",
    "Competence",
    "LookupStatus",
    "OfficeIndex",
    "OfficeLookup",
    "Territory",
    "default_index",
    "lookup",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class LookupStatus(StrEnum):
    """What a lookup could establish."""

    FOUND = "found"
    CHOOSE_COMMUNE = "choose_commune"
    SEVERAL_CAISSES = "several_caisses"
    OUTSIDE_GENERAL_SCHEME = "outside_general_scheme"
    UNKNOWN_POSTCODE = "unknown_postcode"
    INVALID_POSTCODE = "invalid_postcode"


class OfficeLookup(BaseModel):
    """The answer to "which caisse handles me?" for one postal code."""

    model_config = _FROZEN

    status: LookupStatus
    postal_code: str | None = None
    problem: PostcodeProblem | None = None
    suggestion: str | None = None
    communes: tuple[InstanceOf[Commune], ...] = ()
    """Built by the index from checked data: taken as they are, not re-validated (issue 17: a named tuple would
    be rebuilt field by field, ~2 µs a commune)."""
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


class OfficeIndex:
    """An immutable index of the reference data, built once per process.

    Build it with :meth:`build`; it checks that the files agree with each
    other (every caisse a row names exists, every commune's département
    exists…) and raises :class:`DataFileError` naming the file and row if not.
    """

    def __init__(
        self,
        communes_by_postcode: Mapping[str, tuple[Commune, ...]],
        placements: Mapping[str, Placement],
        caisses: Mapping[str, Caisse],
        postcode_territories: Mapping[str, Territory],
    ) -> None:
        self._communes_by_postcode = dict(communes_by_postcode)
        self._placements = dict(placements)
        self._caisses = dict(caisses)
        self._postcode_territories = dict(postcode_territories)
        self._postal_codes = frozenset(self._communes_by_postcode) | frozenset(self._postcode_territories)

    # -- queries ---------------------------------------------------------------

    @property
    def postal_codes(self) -> frozenset[str]:
        """Every postal code the index knows (postcodes file and postcode-level territories)."""
        return self._postal_codes

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
        # Communes of one département share one placement object: ask each distinct one for its key once.
        keys = {placement.key for placement in {id(placement): placement for placement in placements}.values()}
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
        # pandas, numpy and pyarrow come in with the builder, not with this module (see vitale.tables).
        from vitale.office_index import build_parts

        with without_cyclic_gc():
            parts = build_parts(data, fresh_since)
        return cls(parts.communes_by_postcode, parts.placements, parts.caisses, parts.postcode_territories)


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
