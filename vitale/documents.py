"""The documents to gather, personalised: ``checklist(answers, assessment)`` (domain.md §3).

Rules:

* Always send **photocopies** and keep the originals (ameli 2025); a form is
  filled in and signed (the original); AME is applied for in person, with
  originals and copies.
* What each route needs follows domain.md §3's table (employee,
  self-employed, non-working resident, S1, frontier worker, student, AME).
* Non-EEA nationals add their residence permit; EU/EEA/Swiss never do.
* Someone born in France already has a number: no birth certificate.
* Civil-status rule for people born abroad: a full copy or extract naming the
  parents; **no translation** when issued in the EEA or Switzerland or written
  in French; otherwise a sworn or consular translation (F16467, F12956); the
  "usually accepted" languages are only a soft hint to confirm with the caisse
  (FEI guide); apostille/legalisation only as a warning for non-EEA documents.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from vitale.answers import NEEDS_PERMIT, Activity, Answers, Nationality, PensionFrom, ResidenceStatus, Situation
from vitale.case import DocumentId
from vitale.countries import TranslationNeed, load_countries, load_languages, translation_need
from vitale.outcomes import Assessment, Exemption, Outcome

D = DocumentId


class Format(StrEnum):
    """What to hand over: a photocopy, the filled-in form itself, or originals shown in person."""

    COPY = "copy"
    FORM = "form"
    IN_PERSON = "in_person"
    AS_ISSUED = "as_issued"
    """A document issued by another body whose original-or-copy rule we could not confirm (the S1): ask."""


class Group(StrEnum):
    """How the printable list is grouped: what to gather, in the order one gathers it."""

    FORMS = "forms"
    IDENTITY = "identity"
    CIVIL_STATUS = "civil_status"
    SITUATION = "situation"
    ADDRESS_AND_BANK = "address_and_bank"


class ChecklistItem(BaseModel):
    """One document: ``document.<id>.title`` / ``.why`` texts, format, translation advice, sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: DocumentId
    group: Group
    format: Format
    translation: TranslationNeed | None = None
    translation_known: bool = True
    apostille_warning: bool = False
    note_keys: tuple[str, ...] = ()
    """Advice for this person's route, e.g. what AME asks since décret 2026-67 (``document.<id>.<note>``)."""
    source_ids: tuple[str, ...]
    variant: str | None = None
    """Which kind of this document the person has, when the letter names it differently (a partner's
    family-link proof: ``married``, ``pacs``, ``cohabiting``; a child's birth certificate: ``child``)."""

    def text_keys(self, part: str) -> tuple[str, ...]:
        """The text keys of ``part`` (``title`` or ``why``), the variant's first (``document.<id>.<part>_<variant>``:
        a child's birth certificate is not "your" birth certificate)."""
        base = f"document.{self.id.value}.{part}"
        return (f"{base}_{self.variant}", base) if self.variant else (base,)


_GROUP = {
    D.FORM_S1106: Group.FORMS, D.AME_FORM: Group.FORMS, D.S1_FORM: Group.FORMS, D.ATTACHMENT_FORM: Group.FORMS,
    D.ID_DOCUMENT: Group.IDENTITY, D.RESIDENCE_PERMIT: Group.IDENTITY,
    D.BIRTH_CERTIFICATE: Group.CIVIL_STATUS, D.BIRTH_CERTIFICATE_TRANSLATION: Group.CIVIL_STATUS,
    D.WORK_PROOF: Group.SITUATION, D.SCHOOL_CERTIFICATE: Group.SITUATION,
    D.PROOF_OF_RESIDENCE_3_MONTHS: Group.SITUATION, D.INCOME_PROOF: Group.SITUATION,
    D.FAMILY_LINK_PROOF: Group.SITUATION, D.EXEMPTION_PROOF: Group.SITUATION, D.PENSION_PROOF: Group.SITUATION,
    D.ASYLUM_CERTIFICATE: Group.IDENTITY,
    D.PROOF_OF_ADDRESS: Group.ADDRESS_AND_BANK, D.RIB: Group.ADDRESS_AND_BANK,
}  # fmt: skip

_SOURCES = {
    D.FORM_S1106: ("F34308",),
    D.AME_FORM: ("F3079",),
    D.S1_FORM: ("cleiss_retraite_ue",),
    D.BIRTH_CERTIFICATE: ("F16467", "fei_guide_2023"),
    D.BIRTH_CERTIFICATE_TRANSLATION: ("F16467", "F12956", "fei_guide_2023"),
    D.PROOF_OF_ADDRESS: ("F33052",),
    D.SCHOOL_CERTIFICATE: ("F675",),
    D.INCOME_PROOF: ("F3079",),
    D.PENSION_PROOF: ("reg_883_2004", "F34308"),
    D.ASYLUM_CERTIFICATE: ("F32454", "ameli_asylum_2025"),
    D.ATTACHMENT_FORM: ("F16620", "css_r161_8"),
}
_DEFAULT_SOURCES = ("ameli_documents_2025", "F34308")

