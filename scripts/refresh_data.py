"""Rebuild the reference data folder ``data/`` from its upstream sources.

What it builds (in ``--out``, by default the repository's ``data/``):

* ``postcodes.csv``: one row per (postal code, commune), with the commune's
  name, département, arrondissement, population, zone and La Poste routing
  label (*libellé d'acheminement*);
* ``departements.csv``: one row per département or overseas collectivity;
* ``cpam_competence.csv`` is curated by hand upstream and copied unchanged from ``--shared``;
* ``cpam_caisses.csv`` and ``cpam_walkin_offices.csv``: the curated caisses of ``--shared`` with the
  DILA directory's 2026 postal addresses and walk-in offices merged in (``scripts/dila_addresses.py``);
* with ``--local`` and ``--communes`` (the DILA daily export, downloaded by hand from data.gouv.fr),
  ``scripts/import_annuaire.py`` rebuilds all three caisse files from it instead: its caisses and
  walk-in offices replace the merged ones, its commune rows replace the curated rows of the same
  communes.

From what (two npm packages, fetched with ``npm pack``):

* ``@etalab/decoupage-administratif`` 6.0.0, files ``data/communes.json``,
  ``departements.json``, ``regions.json`` and ``arrondissements.json``.
  Upstream: INSEE Code officiel géographique 2026 (with INSEE populations
  légales) and La Poste « Base officielle des codes postaux ».
* ``codes-postaux`` 4.1.2, file ``codes-postaux.json``, used **only** for the
  ``libelle_acheminement`` column (upstream INSEE COG + DGFiP FIMOCT; the
  FIMOCT files are no longer produced, so this column is older than the rest).

Both data sets are published under the Licence Ouverte / Etalab; the package
code is MIT. The rules are those of ``shared/data/build_postcodes.py`` and
give byte-identical files; they are stated in the docstrings of
:func:`select_communes`, :func:`build_postcode_rows`,
:func:`load_acheminement` and :func:`build_departement_rows`.

How to run it (by hand, from the repository root; it needs ``npm`` and
access to the npm registry, nothing else)::

    python3 scripts/refresh_data.py                  # rebuild data/
    python3 scripts/refresh_data.py --check          # compare, write nothing
    python3 scripts/refresh_data.py --out /tmp/x     # write elsewhere
    python3 scripts/refresh_data.py --da DIR --cp DIR   # use unpacked packages
    python3 scripts/refresh_data.py --da-version 6.0.1  # try another release
    python3 scripts/refresh_data.py --local X-data.gouv_local.json --communes X-data.gouv_commune.zip \
        --export-date 2026-12-01                      # refresh the caisses from the DILA export

``--check`` builds into a temporary folder, compares with the files in
``--out``, prints which differ (with the first differing line) and exits 1
if any does, 0 otherwise. Errors (npm failure, missing input, bad JSON) exit 2
and leave ``--out`` untouched.

This script is run by a maintainer when the upstream packages change. It is
never run in CI nor by the tests: they read the committed ``data/`` files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Final, NamedTuple

import dila_addresses
import import_annuaire
from npm_tarball import DataBuildError, download_tarball, render_csv

DA_PACKAGE: Final = "@etalab/decoupage-administratif"
DA_VERSION: Final = "6.0.0"
CP_PACKAGE: Final = "codes-postaux"
CP_VERSION: Final = "4.1.2"

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_OUT: Final = REPO_ROOT / "data"
DEFAULT_SHARED: Final = REPO_ROOT.parent / "shared" / "data"

POSTCODES_FILE: Final = "postcodes.csv"
DEPARTEMENTS_FILE: Final = "departements.csv"
COMPETENCE_FILE: Final = "cpam_competence.csv"
CURATED_FILES: Final = (COMPETENCE_FILE,)
OUTPUT_FILES: Final = (POSTCODES_FILE, DEPARTEMENTS_FILE, *CURATED_FILES, dila_addresses.CAISSES_FILE,
                       dila_addresses.WALKIN_FILE)  # fmt: skip

#: INSEE codes of Paris, Lyon and Marseille, replaced by their arrondissements.
PLM_PARENTS: Final = frozenset({"75056", "69123", "13055"})
COMMUNE_ACTUELLE: Final = "commune-actuelle"
ARRONDISSEMENT_MUNICIPAL: Final = "arrondissement-municipal"

Record = Mapping[str, object]


class RefreshError(DataBuildError):
    """A problem that stops the refresh (bad input, npm failure...)."""


class PostcodeRow(NamedTuple):
    """One row of ``postcodes.csv``; field order is column order."""

    postal_code: str
    insee_code: str
    commune_name: str
    departement: str
    arrondissement: str
    population: str
    zone: str
    commune_type: str
    parent_commune: str
    arrondissement_name: str
    libelle_acheminement: str


class DepartementRow(NamedTuple):
    """One row of ``departements.csv``; field order is column order."""

    code: str
    name: str
    region: str
    region_name: str
    zone: str
    chef_lieu: str


# --------------------------------------------------------------------------
# Reading the JSON records
# --------------------------------------------------------------------------


def load_records(path: Path) -> list[Record]:
    """Read a JSON file that must hold a list of objects."""
    with path.open(encoding="utf-8") as f:
        data: object = json.load(f)
    if not isinstance(data, list):
        raise RefreshError(f"{path}: expected a JSON list")
    records: list[Record] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise RefreshError(f"{path}: item {index} is not an object")
        records.append(item)
    return records


def text(record: Record, key: str) -> str:
    """Return ``record[key]`` as CSV text.

    A missing key or a JSON null gives ``""``; strings are kept as they are
    and integers are written in decimal. Any other type is an error rather
    than a silent ``str()``.
    """
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    kind = type(value).__name__
    raise RefreshError(f"unexpected {kind} for {key!r} in record {record.get('code')!r}")


def required_text(record: Record, key: str) -> str:
    """Return ``record[key]``, which must be a non-empty string."""
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise RefreshError(f"missing or empty {key!r} in record {record!r}")
    return value


def postal_codes(record: Record) -> list[str]:
    """Return the commune's ``codesPostaux`` (missing or null: none), in file order."""
    value = record.get("codesPostaux")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RefreshError(f"bad codesPostaux in record {record.get('code')!r}")
    return [str(v) for v in value]


