"""The DILA directory importer (scripts/import_annuaire.py), offline, on small fixtures in the export's format.

Fixtures (tests/fixtures/annuaire/): ``local.json`` (a hand-made export: Allier, Hainaut and Lille-Douai with 5
walk-in offices, two caisse fiches, one Roubaix office that maps to no caisse of the list and a mairie),
``communes/`` (the 10 commune files zipped here into the commune export), ``caisses.csv`` (4 caisses with their
real ids and names, Flandres having no fiche), ``postcodes.csv`` (rows of data/postcodes.csv), ``expected/`` (the
three files the importer must write) and ``walkin_offices_2026_partial.csv`` (the 20 walk-in offices read from
DILA in 2026, copied from shared/data).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import DATA, ROOT
from vitale.frames import read_checked
from vitale.referencedata import COMPETENCE, HOURS_PATTERN, CaisseRow, WalkinRow, read_table

FIXTURES = ROOT / "tests" / "fixtures" / "annuaire"
EXPORT_DATE = date(2026, 12, 1)
OUTPUTS = ("cpam_caisses.csv", "cpam_walkin_offices.csv", "cpam_competence.csv")
HAINAUT_VALENCIENNES = "5157cdf7-6fec-4d73-93b5-22f80e124721"
ROUBAIX = "0a1b2c3d-0000-4000-8000-000000000597"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_annuaire", ROOT / "scripts" / "import_annuaire.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ia = _load_script()


# -- helpers ---------------------------------------------------------------------------------------------------


def zip_communes(folder: Path, target: Path) -> Path:
    """The commune export: one JSON per commune, in a folder inside the zip as data.gouv.fr ships it."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.glob("*.json")):
            archive.write(path, f"commune/{path.name}")
    return target


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def commune_zip(target: Path, communes: dict[str, tuple[str, list[str]]]) -> Path:
    """A commune export from ``{insee: (name, [cpam uuid, …])}``."""
    with zipfile.ZipFile(target, "w") as archive:
        for insee, (name, uuids) in communes.items():
            entry: dict[str, object] = {"code_insee_commune": insee, "nom": name}
            entry["type_service_local"] = [{"code_type_service_local": "cpam", "organisme": uuids}]
            archive.writestr(f"commune/{insee}.json", json.dumps({"commune": [entry]}))
    return target


def fiche(
    ident: str,
    nom: str,
    insee: str | list[str],
    modified: str = "28/03/2024 16:03:49",
    **fields: Any,
) -> dict[str, Any]:
    """A cpam fiche of the local export."""
    return {
        "id": ident,
        "nom": nom,
        "pivot": [{"type_service_local": "cpam", "code_insee_commune": insee}],
        "date_modification": modified,
        "url_service_public": f"https://lannuaire.service-public.gouv.fr/x/{ident}",
        **fields,
    }


def postal(**fields: str) -> dict[str, str]:
    return {"type_adresse": "Adresse postale", **fields}


def street(**fields: str) -> dict[str, str]:
    return {"type_adresse": "Adresse", **fields}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def export(tmp_path: Path) -> dict[str, Path]:
    """The hand-made export's paths, its commune zip built in tmp_path, and an output folder."""
    return {
        "local": FIXTURES / "local.json",
        "communes": zip_communes(FIXTURES / "communes", tmp_path / "communes.zip"),
        "caisses": FIXTURES / "caisses.csv",
        "postcodes": FIXTURES / "postcodes.csv",
        "out": tmp_path / "out",
    }


def run(paths: dict[str, Path], export_date: date = EXPORT_DATE) -> Any:
    return ia.run(paths["local"], paths["communes"], paths["caisses"], paths["postcodes"], paths["out"], export_date)


def cli(paths: dict[str, Path], *extra: str) -> list[str]:
    args = ["--local", str(paths["local"]), "--communes", str(paths["communes"])]
    args += ["--caisses", str(paths["caisses"]), "--postcodes", str(paths["postcodes"])]
    return [*args, "--out", str(paths["out"]), *extra]


@pytest.fixture(scope="module")
def real_caisses() -> list[Any]:
    return list(ia.read_caisses(DATA / "cpam_caisses.csv"))


# -- the hand-made export, file by file ------------------------------------------------------------------------


def test_the_hand_made_export_gives_exactly_the_expected_three_files(export: dict[str, Path]) -> None:
    summary = run(export)
    for name in OUTPUTS:
        written = (export["out"] / name).read_bytes()
        assert written == (FIXTURES / "expected" / name).read_bytes(), name
    assert sorted(p.name for p in export["out"].iterdir()) == sorted(OUTPUTS)
    assert (summary.fiches_read, summary.services_read, summary.communes_read) == (8, 9, 10)
    assert (summary.caisses_with_address, summary.walkin_offices, summary.competence_rows) == (3, 5, 6)


def test_every_written_row_validates_against_the_app_s_row_models(export: dict[str, Path]) -> None:
    run(export)
    assert len(read_table(export["out"] / "cpam_caisses.csv", CaisseRow)) == 4
    assert len(read_table(export["out"] / "cpam_walkin_offices.csv", WalkinRow)) == 5
    assert len(read_checked(export["out"] / "cpam_competence.csv", COMPETENCE)) == 6


