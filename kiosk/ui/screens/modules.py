"""Module menu: one big pictogram tile per enabled module in teaching order (the mouse
first, marked "start here" until the learner has done an exercise), the language and
"Répéter" buttons, "what I can do" (the self-assessment, offered until answered once),
"Faisons le point" (the placement, again whenever the learner wants), and "J'ai fini",
which asks once before the session ends. A learner with a path has one more tile,
"Votre parcours", marked "start here"."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.ui.confirm import ask
from kiosk.ui.widgets import Tile


class ModulesScreen(Screen):
    offer_selfcheck = BooleanProperty(True)  # the button stands out until answered once
    _shown: tuple[Any, ...] = ()  # what the tiles show: (module id, title, pictogram), in order

    def activate(self) -> None:
        app: Any = App.get_running_app()
        grid = self.ids.tiles
        modules = app.enabled_modules()
        with_path = app.journey.has_path()
        # the tiles are made again only when what they show changed: making them is most
        # of the time between a learner's code read and their session on screen
        shown = tuple((m.id, m.title.get(app.language), m.pictogram) for m in modules)
        if with_path:
            shown += (("path", app.tr("path.title"), "footprints"),)
        if shown != self._shown:
            grid.clear_widgets()
            for module, (_id, title, pictogram) in zip(modules, shown, strict=False):
                tile = Tile(text=title, picture=app.picto(pictogram), name=f"module.{module.id}",
                            font_size=40)
                tile.bind(on_release=lambda _t, m=module.id: app.go("scenarios", module_id=m))
                grid.add_widget(tile)
            if with_path:  # the learner's path: one more tile, after the activities
                tile = Tile(text=app.tr("path.title"), picture=app.picto("footprints"),
                            name="path.open", font_size=40)
                tile.bind(on_release=lambda _t: app.go("path"))
                grid.add_widget(tile)
            self._shown = shown
        # a first visit: nothing done yet, in this session or (with a code) an earlier one;
        # with a path, its tile is where to start
        first_visit = not app.session_stars
        for index, tile in enumerate(reversed(grid.children)):  # children: last added first
            tile.start_here = (tile.name == "path.open") if with_path else (first_visit and index == 0)
        self.offer_selfcheck = not app.self_assessed

    def repeat(self, before: Any = None) -> None:
        """"Répéter" (and the slower voice): what to do on this screen, said again."""
        app: Any = App.get_running_app()
        app.say(*([before] if before is not None else []), strings.text("modules.choose"))

    def language_changed(self) -> None:
        """From the language picker: the tiles in the new language, its name said in it."""
        self.activate()
        self.repeat(before=strings.text("language"))

    def finish(self) -> None:
        """"J'ai fini": asked once; "yes" shows the passport (the code to take away)."""
        app: Any = App.get_running_app()
        ask("session.done.ask", app.finish, yes_key="session.done.yes", yes_picture="check")


SCREEN = ModulesScreen