_ROUTE: dict[Outcome, tuple[DocumentId, ...]] = {
    Outcome.PUMA_WORK: (D.FORM_S1106, D.ID_DOCUMENT, D.RESIDENCE_PERMIT, D.WORK_PROOF, D.BIRTH_CERTIFICATE, D.RIB),
    Outcome.MSA: (D.ID_DOCUMENT, D.RESIDENCE_PERMIT, D.WORK_PROOF, D.BIRTH_CERTIFICATE, D.RIB),
    Outcome.PUMA_RESIDENCE: (
        D.FORM_S1106, D.ID_DOCUMENT, D.RESIDENCE_PERMIT, D.PROOF_OF_RESIDENCE_3_MONTHS, D.PROOF_OF_ADDRESS,
        D.BIRTH_CERTIFICATE, D.RIB,
    ),
    Outcome.CASE_BY_CASE: (
        D.FORM_S1106, D.ID_DOCUMENT, D.PROOF_OF_RESIDENCE_3_MONTHS, D.PROOF_OF_ADDRESS, D.INCOME_PROOF,
        D.BIRTH_CERTIFICATE, D.RIB,
    ),
    Outcome.S1_REGISTRATION: (D.S1_FORM, D.FORM_S1106, D.ID_DOCUMENT, D.BIRTH_CERTIFICATE, D.PROOF_OF_ADDRESS, D.RIB),
    Outcome.STUDENT_ONLINE: (D.ID_DOCUMENT, D.RESIDENCE_PERMIT, D.SCHOOL_CERTIFICATE, D.BIRTH_CERTIFICATE, D.RIB),
    Outcome.CONVENTION_QUEBEC: (D.ID_DOCUMENT, D.RESIDENCE_PERMIT, D.SCHOOL_CERTIFICATE, D.BIRTH_CERTIFICATE, D.RIB),
    Outcome.AME: (D.AME_FORM, D.ID_DOCUMENT, D.PROOF_OF_RESIDENCE_3_MONTHS, D.INCOME_PROOF, D.PROOF_OF_ADDRESS),
}  # fmt: skip
"""The documents of each route (domain.md §3 table); outcomes not listed have no file to send."""
_ROUTE[Outcome.PUMA_RESIDENCE_WAIT] = _ROUTE[Outcome.PUMA_RESIDENCE]


OFFICIAL_FORM_PAGES = {
    D.FORM_S1106: "F34308", D.AME_FORM: "F3079", D.S1_FORM: "cleiss_retraite_ue", D.ATTACHMENT_FORM: "F16620",
}  # fmt: skip
"""The official page (a source id) that gives each form or explains how to get it: a link, never a copy of ours."""


def route_needs_documents(outcome: Outcome) -> bool:
    """Whether this route has a file of documents to gather."""
    return outcome in _ROUTE


def route_needs_birth_certificate(outcome: Outcome) -> bool:
    """Whether this route's file includes a birth certificate (people born abroad)."""
    return DocumentId.BIRTH_CERTIFICATE in _ROUTE.get(outcome, ())


_AME_NOTES = {
    D.ID_DOCUMENT: "document.id_document.ame",
    D.PROOF_OF_RESIDENCE_3_MONTHS: "document.proof_of_residence_3_months.ame",
    D.INCOME_PROOF: "document.income_proof.ame",
    D.PROOF_OF_ADDRESS: "document.proof_of_address.ame",
}
"""What AME asks since décret n° 2026-67 (photo ID, bills under 12 months incl. internet or landline,
the tax "avis de situation déclarative", the host's sworn statement): ⚠ read on a copy of the Journal officiel."""