def test_the_written_files_are_utf8_with_newline_line_ends_and_the_app_s_column_order(
    export: dict[str, Path],
) -> None:
    run(export)
    for name, columns in zip(OUTPUTS, (ia.CAISSE_COLUMNS, ia.WALKIN_COLUMNS, ia.COMPETENCE_COLUMNS), strict=True):
        data = (export["out"] / name).read_bytes()
        assert b"\r" not in data
        assert data.decode("utf-8").split("\n", 1)[0] == ",".join(columns)


def test_the_most_frequent_postal_address_wins_over_a_newer_fiche_and_the_disagreement_is_noted(
    export: dict[str, Path],
) -> None:
    run(export)
    hainaut = next(row for row in rows(export["out"] / "cpam_caisses.csv") if row["caisse_id"] == "599")
    assert (hainaut["mailing_address_line1"], hainaut["mailing_address_line2"]) == ("63 rue du Rempart", "CS 60499")
    assert (hainaut["postal_code"], hainaut["city"]) == ("59321", "Valenciennes Cedex")
    assert hainaut["address_dated"] == "2024-09-03"  # the newest of the two fiches that give it (Maubeuge)
    assert "2 different postal addresses; this one is on 2 of 3" in hainaut["notes"]


def test_a_caisse_without_a_postal_address_falls_back_to_its_own_fiche_s_street_address_and_says_so(
    export: dict[str, Path],
) -> None:
    run(export)
    lille = next(row for row in rows(export["out"] / "cpam_caisses.csv") if row["caisse_id"] == "595")
    assert (lille["mailing_address_line1"], lille["postal_code"], lille["city"]) == ("2 rue d'Iéna", "59000", "Lille")
    assert lille["mailing_address_line2"] == ""  # the input's "BP 01" is not kept beside a DILA address
    assert lille["dila_uuid"] == "0a1b2c3d-0000-4000-8000-000000000595"  # the caisse's own fiche, not the newer accueil
    assert lille["notes"].startswith("No postal address in the DILA directory export of 2026-12-01: street address")


def test_a_caisse_with_no_fiche_keeps_its_input_row_and_says_so(export: dict[str, Path]) -> None:
    run(export)
    flandres = next(row for row in rows(export["out"] / "cpam_caisses.csv") if row["caisse_id"] == "594")
    source = next(row for row in rows(FIXTURES / "caisses.csv") if row["caisse_id"] == "594")
    assert {k: v for k, v in flandres.items() if k != "notes"} == {k: v for k, v in source.items() if k != "notes"}
    assert flandres["notes"] == "Mailing address unknown. No DILA fiche found in this export."


def test_an_office_without_opening_hours_gets_empty_hours_and_a_note(export: dict[str, Path]) -> None:
    run(export)
    office = next(row for row in rows(export["out"] / "cpam_walkin_offices.csv") if "Montluçon" in row["office_name"])
    assert (office["hours"], office["hours_note"], office["by_appointment"]) == ("", "", "false")
    assert office["notes"] == "No opening hours published."


def test_a_commune_listed_under_two_offices_of_the_same_caisse_goes_to_that_caisse(export: dict[str, Path]) -> None:
    run(export)
    cambrai = next(row for row in rows(export["out"] / "cpam_competence.csv") if row["insee_code"] == "59122")
    assert (cambrai["caisse_id"], cambrai["basis"], cambrai["confidence"]) == ("599", "dila_annuaire", "high")
    assert cambrai["caisse_name"] == "Caisse primaire d'assurance maladie du Hainaut"
    assert cambrai["candidates"] == ""


def test_a_commune_listed_under_offices_of_two_caisses_is_unresolved_with_both_as_candidates(
    export: dict[str, Path],
) -> None:
    run(export)
    somain = next(row for row in rows(export["out"] / "cpam_competence.csv") if row["insee_code"] == "59574")
    assert (somain["caisse_id"], somain["candidates"]) == ("", "595|599")
    assert (somain["basis"], somain["confidence"]) == ("unresolved", "low")
    assert f"{HAINAUT_VALENCIENNES}@2024-03-28" in somain["source"]


def test_communes_of_a_single_caisse_departement_get_no_competence_row(export: dict[str, Path]) -> None:
    run(export)
    assert not [row for row in rows(export["out"] / "cpam_competence.csv") if row["departement"] == "03"]


def test_an_unmappable_fiche_is_reported_and_skipped(export: dict[str, Path]) -> None:
    summary = run(export)
    assert len(summary.unmapped) == 1
    assert summary.unmapped[0].startswith(ROUBAIX)
    assert "matches none of the 3 caisses of département 59" in summary.unmapped[0]
    assert ROUBAIX not in (export["out"] / "cpam_walkin_offices.csv").read_text(encoding="utf-8")
    assert not [row for row in rows(export["out"] / "cpam_competence.csv") if row["insee_code"] == "59512"]
    assert any("59512 Roubaix" in warning for warning in summary.warnings)


