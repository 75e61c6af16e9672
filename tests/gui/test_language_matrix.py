"""The whole matrix: every shipped exercise, in every language, with and without mistakes,
through the real UI, the learner's eye checking every step. Played right first, each
level 2 follows its level 1 (as the kiosk offers it: after level 1 with at most one help);
with mistakes, level 1 alone (level 2 is not offered then). Long: `make languages` (two
workers). CI runs the mouse module in French and one scenario per surface in every
language instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.engine import load_catalogue
from tests.gui.conftest import play

LANGUAGES = ["fr", "nl", "en", "ar", "tr", "uk"]
LEVEL1 = load_catalogue(load_config().scenarios_dir, ("fr",)).in_order()
WITH_LEVEL2 = [v.id for s in LEVEL1 for v in (s, s.level2) if v is not None]


@pytest.mark.matrix
@pytest.mark.parametrize("mistakes", [False, True], ids=["right-first", "with-mistakes"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_scenario_in_every_language(display: str, tmp_path: Path, language: str,
                                          mistakes: bool) -> None:
    played = [s.id for s in LEVEL1] if mistakes else WITH_LEVEL2
    report = play(display, tmp_path, ",".join(played), "--lang", language,
                  *(["--mistakes"] if mistakes else []))
    assert [s["id"] for s in report["scenarios"]] == played
    assert report["eye"]["problems"] == [], report["eye"]["problems"]
    for scenario in report["scenarios"]:
        assert scenario["stars"] == (1 if mistakes else 3), scenario["id"]
        assert scenario["lowest_contrast"][0] >= 7.0, (scenario["id"], scenario["lowest_contrast"])
        assert scenario["smallest_target_px"] >= 64, scenario["id"]
    assert report["speech_problem"] is None
    steps = sum(len(s["steps"]) for s in report["scenarios"])
    assert report["clips_played"] >= steps
