"""The whole matrix: every shipped scenario, in every language, with and without mistakes,
through the real UI. Long (about 10 minutes on two cores): `make languages`. CI runs the
mouse module in French and one scenario per surface in every language instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import play

LANGUAGES = ["fr", "nl", "en", "ar", "tr", "uk"]


@pytest.mark.matrix
@pytest.mark.parametrize("mistakes", [False, True], ids=["right-first", "with-mistakes"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_scenario_in_every_language(display: str, tmp_path: Path, language: str,
                                          mistakes: bool) -> None:
    report = play(display, tmp_path, "all", "--lang", language, *(["--mistakes"] if mistakes else []))
    assert report["scenarios"], "no scenario played"
    for scenario in report["scenarios"]:
        assert scenario["stars"] == (1 if mistakes else 3), scenario["id"]
        assert scenario["lowest_contrast"][0] >= 7.0, (scenario["id"], scenario["lowest_contrast"])
        assert scenario["smallest_target_px"] >= 64, scenario["id"]
    assert report["speech_problem"] is None
    steps = sum(len(s["steps"]) for s in report["scenarios"])
    assert report["clips_played"] >= steps
