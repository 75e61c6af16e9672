"""One screen = one ``.py`` + one ``.kv`` with the same stem; ``create`` loads the pair."""

from __future__ import annotations

import importlib
from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

HERE = Path(__file__).parent


def create(name: str) -> Screen:
    Builder.load_file(str(HERE / f"{name}.kv"))
    module = importlib.import_module(f"kiosk.ui.screens.{name}")
    screen: Screen = module.SCREEN(name=name)
    return screen
