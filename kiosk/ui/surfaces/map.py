"""The map surface: *Plans (exemple)*, a maps app over the whole practice area.

On the side where reading starts: the app's name, the search field (typed with the
on-screen keyboard, which rises from the bottom while the field has it), then the
search's suggestions or a place's card. On the other side: the drawn town
(``map_town.TownMap``) with the + / − buttons. A search lists the places whose name (in
any language) or address holds the typed words and puts their pins on the map; choosing
a suggestion centres the map on its pin; touching the pin opens the card: name,
address, **Itinéraire**, **Vue de la rue**. **Itinéraire** adds **À pied** / **Bus**;
choosing one shows its time and steps. **Vue de la rue** shows a drawing of the
entrance over the map, with **Retour à la carte**.

Zoom: the + / − buttons (taps), two fingers spread or pinched on the map, or the mouse
wheel. Spreading (or the wheel forwards) is sent as ``pinch`` on ``map.view``; pinching
in or the wheel backwards zooms out without being judged. The map zooms about its
centre, so the chosen pin stays in view.

As on every surface, the screen changes when the engine accepts an action (``accept``).
What the learner types stays in the field, is judged, then forgotten.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from math import dist
from typing import Any, ClassVar

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.map import CHROME_WORDS, MODES, WORDS, Place, Town
from kiosk.ui.surfaces.base import MissedTaps, Surface, load_kv
from kiosk.ui.surfaces.map_town import DOOR_COLOURS, ZOOMS, StreetPicture, TownMap
from kiosk.ui.surfaces.typing import (
    KEYBOARD_HEIGHT,
    TYPING_CHROME,
    OnScreenKeyboard,
    PracticeField,
    TypingSurface,
    Typist,
    show_error,
)

SPREAD = 1.3  # two fingers this much further apart than at first: one zoom level in


def _folded(text: str) -> str:
    """Lower case without accents: "Écrivez" finds "ecrivez"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


class MapButton(ButtonBehavior, BoxLayout):
    """A button of the app: a pictogram and (optionally) a word; ``on`` when chosen."""

    target = StringProperty("")
    picture = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")
    on = BooleanProperty(False)


class SuggestionRow(ButtonBehavior, BoxLayout):
    """One place the search found: its pictogram, name and address."""

    target = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    name_lang = StringProperty("fr")
    address = StringProperty("")
    chosen = BooleanProperty(False)


class PlaceCard(BoxLayout):
    """A place's card: name, address, Itinéraire and Vue de la rue; the modes and the
    route once Itinéraire is touched."""

    picture = StringProperty("")
    name = StringProperty("")
    name_lang = StringProperty("fr")
    address = StringProperty("")
    routes_open = BooleanProperty(False)
    summary = StringProperty("")
    summary_lang = StringProperty("fr")
    steps = ListProperty([])  # (number, words, language)

    def on_steps(self, *_a: Any) -> None:
        box = self.ids.steps
        box.clear_widgets()
        for number, words, lang in self.steps:
            box.add_widget(RouteStep(number=number, words=words, lang=lang))


class RouteStep(BoxLayout):
    number = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")


class StreetView(BoxLayout):
    """The picture of the entrance over the map, its words, and the way back."""

    name = StringProperty("")
    name_lang = StringProperty("fr")
    caption = StringProperty("")
    caption_lang = StringProperty("fr")
    note = StringProperty("")
    note_lang = StringProperty("fr")
    picture = StringProperty("")


