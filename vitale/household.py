"""The people moving with the applicant: a partner and children, each with their own route (issue 15).

Rules (read 2026-12-02 on the legal texts; sources in ``vitale/sources.toml``):

- **An adult is insured in their own right** (CSS L160-1; no adult "ayant droit" since the PUMa,
  F16622): a partner is assessed by the same rules as the applicant, on their own answers. A partner
  who joins or accompanies an insured person to settle in France is exempt from the 3-month wait
  (CSS D160-2 **II 3°**, "membres de la famille au sens de l'article L. 161-1": spouse, concubin, PACS
  partner) — when the applicant is insured in France (covered through work or stable residence now).
  A partner of an S1 holder is registered with that S1 as a family member (CLEISS).
- **A child under 18 is covered as the "ayant droit" of an insured parent** (CSS L160-2; until 18,
  D160-1), attached to one or both parents (L161-15-3, R161-8) with form cerfa 14445 (S3705) sent to
  the parent's own caisse, online or by post, with the livret de famille or the child's birth
  certificate (F16620, checked 13/11/2024): outcome ``child_attached``. The exceptions: the minor
  children of undocumented parents get AME at once, without the 3-month condition or the ceiling
  (ameli AME page; F3079); the minor children of asylum seekers are covered without delay
  (D160-2 II 1°; ameli 26/02/2025: form S1106); a child of an S1 holder is registered on an S1 too
  (CLEISS); a child of a parent with a territory's own system, Monaco, a foreign insurer or no cover
  follows that parent. No official text fixes when the cover of a child who arrives later starts:
  the request is made "lors de l'arrivée de l'enfant au foyer" (F16620) — said as advice.

:func:`assess_household` gives one :class:`~vitale.outcomes.Assessment` per member, in order, from
the same :class:`~vitale.outcomes.Outcome` enum. :func:`household_problems` says what is impossible
in the members as entered (a child born in the future, before the parent, or 18 or over).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vitale.answers import (
    FRANCE,
    Activity,
    Answers,
    Nationality,
    ResidenceStatus,
    Situation,
)
from vitale.dates import add_months
from vitale.eligibility import assess, assessment_of
from vitale.outcomes import (
    INSURED_IN_FRANCE,
    PARENT_ROUTES_FOR_ATTACHMENT,
    UNDOCUMENTED_ROUTES,
    Assessment,
    Decision,
    Exemption,
    Outcome,
    caution,
)
from vitale.rules import joining_an_insured_person

MAX_MEMBERS = 19
"""A household is at most 20 people (``answers.MAX_HOUSEHOLD``): the applicant and 19 others."""

MAX_LABEL = 40
"""A first name or a label (« Léa », « our son ») — nothing longer is needed."""

ADULT_AGE = 18


class Relation(StrEnum):
    """How a member is related to the applicant."""

    PARTNER = "partner"
    CHILD = "child"


class PartnerLink(StrEnum):
    """The partner's link (L161-1 1°: "le conjoint …, son concubin ou la personne … liée par un PACS")."""

    MARRIED = "married"
    PACS = "pacs"
    COHABITING = "cohabiting"


MEMBER_SITUATIONS = frozenset({Situation.S1, Situation.EHIC, Situation.BORN_IN_FRANCE})
"""The special situations a member can have that change their route or documents."""


