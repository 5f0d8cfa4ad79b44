"""The caisses that handle a newcomer's file: CPAM, CGSS, CSS and CCSS.

A person depends on the caisse of the place where they usually live
(domain.md §1 "CPAM", §5 "CPAM lookup"). This module turns validated rows of
``cpam_caisses.csv`` into :class:`Caisse` values with an envelope-ready
address and an honest confidence in that address.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from vitale.network import CaisseKind
from vitale.provenance import Confidence
from vitale.referencedata import CaisseRow, WalkinRow

LIST_SOURCE = "snds_caisses"
"""Source id of the list of caisses (SNDS)."""
OLD_ADDRESS_SOURCE = "cpam_address_list_2014"
"""Source id of the 2014 list of mailing addresses, for rows that say nothing newer."""

ADDRESS_CONFIDENCE = {
    "dila_annuaire": Confidence.HIGH,
    "dila_annuaire_2026": Confidence.HIGH,
    "dila_annuaire_2026_derived": Confidence.MEDIUM,
    "dila_annuaire_2026_walkin": Confidence.MEDIUM,
    "dila_annuaire_walkin": Confidence.MEDIUM,
}
"""How far an address can be trusted, by where it comes from: the official directory read directly (high), a
list derived from it or its walk-in address used for mail (medium); anything else is at most medium, and low when
older than the ``address_fresh_since`` parameter (decision 0002)."""


class OpeningSpan(BaseModel):
    """Days from ``first_day`` to ``last_day`` (``mon``…``sun``) open at the given times (``("08:30", "12:30")``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_day: str
    last_day: str
    times: tuple[tuple[str, str], ...]

    @classmethod
    def parse_all(cls, text: str | None) -> tuple[OpeningSpan, ...]:
        """``mon 08:30-12:30,13:30-17:00;wed-fri 08:30-12:30`` → spans (the data file's form, validated at load)."""
        spans = []
        for part in (text or "").split(";"):
            if not part:
                continue
            days, times = part.split(" ", 1)
            first, _, last = days.partition("-")
            pairs = tuple((start, end) for start, _, end in (t.partition("-") for t in times.split(",")))
            spans.append(cls(first_day=first, last_day=last or first, times=pairs))
        return tuple(spans)


class WalkinOffice(BaseModel):
    """A caisse's walk-in office (accueil) as the DILA directory publishes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    street_address: str
    postal_code: str
    city: str
    hours: tuple[OpeningSpan, ...]
    hours_note: str | None
    """The fiche's own comment on the hours, in French as published."""
    by_appointment: bool
    url: str | None
    """The official fiche on lannuaire.service-public.gouv.fr."""
    modified_on: date
    source_id: str

    @property
    def place(self) -> str:
        """The office's place: the part of its name after "accueil (de)", else its city."""
        _, _, after = self.name.partition(" - accueil")
        return after.removeprefix(" de ").removeprefix(" d'").strip() or self.city

    @classmethod
    def from_row(cls, row: WalkinRow) -> WalkinOffice:
        return cls(
            name=row.office_name,
            street_address=row.street_address,
            postal_code=row.postal_code,
            city=row.city,
            hours=OpeningSpan.parse_all(row.hours),
            hours_note=row.hours_note,
            by_appointment=row.by_appointment,
            url=str(row.url) if row.url else None,
            modified_on=row.date_modification,
            source_id=row.source,
        )


_NAME_PREFIXES = ("cpam", "caisse", "assurance maladie", "cgss", "css")


class Caisse(BaseModel):
    """A caisse with its mailing address, where that address comes from, and its walk-in offices.

    ``confidence`` is the confidence in the *address*: ``low`` when there is
    none or when it was last verified before the ``address_fresh_since``
    parameter; otherwise as :data:`ADDRESS_CONFIDENCE` says for its source
    (``high`` for an address read on the DILA directory's own fiche).
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
    address_source: str | None = None
    address_dated: date | None = None
    """The date of the official fiche the address was read from (its last modification), when known."""
    dila_url: str | None = None
    walkin_offices: tuple[WalkinOffice, ...] = ()

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

    @property
    def from_official_directory(self) -> bool:
        """Whether the address comes from the DILA directory (directly or through a derived list)."""
        return bool(self.address_source and self.address_source.startswith("dila_annuaire"))

    @classmethod
    def from_row(cls, row: CaisseRow, fresh_since: date, walkin_offices: tuple[WalkinOffice, ...] = ()) -> Caisse:
        """Build a caisse from its validated data row; ``fresh_since`` from the parameters."""
        lines = tuple(line for line in (row.mailing_address_line1, row.mailing_address_line2) if line)
        has_address = bool(row.postal_code and row.city)
        fresh = row.verified_on is not None and row.verified_on >= fresh_since
        address_source = row.address_source or (OLD_ADDRESS_SOURCE if has_address else None)
        trusted = ADDRESS_CONFIDENCE.get(address_source or "", Confidence.MEDIUM)
        confidence = trusted if has_address and fresh else Confidence.LOW
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
            source_ids=(LIST_SOURCE, address_source) if address_source else (LIST_SOURCE,),
            verified_on=row.verified_on,
            confidence=confidence,
            notes=row.notes,
            address_source=address_source,
            address_dated=row.address_dated,
            dila_url=str(row.dila_url) if row.dila_url else None,
            walkin_offices=walkin_offices,
        )
