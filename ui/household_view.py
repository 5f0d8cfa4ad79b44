"""« Who is moving with you? »: the partner and children on the eligibility page, each with their route (issue 15).

The household lives only in the case (``state.case().members``); this module keeps UI state only, under keys
that start with :data:`PREFIX` (cleared by Start again with the other widgets): which form is open
(:data:`OPEN`: a member's id, or ``new_partner`` / ``new_child``), the text keys of the open form's errors
(:data:`ERRORS`) and the last notice (:data:`NOTICE`). One member's form is open at a time; its widgets are
``household_form_<field>`` and keep what was typed while an error is shown.

A label is shown as typed and never as markup: every text that quotes it goes through :func:`plain`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

import streamlit as st
from pydantic import ValidationError

from ui import date_entry, state, wizard
from ui.i18n import format_date, t
from ui.widgets import render_sources, sources_markdown
from ui.wizard_view import text_values
from vitale.answers import EARLIEST_ARRIVAL, Activity, Answers, Nationality, ResidenceStatus, Situation
from vitale.dates import add_months
from vitale.household import (
    MAX_LABEL,
    MAX_MEMBERS,
    Member,
    MemberProblem,
    PartnerLink,
    Relation,
    assess_household,
    household_problems,
    next_member_id,
)
from vitale.outcomes import Assessment

PREFIX: Final = state.HOUSEHOLD_PREFIX
OPEN: Final = "household_open"
"""The open form: a member's id (Edit), ``new_partner`` or ``new_child`` (Add); None when no form is open."""
ERRORS: Final = "household_errors"
"""The open form's problems, as text keys (never what was typed)."""
NOTICE: Final = "household_notice"
"""The text key of what was just done (saved, removed), said once."""
FORM: Final = "household_form"
FIELD: Final = "household_form_"
CARD: Final = "household_member_"
"""A member's card (an expander whose state is kept): ``household_member_<id>``."""

EARLIEST_BIRTH: Final = date(1900, 1, 1)
NEEDS_RESIDENCE_DOCUMENT: Final = frozenset({Nationality.OTHER, Nationality.UK_FROM_2021})
"""The nationalities for which the partner's residence document is asked (as the questionnaire asks it)."""
PARTNER_SITUATIONS: Final = (Situation.S1, Situation.EHIC)
WITH_YOU, LATER = "with_you", "later"
ARRIVAL_YEARS_AHEAD: Final = 2

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$^&=\"'])")