class Member(BaseModel):
    """One person moving with the applicant; the answers fields left ``None`` are the applicant's.

    ``arrival_date`` ``None`` means "with the applicant". A partner's ``activity`` ``None`` means not
    asked yet; a child has no activity (children under 18 are covered as children, whatever they do).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=r"^m\d{1,3}$")] = "m1"
    """A short id, unique in the household, that stays when other members are removed (ticks, widgets)."""
    relation: Relation
    label: Annotated[str, Field(min_length=1, max_length=MAX_LABEL)]
    birth_date: Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]
    partner_link: PartnerLink | None = None
    activity: Activity | None = None
    nationality: Nationality | None = None
    residence_status: ResidenceStatus | None = None
    arrival_date: Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))] | None = None
    situations: frozenset[Situation] = frozenset()
    full_name: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    """A partner's full name as on their passport, for their own letter (dossier page); ``None``: the label."""
    birth_certificate_country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    """Where the member's birth certificate was issued (ISO alpha-2); ``None``: the applicant's."""
    birth_certificate_language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    """The language of the member's birth certificate (ISO 639-1); ``None``: the applicant's."""

    @field_validator("label")
    @classmethod
    def _printable_label(cls, value: str) -> str:
        """A label is shown and printed as typed: it is stripped, and refused if it holds control characters
        (a label is never markup: pages and letters escape it)."""
        value = value.strip()
        if not value or any(unicodedata.category(character).startswith("C") for character in value):
            raise ValueError("a label is a name: letters, digits, spaces and punctuation")
        return value

    @field_validator("full_name", mode="before")
    @classmethod
    def _one_line_name(cls, value: object) -> object:
        """One line of the letter, as typed: line breaks become spaces, control characters are dropped."""
        if not isinstance(value, str):
            return value
        kept = "".join(
            c for c in " ".join(value.splitlines()) if unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co"}
        )
        return kept.strip() or None

    @field_validator("situations")
    @classmethod
    def _member_situations(cls, value: frozenset[Situation]) -> frozenset[Situation]:
        if not value <= MEMBER_SITUATIONS:
            raise ValueError("a situation that does not apply to a member")
        return value

    def age_on(self, day: date) -> int:
        """Full years on ``day`` (negative if not born yet)."""
        years = day.year - self.birth_date.year
        return years - 1 if (day.month, day.day) < (self.birth_date.month, self.birth_date.day) else years


def next_member_id(members: Sequence[Member]) -> str:
    """An id no member has: one more than the largest in use."""
    used = [int(member.id[1:]) for member in members]
    return f"m{max(used, default=0) + 1}"


class MemberProblem(BaseModel):
    """What is impossible about one member as entered (a text key ``household.problem.<reason>``)."""

    model_config = ConfigDict(frozen=True)

    index: int
    reason: str

    @property
    def message_key(self) -> str:
        return f"household.problem.{self.reason}"


def household_problems(
    members: Sequence[Member], today: date, applicant_birth: date | None = None
) -> tuple[MemberProblem, ...]:
    """The impossible entries, by member: born in the future; a child 18 or over (an adult files their own
    application: add them as their own case); a child born before the applicant (when the applicant's birth
    date is known); more than :data:`MAX_MEMBERS` people; more than one partner."""
    problems: list[MemberProblem] = []
    partners = 0
    for index, member in enumerate(members):
        if index >= MAX_MEMBERS:
            problems.append(MemberProblem(index=index, reason="too_many"))
            break
        if member.birth_date > today:
            problems.append(MemberProblem(index=index, reason="born_in_future"))
        elif member.relation is Relation.CHILD and member.age_on(today) >= ADULT_AGE:
            problems.append(MemberProblem(index=index, reason="child_adult"))
        elif member.relation is Relation.CHILD and applicant_birth is not None and member.birth_date <= applicant_birth:
            problems.append(MemberProblem(index=index, reason="child_before_parent"))
        if member.relation is Relation.PARTNER:
            partners += 1
            if partners > 1:
                problems.append(MemberProblem(index=index, reason="second_partner"))
    return tuple(problems)


def partner_answers(applicant: Answers, partner: Member, applicant_outcome: Outcome) -> Answers:
    """The partner's own answers: where the household lives is the applicant's; what the partner did not
    answer is the applicant's; joining an insured person is added when the applicant is insured in France
    and the partner does not work (D160-2 II 3°)."""
    situations = set(partner.situations)
    if applicant_outcome in INSURED_IN_FRANCE:
        situations |= joining_an_insured_person()
    if applicant_outcome is Outcome.S1_REGISTRATION and partner.activity not in {Activity.EMPLOYEE}:
        situations.add(Situation.S1)  # registered as a family member on the S1 holder's form (CLEISS)
    nationality = partner.nationality or applicant.nationality
    needs_status = nationality in {Nationality.OTHER, Nationality.UK_FROM_2021}
    return Answers(
        territory=applicant.territory,
        main_home=applicant.main_home,
        activity=partner.activity or Activity.NONE,
        pension_from=applicant.pension_from if partner.activity is Activity.RETIRED else None,
        work_country=applicant.work_country if partner.activity is Activity.FRONTIER_WORKER else None,
        nationality=nationality,
        residence_status=(partner.residence_status or applicant.residence_status) if needs_status else None,
        arrival_date=partner.arrival_date or applicant.arrival_date,
        situations=frozenset(situations),
        household_size=applicant.household_size,
        annual_income_eur=applicant.annual_income_eur,
    )


