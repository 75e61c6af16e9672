"""Module menu: one big pictogram tile per enabled module, "what I can do" (the
self-assessment, offered until the learner has answered it once) and "I am done"."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen

from kiosk.ui.widgets import Tile


class ModulesScreen(Screen):
    offer_selfcheck = BooleanProperty(True)  # the button stands out until answered once

    def activate(self) -> None:
        app: Any = App.get_running_app()
        grid = self.ids.tiles
        grid.clear_widgets()
        for module in app.enabled_modules():
            tile = Tile(text=module.title.get(app.language), picture=app.picto(module.pictogram),
                        name=f"module.{module.id}", font_size=40)
            tile.bind(on_release=lambda _t, m=module.id: app.go("scenarios", module_id=m))
            grid.add_widget(tile)
        self.offer_selfcheck = not app.self_assessed

    def finish(self) -> None:
        App.get_running_app().finish()  # the passport screen, then goodbye


SCREEN = ModulesScreen
