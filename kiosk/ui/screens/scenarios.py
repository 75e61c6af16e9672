"""Scenario list of one module: tiles with the stars earned, "Répéter" and the language
button (as on the module menu), and the way back to the modules. An exercise's level 2
(a real, busier site) shows right after it once it is offered (``clutter.offered``)."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.engine.surfaces.clutter import offered
from kiosk.ui.widgets import Tile


class ScenariosScreen(Screen):
    module_id = StringProperty("")
    title = StringProperty("")

    def activate(self, module_id: str | None = None) -> None:
        app: Any = App.get_running_app()
        if module_id:
            self.module_id = module_id
        module = app.catalogue.module(self.module_id)
        self.title = module.title.get(app.language) if module else ""
        grid = self.ids.tiles
        grid.clear_widgets()
        for scenario in self.shown(app):
            tile = Tile(text=scenario.title.get(app.language),
                        picture=app.picto(scenario.pictogram), name=f"scenario.{scenario.id}",
                        stars=app.session_stars.get(scenario.id, 0), font_size=32)
            tile.bind(on_release=lambda _t, s=scenario: app.play(s))
            grid.add_widget(tile)
        app.say_ui("scenarios.choose")

    @staticmethod
    def shown(app: Any) -> list[Any]:
        """The module's exercises, each followed by its level 2 once that is offered."""
        out = []
        for scenario in app.catalogue.in_module(app.screen("scenarios").module_id):
            out.append(scenario)
            variant = scenario.level2
            if variant is not None and offered(variant.id, app.session_helps):
                out.append(variant)
        return out

    def repeat(self, before: Any = None) -> None:
        """"Répéter" (and the slower voice): what to do on this screen, said again."""
        app: Any = App.get_running_app()
        app.say(*([before] if before is not None else []), strings.text("scenarios.choose"))

    def language_changed(self) -> None:
        """From the language picker: the tiles in the new language, its name said in it."""
        self.activate()
        self.repeat(before=strings.text("language"))

    def reset(self) -> None:
        self.ids.tiles.clear_widgets()


SCREEN = ScenariosScreen
