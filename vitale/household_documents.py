"""The documents of each person of the household, grouped by person: the applicant first, then each member
(issue 15).

Rules (sources in ``vitale/sources.toml``):

- **The applicant**: :func:`vitale.documents.checklist` on their answers, as before.
- **A partner** files their own application (no adult "ayant droit" since the PUMa): the checklist of
  their own route (:func:`vitale.household.partner_answers`). When they join an insured person (D160-2
  II 3°), the proof of the family link is the one of their link: a marriage certificate, the PACS
  certificate, or — for a cohabiting partner — proof of living together or a sworn statement: that last list
  is only in secondary sources, so it is said as advice ⚠ ("ask your caisse").
- **A child attached to an insured parent** (``child_attached``): form S3705 (cerfa 14445*02), sent by the
  parent to their own caisse, with the child's birth certificate naming the parents, or the livret de
  famille (F16620, checked 13/11/2024). The birth certificate follows the applicant's translation rules.
  One form for all the children: its title is "Demande de rattachement des enfants…" (F16620) and a Paris
  health centre's guide says it has a line for each child — a secondary source, so said as advice ⚠.
- **A child on AME** (undocumented parents): the AME form, an identity document, the birth certificate
  naming the parents and an address, handed in in person — no proof of 3 months' residence nor of income,
  since a minor gets AME without either (ameli AME page; F3079).
- **A child of an asylum seeker**: form S1106 with the parent's asylum seeker's certificate naming the child
  (ameli 2025) and the birth certificate.
- **A child of an S1 holder**: an S1 of their own (one per family member) and the birth certificate (CLEISS).
- **A child who follows the parent's route elsewhere** (a territory's own system, a foreign insurer…): the
  documents of that route, if it has a file, else none.

A member's birth certificate is described by their own country and language, or the applicant's when the
member has none (a family's certificates usually come from the same registry).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from vitale.answers import Answers, ResidenceStatus
from vitale.case import DocumentId
from vitale.documents import ChecklistItem, Format, checklist, item_of, with_translation
from vitale.eligibility import assess
from vitale.household import Member, PartnerLink, Relation, assess_household, child_answers, partner_answers
from vitale.outcomes import Assessment, Outcome

D = DocumentId

FAMILY_LINK_SOURCES = {
    PartnerLink.MARRIED: ("css_d160_2", "F34308"),
    PartnerLink.PACS: ("css_d160_2", "F34308"),
    PartnerLink.COHABITING: ("css_d160_2", "ftda_d160_2"),
}
"""Marriage and PACS are named by the text (L161-1, D160-2 II 3°); what proves living together is only
in secondary sources (low confidence), hence the advice to ask the caisse."""


class PersonDocuments(BaseModel):
    """One person's documents: who (``member`` ``None`` is the applicant), their route, their list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    member: Member | None
    assessment: Assessment
    answers: Answers
    """The answers the rules used for this person (the partner's own, the child's)."""
    items: tuple[ChecklistItem, ...]

    @property
    def member_id(self) -> str | None:
        return None if self.member is None else self.member.id

    @property
    def arrives_later(self) -> date | None:
        """The day a member who is not yet in France arrives (``None``: with the applicant)."""
        return None if self.member is None else self.member.arrival_date


def household_documents(applicant: Answers, members: Sequence[Member], today: date) -> tuple[PersonDocuments, ...]:
    """The applicant's documents, then each member's, in the order the members were added."""
    own = assess(applicant, today)
    people = [PersonDocuments(member=None, assessment=own, answers=applicant, items=tuple(checklist(applicant, own)))]
    for member, assessment in zip(members, assess_household(applicant, members, today), strict=True):
        if member.relation is Relation.PARTNER:
            answers = _with_birth_certificate(partner_answers(applicant, member, own.outcome), member, applicant)
            items = partner_checklist(answers, assessment, member.partner_link)
        else:
            answers = _with_birth_certificate(child_answers(applicant, member), member, applicant)
            items = child_checklist(answers, assessment)
        people.append(PersonDocuments(member=member, assessment=assessment, answers=answers, items=tuple(items)))
    return tuple(people)


