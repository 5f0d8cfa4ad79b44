"""Every caisse in one table: where its address comes from and how recent it is (issue 17).

The office page shows it with ``st.dataframe`` when the reader asks, so that anyone can see which caisses
have an address read on the official directory this year and which still have an old one.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from vitale.caisses import Caisse

DIRECTORY_COLUMNS = ("departement", "caisse", "address", "address_source", "address_dated", "verified_on", "confidence")
"""The columns of :func:`directory`, in order (the page labels them in the reader's language)."""


def caisse_directory(caisses: Iterable[Caisse]) -> pd.DataFrame:
    """Every caisse, one row each, by département then name: its postal town, where its address comes from
    (a ``sources.toml`` id), the date of the official fiche it was read from (when known), when it was
    checked, and the confidence in it (issue 17: the office page's table of every caisse).

    ``address`` is ``postcode CITY`` or empty when there is no checked address; dates are ``datetime.date``
    or ``None``.
    """
    rows = [
        (
            caisse.departement,
            caisse.short_name,
            f"{caisse.postal_code} {caisse.city}" if caisse.has_address else "",
            caisse.address_source or "",
            caisse.address_dated,
            caisse.verified_on,
            caisse.confidence.value,
        )
        for caisse in sorted(caisses, key=lambda caisse: (caisse.departement, caisse.short_name.casefold()))
    ]
    return pd.DataFrame(rows, columns=list(DIRECTORY_COLUMNS))
