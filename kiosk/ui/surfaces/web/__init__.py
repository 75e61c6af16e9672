"""The ``web`` surface: web pages a trainer declares in YAML, in a browser-like frame.

``surface.py`` is the frame (the tab, the address bar, the scrolling page, the keyboard,
where each target is); each kind of block is drawn by its own module (``text.py``,
``field.py``, ``choice.py``, ``calendar.py``, ``download.py``, ``button.py``), listed in
``views.VIEWS`` under the engine's names for them (``kiosk.engine.surfaces.web``).
"""

from __future__ import annotations

from kiosk.ui.surfaces.web.surface import WebSurface

SURFACE = WebSurface

__all__ = ["SURFACE", "WebSurface"]
