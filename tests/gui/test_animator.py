"""The animator's screen and PIN pad as a person sees them, at 1280×800 (the learner in
Arabic) and 1920×1080 (the learner in French): module tiles readable, ≥ 64 px and ≥ 7:1
by the robot's own checks, on/off said by a word and a mark, French in the Latin font
whatever the learner's language, "Annuler" on the pad, and the two questions asked once."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.engine import load_catalogue
from tests.gui.conftest import ROOT, kiosk_env

CASES = [("ar", "1280x800"), ("fr", "1920x1080")]
NOT_LATIN = re.compile(r"[\u0600-\u06ff\u0400-\u04ff]")  # Arabic or Cyrillic letters


@pytest.fixture(scope="module", params=CASES, ids=[f"{lang}-{size}" for lang, size in CASES])
def seen(request: pytest.FixtureRequest, display: str,
         tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    language, size = request.param
    home: Path = tmp_path_factory.mktemp(f"animator-{language}")
    out = home / "seen.json"
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui/drive_animator.py"), str(out),
                           str(home / "shots"), language, size], env=kiosk_env(display, home),
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    assert data["error"] is None, data["error"]
    data["exit_code"] = proc.returncode
    return data


# one tile per shipped activity
MODULES = len(load_catalogue(ROOT / "scenarios").modules)


def test_module_tiles_are_readable_and_big_enough(seen: dict[str, Any]) -> None:
    for state in ("animator", "animator_one_hidden", "animator_no_session"):
        screen = seen[state]
        assert screen["tiles"] == MODULES, state
        assert screen["smallest_target"] >= 64, state
        assert screen["lowest_contrast"][0] >= 7.0, (state, screen["lowest_contrast"])
        assert screen["cut"] == [], (state, screen["cut"])  # no words cut or spilling over
        assert screen["overlapping"] == [], (state, screen["overlapping"])
        assert screen["outside"] == [], (state, screen["outside"])


def test_the_animator_screen_stays_french_in_the_latin_font(seen: dict[str, Any]) -> None:
    for part in (seen["animator"], seen["end_card"], seen["exit_card"], seen["pad"]):
        assert not {"KioskArabic", "KioskNoto"} & set(part["fonts"]), part["fonts"]
    for part in (seen["animator"], seen["end_card"], seen["exit_card"]):
        assert not [t for t in part["texts"] if NOT_LATIN.search(t)]
    assert "Espace animateur" in seen["animator"]["texts"]


def test_hiding_a_module_says_so_by_a_word_and_a_mark(seen: dict[str, Any]) -> None:
    assert seen["video_before"] == {"words": ["Appel vidéo", "Proposé"], "mark": True, "offered": True}
    assert seen["video_after"] == {"words": ["Appel vidéo", "Caché"], "mark": False, "offered": False}
    assert "video" not in seen["enabled_after_hiding"] and "mouse" in seen["enabled_after_hiding"]
    assert seen["menu_has_mouse"] and not seen["menu_has_video"]  # the learner's menu follows
    assert seen["video_shown_again"]["words"] == ["Appel vidéo", "Proposé"]
    assert seen["video_shown_again"]["mark"] is True


def test_the_pin_pad_cancel_changes_nothing(seen: dict[str, Any]) -> None:
    assert seen["pad"]["entered"] == "12"
    assert seen["pad"]["smallest_target"] >= 64
    assert seen["pad"]["lowest_contrast"][0] >= 7.0, seen["pad"]["lowest_contrast"]
    assert seen["pad"]["cut"] == []
    after = dict(seen["pad_after_cancel"])
    assert after.pop("open") is False
    assert after == seen["before_pad"]  # same screen, session, step, words and language


def test_ending_the_session_asks_once(seen: dict[str, Any]) -> None:
    assert seen["pseudonym"] in seen["end_button"]  # it says whose session ends
    card = seen["end_card"]
    assert card["question"] == "Terminer la session en cours ?"
    assert (card["no"], card["yes"]) == ("Non, je continue", "Oui, terminer")
    assert card["lowest_contrast"][0] >= 7.0 and card["smallest_target"] >= 64 and card["cut"] == []
    assert card["spoken_last"] != card["question"]  # the animator's question is not said aloud
    assert seen["end_after_no"] == {"card": False, "screen": "animator", "same_session": True}
    assert seen["end_after_yes"] == {"screen": "welcome", "session": None}
    # with no session going on, the button is gone (the screen says so in words)
    assert seen["end_button_without_session"] == {"opacity": 0, "disabled": True}
    assert "Aucune session en cours." in seen["animator_no_session"]["texts"]


def test_quitting_asks_once_no_keeps_the_kiosk_yes_ends_it(seen: dict[str, Any]) -> None:
    card = seen["exit_card"]
    assert card["question"] == "Quitter le kiosque ?"
    assert (card["no"], card["yes"]) == ("Non, je continue", "Oui, quitter")
    assert card["lowest_contrast"][0] >= 7.0 and card["smallest_target"] >= 64 and card["cut"] == []
    assert seen["exit_after_no"] == {"card": False, "screen": "animator", "allow_exit": False}
    assert seen["stopped_at"] == "exit.yes"  # the kiosk stopped on "Oui", not before, not after
    assert seen["exit_code"] == 0
