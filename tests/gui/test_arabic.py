"""Arabic done right, through the real kiosk at 1280×800 (a common EPN screen): numbers
keep their order inside Arabic instructions, and a practice screen in Arabic is mirrored
whole while a French one stays wholly left to right (see kiosk/ui/surfaces/base.py).
An Arabic learner plays the first scenario of each surface (drive_arabic.py)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from tests.gui.conftest import ROOT, drive, first_of_each_surface

pytestmark = pytest.mark.xdist_group("test_arabic")


@cache
def one_per_surface() -> tuple[str, ...]:
    from kiosk.engine import load_catalogue

    catalogue = load_catalogue(ROOT / "scenarios")
    return tuple(s.id for s in first_of_each_surface(catalogue.in_order()))


@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("arabic")
    return drive(display, home, "drive_arabic.py", "1280x800", ",".join(one_per_surface()), timeout=1200)


def test_every_surface_was_looked_at(seen: dict[str, Any]) -> None:
    assert sorted(seen) == sorted(one_per_surface())
    assert all(record["steps"] for record in seen.values())


def test_numbers_keep_their_order_in_the_arabic_instruction(seen: dict[str, Any]) -> None:
    steps = {step["id"]: step for step in seen["identity.login"]["steps"]}
    number, pin = steps["number"], steps["pin"]
    assert "0470 12 34 56" in number["words"]  # the instruction names the number
    # what the label draws (visual order, left to right) keeps it as it is read
    assert "0470 12 34 56" in number["drawn"] and "56 34 12 0470" not in number["drawn"]
    assert "1 2 3 4 5" in pin["drawn"] and "5 4 3 2 1" not in pin["drawn"]
    assert any("\ufe70" <= c <= "\ufeff" for c in number["drawn"])  # and the Arabic is shaped


def test_turkish_and_ukrainian_are_drawn_as_written(seen: dict[str, Any]) -> None:
    for language in ("tr", "uk"):
        shown = seen["identity.login"][language]
        assert "0470 12 34 56" in shown["words"]
        assert shown["drawn"] == shown["words"]
        assert shown["surface"]["rows"]["to_left"] == 0  # their screens read left to right


def test_a_french_screen_stays_left_to_right_for_an_arabic_learner(seen: dict[str, Any]) -> None:
    for sid, record in seen.items():
        for when in ("french", "french_again"):
            rows = record[when]["rows"]
            assert rows["to_left"] == 0, (sid, when, rows["examples_to_left"])
        # after a look in Arabic, the same screen is back as it was
        assert record["french_again"]["rows"] == record["french"]["rows"], sid
        assert record["french_again"]["aligned"] == record["french"]["aligned"], sid


def test_an_arabic_screen_is_mirrored_whole(seen: dict[str, Any]) -> None:
    for sid, record in seen.items():
        french, arabic = record["french"], record["arabic"]
        # every row that read left to right now reads right to left, none is left behind
        assert arabic["rows"]["to_right"] == 0, (sid, arabic["rows"]["examples_to_right"])
        assert arabic["rows"]["to_left"] == french["rows"]["to_right"], sid
        # texts aligned to the start (left) now start on the right, and the other way round
        assert arabic["aligned"]["right"] == french["aligned"]["left"], (sid, arabic["left_aligned"])
        assert arabic["aligned"]["left"] == french["aligned"]["right"], sid
        for step in record["steps"]:  # and so on every page the scenario goes through
            assert step["surface"]["rows"]["to_right"] == 0, (sid, step["id"], step["surface"]["rows"])


def test_the_pairs_a_learner_notices(seen: dict[str, Any]) -> None:
    mail_fr, mail_ar = seen["email.reply"]["french"]["pairs"], seen["email.reply"]["arabic"]["pairs"]
    # the mail list: the sender column right of the subject; the folders right of the list
    assert all(d > 0 for d in mail_ar["mail.sender_minus_subject"]) and mail_ar["mail.sender_minus_subject"]
    assert all(d < 0 for d in mail_fr["mail.sender_minus_subject"])
    assert mail_ar["mail.folders_minus_list"][0] > 0 > mail_fr["mail.folders_minus_list"][0]
    # a web form: the radio circle right of its label
    web = seen["eadmin.appointment"]
    web_fr, web_ar = web["french"]["pairs"], web["arabic"]["pairs"]
    assert web_ar["web.circle_minus_label"] and all(d > 0 for d in web_ar["web.circle_minus_label"])
    assert all(d < 0 for d in web_fr["web.circle_minus_label"])
    # the desktop: each object where its mirror image would be
    desk_fr, desk_ar = seen["mouse.click"]["french"]["targets"], seen["mouse.click"]["arabic"]["targets"]
    assert desk_fr and set(desk_fr) == set(desk_ar)
    assert all(abs(desk_ar[name] - (1 - desk_fr[name])) < 0.02 for name in desk_fr), (desk_fr, desk_ar)


def test_the_keyboard_and_the_keypad_keep_their_places(seen: dict[str, Any]) -> None:
    # the physical keyboard's keys and a phone's keypad are where the real ones are
    for sid, names in (("keyboard.words", ("key.a", "key.z", "key.e")),
                       ("identity.login", ("key.a", "key.z", "key.e"))):
        targets = seen[sid]["arabic"]["targets"]
        assert [targets[n] for n in names] == sorted(targets[n] for n in names), sid
    pin = next(s for s in seen["identity.login"]["steps"] if s["id"] == "pin")["surface"]["targets"]
    assert pin["pin.1"] < pin["pin.2"] < pin["pin.3"]


def test_the_keyboard_command_keys_are_drawn_in_arabic(seen: dict[str, Any]) -> None:
    # "مسح" (delete) and "مسافة" (space) were empty boxes: drawn in a font without Arabic
    keys = seen["keyboard.words"]["arabic_keys"]
    assert keys["key.backspace"]["words"] == "مسح" and keys["key.space"]["words"] == "مسافة", keys
    for name, key in keys.items():
        assert key["font"] == "KioskArabic" and key["missing"] == "", (name, key)
