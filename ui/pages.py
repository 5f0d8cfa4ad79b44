"""The app's pages, in one list: app.py builds the navigation from it and tests walk it.

Paths are relative to ``app.py``; only pages that really work are listed.
"""

from __future__ import annotations

from typing import Final, NamedTuple

HOME_PAGE: Final = "pages/home.py"
ELIGIBILITY_PAGE: Final = "pages/eligibility.py"
DOCUMENTS_PAGE: Final = "pages/documents.py"
OFFICE_PAGE: Final = "pages/office.py"
DOSSIER_PAGE: Final = "pages/dossier.py"
TIMELINE_PAGE: Final = "pages/timeline.py"
CARE_PAGE: Final = "pages/care.py"


class PageSpec(NamedTuple):
    path: str
    title_key: str
    icon: str
    url_path: str
    uses_office_index: bool = False
    """The page looks a caisse up: the frame builds (once per process) and checks the office index before
    running it. The others start without it, and without pandas (issue 17, decision 0011)."""


PAGES: Final = (
    PageSpec(HOME_PAGE, "nav.home", ":material/home:", "home"),
    PageSpec(ELIGIBILITY_PAGE, "nav.eligibility", ":material/checklist:", "eligibility"),
    PageSpec(DOCUMENTS_PAGE, "nav.documents", ":material/folder_open:", "documents"),
    PageSpec(OFFICE_PAGE, "nav.office", ":material/location_on:", "office", uses_office_index=True),
    PageSpec(TIMELINE_PAGE, "nav.timeline", ":material/timeline:", "timeline"),
    PageSpec(CARE_PAGE, "nav.care", ":material/medical_services:", "care"),
    PageSpec(DOSSIER_PAGE, "nav.dossier", ":material/mail:", "dossier", uses_office_index=True),
)

OFFICE_INDEX_URL_PATHS: Final = frozenset(spec.url_path for spec in PAGES if spec.uses_office_index)