def plain(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters: no emphasis, link, HTML, directive or icon."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def field(name: str) -> str:
    return FIELD + name


# -- reading the session ------------------------------------------------------------------------------


def members() -> tuple[Member, ...]:
    """The case's members, at most :data:`MAX_MEMBERS` (a damaged session holding more shows the first ones)."""
    return tuple(member for member in state.case().members[:MAX_MEMBERS] if isinstance(member, Member))


def applicant_birth() -> date | None:
    sender = state.case().sender
    return sender.date_of_birth if sender is not None else None


def open_target() -> str | None:
    value = state.get(OPEN)
    return value if isinstance(value, str) else None


def _errors() -> list[str]:
    value = state.get(ERRORS)
    return [key for key in value if isinstance(key, str)] if isinstance(value, list) else []


# -- callbacks ------------------------------------------------------------------------------------------


def open_form(target: str) -> None:
    """Edit a member (``target`` is its id) or add one (``new_partner``, ``new_child``): fill the form's widgets."""
    member = next((m for m in members() if m.id == target), None)
    if member is None and target not in {"new_partner", "new_child"}:
        return
    _clear_fields()
    state.put(OPEN, target)
    state.put(ERRORS, [])
    state.put(NOTICE, None)
    if member is None:
        nationality = state.case().answers.nationality
        st.session_state[field("nationality")] = str(nationality) if nationality else None
        st.session_state[field("arrival")] = WITH_YOU
        return
    st.session_state[field("label")] = member.label
    date_entry.put(field("birth"), member.birth_date)
    st.session_state[field("link")] = str(member.partner_link) if member.partner_link else None
    st.session_state[field("activity")] = str(member.activity) if member.activity else None
    st.session_state[field("nationality")] = str(member.nationality) if member.nationality else None
    st.session_state[field("residence")] = str(member.residence_status) if member.residence_status else None
    st.session_state[field("arrival")] = WITH_YOU if member.arrival_date is None else LATER
    date_entry.put(field("arrival_date"), member.arrival_date)
    for situation in PARTNER_SITUATIONS:
        st.session_state[field(f"situation_{situation}")] = situation in member.situations


def close_form() -> None:
    _clear_fields()
    state.put(OPEN, None)
    state.put(ERRORS, [])


def _clear_fields() -> None:
    for key in [k for k in st.session_state if str(k).startswith(FIELD)]:
        del st.session_state[key]


def remove(member_id: str) -> None:
    """Remove a member at once (nothing more is asked) and say it was done."""
    kept = tuple(member for member in members() if member.id != member_id)
    ids = {member.id for member in kept}
    ticks = {key: value for key, value in state.case().member_ticked.items() if key in ids}  # theirs go with them
    if state.try_update_case(members=kept, member_ticked=ticks):
        if open_target() == member_id:
            close_form()
        st.session_state.pop(card_key(member_id), None)  # an id given again later starts closed
        state.put(NOTICE, "household.ui.removed")


def save(today: date) -> None:
    """The open form's answers as a member, checked (fields, then :func:`household_problems`); stored in the
    case, or the form stays open with its values and its problems."""
    target = open_target()
    current = members()
    editing = next((m for m in current if m.id == target), None)
    if editing is None and target not in {"new_partner", "new_child"}:
        close_form()
        return
    relation = editing.relation if editing else Relation(target.removeprefix("new_"))  # type: ignore[union-attr]
    values, errors = _read_form(relation, today)
    if errors:
        state.put(ERRORS, errors)
        return
    member_id = editing.id if editing else next_member_id(current)
    try:
        member = Member.model_validate({"id": member_id, "relation": relation, **values})
    except ValidationError as error:
        fields = {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}
        state.put(ERRORS, ["household.ui.error.label"] if fields == {"label"} else ["household.ui.error.invalid"])
        return
    updated = tuple(member if m.id == member_id else m for m in current) if editing else (*current, member)
    index = next(i for i, m in enumerate(updated) if m.id == member_id)
    problems = [p.message_key for p in household_problems(updated, today, applicant_birth()) if p.index == index]
    if problems:
        state.put(ERRORS, problems)
        return
    if not state.try_update_case(members=updated):
        state.put(ERRORS, ["household.problem.too_many"])
        return
    close_form()
    st.session_state[card_key(member_id)] = True  # open: the route of who was just saved is what they look for
    state.put(NOTICE, "household.ui.saved")


def _read_form(relation: Relation, today: date) -> tuple[dict[str, Any], list[str]]:
    """The form's values for a :class:`Member`, or the text keys of what is missing or wrong (re-checked here:
    the browser can send anything)."""
    errors: list[str] = []
    label = st.session_state.get(field("label"))
    label = label.strip() if isinstance(label, str) else ""
    if not label or len(label) > MAX_LABEL:
        errors.append("household.ui.error.label")
    birth, problem = date_entry.read(field("birth"), EARLIEST_BIRTH, date.max)
    if birth is None:
        errors.append("household.ui.error.birth_date" if problem in {None, "date_entry.incomplete"} else problem)
    values: dict[str, Any] = {"label": label, "birth_date": birth}
    arrival = st.session_state.get(field("arrival"))
    if arrival not in {WITH_YOU, LATER}:
        errors.append("household.ui.error.arrival")
    elif arrival == LATER:
        arrival_date, problem = date_entry.read(field("arrival_date"), EARLIEST_ARRIVAL, _latest_arrival(today))
        if arrival_date is None:
            errors.append("household.ui.error.arrival_date" if problem in {None, "date_entry.incomplete"} else problem)
        values["arrival_date"] = arrival_date
    if relation is Relation.CHILD:
        return values, errors
    for name, kind in (("link", PartnerLink), ("activity", Activity), ("nationality", Nationality)):
        value = st.session_state.get(field(name))
        if value not in {str(option) for option in kind}:
            errors.append(f"household.ui.error.{name}")
        values["partner_link" if name == "link" else name] = value
    if values.get("nationality") in NEEDS_RESIDENCE_DOCUMENT:
        status = st.session_state.get(field("residence"))
        if status not in {str(option) for option in ResidenceStatus}:
            errors.append("household.ui.error.residence_status")
        values["residence_status"] = status
    values["situations"] = [s for s in PARTNER_SITUATIONS if st.session_state.get(field(f"situation_{s}")) is True]
    return values, errors


def _latest_arrival(today: date) -> date:
    return add_months(today, 12 * ARRIVAL_YEARS_AHEAD)


# -- drawing --------------------------------------------------------------------------------------------


def heading_of(member: Member) -> str:
    """« Léa, your partner », the label escaped."""
    key = "household.ui.partner_heading" if member.relation is Relation.PARTNER else "household.ui.child_heading"
    return t(key, label=plain(member.label))


def render_household(answers: Answers, today: date) -> None:
    """The section: its heading, one card per member — closed, its label says who they are and their route;
    open, the route in full with Edit and Remove — the add buttons (disabled with the reason when no one more
    can be added), and the open form.

    A closed card draws nothing inside it (the card is a stateful expander, its body drawn only while open): a
    household of 6 costs about what a household of one costs on every rerun, and a phone shows each person's
    route in one line instead of six screens of text. A member with a problem starts open, so the problem is
    seen; a member just added or being edited is opened for the person."""
    st.header(t("household.ui.heading"))
    st.write(t("household.ui.intro"))

    shown = members()
    problems = household_problems(state.case().members, today, applicant_birth())
    if any(problem.reason == "too_many" for problem in problems):
        st.warning(t("household.problem.too_many"), icon=":material/warning:")
    routes = _routes(answers, shown, problems, today)
    target = open_target()
    if not shown:
        st.caption(t("household.ui.none_yet"))
    for index, member in enumerate(shown):
        own = [p for p in problems if p.index == index]
        # No icon: with one, Streamlit shows the open/close chevron only under a mouse, never on a phone.
        card = st.expander(
            card_label(member, routes[index], own), expanded=bool(own), key=card_key(member.id), on_change="rerun"
        )
        if target == member.id and not card.open:
            # Closed while its form was open: the form is cancelled, as Cancel does. Left open inside a closed
            # card, it would keep Add and Edit disabled with nothing on screen to save or cancel.
            close_form()
            target = None
        if card.open:
            with card:
                _render_member(member, routes[index], own, busy=target not in {None, member.id})
                if target == member.id:
                    _render_form(
                        member.relation, today, heading=t("household.ui.edit_heading", label=plain(member.label))
                    )
    if target in {"new_partner", "new_child"}:
        relation = Relation(target.removeprefix("new_"))
        with st.container(border=True):
            new = "household.ui.new_partner" if relation is Relation.PARTNER else "household.ui.new_child"
            _render_form(relation, today, heading=t(new))
    # Said here, under the list and above the add buttons: where the person tapped Save (on a phone, the top of
    # the section is out of sight).
    notice = state.get(NOTICE)
    if isinstance(notice, str) and notice in {"household.ui.removed", "household.ui.saved"}:
        st.success(t(notice), icon=":material/check_circle:")
    state.put(NOTICE, None)
    _render_add_buttons(shown, form_open=target is not None)


def card_key(member_id: str) -> str:
    """The key of a member's card: its state (open or closed) is kept in the session under it."""
    return CARD + member_id


def card_label(member: Member, route: Assessment | None, problems: list[MemberProblem]) -> str:
    """A card's one line: « **Léa, your child** — Léa is covered through you… », from when if not now, or that
    something must be corrected."""
    if problems or route is None:
        return f"**{heading_of(member)}** — {t('household.ui.to_correct')}"
    label = f"**{heading_of(member)}** — {t(f'member_outcome.{route.outcome.value}', name=plain(member.label))}"
    if route.eligible_from is not None:  # a later arrival, a wait: said even while the card is closed
        label += " · " + t("outcome_page.eligible_from_label", date=format_date(route.eligible_from))
    return label


def _routes(
    answers: Answers, shown: tuple[Member, ...], problems: tuple[MemberProblem, ...], today: date
) -> list[Assessment | None]:
    """Each member's route, or None for a member with a problem (their route would say nothing true)."""
    blocked = {problem.index for problem in problems}
    try:
        assessed = assess_household(answers, shown, today)
    except (ValidationError, ValueError):  # answers no widget could give: no route rather than an error
        return [None] * len(shown)
    return [None if index in blocked else assessed[index] for index in range(len(shown))]


def _render_member(member: Member, route: Assessment | None, problems: list[MemberProblem], *, busy: bool) -> None:
    """An open card: the member's dates, their problems or their route in full, then Edit and Remove (Edit is
    disabled while another person's form is open: opening this one would lose what was typed there)."""
    facts = [t("household.ui.born", date=format_date(member.birth_date))]
    if member.arrival_date is not None:
        facts.append(t("household.ui.arrives_on", date=format_date(member.arrival_date)))
    st.markdown(" · ".join(facts))  # who they are is the card's label, just above
    for problem in problems:
        st.error(t(problem.message_key), icon=":material/error:")
    if route is None:
        if problems:
            st.caption(t("household.ui.route_blocked"))
    else:
        render_route(route)
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("household.ui.edit"), key=f"household_edit_{member.id}", on_click=open_form, args=(member.id,),
            help=t("household.ui.form_open" if busy else "household.ui.edit_help", label=plain(member.label)),
            icon=":material/edit:", disabled=busy,
        )  # fmt: skip
        st.button(
            t("household.ui.remove"), key=f"household_remove_{member.id}", on_click=remove, args=(member.id,),
            help=t("household.ui.remove_help", label=plain(member.label)), icon=":material/person_remove:",
        )  # fmt: skip


