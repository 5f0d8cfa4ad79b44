"""Turn the DILA « Annuaire de l'administration » daily export into the app's caisse data files.

From what (data.gouv.fr, dataset "Base de données locales de Service-public", Licence Ouverte 2.0):

* ``--local``: ``…-data.gouv_local.json``, ``{"service": [ … ]}``, one fiche per office. Only the fiches whose
  ``pivot`` has ``type_service_local == "cpam"`` are read (type ``cpam`` covers the CPAM, the four CGSS and the
  CSS of Mayotte). ``pivot.code_insee_commune`` may be a list (current exports) or a plain string (older ones);
  ``adresse``, ``plage_ouverture``, ``telephone`` and ``pivot`` may also arrive as JSON strings (the API's form).
* ``--communes``: ``…-data.gouv_commune.zip``, one JSON per commune: the commune → cpam offices table.
* ``--caisses`` (default ``data/cpam_caisses.csv``): the app's caisses, for their ids and names.
* ``--postcodes`` (default ``data/postcodes.csv``): postal codes and arrondissements of the communes.

What (in ``--out``): ``cpam_caisses.csv``, ``cpam_walkin_offices.csv`` and ``cpam_competence.csv``, in the
app's formats (``vitale/referencedata.py``). The rules are stated in the docstrings of :func:`map_fiche`
(fiche → caisse), :func:`is_walkin` (which fiches are walk-in offices), :func:`choose_address` and
:func:`mailing_lines` (the caisse's postal address), :func:`street_address` and :func:`hours_from_plages`
(walk-in offices) and :func:`competence_rows` (which caisse serves a commune).

How to run it (by hand, from the repository root; it reads local files only)::

    python3 scripts/import_annuaire.py --local 20261201-data.gouv_local.json \\
        --communes 20261201-data.gouv_commune.zip --export-date 2026-12-01 --out /tmp/annuaire

Then compare the three files with ``data/`` and copy what is right. Fiches that cannot be mapped to a caisse are
reported on stderr (``warning: …``) and in the summary, and skipped: a caisse is never guessed.

Errors (a missing file, bad JSON, a zip that is not a zip, a cpam fiche without ``id`` or ``nom``, a date in
another form than ``dd/mm/yyyy hh:mm:ss``) print one line naming the file (and the fiche) on stderr and exit 2;
nothing is written: the files are written to a temporary folder beside ``--out`` and moved into place only
when all three are complete.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import re
import shutil
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CAISSES = REPO / "data" / "cpam_caisses.csv"
DEFAULT_POSTCODES = REPO / "data" / "postcodes.csv"

CAISSES_FILE = "cpam_caisses.csv"
WALKIN_FILE = "cpam_walkin_offices.csv"
COMPETENCE_FILE = "cpam_competence.csv"

CAISSE_COLUMNS = [
    "caisse_id",
    "name",
    "kind",
    "departement",
    "mailing_address_line1",
    "mailing_address_line2",
    "postal_code",
    "city",
    "phone",
    "website",
    "source_url",
    "verified_on",
    "notes",
    "short_name",
    "ameli_url",
    "address_source",
    "address_dated",
    "dila_uuid",
    "dila_url",
]
WALKIN_COLUMNS = [
    "caisse_id",
    "office_name",
    "street_address",
    "postal_code",
    "city",
    "hours",
    "hours_note",
    "by_appointment",
    "phone",
    "dila_uuid",
    "url",
    "date_modification",
    "source",
    "notes",
]
COMPETENCE_COLUMNS = [
    "insee_code",
    "commune_name",
    "departement",
    "arrondissement",
    "arrondissement_name",
    "postal_codes",
    "caisse_id",
    "caisse_name",
    "candidates",
    "basis",
    "confidence",
    "source",
    "notes",
]
REQUIRED_CAISSE_COLUMNS = ("caisse_id", "name", "kind", "departement", "short_name")

SERVICE_TYPE = "cpam"
SOURCE_ID = "dila_annuaire"
"""Source id (``vitale/sources.toml``) written in ``address_source`` and ``source``."""
WALKIN_SOURCE_ID = "dila_annuaire_walkin"
"""Source id of an address that is a walk-in office's street address (no postal address published)."""
NATIONAL_PHONE = "3646"
POSTAL = "adresse postale"
STREET = "adresse"
DILA_DATE = "%d/%m/%Y %H:%M:%S"

COM_CAISSE_DEPARTEMENT = {"977": "971", "978": "971"}
"""Saint-Barthélemy and Saint-Martin fiches belong to the CGSS of Guadeloupe."""

DAYS = {
    "lundi": "mon",
    "mardi": "tue",
    "mercredi": "wed",
    "jeudi": "thu",
    "vendredi": "fri",
    "samedi": "sat",
    "dimanche": "sun",
}
HOURS_PATTERN = re.compile(
    r"^((mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))? "
    r"\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*)"
    r"(;(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))? "
    r"\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*)*$"
)
"""The app's check of ``hours`` (``vitale.referencedata.HOURS_PATTERN``)."""
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
APPOINTMENT = re.compile(r"\bsur\s+rendez[\s-]*vous", re.IGNORECASE)
"""Received "sur rendez-vous" (by appointment, at least at some times); "pour prendre rendez-vous" is not it."""
ACCUEIL = re.compile(r" - accueil", re.IGNORECASE)
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTAL_CODE = re.compile(r"^\d{5}$")
OLD_PIVOT = re.compile(r"^[a-z_]+-(\d{5}|2[AB]\d{3})-\d+$")

STOP_WORDS = frozenset(
    [
        "caisse",
        "primaire",
        "assurance",
        "maladie",
        "generale",
        "securite",
        "sociale",
        "de",
        "du",
        "des",
        "la",
        "le",
        "l",
        "d",
        "cpam",
        "cgss",
        "cssm",
        "css",
        "ccss",
    ]
)
"""Words that do not tell one caisse from another (the acronyms are dropped with or without brackets)."""
BODY_WORDS = frozenset({"caisse", "cpam", "cgss", "cssm", "css", "ccss", "assurance", "l"})
"""A complement whose first word is one of these names a body (the addressee), not a place."""


JSON = json.JSONDecoder()


class AnnuaireError(Exception):
    """An input is missing or malformed; the message names the file (and the fiche)."""


