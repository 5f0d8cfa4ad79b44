"""The dossier pack: the cover letter, the 36 46 call script, save and resume."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

import streamlit as st
from pydantic import ValidationError

from ui import browser_store, clock, date_entry, state, wizard
from ui.i18n import catalog, format_date, t
from ui.office_view import office_result
from ui.pages import OFFICE_PAGE
from ui.widgets import plain, render_phone_block
from vitale.answers import Answers
from vitale.caisses import Caisse
from vitale.casefile import CaseFileError, dumps, loads
from vitale.documents import ChecklistItem
from vitale.household import Member, Relation
from vitale.household_documents import PersonDocuments
from vitale.letters import (
    CHILDREN_FILES,
    FileKind,
    FileLetter,
    Letter,
    call_script,
    cover_letter,
    file_of_child,
    household_letters,
)
from vitale.offices import LookupStatus
from vitale.outcomes import Assessment, Outcome
from vitale.printable import letter_pdf, unprintable
from vitale.sender import Civility, Sender
from vitale.text import Language

SENDER_FIELDS = (
    "civility", "full_name", "address", "postal_code", "city", "date_of_birth", "social_security_number", "phone",
)  # fmt: skip


EARLIEST_BIRTH = date(1900, 1, 1)

TABS_WIDGET = "dossier_tab"
"""The dossier page's open tab (its label in the current language)."""


def office_caisse() -> tuple[Caisse | None, bool]:
    """The caisse found on the office page (its kept lookup), and whether it was uncertain (several caisses)."""
    result = office_result()
    if result is None:
        return None, False
    if result.status is LookupStatus.FOUND:
        return result.caisses[0], False
    return None, result.status is LookupStatus.SEVERAL_CAISSES


def _widget(field: str) -> str:
    return state.DOSSIER_WIDGET_PREFIX + field


def _save_sender() -> None:
    """Form callback: validate what was typed; keep it only if it makes a valid sender."""
    values: dict[str, Any] = {field: st.session_state.get(_widget(field)) for field in SENDER_FIELDS}
    values["date_of_birth"], problem = date_entry.read(_widget("date_of_birth"), EARLIEST_BIRTH, clock.today())
    if problem is not None:
        state.put(state.DOSSIER_ERROR, problem)
        return
    values["phone"] = values["phone"] or ""
    values["social_security_number"] = values["social_security_number"] or ""
    values["civility"] = values["civility"] or Civility.NONE.value
    try:
        sender = Sender.model_validate(values)
    except ValidationError:
        state.put(state.DOSSIER_ERROR, "dossier.invalid_details")
        return
    state.update_case(sender=sender)
    state.put(state.DOSSIER_ERROR, None)


def render_sender_form(today: date) -> Sender | None:
    sender = state.case().sender
    stored = sender.model_dump() if sender else {}
    for field in SENDER_FIELDS:
        if field == "date_of_birth":
            date_entry.restore(_widget(field), stored.get(field))
        else:
            state.restore_widget(_widget(field), stored.get(field))
    if _widget("postal_code") not in st.session_state:
        state.restore_widget(_widget("postal_code"), state.case().postal_code)
    st.header(t("dossier.sender_heading"))  # h2 under the page title (axe heading-order)
    with st.form("dossier_sender_form", border=False, enter_to_submit=False):
        civilities = {c.value: t(f"dossier.letter_form.civility_{c.value or 'none'}") for c in Civility}
        st.radio(
            t("dossier.letter_form.civility_label"), list(civilities), key=_widget("civility"),
            format_func=civilities.__getitem__, horizontal=True, help=t("dossier.letter_form.civility_help"),
        )  # fmt: skip
        st.text_input(t("dossier.full_name"), key=_widget("full_name"), max_chars=120, autocomplete="name")
        st.text_area(t("dossier.address"), key=_widget("address"), max_chars=300, height=90)
        st.text_input(t("dossier.postal_code"), key=_widget("postal_code"), max_chars=5, autocomplete="postal-code")
        st.text_input(t("dossier.city"), key=_widget("city"), max_chars=80)
        date_entry.render(t("dossier.date_of_birth"), _widget("date_of_birth"), EARLIEST_BIRTH, today)
        st.text_input(
            t("dossier.letter_form.social_security_number"), key=_widget("social_security_number"), max_chars=21,
            help=t("dossier.letter_form.social_security_number_help"),
        )  # fmt: skip
        st.text_input(t("dossier.phone"), key=_widget("phone"), max_chars=30, autocomplete="tel")
        st.form_submit_button(t("dossier.make_letter"), type="primary", on_click=_save_sender, icon=":material/edit:")
    error = state.get(state.DOSSIER_ERROR)
    if error == "dossier.invalid_details":
        st.error(t("dossier.invalid_details"), icon=":material/error:")
    elif error is not None and error.startswith("date_entry.") and catalog().has(error):
        st.error(date_entry.problem_text(error, EARLIEST_BIRTH, today), icon=":material/error:")
    return sender