def checklist(answers: Answers, assessment: Assessment) -> list[ChecklistItem]:
    """The documents this person should gather, in the order of the printable list."""
    ids: list[DocumentId] = list(_ROUTE.get(assessment.outcome, ()))
    if assessment.outcome is Outcome.S1_REGISTRATION and answers.activity is Activity.FRONTIER_WORKER:
        ids = [D.S1_FORM, D.ID_DOCUMENT, D.PROOF_OF_ADDRESS, D.BIRTH_CERTIFICATE]  # the S1 of the country of work
    if answers.nationality not in NEEDS_PERMIT:
        ids = [i for i in ids if i is not D.RESIDENCE_PERMIT]
    if answers.residence_status is ResidenceStatus.ASYLUM_SEEKER:  # the asylum seeker's certificate, not a permit
        ids = [D.ASYLUM_CERTIFICATE if i is D.RESIDENCE_PERMIT else i for i in ids]
    if answers.activity is Activity.RETIRED and answers.pension_from is PensionFrom.FRANCE:
        # a French pension, not three months of residence, is what this file rests on (R8b)
        ids = [D.PENSION_PROOF if i is D.PROOF_OF_RESIDENCE_3_MONTHS else i for i in ids]
    if answers.has(Situation.BORN_IN_FRANCE):
        ids = [i for i in ids if i is not D.BIRTH_CERTIFICATE]
    exempt = assessment.exemption is not None and assessment.outcome is Outcome.PUMA_RESIDENCE
    if exempt:
        ids = [i for i in ids if i is not D.PROOF_OF_RESIDENCE_3_MONTHS]
        ids.append(D.EXEMPTION_PROOF)
        if assessment.exemption is Exemption.FAMILY_OF_INSURED:
            ids.append(D.FAMILY_LINK_PROOF)

    items: list[ChecklistItem] = []
    for document in ids:
        item = _item(document, assessment, answers)
        if document is D.BIRTH_CERTIFICATE:
            item, translation = _with_translation(item, answers)
            items.append(item)
            if translation is not None:
                items.append(translation)
            continue
        if document is D.S1_FORM:
            # Original or copy? No official text says (Sénat answer of 20/07/2023: the S1 is issued filled in by
            # the competent institution): the person is told to ask, never told to keep or send the original.
            pension = answers.pension_from is PensionFrom.EEA_SWISS_UK
            notes = (
                ("document.s1_form.pension", "document.s1_form.which_copy")
                if pension
                else ("document.s1_form.which_copy",)
            )
            sources = ("cleiss_retraite_ue", "reg_883_2004") if pension else item.source_ids
            item = item.model_copy(update={"note_keys": notes, "source_ids": sources, "format": Format.AS_ISSUED})
        items.append(item)
    return sorted(items, key=lambda i: list(Group).index(i.group))


def item_of(document: DocumentId, assessment: Assessment, answers: Answers) -> ChecklistItem:
    """One document of this route as :func:`checklist` lists it (its group, format, advice and sources)."""
    return _item(document, assessment, answers)


def with_translation(item: ChecklistItem, answers: Answers) -> list[ChecklistItem]:
    """A birth certificate with its translation advice, then the translation when one is needed."""
    advice, translation = _with_translation(item, answers)
    return [advice] if translation is None else [advice, translation]


def _item(document: DocumentId, assessment: Assessment, answers: Answers) -> ChecklistItem:
    outcome = assessment.outcome
    if outcome.filed_in_person:  # AME: everything, the form included, is handed in at the counter
        fmt = Format.IN_PERSON
    elif document in {D.FORM_S1106, D.AME_FORM, D.ATTACHMENT_FORM}:
        fmt = Format.FORM
    else:
        fmt = Format.COPY
    sources = _SOURCES.get(document, _DEFAULT_SOURCES)
    notes: tuple[str, ...] = ()
    if outcome is Outcome.AME and document in _AME_NOTES:
        notes, sources = (_AME_NOTES[document],), (*sources, "decret_2026_67")
    elif document is D.EXEMPTION_PROOF and assessment.exemption is not None:
        notes, sources = (f"document.exemption_proof.{assessment.exemption.value}",), ("css_d160_2", "F34308")
    elif document is D.FORM_S1106 and answers.activity in {Activity.EMPLOYEE, Activity.FARM_WORKER}:
        notes = ("document.form_s1106.employer",)  # only an employee's employer may start it
    return ChecklistItem(id=document, group=_GROUP[document], format=fmt, source_ids=sources, note_keys=notes)


def _with_translation(item: ChecklistItem, answers: Answers) -> tuple[ChecklistItem, ChecklistItem | None]:
    """Attach the translation advice to the birth certificate; add the translation item when one is needed."""
    country, language = answers.birth_certificate_country, answers.birth_certificate_language
    countries = load_countries()
    if answers.nationality is Nationality.FRENCH or answers.has(Situation.BORN_IN_FRANCE):
        # French nationals born abroad get their civil-status documents from the French registry, in French.
        return item.model_copy(update={"translation": TranslationNeed.NONE_FRENCH}), None
    if country is not None and country in countries and countries[country].eea:
        return item.model_copy(update={"translation": TranslationNeed.NONE_EEA}), None
    if country is None or language is None:
        advice = item.model_copy(update={"translation_known": False, "apostille_warning": True})
        return advice, None  # the questions decide; until then the page explains the rule
    need = translation_need(country, language, countries, load_languages())
    advice = item.model_copy(update={"translation": need, "translation_known": country in countries,
                                     "apostille_warning": True})  # fmt: skip
    if need is TranslationNeed.SWORN_TRANSLATION:
        translation = ChecklistItem(
            id=D.BIRTH_CERTIFICATE_TRANSLATION,
            group=Group.CIVIL_STATUS,
            format=Format.COPY,
            translation=need,
            source_ids=_SOURCES[D.BIRTH_CERTIFICATE_TRANSLATION],
        )
        return advice, translation
    return advice, None  # none needed, or "usually accepted": a soft hint on the certificate itself
