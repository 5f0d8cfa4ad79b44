"""Merging the 2026 addresses and walk-in offices of the DILA directory into data/ (issue 11)."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import DATA, ROOT
from vitale.referencedata import CaisseRow, WalkinRow, read_table


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dila_addresses", ROOT / "scripts" / "dila_addresses.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dila_addresses"] = module
    spec.loader.exec_module(module)
    return module


dila = _load()

CAISSES = (
    "caisse_id,name,kind,departement,mailing_address_line1,mailing_address_line2,postal_code,city,phone,website,"
    "source_url,verified_on,notes,short_name,ameli_url\n"
    "031,Caisse primaire d'assurance maladie de l'Allier,CPAM,03,1 old street,,03310,VICHY,3646,,s,2014-08-06,n,"
    "CPAM de l'Allier,\n"
    "051,Caisse primaire d'assurance maladie des Hautes-Alpes,CPAM,05,1 bd,,05012,GAP CEDEX,3646,,s,2014-08-06,n,"
    "CPAM des Hautes-Alpes,\n"
    "202,Caisse primaire d'assurance maladie de la Haute-Corse,CPAM,2B,,,,,3646,,s,,n,CPAM de la Haute-Corse,\n"
    "595,Caisse primaire d'assurance maladie de Lille-Douai,CPAM,59,2 rue,,59895,LILLE CEDEX 9,3646,,s,2014-08-06,n,"
    "CPAM de Lille-Douai,\n"
    "599,Caisse primaire d'assurance maladie du Hainaut,CPAM,59,old,,59408,CAMBRAI CEDEX,3646,,s,2014-08-06,n,"
    "CPAM du Hainaut,\n"
    "971,Caisse générale de sécurité sociale de la Guadeloupe,CGSS,971,CS 48105,,97181,LES ABYMES CEDEX,3646,,s,"
    "2014-08-06,n,CGSS de la Guadeloupe,\n"
)
ADDRESSES = (
    "departement,caisse_name,address_line1,address_line2,postal_code,city,dila_uuid,dila_url,source,checked,note\n"
    "03,Caisse primaire d'assurance maladie (CPAM) de l'Allier,9 rue Achille-Roche,,03010,Moulins Cedex,u03,"
    "https://lannuaire.service-public.gouv.fr/auvergne-rhone-alpes/allier/u03,"
    '"DILA annuaire via frontiere snapshot 2026-10-06, fiche modified 28/03/2024",yes,ok\n'
    "2B,Caisse primaire d'assurance maladie (CPAM) de Haute-Corse,Caisse primaire d'assurance maladie de "
    "Corse-du-Sud,,20702,Ajaccio Cedex 9,u2b,https://lannuaire.service-public.gouv.fr/corse/haute-corse/u2b,x,yes,bad\n"
    "59,Caisse primaire d'assurance maladie (CPAM) du Hainaut,63 rue du Rempart CS 60499,,59321,Valenciennes Cedex,"
    "u59,https://lannuaire.service-public.gouv.fr/hauts-de-france/nord/u59,DILA via a derived list,no,derived\n"
    "978,Caisse générale de sécurité sociale (CGSS) de Guadeloupe,CS 48105,,97181,Les Abymes Cedex,u978,"
    "https://lannuaire.service-public.gouv.fr/x/u978,derived,no,Saint-Martin\n"
)
WALKIN = (
    "departement,caisse,office_name,street_address,postal_code,city,opening_hours,phone,dila_uuid,"
    "date_modification,note\n"
    "03,Caisse primaire d'assurance maladie (CPAM) de l'Allier,Caisse primaire d'assurance maladie (CPAM) de "
    "l'Allier - accueil de Vichy,18 avenue Victoria,03200,Vichy,"
    '"Mon 08:30–12:30, 13:30–17:00; Wed–Fri 08:30–12:30 [Accueil uniquement sur rendez-vous.]",36 46,w03,'
    "28/03/2024 16:03:49,\n"
    "59,Caisse primaire d'assurance maladie (CPAM) du Hainaut,Caisse primaire d'assurance maladie (CPAM) du Hainaut "
    "- accueil de Maubeuge,1 rue,59600,Maubeuge,no opening hours published [general: Pour prendre rendez-vous : "
    'ameli.],36 46,w59,"01/08/2025 10:00:00",\n'
)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    for name, text in (
        (dila.CAISSES_FILE, CAISSES),
        (dila.ADDRESSES_2026_FILE, ADDRESSES),
        (dila.WALKIN_2026_FILE, WALKIN),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _rows(content: bytes) -> dict[str, dict[str, str]]:
    return {row["caisse_id"]: row for row in csv.DictReader(io.StringIO(content.decode("utf-8")))}


def test_a_2026_address_replaces_the_2014_one_with_its_source_fiche_and_dates(shared: Path) -> None:
    rows = _rows(dila.outputs(shared)[dila.CAISSES_FILE])
    allier = rows["031"]
    assert (allier["mailing_address_line1"], allier["postal_code"], allier["city"]) == (
        "9 rue Achille-Roche", "03010", "Moulins Cedex",
    )  # fmt: skip
    assert (allier["address_source"], allier["address_dated"], allier["verified_on"]) == (
        "dila_annuaire_2026", "2024-03-28", "2026-10-06",
    )  # fmt: skip
    assert allier["dila_uuid"] == "u03"


def test_a_row_from_the_derived_list_is_marked_as_such_and_undated(shared: Path) -> None:
    hainaut = _rows(dila.outputs(shared)[dila.CAISSES_FILE])["599"]
    assert (hainaut["address_source"], hainaut["address_dated"], hainaut["verified_on"]) == (
        "dila_annuaire_2026_derived", "", "2026-09-13",
    )  # fmt: skip
    assert hainaut["postal_code"] == "59321"


def test_in_a_departement_with_several_caisses_the_address_goes_to_the_caisse_its_name_designates(
    shared: Path,
) -> None:
    rows = _rows(dila.outputs(shared)[dila.CAISSES_FILE])
    assert rows["595"]["postal_code"] == "59895"  # Lille-Douai keeps its 2014 address
    assert rows["595"]["address_source"] == "cpam_address_list_2014"


def test_haute_corse_s_2026_row_is_never_used_and_saint_martin_s_is_left_to_guadeloupe(shared: Path) -> None:
    rows = _rows(dila.outputs(shared)[dila.CAISSES_FILE])
    assert rows["202"]["postal_code"] == ""
    assert "not used" in rows["202"]["notes"]
    assert rows["971"]["address_source"] == "cpam_address_list_2014"  # 978's row does not overwrite it


def test_walk_in_hours_become_the_app_s_form_with_the_comment_and_the_appointment_flag(shared: Path) -> None:
    offices = list(csv.DictReader(io.StringIO(dila.outputs(shared)[dila.WALKIN_FILE].decode("utf-8"))))
    vichy, maubeuge = offices
    assert vichy["hours"] == "mon 08:30-12:30,13:30-17:00;wed-fri 08:30-12:30"
    assert (vichy["hours_note"], vichy["by_appointment"]) == ("Accueil uniquement sur rendez-vous.", "true")
    assert vichy["url"] == "https://lannuaire.service-public.gouv.fr/auvergne-rhone-alpes/allier/w03"
    assert (maubeuge["caisse_id"], maubeuge["hours"], maubeuge["by_appointment"]) == ("599", "", "false")
    assert maubeuge["date_modification"] == "2025-08-01"


def test_what_the_merge_writes_is_valid_for_the_app(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, content in dila.outputs(shared).items():
        (out / name).write_bytes(content)
    assert len(read_table(out / dila.CAISSES_FILE, CaisseRow)) == 6
    assert len(read_table(out / dila.WALKIN_FILE, WalkinRow)) == 2


def test_hours_that_cannot_be_read_stop_the_merge_with_a_message() -> None:
    with pytest.raises(dila.MergeError, match="not understood"):
        dila.hours_from_text("Lundi de 8h30 à 12h")


def test_a_2026_row_that_designates_no_caisse_stops_the_merge(shared: Path) -> None:
    text = (shared / dila.ADDRESSES_2026_FILE).read_text(encoding="utf-8").replace("du Hainaut", "des Flandres", 1)
    (shared / dila.ADDRESSES_2026_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(dila.MergeError, match="0 caisses match"):
        dila.outputs(shared)


def test_the_committed_data_is_what_the_merge_writes_from_the_committed_inputs_shape() -> None:
    """data/ holds the merged files: every 2026 column is present and the walk-in file has its 20 offices."""
    assert len(read_table(DATA / dila.WALKIN_FILE, WalkinRow)) == 20
    header = (DATA / dila.CAISSES_FILE).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == dila.CAISSE_COLUMNS