def _with_birth_certificate(answers: Answers, member: Member, applicant: Answers) -> Answers:
    country = member.birth_certificate_country or applicant.birth_certificate_country
    language = member.birth_certificate_language or (
        applicant.birth_certificate_language if country == applicant.birth_certificate_country else None
    )
    return answers.model_copy(update={"birth_certificate_country": country, "birth_certificate_language": language})


def partner_checklist(answers: Answers, assessment: Assessment, link: PartnerLink | None) -> list[ChecklistItem]:
    """The partner's own route's documents; the family-link proof is the one of their link."""
    items = checklist(answers, assessment)
    if link is None:
        return items
    return [
        item.model_copy(
            update={
                "note_keys": (*item.note_keys, f"document.family_link_proof.{link.value}"),
                "source_ids": FAMILY_LINK_SOURCES[link],
                "variant": link.value,
            }
        )
        if item.id is D.FAMILY_LINK_PROOF
        else item
        for item in items
    ]


def child_checklist(answers: Answers, assessment: Assessment) -> list[ChecklistItem]:
    """A child's documents, by the route the child's assessment gives (module docstring)."""
    outcome = assessment.outcome
    ids: tuple[DocumentId, ...]
    if outcome is Outcome.CHILD_ATTACHED:
        ids = (D.ATTACHMENT_FORM, D.BIRTH_CERTIFICATE)
        note = "document.birth_certificate.child_attached"
    elif outcome is Outcome.AME:
        ids = (D.AME_FORM, D.ID_DOCUMENT, D.BIRTH_CERTIFICATE, D.PROOF_OF_ADDRESS)
        note = "document.birth_certificate.child"
    elif outcome is Outcome.S1_REGISTRATION:
        ids = (D.S1_FORM, D.BIRTH_CERTIFICATE)
        note = "document.birth_certificate.child"
    elif outcome is Outcome.PUMA_RESIDENCE and answers.residence_status is ResidenceStatus.ASYLUM_SEEKER:
        ids = (D.FORM_S1106, D.ASYLUM_CERTIFICATE, D.BIRTH_CERTIFICATE)
        note = "document.birth_certificate.child"
    else:
        return checklist(answers, assessment)  # the parent's route elsewhere: its own file, or none
    items: list[ChecklistItem] = []
    for document in ids:
        item = item_of(document, assessment, answers)
        if document is D.BIRTH_CERTIFICATE:
            child = item.model_copy(
                update={"note_keys": (note,), "variant": "child", "source_ids": (*_child_sources(outcome), "F16467")}
            )
            items += with_translation(child, answers)
            continue
        if document is D.ASYLUM_CERTIFICATE:
            item = item.model_copy(update={"note_keys": ("document.asylum_certificate.child",)})
        elif document is D.ATTACHMENT_FORM:  # one form for all: the form's own title, and a secondary guide (⚠)
            item = item.model_copy(
                update={"note_keys": (*item.note_keys, "document.attachment_form.one_for_all"),
                        "source_ids": (*item.source_ids, "sante_pratique_paris_attachment")}
            )  # fmt: skip
        elif document is D.S1_FORM:
            item = item.model_copy(
                update={"note_keys": ("document.s1_form.child", "document.s1_form.which_copy"),
                        "source_ids": ("cleiss_ayants_droit",), "format": Format.AS_ISSUED}
            )  # fmt: skip
        elif document is D.ID_DOCUMENT:
            item = item.model_copy(update={"note_keys": ("document.id_document.child",)})
        items.append(item)
    return items


def _child_sources(outcome: Outcome) -> tuple[str, ...]:
    return {
        Outcome.CHILD_ATTACHED: ("F16620",),
        Outcome.AME: ("ameli_ame",),
        Outcome.S1_REGISTRATION: ("cleiss_ayants_droit",),
    }.get(outcome, ("ameli_asylum_2025",))
