"""The printable documents checklist, as a PDF in the user's language (fpdf2).

The font is DejaVu Sans (shipped in ``vitale/fonts/`` with its licence), so
French typography (’ « » — œ) and names in most alphabets print as typed.
Everything printed is plain text: nothing is interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from fontTools.ttLib import TTFont
from fpdf import FPDF

from vitale.documents import ChecklistItem, Format, Group
from vitale.household import Relation
from vitale.household_documents import PersonDocuments
from vitale.letters import Letter
from vitale.sources import registry
from vitale.text import Catalog, Language

FONTS = Path(__file__).with_name("fonts")


@cache
def _drawable() -> frozenset[int]:
    """The code points DejaVu Sans can draw (read once from the font's character map)."""
    font = TTFont(str(FONTS / "DejaVuSans.ttf"), lazy=True)
    return frozenset(font.getBestCmap())


def unprintable(text: str) -> frozenset[str]:
    """The characters of ``text`` the PDF font cannot draw (e.g. Chinese or Japanese names)."""
    drawable = _drawable()
    return frozenset(char for char in text if char != "\n" and ord(char) not in drawable)


def _printable(text: str) -> str:
    """``text`` with undrawable characters shown as "?": visible in the PDF, and never handed to fpdf2,
    whose missing-glyph warning would otherwise copy what the user typed into the server log."""
    missing = unprintable(text)
    return "".join("?" if char in missing else char for char in text) if missing else text


def _a4(title: str, margin: float, *, bold: bool = False) -> FPDF:
    """An A4 document with its first page, DejaVu Sans loaded and automatic page breaks at ``margin`` mm."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=margin)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    if bold:
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    # Names in right-to-left scripts (Arabic, Hebrew…) are shaped and ordered as they are read, not printed as
    # separate letters left to right (HarfBuzz, through uharfbuzz); no ligatures, so the text stays searchable.
    pdf.set_text_shaping(use_shaping_engine=True, features={"liga": False, "clig": False})
    return pdf


def item_text(catalog: Catalog, language: Language, item: ChecklistItem, part: str) -> str:
    """An item's ``title`` or ``why`` in ``language``: its variant's text when there is one."""
    return catalog.text(language, next(key for key in item.text_keys(part) if catalog.has(key)))


def item_notes(catalog: Catalog, language: Language, item: ChecklistItem) -> list[str]:
    """The advice lines of one document: format, translation, apostille (shared with the page)."""
    notes = [catalog.text(language, key) for key in item.note_keys]
    notes.append(catalog.text(language, f"checklist.format_{item.format.value}"))
    if item.translation is not None:
        notes.append(catalog.text(language, f"checklist.translation_{item.translation.value}"))
    elif not item.translation_known:
        notes.append(catalog.text(language, "checklist.translation_unknown"))
    if item.apostille_warning:
        notes.append(catalog.text(language, "checklist.apostille_warning"))
    return notes


class Section(NamedTuple):
    """One person's part of the printable list: a heading (none when the list is one person's), an
    optional line under it, the documents, and those ticked."""

    heading: str | None
    items: list[ChecklistItem]
    ticked: frozenset[str] = frozenset()
    intro: str | None = None


def checklist_pdf(
    items: list[ChecklistItem],
    catalog: Catalog,
    language: Language,
    made_on: date,
    ticked: frozenset[str] = frozenset(),
) -> bytes:
    """One person's list (:func:`household_checklist_pdf` with a single section and no heading)."""
    return household_checklist_pdf([Section(None, items, ticked)], catalog, language, made_on)


