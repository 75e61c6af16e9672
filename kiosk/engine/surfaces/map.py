"""The map surface's engine side: its typed fixture (an invented town: streets, a river,
parks, the places a learner can search, each with its walking and bus routes), its
targets and the gestures they take (a pinch on the map), the app's own words, and what
the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The app's own words on its targets (the widget draws them; scenario texts refer to them).
WORDS = Words("map", (
    N_("map.field.search", "Rechercher une adresse"),
    N_("map.button.directions", "Itinéraire"),
    N_("map.button.street", "Vue de la rue"),
    N_("map.button.close", "Retour à la carte"),
    N_("map.button.zoom_in", "Agrandir"),
    N_("map.button.zoom_out", "Réduire"),
    N_("map.mode.walk", "À pied"),
    N_("map.mode.bus", "Bus"),
))

# The app's other words (the widget's chrome): not on a target.
CHROME_WORDS = Words("map", (
    N_("map.app", "Plans (exemple)"),
    N_("map.you", "Vous êtes ici"),
    N_("map.no_result", "Aucun lieu trouvé. Essayez un autre mot."),
    N_("map.choose_mode", "Choisissez : à pied ou en bus."),
    N_("map.no_route", "Pas de trajet pour ce choix."),
    N_("map.minutes", "{n} min"),
    N_("map.line", "Ligne {line}"),
    N_("map.street_note", "Dessin de l'entrée, pas une photo."),
    N_("map.field.check", "Écrivez un nom de rue ou de lieu."),
))

BUTTONS = frozenset({"button.directions", "button.street", "button.close", "button.zoom_in",
                     "button.zoom_out", "mode.walk", "mode.bus"})
FIXED_TARGETS = BUTTONS | {"field.search", "map.view"}
MODES = ("walk", "bus")
DOORS = ("green", "blue", "red", "yellow", "brown")
SIDE = 100  # the town is drawn on a square of SIDE × SIDE map units, (0, 0) at the bottom left


def _is_point(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= SIDE
                    for v in value))


def _check_points(node: Mapping[str, Any], key: str, report: Report) -> None:
    """A line on the map (a street, the river): at least two points inside the town."""
    value = node[key]
    wrong = next((p for p in value if not _is_point(p)), None) if len(value) >= 2 else "too few"
    if wrong is not None:
        what = ("needs at least 2 points" if wrong == "too few"
                else f"has '{wrong}', not a point inside the town")
        report(node, key, f"'{key}' {what}",
               f"write e.g. '{key}: [[0, 40], [100, 40]]' (each [x, y] from 0 to {SIDE}, across then up)")


def _check_point(node: Mapping[str, Any], key: str, report: Report) -> None:
    if not _is_point(node[key]):
        report(node, key, f"'{key}' must be one point [x, y] inside the town",
               f"write e.g. '{key}: [62, 35]' (0 to {SIDE}, across then up)")


class _Line(Record):
    """A line drawn on the map (a street, the river): its points are checked once, here."""

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_points(node, "points", report)


@dataclass(frozen=True)
class Street(_Line):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name"),
        Key("name", "label", what="the name written along it on the map"),
        Key("points", "list", what=f"its line, as points `[x, y]` from 0 to {SIDE} (left to right, "
                                   "bottom to top): `[[0, 40], [100, 40]]`"),
    )
    WHAT: ClassVar[str] = "a street"
    id: str
    name: Any
    points: tuple[Any, ...]


@dataclass(frozen=True)
class River(_Line):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("name", "label", what="its name, written on it"),
        Key("points", "list", what="its course, as points like a street's"),
    )
    WHAT: ClassVar[str] = "the river"
    name: Any
    points: tuple[Any, ...]


@dataclass(frozen=True)
class Park(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name"),
        Key("name", "label", what="its name, written on it"),
        Key("area", "list", what="where it lies: `[x, y, width, height]` in map units"),
    )
    WHAT: ClassVar[str] = "a park"
    id: str
    name: Any
    area: tuple[Any, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        area = node["area"]
        numbers = isinstance(area, list) and len(area) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in area)
        if (not numbers or area[2] <= 0 or area[3] <= 0
                or area[0] + area[2] > SIDE or area[1] + area[3] > SIDE):
            report(node, "area", "'area' must be [x, y, width, height] inside the town",
                   f"write e.g. 'area: [10, 60, 20, 15]' (the corner, then the size; 0 to {SIDE})")


@dataclass(frozen=True)
class Route(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("minutes", "number", what="how long it takes"),
        Key("line", "text", default="", what="the bus line's number, in quotes (`\"5\"`)"),
        Key("steps", "list", what="what to do, in order: one short sentence each (a text or six languages)"),
    )
    WHAT: ClassVar[str] = "a route"
    minutes: float
    line: str
    steps: tuple[Any, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if node["minutes"] <= 0 or node["minutes"] > 180:
            report(node, "minutes", "'minutes' must be between 1 and 180", "write e.g. 'minutes: 12'")
        steps = node["steps"]
        if not steps:
            report(node, "steps", "a route needs at least one step",
                   "add '- {fr: Prenez la rue de la Gare.}'")
        for i, step in enumerate(steps):
            french = step.get("fr") if isinstance(step, Mapping) else step
            if not isinstance(french, str) or not french.strip():
                report(steps, i, "a route's step needs words", "write a text, or a map with at least 'fr:'")


@dataclass(frozen=True)
class Place(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `suggestion.<id>` in the list, `pin.<id>` on the map"),
        Key("name", "label", what="what the search suggests and the card shows"),
        Key("address", "text", what="its postal address (invented, with an invented postcode)"),
        Key("at", "list", what="where its pin stands: `[x, y]` in map units"),
        Key("pictogram", "text", default="pin", what="a pictogram of assets/pictograms for its card"),
        Key("door", "text", default="green",
            what=f"the door's colour in **Vue de la rue**: {', '.join(DOORS)}"),
        Key("entrance", "label", default="", what="the words under the street picture (where the door is)"),
        Key("walk", "map", default=None, what="the walking route: `minutes`, `steps`"),
        Key("bus", "map", default=None, what="the bus route: `minutes`, `line`, `steps`"),
    )
    WHAT: ClassVar[str] = "a place"
    FAMILY: ClassVar[str] = "pin"
    id: str
    name: Any
    address: str
    at: tuple[Any, ...]
    pictogram: str
    door: str
    entrance: Any
    walk: Any
    bus: Any

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_point(node, "at", report)
        if node.get("door", "green") not in DOORS:
            report(node, "door", f"unknown door colour '{node.get('door')}'",
                   f"use one of: {', '.join(DOORS)}")
        for mode in MODES:
            if isinstance(node.get(mode), Mapping):
                Route.check(node[mode], report)
        if not any(isinstance(node.get(mode), Mapping) for mode in MODES):
            report(node, "id", f"the place '{node['id']}' has no route",
                   "add 'walk:' or 'bus:' with minutes and steps")

    @classmethod
    def read(cls, node: Mapping[str, Any]) -> Any:
        place = super().read(node)
        routes = {mode: Route.read(node[mode]) if isinstance(node.get(mode), Mapping) else None
                  for mode in MODES}
        return cls(**{**place.__dict__, **routes})

    def route(self, mode: str) -> Route | None:
        found = getattr(self, mode, None)
        return found if isinstance(found, Route) else None

    def targets(self) -> set[str]:
        return {f"pin.{self.id}", f"suggestion.{self.id}"}


@dataclass(frozen=True)
class Town(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("town", "label", what="the town's name, written on the map"),
        Key("you", "list", default=None, what="*“Vous êtes ici”*: a blue dot at `[x, y]`"),
        Key("streets", "items", item=Street, what="the streets, drawn white on the map"),
        Key("river", "map", default=None, what="a river: `name`, `points`"),
        Key("parks", "items", default=(), item=Park, what="green areas: `id`, `name`, `area`"),
        Key("places", "items", item=Place, what="the places a search finds (see below)"),
    )
    WHAT: ClassVar[str] = "the map"
    town: Any
    you: Any
    streets: tuple[Street, ...]
    river: Any
    parks: tuple[Park, ...]
    places: tuple[Place, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if node.get("you") is not None:
            _check_point(node, "you", report)
        if isinstance(node.get("river"), Mapping):
            River.check(node["river"], report)
        if not node["streets"]:
            report(node, "streets", "the town has no street",
                   "add '- id: gare, name: Rue de la Gare, points: ...'")
        if not node["places"]:
            report(node, "places", "the search finds nothing", "add '- id: library, name: ..., address: ...'")

    @classmethod
    def read(cls, node: Mapping[str, Any]) -> Any:
        town = super().read(node)
        river = River.read(node["river"]) if isinstance(node.get("river"), Mapping) else None
        return cls(**{**town.__dict__, "river": river})

    def place(self, ident: str) -> Place | None:
        return next((p for p in self.places if p.id == ident), None)


def _check(fixture: Any, report: Report) -> None:
    Town.check(fixture, report, set(), None, None)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = set(FIXED_TARGETS)
    for place in fixture.get("places") or ():
        if isinstance(place, Mapping) and isinstance(place.get("id"), str):
            names |= {f"pin.{place['id']}", f"suggestion.{place['id']}"}
    return names


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """The map takes two fingers (or the mouse wheel); the search field takes typing."""
    if target == "map.view":
        return ("pinch",)
    if target == "field.search":
        return ("type",)
    return ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons, and each place's name on its
    suggestion and its pin."""
    names: dict[str, Any] = dict(WORDS)
    for place in fixture.get("places") or ():
        if isinstance(place, Mapping) and place.get("name"):
            names[f"suggestion.{place.get('id')}"] = place["name"]
            names[f"pin.{place.get('id')}"] = place["name"]
    return names


