"""The bank app as a learner meets it, through the real kiosk at 1280×800: the transfer
with a structured communication played by the robot learner in French and in Arabic (right
first: three stars; with slips: the bank's messages and the help ladder, one star), and
the two-screen arrangement: a ticket paid on a website and confirmed on the phone beside
it, with the screen in Arabic (the phone on the left, both sides mirrored). The learner's
eye sees every target whole on both sides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play


@pytest.mark.parametrize(("language", "mistakes"), [("fr", False), ("ar", True)])
def test_the_transfer_plays_to_the_end(display: str, tmp_path: Path, language: str, mistakes: bool) -> None:
    report = play(display, tmp_path, "payment.transfer", "--size", "1280x800", "--lang", language,
                  *(["--mistakes"] if mistakes else []))
    (scenario,) = report["scenarios"]
    assert scenario["stars"] == (1 if mistakes else 3)
    assert report["eye"]["problems"] == [] and report["eye"]["checked"] >= 7
    assert scenario["smallest_target_px"] >= 64


@pytest.fixture(scope="module")
def beside(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("beside")
    return drive(display, home, "drive_beside.py", "1280x800", "own", "ar", timeout=240)


def test_the_phone_stands_left_of_the_site_in_arabic(beside: dict[str, Any]) -> None:
    assert beside["phone_left"] < beside["main_left"]
    assert beside["phone_mirrored"] is True
    assert 0.25 * beside["width"] < beside["phone_width"] <= 0.4 * beside["width"] + 1
    assert "phone.request.confirm" in beside["phone_targets"]


def test_both_sides_are_seen_whole_at_every_step(beside: dict[str, Any]) -> None:
    assert [s["id"] for s in beside["steps"]] == ["pay", "open", "confirm", "pin"]
    assert all(s["eye"] == [] for s in beside["steps"]), beside["steps"]


def test_a_wrong_pin_gets_the_banks_calm_word_then_the_payment_is_confirmed(beside: dict[str, Any]) -> None:
    slip = beside["steps"][-1]["after_slip"]
    assert slip["step"] == "pin"
    assert slip["messages"] == ["هذا ليس الرمز الصحيح. حاول مجددًا بهدوء."]
    assert beside["phone_page"] == "paid"
    assert beside["stars"] == 2  # one slip
