"""What makes a practice screen look like a real, busy site ("niveau 2"): the cookie
banner over the page first, the header menu, the ads, the login wall, today's browser
look (the site-information icon instead of the padlock, the download bubble at the top
right). ``kiosk.engine.surfaces.clutter`` owns the words, the targets and the steps; a
surface that draws clutter makes one ``Clutter`` and calls it at the right places.

The banner and the wall cover the whole practice screen, as on a real site: a touch
beside their buttons answers nothing (the kiosk helps). Their buttons are targets
(``cookies.refuse``, ``login.later``); the step accepted, they go away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.clutter import WORDS
from kiosk.ui.surfaces.base import MissedTaps, load_kv


class ClutterButton(ButtonBehavior, BoxLayout):
    """A button of the banner or the wall (≥ 64 px high, its words bold)."""

    target = StringProperty("")
    primary = BooleanProperty(False)
    lit = BooleanProperty(False)


class Cover(FloatLayout):
    """A veil over the whole practice screen with a card on it: touches stop here."""

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        if super().on_touch_down(touch):
            return True
        self.missed(touch)
        return True

    def on_touch_move(self, touch: Any) -> bool:
        return bool(self.collide_point(*touch.pos))

    def on_touch_up(self, touch: Any) -> bool:
        super().on_touch_up(touch)
        return bool(self.collide_point(*touch.pos))

    def missed(self, touch: Any) -> None:
        pass


class CookieBanner(Cover):
    """"Ce site utilise des cookies": Tout accepter, Personnaliser, Tout refuser."""


class LoginWall(Cover):
    """"Connectez-vous pour continuer": Se connecter, Plus tard."""


class SiteMenu(BoxLayout):
    """The site's header menu: Accueil, Services, Actualités, Contact, Mon compte."""


class AdBox(BoxLayout):
    """An advertisement ("Publicité"), as real pages and webmails show them."""

    which = StringProperty("ads.text")


class Clutter:
    """One surface's clutter: builds it, keeps its words in the screen's language,
    registers its targets and takes them away when their step is accepted."""

    def __init__(self, surface: Any, kinds: Iterable[str]) -> None:
        self.surface = surface
        self.kinds = tuple(kinds)
        self._texts: list[tuple[Any, str]] = []
        self.covers: dict[str, Cover] = {}

    def __contains__(self, kind: str) -> bool:
        return kind in self.kinds

    # -- words -------------------------------------------------------------------------
    def words_on(self, widget: Any, key: str) -> Any:
        self._texts.append((widget, key))
        self._show(widget, key)
        return widget

    def _show(self, widget: Any, key: str) -> None:
        words = WORDS[key]
        language = self.surface.surface_language
        widget.lang = language if words.get(language) else "fr"
        widget.words = words.get(language) or words["fr"]

    def relabel(self) -> None:
        for widget, key in self._texts:
            self._show(widget, key)

    # -- building -----------------------------------------------------------------------
    def add_covers(self) -> None:
        """The login wall, then the cookie banner over it: the banner comes first."""
        if "login_wall" in self.kinds:
            wall = LoginWall()
            self.words_on(wall.ids.title, "login.title")
            self.words_on(wall.ids.sign_in.ids.words, "login.sign_in")
            self._button(wall.ids.later, "login.later", "login.later")
            self._add_cover("login_wall", wall)
        if "cookies" in self.kinds:
            banner = CookieBanner()
            self.words_on(banner.ids.title, "cookies.title")
            self.words_on(banner.ids.text, "cookies.text")
            self._button(banner.ids.accept, "cookies.accept", "cookies.accept")
            self._button(banner.ids.settings, "cookies.settings", "cookies.settings")
            self._button(banner.ids.refuse, "cookies.refuse", "cookies.refuse")
            self._add_cover("cookies", banner)

    def _add_cover(self, kind: str, cover: Cover) -> None:
        if not isinstance(self.surface, MissedTaps):  # (those count a miss themselves)
            cover.missed = lambda _touch: self.surface.emit(Action("tap", target=None))  # type: ignore[method-assign]
        self.covers[kind] = cover
        self.surface.add_widget(cover)
        self.surface.mirror.take_in(cover)

    def _button(self, button: ClutterButton, key: str, target: str) -> None:
        self.words_on(button.ids.words, key)
        button.target = target
        button.bind(on_release=lambda b: self.surface.emit(Action("tap", target=b.target)))
        self.surface.register(target, button)

    def menu(self) -> SiteMenu | None:
        if "menu" not in self.kinds:
            return None
        menu = SiteMenu()
        for key in ("menu.home", "menu.services", "menu.news", "menu.contact", "menu.account"):
            self.words_on(menu.ids[key.split(".")[1]], key)
        return menu

    def ad(self, which: str = "ads.text") -> AdBox | None:
        if "ads" not in self.kinds:
            return None
        box = AdBox(which=which)
        self.words_on(box.ids.tag, "ads.label")
        self.words_on(box.ids.words, which)
        return box

    # -- steps -------------------------------------------------------------------------------
    def accept(self, target: str) -> bool:
        """The banner refused, the wall put off: it goes away. True when it was clutter's."""
        kind = {"cookies": "cookies", "login": "login_wall"}.get(target.partition(".")[0])
        cover = self.covers.pop(kind, None) if kind else None
        if cover is None:
            return False
        if cover.parent is not None:
            cover.parent.remove_widget(cover)
        for name in [n for n, w in self.surface.targets.items() if _inside(w, cover)]:
            del self.surface.targets[name]
        return True

    def covered(self, widget: Any) -> bool:
        """True when a banner or wall is over ``widget`` (it is not on screen for the eye):
        the page under any of them, a wall's button under the banner put on after it."""
        covers = list(self.covers.values())  # in the order put on: the last is on top
        own = next((i for i, cover in enumerate(covers) if _inside(widget, cover)), -1)
        return own < len(covers) - 1


def _inside(widget: Any, ancestor: Any) -> bool:
    while widget is not None:
        if widget is ancestor:
            return True
        parent = widget.parent
        widget = parent if parent is not widget else None
    return False



load_kv(__file__)