def render_route(route: Assessment) -> None:
    """A member's route as the applicant's is shown — from when, why with sources, next steps, cautions — its
    outcome being the card's label. Each part's heading and text are one element (fewer to draw every rerun)."""
    if route.eligible_from is not None:
        st.info(t("outcome_page.eligible_from_label", date=format_date(route.eligible_from)), icon=":material/event:")
    why = (
        f"{t(reason.text_key, **text_values(reason.values))}  \n"
        f":small[{sources_markdown(reason.source_ids, inline=True)}]"
        for reason in route.reasons
    )
    st.markdown("\n\n".join((f"**{t('outcome_page.why')}**", *why)))
    if route.next_steps:
        steps = "\n".join(f"{n}. {t(step)}" for n, step in enumerate(route.next_steps, start=1))
        st.markdown(f"**{t('outcome_page.next')}**\n\n{steps}")
    if route.cautions:
        st.markdown(f"**{t('outcome_page.cautions')}**")
        for caution in route.cautions:
            st.warning(t(caution.text_key), icon=":material/warning:")
        render_sources(source for caution in route.cautions for source in caution.source_ids)


def _render_add_buttons(shown: tuple[Member, ...], form_open: bool) -> None:
    """Add a partner, Add a child: disabled, with the reason said under them, when the household is full, a
    partner is already there, or a form is open (opening another would lose what was typed in it)."""
    full = len(shown) >= MAX_MEMBERS
    has_partner = any(member.relation is Relation.PARTNER for member in shown)
    child_reason = "household.ui.full" if full else "household.ui.form_open" if form_open else None
    partner_reason = child_reason or ("household.ui.partner_taken" if has_partner else None)
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("household.ui.add_partner"), key="household_add_partner", on_click=open_form, args=("new_partner",),
            disabled=partner_reason is not None, help=t(partner_reason) if partner_reason else None,
            icon=":material/person_add:",
        )  # fmt: skip
        st.button(
            t("household.ui.add_child"), key="household_add_child", on_click=open_form, args=("new_child",),
            disabled=child_reason is not None, help=t(child_reason) if child_reason else None,
            icon=":material/child_care:",
        )  # fmt: skip
    if partner_reason:
        st.caption(t(partner_reason))


