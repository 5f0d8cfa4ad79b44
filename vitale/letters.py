"""The cover letter to the caisse (in French) and the bilingual 36 46 call script.

The letter's wording lives under ``letter.*`` in the text files: the French
catalog holds the letter itself, the English one a translation for
understanding, built from the same keys. Everything the user types is kept as
plain text: the letter is a tuple of lines, never markup.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from vitale.answers import Activity, Answers
from vitale.caisses import Caisse
from vitale.case import DocumentId
from vitale.documents import ChecklistItem, Format
from vitale.outcomes import Outcome
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
            self.body, "", *groups, self.closing, "", self.signature,
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


def script_steps(outcome: Outcome) -> tuple[str, ...]:
    """The steps of the 36 46 call that fit the route: no "where do I post it?" when nothing is posted."""
    if outcome.posted_with_letter:
        return SCRIPT_STEPS
    return IN_PERSON_STEPS if outcome.filed_in_person else OTHER_STEPS


def call_script(catalog: Catalog, outcome: Outcome) -> tuple[tuple[str, str], ...]:
    """The 36 46 call, step by step: (what to say in French, what it means in English)."""
    route_fr = catalog.text(Language.FR, f"letter.route.{outcome.value}")
    route_en = catalog.text(Language.EN, f"letter.route.{outcome.value}")
    return tuple(
        (
            catalog.text(Language.FR, f"script.{step}", route=route_fr),
            catalog.text(Language.EN, f"script.{step}", route=route_en),
        )
        for step in script_steps(outcome)
    )
