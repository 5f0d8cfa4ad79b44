"""Each household member's documents, letters and call (issue 15)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from vitale.answers import Answers
from vitale.case import Case
from vitale.case import DocumentId as D
from vitale.casefile import CaseFileError, dumps, loads
from vitale.countries import TranslationNeed
from vitale.household import Member, PartnerLink, Relation
from vitale.household_documents import PersonDocuments, household_documents
from vitale.letters import FileKind, FileLetter, call_script, household_letters, script_steps
from vitale.offices import lookup
from vitale.outcomes import Exemption, Outcome
from vitale.printable import household_checklist_pdf, household_sections, item_text, letter_pdf
from vitale.rules import text_figures
from vitale.sender import Sender
from vitale.sources import registry
from vitale.text import Language, load_catalog

TODAY = date(2026, 12, 2)
CATALOG = load_catalog().with_figures(text_figures(TODAY))
EMPLOYEE = Answers.model_validate(
    {
        "territory": "metropole", "main_home": "yes", "activity": "employee", "nationality": "other",
        "residence_status": "permit", "situations": frozenset(), "arrival_date": date(2026, 10, 1),
        "birth_certificate_country": "IN", "birth_certificate_language": "hi",
    }
)  # fmt: skip
SENDER = Sender(full_name="Ana Souza", address="12 rue de la Paix", postal_code="75011", city="Paris",
                date_of_birth=date(1985, 1, 1))  # fmt: skip
CAISSE = lookup("75011").caisses[0]


def partner(**fields: object) -> Member:
    return Member.model_validate({"id": "m1", "relation": "partner", "label": "Léa", "birth_date": date(1990, 1, 1)}
                                 | fields)  # fmt: skip


def child(member_id: str = "m2", label: str = "Sam", **fields: object) -> Member:
    base = {"id": member_id, "relation": "child", "label": label, "birth_date": date(2018, 1, 1)}
    return Member.model_validate(base | fields)


def person(applicant: Answers, member: Member) -> PersonDocuments:
    return household_documents(applicant, [member], TODAY)[1]


def _changed(**fields: object) -> Answers:
    return Answers.model_validate(EMPLOYEE.model_dump() | fields)


def ids(documents: PersonDocuments) -> list[D]:
    return [item.id for item in documents.items]


# -- documents per route ----------------------------------------------------------------------------------


def test_the_applicant_comes_first_then_each_member_in_the_order_added() -> None:
    people = household_documents(EMPLOYEE, [partner(), child()], TODAY)
    assert [p.member_id for p in people] == [None, "m1", "m2"]
    assert D.FORM_S1106 in ids(people[0])


def test_a_working_partner_sends_their_own_work_file_and_no_family_link_proof() -> None:
    documents = person(EMPLOYEE, partner(activity="employee", partner_link="married"))
    assert documents.assessment.outcome is Outcome.PUMA_WORK
    assert D.WORK_PROOF in ids(documents)
    assert D.FAMILY_LINK_PROOF not in ids(documents)


@pytest.mark.parametrize("link", list(PartnerLink))
def test_a_partner_not_working_joining_an_insured_person_proves_the_link_they_have(link: PartnerLink) -> None:
    documents = person(EMPLOYEE, partner(partner_link=link))
    assert documents.assessment.exemption is Exemption.FAMILY_OF_INSURED
    [proof] = [item for item in documents.items if item.id is D.FAMILY_LINK_PROOF]
    assert proof.variant == link.value
    assert f"document.family_link_proof.{link.value}" in proof.note_keys
    assert set(proof.source_ids) <= set(registry())
    for language in Language:
        assert CATALOG.has(f"document.family_link_proof.{link.value}")
        assert CATALOG.text(language, f"letter.enclosure.family_link_proof_{link.value}")


def test_a_cohabiting_partner_s_proof_is_advice_to_check_with_the_caisse() -> None:
    assert CATALOG.text(Language.EN, "document.family_link_proof.cohabiting").startswith("⚠")
    assert "Ask your caisse" in CATALOG.text(Language.EN, "document.family_link_proof.cohabiting")


def test_a_european_partner_with_an_ehic_sends_no_residence_permit() -> None:
    documents = person(EMPLOYEE, partner(nationality="eu_eea_swiss", situations=frozenset({"ehic"})))
    assert documents.items
    assert D.RESIDENCE_PERMIT not in ids(documents)


def test_an_undocumented_partner_follows_their_own_route_to_ame_handed_in_in_person() -> None:
    long_ago = _changed(arrival_date=date(2025, 1, 1))
    documents = person(long_ago, partner(residence_status="none"))
    assert documents.assessment.outcome is Outcome.AME
    assert D.AME_FORM in ids(documents)
    assert {item.format.value for item in documents.items} <= {"in_person", "copy"}


def test_a_child_attached_sends_form_s3705_and_a_birth_certificate_translated_like_the_parent_s() -> None:
    documents = person(EMPLOYEE, child())
    assert documents.assessment.outcome is Outcome.CHILD_ATTACHED
    assert ids(documents) == [D.ATTACHMENT_FORM, D.BIRTH_CERTIFICATE, D.BIRTH_CERTIFICATE_TRANSLATION]
    form, certificate, _ = documents.items
    assert form.format.value == "form"
    assert "F16620" in form.source_ids
    assert certificate.translation is TranslationNeed.SWORN_TRANSLATION  # the applicant's Indian registry
    assert certificate.note_keys == ("document.birth_certificate.child_attached",)
    assert "livret de famille" in CATALOG.text(Language.EN, "document.birth_certificate.child_attached")
    assert item_text(CATALOG, Language.EN, certificate, "title").startswith("The child's birth certificate")
    assert "rattacher l'enfant" in item_text(CATALOG, Language.FR, certificate, "why"), "not 'your' permanent number"


def test_a_child_s_own_birth_certificate_country_wins_over_the_parent_s() -> None:
    documents = person(EMPLOYEE, child(birth_certificate_country="ES"))
    assert D.BIRTH_CERTIFICATE_TRANSLATION not in ids(documents)
    assert documents.items[1].translation is TranslationNeed.NONE_EEA


def test_a_child_of_undocumented_parents_gets_ame_without_proving_three_months_or_income() -> None:
    undocumented = _changed(
        activity="none", residence_status="none", arrival_date=date(2026, 11, 1), household_size=3,
        annual_income_eur=1000,
    )  # fmt: skip
    documents = person(undocumented, child())
    assert documents.assessment.outcome is Outcome.AME
    assert D.AME_FORM in ids(documents)
    assert D.BIRTH_CERTIFICATE in ids(documents)
    assert D.PROOF_OF_RESIDENCE_3_MONTHS not in ids(documents)
    assert D.INCOME_PROOF not in ids(documents)
    assert all(
        item.format.value == "in_person" for item in documents.items if item.id is not D.BIRTH_CERTIFICATE_TRANSLATION
    )


def test_the_attachment_form_says_one_form_is_enough_for_all_the_children_as_advice_with_its_sources() -> None:
    (form,) = [item for item in person(EMPLOYEE, child()).items if item.id is D.ATTACHMENT_FORM]
    assert "document.attachment_form.one_for_all" in form.note_keys
    assert form.source_ids[0] == "F16620", "the official page (the form's title) first"
    assert registry()["sante_pratique_paris_attachment"].confidence == "low", "a secondary source: advice only"
    assert "sante_pratique_paris_attachment" in form.source_ids


def test_a_child_of_an_asylum_seeker_sends_s1106_with_the_certificate_naming_the_child() -> None:
    asylum = _changed(activity="none", residence_status="asylum_seeker")
    documents = person(asylum, child())
    assert documents.assessment.outcome is Outcome.PUMA_RESIDENCE
    assert ids(documents)[:2] == [D.FORM_S1106, D.ASYLUM_CERTIFICATE]
    assert documents.items[1].note_keys == ("document.asylum_certificate.child",)


def test_a_child_of_an_s1_holder_gets_an_s1_of_their_own() -> None:
    retiree = _changed(
        activity="retired", pension_from="eea_swiss_uk", nationality="eu_eea_swiss", residence_status=None,
        situations=frozenset({"s1"}),
    )  # fmt: skip
    documents = person(retiree, child())
    assert ids(documents)[0] is D.S1_FORM
    assert "document.s1_form.child" in documents.items[0].note_keys


def test_a_child_arriving_later_has_the_attachment_documents_and_is_not_in_today_s_letter() -> None:
    later = child(arrival_date=date(2027, 3, 1))
    people = household_documents(EMPLOYEE, [later], TODAY)
    assert people[1].arrives_later == date(2027, 3, 1)
    assert ids(people[1])[0] is D.ATTACHMENT_FORM
    letters = household_letters(CATALOG, Language.FR, SENDER, CAISSE, people, TODAY)
    assert [file.kind for file in letters] == [FileKind.APPLICANT]


def test_a_child_born_in_france_needs_no_translation() -> None:
    documents = person(EMPLOYEE, child(situations=frozenset({"born_in_france"})))
    assert documents.items[1].translation is TranslationNeed.NONE_FRENCH
    assert D.BIRTH_CERTIFICATE_TRANSLATION not in ids(documents)


def test_every_member_document_has_its_texts_in_both_languages() -> None:
    people = household_documents(EMPLOYEE, [partner(partner_link="pacs"), child()], TODAY)
    for documents in people:
        for item in documents.items:
            for language in Language:
                assert CATALOG.text(language, f"document.{item.id.value}.title")
                assert all(CATALOG.has(key) for key in item.note_keys)


# -- ticks per person ---------------------------------------------------------------------------------------


def test_ticks_are_kept_per_person_through_a_case_file() -> None:
    case = Case(
        members=(partner(), child()), ticked=frozenset({D.RIB}),
        member_ticked={"m1": frozenset({D.RIB, D.FORM_S1106}), "m2": frozenset({D.ATTACHMENT_FORM})},
    )  # fmt: skip
    again = loads(dumps(case))
    assert again == case
    assert again.ticks_of(None) == {D.RIB}
    assert again.ticks_of("m2") == {D.ATTACHMENT_FORM}


def test_ticks_for_someone_not_in_the_household_are_refused() -> None:
    with pytest.raises(ValidationError):
        Case(members=(partner(),), member_ticked={"m9": frozenset({D.RIB})})
    body = json.loads(dumps(Case(members=(partner(),))))
    body["case"]["member_ticked"] = {"m9": ["rib"]}
    with pytest.raises(CaseFileError, match="invalid_content"):
        loads(json.dumps(body).encode())


def test_a_removed_member_takes_their_ticks_along() -> None:
    case = Case(members=(partner(), child()), member_ticked={"m2": frozenset({D.ATTACHMENT_FORM})})
    assert case.without_member("m2").member_ticked == {}


def test_a_version_3_file_with_ticks_opens_with_the_applicant_s_ticks_and_no_household() -> None:
    body = {"schema": "vitale-case", "version": 3, "case": {"ticked": ["rib", "form_s1106"]}}
    case = loads(json.dumps(body).encode())
    assert case.ticked == {D.RIB, D.FORM_S1106}
    assert (case.members, dict(case.member_ticked)) == ((), {})


# -- letters ---------------------------------------------------------------------------------------------------


def _letters(members: list[Member], language: Language = Language.FR) -> dict[FileKind, FileLetter]:
    people = household_documents(EMPLOYEE, members, TODAY)
    return {file.kind: file for file in household_letters(CATALOG, language, SENDER, CAISSE, people, TODAY)}


def test_a_household_gets_one_letter_per_file_each_listing_its_own_enclosures() -> None:
    letters = _letters([partner(partner_link="married"), child(), child("m3", "Noor", birth_certificate_country="ES")])
    assert list(letters) == [FileKind.APPLICANT, FileKind.PARTNER, FileKind.CHILDREN]
    own, theirs, children = (file.letter for file in letters.values())
    assert "mon contrat de travail ou mon dernier bulletin de salaire" in own.copies
    assert "une copie de notre acte de mariage" in theirs.copies
    assert "mon contrat de travail ou mon dernier bulletin de salaire" not in theirs.copies
    assert children.originals == ("le formulaire S3705 (cerfa n° 14445*02) complété et signé",)
    assert children.copies == (
        "l'acte de naissance de Sam (copie intégrale, avec filiation) ou mon livret de famille",
        "la traduction de l'acte de naissance de Sam par un traducteur assermenté",
        "l'acte de naissance de Noor (copie intégrale, avec filiation) ou mon livret de famille",
    )
    assert children.listed == ("Sam, né(e) le 1er janvier 2018", "Noor, né(e) le 1er janvier 2018")
    assert children.subject.startswith("Objet\u00a0: demande de rattachement de mes enfants")
    assert children.signature == "Ana Souza"


def test_the_partner_writes_their_own_letter_in_their_full_name_or_else_their_label() -> None:
    by_label = _letters([partner(partner_link="pacs")])[FileKind.PARTNER].letter
    assert by_label.sender[0] == by_label.signature == "Léa"
    assert "Né(e) le 1er janvier 1990" in by_label.sender
    assert "Je rejoins Ana Souza, avec qui je suis lié(e) par un PACS" in by_label.body
    named = _letters([partner(partner_link="pacs", full_name="Léa Marie\nDupont")])[FileKind.PARTNER]
    assert named.letter.signature == "Léa Marie Dupont"


def test_the_english_letters_say_the_same_in_english() -> None:
    letters = _letters([partner(partner_link="cohabiting"), child()], Language.EN)
    children = letters[FileKind.CHILDREN].letter
    assert children.subject == "Subject: request to attach my child to my health insurance as my “ayant droit”"
    assert "proof that we live together" in " ".join(letters[FileKind.PARTNER].letter.copies)


ASYLUM_SEEKER = _changed(activity="none", residence_status="asylum_seeker")
S1_RETIREE = _changed(
    activity="retired", pension_from="eea_swiss_uk", nationality="eu_eea_swiss", residence_status=None,
    situations=frozenset({"s1"}),
)  # fmt: skip


def test_an_asylum_seeker_s_children_get_a_letter_with_an_s1106_each_dated_today() -> None:
    people = household_documents(ASYLUM_SEEKER, [child(), child("m3", "Noor", birth_certificate_country="ES")], TODAY)
    letters = household_letters(CATALOG, Language.FR, SENDER, CAISSE, people, TODAY, date(2027, 1, 10))
    assert [file.kind for file in letters] == [FileKind.APPLICANT, FileKind.CHILDREN_ASYLUM]
    own, children = letters
    assert own.letter.place_date != children.letter.place_date, "the parent waits; the children are covered at once"
    assert "2 décembre 2026" in children.letter.place_date
    letter = children.letter
    assert letter.subject.startswith("Objet\u00a0: demande d'ouverture des droits à l'assurance maladie de mes enfants")
    assert "D160-2" in letter.body
    assert letter.listed == ("Sam, né(e) le 1er janvier 2018", "Noor, né(e) le 1er janvier 2018")
    assert letter.originals == (
        "le formulaire S1106 (cerfa n° 15763*02) complété et signé pour Sam",
        "le formulaire S1106 (cerfa n° 15763*02) complété et signé pour Noor",
    )
    assert letter.copies[0] == "mon attestation de demande d'asile, sur laquelle figurent mes enfants"
    assert "l'acte de naissance de Noor (copie intégrale, avec filiation) ou mon livret de famille" in letter.copies
    assert (children.member_ids, letter.signature) == (("m2", "m3"), "Ana Souza")


def test_an_s1_holder_s_child_gets_a_letter_registering_their_own_s1() -> None:
    people = household_documents(S1_RETIREE, [child()], TODAY)
    letters = household_letters(CATALOG, Language.EN, SENDER, CAISSE, people, TODAY)
    assert [file.kind for file in letters] == [FileKind.APPLICANT, FileKind.CHILDREN_S1]
    letter = letters[1].letter
    assert letter.subject == "Subject: registration of my child's S1 form"
    assert (letter.originals_heading, letter.originals) == ("Enclosed:", ("the S1 form issued for Sam",))
    assert "- the S1 form issued for Sam" in letter.lines()
    assert letter.others == ()


def test_a_child_on_ame_is_in_no_letter_the_ame_being_asked_in_person() -> None:
    undocumented = _changed(activity="none", residence_status="none", household_size=2, annual_income_eur=5000)
    people = household_documents(undocumented, [child()], TODAY)
    assert people[1].assessment.outcome is Outcome.AME
    letters = household_letters(CATALOG, Language.FR, SENDER, CAISSE, people, TODAY)
    assert all("m2" not in file.member_ids for file in letters)


def test_an_asylum_seeker_s_child_arriving_later_is_not_in_today_s_letter() -> None:
    people = household_documents(ASYLUM_SEEKER, [child(arrival_date=date(2027, 3, 1))], TODAY)
    letters = household_letters(CATALOG, Language.FR, SENDER, CAISSE, people, TODAY)
    assert [file.kind for file in letters] == [FileKind.APPLICANT]


HOSTILE = ["<b>Léa</b> **x** :red[y] [a](http://x)", "N" * 40, "سارة بنت محمد"]


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_labels_print_exactly_as_typed_in_the_letters_and_the_list(label: str) -> None:
    members = [partner(label=label, partner_link="married"), child(label=label)]
    people = household_documents(EMPLOYEE, members, TODAY)
    letters = household_letters(CATALOG, Language.FR, SENDER, CAISSE, people, TODAY)
    assert [file.kind for file in letters] == [FileKind.APPLICANT, FileKind.PARTNER, FileKind.CHILDREN]
    for file in letters[1:]:
        text = _pdf_text(letter_pdf("lettre", file.letter))
        assert " ".join(label.split()) in text or _rtl_equal(label, text)
    sections = household_sections(people, {}, CATALOG, Language.EN, TODAY)
    listing = _pdf_text(household_checklist_pdf(sections, CATALOG, Language.EN, TODAY))
    assert label in listing or _rtl_equal(label, listing)


def _pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _rtl_equal(label: str, text: str) -> bool:
    """Right-to-left text comes back from the PDF either in logical order or word by word: every word of it
    is there, with all its letters, and nothing was replaced by a question mark."""
    return all(word in text or word[::-1] in text for word in label.split())


def test_the_pdf_groups_the_documents_by_person_the_applicant_first_with_each_person_s_ticks() -> None:
    people = household_documents(EMPLOYEE, [partner(partner_link="married"), child()], TODAY)
    ticks = {None: frozenset({"rib"}), "m2": frozenset({"attachment_form"})}
    text = " ".join(_pdf_text(household_checklist_pdf(
        household_sections(people, ticks, CATALOG, Language.EN, TODAY), CATALOG, Language.EN, TODAY
    )).split())  # fmt: skip
    yours, leas, sams = (text.index(h) for h in ("Your documents", "Léa's documents", "Sam's documents"))
    assert yours < leas < sams
    assert "☑ Your French bank details (RIB)" in text[yours:leas]
    assert "☐ Your French bank details (RIB)" in text[leas:sams]
    assert "☑ Form S3705" in text[sams:]


# -- the call ---------------------------------------------------------------------------------------------------


def test_the_call_asks_about_the_children_and_the_partner_in_both_languages_before_spelling_the_name() -> None:
    steps = script_steps(Outcome.PUMA_WORK, [partner(), child()])
    assert steps[-4:] == ("household.child", "household.partner", "spell_name", "thanks")
    script = call_script(CATALOG, Outcome.PUMA_WORK, [child()])
    assert any("S3705" in french and "S3705" in english for french, english in script)
    assert len(call_script(CATALOG, Outcome.PUMA_WORK)) == len(script) - 1


@pytest.mark.parametrize(
    ("applicant", "step", "form"),
    [
        (EMPLOYEE, "household.child", "S3705"),
        (ASYLUM_SEEKER, "household.child_asylum", "S1106"),
        (S1_RETIREE, "household.child_s1", "S1"),
        (_changed(activity="none", residence_status="none", household_size=2, annual_income_eur=5000),
         "household.child_ame", "AME"),
    ],
    ids=["attached", "asylum_seeker_s", "on_an_s1", "on_ame"],
)  # fmt: skip
def test_the_call_asks_the_question_the_children_s_route_asks(applicant: Answers, step: str, form: str) -> None:
    parent, child_route = (p.assessment for p in household_documents(applicant, [child()], TODAY))
    steps = script_steps(parent.outcome, [child()], child_route)
    assert [s for s in steps if s.startswith("household.")] == [step]
    script = call_script(CATALOG, parent.outcome, [child()], child_route)
    assert any(form in french and form in english for french, english in script)


def test_a_child_whose_route_the_cpam_does_not_handle_gets_no_question_about_children() -> None:
    abroad = _changed(territory="abroad")
    parent, child_route = (p.assessment for p in household_documents(abroad, [child()], TODAY))
    assert not [s for s in script_steps(parent.outcome, [child()], child_route) if s.startswith("household.")]


@pytest.mark.parametrize("relation", list(Relation))
def test_each_household_step_has_its_french_and_english_texts(relation: Relation) -> None:
    french = CATALOG.text(Language.FR, f"script.household.{relation.value}")
    english = CATALOG.text(Language.EN, f"script.household.{relation.value}")
    assert french != english
    assert "\u00a0:" in french
    assert "\u202f?" in french