def names_by_code(records: Iterable[Record]) -> dict[str, str]:
    """Map each record's ``code`` to its ``nom`` (regions, arrondissements)."""
    return {required_text(r, "code"): required_text(r, "nom") for r in records}


# --------------------------------------------------------------------------
# The build rules
# --------------------------------------------------------------------------


def load_acheminement(records: Iterable[Record]) -> dict[tuple[str, str], str]:
    """Map (postal code, INSEE code) to La Poste's *libellé d'acheminement*.

    Rule: the first record of ``codes-postaux.json`` for a pair wins; a missing
    or null label is ``""``. Nothing else of that package is used.
    """
    labels: dict[tuple[str, str], str] = {}
    for r in records:
        pair = (required_text(r, "codePostal"), required_text(r, "codeCommune"))
        labels.setdefault(pair, text(r, "libelleAcheminement"))
    return labels


def select_communes(communes: Iterable[Record]) -> Iterator[Record]:
    """Yield the communes that get postal-code rows, in file order.

    Rules:

    * type ``commune-actuelle`` is kept, except Paris (75056), Lyon (69123)
      and Marseille (13055);
    * those three are replaced by their arrondissements municipaux (type
      ``arrondissement-municipal``: 75101-75120, 69381-69389, 13201-13216),
      which carry the individual postal codes;
    * ``commune-deleguee`` and ``commune-associee`` are dropped: they are not
      current communes and their postal codes are already listed on the
      commune they belong to; so is any other type.

    Overseas collectivities (975, 977, 978, 984, 986-989) are kept like any
    commune, with their ``zone`` (``com``) so that the app can recognise them.
    """
    for c in communes:
        kind = text(c, "type")
        is_current = kind == COMMUNE_ACTUELLE and c.get("code") not in PLM_PARENTS
        if is_current or kind == ARRONDISSEMENT_MUNICIPAL:
            yield c


