"""How the office page shows a lookup: one card per caisse, messages per status."""

from __future__ import annotations

import streamlit as st

from ui import resources, state
from ui.i18n import format_date, format_time, t
from ui.widgets import render_confidence, render_phone_block, render_sources, source_label, sources_markdown
from vitale.caisses import Caisse, OpeningSpan
from vitale.directory import caisse_directory
from vitale.network import CaisseKind
from vitale.offices import Commune, Competence, LookupStatus, OfficeLookup
from vitale.provenance import Confidence

NATIONAL_LINES = ("national", "from_abroad", "english", "english_from_abroad")
MAYOTTE_LINES = ("mayotte", "from_abroad")


def commune_label(commune: Commune) -> str:
    return t(
        "office.commune_option",
        name=commune.name,
        departement_name=commune.departement_name,
        departement=commune.departement,
    )


def address_file(caisse: Caisse) -> str:
    """The downloadable text: the envelope, then where it comes from and when it was checked."""
    note = t(
        "office.address_file_note",
        source=", ".join(source_label(source_id) for source_id in caisse.source_ids),
        date=format_date(caisse.verified_on),
    )
    return "\n".join(caisse.envelope()) + "\n\n" + note + "\n"


def address_provenance(caisse: Caisse) -> str:
    """Where a current address comes from, in words, with a link to the official fiche when there is one."""
    consulted = format_date(caisse.verified_on)
    if caisse.address_source in {"dila_annuaire_2026_walkin", "dila_annuaire_walkin"}:
        text = t("office.address_walkin_as_postal", consulted=consulted)
    elif caisse.address_dated is not None:
        text = t("office.address_official", dated=format_date(caisse.address_dated), consulted=consulted)
    else:
        text = t("office.address_official_undated", consulted=consulted)
    return f"{text} [{t('office.address_official_link')}]({caisse.dila_url})" if caisse.dila_url else text


def opening_hours_text(spans: tuple[OpeningSpan, ...]) -> str:
    """``Monday: 08:30–12:30 and 13:30–17:00 ; Wednesday to Friday: …`` in the user's language."""
    parts = []
    for span in spans:
        first, last = t(f"days.{span.first_day}"), t(f"days.{span.last_day}")
        days = t("days.single", first=first) if first == last else t("days.range", first=first, last=last)
        times = t("days.times_joiner").join(
            t("days.time", opens=format_time(a), closes=format_time(b)) for a, b in span.times
        )
        parts.append(t("days.span", days=days, times=times))
    return " ; ".join(parts)


def render_walkin_offices(caisse: Caisse) -> None:
    """The walk-in offices we have for this caisse (a partial list), or how to find one — never an invented one."""
    st.markdown(f"**{t('office.walkin_heading')}**")
    offices = caisse.walkin_offices
    if not offices:
        st.markdown(t("office.walkin_none"))
        return
    blocks = [t("office.walkin_intro" if len(offices) == 1 else "office.walkin_intro_many")]
    for office in offices:
        lines = [
            t("office.walkin_office", place=office.place, street=office.street_address,
              postal_code=office.postal_code, city=office.city),
            t("office.walkin_hours", hours=opening_hours_text(office.hours))
            if office.hours else t("office.walkin_no_hours"),
        ]  # fmt: skip
        if office.by_appointment:
            lines.append(t("office.walkin_appointment"))
        if office.hours_note:
            lines.append(t("office.walkin_note", note=office.hours_note))
        source = t("office.walkin_source", dated=format_date(office.modified_on))
        lines.append(f":small[[{source}]({office.url})]" if office.url else f":small[{source}]")
        blocks.append("  \n".join(lines))
    st.markdown("\n\n".join(blocks))


KEPT_STATUSES = frozenset(
    {LookupStatus.FOUND, LookupStatus.CHOOSE_COMMUNE, LookupStatus.SEVERAL_CAISSES, LookupStatus.OUTSIDE_GENERAL_SCHEME}
)
"""Lookups whose postal code goes into the case (an unknown or invalid one is only shown)."""


def _remember(
    key: tuple[str | None, str | None],
    first: OfficeLookup,
    chosen: OfficeLookup | None,
    typed: str | None = None,
    unknown_commune: bool = False,
) -> None:
    memo = {"key": key, "first": first, "chosen": chosen, "typed": typed, "unknown_commune": unknown_commune}
    state.put(state.OFFICE_RESULT, memo)


def _memo() -> dict[str, object]:
    memo = state.get(state.OFFICE_RESULT)
    return memo if isinstance(memo, dict) else {}


def typed_postcode() -> str | None:
    """What to show in the postal-code field: the case's postal code, else the refused text last searched."""
    typed = _memo().get("typed")
    return state.case().postal_code or (typed if isinstance(typed, str) else None)


