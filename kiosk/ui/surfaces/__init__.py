"""Simulated real-life surfaces, keyed by the same name as ``kiosk.engine.surfaces``.

A surface draws its fixture, turns touches and mouse events into engine actions
(``on_action``), shows the result of an accepted action (``accept``), and tells the
player, the ghost hand and the robot where a named target is (``target_widget``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from kiosk.engine import surfaces


def create(name: str, fixture: Mapping[str, Any], **options: Any) -> Any:
    """The surface ``name`` drawing ``fixture`` (a checked scenario's map): the widget is
    given the typed fixture its engine side declares (``SurfaceSpec.read``)."""
    module = importlib.import_module(f"kiosk.ui.surfaces.{name}")
    spec = surfaces.get(name)
    return module.SURFACE(fixture=spec.read(fixture) if spec is not None else fixture, **options)
