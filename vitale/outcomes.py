"""The possible outcomes of the questionnaire, the classes of outcome, and what an assessment carries.

Every class of outcome the app needs (which lead to a card, which the local
fund of the general scheme handles, which are posted to the caisse with a
cover letter, which have a file of documents) is named once here, on
:class:`Outcome`; no other module keeps its own set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field

from vitale.parameters import load_parameters

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Outcome(StrEnum):
    LOCAL_REGIME = "local_regime"
    MONACO_REGIME = "monaco_regime"
    NOT_ELIGIBLE = "not_eligible"
    MSA = "msa"
    S1_REGISTRATION = "s1_registration"
    OPTION_SWITZERLAND = "option_switzerland"
    PUMA_WORK = "puma_work"
    STUDENT_ONLINE = "student_online"
    EHIC_COVERED = "ehic_covered"
    CONVENTION_QUEBEC = "convention_quebec"
    AME = "ame"
    URGENT_CARE_ONLY = "urgent_care_only"
    PUMA_RESIDENCE_WAIT = "puma_residence_wait"
    PUMA_RESIDENCE = "puma_residence"
    CASE_BY_CASE = "case_by_case"
    REFER_CPAM = "refer_cpam"
    COVERED_DURING_STAYS = "covered_during_stays"
    """A French pensioner living abroad: cared for during stays in France (L160-3 CSS; issue 10)."""
    CHILD_ATTACHED = "child_attached"
    """A child under 18 covered as the "ayant droit" of an insured parent (L160-2 CSS; issue 15)."""

    @property
    def handled_by_general_scheme(self) -> bool:
        """The file goes to the local fund of the general scheme (CPAM, CGSS, CSS Mayotte…)."""
        return self in GENERAL_SCHEME_OUTCOMES

    @property
    def leads_to_card(self) -> bool:
        """The route ends with a permanent number and a carte Vitale (so the timeline applies)."""
        return self in CARD_OUTCOMES

    @property
    def posted_with_letter(self) -> bool:
        """The application is posted to the caisse, with a cover letter (students register online, AME in person)."""
        return self in LETTER_OUTCOMES

    @property
    def filed_in_person(self) -> bool:
        """The application is handed in at a counter, not posted (AME: CASF L252-1)."""
        return self is Outcome.AME

    @property
    def projected_with_caution(self) -> bool:
        """The timeline uses the general scheme's figures with a reservation (``timeline.caution.<outcome>``)."""
        return self in {Outcome.CASE_BY_CASE, Outcome.MSA}


GENERAL_SCHEME_OUTCOMES = frozenset(
    {Outcome.S1_REGISTRATION, Outcome.PUMA_WORK, Outcome.STUDENT_ONLINE, Outcome.CONVENTION_QUEBEC, Outcome.AME,
     Outcome.PUMA_RESIDENCE_WAIT, Outcome.PUMA_RESIDENCE, Outcome.CASE_BY_CASE, Outcome.REFER_CPAM}
)  # fmt: skip
"""Outcomes whose file goes to the local fund of the general scheme."""

CARD_OUTCOMES = frozenset(
    {Outcome.PUMA_WORK, Outcome.PUMA_RESIDENCE, Outcome.PUMA_RESIDENCE_WAIT, Outcome.STUDENT_ONLINE,
     Outcome.S1_REGISTRATION, Outcome.CASE_BY_CASE, Outcome.MSA, Outcome.CONVENTION_QUEBEC}
)  # fmt: skip
"""Outcomes that lead to a NIR and a carte Vitale."""

LETTER_OUTCOMES = frozenset(
    {Outcome.PUMA_WORK, Outcome.PUMA_RESIDENCE, Outcome.PUMA_RESIDENCE_WAIT, Outcome.S1_REGISTRATION,
     Outcome.CASE_BY_CASE, Outcome.CONVENTION_QUEBEC}
)  # fmt: skip
"""Routes whose application is posted to the caisse (students register online; AME is filed in person)."""

HOUSEHOLD_OUTCOMES = frozenset({Outcome.CHILD_ATTACHED})
"""Outcomes only a household member gets (:mod:`vitale.household`), never the applicant's questionnaire."""

INSURED_IN_FRANCE = frozenset({Outcome.PUMA_WORK, Outcome.PUMA_RESIDENCE, Outcome.MSA, Outcome.STUDENT_ONLINE})
"""Outcomes that make the applicant "un assuré y séjournant dans les conditions prévues à l'article L. 160-1"
today (D160-2 II 3°): covered through work or stable residence in France now (a wait is not yet cover)."""

PARENT_ROUTES_FOR_ATTACHMENT = frozenset(
    {*INSURED_IN_FRANCE, Outcome.PUMA_RESIDENCE_WAIT, Outcome.CASE_BY_CASE, Outcome.CONVENTION_QUEBEC,
     Outcome.REFER_CPAM}
)  # fmt: skip
"""A child is attached to a parent covered (or about to be) by a French fund (L160-2)."""

UNDOCUMENTED_ROUTES = frozenset({Outcome.AME, Outcome.URGENT_CARE_ONLY})
"""Routes of a person without a residence permit: their children get AME at once (ameli AME page)."""