def _render_form(relation: Relation, today: date, *, heading: str) -> None:
    """One member's questions (only those that change their route), then Save and Cancel; the problems under them."""
    with st.form(FORM, border=False, enter_to_submit=False):
        st.markdown(f"**{heading}**")
        st.text_input(
            t("household.ui.label"), key=field("label"), max_chars=MAX_LABEL, help=t("household.ui.label_help")
        )
        date_entry.render(
            t("household.ui.birth_date"), field("birth"), EARLIEST_BIRTH, today, help=t("wizard.date_format")
        )
        if relation is Relation.PARTNER:
            _radio("household.ui.link_label", "link", [str(o) for o in PartnerLink], "household.ui.link")
            _radio("household.ui.activity", "activity", [str(o) for o in Activity], "option.activity")
            _radio(
                "household.ui.nationality", "nationality", [str(o) for o in Nationality], "option.nationality",
                help_key="household.ui.nationality_help",
            )  # fmt: skip
            if st.session_state.get(field("nationality")) in NEEDS_RESIDENCE_DOCUMENT or st.session_state.get(
                field("residence")
            ):
                _radio(
                    "household.ui.residence_status", "residence", [str(o) for o in ResidenceStatus],
                    "option.residence_status", help_key="household.ui.residence_help",
                )  # fmt: skip
        _radio("household.ui.arrival_label", "arrival", [WITH_YOU, LATER], "household.ui.arrival_option")
        date_entry.render(
            t("household.ui.arrival_date"), field("arrival_date"), EARLIEST_ARRIVAL, _latest_arrival(today),
            help=t("wizard.date_format"),
        )  # fmt: skip
        if relation is Relation.PARTNER:
            st.markdown(f"**{t('household.ui.situations')}**")
            for situation in PARTNER_SITUATIONS:
                st.checkbox(t(f"household.ui.situation.{situation}"), key=field(f"situation_{situation}"))
        for error in dict.fromkeys(_errors()):
            st.error(_error_text(error, today), icon=":material/error:")
        with st.container(horizontal=True, gap="small"):
            st.form_submit_button(t("household.ui.cancel"), on_click=close_form, icon=":material/close:")
            st.form_submit_button(
                t("household.ui.save"), type="primary", on_click=save, args=(today,), icon=":material/check:"
            )


