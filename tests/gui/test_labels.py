"""The instruction names what the screen shows, in the screen's language: an Arabic-speaking
learner books a slot (eadmin.appointment) on the real kiosk with "L'écran dans ma langue"
on and off; at every step the words drawn on the target are in the instruction. Today's
defect: the page in Arabic, the instruction still saying «اختر Carte d'identité»."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play


@pytest.fixture(scope="module")
def observed(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("labels")
    seen = drive(display, home, "drive_labels.py", "1280x800", timeout=300)
    seen["shots"] = sorted(p.name for p in (home / "shots").glob("*.png"))
    return seen


def names_the_target(seen: dict[str, Any]) -> bool:
    return any(words in seen["instruction"] for words in seen["target_words"])


def test_over_the_french_screen_the_arabic_instruction_names_the_french_label(
        observed: dict[str, Any]) -> None:
    first = observed["first"]["french_screen"]
    assert first["screen"] == "fr" and "Carte d'identité" in first["target_words"]
    assert "Carte d'identité" in first["instruction"] and first["instruction"].startswith("اختر")


def test_the_screen_in_arabic_turns_the_instruction_to_the_arabic_label(observed: dict[str, Any]) -> None:
    own = observed["first"]["own_screen"]
    assert own["screen"] == "ar" and own["target_words"] == ["بطاقة الهوية"]
    assert "بطاقة الهوية" in own["instruction"] and "Carte d'identité" not in own["instruction"]
    assert observed["first"]["spoken_after_toggle"] == own["instruction"]  # and it is said again


def test_back_to_the_french_screen_the_instruction_says_the_french_label(observed: dict[str, Any]) -> None:
    back = observed["first"]["back_to_french"]
    assert back["screen"] == "fr" and "Carte d'identité" in back["instruction"]
    assert "بطاقة الهوية" not in back["instruction"]


def test_every_step_names_what_its_target_shows_over_the_arabic_screen(observed: dict[str, Any]) -> None:
    steps = observed["steps"]
    assert [s["step"] for s in steps] == ["reason", "next", "day", "time", "confirm"]
    for seen in steps:
        assert seen["screen"] == "ar" and seen["target_words"], seen
        assert names_the_target(seen), seen
    time = next(s for s in steps if s["step"] == "time")
    assert "10:30" in time["instruction"] and "10:30" in time["target_words"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_booking_plays_through_at_1280x800(display: str, tmp_path: Path, language: str) -> None:
    report = play(display, tmp_path, "eadmin.appointment", "--lang", language, "--size", "1280x800")
    assert report["ok"]
