"""Accessibility checks for the real-browser tests: axe-core, widget names, keyboard focus.

axe-core comes bundled in the ``axe-playwright-python`` package (``axe.min.js``, axe 4.12): it is
injected into the page from disk, so nothing is fetched at test time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Locator, Page, expect

from vitale.text import Catalog, Language

BLOCKING_IMPACTS = frozenset({"serious", "critical"})
"""The requirement (issue 6, item 5): no violation of these impacts on any page."""

ALSO_BLOCKING_RULES = frozenset({"heading-order"})
"""Moderate rules the app has fixed and keeps fixed: headings go h1 → h2 → h3 without a jump."""

EXCLUDED: dict[str, str] = {}
"""Rule id → why it is excluded. None is: every serious or critical violation found was the app's to fix.

Not blocking, hence not excluded either: ``presentation-role-conflict`` (minor), from Streamlit's own
file uploader, whose drop zone is a ``<section role="presentation" aria-label=…>``.
"""

_AXE_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}
_MAX_AUDIT_HEIGHT = 20_000


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]
    """For each element: its CSS target, its HTML (shortened) and axe's summary of what is wrong."""

    def __str__(self) -> str:
        lines = "\n".join(f"      - {node}" for node in self.nodes)
        return f"    {self.rule} ({self.impact}): {self.help}\n{lines}"


def _node(node: dict[str, Any]) -> str:
    summary = " ".join(str(node.get("failureSummary", "")).split())
    return f"{' '.join(map(str, node['target']))} {str(node['html'])[:200]} — {summary[:300]}"


