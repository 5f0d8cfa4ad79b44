"""The caisses that handle a newcomer's file: CPAM, CGSS, CSS and CCSS.

A person depends on the caisse of the place where they usually live
(domain.md §1 "CPAM", §5 "CPAM lookup"). This module turns validated rows of
``cpam_caisses.csv`` into :class:`Caisse` values with an envelope-ready
address and an honest confidence in that address.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from vitale.provenance import Confidence
from vitale.referencedata import CaisseKind, CaisseRow

ADDRESS_SOURCES = ("snds_caisses", "cpam_address_list_2014")
"""Source ids of the caisse list (SNDS) and of the mailing addresses (2014 list)."""

_NAME_PREFIXES = ("cpam", "caisse", "assurance maladie", "cgss", "css")


class Caisse(BaseModel):
    """A caisse with its mailing address and where that address comes from.

    ``confidence`` is the confidence in the *address*: ``low`` when there is
    none or when it was last verified before the ``address_fresh_since``
    parameter; ``medium`` otherwise (no address here comes from an official
    directory we could re-check).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    caisse_id: str
    name: str
    short_name: str
    kind: CaisseKind
    departement: str
    address_lines: tuple[str, ...]
    postal_code: str | None
    city: str | None
    phone: str | None
    website: str | None
    ameli_url: str | None
    source: str
    source_ids: tuple[str, ...]
    verified_on: date | None
    confidence: Confidence
    notes: str | None

    @property
    def has_address(self) -> bool:
        """Whether there is a postal code and a city to write on an envelope."""
        return bool(self.postal_code and self.city)

    @property
    def address_is_stale(self) -> bool:
        """True when the address is missing or older than the freshness threshold."""
        return not self.has_address or self.confidence is Confidence.LOW

    def envelope(self) -> tuple[str, ...]:
        """The address as it goes on an envelope: recipient, street lines, ``postcode CITY``.

        The recipient line is left out when the first address line already
        names the body (``CPAM de Bayonne``, ``Assurance Maladie de Paris``).
        Empty when the caisse has no known address.
        """
        if not self.has_address:
            return ()
        lines = list(self.address_lines)
        first = lines[0].casefold() if lines else ""
        recipient = [] if first.startswith(_NAME_PREFIXES) else [self.short_name]
        return (*recipient, *lines, f"{self.postal_code} {self.city}")

    @classmethod
    def from_row(cls, row: CaisseRow, fresh_since: date) -> Caisse:
        """Build a caisse from its validated data row; ``fresh_since`` from the parameters."""
        lines = tuple(line for line in (row.mailing_address_line1, row.mailing_address_line2) if line)
        has_address = bool(row.postal_code and row.city)
        fresh = row.verified_on is not None and row.verified_on >= fresh_since
        confidence = Confidence.MEDIUM if has_address and fresh else Confidence.LOW
        return cls(
            caisse_id=row.caisse_id,
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            departement=row.departement,
            address_lines=lines,
            postal_code=row.postal_code,
            city=row.city,
            phone=row.phone,
            website=str(row.website) if row.website else None,
            ameli_url=str(row.ameli_url) if row.ameli_url else None,
            source=row.source_url,
            source_ids=ADDRESS_SOURCES,
            verified_on=row.verified_on,
            confidence=confidence,
            notes=row.notes,
        )
