"""Lint, types and the layer rule, run as part of the test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_to_fix() -> None:
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_in_strict_mode_on_the_domain_and_the_ui() -> None:
    result = _run("mypy", "--cache-dir", "/tmp/vitale-mypy-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lint_rule_refuses_streamlit_inside_the_domain(tmp_path: Path) -> None:
    """The TID251 ban really fires: a domain module importing streamlit fails ruff."""
    offender = ROOT / "vitale" / "_layer_probe_tmp.py"
    offender.write_text('"""Probe."""\n\nimport streamlit as st\n\nst.write("x")\n', encoding="utf-8")
    try:
        result = _run("ruff", "check", "--no-cache", "--select", "TID251", str(offender))
    finally:
        offender.unlink()
    assert result.returncode == 1
    assert "TID251" in result.stdout


def test_no_domain_module_imports_streamlit() -> None:
    pattern = re.compile(r"^\s*(import streamlit|from streamlit)", re.MULTILINE)
    offenders = [p for p in (ROOT / "vitale").rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_pages_stay_thin() -> None:
    for page in (ROOT / "pages").glob("*.py"):
        assert len(page.read_text(encoding="utf-8").splitlines()) <= 80, page.name


def test_no_widget_is_bound_to_the_url_and_no_html_is_rendered_unsafely() -> None:
    """Privacy and escaping: nothing personal goes into query parameters; no raw HTML."""
    shell = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    for path in shell:
        text = path.read_text(encoding="utf-8")
        assert "query_params" not in text, path.name
        assert "bind=" not in text, path.name
        assert "unsafe_allow_html" not in text, path.name


def test_usage_statistics_are_off_and_error_details_hidden() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "gatherUsageStats = false" in config
    assert 'showErrorDetails = "none"' in config


def test_the_reference_index_is_frozen_out_of_the_garbage_collector_s_reach() -> None:
    """Streamlit collects garbage after every rerun; walking the index's objects cost ~200 ms a rerun."""
    import gc

    from ui import resources

    resources.office_index()
    assert gc.get_freeze_count() > 200_000  # ~370,000 tracked objects on 2026-12-01


# -- one home for every eligibility concept (issue 10) ---------------------------------------------

DOMAIN_AND_SHELL = [*(ROOT / "vitale").glob("*.py"), *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]


def _code(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_no_module_but_the_rules_compares_rule_ids() -> None:
    """Which rule decided is the rules' business; others read the decision's outcome, exemption or steps."""
    rule_id = re.compile(r"""\.rule\s*(==|!=|\bin\b)|["']R\d+[a-z]?["']""")
    offenders = [p.name for p in DOMAIN_AND_SHELL if p.name != "rules.py" and rule_id.search(_code(p))]
    assert offenders == []


def test_each_set_of_outcomes_and_nationalities_is_spelled_once() -> None:
    outcome_set = re.compile(r"frozenset\(\s*\{\s*Outcome\.")
    assert [p.name for p in DOMAIN_AND_SHELL if outcome_set.search(_code(p))] == ["outcomes.py"]
    eu_like = re.compile(r"\{\s*Nationality\.EU_EEA_SWISS,\s*Nationality\.UK_SETTLED_BEFORE_2021")
    assert [p.name for p in DOMAIN_AND_SHELL if eu_like.search(_code(p))] == ["answers.py"]


def test_only_the_rules_know_which_situations_exempt_from_the_three_month_wait() -> None:
    exempting = re.compile(r"Situation\.(JOINING_INSURED_FAMILY|RSA_OR_AAH|BACK_FROM_VOLONTARIAT|FAMILY_OR_HOUSING)")
    assert [p.name for p in DOMAIN_AND_SHELL if exempting.search(_code(p))] == ["rules.py"]


def test_the_mayotte_rule_lives_in_the_rules_not_in_the_assessment() -> None:
    assert "MAYOTTE" not in _code(ROOT / "vitale" / "eligibility.py")


def test_every_dated_parameter_is_read_by_the_code() -> None:
    """A parameter nobody reads is a figure typed somewhere else (two were, before issue 10)."""
    import tomllib

    declared = set(tomllib.loads(_code(ROOT / "vitale" / "parameters.toml"))["parameter"])
    code = "\n".join(_code(p) for p in (ROOT / "vitale").glob("*.py"))
    unread = {name for name in declared if f'"{name}' not in code}
    assert unread == set()