class MapSurface(TypingSurface, MissedTaps, Surface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = {**TYPING_CHROME, **WORDS, **CHROME_WORDS}

    app_name = StringProperty("")
    app_lang = StringProperty("fr")

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(fixture, **kwargs)
        self.picto = App.get_running_app().picto
        self.town: Town = fixture  # typed by kiosk.ui.surfaces.create
        self.found: list[Place] = []  # the last search's places (their pins show)
        self.chosen: str | None = None  # the suggestion chosen: its pin is in the middle
        self.open_place: str | None = None  # the place whose card shows
        self.mode: str | None = None  # the route shown on the card
        self.street_open = False
        self.searched = False
        self._fingers: dict[int, Any] = {}
        self._spread_from = 0.0
        self.typist = Typist(self)
        self.field = PracticeField(item={"id": "search"})
        self.typist.add("field.search", self.field)
        self.ids.field_slot.add_widget(self.field)
        self.keyboard = OnScreenKeyboard(size_hint_y=None, height=KEYBOARD_HEIGHT)
        self.keyboard.build(self)
        self.map: TownMap = self.ids.town
        self.map.avoid = [self.ids.zoom]
        self.ids.zoom.bind(pos=self.map.redraw)
        self.register("map.view", self.map)
        self.register("button.zoom_in", self.ids.zoom_in)
        self.register("button.zoom_out", self.ids.zoom_out)
        self.ids.zoom_in.bind(on_release=lambda _b: self.emit(Action("tap", target="button.zoom_in")))
        self.ids.zoom_out.bind(on_release=lambda _b: self.emit(Action("tap", target="button.zoom_out")))
        self.card = PlaceCard()
        for name in ("button.directions", "button.street", "mode.walk", "mode.bus"):
            button = self.register(name, self.card.ids[name.replace(".", "_")])
            button.bind(on_release=lambda b: self.emit(Action("tap", target=b.target)))
        self.street = StreetView()
        self.register("button.close", self.street.ids.close)
        self.street.ids.close.bind(on_release=lambda _b: self.emit(Action("tap", target="button.close")))
        self.suggestions = Factory.SuggestionList()
        self.rows: dict[str, SuggestionRow] = {}
        for place in self.town.places:
            row = SuggestionRow(picture=self.picto(place.pictogram), address=place.address)
            row.bind(on_release=lambda r: self.emit(Action("tap", target=r.target)))
            self.register(f"suggestion.{place.id}", row)
            self.rows[place.id] = row
        self._ready = True
        self.relabel()
        self._show()
        self.typist.focus(self.field)  # the cursor waits in the search field, as in the app

    # -- words ------------------------------------------------------------------------------------
    def _words(self, value: Any) -> tuple[str, str]:
        return self.words(value), self.words_lang(value)

    def relabel(self) -> None:
        if not getattr(self, "_ready", False):
            return
        self.app_name, self.app_lang = self.chrome("app"), self.chrome_lang("app")
        self.field.label_text = self.chrome("field.search")
        self.field.label_lang = self.chrome_lang("field.search")
        self.keyboard.build(self)
        self.map.build(self.town, self._words, (self.chrome("you"), self.chrome_lang("you")), self.picto)
        for ident, pin in self.map.pins.items():
            self.register(f"pin.{ident}", pin)
            pin.bind(on_release=lambda p: self.emit(Action("tap", target=p.target)))
        for name in ("button.directions", "button.street", "mode.walk", "mode.bus"):
            widget = self.targets[name]
            widget.words, widget.lang = self.chrome(name), self.chrome_lang(name)
        self.street.ids.close.words = self.chrome("button.close")
        self.street.ids.close.lang = self.chrome_lang("button.close")
        self.street.note, self.street.note_lang = self.chrome("street_note"), self.chrome_lang("street_note")
        for place in self.town.places:
            row = self.rows[place.id]
            row.name, row.name_lang = self._words(place.name)
        if getattr(self, "open_place", None):
            self._fill_card()
        if getattr(self, "street_open", False):
            self._fill_street()
        self._show()

    # -- what is on screen --------------------------------------------------------------------------
    def _place(self, ident: str | None) -> Place | None:
        return self.town.place(ident) if ident else None

    def _show(self) -> None:
        """The side panel (suggestions, or a card), the pins, the picture of the street."""
        panel = self.ids.panel
        panel.clear_widgets()
        if self.open_place is not None:
            panel.add_widget(self.card)
        elif self.searched:
            box = self.suggestions.ids.rows
            box.clear_widgets()
            for place in self.found:
                row = self.rows[place.id]
                row.chosen = place.id == self.chosen
                box.add_widget(row)
            if not self.found:
                box.add_widget(self._no_result())
            panel.add_widget(self.suggestions)
        shown = {p.id for p in self.found} | ({self.open_place} if self.open_place else set())
        for ident, pin in self.map.pins.items():
            pin.opacity = 1 if ident in shown else 0
            pin.disabled = ident not in shown
            pin.chosen = ident in (self.chosen, self.open_place)
        area = self.ids.map_area
        if self.street_open and self.street.parent is None:
            area.add_widget(self.street)
        elif not self.street_open and self.street.parent is not None:
            area.remove_widget(self.street)
        self.ids.zoom.opacity = 0 if self.street_open else 1
        self.ids.zoom.disabled = self.street_open

    def _no_result(self) -> Any:
        from kiosk.ui.widgets import Words

        return Words(words=self.chrome("no_result"), lang=self.chrome_lang("no_result"), font_size=dp(24),
                     size_hint_y=None, height=dp(90), text_size=(dp(420), None), halign="left")

    def _fill_card(self) -> None:
        place = self._place(self.open_place)
        if place is None:
            return
        card = self.card
        card.picture = self.picto(place.pictogram)
        card.name, card.name_lang = self._words(place.name)
        card.address = place.address.replace(", ", "\n", 1)  # the street, then the town
        card.routes_open = self.mode is not None or card.routes_open
        for mode in MODES:
            self.targets[f"mode.{mode}"].on = self.mode == mode
        route = place.route(self.mode) if self.mode else None
        if self.mode is None:
            card.summary, card.summary_lang = self.chrome("choose_mode"), self.chrome_lang("choose_mode")
            card.steps = []
        elif route is None:
            card.summary, card.summary_lang = self.chrome("no_route"), self.chrome_lang("no_route")
            card.steps = []
        else:
            minutes = self.chrome("minutes").replace("{n}", f"{route.minutes:g}")
            line = self.chrome("line").replace("{line}", route.line) if route.line else ""
            card.summary = f"{minutes}   {line}".strip()
            card.summary_lang = self.chrome_lang("minutes")
            card.steps = [(str(i), *self._words(step)) for i, step in enumerate(route.steps, 1)]

    def _fill_street(self) -> None:
        place = self._place(self.open_place)
        if place is None:
            return
        street = self.street
        street.name, street.name_lang = self._words(place.name)
        street.picture = self.picto(place.pictogram)
        street.caption, street.caption_lang = (self._words(place.entrance) if place.entrance
                                               else (place.address, "fr"))
        picture: StreetPicture = street.ids.picture
        picture.door = list(DOOR_COLOURS.get(place.door, DOOR_COLOURS["green"]))
        picture.bus_stop = place.route("bus") is not None

    # -- searching --------------------------------------------------------------------------------
    def search(self, text: str) -> list[Place]:
        """The places whose name (in any language) or address holds every typed word."""
        wanted = _folded(text).split()
        found = []
        for place in self.town.places:
            names = place.name.values() if isinstance(place.name, Mapping) else [place.name]
            haystack = _folded(" ".join([*map(str, names), place.address]))
            if wanted and all(word in haystack for word in wanted):
                found.append(place)
        return found

    # -- the zoom ---------------------------------------------------------------------------------
    def zoom_by(self, steps: int) -> None:
        level = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.map.zoom))
        self.map.zoom = ZOOMS[max(0, min(len(ZOOMS) - 1, level + steps))]

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        on_map = self.map.collide_point(*touch.pos) and not self.street_open
        button = getattr(touch, "button", None) or "left"
        if on_map and button in ("scrolldown", "scrollup"):
            # the wheel forwards is "scrolldown" in Kivy: it zooms in, as in every maps app
            self._blur()
            if button == "scrolldown":
                self._spread()
            else:
                self.zoom_by(-1)
            return True
        if on_map and not self._pin_at(touch):
            self._fingers[touch.uid] = touch
            touch.grab(self)
            if len(self._fingers) == 2:
                self._blur()
                for finger in self._fingers.values():  # two fingers: a gesture, not a missed tap
                    finger.ud.pop(f"miss.{id(self)}", None)
                    finger.ud["map.pinch"] = True
                self._spread_from = dist(*(f.pos for f in self._fingers.values()))
                return True
        self.note_touch(touch)
        super().on_touch_down(touch)
        return True

    def _pin_at(self, touch: Any) -> bool:
        return any(pin.opacity > 0 and pin.collide_point(*touch.pos) for pin in self.map.pins.values())

    def on_touch_move(self, touch: Any) -> bool:
        if touch.uid in self._fingers and len(self._fingers) == 2 and self._spread_from > 0:
            now = dist(*(f.pos for f in self._fingers.values()))
            if now > self._spread_from * SPREAD:
                if touch.ud.get("map.spread"):
                    self.zoom_by(1)  # the same gesture goes on: closer still, said once
                else:
                    self._spread()
                for finger in self._fingers.values():
                    finger.ud["map.spread"] = True
                self._spread_from = now
            elif now < self._spread_from / SPREAD:
                self.zoom_by(-1)
                self._spread_from = now
            return True
        return bool(super().on_touch_move(touch))

    def _spread(self) -> None:
        """Two fingers spread (or the wheel forwards): one level closer, and the engine hears it."""
        self.zoom_by(1)
        self.emit(Action("pinch", target="map.view"))

    def on_touch_up(self, touch: Any) -> bool:
        if touch.uid in self._fingers:
            self._fingers.pop(touch.uid)
            if len(self._fingers) < 2:
                self._spread_from = 0.0
            if touch.ud.get("map.pinch"):
                if touch.grab_current is self:
                    touch.ungrab(self)
                return True
        if self.missed(touch):
            self._blur()
            self.emit(Action("tap", target=None))
            return True
        if touch.grab_current is self:
            touch.ungrab(self)
            return True
        return bool(super().on_touch_up(touch))

    # -- results of the engine's judgement -----------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        if target == "field.search":
            self.field.error = ""
            self.found = self.search(self.field.value)
            self.searched = True
            self.chosen = None
            self.open_place = None
            self.street_open = False
            self._unfocus()
            self.map.centre = self._middle(self.found)
        elif family == "suggestion":
            self.chosen = ident
            place = self._place(ident)
            if place is not None:
                self.map.centre = [float(place.at[0]), float(place.at[1])]
        elif family == "pin":
            self._open(ident)
        elif target == "button.zoom_in":
            self.zoom_by(1)
        elif target == "button.zoom_out":
            self.zoom_by(-1)
        elif target == "button.directions":
            self.card.routes_open = True
            self._fill_card()
        elif family == "mode":
            self.mode = ident
            self._fill_card()
        elif target == "button.street":
            self.street_open = True
            self._fill_street()
        elif target == "button.close":
            self.street_open = False
        self._show()

    def reject(self, action: Action) -> None:
        """What the app does anyway: a wrong search gets its message, a zoom button still
        zooms, another mode still shows its route, the street picture still opens."""
        target = action.target or ""
        family, _, ident = target.partition(".")
        if target == "field.search":
            show_error(self, self.field)
        elif target in ("button.zoom_in", "button.zoom_out"):
            self.zoom_by(1 if target == "button.zoom_in" else -1)
        elif family == "mode" and self.card.routes_open:
            self.mode = ident
            self._fill_card()
        elif target == "button.close":
            self.street_open = False
            self._show()

    def _open(self, ident: str) -> None:
        self.open_place = ident
        self.chosen = ident
        self.mode = None
        self.card.routes_open = False
        self._fill_card()

    def _middle(self, places: list[Place]) -> list[float]:
        if not places:
            return list(self.map.centre)
        xs = [float(p.at[0]) for p in places]
        ys = [float(p.at[1]) for p in places]
        return [(min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2]

    def target_widget(self, name: str | None) -> Any:
        """Only what is drawn: the modes before Itinéraire, a pin not found, are not."""
        widget = super().target_widget(name)
        return widget if widget is not None and self.holds(widget) else None

    def reveal(self, name: str) -> None:
        """Help points at what the step names: the street picture goes for the map's targets."""
        if self.street_open and name != "button.close" and not name.startswith("key."):
            self.street_open = False
            self._show()

    # -- typing -------------------------------------------------------------------------------------
    def field_focused(self, field: Any) -> None:
        if self.keyboard.parent is None:
            self.ids.frame.add_widget(self.keyboard)

    def _unfocus(self) -> None:
        self.typist.focus(None, confirm=False)
        if self.keyboard.parent is not None:
            self.keyboard.parent.remove_widget(self.keyboard)

    def _blur(self) -> None:
        """A touch elsewhere: a typed search is confirmed (as on a real app), the keyboard goes."""
        if self.typist.focused is not None and self.typist.focused.value:
            self.typist.focus(None)
        if self.typist.focused is None and self.keyboard.parent is not None:
            Clock.schedule_once(lambda _dt: self._drop_keyboard(), 0)

    def _drop_keyboard(self) -> None:
        if self.typist.focused is None and self.keyboard.parent is not None:
            self.keyboard.parent.remove_widget(self.keyboard)

    def reset_input(self) -> None:
        self.typist.forget()
        self._unfocus()

    # -- where things are ---------------------------------------------------------------------------
    def empty_spot(self) -> tuple[float, float]:
        """A corner of the map far from the pins and the buttons: a touch there answers nothing."""
        area = self.ids.map_area
        x = area.right - dp(30) if self.mirrored else area.x + dp(30)
        return area.to_window(x, area.y + dp(30))

    def shown_messages(self) -> list[str]:
        return [self.field.error] if self.field.error else []


SURFACE = MapSurface
load_kv(__file__)