def child_answers(applicant: Answers, child: Member) -> Answers:
    """A child's answers for the rules: the applicant's place, status and income, no activity, under 18."""
    return applicant.model_copy(
        update={
            "activity": Activity.NONE,
            "pension_from": None,
            "work_country": None,
            "nationality": child.nationality or applicant.nationality,
            "arrival_date": child.arrival_date or applicant.arrival_date,
            "situations": frozenset({Situation.UNDER_18, *child.situations}),
        }
    )


def child_decision(applicant: Answers, parent: Assessment, child: Member, today: date) -> Decision:
    """How a child under 18 is covered, from the parent's route (module docstring)."""
    arrives_later = child.arrival_date is not None and child.arrival_date > today
    later = (caution("child_arriving_later", "F16620"),) if arrives_later else ()
    asylum_seeker = applicant.residence_status is ResidenceStatus.ASYLUM_SEEKER and not applicant.is_eea_like
    if applicant.territory in FRANCE and asylum_seeker:  # before AME: an asylum seeker waiting gets urgent care only
        return Decision(
            outcome=Outcome.PUMA_RESIDENCE, rule="H4", sources=("css_d160_2", "ameli_asylum_2025"),
            exemption=Exemption.ASYLUM_SEEKERS_CHILD,
            reason_key="household.reason.child_of_asylum_seeker", next_steps=("child_asylum_s1106", "find_caisse"),
            cautions=later,
        )  # fmt: skip
    if applicant.territory in FRANCE and (
        parent.outcome in UNDOCUMENTED_ROUTES
        or (applicant.residence_status is ResidenceStatus.NONE and not applicant.is_eea_like)
    ):
        return Decision(
            outcome=Outcome.AME, rule="H2", sources=("ameli_ame", "F3079"), reason_key="household.reason.child_ame",
            next_steps=("child_ame", "ame_where"), cautions=later,
        )  # fmt: skip
    if applicant.territory not in FRANCE or parent.outcome not in {
        *PARENT_ROUTES_FOR_ATTACHMENT,
        *UNDOCUMENTED_ROUTES,
        Outcome.S1_REGISTRATION,
    }:
        steps = tuple(step.removeprefix("next.") for step in parent.next_steps)
        return Decision(
            outcome=parent.outcome, rule="H3", sources=parent.reasons[0].source_ids, fund=parent.fund,
            reason_key="household.reason.child_follows", next_steps=steps,
        )  # fmt: skip
    if parent.outcome is Outcome.S1_REGISTRATION:
        return Decision(
            outcome=Outcome.S1_REGISTRATION, rule="H5", sources=("cleiss_ayants_droit",),
            reason_key="household.reason.child_on_s1", next_steps=("child_s1",), cautions=later,
        )  # fmt: skip
    starts = max(day for day in (parent.eligible_from, child.arrival_date if arrives_later else None, today) if day)
    return Decision(
        outcome=Outcome.CHILD_ATTACHED, rule="H1", sources=("css_l160_2", "F16620", "css_r161_8"),
        eligible_from=starts if starts > today else None, fund=parent.fund,
        reason_key="household.reason.child_attached", next_steps=("child_attach", "child_attach_both"),
        cautions=(caution("child_card_age", "F265", "css_r161_33_2"), *later),
    )  # fmt: skip


def assess_household(applicant: Answers, members: Sequence[Member], today: date) -> tuple[Assessment, ...]:
    """One assessment per member, in order: a partner by the rules on their own answers (:func:`partner_answers`),
    a child through the parent's route (:func:`child_decision`)."""
    parent = assess(applicant, today)
    assessments: list[Assessment] = []
    for member in members:
        if member.relation is Relation.PARTNER:
            assessment = assess(partner_answers(applicant, member, parent.outcome), today)
            if Situation.EHIC in member.situations:  # temporary stays only (CLEISS; ameli, inactive EU citizens)
                extra = caution("partner_ehic", "cleiss_inactifs", "F34308")
                assessment = assessment.model_copy(update={"cautions": (*assessment.cautions, extra)})
            assessments.append(assessment)
        else:
            answers = child_answers(applicant, member)
            assessments.append(assessment_of(child_decision(applicant, parent, member, today), answers))
    return tuple(assessments)


def turns_adult_on(member: Member) -> date:
    """The day a child turns 18: the attachment to a parent ends (D160-1)."""
    return add_months(member.birth_date, 12 * ADULT_AGE)
