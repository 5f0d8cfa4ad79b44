"""Hypothesis strategies and sample people shared by the tests."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from vitale.answers import (
    Activity,
    Answers,
    HomeTerritory,
    MainHome,
    Nationality,
    PensionFrom,
    ResidenceStatus,
    Situation,
    WorkCountry,
)

ANY_ANSWERS = st.builds(
    Answers,
    territory=st.none() | st.sampled_from(HomeTerritory),
    main_home=st.none() | st.sampled_from(MainHome),
    activity=st.none() | st.sampled_from(Activity),
    pension_from=st.none() | st.sampled_from(PensionFrom),
    work_country=st.none() | st.sampled_from(WorkCountry),
    nationality=st.none() | st.sampled_from(Nationality),
    residence_status=st.none() | st.sampled_from(ResidenceStatus),
    arrival_date=st.none() | st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    situations=st.none() | st.frozensets(st.sampled_from(Situation)),
    household_size=st.none() | st.integers(1, 20),
    annual_income_eur=st.none() | st.integers(0, 10**7),
)
"""Any valid Answers, complete or not, consistent or not."""

EMPLOYEE_BORN_IN_INDIA = Answers(
    territory=HomeTerritory.METROPOLE, main_home=MainHome.YES, activity=Activity.EMPLOYEE,
    nationality=Nationality.OTHER, residence_status=ResidenceStatus.PERMIT, situations=frozenset(),
    birth_certificate_country="IN", birth_certificate_language="hi",
)  # fmt: skip
"""A non-EU employee with a permit, whose birth certificate is Indian and in Hindi (needs a translation)."""
