"""How the documents page looks: the personal list, grouped, with tick-boxes kept across pages."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from ui import resources, state
from ui.i18n import catalog, language, t
from ui.pages import ELIGIBILITY_PAGE
from ui.widgets import sources_markdown
from vitale.case import DocumentId
from vitale.documents import OFFICIAL_FORM_PAGES, ChecklistItem, Group
from vitale.printable import checklist_pdf, item_notes


def ticked() -> set[str]:
    return {document.value for document in state.case().ticked}


def _toggle(document: DocumentId) -> None:
    """Callback: keep the tick in the case, so it survives a visit to another page."""
    chosen = set(state.case().ticked)
    if st.session_state.get(state.DOCUMENTS_WIDGET_PREFIX + document.value):
        chosen.add(document)
    else:
        chosen.discard(document)
    state.update_case(ticked=frozenset(chosen))


def render_item(item: ChecklistItem, done: set[str]) -> None:
    key = state.DOCUMENTS_WIDGET_PREFIX + item.id.value
    st.session_state[key] = item.id.value in done
    st.checkbox(f"**{t(f'document.{item.id.value}.title')}**", key=key, on_change=_toggle, args=(item.id,))
    notes = item_notes(catalog(), language(), item)
    lines = [t(f"document.{item.id.value}.why"), *(f"- {note}" for note in notes)]
    if item.id in OFFICIAL_FORM_PAGES:
        page = resources.sources()[OFFICIAL_FORM_PAGES[item.id]]
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