def household_checklist_pdf(sections: Sequence[Section], catalog: Catalog, language: Language, made_on: date) -> bytes:
    """A one-column A4 list: title, date, then for each person (the applicant first) their heading and each
    group with a box (ticked for the documents already gathered), the why, the advice, the sources; the
    footer fits the routes (posted, or handed in person). Names are printed as typed, never as markup."""
    pdf = _a4(catalog.text(language, "checklist.pdf_title"), 15, bold=True)
    pdf.add_page()
    width = pdf.epw

    def write(text: str, size: float = 10, style: str = "", gap: float = 1) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(width, size * 0.5, _printable(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(catalog.text(language, "checklist.pdf_title"), 16, "B", 2)
    write(catalog.text(language, "checklist.pdf_made_on", date=catalog.format_date(language, made_on)), 9)
    write(catalog.text(language, "app.disclaimer"), 8, gap=4)
    sources = registry()
    for section in sections:
        if section.heading is not None:
            if pdf.get_y() > pdf.h - 60:  # a person's heading never alone at the foot of a page
                pdf.add_page()
            write(section.heading, 14, "B", 1)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
            pdf.ln(2)
        if section.intro:
            write(section.intro, 9, gap=3)
        for group in Group:
            in_group = [item for item in section.items if item.group is group]
            if not in_group:
                continue
            write(catalog.text(language, f"checklist.group_{group.value}"), 12, "B", 2)
            for item in in_group:
                box = "☑ " if item.id.value in section.ticked else "☐ "
                write(box + item_text(catalog, language, item, "title"), 10.5, "B")
                write(item_text(catalog, language, item, "why"), 9.5)
                for note in item_notes(catalog, language, item):
                    write("• " + note, 9)
                cited = "; ".join(sources[s].title_in(language) for s in item.source_ids)
                write(f"{catalog.text(language, 'sources.heading')}: {cited}", 7.5, gap=3)
        pdf.ln(3)
    in_person = any(item.format is Format.IN_PERSON for section in sections for item in section.items)
    write(catalog.text(language, "checklist.pdf_footer_in_person" if in_person else "checklist.pdf_footer"), 8)
    return bytes(pdf.output())


def letter_pdf(title: str, letter: Letter) -> bytes:
    """The cover letter laid out as a French letter on A4: the writer's block at the top left, the caisse's
    on the right half below it, then place and date on the right, and the rest left-aligned (never
    justified, so no wide gaps). Everything is printed as typed, never as markup."""
    pdf = _a4(title, 20)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10.5)
    half = pdf.l_margin + pdf.epw / 2

    def write(text: str, x: float | None = None, gap: float = 0) -> None:
        pdf.set_x(x if x is not None else pdf.l_margin)
        width = pdf.epw - ((x or pdf.l_margin) - pdf.l_margin)
        pdf.multi_cell(width, 5.5, _printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    for line in letter.sender:
        write(line)
    pdf.ln(8)
    for line in letter.recipient:
        write(line, x=half)
    pdf.ln(8)
    write(letter.place_date, x=half, gap=8)
    write(letter.subject, gap=5)
    write(letter.opening, gap=3)
    write(letter.body, gap=3 if not letter.listed else 1)
    for person in letter.listed:
        write(f"– {person}", x=pdf.l_margin + 4)
    if letter.listed:
        pdf.ln(3)
    for heading, items in letter.groups():
        if items:
            write(heading)
            for item in items:
                write(f"– {item}", x=pdf.l_margin + 4)
            pdf.ln(3)
    write(letter.closing, gap=12)
    write(letter.signature, x=half)
    return bytes(pdf.output())


def person_heading(catalog: Catalog, language: Language, person: PersonDocuments) -> str:
    """« Your documents », « Léa's documents, for their own application », « Sam's documents »."""
    if person.member is None:
        return catalog.text(language, "documents.household.applicant")
    return catalog.text(language, f"documents.household.{person.member.relation.value}", name=person.member.label)


def person_intro(catalog: Catalog, language: Language, person: PersonDocuments, today: date) -> str | None:
    """The line under a member's heading: whose « your », or nothing to send, or when a child arrives."""
    member = person.member
    if member is None:
        return None
    if not person.items:
        return catalog.text(language, "documents.household.nothing", name=member.label)
    if person.arrives_later is not None and person.arrives_later > today and member.relation is Relation.CHILD:
        when = catalog.format_date(language, person.arrives_later)
        return catalog.text(language, "documents.household.arrives_later", name=member.label, date=when)
    return catalog.text(language, f"documents.household.{member.relation.value}_intro", name=member.label)


def household_sections(
    people: Sequence[PersonDocuments], ticks: Mapping[str | None, frozenset[str]], catalog: Catalog,
    language: Language, today: date,
) -> list[Section]:  # fmt: skip
    """The printable list's sections: one per person, headed by their name, with their own ticks."""
    return [
        Section(
            person_heading(catalog, language, person),
            list(person.items),
            ticks.get(person.member_id, frozenset()),
            person_intro(catalog, language, person, today),
        )
        for person in people
    ]
