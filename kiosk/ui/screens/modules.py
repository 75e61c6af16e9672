"""Module menu: one big pictogram tile per enabled module in teaching order (the mouse
first, marked "start here" until the learner has done an exercise), eight to a page — a
big arrow "Suite" beside the tiles shows the next eight, "Retour" the ones before, and
coming back from an activity shows its page; the language and "Répéter" buttons, "what I
can do" (the self-assessment, offered until answered once), "Faisons le point" (the
placement, again whenever the learner wants), and "J'ai fini", which asks once before the
session ends. A learner with a path has one more tile, first, "Votre parcours", marked
"start here"."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk import strings
from kiosk.ui.confirm import ask
from kiosk.ui.widgets import Tile

PAGE = 8  # tiles on a page: two rows of four, big enough to read the picture alone


class ModulesScreen(Screen):
    offer_selfcheck = BooleanProperty(True)  # the button stands out until answered once
    page = NumericProperty(0)
    pages = NumericProperty(1)
    _shown: tuple[Any, ...] = ()  # what the tiles show: (module id, title, pictogram), in order
    _tiles: list[Any] = []  # every tile, in reading order; the grid holds one page of them

    def activate(self, showing: str | None = None) -> None:
        """The menu at its first page, or at the page of module ``showing`` (back from it)."""
        app: Any = App.get_running_app()
        modules = app.enabled_modules()
        with_path = app.journey.has_path()
        # the tiles are made again only when what they show changed: making them is most
        # of the time between a learner's code read and their session on screen
        shown = tuple((m.id, m.title.get(app.language), m.pictogram) for m in modules)
        if with_path:
            shown += (("path", app.tr("path.title"), "footprints"),)
        if shown != self._shown:
            tiles = []
            if with_path:  # the learner's path: the first tile, where to start
                tile = Tile(text=app.tr("path.title"), picture=app.picto("footprints"),
                            name="path.open", font_size=40)
                tile.bind(on_release=lambda _t: app.go("path"))
                tiles.append(tile)
            for module, (_id, title, pictogram) in zip(modules, shown, strict=False):
                tile = Tile(text=title, picture=app.picto(pictogram), name=f"module.{module.id}",
                            font_size=40)
                tile.bind(on_release=lambda _t, m=module.id: app.go("scenarios", module_id=m))
                tiles.append(tile)
            self._tiles, self._shown = tiles, shown
        # a first visit: nothing done yet, in this session or (with a code) an earlier one;
        # with a path, its tile is where to start
        first_visit = not app.session_stars
        for index, tile in enumerate(self._tiles):
            tile.start_here = (tile.name == "path.open") if with_path else (first_visit and index == 0)
        self.pages = max(1, -(-len(self._tiles) // PAGE))
        names = [t.name for t in self._tiles]
        wanted = f"module.{showing}"
        self.show_page(names.index(wanted) // PAGE if wanted in names else 0)
        self.offer_selfcheck = not app.self_assessed

    def show_page(self, page: int) -> None:
        """Put page ``page``'s tiles in the grid (two rows of four, in reading order)."""
        self.page = min(max(page, 0), self.pages - 1)
        grid = self.ids.tiles
        grid.clear_widgets()
        shown = self._tiles[self.page * PAGE:(self.page + 1) * PAGE]
        for tile in shown:
            grid.add_widget(tile)
        if self.pages > 1:  # a last page keeps the tiles' size: empty places after them
            for _ in range(PAGE - len(shown)):
                grid.add_widget(Widget())

    def turn(self, step: int) -> None:
        """"Suite" / "Retour" beside the tiles: the next or previous page, and it is said."""
        app: Any = App.get_running_app()
        self.show_page(self.page + step)
        app.say(strings.text("modules.more" if self.page else "modules.choose"))

    def reveal(self, name: str) -> str | None:
        """The arrow that brings the tile ``name`` into view, when it is on another page
        (the robot learner, like a person, turns the page to find it)."""
        names = [t.name for t in self._tiles]
        if name not in names:
            return None
        page = names.index(name) // PAGE
        return None if page == self.page else ("modules.next" if page > self.page else "modules.previous")

    def repeat(self, before: Any = None) -> None:
        """"Répéter" (and the slower voice): what to do on this screen, said again."""
        app: Any = App.get_running_app()
        app.say(*([before] if before is not None else []), strings.text("modules.choose"))

    def language_changed(self) -> None:
        """From the language picker: the tiles in the new language, its name said in it."""
        page = self.page
        self.activate()
        self.show_page(page)
        self.repeat(before=strings.text("language"))

    def finish(self) -> None:
        """"J'ai fini": asked once; "yes" shows the passport (the code to take away)."""
        app: Any = App.get_running_app()
        ask("session.done.ask", app.finish, yes_key="session.done.yes", yes_picture="check")


SCREEN = ModulesScreen
