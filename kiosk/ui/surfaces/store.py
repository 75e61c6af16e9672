"""The store surface: an app store on a phone drawn in the middle of the screen.

The first page has the search field (the fixture's words already in it) and
**Rechercher**; the results list each app with its icon, name, publisher and downloads,
so the official app can be told from a look-alike. An app's page has **Installer**: a
progress bar fills, then **Ouvrir**. Opened, the app's screen shows and the phone asks,
one system question at a time over it, what the app's ``asks`` lists: **Autoriser** or
**Refuser**. When nothing is left to ask, the app says it is open.

As on every surface, the screen changes only when the engine accepts an action
(``accept``): a touch on the look-alike opens nothing, the help says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.app import App as KivyApp
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.store import PERMISSIONS, WORDS, App, StoreFixture
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PhoneSurface, PressRow

CHROME: dict[str, dict[str, str]] = dict(WORDS)
# the progress bar's time: seen while the install step's praise shows (1.2 s), done before
# the next instruction
INSTALL_SECONDS = 1.0


def _count(downloads: str, word: str) -> str:
    """"500 000+ téléchargements": the digits' groups joined by a no-break space, which
    keeps them one number in Arabic too (a plain space lets "000" come first)."""
    return f"{re.sub(r'(?<=[0-9]) (?=[0-9])', chr(0xA0), downloads)} {word}"


def _picto(name: str) -> str:
    app: Any = KivyApp.get_running_app()
    return str(app.picto(name)) if app is not None else ""


class AppRow(PressRow):
    """An app in the results: icon, name, publisher, downloads."""

    name = StringProperty("")
    name_lang = StringProperty("fr")
    publisher = StringProperty("")
    publisher_lang = StringProperty("fr")
    downloads = StringProperty("")
    downloads_lang = StringProperty("fr")
    picture = StringProperty("")
    unit = NumericProperty(20)


class StoreSurface(PhoneSurface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # the app's own words: key → (words, language)
    unit = NumericProperty(20)
    page = StringProperty("search")  # search | app | opened
    searched = BooleanProperty(False)  # the results are shown
    query = StringProperty("")
    query_lang = StringProperty("fr")
    # the app whose page or screen is shown
    app_name = StringProperty("")
    app_name_lang = StringProperty("fr")
    app_publisher = StringProperty("")
    app_publisher_lang = StringProperty("fr")
    app_downloads = StringProperty("")
    app_about = StringProperty("")
    app_about_lang = StringProperty("fr")
    app_picture = StringProperty("")
    stage = StringProperty("new")  # new | installing | installed (the page's button)
    progress = NumericProperty(0.0)
    question = StringProperty("")  # the phone's question now ("" = none)
    question_lang = StringProperty("fr")
    question_picture = StringProperty("")

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        self._rows: dict[str, AppRow] = {}
        self.data: StoreFixture = fixture  # typed by kiosk.ui.surfaces.create
        super().__init__(fixture, **kwargs)
        self.installed: set[str] = {self.data.installed} if self.data.installed else set()
        self.open_id: str | None = self.data.installed or None
        self.asked: list[str] = []  # what the opened app still asks, in order
        self.answers: dict[str, bool] = {}  # what was answered: allowed or not
        self._ticking: Any = None
        self.unpark()
        self.register_buttons("button.search", "button.back", "button.install",
                              "button.open", "button.allow", "button.deny")
        for app in self.data.apps:
            row = AppRow(picture=_picto(app.picture), size_hint_y=None, unit=self.unit,
                         hold_time=self.long_press_time)
            self.bind(unit=row.setter("unit"))
            row.bind(on_tap=lambda _r, name=f"app.{app.id}": self.emit(Action("tap", target=name)))
            self.register(f"app.{app.id}", row)
            self._rows[app.id] = row
        if self.open_id:
            self.page = "app"
            self.stage = "installed"
        self.relabel()
        self._show()

    # -- words -------------------------------------------------------------------------------
    def _app(self) -> App | None:
        return self.data.app(self.open_id) if self.open_id else None

    def relabel(self) -> None:
        if not self._rows:
            return  # the language was set while the base class was still building
        self.words_of = self.chrome_words()
        for name in ("button.search", "button.install", "button.open", "button.allow", "button.deny"):
            widget = self.targets[name]
            widget.text, widget.lang = self.words_of[name]
        self.query, self.query_lang = self.words(self.data.query), self.words_lang(self.data.query)
        downloads, downloads_lang = self.words_of["downloads"]
        for app in self.data.apps:
            row = self._rows[app.id]
            row.name, row.name_lang = self.words(app.name), self.words_lang(app.name)
            row.publisher, row.publisher_lang = self.words(app.publisher), self.words_lang(app.publisher)
            row.downloads, row.downloads_lang = _count(app.downloads, downloads), downloads_lang
        self._fill()

    def _fill(self) -> None:
        """The open app's page, and the phone's question if one is asked."""
        app = self._app()
        if app is None:
            return
        self.app_name, self.app_name_lang = self.words(app.name), self.words_lang(app.name)
        self.app_publisher = self.words(app.publisher)
        self.app_publisher_lang = self.words_lang(app.publisher)
        self.app_downloads = _count(app.downloads, self.words_of["downloads"][0])
        self.app_about = self.words(app.about) if app.about else ""
        self.app_about_lang = self.words_lang(app.about) if app.about else "fr"
        self.app_picture = _picto(app.picture)
        if self.page == "opened" and self.asked:
            ask = self.asked[0]
            self.question = self.chrome(f"ask.{ask}").format(app=self.app_name)
            self.question_lang = self.chrome_lang(f"ask.{ask}")
            self.question_picture = _picto(PERMISSIONS[ask])
        else:
            self.question = ""

    # -- what is on screen -----------------------------------------------------------------------
    def _show(self) -> None:
        ids = self.ids
        pages = {"search": ids.search_page, "app": ids.app_page, "opened": ids.opened_page}
        ids.phone.show(pages[self.page])
        rows = ids.rows
        if self.searched and not rows.children:
            for app in self.data.apps:
                rows.add_widget(self._rows[app.id])
        # the page's one button: Installer, the progress bar, or Ouvrir
        slot = ids.action_slot
        shown = {"new": ids.button_install, "installing": ids.progress_box,
                 "installed": ids.button_open}[self.stage]
        if shown.parent is not slot:
            slot.clear_widgets()
            slot.add_widget(shown)
        dialog = ids.dialog
        if self.page == "opened" and self.question:
            if dialog.parent is None:
                ids.opened_page.add_widget(dialog)
        elif dialog.parent is not None:
            dialog.parent.remove_widget(dialog)

    def empty_spot(self) -> tuple[float, float]:
        """Beside the phone: the desk, where nothing answers a touch."""
        return self.to_window(self.x + dp(20), self.y + dp(20))

    # -- the install's progress ------------------------------------------------------------------
    def _tick(self, dt: float) -> bool:
        self.progress = min(1.0, self.progress + dt / INSTALL_SECONDS)
        if self.progress >= 1.0:
            self._installed()
            return False
        return True

    def _installed(self) -> None:
        if self._ticking is not None:
            self._ticking.cancel()
            self._ticking = None
        if self.open_id:
            self.installed.add(self.open_id)
        self.progress = 1.0
        self.stage = "installed"
        self._show()

    def seen_as(self, name: str) -> Any:
        """While the bar fills, a person looks where **Ouvrir** is about to come: the bar."""
        if name == "button.open" and self.stage == "installing":
            return self.ids.progress_box
        return super().seen_as(name)

    def reveal(self, name: str) -> None:
        """The ghost hand (or the robot) about to touch **Ouvrir** does not wait for the bar."""
        if name == "button.open" and self.stage == "installing":
            self._installed()

    # -- touches -------------------------------------------------------------------------------
    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    # -- results ---------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        if target == "button.search":
            self.searched = True
        elif family == "app":
            self.open_id, self.page = ident, "app"
            self.stage = "installed" if ident in self.installed else "new"
        elif target == "button.back":
            self.page = "search"
        elif target == "button.install":
            self.stage, self.progress = "installing", 0.0
            self._ticking = Clock.schedule_interval(self._tick, 1 / 30)
        elif target == "button.open":
            app = self._app()
            self.page = "opened"
            self.asked = [ask for ask in (app.asks if app else ()) if ask not in self.answers]
        elif target in ("button.allow", "button.deny") and self.asked:
            self.answers[self.asked.pop(0)] = target == "button.allow"
        self._fill()
        self._show()


SURFACE = StoreSurface
load_kv(__file__)