def test_the_command_line_writes_the_files_prints_a_summary_and_warns_on_stderr(
    export: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert ia.main(cli(export, "--export-date", "2026-12-01")) == 0
    captured = capsys.readouterr()
    assert "walk-in offices: 5" in captured.out
    assert "unmapped fiches: 1" in captured.out
    assert f"warning: unmapped fiche {ROUBAIX}" in captured.err
    assert all((export["out"] / name).exists() for name in OUTPUTS)


def test_the_caisse_list_may_lack_the_provenance_columns(export: dict[str, Path], tmp_path: Path) -> None:
    """An older cpam_caisses.csv (15 columns): the output still has all 19, empty where the input had nothing."""
    old_columns = ia.CAISSE_COLUMNS[:15]
    with (tmp_path / "old.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=old_columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(FIXTURES / "caisses.csv"))
    run({**export, "caisses": tmp_path / "old.csv"})
    flandres = next(row for row in rows(export["out"] / "cpam_caisses.csv") if row["caisse_id"] == "594")
    assert list(flandres) == ia.CAISSE_COLUMNS
    assert [flandres[c] for c in ("address_source", "address_dated", "dila_uuid", "dila_url")] == ["", "", "", ""]


# -- broken inputs ---------------------------------------------------------------------------------------------


def _bad_json(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
    bad = tmp / "bad.json"
    bad.write_text('{"service": [{"id": "x",', encoding="utf-8")
    return {**paths, "local": bad}


def _no_service(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
    return {**paths, "local": write_json(tmp / "other.json", {"services": []})}


def _not_a_zip(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
    fake = tmp / "fake.zip"
    fake.write_text("not a zip", encoding="utf-8")
    return {**paths, "communes": fake}


def _zip_with_bad_json(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
    with zipfile.ZipFile(tmp / "broken.zip", "w") as archive:
        archive.writestr("commune/59606.json", '{"commune": [')
    return {**paths, "communes": tmp / "broken.zip"}


def _fiche_without(key: str) -> Callable[[dict[str, Path], Path], dict[str, Path]]:
    def damage(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
        data = json.loads((FIXTURES / "local.json").read_text(encoding="utf-8"))
        del data["service"][2][key]
        return {**paths, "local": write_json(tmp / "local.json", data)}

    return damage


def _bad_date(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
    data = json.loads((FIXTURES / "local.json").read_text(encoding="utf-8"))
    data["service"][2]["date_modification"] = "2025-01-15"
    return {**paths, "local": write_json(tmp / "local.json", data)}


def _missing_local(paths: dict[str, Path], tmp: Path) -> dict[str, Path]:
    return {**paths, "local": tmp / "absent.json"}


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (_bad_json, "bad.json"),
        (_no_service, "other.json"),
        (_not_a_zip, "fake.zip"),
        (_zip_with_bad_json, "59606.json"),
        (_fiche_without("id"), "service #2"),
        (_fiche_without("nom"), "fiche 0a1b2c3d-0000-4000-8000-000000000031"),
        (_bad_date, "fiche 0a1b2c3d-0000-4000-8000-000000000031"),
        (_missing_local, "absent.json"),
    ],
    ids=["bad-json", "no-service", "not-a-zip", "zip-with-bad-json", "no-id", "no-nom", "bad-date", "missing"],
)
def test_a_broken_input_exits_2_with_one_line_naming_it_and_writes_nothing(
    export: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[dict[str, Path], Path], dict[str, Path]],
    named: str,
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    assert ia.main(cli(damage(export, tmp_path), "--export-date", "2026-12-01")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert captured.err.count("\n") == 1
    assert named in captured.err
    assert "Traceback" not in captured.err
    assert not export["out"].exists()
    after = sorted(p.name for p in tmp_path.iterdir())
    assert [name for name in after if name not in before and not name.endswith((".json", ".zip"))] == []


def test_a_failed_run_leaves_the_files_already_in_out_untouched(export: dict[str, Path], tmp_path: Path) -> None:
    run(export)
    before = {name: (export["out"] / name).read_bytes() for name in OUTPUTS}
    assert ia.main(cli(_bad_date(export, tmp_path), "--export-date", "2027-01-01")) == 2
    assert {name: (export["out"] / name).read_bytes() for name in OUTPUTS} == before


def test_an_out_path_that_cannot_be_a_folder_exits_2_and_leaves_no_temporary_folder(
    export: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert ia.main(cli(export, "--export-date", "2026-12-01")) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".import_annuaire")] == []


@pytest.mark.parametrize("value", ["01/12/2026", "2026-13-01", "20261201"])
def test_an_export_date_that_is_not_yyyy_mm_dd_exits_2(
    export: dict[str, Path], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert ia.main(cli(export, "--export-date", value)) == 2
    assert "--export-date" in capsys.readouterr().err
    assert not export["out"].exists()


# -- mapping fiches to caisses ---------------------------------------------------------------------------------


def parsed(data: dict[str, Any]) -> Any:
    result = ia.fiche_from_json(data, "test.json", 0)
    assert result is not None
    return result


def test_a_pivot_commune_as_a_list_or_as_a_plain_string_maps_the_same(real_caisses: list[Any]) -> None:
    nom = "Caisse primaire d'assurance maladie (CPAM) de l'Artois - accueil d'Avion"
    as_list, as_string = parsed(fiche("a", nom, ["62065"])), parsed(fiche("b", nom, "62065"))
    assert as_list.insee == as_string.insee == "62065"
    assert ia.map_fiche(as_list, real_caisses).caisse_id == ia.map_fiche(as_string, real_caisses).caisse_id == "624"


@pytest.mark.parametrize(
    ("nom", "insee", "caisse_id"),
    [
        ("Caisse primaire d'assurance maladie (CPAM) du Hainaut - accueil de Cambrai", "59122", "599"),
        ("Caisse primaire d'assurance maladie (CPAM) de Lille-Douai - accueil Douai", "59178", "595"),
        ("Caisse primaire d'assurance maladie (CPAM) de Roubaix-Tourcoing - accueil de Tourcoing", "59599", "597"),
        ("Caisse primaire d'assurance maladie (CPAM) des Flandres - accueil de Dunkerque", "59183", "594"),
        ("Caisse primaire d'assurance maladie (CPAM) de la Côte d’Opale - accueil de Calais", "62193", "623"),
        ("Caisse primaire d'assurance maladie (CPAM) de Pau-Pyrénées - accueil d'Orthez", "64430", "642"),
        ("Caisse primaire d'assurance maladie (CPAM) de Bayonne - accueil de Saint-Palais", "64493", "641"),
        (
            "Caisse primaire d'assurance maladie (CPAM) de Rouen-Elbeuf-Dieppe-Seine-Maritime - accueil d'Elbeuf",
            "76231",
            "764",
        ),
        ("Caisse primaire d'assurance maladie (CPAM) du Havre - accueil de Fécamp", "76259", "763"),
        ("Caisse primaire d'assurance maladie (CPAM) de l'Allier - accueil de Vichy", "03310", "031"),
        ("Caisse primaire d'assurance maladie (CPAM) de Lozère - accueil de Mende", "48095", "481"),
        ("Caisse primaire d'assurance maladie (CPAM) de Corse-du-Sud - accueil de Porto-Vecchio", "2A247", "201"),
        ("Caisse générale de sécurité sociale (CGSS) de Guadeloupe - accueil de Saint-Martin", "97801", "971"),
        ("Caisse générale de sécurité sociale (CGSS) de Guadeloupe - accueil de Saint-Barthélemy", "97701", "971"),
        ("Caisse de sécurité sociale (CSSM) de Mayotte - accueil de Sada", "97616", "976"),
    ],
)
def test_a_fiche_maps_to_its_caisse_by_departement_and_name(
    real_caisses: list[Any], nom: str, insee: str, caisse_id: str
) -> None:
    assert ia.map_fiche(parsed(fiche("x", nom, [insee])), real_caisses).caisse_id == caisse_id


@pytest.mark.parametrize(
    ("nom", "insee", "reason"),
    [
        ("Caisse primaire d'assurance maladie (CPAM) de Lens - accueil de Lens", "62498", "matches none of the 2"),
        ("Caisse primaire d'assurance maladie (CPAM) - accueil de Lille", "59350", "matches none of the 4"),
        ("Caisse de prévoyance sociale - Nouméa", "98818", "no caisse of département 988"),
        ("Caisse primaire d'assurance maladie (CPAM) du Hainaut - accueil", "", "gives no commune"),
        ("Caisse primaire d'assurance maladie (CPAM) du Hainaut - accueil", "5912", "not an INSEE code"),
    ],
)
def test_a_fiche_that_cannot_be_told_apart_is_unmapped_with_the_reason(
    real_caisses: list[Any], nom: str, insee: str, reason: str
) -> None:
    mapping = ia.map_fiche(parsed(fiche("x", nom, [insee] if insee else [])), real_caisses)
    assert mapping.caisse_id is None
    assert reason in mapping.reason


def test_a_fiche_naming_two_caisses_equally_is_unmapped_not_guessed(real_caisses: list[Any]) -> None:
    nom = "Caisse primaire d'assurance maladie (CPAM) de Bayonne et de Pau-Pyrénées - accueil commun"
    mapping = ia.map_fiche(parsed(fiche("x", nom, ["64445"])), real_caisses)
    assert mapping.caisse_id is None
    assert "several caisses" in mapping.reason


def test_the_old_pivot_code_gives_the_commune_when_the_pivot_has_none() -> None:
    data = fiche(
        "x", "Caisse primaire d'assurance maladie (CPAM) du Havre - accueil", [], ancien_code_pivot="cpam-76351-01"
    )
    assert parsed(data).insee == "76351"


def test_a_fiche_of_another_type_is_ignored_even_when_malformed() -> None:
    assert ia.fiche_from_json({"pivot": [{"type_service_local": "mairie"}], "adresse": 5}, "t.json", 0) is None


def test_the_api_form_with_json_strings_is_read_like_the_export() -> None:
    data = fiche(
        "x",
        "Caisse primaire d'assurance maladie (CPAM) du Jura - accueil de Dole",
        ["39198"],
        adresse=json.dumps(
            [street(numero_voie="43 rue Charles-Laurent-Thouverey", code_postal="39108", nom_commune="Dole")]
        ),
        plage_ouverture=json.dumps(
            [{"nom_jour_debut": "Lundi", "valeur_heure_debut_1": "08:00:00", "valeur_heure_fin_1": "12:00:00"}]
        ),
    )
    office = parsed(data)
    assert office.address(ia.STREET).code_postal == "39108"
    assert ia.hours_from_plages(office.plages).text == "mon 08:00-12:00"


@pytest.mark.parametrize(
    ("nom", "walkin"),
    [
        ("Caisse primaire d'assurance maladie (CPAM) du Cantal - accueil de Mauriac", True),
        ("Caisse primaire d'assurance maladie (CPAM) du Cantal - Accueil Mauriac", True),
        ("Caisse primaire d'assurance maladie (CPAM) du Cantal - Saint-Flour", True),
        ("Caisse primaire d'assurance maladie (CPAM) du Cantal", False),
        ("Caisse primaire d'assurance maladie (CPAM) - Cantal", False),
    ],
)
def test_a_walkin_office_is_an_accueil_or_a_place_after_the_caisse_s_name(
    real_caisses: list[Any], nom: str, walkin: bool
) -> None:
    cantal = next(caisse for caisse in real_caisses if caisse.caisse_id == "151")
    assert ia.is_walkin(nom, cantal) is walkin


def test_the_rouen_caisse_s_own_fiche_is_not_taken_for_an_office(real_caisses: list[Any]) -> None:
    rouen = next(caisse for caisse in real_caisses if caisse.caisse_id == "764")
    assert (
        ia.is_walkin("Caisse primaire d'assurance maladie (CPAM) de Rouen-Elbeuf-Dieppe - Seine-Maritime", rouen)
        is False
    )


# -- addresses -------------------------------------------------------------------------------------------------

ADDRESSEE = "Caisse primaire d'assurance maladie du Calvados"


@pytest.mark.parametrize(
    ("fields", "lines"),
    [
        (
            {"complement1": ADDRESSEE, "numero_voie": "108 boulevard Jean-Moulin", "service_distribution": "CS 10001"},
            ("108 boulevard Jean-Moulin", "CS 10001"),
        ),
        ({"complement1": ADDRESSEE}, ("CPAM du Calvados", "")),
        ({"complement1": ADDRESSEE, "service_distribution": "CS 76039"}, ("CS 76039", "")),
        ({"numero_voie": "Rue Marcel-Brunet", "service_distribution": "BP 109"}, ("Rue Marcel-Brunet", "BP 109")),
        (
            {"complement1": "Centre Jean-Simi", "numero_voie": "12 rue Paoli", "service_distribution": "CS 100"},
            ("12 rue Paoli", "Centre Jean-Simi, CS 100"),
        ),
        ({"complement1": "Cité administrative", "complement2": "Bâtiment B"}, ("Cité administrative", "Bâtiment B")),
        (
            {
                "complement1": "Caisse commune de Sécurité sociale",
                "numero_voie": "Quartier des Carmes",
                "service_distribution": "BP 26",
            },
            ("Quartier des Carmes", "BP 26"),
        ),
        (
            {
                "complement1": "L’Assurance Maladie du Calvados",
                "numero_voie": "CS 10001",
                "service_distribution": "CS 10001",
            },
            ("CS 10001", ""),
        ),
    ],
    ids=["street-and-box", "addressee-only", "box-only", "no-addressee", "building", "complements", "lozere", "repeat"],
)
def test_the_mailing_lines_leave_out_the_addressee_and_put_the_street_first(
    fields: dict[str, str], lines: tuple[str, str]
) -> None:
    address = ia.Address(kind=ia.POSTAL, code_postal="14031", nom_commune="Caen Cedex 9", **fields)
    assert ia.mailing_lines(address, "CPAM du Calvados") == lines


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (
            {"numero_voie": "9 rue de la Pize", "complement1": "Centre Médico-Social"},
            "9 rue de la Pize (Centre Médico-Social)",
        ),
        (
            {"numero_voie": "Quartier des Carmes", "complement1": "CCSS", "service_distribution": "BP 26"},
            "Quartier des Carmes (CCSS), BP 26",
        ),
        ({"complement1": "Mairie", "complement2": "2e étage"}, "Mairie (2e étage)"),
        ({"numero_voie": "1 rue Gambetta"}, "1 rue Gambetta"),
        ({}, ""),
    ],
)
def test_a_walkin_street_address_is_the_street_with_its_complements_in_brackets(
    fields: dict[str, str], text: str
) -> None:
    assert ia.street_address(ia.Address(kind=ia.STREET, **fields)) == text


def _caisse_export(
    tmp_path: Path, services: list[dict[str, Any]], communes: dict[str, tuple[str, list[str]]]
) -> dict[str, Path]:
    return {
        "local": write_json(tmp_path / "local.json", {"service": services}),
        "communes": commune_zip(tmp_path / "communes.zip", communes or {"03310": ("Vichy", [])}),
        "caisses": DATA / "cpam_caisses.csv",
        "postcodes": DATA / "postcodes.csv",
        "out": tmp_path / "out",
    }


def test_a_postal_address_that_names_another_caisse_is_not_used(tmp_path: Path) -> None:
    """The Haute-Corse fiches give the Corse-du-Sud caisse's address (shared/data/PROVENANCE.md)."""
    corte = fiche(
        "0b05fd01-7018-45de-8799-b07c53e421e1",
        "Caisse primaire d'assurance maladie (CPAM) de Haute-Corse - accueil de Corte",
        ["2B096"],
        adresse=[
            street(numero_voie="7 rue Colonel Feracci", code_postal="20250", nom_commune="Corte"),
            postal(
                complement1="Caisse primaire d'assurance maladie de Corse-du-Sud",
                code_postal="20702",
                nom_commune="Ajaccio Cedex 9",
            ),
        ],
    )
    paths = _caisse_export(tmp_path, [corte], {})
    run(paths)
    source = next(row for row in rows(DATA / "cpam_caisses.csv") if row["caisse_id"] == "202")
    haute_corse = next(row for row in rows(paths["out"] / "cpam_caisses.csv") if row["caisse_id"] == "202")
    assert haute_corse["postal_code"] == source["postal_code"]
    assert haute_corse["address_source"] == source["address_source"]
    assert "postal address of another caisse" in haute_corse["notes"]
    assert len(rows(paths["out"] / "cpam_walkin_offices.csv")) == 1


def test_a_tie_between_postal_addresses_goes_to_the_most_recently_modified_fiche(tmp_path: Path) -> None:
    old = postal(numero_voie="3 rue Alphonse-Richard", code_postal="04010", nom_commune="Digne-les-Bains Cedex")
    new = postal(numero_voie="1 place du Tampinet", code_postal="04010", nom_commune="Digne-les-Bains Cedex")
    nom = "Caisse primaire d'assurance maladie (CPAM) des Alpes-de-Haute-Provence - accueil de "
    services = [
        fiche("a", nom + "Digne", ["04070"], "01/02/2025 10:00:00", adresse=[old]),
        fiche("b", nom + "Manosque", ["04112"], "01/03/2025 10:00:00", adresse=[new]),
    ]
    paths = _caisse_export(tmp_path, services, {})
    run(paths)
    row = next(row for row in rows(paths["out"] / "cpam_caisses.csv") if row["caisse_id"] == "041")
    assert (row["mailing_address_line1"], row["dila_uuid"], row["address_dated"]) == (
        "1 place du Tampinet",
        "b",
        "2025-03-01",
    )


def test_a_commune_missing_from_the_postcode_list_is_skipped_and_reported(
    export: dict[str, Path], tmp_path: Path
) -> None:
    short = tmp_path / "postcodes.csv"
    lines = (FIXTURES / "postcodes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    short.write_text("".join(line for line in lines if ",59122," not in line), encoding="utf-8")
    summary = run({**export, "postcodes": short})
    assert not [row for row in rows(export["out"] / "cpam_competence.csv") if row["insee_code"] == "59122"]
    assert any("not in the postcode list" in warning and "59122 Cambrai" in warning for warning in summary.warnings)


def test_saint_martin_is_served_by_the_guadeloupe_caisse_through_its_office(tmp_path: Path) -> None:
    office = fiche(
        "sxm",
        "Caisse générale de sécurité sociale (CGSS) de Guadeloupe - accueil de Saint-Martin",
        ["97801"],
        adresse=[street(numero_voie="Rue de Hollande", code_postal="97150", nom_commune="Saint-Martin")],
    )
    paths = _caisse_export(tmp_path, [office], {"97801": ("Saint-Martin", ["sxm"])})
    run(paths)
    (row,) = (row for row in rows(paths["out"] / "cpam_competence.csv") if row["insee_code"] == "97801")
    assert (row["caisse_id"], row["departement"], row["postal_codes"]) == ("971", "978", "97150")
    assert row["source"] == "DILA directory export 2026-12-01; fiches sxm@2024-03-28"
    read_checked(paths["out"] / "cpam_competence.csv", COMPETENCE)


# -- opening hours ---------------------------------------------------------------------------------------------


def plage(first: str, last: str = "", *times: tuple[str, str], comment: str = "") -> Any:
    return ia.Plage(first_day=first, last_day=last, times=tuple(times), comment=comment)


@pytest.mark.parametrize(
    ("plages", "text", "problems"),
    [
        ([], "", 0),
        ([plage("Lundi", "Lundi", ("08:30:00", "12:30:00"))], "mon 08:30-12:30", 0),
        (
            [plage("Mercredi", "Vendredi", ("08:30:00", "12:30:00"), ("13:30:00", "17:00:00"))],
            "wed-fri 08:30-12:30,13:30-17:00",
            0,
        ),
        ([plage("Mardi", "", ("9:00", "12:00"))], "tue 09:00-12:00", 0),
        (
            [plage("lundi", "MARDI", ("08:30:00", "12:00:00")), plage("Jeudi", "Jeudi", ("13:30:00", "16:30:00"))],
            "mon-tue 08:30-12:00;thu 13:30-16:30",
            0,
        ),
        ([plage("Samedi", "Samedi")], "", 1),
        ([plage("Samedi", "Samedi", comment="Sur rendez-vous.")], "", 0),
        ([plage("Lundi", "Lundi", ("08:30:00", ""))], "", 2),
        ([plage("Lundi", "Lundi", ("12:00:00", "08:00:00"), ("13:00:00", "16:00:00"))], "mon 13:00-16:00", 1),
        (
            [plage("Jour férié", "", ("08:00:00", "12:00:00")), plage("Dimanche", "", ("10:00", "11:00"))],
            "sun 10:00-11:00",
            1,
        ),
    ],
    ids=[
        "none",
        "one-day",
        "range",
        "short-times",
        "two-spans",
        "no-time",
        "comment-only",
        "half-pair",
        "backwards",
        "bad-day",
    ],
)
def test_hours_from_plages_gives_the_app_s_form_and_leaves_out_what_it_cannot_read(
    plages: list[Any], text: str, problems: int
) -> None:
    hours = ia.hours_from_plages(plages)
    assert hours.text == text
    assert len(hours.problems) == problems
    assert hours.text == "" or re.match(HOURS_PATTERN, hours.text)


def test_the_script_checks_hours_with_the_same_pattern_as_the_app() -> None:
    """The script is stdlib-only, so it keeps its own copy of the app's pattern: the two must not drift."""
    assert ia.HOURS_PATTERN.pattern == HOURS_PATTERN


# -- the 20 walk-in offices read from DILA in 2026 ------------------------------------------------------------

PARTIAL = FIXTURES / "walkin_offices_2026_partial.csv"
EN_DAYS = {"Mon": "Lundi", "Tue": "Mardi", "Wed": "Mercredi", "Thu": "Jeudi", "Fri": "Vendredi", "Sat": "Samedi"}
SPAN = re.compile(r"(?P<days>\w{3}(?:–\w{3})?) (?P<times>[\d:–, ]+?)(?: \[(?P<comment>[^\]]*)\])?(?:; |$)")
STREET = re.compile(r"^(?P<voie>[^(]+?)(?: \((?P<complement>.+)\))?(?:, (?P<box>(?:BP|CS) \d+))?$")
OFFICE_INSEE = {
    "Vichy": "03310",
    "Le Cheylard": "07064",
    "Arles": "13004",
    "Vire": "14762",
    "Saint-Flour": "15187",
    "Porto-Vecchio": "2A247",
    "Corte": "2B096",
    "La Souterraine": "23176",
    "Bergerac": "24037",
    "Crest": "26108",
    "Dole": "39198",
    "Mende": "48095",
    "Avion": "62065",
    "Orthez": "64430",
    "Perpignan": "66136",
    "Moûtiers": "73181",
    "Elbeuf": "76231",
    "Loudun": "86137",
    "Saint-Paul": "97415",
    "Sada": "97616",
}
"""The commune each office stands in (COG 2026; Vire is now Vire Normandie)."""
EXPECTED_CAISSE = {
    "Vichy": "031",
    "Le Cheylard": "072",
    "Arles": "131",
    "Vire": "141",
    "Saint-Flour": "151",
    "Porto-Vecchio": "201",
    "Corte": "202",
    "La Souterraine": "231",
    "Bergerac": "241",
    "Crest": "261",
    "Dole": "391",
    "Mende": "481",
    "Avion": "624",
    "Orthez": "642",
    "Perpignan": "661",
    "Moûtiers": "731",
    "Elbeuf": "764",
    "Loudun": "861",
    "Saint-Paul": "974",
    "Sada": "976",
}
BY_APPOINTMENT = {"Vichy", "Vire", "Corte", "Bergerac", "Crest", "Dole", "Orthez", "Loudun"}


def plages_from_text(text: str) -> tuple[list[dict[str, str]], str]:
    """``Mon 08:30–12:30, 13:30–17:00; Wed–Fri … [comment]`` → plage_ouverture objects and the general comment
    (a bracket starting ``general:``); ``no opening hours published`` → no plage."""
    plages: list[dict[str, str]] = []
    general = ""
    text = text.removeprefix("no opening hours published").strip()
    if text.startswith("[general: "):
        return [], text.removeprefix("[general: ").removesuffix("]")
    for match in SPAN.finditer(text):
        first, _, last = match["days"].partition("–")
        entry = {"nom_jour_debut": EN_DAYS[first], "nom_jour_fin": EN_DAYS[last or first]}
        for n, pair in enumerate(match["times"].split(", "), start=1):
            start, end = pair.split("–")
            entry |= {f"valeur_heure_debut_{n}": f"{start}:00", f"valeur_heure_fin_{n}": f"{end}:00"}
        comment = match["comment"] or ""
        if comment.startswith("general: "):
            general = comment.removeprefix("general: ")
        elif comment:
            entry["commentaire"] = comment
        plages.append(entry)
    return plages, general


def fiche_from_partial(row: dict[str, str]) -> dict[str, Any]:
    """A DILA-format fiche from a row of walkin_offices_2026_partial.csv."""
    parts = STREET.match(row["street_address"])
    assert parts is not None, row["street_address"]
    plages, general = plages_from_text(row["opening_hours"])
    phones = [p.partition(" (") for p in row["phone"].split("; ")]
    return fiche(
        row["dila_uuid"],
        row["office_name"],
        [OFFICE_INSEE[row["city"]]],
        row["date_modification"],
        adresse=[
            street(
                numero_voie=parts["voie"],
                complement1=parts["complement"] or "",
                service_distribution=parts["box"] or "",
                code_postal=row["postal_code"],
                nom_commune=row["city"],
            )
        ],
        plage_ouverture=plages,
        commentaire_plage_ouverture=general,
        telephone=[{"valeur": value, "description": rest.rstrip(")")} for value, _, rest in phones],
    )


def published_hours(text: str) -> str:
    """The published text in the app's form, written independently of the importer: brackets dropped,
    ``Mon–Fri`` → ``mon-fri``, ``, `` between times → ``,``, ``; `` → ``;``."""
    text = re.sub(r" ?\[[^\]]*\]", "", text).removeprefix("no opening hours published").strip()
    return text.replace("–", "-").replace(", ", ",").replace("; ", ";").lower()


def test_the_20_walkin_offices_read_in_2026_import_with_their_caisses_addresses_hours_and_flags(
    tmp_path: Path,
) -> None:
    partial = rows(PARTIAL)
    services = [fiche_from_partial(row) for row in partial]
    paths = _caisse_export(tmp_path, services, {"03310": ("Vichy", [partial[0]["dila_uuid"]])})
    summary = run(paths)
    assert summary.unmapped == []

    written = read_table(paths["out"] / "cpam_walkin_offices.csv", WalkinRow)
    read_table(paths["out"] / "cpam_caisses.csv", CaisseRow)
    read_checked(paths["out"] / "cpam_competence.csv", COMPETENCE)
    assert len(written) == 20
    by_uuid = {office.dila_uuid: office for office in written}
    for row in partial:
        office = by_uuid[row["dila_uuid"]]
        city = row["city"]
        assert office.caisse_id == EXPECTED_CAISSE[city], city
        assert (office.office_name, office.street_address) == (row["office_name"], row["street_address"])
        assert (office.postal_code, office.city) == (row["postal_code"], city)
        assert office.by_appointment is (city in BY_APPOINTMENT), city
        assert (office.hours or "") == published_hours(row["opening_hours"]), city
        assert office.phone == "36 46"
        assert office.date_modification.strftime("%d/%m/%Y") == row["date_modification"][:10]
    assert [office.caisse_id for office in written] == sorted(office.caisse_id for office in written)


# -- refresh_data.py runs the importer when given the export (issue 11) ---------------------------------


def _refresh_data() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import refresh_data

        return refresh_data
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_refresh_data_replaces_the_caisse_files_with_the_export_and_keeps_the_other_communes(
    export: dict[str, Path], tmp_path: Path
) -> None:
    refresh = _refresh_data()
    curated_competence = (
        "insee_code,commune_name,departement,arrondissement,arrondissement_name,postal_codes,caisse_id,caisse_name,"
        "candidates,basis,confidence,source,notes\n"
        "59001,Somewhere,59,591,Avesnes,59000,599,CPAM du Hainaut,,arrondissement_inferred,medium,s,\n"
        "59122,Cambrai (curated),59,592,Cambrai,59400,599,CPAM du Hainaut,,arrondissement_inferred,medium,s,\n"
    )
    outputs = {
        refresh.POSTCODES_FILE: (FIXTURES / "postcodes.csv").read_bytes(),
        refresh.COMPETENCE_FILE: curated_competence.encode("utf-8"),
        "cpam_caisses.csv": (FIXTURES / "caisses.csv").read_bytes(),
        "cpam_walkin_offices.csv": b"",
    }
    args = refresh.parse_args(
        ["--local", str(export["local"]), "--communes", str(export["communes"]), "--export-date", "2026-12-01"]
    )
    work = tmp_path / "work"
    work.mkdir()
    refresh.import_dila_export(outputs, args, work)
    assert outputs["cpam_caisses.csv"] == (FIXTURES / "expected" / "cpam_caisses.csv").read_bytes()
    assert outputs["cpam_walkin_offices.csv"] == (FIXTURES / "expected" / "cpam_walkin_offices.csv").read_bytes()
    competence = outputs[refresh.COMPETENCE_FILE].decode("utf-8")
    assert "59001,Somewhere" in competence  # a curated commune the export does not list is kept
    assert "Cambrai (curated)" not in competence  # a commune the export lists takes the export's row
    assert competence.count("\n") == 1 + 1 + 6


def test_refresh_data_wants_the_two_export_files_and_their_date_together() -> None:
    refresh = _refresh_data()
    with pytest.raises(SystemExit):
        refresh.parse_args(["--local", "x.json"])
    with pytest.raises(SystemExit):
        refresh.parse_args(["--local", "x.json", "--communes", "y.zip"])