def office_results() -> tuple[OfficeLookup, OfficeLookup | None] | None:
    """The lookup of the postal code, and of the chosen commune when one had to be chosen: kept, not redone.

    Computed once per change of the case's postal code or commune (a restored case file, a search, a
    choice); a typed text that gave no postal code keeps its refused lookup until the next search.
    """
    current = state.case()
    key = (current.postal_code, current.insee_code)
    memo = state.get(state.OFFICE_RESULT)
    if isinstance(memo, dict) and memo.get("key") == key and isinstance(memo.get("first"), OfficeLookup):
        chosen = memo.get("chosen")
        return memo["first"], chosen if isinstance(chosen, OfficeLookup) else None
    if current.postal_code is None:
        return None
    index = resources.office_index()
    first = index.lookup(current.postal_code)
    chosen = None
    unknown = False
    if first.status is LookupStatus.CHOOSE_COMMUNE and current.insee_code is not None:
        if current.insee_code in {c.insee_code for c in first.communes}:
            chosen = index.lookup(current.postal_code, current.insee_code)
        else:  # a commune of another postal code (a damaged or hand-edited case file): say so, ask again
            state.update_case(insee_code=None)
            key, unknown = (current.postal_code, None), True
    _remember(key, first, chosen, unknown_commune=unknown)
    return first, chosen


def office_result() -> OfficeLookup | None:
    """The lookup that decides the caisse: the chosen commune's, else the postal code's."""
    results = office_results()
    if results is None:
        return None
    first, chosen = results
    return chosen or first


def use_postcode(typed: str) -> None:
    """Callback: look up what was typed (or a suggested fix), keep the result and the postal code."""
    result = resources.office_index().lookup(typed)
    postal_code = result.postal_code if result.status in KEPT_STATUSES else None
    state.update_case(postal_code=postal_code, insee_code=None)
    _remember((postal_code, None), result, None, typed=typed)
    st.session_state[state.OFFICE_POSTCODE_WIDGET] = typed
    st.session_state.pop(state.OFFICE_COMMUNE_WIDGET, None)


def submit_postcode() -> None:
    """Callback of the search form: look up what was typed."""
    use_postcode(st.session_state.get(state.OFFICE_POSTCODE_WIDGET) or "")


def render_problem(result: OfficeLookup) -> None:
    """The message for an invalid postal code, with a one-tap fix for a lost leading zero."""
    problem = result.problem.value if result.problem else "empty"
    if result.suggestion:
        st.error(
            t("office.problem.missing_leading_zero_suggestion", suggestion=result.suggestion), icon=":material/error:"
        )
        st.button(
            t("office.use_suggestion", suggestion=result.suggestion),
            key="office_use_suggestion",
            on_click=use_postcode,
            args=(result.suggestion,),
        )
    else:
        st.error(t(f"office.problem.{problem}"), icon=":material/error:")


def render_commune_choice(result: OfficeLookup) -> None:
    """A labelled select of the communes of this postal code; the choice is kept in the session."""
    st.info(t("office.status.choose_commune", postal_code=result.postal_code), icon=":material/location_city:")
    options = [commune.insee_code for commune in result.communes]
    labels = {commune.insee_code: commune_label(commune) for commune in result.communes}

    def _chosen() -> None:
        chosen = st.session_state.get(state.OFFICE_COMMUNE_WIDGET)
        state.update_case(insee_code=chosen if chosen in labels else None)

    st.selectbox(
        t("office.commune_label"),
        options=options,
        index=None,
        format_func=lambda code: labels.get(code, code),
        placeholder=t("office.commune_placeholder"),
        help=t("office.commune_help"),
        key=state.OFFICE_COMMUNE_WIDGET,
        on_change=_chosen,
    )


def render_territory(result: OfficeLookup) -> None:
    territory = result.territory
    if territory is None:
        return
    with st.container(border=True):
        st.header(t("office.territory_heading", name=territory.name))  # h2 under the page title
        st.write(t(territory.note_key))
        if territory.body:
            st.markdown(t("office.territory_body_known", body=territory.body))
        else:
            st.markdown(t("office.territory_body_unknown"))
        render_confidence(territory.confidence)
        render_sources(territory.source_ids)


def render_competence(competence: Competence, commune: Commune | None, departement_name: str) -> None:
    """Why this caisse: the rule in plain words, its confidence, and how to confirm."""
    lines = [f"**{t('office.competence_heading')}**"]
    if commune is not None:
        commune_line = t(
            "office.commune_line",
            name=commune.name,
            departement_name=commune.departement_name,
            departement=commune.departement,
        )
        lines.append(f":small[{commune_line}]")
    lines.append(t(f"office.rule.{competence.rule.value}", departement_name=departement_name))
    st.markdown("  \n".join(lines))
    if competence.confidence is not Confidence.HIGH or len(competence.caisse_ids) > 1:
        render_confidence(competence.confidence, t("office.how_to_confirm"))
    render_sources(competence.source_ids)


