"""Merge the caisses' 2026 postal addresses and walk-in offices (DILA directory) into the app's data files.

Inputs (``../shared/data``, see its PROVENANCE.md, sections added 2026-12-02):

* ``cpam_caisses.csv`` — the curated list of caisses (ids, names, kinds) with the 2014 addresses;
* ``cpam_postal_addresses_2026.csv`` — one postal address per département (+ 978) from the DILA
  « Annuaire de l'administration » as published in September–October 2026 (Licence Ouverte 2.0);
* ``cpam_walkin_offices_2026_partial.csv`` — a sample of 20 walk-in offices (accueils) from the same directory.

Rules:

* a 2026 address replaces the 2014 one of the caisse it belongs to (the only caisse of its département,
  or, in Nord, Pas-de-Calais, Pyrénées-Atlantiques and Seine-Maritime, the caisse its name designates);
  where only 2014 exists, the row keeps it, with its date, so the app keeps its warning;
* **2B Haute-Corse is not used**: DILA gives the Corse-du-Sud caisse's address there (a DILA error per
  PROVENANCE.md) — the caisse stays without a confirmed address;
* 978 Saint-Martin is served by the CGSS de la Guadeloupe, whose own row gives the same address;
* a row re-read from the DILA record (``checked = yes``) is ``dila_annuaire_2026`` with its fiche's
  modification date, consulted on 2026-10-06; the others are ``dila_annuaire_2026_derived`` (the public
  list derived from the DILA API on 2026-09-13);
* walk-in offices keep the hours as published, turned into the app's ``mon 08:30-12:30,13:30-17:00`` form,
  the bracketed comment as ``hours_note`` (French), and ``by_appointment`` when it says "sur rendez-vous"
  (only by appointment, or by appointment at some times: the note says which).

Run by ``scripts/refresh_data.py`` (which writes ``data/``); ``python scripts/dila_addresses.py --check``
compares with ``data/`` without writing. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Final

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_SHARED: Final = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT: Final = REPO_ROOT / "data"

CAISSES_FILE: Final = "cpam_caisses.csv"
ADDRESSES_2026_FILE: Final = "cpam_postal_addresses_2026.csv"
WALKIN_2026_FILE: Final = "cpam_walkin_offices_2026_partial.csv"
WALKIN_FILE: Final = "cpam_walkin_offices.csv"

CAISSE_COLUMNS: Final = (
    "caisse_id", "name", "kind", "departement", "mailing_address_line1", "mailing_address_line2", "postal_code",
    "city", "phone", "website", "source_url", "verified_on", "notes", "short_name", "ameli_url", "address_source",
    "address_dated", "dila_uuid", "dila_url",
)  # fmt: skip
WALKIN_COLUMNS: Final = (
    "caisse_id", "office_name", "street_address", "postal_code", "city", "hours", "hours_note", "by_appointment",
    "phone", "dila_uuid", "url", "date_modification", "source", "notes",
)  # fmt: skip

DERIVED_LIST_DAY: Final = "2026-09-13"
SNAPSHOT_DAY: Final = "2026-10-06"
OLD_LIST_DAY: Final = "2014-08-06"
NOT_USED: Final = frozenset({"2B"})
"""Départements whose 2026 row must not be used (PROVENANCE.md: DILA gives another caisse's address)."""
WALKIN_AS_POSTAL: Final = frozenset({"48"})
"""Départements whose 2026 row is the walk-in address (the fiche has no postal address; PROVENANCE.md)."""
SERVED_ELSEWHERE: Final = {"978": "971"}
"""Saint-Martin's row is the CGSS de la Guadeloupe's address, already given by 971."""

DAYS: Final = {"mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri", "sat": "sat", "sun": "sun"}


class MergeError(Exception):
    """The inputs cannot be merged (a row that maps to no caisse, a malformed value)."""


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise MergeError(f"{path}: {error}") from error


def _words(text: str) -> set[str]:
    """The distinctive words of a caisse name (accents, punctuation and generic words dropped)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    generic = {
        "caisse", "primaire", "assurance", "maladie", "generale", "securite", "sociale", "cpam", "cgss", "cssm", "css",
        "ccss", "commune", "de", "du", "des", "la", "le", "l", "d", "seine", "maritime",
    }  # fmt: skip
    return {word for word in re.split(r"[^a-z0-9]+", plain) if word and word not in generic}


def caisse_for(row: Mapping[str, str], caisses: list[dict[str, str]]) -> str:
    """The app's caisse id of a 2026 row: the only caisse of the département, else the one its name designates."""
    departement = SERVED_ELSEWHERE.get(row["departement"], row["departement"])
    local = [c for c in caisses if c["departement"] == departement]
    if len(local) == 1:
        return local[0]["caisse_id"]
    wanted = _words(row["caisse_name"])
    matches = [c for c in local if wanted & (_words(c["name"]) | _words(c["short_name"]))]
    if len(matches) != 1:
        raise MergeError(f"{row['departement']} {row['caisse_name']!r}: {len(matches)} caisses match")
    return matches[0]["caisse_id"]


def _fiche_day(source: str) -> str:
    """``… fiche modified 28/03/2024`` → ``2024-03-28`` (empty when the row does not say)."""
    found = re.search(r"fiche modified (\d{2})/(\d{2})/(\d{4})", source)
    return f"{found[3]}-{found[2]}-{found[1]}" if found else ""


def row_is_walkin(row: Mapping[str, str]) -> bool:
    return row["departement"] in WALKIN_AS_POSTAL


def merged_caisses(shared: Path) -> list[dict[str, str]]:
    """The caisses with their most recent postal address and its provenance."""
    caisses = _read(shared / CAISSES_FILE)
    updates: dict[str, dict[str, str]] = {}
    for row in _read(shared / ADDRESSES_2026_FILE):
        if row["departement"] in NOT_USED or row["departement"] in SERVED_ELSEWHERE:
            continue
        updates[caisse_for(row, caisses)] = row
    merged = []
    for caisse in caisses:
        out = {column: caisse.get(column, "") for column in CAISSE_COLUMNS}
        new = updates.get(caisse["caisse_id"])
        if new is None:
            old = bool(caisse["postal_code"])
            out["address_source"] = "cpam_address_list_2014" if old else ""
            out["address_dated"] = OLD_LIST_DAY if old else ""
            if caisse["departement"] in NOT_USED:
                out["notes"] = (
                    "No confirmed postal address: the DILA directory's fiche for this caisse (2026) gives the "
                    "Corse-du-Sud caisse's address, probably an error; not used. " + caisse["notes"]
                )
            merged.append(out)
            continue
        checked = new["checked"] == "yes"
        out.update(
            mailing_address_line1=new["address_line1"],
            mailing_address_line2=new["address_line2"],
            postal_code=new["postal_code"],
            city=new["city"],
            source_url=new["dila_url"],
            verified_on=SNAPSHOT_DAY if checked else DERIVED_LIST_DAY,
            address_source=(
                "dila_annuaire_2026_walkin"
                if row_is_walkin(new)
                else "dila_annuaire_2026"
                if checked
                else "dila_annuaire_2026_derived"
            ),
            address_dated=_fiche_day(new["source"]) if checked else "",
            dila_uuid=new["dila_uuid"],
            dila_url=new["dila_url"],
            notes=f"Postal address from the DILA « Annuaire de l'administration » ({new['source']}). {new['note']}",
        )
        merged.append(out)
    return merged


_SPAN = re.compile(r"^(?P<days>[A-Z][a-z]{2}(?:–[A-Z][a-z]{2})?) (?P<times>.+)$")


def hours_from_text(text: str) -> tuple[str, str]:
    """``Mon 08:30–12:30, 13:30–17:00; Wed–Fri 08:30–12:30 [comment]`` → (app hours, comment)."""
    comment = ""
    bracket = re.search(r"\[(.*)\]\s*$", text)
    if bracket:
        comment, text = bracket[1].strip().removeprefix("general:").strip(), text[: bracket.start()].strip()
    if text.casefold() == "no opening hours published":
        return "", comment
    spans = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        match = _SPAN.match(part)
        if match is None:
            raise MergeError(f"opening hours {part!r}: not understood")
        days = "-".join(DAYS[d.casefold()] for d in match["days"].split("–"))
        times = ",".join(t.strip().replace("–", "-") for t in match["times"].split(","))
        if not re.fullmatch(r"\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*", times):
            raise MergeError(f"opening hours {part!r}: times not understood")
        spans.append(f"{days} {times}")
    return ";".join(spans), comment


def walkin_offices(shared: Path) -> list[dict[str, str]]:
    """The walk-in offices of the sample, in the app's format, with a link to each official fiche."""
    caisses = _read(shared / CAISSES_FILE)
    fiche_folder = {
        row["departement"]: row["dila_url"].rsplit("/", 1)[0] for row in _read(shared / ADDRESSES_2026_FILE)
    }
    offices = []
    for row in _read(shared / WALKIN_2026_FILE):
        hours, comment = hours_from_text(row["opening_hours"].strip())
        modified = datetime.strptime(row["date_modification"].strip(), "%d/%m/%Y %H:%M:%S").date()
        folder = fiche_folder.get(row["departement"])
        offices.append(
            {
                "caisse_id": caisse_for({**row, "caisse_name": row["caisse"]}, caisses),
                "office_name": row["office_name"],
                "street_address": row["street_address"],
                "postal_code": row["postal_code"],
                "city": row["city"],
                "hours": hours,
                "hours_note": comment,
                "by_appointment": "true" if "sur rendez-vous" in comment.casefold() else "false",
                "phone": row["phone"],
                "dila_uuid": row["dila_uuid"],
                "url": f"{folder}/{row['dila_uuid']}" if folder else "",
                "date_modification": modified.isoformat(),
                "source": "dila_annuaire_2026",
                "notes": row["note"],
            }
        )
    return sorted(offices, key=lambda o: (o["caisse_id"], o["office_name"]))


def render(columns: Iterable[str], rows: Iterable[Mapping[str, str]]) -> bytes:
    """CSV text as the app's data files are written (UTF-8, LF, minimal quoting)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def outputs(shared: Path) -> dict[str, bytes]:
    """The two files this merge writes, by name."""
    return {
        CAISSES_FILE: render(CAISSE_COLUMNS, merged_caisses(shared)),
        WALKIN_FILE: render(WALKIN_COLUMNS, walkin_offices(shared)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Merge the DILA 2026 addresses and walk-in offices into data/.")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing; exit 1 if different")
    args = parser.parse_args(argv)
    try:
        built = outputs(args.shared)
    except MergeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check:
        different = [name for name, content in built.items() if (args.out / name).read_bytes() != content]
        print("up to date" if not different else f"differ: {', '.join(different)}")
        return 1 if different else 0
    for name, content in built.items():
        (args.out / name).write_bytes(content)
    print(f"wrote {', '.join(built)} to {args.out} ({date.today().isoformat()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