# -- the inputs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """One entry of a fiche's ``adresse`` list, its texts with whitespace runs made single spaces."""

    kind: str
    complement1: str = ""
    complement2: str = ""
    numero_voie: str = ""
    service_distribution: str = ""
    code_postal: str = ""
    nom_commune: str = ""

    @property
    def usable(self) -> bool:
        """A five-digit postal code and a town: the least an envelope needs."""
        return bool(POSTAL_CODE.match(self.code_postal) and self.nom_commune)

    @property
    def key(self) -> tuple[str, ...]:
        """What two fiches must share to give the same address (case-insensitive)."""
        parts = (self.complement1, self.complement2, self.numero_voie, self.service_distribution)
        return (*(part.casefold() for part in parts), self.code_postal, self.nom_commune.casefold())


@dataclass(frozen=True)
class Plage:
    """One entry of ``plage_ouverture``: French day names, raw time pairs (``("08:30:00", "12:30:00")``)."""

    first_day: str
    last_day: str = ""
    times: tuple[tuple[str, str], ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class Fiche:
    """A ``cpam`` fiche of the local export, with what the importer uses of it."""

    id: str
    nom: str
    insee: str
    modified: date
    addresses: tuple[Address, ...] = ()
    plages: tuple[Plage, ...] = ()
    hours_comment: str = ""
    phones: tuple[str, ...] = ()
    url: str = ""

    def address(self, kind: str) -> Address | None:
        """The first address of that kind (``adresse postale`` or ``adresse``) with a postal code and a town."""
        return next((a for a in self.addresses if a.kind == kind and a.usable), None)


@dataclass(frozen=True)
class Caisse:
    """A row of ``--caisses``: its id, names and département, and every input column for the output."""

    caisse_id: str
    name: str
    short_name: str
    kind: str
    departement: str
    row: Mapping[str, str]

    @property
    def name_words(self) -> frozenset[str]:
        return name_words(self.name)

    @property
    def short_words(self) -> frozenset[str]:
        return name_words(self.short_name)


@dataclass(frozen=True)
class Commune:
    """A commune of the commune table and the uuids of the ``cpam`` offices it lists."""

    insee: str
    name: str
    organismes: tuple[str, ...]


@dataclass(frozen=True)
class Postcodes:
    """What ``postcodes.csv`` says of one commune."""

    postal_codes: tuple[str, ...]
    arrondissement: str
    arrondissement_name: str


@dataclass
class Summary:
    """What an import did, for the maintainer."""

    services_read: int = 0
    fiches_read: int = 0
    communes_read: int = 0
    caisses: int = 0
    caisses_with_address: int = 0
    walkin_offices: int = 0
    competence_rows: int = 0
    unmapped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The short summary printed on success."""
        return [
            f"cpam fiches read: {self.fiches_read} (of {self.services_read} services); communes: {self.communes_read}",
            f"caisses with a DILA address: {self.caisses_with_address} of {self.caisses}",
            f"walk-in offices: {self.walkin_offices}",
            f"competence rows: {self.competence_rows}",
            f"unmapped fiches: {len(self.unmapped)}" + "".join(f"\n  {line}" for line in self.unmapped),
            f"warnings: {len(self.warnings)}",
        ]


def clean(value: str) -> str:
    """Rule: whitespace runs (line breaks included) become one space; ends are stripped."""
    return " ".join(value.split())


def text_of(obj: Mapping[str, object], key: str, where: str) -> str:
    """``obj[key]`` as text: missing or null → ``""``, a number → its digits; a list or an object is malformed."""
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise AnnuaireError(f"{where}: field '{key}' is not text")


def list_of(obj: Mapping[str, object], key: str, where: str) -> list[object]:
    """``obj[key]`` as a list: missing or null → empty, an object → a list of it, a JSON string → decoded."""
    value = obj.get(key)
    if isinstance(value, str) and value.strip().startswith(("[", "{")):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise AnnuaireError(f"{where}: field '{key}' holds bad JSON ({error.msg})") from error
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    raise AnnuaireError(f"{where}: field '{key}' is not a list")


def objects_of(obj: Mapping[str, object], key: str, where: str) -> list[dict[str, object]]:
    """``obj[key]`` as a list of JSON objects; anything else in the list is malformed."""
    items = list_of(obj, key, where)
    if not all(isinstance(item, dict) for item in items):
        raise AnnuaireError(f"{where}: field '{key}' has an entry that is not an object")
    return [item for item in items if isinstance(item, dict)]


def dila_date(value: str, where: str) -> date:
    """``dd/mm/yyyy hh:mm:ss`` (DILA's ``date_modification``) → a date; any other form is malformed."""
    try:
        return datetime.strptime(value, DILA_DATE).date()
    except ValueError as error:
        raise AnnuaireError(f"{where}: date_modification {value!r} is not dd/mm/yyyy hh:mm:ss") from error


def departement_of(insee: str) -> str:
    """Rule: the first 3 characters of a 97x/98x INSEE code, else the first 2 (``2A``/``2B`` for Corsica)."""
    return insee[:3] if insee.startswith(("97", "98")) else insee[:2]


def is_cpam(service: Mapping[str, object]) -> bool:
    """Whether a service's pivot has type ``cpam``; lenient, so that a broken fiche of another type is ignored."""
    try:
        pivots = list_of(service, "pivot", "")
    except AnnuaireError:
        return False
    return any(isinstance(p, dict) and p.get("type_service_local") == SERVICE_TYPE for p in pivots)


def pivot_commune(service: Mapping[str, object], where: str) -> str:
    """The INSEE code of the commune where the office stands: the first code of its ``cpam`` pivot (a list or,
    in older exports, a string), else the one inside ``ancien_code_pivot`` (``cpam-76231-01``); ``""`` if none."""
    for pivot in objects_of(service, "pivot", where):
        if pivot.get("type_service_local") != SERVICE_TYPE:
            continue
        codes = pivot.get("code_insee_commune")
        if isinstance(codes, str):
            codes = [codes]
        if isinstance(codes, list) and codes and isinstance(codes[0], str) and codes[0].strip():
            return codes[0].strip().upper()
        if codes not in (None, []) and not isinstance(codes, list):
            raise AnnuaireError(f"{where}: pivot code_insee_commune is neither a list nor a string")
    old = OLD_PIVOT.match(text_of(service, "ancien_code_pivot", where))
    return old.group(1) if old else ""


def address_from_json(obj: Mapping[str, object], where: str) -> Address:
    """One ``adresse`` entry; ``type_adresse`` is compared case-insensitively."""
    return Address(
        kind=text_of(obj, "type_adresse", where).casefold(),
        complement1=text_of(obj, "complement1", where),
        complement2=text_of(obj, "complement2", where),
        numero_voie=text_of(obj, "numero_voie", where),
        service_distribution=text_of(obj, "service_distribution", where),
        code_postal=text_of(obj, "code_postal", where),
        nom_commune=text_of(obj, "nom_commune", where),
    )


def plage_from_json(obj: Mapping[str, object], where: str) -> Plage:
    """One ``plage_ouverture`` entry; a time pair with neither end given is left out."""
    pairs = []
    for n in (1, 2):
        start = text_of(obj, f"valeur_heure_debut_{n}", where)
        end = text_of(obj, f"valeur_heure_fin_{n}", where)
        if start or end:
            pairs.append((start, end))
    return Plage(
        first_day=text_of(obj, "nom_jour_debut", where),
        last_day=text_of(obj, "nom_jour_fin", where),
        times=tuple(pairs),
        comment=text_of(obj, "commentaire", where),
    )


def fiche_from_json(service: object, file: str, index: int) -> Fiche | None:
    """A ``cpam`` fiche, or None for a service of another type. ``id``, ``nom`` and ``date_modification`` are
    required on a cpam fiche; ``index`` (0-based place in the ``service`` list) names a fiche without id."""
    if not isinstance(service, dict):
        raise AnnuaireError(f"{file}: service #{index} is not a JSON object")
    if not is_cpam(service):
        return None
    ident = text_of(service, "id", f"{file}: service #{index}")
    if not ident:
        raise AnnuaireError(f"{file}: service #{index} (a cpam fiche) has no 'id'")
    where = f"{file}: fiche {ident}"
    nom = text_of(service, "nom", where)
    if not nom:
        raise AnnuaireError(f"{where} has no 'nom'")
    modified = text_of(service, "date_modification", where)
    if not modified:
        raise AnnuaireError(f"{where} has no 'date_modification'")
    return Fiche(
        id=ident,
        nom=nom,
        insee=pivot_commune(service, where),
        modified=dila_date(modified, where),
        addresses=tuple(address_from_json(a, where) for a in objects_of(service, "adresse", where)),
        plages=tuple(plage_from_json(p, where) for p in objects_of(service, "plage_ouverture", where)),
        hours_comment=text_of(service, "commentaire_plage_ouverture", where),
        phones=tuple(phone for t in objects_of(service, "telephone", where) if (phone := text_of(t, "valeur", where))),
        url=text_of(service, "url_service_public", where),
    )


def read_text(path: Path, what: str) -> str:
    """A UTF-8 file's text (a byte-order mark is dropped)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise AnnuaireError(f"{path}: {what} not found") from error
    except UnicodeDecodeError as error:
        raise AnnuaireError(f"{path}: not UTF-8 text") from error
    except OSError as error:
        raise AnnuaireError(f"{path}: cannot be read ({error.strerror})") from error


def skip_space(text: str, pos: int) -> int:
    """The index of the next non-blank character at or after ``pos``."""
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def expect(text: str, pos: int, chars: str, file: str) -> int:
    """Check that the next non-blank character is one of ``chars``; return its index."""
    pos = skip_space(text, pos)
    if pos >= len(text) or text[pos] not in chars:
        line = text.count("\n", 0, pos) + 1
        found = "the end of the file" if pos >= len(text) else repr(text[pos])
        raise AnnuaireError(f"{file}: not valid JSON (expected {' or '.join(chars)} at line {line}, found {found})")
    return pos


def json_value(text: str, pos: int, file: str) -> tuple[object, int]:
    """The JSON value at ``pos`` (blanks skipped) and the index after it."""
    try:
        return JSON.raw_decode(text, skip_space(text, pos))
    except json.JSONDecodeError as error:
        raise AnnuaireError(
            f"{file}: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from error
    except RecursionError as error:
        raise AnnuaireError(f"{file}: JSON nested too deeply to read") from error


def member_key(text: str, pos: int, file: str) -> tuple[str, int]:
    """An object member's key at ``pos`` and the index after its colon."""
    key, pos = json_value(text, pos, file)
    if not isinstance(key, str):
        raise AnnuaireError(f"{file}: not valid JSON (an object key is not a string)")
    return key, expect(text, pos, ":", file) + 1


def array_items(text: str, pos: int, file: str) -> Generator[object, None, int]:
    """The items of the array whose ``[`` is at ``pos``, decoded one at a time; returns the index after ``]``."""
    if text[skip_space(text, pos + 1) : skip_space(text, pos + 1) + 1] == "]":
        return skip_space(text, pos + 1) + 1
    pos += 1
    while True:
        item, pos = json_value(text, pos, file)
        yield item
        pos = expect(text, pos, ",]", file) + 1
        if text[pos - 1] == "]":
            return pos


def iter_services(text: str, file: str) -> Iterator[object]:
    """The items of the top-level ``"service"`` list, decoded one at a time (the export is ~273 MB: decoding it
    whole would hold every fiche of every type in memory). Other top-level members are decoded and dropped."""
    pos = skip_space(text, 0)
    if not text.startswith("{", pos):
        raise AnnuaireError(f'{file}: not a JSON object (expected {{"service": [ … ]}})')
    found = False
    pos += 1
    if text.startswith("}", skip_space(text, pos)):
        pos = skip_space(text, pos) + 1
    else:
        while not text.startswith("}", pos - 1):
            key, pos = member_key(text, pos, file)
            if key == "service":
                found = True
                pos = yield from array_items(text, expect(text, pos, "[", file), file)
            else:
                _, pos = json_value(text, pos, file)
            pos = expect(text, pos, ",}", file) + 1
    if skip_space(text, pos) != len(text):
        raise AnnuaireError(f"{file}: not valid JSON (extra data after the top-level object)")
    if not found:
        raise AnnuaireError(f'{file}: no "service" list (is this the …-data.gouv_local.json file?)')


def read_fiches(path: Path, summary: Summary) -> list[Fiche]:
    """The cpam fiches of the local export, in file order; a repeated id keeps its first fiche (warned)."""
    fiches: dict[str, Fiche] = {}
    for index, service in enumerate(iter_services(read_text(path, "local export"), str(path))):
        summary.services_read += 1
        fiche = fiche_from_json(service, str(path), index)
        if fiche is None:
            continue
        if fiche.id in fiches:
            summary.warnings.append(f"fiche {fiche.id} appears twice in {path}; the first one is kept")
            continue
        fiches[fiche.id] = fiche
    summary.fiches_read = len(fiches)
    return list(fiches.values())


def organismes_of(entry: Mapping[str, object], where: str) -> list[str]:
    """The uuids of a commune's ``cpam`` entry (strings, or objects with an ``id``)."""
    uuids = []
    for item in list_of(entry, "organisme", where):
        uuid = item if isinstance(item, str) else item.get("id") if isinstance(item, dict) else None
        if not isinstance(uuid, str):
            raise AnnuaireError(f"{where}: an organisme is neither a uuid nor an object with an id")
        uuids.append(uuid.strip())
    return uuids


def communes_from_json(data: object, where: str) -> Iterator[Commune]:
    """The communes of one member of the commune zip (``{"commune": [ … ]}``)."""
    if not isinstance(data, dict) or "commune" not in data:
        raise AnnuaireError(f'{where}: no "commune" list')
    for entry in objects_of(data, "commune", where):
        insee = text_of(entry, "code_insee_commune", where).upper()
        if not insee:
            raise AnnuaireError(f"{where}: a commune has no code_insee_commune")
        uuids: list[str] = []
        for service in objects_of(entry, "type_service_local", f"{where}, commune {insee}"):
            if text_of(service, "code_type_service_local", where) == SERVICE_TYPE:
                uuids += organismes_of(service, f"{where}, commune {insee}")
        yield Commune(insee=insee, name=text_of(entry, "nom", where), organismes=tuple(uuids))


def read_communes(path: Path, summary: Summary) -> dict[str, Commune]:
    """Every commune of the zip's JSON members by INSEE code; a commune in several members gets the union of
    their offices (first published order kept)."""
    communes: dict[str, Commune] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".json")]
            if not members:
                raise AnnuaireError(f"{path}: the zip holds no JSON file")
            for member in members:
                where = f"{path}: {member.filename}"
                try:
                    data = json.loads(archive.read(member).decode("utf-8-sig"))
                except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
                    raise AnnuaireError(f"{where}: not valid JSON ({error})") from error
                for commune in communes_from_json(data, where):
                    known = communes.get(commune.insee)
                    if known is not None:
                        merged = tuple(dict.fromkeys((*known.organismes, *commune.organismes)))
                        commune = Commune(commune.insee, known.name or commune.name, merged)
                    communes[commune.insee] = commune
    except FileNotFoundError as error:
        raise AnnuaireError(f"{path}: commune zip not found") from error
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise AnnuaireError(f"{path}: not a readable zip file ({error})") from error
    except (NotImplementedError, RuntimeError) as error:
        raise AnnuaireError(f"{path}: cannot be unzipped ({error})") from error
    except OSError as error:
        raise AnnuaireError(f"{path}: cannot be read ({error.strerror or error})") from error
    summary.communes_read = len(communes)
    return communes


