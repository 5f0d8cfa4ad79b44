"""What a person told the questionnaire (domain.md §2.1).

Every field is ``None`` until its question is asked; ``situations`` is ``None``
when not asked and an empty set when asked and none applies. Enum values are
the stable keys stored in case files and used in texts (``option.activity.student``);
labels live in the text files.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class HomeTerritory(StrEnum):
    """Where the person will live (Q_TERRITORY)."""

    METROPOLE = "metropole"
    GUADELOUPE = "guadeloupe"
    MARTINIQUE = "martinique"
    GUYANE = "guyane"
    REUNION = "reunion"
    MAYOTTE = "mayotte"
    SAINT_MARTIN = "saint_martin"
    SAINT_BARTHELEMY = "saint_barthelemy"
    SAINT_PIERRE_ET_MIQUELON = "saint_pierre_et_miquelon"
    NOUVELLE_CALEDONIE = "nouvelle_caledonie"
    POLYNESIE_FRANCAISE = "polynesie_francaise"
    WALLIS_ET_FUTUNA = "wallis_et_futuna"
    MONACO = "monaco"
    ABROAD = "abroad"


LOCAL_REGIME_TERRITORIES = frozenset(
    {
        HomeTerritory.NOUVELLE_CALEDONIE,
        HomeTerritory.POLYNESIE_FRANCAISE,
        HomeTerritory.SAINT_PIERRE_ET_MIQUELON,
        HomeTerritory.WALLIS_ET_FUTUNA,
    }
)
"""Territories with their own social security system (rule R1)."""

FRANCE = frozenset(HomeTerritory) - LOCAL_REGIME_TERRITORIES - {HomeTerritory.MONACO, HomeTerritory.ABROAD}
"""Where the French general scheme applies: mainland, the DROM, Saint-Martin, Saint-Barthélemy."""

OVERSEAS_DEPARTEMENTS = frozenset(
    {HomeTerritory.GUADELOUPE, HomeTerritory.MARTINIQUE, HomeTerritory.GUYANE, HomeTerritory.REUNION}
)
"""The four DROM served by a CGSS (Mayotte has its own CSS)."""


class MainHome(StrEnum):
    """Will France be the main home, at least 6 months a year (Q_MAIN_HOME)."""

    YES = "yes"
    PART_YEAR = "part_year"
    SHORT_STAY = "short_stay"


class Activity(StrEnum):
    """What the person does (Q_ACTIVITY)."""

    EMPLOYEE = "employee"
    SELF_EMPLOYED = "self_employed"
    FARM_WORKER = "farm_worker"
    FRONTIER_WORKER = "frontier_worker"
    STUDENT = "student"
    RETIRED = "retired"
    JOB_SEEKER = "job_seeker"
    NONE = "none"


WORKS_IN_FRANCE = frozenset({Activity.EMPLOYEE, Activity.SELF_EMPLOYED, Activity.FARM_WORKER})


class WorkCountry(StrEnum):
    """Where a frontier worker (living in France) works."""

    SWITZERLAND = "switzerland"
    MONACO = "monaco"
    OTHER_EEA = "other_eea"


class Nationality(StrEnum):
    """Q_NATIONALITY; British nationals settled before 2021 keep EU-style rights (Withdrawal Agreement)."""

    FRENCH = "french"
    EU_EEA_SWISS = "eu_eea_swiss"
    UK_SETTLED_BEFORE_2021 = "uk_settled_before_2021"
    UK_FROM_2021 = "uk_from_2021"
    OTHER = "other"


EU_LIKE = frozenset({Nationality.EU_EEA_SWISS, Nationality.UK_SETTLED_BEFORE_2021})
"""Foreign nationals with EU-style rights: EU/EEA/Swiss citizens, and British nationals settled in France
before 2021 (Withdrawal Agreement; domain.md §2.2)."""

EEA_LIKE = frozenset({Nationality.FRENCH, *EU_LIKE})
"""Nationalities that need no residence permit (domain.md §2.2, AND/OR summary)."""

NEEDS_PERMIT = frozenset({Nationality.OTHER, Nationality.UK_FROM_2021})


class PensionFrom(StrEnum):
    """Which country pays a retiree's pension (domain.md §2.1 Q_ACTIVITY; §2.4 retirees).

    ``france``: a French pension, alone or with others (French cover); ``eea_swiss_uk``: only from
    another EU/EEA state, Switzerland or the UK (that state's S1); ``other``: only from elsewhere.
    """

    FRANCE = "france"
    EEA_SWISS_UK = "eea_swiss_uk"
    OTHER = "other"


class ResidenceStatus(StrEnum):
    """Q_STATUS, for people who need a residence permit."""

    PERMIT = "permit"
    RECEIPT = "receipt"
    ASYLUM_SEEKER = "asylum_seeker"
    REFUGEE = "refugee"
    NONE = "none"


LAWFUL_STATUSES = frozenset({ResidenceStatus.PERMIT, ResidenceStatus.RECEIPT, ResidenceStatus.REFUGEE})


class Situation(StrEnum):
    """Special situations (Q_SPECIAL); several may apply."""

    S1 = "s1"
    EHIC = "ehic"
    JOINING_INSURED_FAMILY = "joining_insured_family"
    RSA_OR_AAH = "rsa_or_aah"
    FAMILY_OR_HOUSING_BENEFITS = "family_or_housing_benefits"
    """Family benefits, housing aid (APL/ALS/ALF), ASPA or other social aid (D160-2 2°); RSA/AAH: ``rsa_or_aah``."""
    BACK_FROM_VOLONTARIAT = "back_from_volontariat"
    UNDER_18 = "under_18"
    BORN_IN_FRANCE = "born_in_france"
    FROM_QUEBEC = "from_quebec"
    STUDENT_JOB = "student_job"


MAX_HOUSEHOLD = 20
MAX_INCOME_EUR = 100_000_000
"""The largest yearly income a field accepts (anything larger is a typing slip)."""


class Answers(BaseModel):
    """The questionnaire's answers; unasked questions are ``None``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    territory: HomeTerritory | None = None
    main_home: MainHome | None = None
    activity: Activity | None = None
    pension_from: PensionFrom | None = None
    work_country: WorkCountry | None = None
    nationality: Nationality | None = None
    residence_status: ResidenceStatus | None = None
    arrival_date: Annotated[date, Field(ge=date(1900, 1, 1))] | None = None
    situations: frozenset[Situation] | None = None
    household_size: Annotated[int, Field(ge=1, le=MAX_HOUSEHOLD)] | None = None
    """How many people live in the household, the person included (the AME ceiling depends on it)."""
    annual_income_eur: Annotated[int, Field(ge=0, le=MAX_INCOME_EUR)] | None = None
    birth_certificate_country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    """ISO 3166-1 alpha-2 code of the country that issued the birth certificate (e.g. ``ES``)."""
    birth_certificate_language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    """ISO 639-1 code of the language the birth certificate is written in (e.g. ``hi``)."""
    has_social_security_number: bool | None = None
    """Already has a French social security number (worked, studied or was born in France before): the
    number is for life, so there is no temporary or permanent number to wait for (issue 14)."""

    def has(self, situation: Situation) -> bool:
        return self.situations is not None and situation in self.situations

    @property
    def is_eea_like(self) -> bool:
        return self.nationality in EEA_LIKE

    @property
    def is_eu_like(self) -> bool:
        """An EU/EEA/Swiss citizen, or British and settled in France before 2021."""
        return self.nationality in EU_LIKE

    @property
    def is_lawful(self) -> bool:
        """Lawful stay: no permit needed, or a permit, a receipt or refugee papers."""
        return self.is_eea_like or self.residence_status in LAWFUL_STATUSES

    @property
    def lives_in_france(self) -> bool:
        return self.territory in FRANCE


EARLIEST_ARRIVAL = date(1900, 1, 1)


def arrival_date_problem(value: object, today: date) -> str | None:
    """Why a value is not a possible arrival date (a text key), or ``None`` when it is.

    The browser's date limits can be bypassed, so the server checks again:
    a date, not in the future, not before 1900.
    """
    if not isinstance(value, date) or isinstance(value, datetime):  # a datetime is not a day (nor comparable)
        return "wizard.choose_one"
    if value > today:
        return "wizard.date_in_future"
    if value < EARLIEST_ARRIVAL:
        return "wizard.date_too_old"
    return None


def household_size_problem(value: object) -> str | None:
    """Why a value is not a number of people in a household (1 to 20; a text key), or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "wizard.household_invalid"
    if not math.isfinite(value) or value != int(value) or not 1 <= value <= MAX_HOUSEHOLD:
        return "wizard.household_invalid"
    return None


def income_problem(value: object) -> str | None:
    """Why a value is not a yearly income in whole euros (a text key), or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "wizard.amount_invalid"
    if not math.isfinite(value) or value < 0 or value != int(value) or value > 100_000_000:
        return "wizard.amount_invalid"  # NaN or infinite, negative, fractional, or absurdly large
    return None
