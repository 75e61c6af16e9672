"""Six languages on the real window: Arabic shaped and mirrored over a French practice
screen, the screen in the learner's language on request, a slower voice, a language
switch mid-step; and the robot learner finishes a scenario in every language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_languages")

LANGUAGES = ["fr", "nl", "en", "ar", "tr", "uk"]
FRENCH_LABELS = {"object.keys": "Les clés", "object.cup": "La tasse",
                 "object.glasses": "Les lunettes", "object.watch": "La montre"}


def arabic_presentation_forms(text: str) -> int:
    return sum(1 for c in text if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF)


@pytest.fixture(scope="module", params=["1920x1080", "1280x800"])
def observed(request: pytest.FixtureRequest, display: str,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("languages")
    seen = drive(display, home, "drive_languages.py", request.param)
    seen["shots"] = sorted(p.name for p in (home / "shots").glob("*.png"))
    return seen


def test_the_welcome_offers_six_languages(observed: dict[str, Any]) -> None:
    assert observed["welcome_languages"] == LANGUAGES


def test_arabic_layout_is_mirrored(observed: dict[str, Any]) -> None:
    ar, uk = observed["ar"], observed["uk"]
    assert observed["rtl"] is True
    # back button on the right, the language button left of it; help on the left side
    assert ar["back_x"] > ar["language_x"] and ar["back_x"] > ar["window_width"] * 0.8
    assert ar["help_x"] < ar["window_width"] * 0.2
    # progress flows right to left: the first step's dot is the rightmost
    assert ar["first_dot_x"] > ar["last_dot_x"]
    assert ar["instruction_halign"] == "right"
    # Ukrainian (left to right) puts everything back
    assert observed["uk_rtl"] is False
    assert uk["back_x"] < uk["language_x"] and uk["back_x"] < uk["window_width"] * 0.2
    assert uk["first_dot_x"] < uk["last_dot_x"] and uk["instruction_halign"] == "left"


def test_arabic_text_is_shaped_in_an_arabic_font(observed: dict[str, Any]) -> None:
    ar = observed["ar"]
    words, shown = ar["instruction_words"], ar["instruction_text"]
    assert any("\u0600" <= c <= "\u06ff" for c in words)  # the instruction is in Arabic
    # what is drawn: joined letter forms (not isolated letters), in visual order
    assert arabic_presentation_forms(shown) >= len(words.replace(" ", "")) // 2
    assert ar["instruction_font"] == "KioskArabic"
    assert observed["uk"]["instruction_font"] == "KioskNoto"


def test_the_practice_screen_stays_french_for_a_non_french_learner(observed: dict[str, Any]) -> None:
    labels = observed["ar"]["surface_labels"]
    assert {k: v["text"] for k, v in labels.items()} == FRENCH_LABELS
    assert {v["lang"] for v in labels.values()} == {"fr"}
    # the voice spoke Arabic all the same
    assert any("\u0600" <= c <= "\u06ff" for c in observed["ar_spoken"])
    # and after a switch to Ukrainian the screen is still French
    assert {k: v["text"] for k, v in observed["uk"]["surface_labels"].items()} == FRENCH_LABELS


def test_the_screen_in_my_language_toggle(observed: dict[str, Any]) -> None:
    own = observed["own_screen_labels"]
    assert own["object.cup"]["lang"] == "ar"
    assert own["object.cup"]["text"] == "الكوب"
    assert arabic_presentation_forms(own["object.cup"]["drawn"]) >= 4  # drawn joined
    back = observed["back_to_french_labels"]
    assert {k: v["text"] for k, v in back.items()} == FRENCH_LABELS


def test_slower_voice_says_the_step_again_more_slowly(observed: dict[str, Any]) -> None:
    slower = observed["slower"]
    assert slower["on"] is True and slower["rate"] < slower["configured_rate"]
    # "I speak more slowly", then the same instruction, in Arabic
    assert slower["spoken"][1] == observed["ar"]["instruction_words"]
    assert slower["slower_s"] > slower["normal_s"] * 1.15
    assert observed["slower_off_rate"] == slower["configured_rate"]


def test_switching_language_mid_step_says_the_same_step(observed: dict[str, Any]) -> None:
    assert observed["uk_same_step"] is True
    assert observed["uk_name_said_first"] is True  # "Українська", then the step
    assert any("\u0400" <= c <= "\u04ff" for c in observed["uk_spoken"])
    assert observed["uk"]["instruction_words"] == observed["uk_spoken"]
    assert {"player-ar", "player-uk"} <= {n.split("-", 1)[1][:-4] for n in observed["shots"]}


def test_with_mistakes_in_arabic_help_climbs_to_the_demo(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "mouse.click", "--lang", "ar", "--mistakes")
    scenario = report["scenarios"][0]
    assert scenario["stars"] == 1  # finished with the demo, never zero
    assert all(step["hint_levels"] == [1, 2, 3] for step in scenario["steps"])
