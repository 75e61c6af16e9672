"""The map surface's fixture as an author meets it: the targets an invented town offers,
the typed fixture the widget reads, the pinch only on the map, and each mistake located
at its file and line with a fix."""

from __future__ import annotations

from pathlib import Path

from scenario_yaml import line_of

from kiosk.engine import actions, surfaces
from kiosk.engine.actions import Action
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Expect, Scenario
from kiosk.engine.surfaces.map import WORDS, Town

SAY = ("{fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")

HEAD = """\
schema_version: 1
id: moving.practice
version: 1
module: moving
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: map
digcomp: [digcomp:2.2:1.1]
level: 1
surface: map
"""

TOWN = """\
fixture:
  town: Tilleul-sur-Meuse
  you: [10, 60]
  river: {name: La Meuse, points: [[0, 20], [100, 25]]}
  parks:
    - {id: parc, name: Parc du Tilleul, area: [40, 60, 20, 10]}
  streets:
    - {id: gare, name: Rue de la Gare, points: [[0, 50], [100, 50]]}
  places:
    - id: library
      name: {fr: Bibliothèque, nl: Bibliotheek}
      address: Rue de la Gare 8, 4500 Tilleul-sur-Meuse
      at: [40, 52]
      walk:
        minutes: 9
        steps: [{fr: Suivez la rue de la Gare.}]
      bus: {minutes: 5, line: "3", steps: [Prenez le bus 3.]}
"""


def steps(*expects: str) -> str:
    out = "steps:\n"
    for i, expect in enumerate(expects):
        out += f"  - id: s{i}\n    say: {SAY}\n    expect: {{{expect}}}\n"
    return out


def load(tmp_path: Path, text: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / "moving"
    folder.mkdir(exist_ok=True)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def the_error(tmp_path: Path, text: str, what: str, line: int, fix: str = "") -> ContentProblem:
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None, "a broken file must not load"
    matching = [p for p in problems if p.severity == "error" and what in p.what]
    assert matching, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    problem = matching[0]
    assert str(problem).startswith(f"{path}:{line}:"), str(problem)  # the file and the line
    assert fix in problem.fix, str(problem)
    return problem


ALL_STEPS = steps('action: type, target: field.search, rule: {pattern: ".*biblio.*", example: biblio}',
                  "action: tap, target: suggestion.library",
                  "action: pinch, target: map.view",
                  "action: tap, target: button.zoom_in",
                  "action: tap, target: pin.library",
                  "action: tap, target: button.directions",
                  "action: tap, target: mode.bus",
                  "action: tap, target: button.street",
                  "action: tap, target: button.close")


def test_a_town_offers_its_places_the_map_and_the_apps_buttons(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, HEAD + TOWN + ALL_STEPS)
    assert scenario is not None and not [p for p in problems if p.severity == "error"], problems
    spec = surfaces.get("map")
    assert spec is not None
    assert spec.targets(scenario.fixture) == {
        "field.search", "map.view", "suggestion.library", "pin.library", "button.zoom_in",
        "button.zoom_out", "button.directions", "button.street", "button.close", "mode.walk", "mode.bus"}


def test_the_widget_reads_a_typed_town_with_its_defaults(tmp_path: Path) -> None:
    scenario, _, _ = load(tmp_path, HEAD + TOWN + ALL_STEPS)
    assert scenario is not None
    town = surfaces.get("map").read(scenario.fixture)  # type: ignore[union-attr]
    assert isinstance(town, Town)
    library = town.place("library")
    assert library is not None and library.door == "green" and library.pictogram == "pin"
    assert library.route("walk").minutes == 9 and library.route("bus").line == "3"  # type: ignore[union-attr]
    assert town.river.name == "La Meuse" and town.parks[0].area == (40, 60, 20, 10)


def test_the_map_is_pinched_and_only_the_map(tmp_path: Path) -> None:
    text = HEAD + TOWN + steps("action: pinch, target: pin.library")
    the_error(tmp_path, text, "on 'pin.library' the learner does 'tap'", line_of(text, "target: pin.library"))
    text = HEAD + TOWN + steps("action: tap, target: map.view")
    the_error(tmp_path, text, "on 'map.view' the learner does 'pinch'", line_of(text, "target: map.view"))


def test_a_pinch_is_judged_like_any_gesture() -> None:
    kind = actions.kind(actions.canonical("spread") or "")
    expect = Expect("pinch", "map.view")
    assert kind.accepts(expect, Action("pinch", "map.view"))
    assert not kind.accepts(expect, Action("tap", "map.view"))


def test_a_place_not_in_the_town_is_named(tmp_path: Path) -> None:
    text = HEAD + TOWN + steps("action: tap, target: pin.station")
    the_error(tmp_path, text, "the surface has no target 'pin.station'", line_of(text, "target: pin.station"))


def test_a_point_outside_the_town_is_found_at_its_line(tmp_path: Path) -> None:
    text = HEAD + TOWN.replace("at: [40, 52]", "at: [40, 152]") + ALL_STEPS
    the_error(tmp_path, text, "'at' must be one point [x, y] inside the town", line_of(text, "at: [40, 152]"),
              "e.g. 'at: [62, 35]'")
    text = HEAD + TOWN.replace("points: [[0, 50], [100, 50]]", "points: [[0, 50]]") + ALL_STEPS
    the_error(tmp_path, text, "'points' needs at least 2 points", line_of(text, "points: [[0, 50]]"))


def test_a_place_without_a_route_and_a_wrong_door_are_named(tmp_path: Path) -> None:
    lines = TOWN.replace("      at: [40, 52]\n", "      at: [40, 52]\n      door: purple\n")
    start = lines.index("      walk:")
    text = HEAD + lines[:start] + ALL_STEPS.replace("mode.bus", "mode.walk")
    the_error(tmp_path, text, "unknown door colour 'purple'", line_of(text, "door: purple"), "green")
    the_error(tmp_path, text, "the place 'library' has no route", line_of(text, "id: library"), "walk:")


def test_a_route_needs_minutes_and_steps(tmp_path: Path) -> None:
    text = HEAD + TOWN.replace("minutes: 9", "minutes: nine") + ALL_STEPS
    the_error(tmp_path, text, "'minutes' must be a number", line_of(text, "minutes: nine"))


def test_an_unknown_key_says_which_ones_exist(tmp_path: Path) -> None:
    text = HEAD + TOWN.replace("  you: [10, 60]\n", "  you: [10, 60]\n  zoom: 3\n") + ALL_STEPS
    problem = the_error(tmp_path, text, "unknown key 'zoom'", line_of(text, "zoom: 3"))
    assert "places" in problem.fix and "streets" in problem.fix


def test_the_apps_words_are_in_six_languages() -> None:
    for key in WORDS:
        assert set(WORDS[key]) == {"fr", "nl", "en", "ar", "tr", "uk"}, key
    assert WORDS["button.directions"]["fr"] == "Itinéraire"
