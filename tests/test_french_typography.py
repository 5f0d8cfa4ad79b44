"""French texts follow French typography: guillemets, and a space before « : », « ; », « ? » and « ! ».

The sections ``[letter]``, ``[letter.route]`` and ``[script]`` of ``fr.toml`` (the letter to the
caisse and the call script) are left out: they are written apart from the rest of the app's texts.
"""

from __future__ import annotations

import re

from vitale.text import Language, load_catalog

CATALOG = load_catalog()
NBSP, NNBSP = "\u00a0", "\u202f"
SPACES = f" {NBSP}{NNBSP}"

# Keys of fr.toml whose text is checked elsewhere.
SKIPPED_PREFIXES = ("letter.", "script.")  # [letter], [letter.route], [script]

# French texts exempt from these checks, each with the reason. None is needed today: times, web
# addresses, placeholders and Streamlit icon codes are told apart from French punctuation below.
ALLOWED: dict[str, str] = {}

PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # « {amount:,.0f} »: the format spec is code, not French
TIME = re.compile(r"\d:\d")  # « 08:30 »
URL = re.compile(r"\w+://\S+")
ICON = re.compile(r":material/[a-z_]+:")  # a Streamlit icon code such as « :material/warning: »
MARK_WITHOUT_SPACE = re.compile(rf"(?<=[^{SPACES}:;?!(«])[:;?!]")


def _french_texts() -> dict[str, str]:
    return {
        key: CATALOG.raw(Language.FR, key)
        for key in sorted(CATALOG.keys(Language.FR))
        if not key.startswith(SKIPPED_PREFIXES) and key not in ALLOWED
    }


def _prose(text: str) -> str:
    """The text without what is code rather than French: placeholders, times, web addresses, icons."""
    for code in (PLACEHOLDER, URL, ICON):
        text = code.sub("{}", text)
    return TIME.sub("0", text)


def test_the_check_sees_the_french_texts_but_not_the_letter_or_the_call_script() -> None:
    texts = _french_texts()
    assert len(texts) > 500
    assert "office.title" in texts
    assert not any(key.startswith(("letter.", "script.")) for key in texts)
    assert set(ALLOWED) <= CATALOG.keys(Language.FR)


def test_no_french_text_uses_english_or_ascii_quotation_marks() -> None:
    offenders = {key: text for key, text in _french_texts().items() if re.search('["“”]', text)}
    assert offenders == {}


def test_every_guillemet_has_a_space_on_its_inner_side() -> None:
    offenders = {
        key: text
        for key, text in _french_texts().items()
        if re.search(rf"«(?![{SPACES}])", text) or re.search(rf"(?<![{SPACES}])»", text)
    }
    assert offenders == {}


def test_every_colon_semicolon_question_and_exclamation_mark_after_a_word_has_a_space_before_it() -> None:
    offenders = {key: text for key, text in _french_texts().items() if MARK_WITHOUT_SPACE.search(_prose(text))}
    assert offenders == {}


def test_no_french_text_has_two_spaces_in_a_row() -> None:
    offenders = {key: text for key, text in _french_texts().items() if re.search(f"[{SPACES}]{{2}}", text)}
    assert offenders == {}


def test_the_rules_catch_the_mistakes_they_are_written_for() -> None:
    assert MARK_WITHOUT_SPACE.search(_prose("Vous avez trouvé une erreur? Signalez-la."))
    assert MARK_WITHOUT_SPACE.search(_prose("Fichier: {file}"))
    assert not MARK_WITHOUT_SPACE.search(_prose(f"Horaires{NBSP}: 08:30–12:30, voir https://ameli.fr{NNBSP}!"))
    assert not MARK_WITHOUT_SPACE.search(_prose(f":material/warning: Incertain{NNBSP}; {{amount:,.0f}}"))
    assert MARK_WITHOUT_SPACE.search(_prose("Un délai de 3 mois; puis la carte."))