def _radio(label_key: str, name: str, options: list[str], option_prefix: str, *, help_key: str | None = None) -> None:
    label = t(label_key)
    labels = {option: t(f"{option_prefix}.{option}") for option in options}
    st.radio(
        label, options, index=None, key=field(name), format_func=labels.__getitem__,
        help=t(help_key) if help_key else None,
    )  # fmt: skip


def _error_text(key: str, today: date) -> str:
    """A form problem in the page's language (a date's problem with its range in words)."""
    if key.startswith("date_entry."):
        return date_entry.problem_text(key, EARLIEST_BIRTH, _latest_arrival(today))
    return t(key)


def render_check_summary() -> None:
    """On the check page: how many people move with the applicant, and the way to add or change them."""
    shown = members()
    st.subheader(t("household.ui.heading"))
    if shown:
        names = ", ".join(plain(member.label) for member in shown)
        st.markdown(f"{t('household.ui.check_count', count=len(shown))}  \n{names}")
    else:
        st.markdown(t("household.ui.check_none"))
    st.button(t("household.ui.check_button"), key="household_go", on_click=show_household, icon=":material/group_add:")


def show_household() -> None:
    """From the check page: the household on its own screen (the applicant's answers are complete)."""
    state.put(state.WIZARD_VIEW, "household")


def render_household_screen(answers: Answers, today: date) -> None:
    """The household on its own screen, with the way back to the check page and on to the outcome."""
    render_household(answers, today)
    st.divider()
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("household.ui.back_to_check"), key="household_back", on_click=wizard.show_check,
            icon=":material/arrow_back:",
        )  # fmt: skip
        st.button(
            t("wizard.see_outcome"), key="household_outcome", on_click=wizard.show_outcome, type="primary",
            icon=":material/check:",
        )  # fmt: skip
