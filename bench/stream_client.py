"""A minimal Streamlit client speaking the browser's websocket protocol, for the load benchmark.

One :class:`StreamSession` is one browser tab: a websocket to
``ws://HOST:PORT/_stcore/stream`` (subprotocol ``streamlit``, as the frontend
sends it), over which it sends :class:`BackMsg` protobufs and reads
:class:`ForwardMsg` protobufs. :meth:`StreamSession.rerun` is what the
frontend does when the page opens or a widget changes: one ``rerun_script``
BackMsg holding a :class:`ClientState` (the page, every widget value the tab
holds, a trigger for a pressed button, the hashes of the cached messages),
then it reads until the ``script_finished`` ForwardMsg. The time between the
two is the latency a user waits for, minus the browser's drawing.

Like the frontend, the session keeps the widget values it set, forgets those
of widgets that are no longer drawn, sends a button's trigger once, follows
the page the server runs (``navigation.page_script_hash``), and keeps cacheable
elements so that the server may send references (``ref_hash``) instead of
repeating them. Every ``exception`` element, a compile error or a page not
found is recorded as an error of that run; so is any text listed in
``error_texts`` (Vitale catches page exceptions and shows a translated alert).
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

STREAM_PATH = "_stcore/stream"
MAX_MESSAGE_BYTES = 200 * 1024 * 1024
TEXT_KINDS = frozenset({"markdown", "heading", "alert", "text", "code", "exception"})


def stream_url(base_url: str) -> str:
    """``http://host:port/prefix`` → ``ws://host:port/prefix/_stcore/stream`` (``https`` → ``wss``)."""
    parts = urlsplit(base_url)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}[parts.scheme]
    path = parts.path.rstrip("/")
    return f"{scheme}://{parts.netloc}{path}/{STREAM_PATH}"


@dataclass(frozen=True)
class Widget:
    """A widget drawn by a run: its element kind (``text_input``, ``radio``…), id, label, options."""

    kind: str
    id: str
    label: str
    options: tuple[str, ...] = ()
    form_id: str = ""
    disabled: bool = False
    value: str | bool | tuple[str, ...] | None = None
    """The value the server set on this run (``set_value``: a restored answer), as the frontend would keep it."""


@dataclass
class RunResult:
    """What one rerun drew and how long it took (send of ``rerun_script`` → ``script_finished``)."""

    elapsed_ms: float
    status: str = ""
    widgets: list[Widget] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    received_bytes: int = 0

    def widget(self, kind: str, label: str | None = None) -> Widget:
        """The first widget of ``kind`` (with that label, if given); raise if the run did not draw one."""
        for widget in self.widgets:
            if widget.kind == kind and (label is None or widget.label == label):
                return widget
        raise LookupError(f"no {kind} {label!r} in this run (drawn: {[(w.kind, w.label) for w in self.widgets]})")

    def shows(self, text: str) -> bool:
        """True when some text element (markdown, heading, alert…) contains ``text``."""
        return any(text in body for _, body in self.texts)


def _element_widget(kind: str, proto: Any) -> Widget | None:
    """A :class:`Widget` for element protos that carry a widget id (buttons, inputs, radios…)."""
    widget_id = getattr(proto, "id", "")
    if not widget_id:
        return None
    options = tuple(getattr(proto, "options", ()) or ())
    if options and not isinstance(options[0], str):  # button_group options are messages
        options = tuple(getattr(option, "content", "") for option in options)
    value: str | bool | tuple[str, ...] | None = None
    if getattr(proto, "set_value", False):
        raw = proto.raw_value if hasattr(proto, "raw_value") else getattr(proto, "value", None)
        if isinstance(raw, str | bool):
            value = raw
        elif isinstance(raw, Iterable) and all(isinstance(item, str) for item in raw):
            value = tuple(raw)
    return Widget(
        kind=kind,
        id=widget_id,
        label=getattr(proto, "label", ""),
        options=options,
        form_id=getattr(proto, "form_id", ""),
        disabled=bool(getattr(proto, "disabled", False)),
        value=value,
    )