def _inject_axe(page: Page) -> None:
    """Load axe-core into the page once (Streamlit switches pages without reloading the document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)


def axe_violations(page: Page) -> list[Violation]:
    """Every axe-core violation on the page as it is drawn now.

    The viewport is stretched to the whole page first: Streamlit scrolls its main area inside a
    container, and axe cannot judge the colour contrast of text scrolled out of view.
    """
    _inject_axe(page)
    viewport = page.viewport_size
    assert viewport is not None
    height = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size(
        {"width": viewport["width"], "height": min(max(viewport["height"], height), _MAX_AUDIT_HEIGHT)}
    )
    try:
        results = page.evaluate("options => axe.run(document, options)", _AXE_OPTIONS)
    finally:
        page.set_viewport_size(viewport)
    return [
        Violation(v["id"], str(v.get("impact")), v["help"], tuple(_node(n) for n in v["nodes"]))
        for v in results["violations"]
    ]


def blocking(violations: list[Violation]) -> list[Violation]:
    return [
        v
        for v in violations
        if (v.impact in BLOCKING_IMPACTS or v.rule in ALSO_BLOCKING_RULES) and v.rule not in EXCLUDED
    ]


UNNAMED_HIDDEN_LABEL_WIDGETS = """() => {
  const controls = 'input, textarea, select, button, [role=radio], [role=checkbox], [role=combobox],'
    + ' [role=spinbutton], [role=slider], [role=switch], [role=listbox], [role=textbox]';
  axe.setup(document);
  try {
    const name = (e) => axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(e)).trim();
    const offenders = [];
    for (const label of document.querySelectorAll('[data-testid="stWidgetLabel"]')) {
      if (label.checkVisibility({visibilityProperty: true}) && label.textContent.trim() !== '') continue;
      const widget = label.closest('[data-testid="stElementContainer"]') || label.parentElement;
      for (const control of widget.querySelectorAll(controls)) {
        const heard = axe.commons.dom.isVisibleToScreenReaders(axe.utils.getNodeFromTree(control));
        if (heard && name(control) === '') offenders.push(control.outerHTML.slice(0, 200));
      }
    }
    return offenders;
  } finally {
    axe.teardown();
  }
}"""
"""Controls of widgets whose label is not shown (``label_visibility="collapsed"`` or ``"hidden"``, or an
empty label) that have no accessible name (as axe-core computes it): their HTML."""


def unnamed_widgets_with_hidden_labels(page: Page) -> list[str]:
    _inject_axe(page)
    result: list[str] = page.evaluate(UNNAMED_HIDDEN_LABEL_WIDGETS)
    return result


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("element => element === document.activeElement"))


def focused_element(page: Page) -> str:
    """A short description of the focused element, for failure messages."""
    return str(
        page.evaluate(
            "() => { const e = document.activeElement; if (!e) return 'nothing';"
            " const text = (e.closest('label') || e).innerText || '';"
            " return `<${e.tagName.toLowerCase()} role=${e.getAttribute('role') || ''}"
            " aria-label=${e.getAttribute('aria-label') || ''}> ${text.trim().slice(0, 60)}`; }"
        )
    )


def tab_to(page: Page, target: Locator, *, limit: int, key: str = "Tab") -> int:
    """Press ``key`` until ``target`` has the focus; return how many presses it took (at most ``limit``)."""
    visited = []
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if is_focused(target):
            return presses
        visited.append(focused_element(page))
    trail = "\n  ".join(visited)
    raise AssertionError(f"{target} not reached with {limit} presses of {key}; the focus went to:\n  {trail}")


def focus_is_visible(page: Page, target: Locator, visual: Locator) -> bool:
    """Whether ``target`` (focused) looks different from itself unfocused: a visible focus indicator.

    Keyboard only: a screenshot of ``visual`` (the drawn part of ``target``, e.g. a radio's label)
    with the focus, Tab away, a screenshot without it, Shift+Tab back.
    """
    assert is_focused(target), focused_element(page)
    assert target.evaluate("element => element.matches(':focus-visible')"), "the browser hides this focus"
    box = visual.bounding_box()
    assert box is not None
    margin = 6  # focus rings are drawn around the element (outline, box-shadow)
    clip = {"x": box["x"] - margin, "y": box["y"] - margin, "width": box["width"] + 2 * margin}
    clip["height"] = box["height"] + 2 * margin
    with_focus = page.screenshot(clip=clip, animations="disabled")
    page.keyboard.press("Tab")
    without_focus = page.screenshot(clip=clip, animations="disabled")
    page.keyboard.press("Shift+Tab")
    assert is_focused(target), f"Shift+Tab did not come back: {focused_element(page)}"
    return with_focus != without_focus


def date_part(page: Page, label: str, name: str) -> Locator:
    """One select of the date ``label`` (ui/date_entry.py), by its part's name (``Day``, ``Month``, ``Year``)."""
    return page.get_by_role("combobox", name=f"{label} — {name}", exact=True)


def type_date(page: Page, label: str, parts: tuple[str, str, str], names: tuple[str, str, str]) -> None:
    """From the focused day select of the date ``label``, type the day, the month's first letters and the year,
    each taken with Enter, moving on with Tab: a date entered with the keyboard only."""
    for index, (name, typed) in enumerate(zip(names, parts, strict=True)):
        box = date_part(page, label, name)
        if index:
            tab_to(page, box, limit=3)
        page.keyboard.type(typed)
        option = page.get_by_role("option", name=typed, exact=True)
        expect(option, f"{name}: {typed!r} offered, focus on {focused_element(page)}").to_be_visible()
        page.keyboard.press("Enter")
        expect(box).to_have_value(typed)


def _date_words(catalog: Catalog, language: Language) -> tuple[tuple[str, str, str], list[str]]:
    names = tuple(catalog.text(language, f"date_entry.{part}") for part in ("day", "month", "year"))
    return (names[0], names[1], names[2]), catalog.raw(language, "date.months_short").split(",")


def enter_date(page: Page, label: str, day: date, catalog: Catalog, language: Language) -> None:
    """Enter ``day`` in the date ``label``: open its day select, then :func:`type_date` (typing and Tab)."""
    names, months = _date_words(catalog, language)
    date_part(page, label, names[0]).click()
    type_date(page, label, (str(day.day), months[day.month - 1], str(day.year)), names)


def shown_date(page: Page, label: str, catalog: Catalog, language: Language) -> date | None:
    """The date the entry ``label`` shows (``None`` unless its three parts are chosen)."""
    names, months = _date_words(catalog, language)
    day, month, year = (date_part(page, label, name).input_value() for name in names)
    if not (day and month and year):
        return None
    return date(int(year), months.index(month) + 1, int(day))
