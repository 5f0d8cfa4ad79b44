"""Read-only domain objects, built once per server process.

``st.cache_resource`` (not ``cache_data``) because these are large immutable
indexes shared by every session: copying them per call would waste time and
memory, and nothing in them is per-user (architecture.md, pitfalls).
"""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from vitale.offices import OfficeIndex
from vitale.parameters import Parameters, load_parameters
from vitale.referencedata import default_data_dir, load_reference_data
from vitale.sources import Source, registry


@st.cache_resource(show_spinner=False)
def _office_index(data_dir: str) -> OfficeIndex:
    index = OfficeIndex.build(load_reference_data(Path(data_dir)))
    # The index is ~370,000 tracked objects that live as long as the process. Streamlit runs a full
    # garbage collection after every script run (runner.postScriptGC), which walked all of them:
    # ~200 ms per rerun on the real server. Freezing moves everything alive now out of the collector's
    # reach; the garbage of each rerun is still collected (bench/load.py measures the difference).
    gc.freeze()
    return index


def office_index() -> OfficeIndex:
    """The postcode → commune → caisse index (raises ``DataFileError`` on bad data)."""
    return _office_index(str(default_data_dir()))


def parameters() -> Parameters:
    """The dated parameters (``load_parameters`` is cached once per process; read-only)."""
    return load_parameters()


def sources() -> dict[str, Source]:
    """The sources registry (``registry`` is cached once per process; read-only)."""
    return registry()
