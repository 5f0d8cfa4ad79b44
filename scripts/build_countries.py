"""Build ``data/countries.csv`` and ``data/languages.csv`` from two npm packages.

Why: the documents checklist decides whether a birth certificate needs a
French translation (domain.md §3). It asks for the issuing country (ISO 3166-1
alpha-2, e.g. ``ES``) and the document's language (ISO 639-1, e.g. ``hi``);
these two files give the codes, their names in English and French, and the
two flags the rule needs.

What it builds (in ``--out``, by default the repository's ``data/``):

* ``countries.csv``: ``code,name_en,name_fr,eea``, one row per country code
  of ``i18n-iso-countries`` (every ISO 3166-1 alpha-2 code, plus ``XK``
  Kosovo, a user-assigned code that the EU and the package use), sorted by
  code. ``eea`` is ``true`` for the EEA states and Switzerland (:data:`EEA_AND_SWITZERLAND`).
* ``languages.csv``: ``code,name_en,name_fr,usually_accepted``, one row per
  ISO 639-1 code of ``@cospired/i18n-iso-languages``, sorted by code.
  ``usually_accepted`` is ``true`` exactly for :data:`USUALLY_ACCEPTED`.

From what (fetched with ``npm pack``; only the JSON files are read from the
tarballs, nothing is unpacked to disk and no package script is run):

* ``i18n-iso-countries`` 7.14.0 (MIT), files ``langs/en.json`` and
  ``langs/fr.json``. Where the package gives several names for a code, the
  first one (the package's "official" name) is kept.
* ``@cospired/i18n-iso-languages`` 4.2.0 (MIT), files ``langs/en.json`` and
  ``langs/fr.json``.

How to run it (by hand, from the repository root; it needs ``npm`` and the
npm registry, nothing else)::

    python3 scripts/build_countries.py               # rebuild the two files in data/
    python3 scripts/build_countries.py --out /tmp/x  # write elsewhere

It is never run in CI nor by the tests: they read the committed files.
Errors (npm failure, unexpected package content) exit 2 and write nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from npm_tarball import DataBuildError, download_tarball, render_csv

COUNTRIES_PACKAGE: Final = "i18n-iso-countries"
COUNTRIES_VERSION: Final = "7.14.0"
LANGUAGES_PACKAGE: Final = "@cospired/i18n-iso-languages"
LANGUAGES_VERSION: Final = "4.2.0"

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_OUT: Final = REPO_ROOT / "data"
COUNTRIES_FILE: Final = "countries.csv"
LANGUAGES_FILE: Final = "languages.csv"

#: domain.md §3: a civil-status document "issued in an EEA country or
#: Switzerland" needs no translation (service-public.fr F16467, 2022).
#: The 27 EU member states (France included: a French document obviously needs
#: no translation) + the 3 other EEA states (Iceland, Liechtenstein, Norway)
#: + Switzerland = 31 codes. French overseas territories with their own ISO
#: code (GP, RE, GF, NC, PF...) are left ``false`` on purpose, to keep exactly
#: the list of states: their civil-status records are French, written in
#: French, so the language rule already answers "no translation".
#: Update this list by hand if the EEA changes.
EU_MEMBER_STATES: Final = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip
OTHER_EEA_STATES: Final = frozenset({"IS", "LI", "NO"})
SWITZERLAND: Final = "CH"
EEA_AND_SWITZERLAND: Final = EU_MEMBER_STATES | OTHER_EEA_STATES | {SWITZERLAND}

#: domain.md §3 soft hint (FEI guide 2023-24; Université de Lyon): the
#: Assurance Maladie is reported to accept, without translation, documents in
#: Albanian, German, English, Danish, Croatian, Spanish, Finnish, Hungarian,
#: Italian, Latvian, Lithuanian, Dutch, Norwegian, Polish, Portuguese,
#: Romanian, Slovak, Swedish, Czech and Turkish: 20 languages (Norwegian under
#: its three ISO codes no, nb, nn), shown only as
#: "usually accepted — confirm with your CPAM". French (``fr``) is deliberately
#: ``false`` here: a document written in French needs no translation at all,
#: which the code (``vitale.countries.translation_need``) handles on its own.
USUALLY_ACCEPTED: Final = frozenset(
    {
        "sq", "de", "en", "da", "hr", "es", "fi", "hu", "it", "lv",
        "lt", "nl", "no", "pl", "pt", "ro", "sk", "sv", "cs", "tr",
        "nb", "nn",  # Norwegian Bokmål and Nynorsk: the written forms of Norwegian
    }
)  # fmt: skip

Record = dict[str, object]


class BuildError(DataBuildError):
    """A problem that stops the build (npm failure, unexpected package content)."""


def read_json_member(archive: Path, member: str) -> Record:
    """Read one JSON file of a tarball (``package/...``) without unpacking anything."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            handle = tar.extractfile(f"package/{member}")
            if handle is None:
                raise BuildError(f"{archive.name}: {member} is not a plain file")
            with handle:
                data: object = json.loads(handle.read().decode("utf-8"))
    except KeyError as exc:
        raise BuildError(f"{archive.name}: {member} is missing") from exc
    except (tarfile.TarError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"{archive.name}: cannot read {member} ({exc})") from exc
    if not isinstance(data, dict):
        raise BuildError(f"{archive.name}: {member} is not a JSON object")
    return data


