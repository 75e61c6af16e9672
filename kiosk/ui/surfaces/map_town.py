"""The drawings of the map surface: the invented town seen from above (``TownMap``: land,
parks, the river, streets with their names, the "you are here" dot, the places' pins)
and the street-level picture of a place's entrance (``StreetPicture``). Both are drawn
with Kivy graphics from the fixture: no map tiles, no photo, nothing from the internet.

The town is a square of ``SIDE`` map units; the view has a centre (in map units) and a
zoom level. The drawings keep their direction on an Arabic screen: a map is not mirrored.
Kept apart from ``map.py`` (the app: search, panel, gestures) because it is one idea:
turning the fixture into pictures.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Ellipse, InstructionGroup, Line, Mesh, Rectangle, RoundedRectangle
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.stencilview import StencilView
from kivy.uix.widget import Widget

from kiosk.engine.surfaces.map import SIDE
from kiosk.ui.widgets import Words

ZOOMS = (1.0, 1.4, 2.0, 2.8)  # the zoom levels the + / − buttons and a pinch step through
LAND = (0.95, 0.93, 0.87, 1)
PARK = (0.74, 0.88, 0.68, 1)
WATER = (0.62, 0.80, 0.95, 1)
STREET = (1, 1, 1, 1)
STREET_EDGE = (0.72, 0.69, 0.62, 1)
YOU = (0.1, 0.4, 0.9, 1)
DOOR_COLOURS = {"green": (0.12, 0.5, 0.25, 1), "blue": (0.1, 0.3, 0.75, 1), "red": (0.75, 0.15, 0.12, 1),
                "yellow": (0.95, 0.78, 0.1, 1), "brown": (0.45, 0.28, 0.12, 1)}
FAR = 4 * SIDE  # a street or the river reaching the town's edge goes on beyond the view


def _beyond(points: tuple[Any, ...]) -> list[tuple[float, float]]:
    """The line's points, its ends on the town's edge pushed far out (the town goes on)."""
    out = [(float(x), float(y)) for x, y in points]
    for end, inner in ((0, 1), (-1, -2)):
        x, y = out[end]
        ix, iy = out[inner]
        if x in (0, SIDE) or y in (0, SIDE):
            out[end] = (x + (x - ix) * FAR / max(abs(x - ix) + abs(y - iy), 1e-6),
                        y + (y - iy) * FAR / max(abs(x - ix) + abs(y - iy), 1e-6))
    return out


class MapPin(ButtonBehavior, Image):
    """A place's red pin; its tip stands on the place."""

    target = StringProperty("")
    chosen = BooleanProperty(False)


class MapLabel(Words):
    """A name written on the map (a street, the river, a park): dark words on a light
    halo so they read on any colour of the map; turned along a street going up."""

    angle = NumericProperty(0)
    halo = BooleanProperty(True)