def read_csv(path: Path, required: Sequence[str], what: str) -> tuple[list[str], list[dict[str, str]]]:
    """A UTF-8 CSV file's header and rows; a missing column or a ragged row is malformed."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except FileNotFoundError as error:
        raise AnnuaireError(f"{path}: {what} not found") from error
    except UnicodeDecodeError as error:
        raise AnnuaireError(f"{path}: not UTF-8 text") from error
    except csv.Error as error:
        raise AnnuaireError(f"{path}: not a readable CSV file ({error})") from error
    except OSError as error:
        raise AnnuaireError(f"{path}: cannot be read ({error.strerror})") from error
    missing = [column for column in required if column not in header]
    if missing:
        raise AnnuaireError(f"{path}: missing column(s) {', '.join(missing)}")
    for number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            raise AnnuaireError(f"{path}: line {number} does not have as many columns as the header")
    return header, rows


def read_caisses(path: Path) -> list[Caisse]:
    """The app's caisses, in file order; ids must be unique and every required column filled."""
    _, rows = read_csv(path, REQUIRED_CAISSE_COLUMNS, "caisse list")
    caisses: list[Caisse] = []
    for number, row in enumerate(rows, start=2):
        values = {column: clean(row[column]) for column in REQUIRED_CAISSE_COLUMNS}
        empty = [column for column, value in values.items() if not value]
        if empty:
            raise AnnuaireError(f"{path}: line {number} has no {', '.join(empty)}")
        if any(c.caisse_id == values["caisse_id"] for c in caisses):
            raise AnnuaireError(f"{path}: line {number} repeats caisse id {values['caisse_id']}")
        caisses.append(
            Caisse(
                caisse_id=values["caisse_id"],
                name=values["name"],
                short_name=values["short_name"],
                kind=values["kind"],
                departement=values["departement"].upper(),
                row=row,
            )
        )
    return caisses


