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
    use_the_system_allocator_for_arrow()
    index = OfficeIndex.build(load_reference_data(Path(data_dir)))
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC), which walks
    # every tracked object of the process. Since issue 17 the index is ~42,000 of them (it was ~370,000),
    # but the libraries' own (pandas, pyarrow, pydantic, Streamlit) are ~100,000 more: `python -m bench`
    # ("full garbage collection" rows) measured ~60 ms a walk without the index, ~110 ms with it, ~0 ms
    # after gc.freeze() on the 2-core CI machine. So the freeze stays: it moves everything alive now
    # (libraries and index) out of the collector's reach; the garbage of each rerun is still collected.
    gc.freeze()
    return index


def use_the_system_allocator_for_arrow() -> None:
    """Have pyarrow (under pandas' text columns) allocate with the C library's malloc, not mimalloc.

    mimalloc keeps the pages it grew into for reuse: reading and checking the reference files left the
    server ~37 MB bigger at its peak than with the system allocator (`python -m bench`, cold-start
    memory row, 2-core machine, 2026-12-02: 245 MB against 208 MB), for no measurable speed difference.
    Imported here, when the index is first built, so the pages that never need it never load pyarrow.
    """
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def office_index() -> OfficeIndex:
    """The postcode → commune → caisse index (raises ``DataFileError`` on bad data)."""
    return _office_index(str(default_data_dir()))


def parameters() -> Parameters:
    """The dated parameters (``load_parameters`` is cached once per process; read-only)."""
    return load_parameters()


def sources() -> dict[str, Source]:
    """The sources registry (``registry`` is cached once per process; read-only)."""
    return registry()
