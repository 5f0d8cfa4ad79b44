"""Keep the case in this browser (issue 14): opt-in, in the browser's own ``localStorage``, nothing on the server.

A reload (F5) or a dropped connection starts a new Streamlit session, and the case that lived in the old
one is gone. A person who turns on "Keep my answers in this browser" gets a copy of the case written to
the browser's ``localStorage`` (under :data:`STORAGE_KEY`, for this site only) whenever it changes; a new
session in the same browser reads it back. Off by default (a shared computer would show the next person
everything), turned off and erased by Start again, erased when turned off. The downloadable case file stays
the portable copy. Why this way: docs/decisions/0007-case-in-the-browser.md.

The bridge is a minimal ``st.components.v2`` component of our own: a few lines of inline JavaScript, no
file, no package, nothing fetched from anywhere. It is mounted only in a run that has something for it to do
(:func:`action`), and its ``data`` says what:

* ``{"read": true}`` — in the first runs of a session (:data:`READ_RUNS`): if the browser holds a copy, send
  it back (a trigger value, so it crosses the wire once, not with every later rerun). Nothing stored, no
  answer: a visitor who never opted in costs no extra rerun;
* ``{"write": "<case file JSON>"}`` — only in a run where the case changed while keeping is on; a write the
  browser refuses (storage blocked by its settings, or full) is told back (trigger ``failed``): keeping is
  turned off and the person told so;
* ``{"remove": true}`` — once, after the person turned keeping off, pressed Start again, or the stored
  copy was refused.

In every other run it is not mounted at all: no element, no payload, no storage access. What is written
and read back is exactly the case file (:func:`vitale.casefile.dumps` / :func:`~vitale.casefile.loads`): a
damaged or hostile stored value is refused with a translated message and erased, never a traceback. Nothing
here is logged.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

import streamlit as st

from ui import state, wizard
from ui.i18n import catalog, t
from vitale.case import Case
from vitale.casefile import CaseFileError, dumps, loads

STORAGE_KEY: Final = "vitale-case"
"""The ``localStorage`` item (one per site and browser profile; private windows have their own, emptied on close)."""

COMPONENT: Final = "vitale_browser_store"
"""The component's registered name, and its key in the session (the frame mounts it at most once per run)."""

TOGGLE_WIDGET: Final = "browser_store_toggle"

_JS: Final = f"""
const KEY = "{STORAGE_KEY}";
export default function ({{ data, setTriggerValue }}) {{
  const writing = typeof data?.write === "string";
  try {{
    const storage = window.localStorage;
    if (writing) {{
      storage.setItem(KEY, data.write);
    }} else if (data?.remove === true) {{
      storage.removeItem(KEY);
    }} else if (data?.read === true) {{
      const stored = storage.getItem(KEY);
      if (stored !== null) {{
        setTriggerValue("stored", stored);
      }}
    }}
  }} catch (error) {{
    // Storage blocked, full or unavailable. Nothing is logged; only a failed write is told (the person asked for it).
    if (writing) {{
      setTriggerValue("failed", true);
    }}
  }}
}}
"""
"""The component's code: no HTML, no request; the case goes from ``data`` to storage and back."""

_CSS: Final = f".st-key-{COMPONENT} {{ display: none; }}"
"""The bridge shows nothing and takes no room: without this, its empty element still adds a gap to the page.
``isolate_styles=False`` puts this rule in the page itself (in a shadow root it would reach nothing)."""

_component = st.components.v2.component(COMPONENT, js=_JS, css=_CSS, isolate_styles=False)


def digest(payload: bytes) -> str:
    """A short fingerprint of a case file, kept in the session to tell whether the browser's copy is current."""
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


READ_RUNS: Final = 3
"""The first runs of a session ask the browser for its copy. The first page is drawn by run 1 and the
component answers within moments (a trigger, so run 2 if a copy is stored); a run 3 before that answer would
take two interactions in that moment. After that, a session that heard nothing takes it that nothing is stored
and stops asking, so a visitor who never opted in costs nothing in later runs."""


def action(current: Case) -> dict[str, Any] | None:
    """What the component must do in this run (its ``data``), or None for nothing (then it is not mounted);
    records what the browser will hold.

    Called once per run, after the page has run (its changes included). The case file is built only while
    keeping is on, and sent only in a run where it differs from the copy already written.
    """
    sync = state.get(state.BROWSER_SYNC)
    if state.get(state.BROWSER_KEEP):
        payload = dumps(current)
        fingerprint = digest(payload)
        if fingerprint == sync:
            return None
        state.put(state.BROWSER_SYNC, fingerprint)
        return {"write": payload.decode("utf-8")}
    if sync is None:
        reads = state.get(state.BROWSER_READS, 0)
        if reads >= READ_RUNS:
            state.put(state.BROWSER_SYNC, state.BROWSER_NOTHING)
            return None
        state.put(state.BROWSER_READS, reads + 1)
        return {"read": True}
    if sync != state.BROWSER_NOTHING:  # BROWSER_REMOVE, or a copy written while keeping was on
        state.put(state.BROWSER_SYNC, state.BROWSER_NOTHING)
        return {"remove": True}
    return None


