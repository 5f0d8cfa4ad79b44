"""The caisse network's vocabulary: the kinds of caisse, and how a commune's caisse is decided.

Used by the data files' row models (:mod:`vitale.referencedata`), the caisses and the competence
decisions, and the office page; it lives here, with the concept, not in the CSV loader.
"""

from __future__ import annotations

from enum import StrEnum


class CaisseKind(StrEnum):
    """The kind of body that plays the CPAM role (domain.md §1)."""

    CPAM = "CPAM"  # caisse primaire d'assurance maladie
    CGSS = "CGSS"  # caisse générale de sécurité sociale (Guadeloupe, Martinique, Guyane, Réunion)
    CSS = "CSS"  # caisse de sécurité sociale de Mayotte
    CCSS = "CCSS"  # caisse commune de sécurité sociale (Lozère)


class CompetenceRule(StrEnum):
    """How the caisse of a commune was decided.

    Three are decided by the lookup itself (:data:`DERIVED_RULES`); the others are the ``basis`` of a
    ``cpam_competence.csv`` row (data/SOURCES.md gives their meaning).
    """

    ONLY_CAISSE_OF_DEPARTEMENT = "only_caisse_of_departement"
    NOT_IN_COMPETENCE_DATA = "not_in_competence_data"
    TERRITORY_OUTSIDE_NETWORK = "territory_outside_network"
    CAISSE_SITE_IN_COMMUNE = "caisse_site_in_commune"
    CAISSE_OFFICE_IN_COMMUNE = "caisse_office_in_commune"
    ARRONDISSEMENT_INFERRED = "arrondissement_inferred"
    UNRESOLVED = "unresolved"
    UNRESOLVED_CROSS_DEPARTEMENT = "unresolved_cross_departement"
    LAW = "law"
    LAW_OUTSIDE_CPAM_NETWORK = "law_outside_cpam_network"
    DILA_ANNUAIRE = "dila_annuaire"
    """The DILA directory's commune → caisse table (``scripts/import_annuaire.py``)."""


DERIVED_RULES = frozenset(
    {
        CompetenceRule.ONLY_CAISSE_OF_DEPARTEMENT,
        CompetenceRule.NOT_IN_COMPETENCE_DATA,
        CompetenceRule.TERRITORY_OUTSIDE_NETWORK,
    }
)
"""Rules the lookup decides itself; a data row may not claim them."""