GUIDE = """\
A maps app, *Plans (exemple)*, over the whole practice area: a search field at the top
(typed with the on-screen keyboard), a drawn map of an invented town (streets, a river,
parks, the blue *“Vous êtes ici”* dot) and the **+** / **−** buttons. No real map, no
internet. A search (`type` on `field.search`) lists the places whose name or address holds
the typed words; choosing a suggestion puts its red pin in the middle of the map. Touching
the pin opens its card (name, address, **Itinéraire**, **Vue de la rue**); **Itinéraire**
offers **À pied** and **Bus**, each with its time and its steps. **Vue de la rue** shows
a drawing of the entrance (the door in the place's `door` colour, its name above), never a
photo. Two fingers spread on the map zoom in (`pinch` on `map.view`); with a mouse, the
wheel does the same. The **+** button is the same zoom for a learner who cannot pinch yet."""

KEYS = (
    *Town.guide_keys(),
    *Street.guide_keys("a street's "),
    *Place.guide_keys("a place's "),
    *Route.guide_keys("a route's "),
)

TARGETS = (
    TargetName(("field.search",), "the search field at the top (**Rechercher une adresse**)", ("type",)),
    TargetName(("suggestion.<id>",), "a place in the list under the field, after a search", ("tap",)),
    TargetName(("pin.<id>",), "a place's red pin on the map: a touch opens its card", ("tap",)),
    TargetName(("map.view",), "the map itself: two fingers spread zoom in (the mouse wheel too)", ("pinch",)),
    TargetName(("button.zoom_in", "button.zoom_out"), "the **+** and **−** buttons beside the map", ("tap",)),
    TargetName(("button.directions", "button.street"),
               "on a place's card: **Itinéraire**, **Vue de la rue**", ("tap",)),
    TargetName(("mode.walk", "mode.bus"), "in the route panel: **À pied**, **Bus**", ("tap",)),
    TargetName(("button.close",), "under the street picture: **Retour à la carte**", ("tap",)),
)

register(SurfaceSpec("map", _check, _targets, _gestures, _labels,
                     summary="a maps app: search a place, its pin, zoom (pinch or +), "
                             "routes on foot or by bus, "
                             "a drawing of the street",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(key.name for key in Town.KEYS), fixture=Town))