def _letter_day(assessment: Assessment, today: date) -> date:
    """Today — or, before the person may apply, the day they may (if they keep the toggle on)."""
    if assessment.eligible_from is not None and assessment.eligible_from > today:
        when = format_date(assessment.eligible_from)
        st.warning(t("dossier.letter_form.before_eligible", date=when), icon=":material/event:")
        if st.toggle(t("dossier.letter_form.date_on_eligible", date=when), value=True, key="dossier_date_eligible"):
            return assessment.eligible_from
    return today


def _caisse_or_say_why() -> Caisse | None:
    caisse, uncertain = office_caisse()
    if caisse is None:
        st.info(t("dossier.caisse_uncertain" if uncertain else "dossier.needs_caisse"), icon=":material/location_on:")
        st.page_link(OFFICE_PAGE, label=t("office.title"), icon=":material/location_on:")
    return caisse


def _show_letter(french: Letter, english: Letter, name: str, key: str, sign: str | None = None) -> None:
    """The French letter and its English translation side by side, then the downloads (PDF, text)."""
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('dossier.letter_fr')}**")
        st.code("\n".join(french.lines()), language=None, wrap_lines=True)
    with right:
        st.markdown(f"**{t('dossier.letter_en')}**")
        st.code("\n".join(english.lines()), language=None, wrap_lines=True)
    st.caption(plain(sign) if sign else t("dossier.letter_sign"))
    if unprintable("\n".join(french.lines())):
        st.warning(t("dossier.pdf_characters"), icon=":material/warning:")
    st.download_button(
        t("dossier.download_pdf"), data=partial(letter_pdf, name, french), file_name=f"{name}.pdf",
        mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key=f"{key}_pdf",
    )  # fmt: skip
    st.download_button(
        t("dossier.download_text"), data="\n".join(french.lines()) + "\n", file_name=f"{name}.txt",
        mime="text/plain", icon=":material/description:", on_click="ignore", key=f"{key}_txt",
    )  # fmt: skip


def render_letter(assessment: Assessment, answers: Answers, items: list[ChecklistItem], today: date) -> None:
    """The letter for this route, dated today — or, before the person may apply, on the day they may."""
    caisse = _caisse_or_say_why()
    if caisse is None:
        return
    sender = render_sender_form(today)
    if sender is None:
        return
    day = _letter_day(assessment, today)
    exemption = assessment.exemption.value if assessment.exemption else None
    french, english = (
        cover_letter(catalog(), language, sender, caisse, assessment.outcome, items, day, answers, exemption)
        for language in (Language.FR, Language.EN)
    )
    _show_letter(french, english, t("dossier.letter_file"), "dossier_letter")


def _partner_name_widget(member_id: str) -> str:
    return _widget(f"partner_name__{member_id}")


def _save_partner_name(member_id: str) -> None:
    """Callback: keep the partner's full name (for their own letter) on the member; an empty field is no name."""
    typed = st.session_state.get(_partner_name_widget(member_id)) or None
    case = state.case()
    members = tuple(
        member.model_copy(update={"full_name": typed}) if member.id == member_id else member for member in case.members
    )
    try:
        checked = tuple(Member.model_validate(member.model_dump()) for member in members)
    except ValidationError:
        return
    state.try_update_case(members=checked)


def render_partner_names(members: Sequence[Member]) -> None:
    """An optional full-name field per partner: their own letter is written in their name (else their label)."""
    for member in members:
        if member.relation is not Relation.PARTNER:
            continue
        key = _partner_name_widget(member.id)
        state.restore_widget(key, member.full_name)
        st.text_input(
            t("dossier.household.partner_name", name=member.label), key=key, max_chars=120, autocomplete="off",
            help=t("dossier.household.partner_name_help", name=member.label), on_change=_save_partner_name,
            args=(member.id,),
        )  # fmt: skip


def _file_heading(file: FileLetter, people: Sequence[PersonDocuments]) -> tuple[str, str | None]:
    """The heading of one file's letter, and who signs it."""
    if file.kind is FileKind.APPLICANT:
        return t("dossier.household.applicant"), None
    if file.kind in CHILDREN_FILES:
        return t(f"dossier.household.{file.kind.value}"), t("dossier.household.children_sign")
    label = next(p.member.label for p in people if p.member is not None and p.member.id == file.member_ids[0])
    return t("dossier.household.partner", name=label), t("dossier.household.partner_sign", name=label)