def stored_case(value: object) -> Case:
    """The case in a value read from the browser's storage: exactly a case file (:func:`vitale.casefile.loads`),
    refused with :class:`~vitale.casefile.CaseFileError` if it is anything else (not text, a lone surrogate…)."""
    if not isinstance(value, str):
        raise CaseFileError("not_json")
    return loads(value.encode("utf-8", "surrogatepass"))


def mount() -> None:
    """Mount the bridge (the frame's last element) when there is something to do (:func:`action`); else nothing."""
    todo = action(state.case())
    if todo is not None:
        _component(key=COMPONENT, data=todo, height=0, on_stored_change=_received, on_failed_change=_failed)


def _trigger(name: str) -> object:
    """The value the component sent with the trigger ``name`` for this run, if any."""
    try:
        return st.session_state[COMPONENT][name]
    except (KeyError, TypeError):
        return None


def _received() -> None:
    """Component callback (before the run): the browser sent the copy it holds; restore it if we may."""
    receive(_trigger("stored"))


def _failed() -> None:
    """Component callback: the browser refused to keep the copy (storage blocked by its settings, or full).
    Keeping is turned off and the person told so; an older copy, if any, is erased."""
    if _trigger("failed") is not True:
        return
    state.put(state.BROWSER_KEEP, False)
    state.put(state.BROWSER_SYNC, state.BROWSER_REMOVE)
    state.put(state.BROWSER_NOTICE, "browser_store.unavailable")


def receive(value: object) -> None:
    """Restore the stored copy ``value`` into an empty session case; refuse and erase a bad one.

    Only the first answer of a session counts (a remounted component may read again). A session that
    already holds something keeps it: nothing the person is doing is overwritten; keeping stays on and
    the stored copy is replaced by the current case.
    """
    if value is None or state.get(state.BROWSER_SYNC) is not None:
        return
    try:
        restored = stored_case(value)
    except CaseFileError:
        state.put(state.BROWSER_KEEP, False)
        state.put(state.BROWSER_SYNC, state.BROWSER_REMOVE)
        state.put(state.BROWSER_NOTICE, "browser_store.refused")
        return
    state.put(state.BROWSER_KEEP, True)
    if state.case() != Case():
        # Not restored: the current case is written over the stored copy (any value but its fingerprint does it).
        state.put(state.BROWSER_SYNC, state.BROWSER_REMOVE)
        state.put(state.BROWSER_NOTICE, "browser_store.not_restored")
        return
    wizard.resume(restored)
    state.put(state.BROWSER_SYNC, digest(dumps(restored)))
    if restored != Case():  # keeping was on but nothing entered yet: nothing to announce
        state.put(state.BROWSER_NOTICE, "browser_store.restored")


def _toggled() -> None:
    keep = bool(st.session_state.get(TOGGLE_WIDGET))
    state.put(state.BROWSER_KEEP, keep)
    if not keep:
        state.put(state.BROWSER_SYNC, state.BROWSER_REMOVE)
    state.put(state.BROWSER_NOTICE, None)


def render_switch() -> None:
    """The opt-in: off unless the person turns it on; what it keeps, where, and the shared-computer warning."""
    st.session_state[TOGGLE_WIDGET] = bool(state.get(state.BROWSER_KEEP))
    # No help icon: on a phone, a tap on an icon inside the switch's label flips the switch.
    st.toggle(t("browser_store.switch"), key=TOGGLE_WIDGET, on_change=_toggled)
    st.caption(t("browser_store.about"))
    st.caption(t("browser_store.on" if state.get(state.BROWSER_KEEP) else "browser_store.off"))


def render_notice() -> None:
    """Say once what happened to the stored copy: restored, refused and erased, not loaded, or not kept."""
    key = state.get(state.BROWSER_NOTICE)
    if not key or not catalog().has(key):
        return
    state.put(state.BROWSER_NOTICE, None)
    if key == "browser_store.refused":
        st.error(t(key), icon=":material/error:")
    elif key in {"browser_store.not_restored", "browser_store.unavailable"}:
        st.warning(t(key), icon=":material/warning:")
    else:
        st.success(t(key), icon=":material/restore:")