def build_postcode_rows(
    communes: Iterable[Record],
    arrondissement_names: Mapping[str, str],
    acheminement: Mapping[tuple[str, str], str],
) -> list[PostcodeRow]:
    """Build the rows of ``postcodes.csv``.

    Rules:

    * one row per postal code of each commune kept by :func:`select_communes`;
      a commune with no postal code (the TAAF districts, 984xx) has no row;
    * values are copied from ``communes.json`` (missing or null: empty);
      ``population`` is INSEE's population municipale as shipped;
      ``parent_commune`` is only set on the arrondissements municipaux;
    * ``arrondissement_name`` comes from ``arrondissements.json`` and
      ``libelle_acheminement`` from ``codes-postaux`` (empty when absent);
    * rows are sorted by (postal_code, insee_code).
    """
    rows: list[PostcodeRow] = []
    for c in select_communes(communes):
        insee_code = required_text(c, "code")
        arrondissement = text(c, "arrondissement")
        for postal_code in postal_codes(c):
            rows.append(
                PostcodeRow(
                    postal_code=postal_code,
                    insee_code=insee_code,
                    commune_name=required_text(c, "nom"),
                    departement=text(c, "departement"),
                    arrondissement=arrondissement,
                    population=text(c, "population"),
                    zone=text(c, "zone"),
                    commune_type=text(c, "type"),
                    parent_commune=text(c, "commune"),
                    arrondissement_name=arrondissement_names.get(arrondissement, ""),
                    libelle_acheminement=acheminement.get((postal_code, insee_code), ""),
                )
            )
    rows.sort(key=lambda row: (row.postal_code, row.insee_code))
    return rows


def build_departement_rows(departements: Iterable[Record], region_names: Mapping[str, str]) -> list[DepartementRow]:
    """Build the rows of ``departements.csv``.

    Rules: every entry of ``departements.json`` (the 101 départements and the
    overseas collectivities), sorted by code; ``region_name`` comes from
    ``regions.json`` (empty when the region is unknown there).
    """
    rows = [
        DepartementRow(
            code=required_text(d, "code"),
            name=required_text(d, "nom"),
            region=text(d, "region"),
            region_name=region_names.get(text(d, "region"), ""),
            zone=text(d, "zone"),
            chef_lieu=text(d, "chefLieu"),
        )
        for d in departements
    ]
    rows.sort(key=lambda row: row.code)
    return rows


# --------------------------------------------------------------------------
# Getting the packages
# --------------------------------------------------------------------------


def safe_extract(archive: Path, dest: Path) -> None:
    """Unpack a .tgz into ``dest``, refusing anything that could escape it.

    Absolute paths, ``..`` components, links and special files are refused;
    only directories and regular files are written.
    """
    root = dest.resolve()
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            posix, windows = PurePosixPath(name), PureWindowsPath(name)
            if posix.is_absolute() or windows.is_absolute() or windows.drive:
                raise RefreshError(f"{archive.name}: absolute path {name!r} refused")
            if ".." in posix.parts or ".." in windows.parts:
                raise RefreshError(f"{archive.name}: path {name!r} with '..' refused")
            target = (root / posix).resolve()
            if not target.is_relative_to(root):
                raise RefreshError(f"{archive.name}: {name!r} escapes {dest}")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                source = tar.extractfile(member)
                if source is None:
                    raise RefreshError(f"{archive.name}: cannot read {name!r}")
                target.parent.mkdir(parents=True, exist_ok=True)
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
            else:
                raise RefreshError(f"{archive.name}: {name!r} is not a plain file, refused")


def npm_pack(package: str, version: str, workdir: Path) -> Path:
    """Download ``package@version`` with ``npm pack``, unpack it, return its root.

    The tarball's integrity reported by npm is checked against the file, and
    the unpacked ``package.json`` must carry the requested version.
    """
    spec = f"{package}@{version}"
    archive = download_tarball(package, version, workdir)
    unpacked = workdir / "unpacked"
    safe_extract(archive, unpacked)
    root = unpacked / "package"
    found = package_version(root)
    if found != version:
        raise RefreshError(f"{spec}: unpacked package.json says version {found!r}")
    return root


