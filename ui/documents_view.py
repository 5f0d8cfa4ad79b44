"""How the documents page looks: the personal list, grouped, with tick-boxes kept across pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

import streamlit as st

from ui import state
from ui.i18n import catalog, language, t
from ui.pages import ELIGIBILITY_PAGE
from ui.state import DOCUMENTS_CARD_PREFIX
from ui.widgets import plain, sources_markdown
from vitale.case import DocumentId
from vitale.documents import OFFICIAL_FORM_PAGES, ChecklistItem, Group
from vitale.household_documents import PersonDocuments
from vitale.printable import (
    checklist_pdf,
    household_checklist_pdf,
    household_sections,
    item_notes,
    item_text,
    person_heading,
    person_intro,
)
from vitale.sources import source as registered_source


def ticked(member_id: str | None = None) -> set[str]:
    """The documents ticked for a person (``None``: the applicant)."""
    return {document.value for document in state.case().ticks_of(member_id)}


def _widget(member_id: str | None, document: DocumentId) -> str:
    """The applicant's boxes keep their key; a member's carry the member's id."""
    middle = "" if member_id is None else f"{member_id}__"
    return state.DOCUMENTS_WIDGET_PREFIX + middle + document.value


def _toggle(document: DocumentId, member_id: str | None = None) -> None:
    """Callback: keep the tick in the case, for this person, so it survives a visit to another page."""
    case = state.case()
    chosen = set(case.ticks_of(member_id))
    if st.session_state.get(_widget(member_id, document)):
        chosen.add(document)
    else:
        chosen.discard(document)
    state.try_update_case(**case.with_ticks(member_id, frozenset(chosen)))


def render_item(item: ChecklistItem, done: set[str], member_id: str | None = None) -> None:
    key = _widget(member_id, item.id)
    st.session_state[key] = item.id.value in done
    title = item_text(catalog(), language(), item, "title")
    st.checkbox(f"**{title}**", key=key, on_change=_toggle, args=(item.id, member_id))
    notes = item_notes(catalog(), language(), item)
    lines = [item_text(catalog(), language(), item, "why"), *(f"- {note}" for note in notes)]
    if item.id in OFFICIAL_FORM_PAGES:
        page = registered_source(OFFICIAL_FORM_PAGES[item.id])
        lines.append("- " + t("checklist.official_form", link=f"[{page.title_in(language())}]({page.url})"))
    st.markdown("\n".join(lines) + f"\n\n:small[{sources_markdown(item.source_ids, inline=True)}]")


def render_checklist(items: list[ChecklistItem], today: date) -> None:
    """The list grouped by what to gather, the count of ticked documents, the printable PDF."""
    if not items:
        st.info(t("documents.no_documents"), icon=":material/info:")
        st.page_link(ELIGIBILITY_PAGE, label=t("documents.see_outcome"), icon=":material/checklist:")
        return
    done = ticked() & {item.id.value for item in items}
    st.progress(len(done) / len(items), text=t("documents.ticked_count", done=len(done), total=len(items)))
    for group in Group:
        in_group = [item for item in items if item.group is group]
        if in_group:
            st.header(t(f"checklist.group_{group.value}"))  # h2 under the page title (axe heading-order)
            for item in in_group:
                render_item(item, done)
    st.download_button(
        t("documents.download_pdf"),
        # Built only when clicked (on another thread, so every argument is bound now): ~100 ms saved per rerun.
        data=partial(checklist_pdf, items, catalog(), language(), today, frozenset(done)),
        file_name=t("documents.pdf_file_name"),
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
    )


def render_household(people: Sequence[PersonDocuments], today: date) -> None:
    """Your documents in full, then one card per member (the partner, each child): closed, its line says whose
    documents and how many are ready; open, their list with its own ticks. One printable PDF holds everyone,
    grouped the same way. A label is shown as plain text, never as markup.

    A closed card draws nothing inside it (a stateful expander, drawn only while open), as on the outcome page:
    six people's lists were 28 tick-boxes and 28 texts on every rerun, and as many screens on a phone."""
    if not any(person.items for person in people):
        render_checklist([], today)
        return
    ticks: dict[str | None, frozenset[str]] = {}
    for person in people:
        done = ticked(person.member_id) & {item.id.value for item in person.items}
        ticks[person.member_id] = frozenset(done)
        heading = plain(person_heading(catalog(), language(), person))
        if person.member is None:
            st.header(heading, anchor=False)
            _render_person(person, done, today)
            continue
        ready = t("documents.ticked_count", done=len(done), total=len(person.items))
        summary = ready if person.items else plain(person_intro(catalog(), language(), person, today) or "")
        card = st.expander(f"**{heading}** — {summary}", key=card_key(person.member.id), on_change="rerun")
        if card.open:
            with card:
                _render_person(person, done, today)
    sections = household_sections(people, ticks, catalog(), language(), today)
    st.download_button(
        t("documents.download_pdf"),
        data=partial(household_checklist_pdf, sections, catalog(), language(), today),
        file_name=t("documents.pdf_file_name"),
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
    )


def card_key(member_id: str) -> str:
    """A member's card on this page: its state (open or closed) is kept in the session under it."""
    return DOCUMENTS_CARD_PREFIX + member_id


def _render_person(person: PersonDocuments, done: set[str], today: date) -> None:
    """A person's list: whose « your » it is, how many are ready, the documents by group with their ticks."""
    intro = person_intro(catalog(), language(), person, today)
    if intro:
        st.text(intro)
    if not person.items:
        return
    st.progress(
        len(done) / len(person.items), text=t("documents.ticked_count", done=len(done), total=len(person.items))
    )
    for group in Group:
        in_group = [item for item in person.items if item.group is group]
        if in_group:
            st.subheader(t(f"checklist.group_{group.value}"), anchor=False)
            for item in in_group:
                render_item(item, set(done), person.member_id)
