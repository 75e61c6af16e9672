"""Simulated real-life surfaces, keyed by the same name as ``kiosk.engine.surfaces``.

A surface draws its fixture, turns touches and mouse events into engine actions
(``on_action``), shows the result of an accepted action (``accept``), and tells the
player, the ghost hand and the robot where a named target is (``target_widget``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def create(name: str, fixture: Mapping[str, Any], **options: Any) -> Any:
    module = importlib.import_module(f"kiosk.ui.surfaces.{name}")
    return module.SURFACE(fixture=fixture, **options)