class TownMap(StencilView):
    """The town from above, clipped to its frame. ``centre`` and ``zoom`` say what part
    shows; pins are its children, on top of the names."""

    keep_direction = True  # a map is not mirrored on an Arabic screen
    target = StringProperty("map.view")
    centre = ListProperty([SIDE / 2, SIDE / 2])
    zoom = NumericProperty(ZOOMS[0])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.town: Any = None
        self.pins: dict[str, MapPin] = {}
        # each name: its label, the stretch of line it is written along (or its one
        # point), and its angle
        self.labels: list[tuple[MapLabel, tuple[tuple[float, float], ...], float]] = []
        self.you_label: MapLabel | None = None
        self.avoid: list[Any] = []  # widgets over the map (the zoom buttons): no name under them
        self._ground = InstructionGroup()
        self.canvas.insert(0, self._ground)  # under the children (names, pins)
        for name in ("pos", "size", "centre", "zoom"):
            self.fbind(name, self.redraw)

    # -- what the map holds --------------------------------------------------------------------
    def build(self, town: Any, words: Any, you: tuple[str, str], picto: Any) -> None:
        """Names first, pins last: a pin is drawn over a street's name. ``words(value)``
        gives a fixture text's (words, language) on this screen."""
        self.town = town
        self.clear_widgets()
        self.labels = []
        for street in town.streets:
            self._name(words(street.name), street.points)
        if town.river is not None:
            self._name(words(town.river.name), town.river.points, blue=True)
        for park in town.parks:
            x, y, w, h = park.area
            self._add_label(words(park.name), ((x + w / 2, y + h / 2),), 0)
        self.you_label = None
        if town.you is not None:
            self.you_label = MapLabel(words=you[0], lang=you[1], bold=True)
            self.add_widget(self.you_label)
        self.pins = {}
        for place in town.places:
            pin = MapPin(source=picto("pin"), fit_mode="contain", size_hint=(None, None),
                         size=(dp(72), dp(72)), opacity=0)
            pin.target = f"pin.{place.id}"
            self.pins[place.id] = pin
            self.add_widget(pin)
        self.redraw()

    def _name(self, text: tuple[str, str], points: tuple[Any, ...], blue: bool = False) -> None:
        """A line's name, at the middle of its longest stretch, turned along it if it goes up."""
        pairs = list(zip(points, points[1:], strict=False))
        (x0, y0), (x1, y1) = max(pairs, key=lambda p: abs(p[1][0] - p[0][0]) + abs(p[1][1] - p[0][1]))
        steep = abs(y1 - y0) > abs(x1 - x0)
        self._add_label(text, ((float(x0), float(y0)), (float(x1), float(y1))), 90 if steep else 0,
                        shift=-0.22 if blue else 0.22)

    def _add_label(self, text: tuple[str, str], along: tuple[tuple[float, float], ...], angle: float,
                   shift: float = 0) -> None:
        label = MapLabel(words=text[0], lang=text[1], angle=angle)
        label.shift = shift  # type: ignore[attr-defined]
        self.add_widget(label)
        self.labels.append((label, along, angle))

    def _label_at(self, along: tuple[tuple[float, float], ...], shift: float) -> tuple[float, float]:
        """Where a name goes: on its stretch of line, near the middle of what shows (a
        little aside, so two crossing streets do not write at the same spot)."""
        if len(along) == 1:
            return along[0]
        (x0, y0), (x1, y1) = along
        cx, cy = self.centre
        dx, dy = x1 - x0, y1 - y0
        length2 = dx * dx + dy * dy or 1.0
        t = ((cx - x0) * dx + (cy - y0) * dy) / length2
        t += shift / self.zoom
        t = min(0.9, max(0.1, t))
        return x0 + dx * t, y0 + dy * t

    # -- where things are ------------------------------------------------------------------------
    @property
    def scale(self) -> float:
        return min(self.width, self.height) / SIDE * self.zoom

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        cx, cy = self.centre
        return self.center_x + (x - cx) * self.scale, self.center_y + (y - cy) * self.scale

    def in_view(self, x: float, y: float, margin: float = 0) -> bool:
        px, py = self.to_px(x, y)
        return (self.x + margin <= px <= self.right - margin) and (self.y + margin <= py <= self.top - margin)

    # -- drawing ---------------------------------------------------------------------------------
    def redraw(self, *_a: Any) -> None:
        town = self.town
        g = self._ground
        g.clear()
        g.add(Color(*LAND))
        g.add(Rectangle(pos=self.pos, size=self.size))
        if town is None:
            return
        s = self.scale
        for park in town.parks:
            x, y, w, h = park.area
            g.add(Color(*PARK))
            g.add(RoundedRectangle(pos=self.to_px(x, y), size=(w * s, h * s), radius=[s * 1.5]))
        if town.river is not None:
            g.add(Color(*WATER))
            river = min(dp(30), max(dp(7), s * 2.4))
            g.add(Line(points=self._flat(town.river.points), width=river, joint="round",
                       cap="round"))
        for colour, extra in ((STREET_EDGE, dp(2)), (STREET, 0)):
            g.add(Color(*colour))
            for street in town.streets:
                width = min(dp(16), max(dp(5), s * 0.9)) + extra
                g.add(Line(points=self._flat(street.points), width=width, joint="round"))
        if town.you is not None:
            px, py = self.to_px(*town.you)
            g.add(Color(1, 1, 1, 1))
            g.add(Ellipse(pos=(px - dp(15), py - dp(15)), size=(dp(30), dp(30))))
            g.add(Color(*YOU))
            g.add(Ellipse(pos=(px - dp(10), py - dp(10)), size=(dp(20), dp(20))))
        self._place_words()

    def _flat(self, points: tuple[Any, ...]) -> list[float]:
        return [v for x, y in _beyond(points) for v in self.to_px(x, y)]

    def _taken(self, box: tuple[float, float, float, float], taken: list[Any]) -> bool:
        x0, y0, x1, y1 = box
        return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in taken)

    def _place_words(self) -> None:
        """Each name where it goes, unless it would be cut by the frame, or written over
        another name or under the zoom buttons (then it waits for another zoom)."""
        taken = [(w.x, w.y, w.right, w.top) for w in self.avoid if w.opacity > 0]
        self._place_you(taken)
        size = max(dp(18), min(dp(26), self.scale * 4.5))
        for label, along, angle in self.labels:
            at = self._label_at(along, getattr(label, "shift", 0))
            label.font_size = size
            label.texture_update()
            w, h = label.texture_size
            label.size = (w + dp(12), h + dp(4))
            px, py = self.to_px(*at)
            label.center = (px, py)
            w, h = (label.height, label.width) if angle else (label.width, label.height)
            box = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
            inside = self.x <= box[0] and box[2] <= self.right and self.y <= box[1] and box[3] <= self.top
            shown = inside and not self._taken(box, taken)
            label.opacity = 1 if shown else 0
            if shown:
                taken.append(box)
        self._place_pins()

    def _place_you(self, taken: list[Any]) -> None:
        you = self.you_label
        if you is not None and self.town is not None:
            you.font_size = dp(22)
            you.texture_update()
            you.size = (you.texture_size[0] + dp(16), you.texture_size[1] + dp(6))
            px, py = self.to_px(*self.town.you)
            you.center_x, you.top = px, py - dp(18)  # under the dot
            box = (you.x, you.y, you.right, you.top)
            inside = self.x <= you.x and you.right <= self.right and self.y <= you.y and you.top <= self.top
            you.opacity = 1 if inside and not self._taken(box, taken) else 0
            if you.opacity:
                taken.append(box)

    def _place_pins(self) -> None:
        for ident, pin in self.pins.items():
            place = next(p for p in self.town.places if p.id == ident) if self.town else None
            if place is None:
                continue
            px, py = self.to_px(*place.at)
            pin.x, pin.y = px - pin.width / 2, py - pin.height * 0.08


