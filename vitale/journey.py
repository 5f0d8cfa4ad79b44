"""The steps from the application to the carte Vitale, as shown on the home page.

Each step says who acts, gives the typical wait the sources report, and
cites those sources (domain.md §4). The detailed, personalised projection
with uncertainty ranges is :mod:`vitale.timeline`'s job; this is the
overview a newcomer reads first.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vitale.provenance import Confidence


class JourneyStep(BaseModel):
    """One step of the journey; its texts are ``home.step.<id>.title`` / ``.body``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    source_ids: tuple[str, ...]
    confidence: Confidence
    born_abroad_only: bool = False


JOURNEY: tuple[JourneyStep, ...] = (
    JourneyStep(id="application", source_ids=("F34308",), confidence=Confidence.HIGH),
    JourneyStep(id="temporary_number", source_ids=("estimate_nia_delay",), confidence=Confidence.LOW),
    JourneyStep(
        id="permanent_number",
        source_ids=("ameli_born_abroad_2025", "F16467"),
        confidence=Confidence.LOW,
        born_abroad_only=True,
    ),
    JourneyStep(id="ameli_account", source_ids=("F10662",), confidence=Confidence.MEDIUM),
    JourneyStep(id="card", source_ids=("F265",), confidence=Confidence.HIGH),
)
"""Application → temporary number → permanent number → ameli account → card (domain.md §4)."""

NEEDS: tuple[str, ...] = (
    "identity",
    "residence_permit",
    "birth_certificate",
    "proof_of_address",
    "rib",
    "work_or_residence",
)
"""What almost everyone needs (domain.md §3); the personal list comes from the documents checklist."""

NEEDS_SOURCES: tuple[str, ...] = ("F34308", "F16467")