def read_postcodes(path: Path) -> dict[str, Postcodes]:
    """Each commune's sorted postal codes and its arrondissement (both columns optional)."""
    _, rows = read_csv(path, ("postal_code", "insee_code"), "postcode list")
    codes: dict[str, set[str]] = {}
    arrondissements: dict[str, tuple[str, str]] = {}
    for row in rows:
        insee, code = row["insee_code"].strip().upper(), row["postal_code"].strip()
        if insee and code:
            codes.setdefault(insee, set()).add(code)
            arrondissements.setdefault(
                insee, (clean(row.get("arrondissement") or ""), clean(row.get("arrondissement_name") or ""))
            )
    return {insee: Postcodes(tuple(sorted(values)), *arrondissements[insee]) for insee, values in codes.items()}


# -- fiche → caisse ------------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Casefolded, without accents, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def name_words(text: str) -> frozenset[str]:
    """The words that tell a caisse: casefolded, accents stripped, punctuation made spaces, without
    :data:`STOP_WORDS` (``CPAM de l'Artois`` → ``{artois}``, ``…de Pau-Pyrénées`` → ``{pau, pyrenees}``)."""
    return frozenset(word for word in re.split(r"[\W_]+", plain(text)) if word and word not in STOP_WORDS)


def office_key(nom: str) -> str:
    """A fiche's name without its `` - accueil…`` part (any case): the part that names the caisse."""
    match = ACCUEIL.search(nom)
    return nom[: match.start()] if match else nom


def caisses_named(words: frozenset[str], caisses: Sequence[Caisse]) -> list[Caisse]:
    """The caisses all of whose name words (or all of whose short-name words) are in ``words``. A caisse whose
    matched words are a strict part of another match's is dropped (``{haute, loire}`` names Haute-Loire, not
    Loire); two caisses named side by side (``Bayonne et Pau-Pyrénées``) both stay: the caller sees a tie."""
    matched: list[tuple[frozenset[str], Caisse]] = []
    for caisse in caisses:
        owns = [own for own in (caisse.name_words, caisse.short_words) if own and own <= words]
        if owns:
            matched.append((max(owns, key=len), caisse))
    return [caisse for own, caisse in matched if not any(own < other for other, _ in matched)]


