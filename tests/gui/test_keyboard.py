"""The keyboard module through the real UI: typed on the on-screen AZERTY key by key,
the site's message under a wrong field. That nothing typed is kept anywhere is the
privacy canary's test (tests/gui/test_privacy.py), which types in these scenarios too.

And the keyboard as a learner meets it on a 1280×800 screen (drive_keyboard.py): the
field the voice names has the keyboard when the step starts, the keys write in it
without touching it, the field and its message are above the keyboard (on the
keyboard page and on a web form), Maj shows when it is on, a key shows both legends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play

# its driver tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_keyboard")

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



@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("keyboard")
    data = drive(display, home, "drive_keyboard.py", "1280x800", timeout=300)
    assert data["window"] == [1280, 800]
    return data


def test_the_field_the_step_names_has_the_keyboard_when_it_starts(seen: dict[str, Any]) -> None:
    assert seen["words_start"]["focused"] == "field.city"
    assert seen["postcode_start"]["focused"] == "field.postcode"  # the next step's field
    web = seen["web_postcode_start"]  # a web form: the keyboard comes up for the field
    assert (web["focused"], web["keyboard_shown"]) == ("field.postcode", True)
    assert seen["web_date_start"]["focused"] == "field.moving_date"


def test_the_keys_write_in_it_without_touching_the_field(seen: dict[str, Any]) -> None:
    assert seen["typed_without_touching"] == "Namur"
    assert seen["postcode_start"]["step"] == "postcode"  # Namur was taken
    assert seen["web_date_start"]["step"] == "moving_date"  # 4500 typed on the keys only


@pytest.mark.parametrize("moment", ["words_start", "postcode_refused", "web_postcode_start",
                                    "web_date_start"])
def test_the_field_and_its_message_are_above_the_keyboard(seen: dict[str, Any], moment: str) -> None:
    state = seen[moment]
    field, keyboard, view = state["field"], state["keyboard"], state["view"]
    assert field["bottom"] >= keyboard["top"] - 0.5, f"the keyboard covers the field: {state}"
    # and not cut by the top of the page: the whole field, label to message, is in view
    assert field["top"] <= view["top"] + 0.5 and field["bottom"] >= view["bottom"] - 0.5, state
    if moment != "words_start":  # the site's message is there, inside the field's box
        assert state["message"], state


def test_maj_shows_when_it_is_on(seen: dict[str, Any]) -> None:
    on, after = seen["shift_on"], seen["shift_after_a_letter"]
    assert on["shift_on"] and on["shift_lit"] and on["letter"] == "A"  # capitals on the keys
    assert not after["shift_on"] and not after["shift_lit"] and after["letter"] == "a"  # one letter


def test_a_key_shows_both_legends_as_on_a_belgian_keyboard(seen: dict[str, Any]) -> None:
    for keys in (seen["shift_on"], seen["shift_after_a_letter"]):
        assert keys["dual"] == ["1", "&"] and keys["dual_upper_above"]  # 1 over &
        assert keys["smallest_key_px"] >= 64 and keys["lowest_contrast"] >= 7.0
    # the legend that types now is the larger: 1 with Maj, & without
    assert seen["shift_on"]["dual_font"][0] > seen["shift_on"]["dual_font"][1]
    assert seen["shift_after_a_letter"]["dual_font"][0] < seen["shift_after_a_letter"]["dual_font"][1]


def test_a_key_with_no_field_gives_the_named_field_the_keyboard(seen: dict[str, Any]) -> None:
    assert seen["no_field"]["focused"] is None
    touched = seen["key_with_no_field"]
    assert touched["focused"] == "field.postcode" and touched["flashes"] >= 1
    assert touched["value"] == "1"  # the key did its work there ("12" less one)
    after = seen["after_the_flash"]
    assert after["flashes"] >= 2 and not after["step_field_lit"]  # it blinked, then stopped
