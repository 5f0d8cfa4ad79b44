"""Vitale — the frame and the only router.

Page config, session state, the language switch, a short disclaimer, the navigation over explicit pages
(``ui/pages.py``), and a footer with the data sources and their dates: ``ui/frame.py`` draws them. No page is
discovered automatically.
"""

from ui.frame import render_frame

render_frame()