@dataclass(frozen=True)
class FicheMapping:
    """Where a fiche goes: ``caisse_id`` (None when it cannot be told) and why."""

    caisse_id: str | None
    reason: str


def map_fiche(fiche: Fiche, caisses: Sequence[Caisse]) -> FicheMapping:
    """Which caisse a cpam fiche belongs to. Rule, in order:

    1. the département is that of the pivot commune (where the office stands, :func:`departement_of`);
       Saint-Barthélemy (977) and Saint-Martin (978) count as 971, the CGSS of Guadeloupe; no valid INSEE
       code → unmapped;
    2. the caisses of that département in ``--caisses``: none → unmapped; exactly one → that one;
    3. several (59, 62, 64, 76): the fiche's name without its `` - accueil…`` part is reduced to
       :func:`name_words`; the caisse whose name words or short-name words are all among them (a caisse
       whose name is part of another matched one's drops out, :func:`caisses_named`) is the caisse; none or
       several → unmapped.

    An unmapped fiche is reported and skipped, never guessed."""
    if not fiche.insee:
        return FicheMapping(None, "its pivot gives no commune")
    if not INSEE_CODE.match(fiche.insee):
        return FicheMapping(None, f"its pivot commune {fiche.insee!r} is not an INSEE code")
    departement = departement_of(fiche.insee)
    departement = COM_CAISSE_DEPARTEMENT.get(departement, departement)
    local = [caisse for caisse in caisses if caisse.departement == departement]
    if not local:
        return FicheMapping(None, f"no caisse of département {departement} in the caisse list")
    if len(local) == 1:
        return FicheMapping(local[0].caisse_id, f"the only caisse of département {departement}")
    named = caisses_named(name_words(office_key(fiche.nom)), local)
    if len(named) == 1:
        return FicheMapping(named[0].caisse_id, "its name")
    if not named:
        return FicheMapping(None, f"its name matches none of the {len(local)} caisses of département {departement}")
    ids = ", ".join(caisse.caisse_id for caisse in named)
    return FicheMapping(None, f"its name matches several caisses of département {departement} ({ids})")


def is_walkin(nom: str, caisse: Caisse) -> bool:
    """Whether a fiche is a walk-in office. Rule: its name contains `` - accueil`` (any case); or it has a
    `` - `` suffix whose words are not all in the caisse's own name (``… du Cantal - Saint-Flour``). A fiche
    named as the caisse itself (``… de Rouen-Elbeuf-Dieppe - Seine-Maritime``) is not an office."""
    if ACCUEIL.search(nom):
        return True
    _, dash, tail = nom.partition(" - ")
    words = name_words(tail)
    return bool(dash and words) and not words <= caisse.name_words | caisse.short_words


# -- the caisse's postal address ---------------------------------------------------------------------------


def is_addressee(text: str) -> bool:
    """Whether an address complement names a body (``Caisse primaire d'assurance maladie de l'Allier``,
    ``CPAM …``, ``CGSS …``, ``L'Assurance Maladie …``) rather than a building or a box."""
    words = [word for word in re.split(r"[\W_]+", plain(text)) if word]
    return bool(words) and words[0] in BODY_WORDS and (words[0] != "l" or words[1:2] == ["assurance"])


def mailing_lines(address: Address, short_name: str) -> tuple[str, str]:
    """The two mailing-address lines of a DILA address. Rule:

    * a complement that names a body (:func:`is_addressee`) is left out: the app prints the caisse's name
      above the lines, and a foreign addressee is checked apart (:func:`foreign_addressee`);
    * line 1 = ``numero_voie`` if given, else the first remaining complement, else ``service_distribution``
      (``CS 76039``), else — DILA gives only an addressee and a Cedex code — the caisse's short name
      (``CPAM des Bouches-du-Rhône``);
    * line 2 = the rest of complement1, complement2, service_distribution, in that order, joined with ``, ``
      (``CS 10001``, ``BP 26``); a part equal to line 1 is not repeated."""
    parts = [c for c in (address.complement1, address.complement2) if c and not is_addressee(c)]
    parts += [address.service_distribution] if address.service_distribution else []
    parts = [part for part in dict.fromkeys(parts) if part != address.numero_voie]
    if address.numero_voie:
        return address.numero_voie, ", ".join(parts)
    if parts:
        return parts[0], ", ".join(parts[1:])
    return short_name, ""


def foreign_addressee(address: Address, caisse: Caisse, caisses: Sequence[Caisse]) -> str | None:
    """The address's addressee when it names another caisse of the list and not this one (the Haute-Corse
    fiches give the Corse-du-Sud caisse's address), else None."""
    for text in (address.complement1, address.complement2):
        if text and is_addressee(text):
            named = caisses_named(name_words(text), caisses)
            if named and caisse not in named:
                return text
    return None


def newest(fiches: Sequence[Fiche]) -> Fiche:
    """The most recently modified fiche; same day → the smallest id."""
    return min(fiches, key=lambda f: (-f.modified.toordinal(), f.id))


@dataclass(frozen=True)
class AddressChoice:
    """The address chosen for a caisse, the fiche it is read from, and what to say about it."""

    address: Address | None
    fiche: Fiche | None
    postal: bool
    remarks: tuple[str, ...] = ()


