"""What a fresh server loads before its first page (issue 17): the frame and the home page start without
pandas, numpy or pyarrow; those come with the office index, on the pages that look a caisse up."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import APP

HEAVY = ("pandas", "numpy", "pyarrow", "altair", "fpdf")

FRAME_AND_HOME = """
import sys
sys.path.insert(0, {root!r})
import streamlit
import ui.browser_store, ui.frame, ui.i18n, ui.pages, ui.resources, ui.state, ui.widgets
import vitale.journey, vitale.offices, vitale.referencedata, vitale.provenance
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_the_frame_and_the_home_page_import_none_of_the_heavy_libraries() -> None:
    script = FRAME_AND_HOME.format(root=str(APP.parent), heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == ""


def test_building_the_office_index_brings_pandas_in() -> None:
    script = FRAME_AND_HOME.format(root=str(APP.parent), heavy=HEAVY).replace(
        "print(", "vitale.offices.default_index()\nprint("
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert set(done.stdout.strip().split(",")) == {"pandas", "numpy", "pyarrow"}