class Fund(StrEnum):
    """Who handles the file."""

    CPAM = "cpam"
    CGSS = "cgss"
    CSS_MAYOTTE = "css_mayotte"
    LOCAL_FUND_SAINT_BARTHELEMY = "local_fund_saint_barthelemy"
    MSA = "msa"
    LOCAL_BODY = "local_body"
    MONACO_FUNDS = "monaco_funds"
    FOREIGN_INSURER = "foreign_insurer"
    HOSPITAL = "hospital"
    PENSION_FUND = "pension_fund"
    NONE = "none"


DEFAULT_FUND: Mapping[Outcome, Fund] = MappingProxyType(
    {
        Outcome.LOCAL_REGIME: Fund.LOCAL_BODY,
        Outcome.MONACO_REGIME: Fund.MONACO_FUNDS,
        Outcome.NOT_ELIGIBLE: Fund.NONE,
        Outcome.MSA: Fund.MSA,
        Outcome.OPTION_SWITZERLAND: Fund.FOREIGN_INSURER,
        Outcome.EHIC_COVERED: Fund.FOREIGN_INSURER,
        Outcome.URGENT_CARE_ONLY: Fund.HOSPITAL,
        Outcome.COVERED_DURING_STAYS: Fund.PENSION_FUND,
    }
)
"""Who handles the outcomes that are not for the general scheme's local fund."""


class Exemption(StrEnum):
    """Why someone is exempt from the 3-month residence condition (article D160-2 CSS)."""

    STUDENT = "student"
    """Enrolled in an educational establishment, or on a cooperation internship (2016/2017 texts; F675)."""
    BENEFITS = "benefits"
    """I: family benefits, ASPA, housing aid, a benefit of book II of the CASF (incl. RSA, ASE), AAH — proof."""
    REFUGEE = "refugee"
    """II 1°: refugee or beneficiary of subsidiary protection."""
    ASYLUM_SEEKERS_CHILD = "asylum_seekers_child"
    """II 1°: an asylum seeker under 18, or a minor dependent on an asylum seeker."""
    VOLONTARIAT = "volontariat"
    """II 2°: back in France after a volontariat international."""
    FAMILY_OF_INSURED = "family_of_insured"
    """II 3°: a family member (L161-1) joining or accompanying an insured person to settle in France."""


class Figure(BaseModel):
    """A dated figure a rule used (e.g. the AME ceiling for 3 people), shown with its source and date.

    ``stale_since`` is the revaluation date that has passed without a newer
    value being confirmed: the figure may have changed since then.
    """

    model_config = _FROZEN

    name: str
    value: int
    since: date
    source: str
    verified_on: date
    stale_since: date | None = None


def figure(name: str, on: date, value: int | None = None) -> Figure:
    """The dated parameter ``name`` in force on ``on`` (or a ``value`` computed from it), with its provenance."""
    parameter = load_parameters().parameter(name)
    current = parameter.at(on)
    if value is None:
        assert isinstance(current.value, int)
        value = current.value
    return Figure(
        name=name,
        value=value,
        since=current.since,
        source=current.source,
        verified_on=current.verified_on,
        stale_since=parameter.stale_since(on),
    )


class Reason(BaseModel):
    """A rule that decided the outcome: its id (``R7``), a text key, its values and its sources."""

    model_config = _FROZEN

    rule: str
    text_key: str
    source_ids: tuple[str, ...]
    values: Mapping[str, int | str] = Field(default_factory=dict)


class Caution(BaseModel):
    """An uncertain point (a ⚠ of domain.md) the user must confirm."""

    model_config = _FROZEN

    text_key: str
    source_ids: tuple[str, ...]


class Assessment(BaseModel):
    """The outcome, why, what to check, and what to do next."""

    model_config = _FROZEN

    outcome: Outcome
    eligible_from: date | None
    fund: Fund
    reasons: tuple[Reason, ...]
    cautions: tuple[Caution, ...]
    next_steps: tuple[str, ...]
    traps: tuple[str, ...]
    exemption: Exemption | None = None
    """The D160-2 ground that waives the 3-month wait, when one applied."""
    figures: tuple[Figure, ...] = ()
    """The dated figures the deciding rule used, to show with their source, date and freshness."""


class Decision(BaseModel):
    """What a matching rule returns; :func:`vitale.eligibility.assess` adds the fund, next steps and traps.

    A rule may name its own next steps (``next_steps``) instead of its
    outcome's usual ones, and traps of its own (``traps``), so that no other
    module has to know which rule decided.
    """

    model_config = _FROZEN

    outcome: Outcome
    rule: str
    sources: tuple[str, ...]
    eligible_from: date | None = None
    cautions: tuple[Caution, ...] = ()
    fund: Fund | None = None
    reason_key: str | None = None
    reason_values: Mapping[str, int | str] = Field(default_factory=dict)
    next_steps: tuple[str, ...] | None = None
    traps: tuple[str, ...] = ()
    exemption: Exemption | None = None
    figures: tuple[Figure, ...] = ()
    notes: tuple[Reason, ...] = ()
    """Further reasons that apply alongside the deciding rule (R5: Mayotte's fund)."""


def caution(key: str, *sources: str) -> Caution:
    """A caution whose text is ``caution.<key>``."""
    return Caution(text_key=f"caution.{key}", source_ids=sources)
