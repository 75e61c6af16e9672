"""The map surface through the real kiosk at 1280×800 (a common EPN screen): the robot
learner plays the moving module's exercises to three stars, in French right first time
(the pinch with two fingers included) and in Arabic with a slip on every step (the help
ladder climbs, one star); the learner's eye finds every named target in view."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import play


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