def render_household_letters(assessment: Assessment, people: Sequence[PersonDocuments], today: date) -> None:
    """A letter per file to post: the applicant's, each partner's own, the children's attachment request."""
    caisse = _caisse_or_say_why()
    if caisse is None:
        return
    sender = render_sender_form(today)
    render_partner_names([p.member for p in people if p.member is not None])
    if sender is None:
        return
    day = _letter_day(assessment, today) if assessment.outcome.posted_with_letter else today
    people = household_documents_now(people)
    french, english = (
        household_letters(catalog(), language, sender, caisse, people, today, day)
        for language in (Language.FR, Language.EN)
    )
    if not assessment.outcome.posted_with_letter:
        st.info(t(instead_of_letter(assessment.outcome)), icon=":material/info:")
    for french_file, english_file in zip(french, english, strict=True):
        heading, sign = _file_heading(french_file, people)
        st.subheader(plain(heading), anchor=False)
        name = "-".join((t("dossier.letter_file"), french_file.kind.value, *french_file.member_ids))
        key = "dossier_letter" if french_file.kind is FileKind.APPLICANT else f"dossier_letter_{name}"
        _show_letter(french_file.letter, english_file.letter, name, key, sign)
    attached = {member_id for file in french for member_id in file.member_ids}
    for person in people:
        member = person.member
        if member is None or member.id in attached:
            continue
        if person.assessment.outcome is Outcome.CHILD_ATTACHED:
            st.info(plain(t("dossier.household.arrives_later", name=member.label)), icon=":material/event:")
        elif member.relation is Relation.CHILD and file_of_child(person.assessment) is not None:
            st.info(plain(t("dossier.household.arrives_later_file", name=member.label)), icon=":material/event:")
        elif member.relation is Relation.PARTNER:
            st.info(plain(t("dossier.household.no_letter", name=member.label)), icon=":material/info:")
        else:  # a child on AME, or whose route is elsewhere: their route's own steps, not silence
            steps = "\n".join(f"- {t(step)}" for step in person.assessment.next_steps if step != "next.find_caisse")
            intro = plain(t("dossier.household.child_other_route", name=member.label))
            st.info(f"{intro}\n\n{steps}", icon=":material/info:")


def household_documents_now(people: Sequence[PersonDocuments]) -> tuple[PersonDocuments, ...]:
    """The people with the case's current members (a partner's full name typed in this run)."""
    members = {member.id: member for member in state.case().members}
    return tuple(
        p if p.member is None else p.model_copy(update={"member": members.get(p.member.id, p.member)}) for p in people
    )


def instead_of_letter(outcome: Outcome) -> str:
    """What to do instead of posting a letter, for a route with nothing to post (``dossier.instead.<outcome>``)."""
    key = f"dossier.instead.{outcome.value}"
    return key if catalog().has(key) else "dossier.no_letter"


def first_child_route(people: Sequence[PersonDocuments]) -> Assessment | None:
    """The route of the household's first child, which decides the call's question about the children (the
    children of one household follow the same parent: their routes ask the same question)."""
    return next((p.assessment for p in people if p.member is not None and p.member.relation is Relation.CHILD), None)


def render_call(outcome: Outcome, members: Sequence[Member] = (), child_route: Assessment | None = None) -> None:
    """The 36 46 numbers and the call, step by step; with children, the question their route asks."""
    st.write(t("dossier.call_intro"))
    render_phone_block(("national", "english"))
    for number, (french, english) in enumerate(call_script(catalog(), outcome, members, child_route), start=1):
        st.markdown(f"{number}. **{french}**  \n:small[{english}]")


def _restore() -> None:
    """Upload callback: validate the whole file first; change the session only if it is accepted."""
    uploaded = st.session_state.get("dossier_upload")
    if uploaded is None:
        return
    try:
        case = loads(uploaded.getvalue())
    except CaseFileError as refused:
        state.put(state.DOSSIER_ERROR, refused.message_key)
        state.put(state.DOSSIER_NOTICE, None)
        return
    wizard.resume(case)
    state.put(state.DOSSIER_ERROR, None)
    state.put(state.DOSSIER_NOTICE, "dossier.restored")
    st.session_state[TABS_WIDGET] = t("dossier.tab_save")  # the confirmation is shown where the person is


def render_save() -> None:
    st.write(t("dossier.save_intro"))
    case = state.case()
    keep_sender = case.sender is not None and st.checkbox(
        t("dossier.letter_form.save_sender"), key="dossier_save_sender", help=t("dossier.letter_form.save_sender_help")
    )
    anonymous = tuple(member.model_copy(update={"full_name": None}) for member in case.members)
    saved = case if keep_sender else case.model_copy(update={"sender": None, "members": anonymous})
    st.download_button(
        t("dossier.download_case"), data=dumps(saved), file_name=t("dossier.case_file_name"),
        mime="application/json", icon=":material/download:", on_click="ignore", key="dossier_case_download",
    )  # fmt: skip
    st.file_uploader(
        t("dossier.upload_case"), type=["json"], key="dossier_upload", on_change=_restore, help=t("dossier.upload_help")
    )
    error, notice = state.get(state.DOSSIER_ERROR), state.get(state.DOSSIER_NOTICE)
    if error and error.startswith("casefile.") and catalog().has(error):
        st.error(t(error), icon=":material/error:")
    if notice and catalog().has(notice):
        st.success(t(notice), icon=":material/check:")
    st.divider()
    browser_store.render_switch()
