"""Module menu: one big pictogram tile per enabled module, and "I am done"."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk.ui import strings
from kiosk.ui.widgets import Tile


class ModulesScreen(Screen):
    def activate(self) -> None:
        app: Any = App.get_running_app()
        grid = self.ids.tiles
        grid.clear_widgets()
        for module in app.enabled_modules():
            tile = Tile(text=module.title.get(app.language), picture=app.picto(module.pictogram),
                        name=f"module.{module.id}", font_size=40)
            tile.bind(on_release=lambda _t, m=module.id: app.go("scenarios", module_id=m))
            grid.add_widget(tile)

    def finish(self) -> None:
        app: Any = App.get_running_app()
        language = app.language
        app.end_session("finished")  # clears the screen and stops any speech
        app.speaker.say([strings.text("bye")], language)  # then: goodbye, in their language


SCREEN = ModulesScreen