def package_version(folder: Path) -> str | None:
    """Return the ``version`` of ``folder/package.json``, or None without one."""
    manifest = folder / "package.json"
    if not manifest.is_file():
        return None
    data: object = json.loads(manifest.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        version = data.get("version")
        if isinstance(version, str):
            return version
    return None


def find_folder(given: Path, marker: str, subfolders: Sequence[str]) -> Path:
    """Return the first of ``given/<sub>`` that holds ``marker``.

    This lets ``--da``/``--cp`` name the unpacking folder, the ``package/``
    folder or (for decoupage-administratif) its ``data/`` folder.
    """
    for sub in subfolders:
        candidate = given / sub
        if (candidate / marker).is_file():
            return candidate
    raise RefreshError(f"{given}: no {marker} found (looked in {', '.join(subfolders)})")


def warn_if_other_version(folder: Path, package: str, version: str) -> None:
    """Warn on stderr when a given unpacked package is not the expected version."""
    found = package_version(folder)
    if found is not None and found != version:
        print(
            f"warning: {folder} holds {package} {found}, expected {version}",
            file=sys.stderr,
        )


# --------------------------------------------------------------------------
# Building, writing, checking
# --------------------------------------------------------------------------


def build_outputs(da_data: Path, cp_root: Path, shared: Path) -> dict[str, bytes]:
    """Return the content of every output file, keyed by file name."""
    communes = load_records(da_data / "communes.json")
    departements = load_records(da_data / "departements.json")
    region_names = names_by_code(load_records(da_data / "regions.json"))
    arrondissement_names = names_by_code(load_records(da_data / "arrondissements.json"))
    acheminement = load_acheminement(load_records(cp_root / "codes-postaux.json"))

    outputs = {
        POSTCODES_FILE: render_csv(
            PostcodeRow._fields,
            build_postcode_rows(communes, arrondissement_names, acheminement),
        ),
        DEPARTEMENTS_FILE: render_csv(DepartementRow._fields, build_departement_rows(departements, region_names)),
    }
    for name in CURATED_FILES:
        source = shared / name
        if not source.is_file():
            raise RefreshError(f"curated file {source} not found (see --shared)")
        outputs[name] = source.read_bytes()
    try:
        outputs.update(dila_addresses.outputs(shared))
    except dila_addresses.MergeError as error:
        raise RefreshError(str(error)) from error
    return outputs


def import_dila_export(outputs: dict[str, bytes], args: argparse.Namespace, work: Path) -> None:
    """Replace the caisse files with what the DILA export gives (``scripts/import_annuaire.py``).

    The importer reads the caisse list and the postcodes being built (written to ``work`` first); its
    caisses and walk-in offices replace the merged ones; its commune rows replace the curated rows of
    the same communes, the others are kept.
    """
    inputs = work / "import-inputs"
    write_outputs(inputs, outputs)
    imported = work / "imported"
    imported.mkdir()
    try:
        summary = import_annuaire.run(
            args.local, args.communes, inputs / dila_addresses.CAISSES_FILE, inputs / POSTCODES_FILE, imported,
            args.export_date,
        )  # fmt: skip
    except import_annuaire.AnnuaireError as error:
        raise RefreshError(str(error)) from error
    for name in (dila_addresses.CAISSES_FILE, dila_addresses.WALKIN_FILE):
        outputs[name] = (imported / name).read_bytes()
    outputs[COMPETENCE_FILE] = merge_competence(outputs[COMPETENCE_FILE], (imported / COMPETENCE_FILE).read_bytes())
    print(f"DILA export: {summary.fiches_read} fiches, {len(summary.unmapped)} unmapped", file=sys.stderr)


def merge_competence(curated: bytes, imported: bytes) -> bytes:
    """The curated commune rows, each replaced by the imported row of the same commune; sorted by INSEE code."""
    header, *rows = list(csv.reader(io.StringIO(curated.decode("utf-8"))))
    new_header, *new_rows = list(csv.reader(io.StringIO(imported.decode("utf-8"))))
    if new_header != header:
        raise RefreshError("the imported cpam_competence.csv does not have the curated file's columns")
    by_commune = {row[0]: row for row in rows} | {row[0]: row for row in new_rows}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(by_commune[code] for code in sorted(by_commune))
    return buffer.getvalue().encode("utf-8")


def new_file_mode(target: Path) -> int:
    """Keep an existing file's permissions; otherwise 0o666 minus the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_outputs(out: Path, outputs: Mapping[str, bytes]) -> None:
    """Write every file atomically into ``out``.

    Each file goes to a temporary file in ``out`` first; only once all of them
    are written and flushed are they moved into place with ``os.replace``. On
    any error the temporary files are removed and nothing is replaced.
    """
    out.mkdir(parents=True, exist_ok=True)
    staged: dict[str, Path] = {}
    try:
        for name, content in outputs.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            staged[name] = Path(tmp_name)
            with os.fdopen(fd, "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
            staged[name].chmod(new_file_mode(out / name))
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    for name, tmp in staged.items():
        tmp.replace(out / name)


def first_difference(old: bytes, new: bytes) -> str:
    """Describe the first line that differs between two files."""
    old_lines = old.decode("utf-8", errors="replace").splitlines()
    new_lines = new.decode("utf-8", errors="replace").splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return f"line {number}:\n    existing: {a!r}\n    rebuilt:  {b!r}"
    if len(old_lines) != len(new_lines):
        number = min(len(old_lines), len(new_lines)) + 1
        return f"line {number}: existing has {len(old_lines)} lines, rebuilt has {len(new_lines)}"
    return "same lines, different bytes (line endings or trailing newline)"


def check_outputs(built: Path, out: Path) -> int:
    """Compare the files in ``built`` with those in ``out``; 1 if any differ."""
    differing = 0
    for name in OUTPUT_FILES:
        new = (built / name).read_bytes()
        existing = out / name
        if not existing.is_file():
            print(f"MISSING  {name}: not in {out}")
            differing += 1
            continue
        old = existing.read_bytes()
        if old == new:
            print(f"same     {name}")
        else:
            print(f"DIFFERS  {name}: {first_difference(old, new)}")
            differing += 1
    print(f"{differing} of {len(OUTPUT_FILES)} files differ from {out}")
    return 1 if differing else 0


def describe(name: str, content: bytes) -> str:
    """One summary line: rows, distinct postal codes and communes, sha256.

    Postal codes are read from a ``postal_code`` column or a ``|``-separated
    ``postal_codes`` column, communes from ``insee_code``; files without such
    a column say "n/a".
    """
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    codes: set[str] = set()
    communes: set[str] = set()
    columns = rows[0].keys() if rows else set()
    for row in rows:
        if "postal_code" in row:
            codes.add(row["postal_code"])
        if "postal_codes" in row:
            codes.update(c for c in row["postal_codes"].split("|") if c)
        if "insee_code" in row:
            communes.add(row["insee_code"])
    has_codes = "postal_code" in columns or "postal_codes" in columns
    n_codes = f"{len(codes)}" if has_codes else "n/a"
    n_communes = f"{len(communes)}" if "insee_code" in columns else "n/a"
    sha = hashlib.sha256(content).hexdigest()
    return f"{name}: {len(rows)} rows, {n_codes} distinct postal codes, {n_communes} distinct communes, sha256 {sha}"


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description=f"Rebuild data/ from the npm packages {DA_PACKAGE} and {CP_PACKAGE} (run by hand, never in CI).",
    )
    parser.add_argument("--da-version", default=DA_VERSION, help=f"default {DA_VERSION}")
    parser.add_argument("--cp-version", default=CP_VERSION, help=f"default {CP_VERSION}")
    parser.add_argument(
        "--da",
        type=Path,
        metavar="DIR",
        help=f"use this unpacked {DA_PACKAGE} (no download)",
    )
    parser.add_argument(
        "--cp",
        type=Path,
        metavar="DIR",
        help=f"use this unpacked {CP_PACKAGE} (no download)",
    )
    parser.add_argument(
        "--shared",
        type=Path,
        metavar="DIR",
        default=DEFAULT_SHARED,
        help="folder holding the hand-curated cpam_*.csv (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        default=DEFAULT_OUT,
        help="default: %(default)s",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing: compare a fresh build with --out; exit 1 if any differs",
    )
    parser.add_argument("--local", type=Path, metavar="FILE", help="the DILA export's …-data.gouv_local.json")
    parser.add_argument("--communes", type=Path, metavar="FILE", help="the DILA export's …-data.gouv_commune.zip")
    parser.add_argument(
        "--export-date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="the DILA export's date (with --local)"
    )
    args = parser.parse_args(argv)
    if (args.local is None) != (args.communes is None) or (args.local is not None and args.export_date is None):
        parser.error("--local, --communes and --export-date go together")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the refresh; return the process exit code."""
    args = parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="vitale-refresh-") as tmp:
            work = Path(tmp)
            da_root = args.da or npm_pack(DA_PACKAGE, args.da_version, work / "da")
            da_data = find_folder(da_root, "communes.json", (".", "data", "package/data"))
            warn_if_other_version(da_data.parent, DA_PACKAGE, args.da_version)

            cp_root = args.cp or npm_pack(CP_PACKAGE, args.cp_version, work / "cp")
            cp_root = find_folder(cp_root, "codes-postaux.json", (".", "package"))
            warn_if_other_version(cp_root, CP_PACKAGE, args.cp_version)

            outputs = build_outputs(da_data, cp_root, args.shared)
            if args.local is not None:
                import_dila_export(outputs, args, work)
            if args.check:
                built = work / "built"
                write_outputs(built, outputs)
                return check_outputs(built, args.out)
            write_outputs(args.out, outputs)
    except (DataBuildError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print(f"Wrote {len(outputs)} files to {args.out}")
    for name, content in outputs.items():
        print("  " + describe(name, content))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
