"""Everything a person has entered, in one frozen object: the case (issue 12).

A :class:`Case` holds the questionnaire's answers, the documents ticked, the
postal code and commune chosen on the office page, the timeline's start, card
order and reached dates, and the letter's sender details. The UI keeps one
case per session (``ui/state.case()``); the case file is this same object
serialised (:mod:`vitale.casefile`). A case may hold dates the timeline will
refuse (a card before the application): the timeline, which needs the
order, says so under the field and projects without it
(:func:`vitale.timeline.usable_dates`), so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vitale.answers import MAX_HOUSEHOLD, MAX_INCOME_EUR, Answers
from vitale.household import MAX_MEMBERS, Member
from vitale.sender import Sender

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
PossibleDate = Annotated[date, Field(ge=EARLIEST, le=LATEST)]


class Milestone(StrEnum):
    """The steps of the journey a user can mark as reached, in order (domain.md §4)."""

    APPLICATION_SENT = "application_sent"
    TEMPORARY_NUMBER = "temporary_number"
    PERMANENT_NUMBER = "permanent_number"
    AMELI_ACCOUNT = "ameli_account"
    CARD_RECEIVED = "card_received"


MILESTONE_ORDER = tuple(Milestone)

YOUR_STEPS = frozenset({Milestone.APPLICATION_SENT})
"""Milestones the person reaches by acting (sending the file): they get a reminder, never a chase."""


class CardOrder(StrEnum):
    """How the card is ordered: in the ameli account, or on the paper form the caisse sends (F265)."""

    ONLINE = "online"
    PAPER = "paper"


class DocumentId(StrEnum):
    """The documents of the checklist (domain.md §3) a user can tick."""

    FORM_S1106 = "form_s1106"
    ID_DOCUMENT = "id_document"
    RESIDENCE_PERMIT = "residence_permit"
    WORK_PROOF = "work_proof"
    BIRTH_CERTIFICATE = "birth_certificate"
    BIRTH_CERTIFICATE_TRANSLATION = "birth_certificate_translation"
    RIB = "rib"
    PROOF_OF_ADDRESS = "proof_of_address"
    PROOF_OF_RESIDENCE_3_MONTHS = "proof_of_residence_3_months"
    S1_FORM = "s1_form"
    SCHOOL_CERTIFICATE = "school_certificate"
    AME_FORM = "ame_form"
    INCOME_PROOF = "income_proof"
    FAMILY_LINK_PROOF = "family_link_proof"
    EXEMPTION_PROOF = "exemption_proof"
    PENSION_PROOF = "pension_proof"
    ASYLUM_CERTIFICATE = "asylum_certificate"
    ATTACHMENT_FORM = "attachment_form"
    """Form S3705 (cerfa 14445*02): a parent asks their caisse to attach a child under 18 (F16620)."""


class Case(BaseModel):
    """What a person has entered across the app (one per session; the case file is this object)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answers: Answers = Answers()
    reached: Mapping[Milestone, PossibleDate] = Field(default_factory=dict)
    """The dates the user reached each milestone (in any order: the timeline checks the order)."""
    ticked: frozenset[DocumentId] = frozenset()
    postal_code: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    """The postal code looked up on the office page, normalised (``75011``)."""
    insee_code: Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$")] | None = None
    """The commune chosen when the postal code covers communes served by different caisses."""
    timeline_start: PossibleDate | None = None
    """The day the file was ready, from which the timeline is projected (``None``: today)."""
    card_order: CardOrder | None = None
    sender: Sender | None = None
    """The letter's sender details, as typed and validated on the dossier page."""
    members: Annotated[tuple[Member, ...], Field(max_length=MAX_MEMBERS)] = ()
    """The people moving with the applicant: a partner and children (issue 15), in the order added."""
    member_ticked: Mapping[str, frozenset[DocumentId]] = Field(default_factory=dict)
    """The documents ticked for each member, by member id (the applicant's are ``ticked``)."""
    c2s_household_size: Annotated[int, Field(ge=1, le=MAX_HOUSEHOLD)] | None = None
    """The household size entered for the C2S estimate on the care page (issue 16)."""
    c2s_income_eur: Annotated[int, Field(ge=0, le=MAX_INCOME_EUR)] | None = None
    """The household's resources over the last 12 months, entered for the C2S estimate (euros)."""
    c2s_applied_on: PossibleDate | None = None
    """The day the C2S was asked for: its follow-ups go in the calendar file (decision due, renewal)."""

    @field_validator("members")
    @classmethod
    def _unique_member_ids(cls, members: tuple[Member, ...]) -> tuple[Member, ...]:
        if len({member.id for member in members}) != len(members):
            raise ValueError("two members with the same id")
        return members

    @model_validator(mode="after")
    def _ticks_of_members(self) -> Case:
        if not set(self.member_ticked) <= {member.id for member in self.members}:
            raise ValueError("documents ticked for someone who is not in the household")
        return self

    def ticks_of(self, member_id: str | None) -> frozenset[DocumentId]:
        """The documents ticked for a member (``None``: the applicant)."""
        return self.ticked if member_id is None else self.member_ticked.get(member_id, frozenset())

    def with_ticks(self, member_id: str | None, ticks: frozenset[DocumentId]) -> dict[str, object]:
        """The change that sets one person's ticks (``None``: the applicant), for ``update_case(**…)``."""
        if member_id is None:
            return {"ticked": ticks}
        return {"member_ticked": {**self.member_ticked, member_id: ticks}}

    def without_member(self, member_id: str) -> Case:
        """The case with a member removed, and their ticks with them."""
        members = tuple(member for member in self.members if member.id != member_id)
        ticks = {key: value for key, value in self.member_ticked.items() if key != member_id}
        return self.model_copy(update={"members": members, "member_ticked": ticks})
