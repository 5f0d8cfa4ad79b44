"""The cover letter to the caisse (in French) and the bilingual 36 46 call script.

The letter's wording lives under ``letter.*`` in the text files: the French
catalog holds the letter itself, the English one a translation for
understanding, built from the same keys. Everything the user types is kept as
plain text: the letter is a tuple of lines, never markup.
"""

from __future__ import annotations

from datetime import date

from vitale.caisses import Caisse
from vitale.documents import ChecklistItem
from vitale.outcomes import Outcome
from vitale.sender import Sender
from vitale.text import Catalog, Language


def cover_letter(
    catalog: Catalog,
    language: Language,
    sender: Sender,
    caisse: Caisse,
    outcome: Outcome,
    items: list[ChecklistItem],
    today: date,
) -> tuple[str, ...]:
    """The letter's lines: sender, recipient (envelope), place and date, subject, body, enclosures, signature."""

    def text(key: str, **values: object) -> str:
        return catalog.text(language, key, **values)

    route = text(f"letter.route.{outcome.value}")
    address_lines = [line.strip() for line in sender.address.splitlines() if line.strip()]
    enclosures = [f"- {text(f'document.{item.id.value}.title')}" for item in items]
    return (
        sender.full_name,
        *address_lines,
        f"{sender.postal_code} {sender.city}",
        text("letter.born", date=catalog.format_date(language, sender.date_of_birth)),
        *([text("letter.phone", phone=sender.phone)] if sender.phone else []),
        "",
        *caisse.envelope(),
        "",
        text("letter.place_date", city=sender.city, date=catalog.format_date(language, today)),
        "",
        text("letter.subject", route=route),
        "",
        text("letter.opening"),
        "",
        text("letter.body", route=route),
        *enclosures,
        "",
        text("letter.closing"),
        "",
        sender.full_name,
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


def call_script(catalog: Catalog, outcome: Outcome) -> tuple[tuple[str, str], ...]:
    """The 36 46 call, step by step: (what to say in French, what it means in English)."""
    route_fr = catalog.text(Language.FR, f"letter.route.{outcome.value}")
    route_en = catalog.text(Language.EN, f"letter.route.{outcome.value}")
    return tuple(
        (
            catalog.text(Language.FR, f"script.{step}", route=route_fr),
            catalog.text(Language.EN, f"script.{step}", route=route_en),
        )
        for step in SCRIPT_STEPS
    )
