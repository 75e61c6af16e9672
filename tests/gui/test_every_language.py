"""Every surface in every language through the real UI: per language, one kiosk plays one
scenario of each surface, right first (CI). The mouse module in French runs in
test_robot_learner.py; the whole matrix (every scenario, every language, with and
without mistakes) is `make languages`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import ROOT, play

LANGUAGES = ["fr", "nl", "en", "ar", "tr", "uk"]


def one_per_surface() -> str:
    from kiosk.engine import load_catalogue

    catalogue = load_catalogue(ROOT / "scenarios")
    chosen: dict[str, str] = {}
    for module in catalogue.modules:
        for scenario in catalogue.in_module(module.id):
            chosen.setdefault(scenario.surface, scenario.id)
    return ",".join(chosen.values())


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_robot_learner_finishes_in_every_language(display: str, tmp_path: Path, language: str) -> None:
    wanted = one_per_surface()
    report = play(display, tmp_path, wanted, "--lang", language)
    assert [s["id"] for s in report["scenarios"]] == wanted.split(",")
    assert report["language"] == language and report["speech_problem"] is None
    for scenario in report["scenarios"]:
        assert scenario["stars"] == 3, scenario["id"]
        assert scenario["lowest_contrast"][0] >= 7.0, (scenario["id"], scenario["lowest_contrast"])
        assert scenario["smallest_target_px"] >= 64, scenario["id"]
    assert report["clips_played"] >= sum(len(s["steps"]) for s in report["scenarios"])
