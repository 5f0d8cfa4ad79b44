"""The cover letter to the caisse (in French) and the bilingual 36 46 call script.

The letter's wording lives under ``letter.*`` in the text files: the French
catalog holds the letter itself, the English one a translation for
understanding, built from the same keys. Everything the user types is kept as
plain text: the letter is a tuple of lines, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict

from vitale.answers import Activity, Answers
from vitale.caisses import Caisse
from vitale.case import DocumentId
from vitale.documents import ChecklistItem, Format
from vitale.household import Member, Relation
from vitale.household_documents import PersonDocuments
from vitale.outcomes import Assessment, Exemption, Outcome
from vitale.sender import Civility, Sender
from vitale.text import Catalog, Language


class Letter(BaseModel):
    """A cover letter, in parts, so that the text and the PDF can lay it out as a French letter does:
    the writer's block on the left, the caisse's on the right, then place and date, subject, body, the
    enclosed originals and copies in two groups, closing and signature."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    place_date: str
    subject: str
    opening: str
    body: str
    listed: tuple[str, ...] = ()
    """People the letter is about, listed under the body (the children to attach)."""
    originals_heading: str
    originals: tuple[str, ...]
    copies_heading: str
    copies: tuple[str, ...]
    others_heading: str = ""
    others: tuple[str, ...] = ()
    """Documents issued by another body, sent as the caisse asks (the S1)."""
    closing: str
    signature: str

    def groups(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The enclosures: originals, photocopies, and documents sent as the caisse asks, with their headings."""
        return (
            (self.originals_heading, self.originals),
            (self.copies_heading, self.copies),
            (self.others_heading, self.others),
        )

    def lines(self) -> tuple[str, ...]:
        """The letter as plain text, one line each (the text file, and the page)."""
        groups: list[str] = []
        for heading, items in self.groups():
            if items:
                groups += [heading, *(f"- {item}" for item in items), ""]
        return (
            *self.sender, "", *self.recipient, "", self.place_date, "", self.subject, "", self.opening, "",
            self.body, *(f"- {person}" for person in self.listed), "", *groups, self.closing, "", self.signature,
        )  # fmt: skip


def enclosure_key(item: ChecklistItem, answers: Answers, assessment_exemption: str | None) -> str:
    """The text key of a document as its sender names it (« Copie de mon titre de séjour »): the
    document the person actually has, never the checklist's advice to the reader."""
    document = item.id
    if document is DocumentId.RESIDENCE_PERMIT and answers.residence_status is not None:
        return f"letter.enclosure.residence_permit_{answers.residence_status.value}"
    if document is DocumentId.WORK_PROOF:
        kind = answers.activity.value if answers.activity in {Activity.EMPLOYEE, Activity.SELF_EMPLOYED} else "other"
        return f"letter.enclosure.work_proof_{kind}"
    if document is DocumentId.FAMILY_LINK_PROOF and item.variant is not None:
        return f"letter.enclosure.family_link_proof_{item.variant}"
    if document is DocumentId.EXEMPTION_PROOF and assessment_exemption is not None:
        return f"letter.enclosure.exemption_proof_{assessment_exemption}"
    return f"letter.enclosure.{document.value}"


def cover_letter(
    catalog: Catalog,
    language: Language,
    sender: Sender,
    caisse: Caisse,
    outcome: Outcome,
    items: list[ChecklistItem],
    today: date,
    answers: Answers | None = None,
    exemption: str | None = None,
) -> Letter:
    """The letter: the forms enclosed in original, the documents in photocopy, each named as its sender
    would (``letter.enclosure.*``); the civility, if given, before the name and in « Né / Née le »."""

    def text(key: str, **values: object) -> str:
        return catalog.text(language, key, **values)

    route = text(f"letter.route.{outcome.value}")
    civility = text(f"letter.civility.{sender.civility.value}") if sender.civility is not Civility.NONE else ""
    name = f"{civility} {sender.full_name}".strip()
    born_key = {Civility.MR: "letter.born_m", Civility.MRS: "letter.born_f"}.get(sender.civility, "letter.born")
    address_lines = [line.strip() for line in sender.address.splitlines() if line.strip()]
    person = answers or Answers()
    named = [(item, text(enclosure_key(item, person, exemption))) for item in items]
    number = (
        [text("letter.social_security_number", number=sender.social_security_number)]
        if sender.social_security_number
        else []
    )
    born = text(born_key, date=catalog.format_date(language, sender.date_of_birth))
    phone = [text("letter.phone", phone=sender.phone)] if sender.phone else []
    return Letter(
        sender=(name, *address_lines, f"{sender.postal_code} {sender.city}", born, *number, *phone),
        recipient=caisse.envelope(),
        place_date=text("letter.place_date", city=sender.city, date=catalog.format_date(language, today)),
        subject=text("letter.subject", route=route),
        opening=text("letter.opening"),
        body=text("letter.body", route=route),
        originals_heading=text("letter.originals"),
        originals=tuple(label for item, label in named if item.format is Format.FORM),
        copies_heading=text("letter.copies"),
        copies=tuple(label for item, label in named if item.format in {Format.COPY, Format.IN_PERSON}),
        others_heading=text("letter.others"),
        others=tuple(label for item, label in named if item.format is Format.AS_ISSUED),
        closing=text("letter.closing"),
        signature=name,
    )


SCRIPT_STEPS = (
    "have_at_hand",
    "greeting",
    "situation",
    "ask_documents",
    "ask_copies",
    "ask_where",
    "ask_status",
    "spell_name",
    "thanks",
)
"""The call for a file posted to the caisse."""

IN_PERSON_STEPS = ("have_at_hand_in_person", "greeting", "situation", "ask_appointment", "ask_documents",
                   "spell_name", "thanks")  # fmt: skip
"""The call for a file handed in at a counter (AME): where and how to get an appointment, not where to post."""

OTHER_STEPS = ("have_at_hand_other", "greeting", "situation", "ask_documents", "spell_name", "thanks")
"""The call for a route with nothing to post (registered online, covered by another country, another fund…)."""


def script_steps_of(outcome: Outcome) -> tuple[str, ...]:
    """The steps for the route alone: no "where do I post it?" when nothing is posted."""
    if outcome.posted_with_letter:
        return SCRIPT_STEPS
    return IN_PERSON_STEPS if outcome.filed_in_person else OTHER_STEPS


def script_steps(
    outcome: Outcome, members: Sequence[Member] = (), child_route: Assessment | None = None
) -> tuple[str, ...]:
    """The steps of the 36 46 call that fit the route: no "where do I post it?" when nothing is posted; with
    a household, a question about the children — the one their route asks (``child_route``, a child's
    assessment: attachment by default) — and one about the partner's own file, before spelling one's name."""
    steps = script_steps_of(outcome)
    relations = {member.relation for member in members}
    household: list[str] = []
    if Relation.CHILD in relations and (child := child_step(child_route)) is not None:
        household.append(child)
    if Relation.PARTNER in relations:
        household.append("household.partner")
    at = steps.index("spell_name")
    return (*steps[:at], *household, *steps[at:])


def child_step(route: Assessment | None) -> str | None:
    """The call's question about the children, from a child's route: how to attach them (S3705), where to send
    an asylum seeker's children's S1106, how to register their S1, how to ask for their AME; none for a route
    the CPAM does not handle (a territory's own system, a foreign insurer)."""
    if route is None:
        return "household.child"
    kind = file_of_child(route)
    if kind is not None:
        return {
            FileKind.CHILDREN: "household.child",
            FileKind.CHILDREN_ASYLUM: "household.child_asylum",
            FileKind.CHILDREN_S1: "household.child_s1",
        }[kind]
    return "household.child_ame" if route.outcome is Outcome.AME else None


def call_script(
    catalog: Catalog, outcome: Outcome, members: Sequence[Member] = (), child_route: Assessment | None = None
) -> tuple[tuple[str, str], ...]:
    """The 36 46 call, step by step: (what to say in French, what it means in English)."""
    route_fr = catalog.text(Language.FR, f"letter.route.{outcome.value}")
    route_en = catalog.text(Language.EN, f"letter.route.{outcome.value}")
    return tuple(
        (
            catalog.text(Language.FR, f"script.{step}", route=route_fr),
            catalog.text(Language.EN, f"script.{step}", route=route_en),
        )
        for step in script_steps(outcome, members, child_route)
    )


# -- issue 15: one letter per file to send in the household ---------------------------------------------


class FileKind(StrEnum):
    """The files a household sends: the applicant's, the partner's own application, and the children's, written
    by the parent: their attachment request (to the parent's own caisse: F16620), the S1106 forms of an asylum
    seeker's children (covered at once, D160-2 II 1°; ameli 2025), the S1 forms of an S1 holder's children
    (one per family member: CLEISS)."""

    APPLICANT = "applicant"
    PARTNER = "partner"
    CHILDREN = "children"
    CHILDREN_ASYLUM = "children_asylum"
    CHILDREN_S1 = "children_s1"


CHILDREN_FILES: Final = (FileKind.CHILDREN, FileKind.CHILDREN_ASYLUM, FileKind.CHILDREN_S1)
"""The children's files, in the order they are shown."""


class FileLetter(BaseModel):
    """One file to send and its cover letter: whose file (member ids; none for the applicant's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FileKind
    member_ids: tuple[str, ...] = ()
    letter: Letter


def file_of_child(assessment: Assessment) -> FileKind | None:
    """The children's file a child's route puts them in, or None (AME is asked in person; a route elsewhere has
    its own file or none)."""
    if assessment.outcome is Outcome.CHILD_ATTACHED:
        return FileKind.CHILDREN
    if assessment.exemption is Exemption.ASYLUM_SEEKERS_CHILD:
        return FileKind.CHILDREN_ASYLUM
    if assessment.outcome is Outcome.S1_REGISTRATION:
        return FileKind.CHILDREN_S1
    return None


def children_in_file(people: Sequence[PersonDocuments], today: date, kind: FileKind) -> tuple[PersonDocuments, ...]:
    """The children of the household in the file ``kind`` now: those already in France (one who arrives later
    is in the file sent when they come to live with the parent)."""
    return tuple(
        person
        for person in people
        if person.member is not None
        and person.member.relation is Relation.CHILD
        and file_of_child(person.assessment) is kind
        and (person.arrives_later is None or person.arrives_later <= today)
    )


def household_letters(
    catalog: Catalog,
    language: Language,
    sender: Sender,
    caisse: Caisse,
    people: Sequence[PersonDocuments],
    today: date,
    day: date | None = None,
) -> tuple[FileLetter, ...]:
    """A letter for each file to post: the applicant's (dated ``day``, the day they may apply), each
    partner's own application (written as the partner: their full name if given, else their label), and
    the children's attachment request (written by the parent, one letter listing every child)."""
    letters: list[FileLetter] = []
    applicant = next(person for person in people if person.member is None)
    own = applicant.assessment
    if own.outcome.posted_with_letter:
        exemption = own.exemption.value if own.exemption else None
        letter = cover_letter(
            catalog, language, sender, caisse, own.outcome, list(applicant.items), day or today, applicant.answers,
            exemption,
        )  # fmt: skip
        letters.append(FileLetter(kind=FileKind.APPLICANT, letter=letter))
    for person in people:
        if person.member is None or person.member.relation is not Relation.PARTNER:
            continue
        if person.assessment.outcome.posted_with_letter:
            letters.append(_partner_letter(catalog, language, sender, caisse, person, today))
    for kind in CHILDREN_FILES:
        children = children_in_file(people, today, kind)
        if children:  # an asylum seeker's children are covered at once: their letter is not held back
            when = today if kind is FileKind.CHILDREN_ASYLUM else day or today
            letters.append(_children_letter(catalog, language, sender, caisse, children, when, kind))
    return tuple(letters)


def partner_sender(sender: Sender, partner: Member) -> Sender:
    """The partner as the writer of their own letter: their name, their date of birth, the household's address
    (no civility, no number, no phone: those typed are the applicant's)."""
    return Sender(
        full_name=partner.full_name or partner.label, address=sender.address, postal_code=sender.postal_code,
        city=sender.city, date_of_birth=partner.birth_date,
    )  # fmt: skip


def _partner_letter(
    catalog: Catalog, language: Language, sender: Sender, caisse: Caisse, person: PersonDocuments, today: date
) -> FileLetter:
    assert person.member is not None
    assessment = person.assessment
    exemption = assessment.exemption
    day = max(today, assessment.eligible_from or today)
    letter = cover_letter(
        catalog, language, partner_sender(sender, person.member), caisse, assessment.outcome, list(person.items),
        day, person.answers, exemption.value if exemption else None,
    )  # fmt: skip
    link = person.member.partner_link
    if exemption is Exemption.FAMILY_OF_INSURED and link is not None:
        joins = catalog.text(language, f"letter.household.joins_{link.value}", name=sender.full_name)
        letter = letter.model_copy(update={"body": f"{letter.body} {joins}"})
    return FileLetter(kind=FileKind.PARTNER, member_ids=(person.member.id,), letter=letter)


def _children_letter(
    catalog: Catalog,
    language: Language,
    sender: Sender,
    caisse: Caisse,
    children: Sequence[PersonDocuments],
    day: date,
    kind: FileKind = FileKind.CHILDREN,
) -> FileLetter:
    """The parent's letter for their children's file ``kind``, listing every child: to attach them, form S3705
    in original; for an asylum seeker's children, an S1106 per child and the parent's asylum seeker's
    certificate naming them; for an S1 holder's children, each child's S1 as issued. Each child's birth
    certificate (or the livret de famille) and its translation as copies."""
    prefix = {FileKind.CHILDREN: "", FileKind.CHILDREN_ASYLUM: "asylum.", FileKind.CHILDREN_S1: "s1."}[kind]

    def text(key: str, **values: object) -> str:
        return catalog.text(language, f"letter.household.{key}", **values)

    parent = cover_letter(catalog, language, sender, caisse, Outcome.CHILD_ATTACHED, [], day)
    number = "children" if len(children) > 1 else "child"
    named = [child.member for child in children if child.member is not None]
    copies: list[str] = [text(f"asylum.certificate_{number}")] if kind is FileKind.CHILDREN_ASYLUM else []
    for child in children:
        assert child.member is not None
        for item in child.items:
            if item.id is DocumentId.BIRTH_CERTIFICATE:
                copies.append(text("birth_certificate", name=child.member.label))
            elif item.id is DocumentId.BIRTH_CERTIFICATE_TRANSLATION:
                copies.append(text("birth_certificate_translation", name=child.member.label))
    listed = tuple(
        text("child_line", name=member.label, date=catalog.format_date(language, member.birth_date)) for member in named
    )
    originals_heading = parent.originals_heading
    if kind is FileKind.CHILDREN:
        originals: tuple[str, ...] = (catalog.text(language, "letter.enclosure.attachment_form"),)
    elif kind is FileKind.CHILDREN_ASYLUM:
        originals = tuple(text("asylum.form", name=member.label) for member in named)
    else:  # an S1 is sent as issued: whether the caisse keeps it is not said anywhere we could read (⚠)
        originals_heading = text("s1.enclosed")
        originals = tuple(text("s1.form", name=member.label) for member in named)
    letter = parent.model_copy(
        update={
            "subject": text(f"{prefix}subject_{number}"), "body": text(f"{prefix}body_{number}"), "listed": listed,
            "originals_heading": originals_heading, "originals": originals, "copies": tuple(copies), "others": (),
        }
    )  # fmt: skip
    ids = tuple(member.id for member in named)
    return FileLetter(kind=kind, member_ids=ids, letter=letter)
