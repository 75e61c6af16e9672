"""The keyboard module through the real UI: typed on the on-screen AZERTY key by key,
the site's message under a wrong field. That nothing typed is kept anywhere is the
privacy canary's test (tests/gui/test_privacy.py), which types in these scenarios too."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import play

KEYBOARD = ["keyboard.words", "keyboard.email"]


def test_typing_right_first_gives_three_stars(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "keyboard", "--size", "1280x800")
    assert [s["id"] for s in report["scenarios"]] == KEYBOARD
    assert [s["stars"] for s in report["scenarios"]] == [3, 3]
    assert min(s["smallest_target_px"] for s in report["scenarios"]) >= 64  # keys too
    assert min(s["lowest_contrast"][0] for s in report["scenarios"]) >= 7.0


def test_a_wrong_entry_gets_the_sites_message_and_help(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "keyboard.words", "--mistakes")
    scenario = report["scenarios"][0]
    assert scenario["stars"] == 1
    assert "Écrivez Namur." in scenario["site_messages"]  # under the field, as a real site
    assert "Le code postal a 4 chiffres." in scenario["site_messages"]
    assert all(step["hint_levels"] == [1, 2, 3] for step in scenario["steps"])