def choose_address(fiches: Sequence[Fiche], caisse: Caisse, caisses: Sequence[Caisse]) -> AddressChoice:
    """A caisse's mailing address from its fiches. Rule:

    1. the fiches' ``Adresse postale`` entries (with a 5-digit code and a town), leaving out those whose
       addressee names another caisse (:func:`foreign_addressee`); if every one does, no address is chosen;
    2. the most frequent one (compared case-insensitively); a tie → the one on the most recently modified fiche;
       the fiche read is the most recent fiche that gives it (same day → smallest id);
    3. no ``Adresse postale`` at all → the ``Adresse`` (street address) of the fiche named as the caisse itself
       (not a walk-in office, :func:`is_walkin`), else of the most recent fiche; this is said in ``notes``."""
    postal = [(f, a) for f in fiches if (a := f.address(POSTAL)) is not None]
    foreign = [(f, text) for f, a in postal if (text := foreign_addressee(a, caisse, caisses))]
    own = [(f, a) for f, a in postal if foreign_addressee(a, caisse, caisses) is None]
    remarks: list[str] = []
    if foreign:
        names = "; ".join(sorted({f"'{text}'" for _, text in foreign}))
        remarks.append(f"{len(foreign)} fiche(s) give the postal address of another caisse ({names}): not used.")
    if own:
        counts = Counter(a.key for _, a in own)
        by_key = {key: [f for f, a in own if a.key == key] for key in counts}
        best = min(counts, key=lambda k: (-counts[k], -newest(by_key[k]).modified.toordinal(), newest(by_key[k]).id))
        fiche = newest(by_key[best])
        address = next(a for f, a in own if f is fiche)
        if len(counts) > 1:
            remarks.append(
                f"Its fiches give {len(counts)} different postal addresses; "
                f"this one is on {counts[best]} of {len(own)}."
            )
        return AddressChoice(address, fiche, postal=True, remarks=tuple(remarks))
    if foreign:
        return AddressChoice(None, None, postal=True, remarks=tuple(remarks))
    street = [f for f in fiches if f.address(STREET) is not None]
    if not street:
        return AddressChoice(None, None, postal=False)
    heads = [f for f in street if not is_walkin(f.nom, caisse)]
    fiche = newest(heads or street)
    return AddressChoice(fiche.address(STREET), fiche, postal=False)


def offices_phrase(count: int) -> str:
    """``no walk-in office``, ``1 walk-in office``, ``3 walk-in offices``."""
    return "no walk-in office" if count == 0 else f"{count} walk-in office" + ("s" if count > 1 else "")


def caisse_row(
    caisse: Caisse, fiches: Sequence[Fiche], walkins: int, caisses: Sequence[Caisse], export_date: date
) -> tuple[dict[str, str], bool]:
    """The output row of one caisse and whether it got a DILA address. Input columns are copied; a caisse with
    a chosen address gets it with ``verified_on`` = the export date and the fiche's uuid, url and date. Without
    one, the address columns (and ``address_source``, ``address_dated``, ``dila_uuid``, ``dila_url``) stay as in
    the input and ``notes`` says why. ``phone`` stays as in the input; empty → 3646, except for a CSS (Mayotte,
    not on the national number)."""
    row = {column: clean(caisse.row.get(column) or "") for column in CAISSE_COLUMNS}
    if not row["phone"] and caisse.kind != "CSS":
        row["phone"] = NATIONAL_PHONE
    export = export_date.isoformat()
    choice = choose_address(fiches, caisse, caisses) if fiches else AddressChoice(None, None, postal=False)
    if choice.address is None or choice.fiche is None:
        if not fiches:
            why = "No DILA fiche found in this export."
        elif choice.remarks:
            why = f"DILA directory export of {export}: " + " ".join(choice.remarks) + " The address is unchanged."
        else:
            why = f"The DILA fiches of this export give no usable address ({offices_phrase(walkins)})."
        row["notes"] = f"{row['notes']} {why}".strip()
        return row, False
    fiche, address = choice.fiche, choice.address
    line1, line2 = mailing_lines(address, caisse.short_name)
    dated = fiche.modified.isoformat()
    if choice.postal:
        said = f"Postal address from the DILA directory export of {export} (fiche modified {dated})"
    else:
        said = (
            f"No postal address in the DILA directory export of {export}: street address of the fiche "
            f"'{fiche.nom}' (modified {dated}), to confirm before sending mail"
        )
    row.update(
        mailing_address_line1=line1,
        mailing_address_line2=line2,
        postal_code=address.code_postal,
        city=address.nom_commune,
        source_url=fiche.url or row["source_url"],
        verified_on=export,
        notes=" ".join([f"{said}; {offices_phrase(walkins)}.", *choice.remarks]),
        address_source=SOURCE_ID if choice.postal else WALKIN_SOURCE_ID,
        address_dated=dated,
        dila_uuid=fiche.id,
        dila_url=fiche.url,
    )
    return row, True


# -- walk-in offices ----------------------------------------------------------------------------------------


def day_code(name: str) -> str | None:
    """``Lundi`` → ``mon`` … ``Dimanche`` → ``sun`` (any case or accents); None for anything else."""
    return DAYS.get(plain(name).strip())


def clock(value: str) -> str | None:
    """``08:30:00`` or ``8:30`` → ``08:30``; None when it is not a time of day."""
    match = CLOCK.match(value)
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


@dataclass(frozen=True)
class Hours:
    """A walk-in office's ``hours`` text, and what was left out of it (for ``notes``)."""

    text: str
    problems: tuple[str, ...] = ()


def hours_from_plages(plages: Sequence[Plage]) -> Hours:
    """The app's ``hours``: one ``<day>[-<day>] HH:MM-HH:MM[,HH:MM-HH:MM]`` span per plage, in published order,
    joined with ``;`` (``mon 08:30-12:30,13:30-17:00;wed-fri 08:30-12:30``). Rule: day names become ``mon``…
    ``sun`` and a plage without ``nom_jour_fin`` (or with the same day) is one day; times lose their seconds;
    a time pair that is incomplete, not a time or not increasing is left out, and a plage left with no time is
    left out (both said in ``problems``); no plage → empty text. The result always matches the app's pattern."""
    spans: list[str] = []
    problems: list[str] = []
    for plage in plages:
        first, last = day_code(plage.first_day), day_code(plage.last_day or plage.first_day)
        if first is None or last is None:
            problems.append(f"Opening days '{plage.first_day}'-'{plage.last_day}' not understood; left out.")
            continue
        times = []
        for start, end in plage.times:
            opens, closes = clock(start), clock(end)
            if opens is None or closes is None or opens >= closes:
                problems.append(f"Opening time '{start}'-'{end}' ({plage.first_day}) not understood; left out.")
            else:
                times.append(f"{opens}-{closes}")
        if not times:
            if plage.times or not plage.comment:
                problems.append(f"No opening time for '{plage.first_day}'; left out.")
            continue
        days = first if first == last else f"{first}-{last}"
        spans.append(f"{days} {','.join(times)}")
    text = ";".join(spans)
    if text and not HOURS_PATTERN.match(text):  # defensive: the rules above only build valid spans
        return Hours("", (*problems, f"Opening hours '{text}' do not fit the app's form; left out."))
    return Hours(text, tuple(problems))


