"""Every rule, figure and address cites a known source with a date (documentation tests)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import DATA, ROOT
from vitale.journey import JOURNEY, NEEDS_SOURCES
from vitale.parameters import DatedParameter, DatedValue, load_parameters
from vitale.provenance import Confidence
from vitale.sources import registry

SOURCES = registry()
PARAMETERS = load_parameters()


def test_every_phone_line_cites_a_known_source_and_says_how_sure_we_are() -> None:
    for line in PARAMETERS.phone_lines.values():
        assert line.source in SOURCES
        if line.confidence is Confidence.HIGH:
            assert line.verified_on is not None


def test_the_national_and_english_lines_are_those_of_the_domain_reference() -> None:
    assert PARAMETERS.phone("national").dial == "3646"
    assert PARAMETERS.phone("english").number == "09 74 75 36 46"
    assert PARAMETERS.phone("english").confidence is Confidence.LOW  # undated ameli page (domain.md ⚠)
    assert PARAMETERS.phone("mayotte").number == "02 69 61 91 91"


def test_every_dated_parameter_cites_a_known_source() -> None:
    for parameter in PARAMETERS.parameters.values():
        for value in parameter.values:
            assert value.source in SOURCES


def test_every_journey_step_cites_known_sources() -> None:
    for step in JOURNEY:
        assert step.source_ids
        assert set(step.source_ids) <= set(SOURCES)
    assert set(NEEDS_SOURCES) <= set(SOURCES)


def _value(since: date, value: int) -> DatedValue:
    return DatedValue(since=since, value=value, source="F265", verified_on=since, confidence=Confidence.HIGH)


def test_a_dated_parameter_answers_with_the_value_in_force_on_a_date() -> None:
    parameter = DatedParameter(
        id="ceiling", description="test", values=(_value(date(2025, 4, 1), 2), _value(date(2024, 4, 1), 1))
    )
    assert parameter.at(date(2024, 12, 31)).value == 1
    assert parameter.at(date(2025, 4, 1)).value == 2
    assert parameter.at(date(2030, 1, 1)).value == 2
    assert parameter.at(date(2000, 1, 1)).value == 1  # before the first: the earliest, with its `since`


def test_sources_md_describes_every_data_file() -> None:
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for path in DATA.glob("*.csv"):
        assert f"## {path.name}" in text, path.name
    for heading in re.findall(r"^## (\S+\.csv)", text, flags=re.MULTILINE):
        assert (DATA / heading).exists(), heading


@pytest.mark.parametrize("field", ["Source", "Licence", "Version", "Retrieved", "Built by", "Last verified"])
def test_sources_md_gives_each_file_its_provenance_fields(field: str) -> None:
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    sections = text.split("\n## ")[1:]
    assert sections
    for section in sections:
        assert f"**{field}**" in section, section.splitlines()[0]


def test_the_readme_names_the_setup_run_and_test_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install -r requirements-dev.txt" in readme
    assert "streamlit run app.py" in readme
    assert "python -m pytest" in readme


def test_the_readme_is_a_front_door_with_the_commands_on_its_first_screen() -> None:
    """Issue 12: set-up, run and test within the first 60 lines; the whole README under 10 kB."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:60])
    for command in ("python -m pip install -r requirements-dev.txt", "streamlit run app.py", "python -m pytest"):
        assert command in first_screen
    assert len(readme.encode("utf-8")) < 10_000


def test_every_link_of_the_readme_to_a_file_of_the_project_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?!https?:)[^)#]+)\)", readme)
    assert targets
    assert [target for target in targets if not (ROOT / target).exists()] == []


def test_the_sources_called_estimates_are_all_ours_so_the_timeline_can_say_what_is_an_estimate() -> None:
    from vitale.projection import ESTIMATE_PREFIX
    from vitale.sources import registry

    estimates = [source for source in registry().values() if source.id.startswith(ESTIMATE_PREFIX)]
    assert len(estimates) >= 3
    assert {source.publisher for source in estimates} == {"Vitale"}