def render_caisse(caisse: Caisse) -> None:
    """A card: name and kind, envelope address (copy + download), phones, website, sources."""
    with st.container(border=True):
        st.subheader(caisse.name)
        st.caption(f"{t('office.kind_label')} {t(f'office.kind.{caisse.kind.value}')}")
        st.markdown(f"**{t('office.address_heading')}**")
        if caisse.has_address:
            st.code("\n".join(caisse.envelope()), language=None)
            st.caption(t("office.address_copy_hint"))
            st.download_button(
                t("office.download_address"),
                data=address_file(caisse),
                file_name=t("office.address_file_name"),
                mime="text/plain",
                key=f"office_download_{caisse.caisse_id}",
                icon=":material/download:",
            )
            if caisse.address_is_stale:
                st.warning(t("office.stale_address", date=format_date(caisse.verified_on)), icon=":material/warning:")
            else:
                st.markdown(f":small[{address_provenance(caisse)}]")
        else:
            st.warning(t("office.no_address"), icon=":material/warning:")
        render_walkin_offices(caisse)
        render_phone_block(MAYOTTE_LINES if caisse.kind is CaisseKind.CSS else NATIONAL_LINES)
        if caisse.ameli_url:
            website = f"[{t('office.website_caisse')}]({caisse.ameli_url})"
        elif caisse.website:
            website = f"[{t('office.website_national')}]({caisse.website})"
        else:
            website = t("office.no_website")
        verified = (
            t("sources.verified", date=format_date(caisse.verified_on))
            if caisse.verified_on
            else t("sources.not_verified")
        )
        st.markdown(
            f"**{t('office.website_label')}**  \n{website}\n\n"
            f"**{t('office.address_source_heading')}**  \n"
            f":small[{sources_markdown(caisse.source_ids, inline=True)} — {verified}]"
        )


def render_lookup() -> None:
    """The kept lookup; when the postal code's communes are served by different caisses, the commune
    choice first (the select stays on screen so the choice can be changed)."""
    results = office_results()
    if results is None:
        return
    first, chosen = results
    if first.status is not LookupStatus.CHOOSE_COMMUNE:
        render_result(first)
        return
    if _memo().get("unknown_commune"):
        st.warning(t("office.unknown_commune"))
    state.restore_widget(state.OFFICE_COMMUNE_WIDGET, state.case().insee_code)
    render_commune_choice(first)
    if chosen is not None:
        render_result(chosen)


def render_result(result: OfficeLookup) -> None:
    """Everything under the postal-code field, by status (a chosen commune never yields
    ``choose_commune`` here: :func:`render_lookup` handles that status)."""
    status = result.status
    if status is LookupStatus.INVALID_POSTCODE:
        render_problem(result)
    elif status is LookupStatus.UNKNOWN_POSTCODE:
        st.error(t("office.status.unknown_postcode", postal_code=result.postal_code), icon=":material/error:")
    elif status is LookupStatus.OUTSIDE_GENERAL_SCHEME:
        st.warning(t("office.status.outside_general_scheme"), icon=":material/public:")
        render_territory(result)
    else:
        _render_caisses(result)


def _render_caisses(result: OfficeLookup) -> None:
    names = ", ".join(commune.name for commune in result.communes)
    st.caption(t("office.communes_found", postal_code=result.postal_code, communes=names))
    if result.status is LookupStatus.SEVERAL_CAISSES:
        st.warning(t("office.status.several_caisses"), icon=":material/help:")
        st.header(t("office.candidates_heading"))
    else:
        st.header(t("office.result_heading"))
    for caisse in result.caisses:
        render_caisse(caisse)
    commune = result.communes[0] if len(result.communes) == 1 else None
    # Communes served by one caisse through the "only caisse of the département" rule share that département.
    render_competence(_strongest_doubt(result.competences), commune, result.communes[0].departement_name)


def _strongest_doubt(competences: tuple[Competence, ...]) -> Competence:
    """The competence to explain: the least certain one (all communes share the same caisses)."""
    return min(competences, key=lambda competence: competence.confidence.rank)


def render_directory() -> None:
    """Every caisse in one table: its name and département, its postal town, the date of its address (the
    official fiche's, or the day the list it comes from was drawn) and how sure it is. Drawn only when the
    reader turns it on (107 rows: not on every rerun, not in a phone's way).

    A static ``st.table``, not ``st.dataframe``: the interactive grid draws its cells on a canvas that a
    screen reader cannot read, and its toolbar speaks English only (decision 0011)."""
    if not st.toggle(t("office.directory_toggle"), key=state.OFFICE_DIRECTORY_WIDGET):
        return
    frame = caisse_directory(resources.office_index().caisses.values())
    # Four narrow columns, so that the table fits a phone's width without a scrolling region.
    shown = {
        t("office.directory_caisse"): [
            f"{name} ({departement})" for name, departement in zip(frame["caisse"], frame["departement"], strict=True)
        ],
        t("office.directory_address"): [address or t("office.directory_no_address") for address in frame["address"]],
        t("office.directory_dated"): [
            format_date(fiche or checked) if (fiche or checked) else ""
            for fiche, checked in zip(frame["address_dated"], frame["verified_on"], strict=True)
        ],
        t("office.directory_confidence"): [t(f"office.directory_confidence_{value}") for value in frame["confidence"]],
    }
    st.caption(t("office.directory_intro", count=len(frame)))
    st.table(shown, hide_index=True, border="horizontal")