def hours_note(fiche: Fiche) -> str:
    """The fiche's comments on its hours, as published (French): each plage's ``commentaire`` in order, then the
    fiche's ``commentaire_plage_ouverture``; repeats dropped; joined with a space."""
    comments = [plage.comment for plage in fiche.plages if plage.comment]
    comments += [fiche.hours_comment] if fiche.hours_comment else []
    return " ".join(dict.fromkeys(comments))


def street_address(address: Address) -> str:
    """A walk-in office's street address. Rule: ``numero_voie`` (else complement1), then the remaining
    complements in parentheses, then ``, `` and ``service_distribution`` when given:
    ``Quartier des Carmes (Caisse commune de Sécurité sociale), BP 26``."""
    complements = [c for c in (address.complement1, address.complement2) if c]
    if not address.numero_voie and complements:
        base, complements = complements[0], complements[1:]
    else:
        base = address.numero_voie
    text = f"{base} ({', '.join(complements)})" if base and complements else base
    if address.service_distribution:
        text = f"{text}, {address.service_distribution}" if text else address.service_distribution
    return text


def walkin_row(fiche: Fiche, caisse: Caisse) -> tuple[dict[str, str] | None, str]:
    """The output row of a walk-in fiche, or None and why not (no street address with a 5-digit postal code and
    a town: the app requires them). ``by_appointment`` is ``true`` when a comment says « sur rendez-vous »."""
    address = fiche.address(STREET)
    street = street_address(address) if address else ""
    if address is None or not street:
        return None, f"walk-in fiche {fiche.id} ({fiche.nom}) has no street address with a postal code; skipped"
    hours = hours_from_plages(fiche.plages)
    note = hours_note(fiche)
    remarks = list(hours.problems)
    if not fiche.plages:
        remarks.append("No opening hours published.")
    if not ACCUEIL.search(fiche.nom):
        remarks.append("The name has no 'accueil'; taken as a walk-in office as it names a place after the caisse.")
    row = {
        "caisse_id": caisse.caisse_id,
        "office_name": fiche.nom,
        "street_address": street,
        "postal_code": address.code_postal,
        "city": address.nom_commune,
        "hours": hours.text,
        "hours_note": note,
        "by_appointment": "true" if APPOINTMENT.search(note) else "false",
        "phone": fiche.phones[0] if fiche.phones else "",
        "dila_uuid": fiche.id,
        "url": fiche.url,
        "date_modification": fiche.modified.isoformat(),
        "source": SOURCE_ID,
        "notes": " ".join(remarks),
    }
    return row, ""


# -- commune → caisse ------------------------------------------------------------------------------------------


def shorten(items: Sequence[str], limit: int = 12) -> str:
    """A list for a warning, cut after ``limit`` items."""
    shown = ", ".join(items[:limit])
    return shown + (f" … ({len(items)} in all)" if len(items) > limit else "")


@dataclass(frozen=True)
class CompetenceContext:
    """What every competence row needs besides its commune."""

    fiches: Mapping[str, Fiche]
    fiche_caisse: Mapping[str, str]
    caisses: Mapping[str, Caisse]
    postcodes: Mapping[str, Postcodes]
    export_date: date


def competence_row(commune: Commune, places: Postcodes, context: CompetenceContext) -> dict[str, str]:
    """The row of a commune whose listed offices map to at least one caisse: that caisse (``dila_annuaire``,
    high) or, for offices of several caisses, their ids as candidates (``unresolved``, low)."""
    mapped = sorted({uuid for uuid in commune.organismes if uuid in context.fiche_caisse})
    ids = sorted({context.fiche_caisse[uuid] for uuid in mapped})
    others = [uuid for uuid in dict.fromkeys(commune.organismes) if uuid not in context.fiche_caisse]
    single = len(ids) == 1
    notes = [] if single else ["The DILA commune table lists offices of several caisses for this commune."]
    notes += [f"Listed office(s) not mapped to a caisse: {' '.join(others)}."] if others else []
    fiches = " ".join(f"{uuid}@{context.fiches[uuid].modified.isoformat()}" for uuid in mapped)
    return {
        "insee_code": commune.insee,
        "commune_name": commune.name,
        "departement": departement_of(commune.insee),
        "arrondissement": places.arrondissement,
        "arrondissement_name": places.arrondissement_name,
        "postal_codes": "|".join(places.postal_codes),
        "caisse_id": ids[0] if single else "",
        "caisse_name": context.caisses[ids[0]].name if single else "",
        "candidates": "" if single else "|".join(ids),
        "basis": SOURCE_ID if single else "unresolved",
        "confidence": "high" if single else "low",
        "source": f"DILA directory export {context.export_date.isoformat()}; fiches {fiches}",
        "notes": " ".join(notes),
    }


def competence_rows(
    communes: Mapping[str, Commune], context: CompetenceContext, summary: Summary
) -> list[dict[str, str]]:
    """Which caisse serves each commune where the département alone cannot tell. Rule:

    * a row is made for a commune of a département with several caisses in the list, and for a commune whose
      listed offices belong to a caisse of another département (Saint-Martin → Guadeloupe);
    * each ``cpam`` office uuid the commune table lists is mapped to its fiche's caisse; all one caisse →
      ``basis=dila_annuaire``, ``confidence=high``; several → no ``caisse_id``, ``candidates`` = the ids
      (sorted, ``|``), ``basis=unresolved``, ``confidence=low``; ``source`` names every mapped fiche as
      ``uuid@date_modification``; uuids that are no mapped fiche are named in ``notes``;
    * skipped and reported: a commune whose offices map to no caisse, or that ``postcodes.csv`` lacks (the app
      requires its postal codes), or whose code is not an INSEE code; also reported: the communes of
      ``postcodes.csv`` in a département with several caisses that the commune table does not list.
      Rows are sorted by INSEE code."""
    per_departement = Counter(caisse.departement for caisse in context.caisses.values())
    rows: list[dict[str, str]] = []
    skipped: dict[str, list[str]] = {"bad code": [], "no office": [], "no postcode": []}
    for insee in sorted(communes):
        commune, departement = communes[insee], departement_of(insee)
        ids = {context.fiche_caisse[uuid] for uuid in commune.organismes if uuid in context.fiche_caisse}
        cross = any(context.caisses[caisse_id].departement != departement for caisse_id in ids)
        label = f"{insee} {commune.name}".strip()
        if not INSEE_CODE.match(insee):
            skipped["bad code"].append(label)
        elif per_departement[departement] < 2 and not cross:
            continue
        elif not ids:
            skipped["no office"].append(label)
        elif insee not in context.postcodes:
            skipped["no postcode"].append(label)
        else:
            rows.append(competence_row(commune, context.postcodes[insee], context))
    absent = [i for i in sorted(context.postcodes) if per_departement[departement_of(i)] > 1 and i not in communes]
    for what, items in (
        ("code(s) in the commune table are not INSEE codes; skipped", skipped["bad code"]),
        ("commune(s) that need a competence row list no office of a known caisse; skipped", skipped["no office"]),
        ("commune(s) are not in the postcode list (the app needs their postal codes); skipped", skipped["no postcode"]),
        ("commune(s) of départements with several caisses are not in the commune table", absent),
    ):
        if items:
            summary.warnings.append(f"{len(items)} {what}: {shorten(items)}")
    return rows


