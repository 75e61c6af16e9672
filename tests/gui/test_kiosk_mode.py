"""Kiosk mode on the real window: idle wipe, Esc and close ignored, animator behind a PIN."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from typing import Any

import pytest

from tests.gui.conftest import ROOT, kiosk_env

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_kiosk_mode")


@pytest.fixture(scope="module")
def observed(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("kiosk-mode")
    out = home / "seen.json"
    content = home / "scenarios"
    shutil.copytree(ROOT / "scenarios", content)
    # a trainer's broken file: it must be skipped, never stop the kiosk
    (content / "mouse" / "broken.yaml").write_text(
        (ROOT / "scenarios/mouse/click.yaml").read_text()
        .replace("id: mouse.click", "id: mouse.broken").replace("object.watch", "object.wach"))
    env = kiosk_env(display, home, KIOSK_IDLE_TIMEOUT="10", KIOSK_IDLE_WARNING="4",
                    KIOSK_SCENARIOS_DIR=str(content))
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui/drive_kiosk_mode.py"), str(out),
                           str(home / "shots")], env=env, capture_output=True, text=True,
                          timeout=180, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    seen: dict[str, Any] = json.loads(out.read_text())
    with sqlite3.connect(home / "kiosk.sqlite3") as db:
        seen["db_sessions"] = db.execute("SELECT end_reason, language FROM sessions").fetchall()
        seen["db_abandoned"] = db.execute(
            "SELECT count(*) FROM step_events WHERE kind = 'abandoned'").fetchone()[0]
    seen["exit_code"] = proc.returncode
    return seen


def test_esc_and_window_close_do_not_exit(observed: dict[str, Any]) -> None:
    assert observed["close_vetoed"] is True
    assert observed["alive_after_esc_and_close"] is True


def test_idle_warns_then_wipes_to_a_clean_welcome(observed: dict[str, Any]) -> None:
    assert 5 <= observed["warning_after_s"] < 9  # timeout 10 s, warning 4 s before
    assert "Bent u er nog?" in observed["warning_spoken"]  # in the learner's language
    assert 9 <= observed["wipe_after_s"] < 13
    assert observed["language_after_wipe"] == "fr"
    assert observed["player_surface_gone"] and observed["stars_cleared"]
    texts = " ".join(observed["visible_texts"])
    assert "Bienvenue" in texts
    assert observed["pseudonym"] not in texts
    for leftover in ("Klik", "Tik", "sleutels", "Cliquer", "Bent u er nog"):
        assert leftover not in texts


def test_timeout_is_recorded_and_the_attempt_abandoned(observed: dict[str, Any]) -> None:
    assert observed["db_sessions"] == [("timeout", "nl")]
    assert observed["db_abandoned"] == 1


def test_animator_corner_and_pin_open_the_animator_screen(observed: dict[str, Any]) -> None:
    assert observed["welcome_still_after_corner"] is True  # holding the corner starts nothing
    assert observed["pseudonym"] in observed["animator_sessions"]
    assert "inactivité" in observed["animator_sessions"]
    assert observed["exit_code"] == 0  # only the animator's "leave" stops the kiosk


def test_a_broken_scenario_is_skipped_and_shown_to_the_animator_only(observed: dict[str, Any]) -> None:
    assert observed["scenario_tiles"] == 5  # the learner sees the five good ones
    problems = observed["animator_problems"]
    assert "broken.yaml:" in problems and "object.wach" in problems and "did you mean" in problems


def test_the_animator_can_lengthen_the_idle_timeout_and_it_is_kept(observed: dict[str, Any]) -> None:
    assert observed["idle_after_more"] == 60  # 10 s from the config → the next step up
    assert observed["state_file"]["idle_timeout"] == 60


def test_switching_language_mid_step_says_the_same_step_again(observed: dict[str, Any]) -> None:
    assert observed["instruction_nl"] == "Tik op de sleutels."
    assert observed["instruction_en"] == "Tap the keys."
    assert observed["spoken_after_switch"] == ["English", "Tap the keys."]
    assert observed["step_after_switch"] == 0  # nothing lost: still the first step
