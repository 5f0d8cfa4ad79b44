"""Small components shared by pages: sources, confidence notes, phone lines, errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import streamlit as st

from ui import clock, resources
from ui.i18n import format_date, format_time, language, t
from vitale.outcomes import Figure
from vitale.parameters import OpeningHours
from vitale.provenance import Confidence
from vitale.referencedata import DataFileError
from vitale.sources import source as registered_source
from vitale.text import Language


def source_label(source_id: str) -> str:
    """``Title — publisher, version of 18 November 2025`` for a registry id."""
    return _source_label(source_id, language(), clock.today())


@lru_cache(maxsize=512)
def _source_label(source_id: str, lang: Language, day: date) -> str:
    """:func:`source_label` in ``lang`` (the current language) on ``day``: the same for everyone, built once."""
    source = registered_source(source_id)
    line = t("sources.line", title=source.title_in(language()), publisher=source.publisher)
    dated = t("sources.dated", date=format_date(source.dated)) if source.dated else t("sources.undated")
    return f"{line} ({dated})"


def source_title(source_id: str) -> str:
    """A source's title in the current language, as a link when it has a URL."""
    source = registered_source(source_id)
    title = source.title_in(language())
    return f"[{title}]({source.url})" if source.url else title


def figure_provenance(figure: Figure) -> str:
    """ "in force since …; source: …, consulted on …" for a dated figure (the outcome's and the C2S's)."""
    return t(
        "outcome_page.figure_since", since=format_date(figure.since), source=source_title(figure.source),
        verified=format_date(figure.verified_on),
    )  # fmt: skip


def sources_markdown(source_ids: Iterable[str], *, inline: bool = False) -> str:
    """The sources as Markdown links: a list, or one line (``inline``) that fits in ``:small[]``."""
    return _sources_markdown(tuple(dict.fromkeys(source_ids)), inline, language(), clock.today())


@lru_cache(maxsize=1024)
def _sources_markdown(source_ids: tuple[str, ...], inline: bool, lang: Language, day: date) -> str:
    """:func:`sources_markdown` in ``lang`` (the current language) on ``day``: pages draw the same lists of
    sources on every rerun, for everyone, so each is built once per process, language and day."""
    links = []
    for source_id in source_ids:
        source = registered_source(source_id)
        label = source_label(source_id)
        links.append(f"[{label}]({source.url})" if source.url else label)
    if inline:
        return f"{t('sources.heading')}: " + " · ".join(links)
    return f"{t('sources.heading')}:\n" + "\n".join(f"- {link}" for link in links)


def render_sources(source_ids: Iterable[str]) -> None:
    """The sources as a small list at full contrast.

    Not ``st.caption``: Streamlit fades a caption with 60 % opacity, which leaves its links far below
    the 4.5:1 contrast ratio (axe ``color-contrast``, whatever the theme's link colour).
    """
    lines = sources_markdown(source_ids).splitlines()
    st.markdown("\n".join(f"- :small[{line[2:]}]" if line.startswith("- ") else f":small[{line}]" for line in lines))


def render_confidence(confidence: Confidence, message: str | None = None) -> None:
    """A visible note when a fact is not certain: icon + words, never colour alone."""
    text = t(f"confidence.{confidence.value}") + (f" — {message}" if message else "")
    if confidence is Confidence.LOW:
        st.warning(text, icon=":material/warning:")
    elif confidence is Confidence.MEDIUM:
        st.info(text, icon=":material/info:")


def hours_text(hours: tuple[OpeningHours, ...]) -> str:
    spans = []
    for span in hours:
        first, last = t(f"days.{span.first_day}"), t(f"days.{span.last_day}")
        days = t("days.single", first=first) if first == last else t("days.range", first=first, last=last)
        spans.append(t("days.hours", days=days, opens=format_time(span.opens), closes=format_time(span.closes)))
    return " ; ".join(spans)


def render_phone_block(line_ids: Iterable[str]) -> None:
    """Tappable numbers with their hours and cost, then their sources: one block."""
    params = resources.parameters()
    lines = [params.phone(line_id) for line_id in line_ids]
    blocks = [f"**{t('phone.heading')}**"]
    for line in lines:
        hours = hours_text(line.hours)
        detail = t("phone.hours_vary", hours=hours) if line.hours_vary else hours
        if line.no_surcharge:
            detail += " " + t("phone.no_surcharge")
        if line.confidence is Confidence.LOW:
            detail += " :material/warning: " + t("phone.uncertain")
        number = t(f"phone.{line.id}", number=f"[**{line.number}**](tel:{line.dial})")
        blocks.append(f"{number}  \n:small[{detail}]")
    blocks.append(f":small[{sources_markdown((line.source for line in lines), inline=True)}]")
    st.markdown("\n\n".join(blocks))


def render_data_error(error: DataFileError) -> None:
    """The translated "damaged data file" message; never a traceback."""
    if error.row is None:
        st.error(t("errors.data_file_whole", file=error.file, message=error.message))
    else:
        st.error(t("errors.data_file", file=error.file, row=error.row, field=error.field or "—", message=error.message))


def plain(text: str) -> str:
    """``text`` for a Markdown element, shown exactly as typed: every ASCII punctuation mark is escaped
    (CommonMark), so a name is never bold, a link, HTML, a Streamlit directive (``:red[…]``) or an icon."""
    return "".join(f"\\{char}" if char in _PUNCTUATION else char for char in text)


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