# -- the run ------------------------------------------------------------------------------------------------


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> None:
    """UTF-8, ``\\n`` line ends, minimal quoting, the columns in the given order."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def write_outputs(out: Path, tables: Mapping[str, tuple[Sequence[str], Sequence[Mapping[str, str]]]]) -> None:
    """Write every table into a temporary folder beside ``out``, then move them into ``out`` (created if
    needed): a failure leaves ``out`` as it was, and no half-written file anywhere."""
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".import_annuaire-", dir=parent))
    try:
        for name, (columns, rows) in tables.items():
            write_csv(work / name, columns, rows)
        out.mkdir(exist_ok=True)
        for name in tables:
            (work / name).replace(out / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def map_fiches(fiches: Sequence[Fiche], caisses: Sequence[Caisse], summary: Summary) -> dict[str, str]:
    """Fiche id → caisse id for every fiche :func:`map_fiche` can place; the others go to ``summary.unmapped``."""
    placed: dict[str, str] = {}
    for fiche in fiches:
        mapping = map_fiche(fiche, caisses)
        if mapping.caisse_id is None:
            summary.unmapped.append(f"{fiche.id} '{fiche.nom}' (commune {fiche.insee or '?'}): {mapping.reason}")
        else:
            placed[fiche.id] = mapping.caisse_id
    return placed


def walkin_rows(
    fiches: Sequence[Fiche], fiche_caisse: Mapping[str, str], caisses: Mapping[str, Caisse], summary: Summary
) -> list[dict[str, str]]:
    """The rows of the mapped walk-in fiches (:func:`is_walkin`), sorted by caisse id then office name."""
    rows = []
    for fiche in fiches:
        caisse = caisses.get(fiche_caisse.get(fiche.id, ""))
        if caisse is None or not is_walkin(fiche.nom, caisse):
            continue
        row, problem = walkin_row(fiche, caisse)
        if row is None:
            summary.warnings.append(problem)
        else:
            rows.append(row)
    return sorted(rows, key=lambda row: (row["caisse_id"], row["office_name"]))


def caisse_rows(
    caisses: Sequence[Caisse],
    fiches: Sequence[Fiche],
    fiche_caisse: Mapping[str, str],
    walkins: Sequence[Mapping[str, str]],
    export_date: date,
    summary: Summary,
) -> list[dict[str, str]]:
    """One row per caisse of the list, in its order (:func:`caisse_row`)."""
    offices = Counter(row["caisse_id"] for row in walkins)
    rows = []
    for caisse in caisses:
        own = [fiche for fiche in fiches if fiche_caisse.get(fiche.id) == caisse.caisse_id]
        row, addressed = caisse_row(caisse, own, offices[caisse.caisse_id], caisses, export_date)
        rows.append(row)
        summary.caisses_with_address += addressed
    summary.caisses = len(caisses)
    return rows


def run(local: Path, communes: Path, caisses: Path, postcodes: Path, out: Path, export_date: date) -> Summary:
    """Read the inputs, build the three files and write them into ``out``; raise :class:`AnnuaireError` (and
    write nothing) on malformed input. Unmapped fiches and skipped rows are in the returned summary."""
    summary = Summary()
    caisse_list = read_caisses(caisses)
    postcode_table = read_postcodes(postcodes)
    fiche_list = read_fiches(local, summary)
    commune_table = read_communes(communes, summary)

    by_id = {caisse.caisse_id: caisse for caisse in caisse_list}
    fiche_caisse = map_fiches(fiche_list, caisse_list, summary)
    walkins = walkin_rows(fiche_list, fiche_caisse, by_id, summary)
    caisse_table = caisse_rows(caisse_list, fiche_list, fiche_caisse, walkins, export_date, summary)
    context = CompetenceContext({f.id: f for f in fiche_list}, fiche_caisse, by_id, postcode_table, export_date)
    competence = competence_rows(commune_table, context, summary)
    summary.walkin_offices, summary.competence_rows = len(walkins), len(competence)
    write_outputs(
        out,
        {
            CAISSES_FILE: (CAISSE_COLUMNS, caisse_table),
            WALKIN_FILE: (WALKIN_COLUMNS, walkins),
            COMPETENCE_FILE: (COMPETENCE_COLUMNS, competence),
        },
    )
    return summary


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="import_annuaire.py",
        description="Build cpam_caisses.csv, cpam_walkin_offices.csv and cpam_competence.csv from the DILA export.",
    )
    parser.add_argument("--local", type=Path, required=True, help="the …-data.gouv_local.json file")
    parser.add_argument("--communes", type=Path, required=True, help="the …-data.gouv_commune.zip file")
    parser.add_argument("--export-date", required=True, help="the export's date, YYYY-MM-DD")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the three files into")
    parser.add_argument("--caisses", type=Path, default=DEFAULT_CAISSES, help="default: %(default)s")
    parser.add_argument("--postcodes", type=Path, default=DEFAULT_POSTCODES, help="default: %(default)s")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the import; return the exit code (0 done, 2 bad input or a file that cannot be written)."""
    args = parse_args(argv)
    try:
        export_date = date.fromisoformat(args.export_date)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.export_date):
            raise ValueError(args.export_date)
    except ValueError:
        print(f"error: --export-date {args.export_date!r} is not a date YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        summary = run(args.local, args.communes, args.caisses, args.postcodes, args.out, export_date)
    except AnnuaireError as error:
        print(f"error: {clean(str(error))}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.filename or args.out}: cannot be written ({error.strerror or error})", file=sys.stderr)
        return 2
    for line in summary.unmapped:
        print(f"warning: unmapped fiche {line}", file=sys.stderr)
    for line in summary.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"Wrote {CAISSES_FILE}, {WALKIN_FILE} and {COMPETENCE_FILE} to {args.out}")
    for line in summary.lines():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