def _first_page(base_url: str) -> tuple[str, str]:
    """The cookies (``name=value; …``) the page's first response sets, and the backend that answered
    (``X-Vitale-Backend``, set by deploy/'s proxy; empty without it). Loopback only."""
    host = urlsplit(base_url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError(f"the load generator only talks to loopback addresses, not {host!r}")
    with urllib.request.urlopen(base_url.rstrip("/") + "/", timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        backend = response.headers.get("X-Vitale-Backend", "")
    return "; ".join(cookie.split(";", 1)[0] for cookie in cookies), backend


class StreamSession:
    """One browser tab on a Streamlit server, driven over its websocket protocol."""

    def __init__(self, base_url: str, error_texts: Iterable[str] = (), locale: str = "en-US") -> None:
        self.url = stream_url(base_url)
        self.base_url = base_url
        self.error_texts = tuple(error_texts)
        self.locale = locale
        self.page_script_hash = ""
        self.pages: dict[str, str] = {}
        """url path → page script hash, from the ``navigation`` message."""
        self.values: dict[str, WidgetState] = {}
        self._cache: dict[str, ForwardMsg] = {}
        self._ws: ClientConnection | None = None
        self.backend = ""
        """The backend a reverse proxy chose for this tab (``X-Vitale-Backend``), if it says."""

    async def __aenter__(self) -> StreamSession:
        # Like a browser: load the page first and keep its cookies for the websocket. A reverse proxy
        # with sticky sessions (deploy/) routes by the cookie it sets on that first response.
        cookie, self.backend = await asyncio.to_thread(_first_page, self.base_url)
        self._ws = await connect(
            self.url, subprotocols=["streamlit"], max_size=MAX_MESSAGE_BYTES, open_timeout=30, ping_interval=None,
            additional_headers={"Cookie": cookie} if cookie else None,
        )  # fmt: skip
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    def set_string(self, widget: Widget, value: str) -> None:
        """A text input's text, or a radio's / selectbox's option as shown (its formatted label)."""
        self.values[widget.id] = WidgetState(id=widget.id, string_value=value)

    def set_bool(self, widget: Widget, value: bool) -> None:
        """A checkbox or a toggle."""
        self.values[widget.id] = WidgetState(id=widget.id, bool_value=value)

    def set_string_array(self, widget: Widget, values: Iterable[str]) -> None:
        """A date input's ISO dates, a segmented control's selection…"""
        state = WidgetState(id=widget.id)
        state.string_array_value.data.extend(values)
        self.values[widget.id] = state

    async def rerun(
        self, page_name: str | None = None, trigger: Widget | None = None, timeout_s: float = 60.0
    ) -> RunResult:
        """Send ``rerun_script`` (on ``page_name`` — a url path — or the current page), read to ``script_finished``."""
        assert self._ws is not None, "use 'async with StreamSession(...)'"
        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        if page_name is not None:
            state.page_name = page_name
            state.page_script_hash = self.pages.get(page_name, "")
        else:
            state.page_script_hash = self.page_script_hash
        state.widget_states.widgets.extend(self.values.values())
        if trigger is not None:
            state.widget_states.widgets.append(WidgetState(id=trigger.id, trigger_value=True))
        state.cached_message_hashes.extend(self._cache)
        state.context_info.locale = self.locale
        state.context_info.timezone = "Europe/Paris"
        state.context_info.timezone_offset = -60
        state.context_info.url = f"{self.base_url}/{page_name or ''}"
        payload = message.SerializeToString()

        started = time.perf_counter()
        result = RunResult(elapsed_ms=0.0)
        async with asyncio.timeout(timeout_s):
            await self._ws.send(payload)
            while True:
                raw = await self._ws.recv()
                assert isinstance(raw, bytes)
                result.messages += 1
                result.received_bytes += len(raw)
                forward = ForwardMsg()
                forward.ParseFromString(raw)
                if self._read(forward, result):
                    break
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        drawn = {widget.id for widget in result.widgets}
        self.values = {key: value for key, value in self.values.items() if key in drawn}
        return result

    def _read(self, forward: ForwardMsg, result: RunResult) -> bool:
        """Take one ForwardMsg into ``result``; True at the end of the run."""
        kind = forward.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(forward.ref_hash)
            if cached is None:
                result.errors.append(f"reference to an unknown cached message {forward.ref_hash}")
                return False
            forward, kind = cached, cached.WhichOneof("type")
        elif forward.metadata.cacheable and forward.hash:
            self._cache[forward.hash] = forward
        if kind == "new_session":
            self.page_script_hash = forward.new_session.page_script_hash or self.page_script_hash
        elif kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash for page in forward.navigation.app_pages}
            self.page_script_hash = forward.navigation.page_script_hash
        elif kind == "page_not_found":
            result.errors.append(f"page not found: {forward.page_not_found.page_name!r}")
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            self._element(forward.delta.new_element, result)
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
            result.status = status
            if status == "FINISHED_WITH_COMPILE_ERROR":
                result.errors.append("the script failed to compile")
            return status != "FINISHED_EARLY_FOR_RERUN"
        return False

    def _element(self, element: Any, result: RunResult) -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "exception":
            result.errors.append(f"exception element: {proto.type} {proto.message}".strip())
        if kind in TEXT_KINDS:
            body = getattr(proto, "body", "") or getattr(proto, "message", "")
            result.texts.append((kind, body))
            result.errors.extend(f"error shown: {text!r}" for text in self.error_texts if text and text in body)
            return
        widget = _element_widget(kind, proto)
        if widget is None:
            return
        result.widgets.append(widget)
        if isinstance(widget.value, bool):
            self.set_bool(widget, widget.value)
        elif isinstance(widget.value, str):
            self.set_string(widget, widget.value)
        elif widget.value is not None:
            self.set_string_array(widget, widget.value)
