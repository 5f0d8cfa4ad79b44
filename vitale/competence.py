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

from datetime import date
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from vitale.network import CompetenceRule
from vitale.provenance import Confidence

_FROZEN = ConfigDict(frozen=True, extra="forbid")


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
    """Which caisse(s) may serve a commune, why, and how sure we are.

    One ``caisse_ids`` entry means the data decides; several mean it cannot
    (the user must confirm); none means the commune is outside the network.
    A decision made for a whole département (its only caisse, or its caisses
    when the competence data has no row) is one value shared by every commune
    it decides (issue 17: the index holds ~110 of those, not 35,000 copies).
    """

    model_config = _FROZEN

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


class Commune(NamedTuple):
    """A commune (or a municipal arrondissement of Paris, Lyon, Marseille).

    An immutable named tuple, not a pydantic model: the index holds one per commune (35,006), built at
    start from rows already checked; a pydantic model cost about six times the memory and, on this
    project's 2-core machines, about 2 µs each to build (issue 17, bench/README.md).
    """

    insee_code: str
    name: str
    departement: str
    departement_name: str