class StreetPicture(Widget):
    """A drawing of a place's entrance seen from the pavement: sky, the front, windows,
    the door in the place's colour, a sign with its name (a drawing, not a photo)."""

    keep_direction = True
    door = ListProperty(list(DOOR_COLOURS["green"]))
    bus_stop = BooleanProperty(False)
    sign = ListProperty([0, 0, 1, 1])  # where the sign with the place's name hangs: x, y, w, h

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._art = InstructionGroup()
        self.canvas.insert(0, self._art)
        for name in ("pos", "size", "door", "bus_stop"):
            self.fbind(name, self.redraw)

    def redraw(self, *_a: Any) -> None:
        g = self._art
        g.clear()
        self.sign = list(self.sign_box())
        x, y, w, h = self.x, self.y, self.width, self.height
        ground = y + h * 0.16
        g.add(Color(0.78, 0.89, 0.98, 1))  # sky
        g.add(Rectangle(pos=(x, ground), size=(w, h - h * 0.16)))
        g.add(Color(0.62, 0.62, 0.62, 1))  # street
        g.add(Rectangle(pos=(x, y), size=(w, h * 0.08)))
        g.add(Color(0.82, 0.8, 0.76, 1))  # pavement
        g.add(Rectangle(pos=(x, y + h * 0.08), size=(w, h * 0.08)))
        front_x, front_w = x + w * 0.18, w * 0.64
        front_h = h * 0.74
        g.add(Color(0.93, 0.85, 0.72, 1))  # the building's front
        g.add(Rectangle(pos=(front_x, ground), size=(front_w, front_h)))
        g.add(Color(0.55, 0.32, 0.25, 1))  # roof
        g.add(Mesh(vertices=[front_x - w * 0.03, ground + front_h, 0, 0,
                             front_x + front_w + w * 0.03, ground + front_h, 0, 0,
                             front_x + front_w / 2, ground + front_h + h * 0.08, 0, 0],
                   indices=[0, 1, 2], mode="triangles"))
        g.add(Color(0.55, 0.72, 0.85, 1))  # windows
        for row in (0.56, 0.78):
            for col in (0.08, 0.38, 0.68):
                g.add(Rectangle(pos=(front_x + front_w * col, ground + front_h * row),
                                size=(front_w * 0.24, front_h * 0.14)))
        door_w, door_h = front_w * 0.2, front_h * 0.34
        door_x = front_x + front_w * 0.4
        g.add(Color(*self.door))
        g.add(Rectangle(pos=(door_x, ground), size=(door_w, door_h)))
        g.add(Color(0.95, 0.85, 0.3, 1))  # the door's handle
        knob = door_w * 0.1
        g.add(Ellipse(pos=(door_x + door_w * 0.78, ground + door_h * 0.45), size=(knob, knob)))
        g.add(Color(0.2, 0.45, 0.2, 1))  # a tree on the pavement
        g.add(Rectangle(pos=(x + w * 0.07, ground), size=(w * 0.02, h * 0.2)))
        g.add(Color(0.35, 0.62, 0.3, 1))
        g.add(Ellipse(pos=(x + w * 0.02, ground + h * 0.16), size=(w * 0.12, h * 0.2)))
        if self.bus_stop:
            pole_x = x + w * 0.88
            g.add(Color(0.3, 0.3, 0.3, 1))
            g.add(Rectangle(pos=(pole_x, ground), size=(w * 0.012, h * 0.36)))
            g.add(Color(0.1, 0.3, 0.75, 1))
            g.add(RoundedRectangle(pos=(pole_x - w * 0.025, ground + h * 0.3), size=(w * 0.06, h * 0.08),
                                   radius=[dp(6)]))

    def sign_box(self) -> tuple[float, float, float, float]:
        """Where the sign with the place's name hangs: above the door (x, y, w, h)."""
        front_x, front_w = self.x + self.width * 0.18, self.width * 0.64
        ground = self.y + self.height * 0.16
        return (front_x + front_w * 0.08, ground + self.height * 0.74 * 0.38, front_w * 0.84,
                self.height * 0.74 * 0.15)