def check_version(archive: Path, version: str) -> None:
    """The tarball's ``package.json`` must carry the requested version."""
    found = read_json_member(archive, "package.json").get("version")
    if found != version:
        raise BuildError(f"{archive.name}: package.json says version {found!r}, expected {version!r}")


def names(archive: Path, locale: str, key: str) -> dict[str, str]:
    """Names by code of ``langs/<locale>.json`` (first name when the package gives a list)."""
    table = read_json_member(archive, f"langs/{locale}.json").get(key)
    if not isinstance(table, dict):
        raise BuildError(f"{archive.name}: langs/{locale}.json has no {key!r} object")
    result: dict[str, str] = {}
    for code, value in table.items():
        first = value[0] if isinstance(value, list) and value else value
        if not isinstance(code, str) or not isinstance(first, str) or not first.strip():
            raise BuildError(f"{archive.name}: langs/{locale}.json: bad entry {code!r}: {value!r}")
        result[code] = first.strip()
    return result


def paired(english: Mapping[str, str], french: Mapping[str, str], what: str) -> list[tuple[str, str, str]]:
    """``(code, name_en, name_fr)`` sorted by code; both locales must list the same codes."""
    if set(english) != set(french):
        raise BuildError(f"{what}: en and fr list different codes: {sorted(set(english) ^ set(french))}")
    return [(code, english[code], french[code]) for code in sorted(english)]


def build_countries(archive: Path) -> bytes:
    """Render ``countries.csv``: every code of the package, ``eea`` from :data:`EEA_AND_SWITZERLAND`."""
    rows = paired(names(archive, "en", "countries"), names(archive, "fr", "countries"), COUNTRIES_FILE)
    codes = {code for code, _, _ in rows}
    if not all(len(code) == 2 and code.isascii() and code.isupper() for code in codes):
        raise BuildError(f"{COUNTRIES_FILE}: a code is not two upper-case letters")
    if missing := EEA_AND_SWITZERLAND - codes:
        raise BuildError(f"{COUNTRIES_FILE}: EEA codes missing from the package: {sorted(missing)}")
    return render_csv(
        ("code", "name_en", "name_fr", "eea"),
        ((code, en, fr, str(code in EEA_AND_SWITZERLAND).lower()) for code, en, fr in rows),
    )


def build_languages(archive: Path) -> bytes:
    """Render ``languages.csv``: every ISO 639-1 code, ``usually_accepted`` from :data:`USUALLY_ACCEPTED`."""
    rows = paired(names(archive, "en", "languages"), names(archive, "fr", "languages"), LANGUAGES_FILE)
    codes = {code for code, _, _ in rows}
    if not all(len(code) == 2 and code.isascii() and code.islower() for code in codes):
        raise BuildError(f"{LANGUAGES_FILE}: a code is not two lower-case letters")
    if missing := (USUALLY_ACCEPTED | {"fr"}) - codes:
        raise BuildError(f"{LANGUAGES_FILE}: codes missing from the package: {sorted(missing)}")
    return render_csv(
        ("code", "name_en", "name_fr", "usually_accepted"),
        ((code, en, fr, str(code in USUALLY_ACCEPTED).lower()) for code, en, fr in rows),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=f"Build {COUNTRIES_FILE} and {LANGUAGES_FILE} from npm (run by hand, never in CI)."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into (default: data/)")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="vitale-countries-") as tmp:
            work = Path(tmp)
            countries = download_tarball(COUNTRIES_PACKAGE, COUNTRIES_VERSION, work)
            languages = download_tarball(LANGUAGES_PACKAGE, LANGUAGES_VERSION, work)
            check_version(countries, COUNTRIES_VERSION)
            check_version(languages, LANGUAGES_VERSION)
            outputs = {COUNTRIES_FILE: build_countries(countries), LANGUAGES_FILE: build_languages(languages)}
    except DataBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in outputs.items():
        (args.out / name).write_bytes(content)
        lines = content.count(b"\n") - 1
        digest = hashlib.sha256(content).hexdigest()
        print(f"wrote {args.out / name}: {lines} rows, sha256 {digest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
