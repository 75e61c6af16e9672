"""The map surface through the real kiosk at 1280×800 (a common EPN screen): the robot
learner plays the moving module's exercises to three stars, in French right first time
(the pinch with two fingers included) and in Arabic with a slip on every step (the help
ladder climbs, one star); the learner's eye finds every named target in view."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import drive, play


@pytest.mark.parametrize(("sid", "language", "mistakes"), [
    ("moving.walk", "fr", False),
    ("moving.bus", "ar", True),
], ids=["walk-fr-right-first", "bus-ar-with-mistakes"])
def test_the_moving_exercises_play_through_the_real_kiosk(display: str, tmp_path: Path, sid: str,
                                                         language: str, mistakes: bool) -> None:
    report = play(display, tmp_path, sid, "--lang", language, "--size", "1280x800",
                  *(["--mistakes"] if mistakes else []))
    [scenario] = report["scenarios"]
    assert scenario["stars"] == (1 if mistakes else 3), scenario
    assert report["eye"]["problems"] == [] and report["eye"]["checked"] == len(scenario["steps"])
    assert scenario["smallest_target_px"] >= 64, scenario
    assert scenario["lowest_contrast"][0] >= 7.0, scenario["lowest_contrast"]
    if mistakes:
        # every step climbed the ladder; the search's own message showed for the slip
        assert all(step["hint_levels"] for step in scenario["steps"]), scenario["steps"]
        assert "Écrivez un nom de rue ou de lieu." in scenario.get("site_messages", []) or \
            "Vérifiez ce champ." in scenario.get("site_messages", []), scenario.get("site_messages")
    else:
        assert scenario["errors"] == 0 and scenario["hints"] == 0, scenario


def test_an_arabic_screen_mirrors_the_app_but_not_the_town(display: str, tmp_path: Path) -> None:
    """With "L'écran dans ma langue", the panel moves to the right and the town stays as
    it is; the pinch and the + button zoom in; the card, the route and the street picture
    show what the fixture says, in Arabic."""
    seen = drive(display, tmp_path, "drive_map.py", "1280x800", "ar", timeout=400)
    for sid in ("moving.walk", "moving.bus"):
        record = seen[sid]
        assert record["stars"] == 3, sid
        for step in record["steps"]:
            assert step["mirrored"] and step["side_x"] > step["map_x"], (sid, step)
        steps = {step["id"]: step for step in record["steps"]}
        assert steps["zoom"]["zoom"] < steps["pin"]["zoom"], sid  # two fingers, or +, zoomed in
    walk = seen["moving.walk"]
    steps = {step["id"]: step for step in walk["steps"]}
    assert steps["choose"]["pins"] == ["library", "pharmacy"]  # "Moulin" found both
    name, address, summary, route = walk["end_card"]
    assert name == "المكتبة البلدية" and address.startswith("Rue du Moulin 8")
    assert "9" in summary and route[-1] == "المكتبة في الرقم 8."
    bus = seen["moving.bus"]
    assert "12" in bus["end_card"][2] and len(bus["end_card"][3]) == 3
    assert bus["street_open"] and bus["street_caption"] == "الباب الأزرق، مقابل المحطة تمامًا."
