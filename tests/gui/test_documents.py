"""Mes documents through the real kiosk at 1280×800: the camera (frame the paper, retake
the blurred photo, send it) and the file manager (rename a download on the kiosk's
keyboard, move it into a folder), played by the robot learner in French without help
and in Arabic (mirrored) with a slip on every step. The learner's eye must see every
target whole, big enough, with the instruction readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import play

SCENARIOS = ["documents.photo", "documents.downloads"]  # documents.proof: test_upload.py


@pytest.mark.parametrize(("language", "mistakes"), [("fr", False), ("ar", True)], ids=["fr", "ar-mistakes"])
def test_mes_documents_plays_to_the_end_and_the_eye_sees_every_target(
        display: str, tmp_path: Path, language: str, mistakes: bool) -> None:
    report = play(display, tmp_path, ",".join(SCENARIOS), "--size", "1280x800", "--lang", language,
                  *(["--mistakes"] if mistakes else []))
    assert [s["id"] for s in report["scenarios"]] == SCENARIOS
    assert report["eye"]["problems"] == [] and report["eye"]["checked"] == 7 + 8
    for scenario in report["scenarios"]:
        # without help: three stars; after a slip on every step and the demo: one, never zero
        assert scenario["stars"] == (1 if mistakes else 3), scenario["id"]
        assert scenario["smallest_target_px"] >= 64, scenario["id"]
        assert scenario["lowest_contrast"][0] >= 7.0, (scenario["id"], scenario["lowest_contrast"])
        if mistakes:  # every step climbed the ladder to the demo
            assert all(step["demos"] >= 1 for step in scenario["steps"]), scenario["steps"]
    downloads = report["scenarios"][1]
    if mistakes:  # the wrong name got the phone's calm message under the field (a French screen)
        assert downloads["site_messages"] == ["Vérifiez ce champ."], downloads.get("site_messages")
