"""The room's live state on a clock the test moves: offline after 6 s, a wipe that waited too
long is dropped, a kiosk restarted with a smaller seq is heard again once it was offline."""

from __future__ import annotations

import json

import pytest

from kiosk.hub.room_state import OFFLINE_AFTER_S, WIPE_EXPIRES_S, RoomState, StatusInvalid, TerminalStatus


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def status(seq: int, **fields: object) -> TerminalStatus:
    return TerminalStatus.model_validate({"in_use": True, "seq": seq, **fields})


def test_a_silent_terminal_turns_offline_after_6_s() -> None:
    clock = Clock()
    room = RoomState({"email.reply": "Répondre à un e-mail"}, clock=clock)
    room.set_roster([("b" * 32, "Terminal 10"), ("a" * 32, "Terminal 2")])
    assert [t["label"] for t in room.tiles()] == ["Terminal 2", "Terminal 10"]  # as people count
    room.receive("a" * 32, "Terminal 2", status(1, scenario_id="email.reply"))
    clock.now += OFFLINE_AFTER_S
    assert room.tile("a" * 32)["online"] is True
    clock.now += 0.5
    offline = room.tile("a" * 32)
    assert (offline["online"], offline["seen_seconds"]) == (False, 6)
    assert room.tile("b" * 32)["online"] is False and room.tile("b" * 32)["seen_seconds"] is None


def test_a_wipe_not_collected_in_time_is_dropped() -> None:
    clock = Clock()
    room = RoomState(clock=clock)
    room.set_roster([("a" * 32, "Terminal 1")])
    room.ask_wipe("a" * 32)
    assert room.tile("a" * 32)["wipe"] == "asked"
    clock.now += WIPE_EXPIRES_S + 1  # the learner it was meant for has left
    assert room.tile("a" * 32)["wipe"] is None
    assert room.receive("a" * 32, "Terminal 1", status(1)) == {"help": "none", "wipe": False}


def test_a_restarted_kiosk_with_a_smaller_seq_is_heard_once_it_was_offline() -> None:
    clock = Clock()
    room = RoomState(clock=clock)
    room.receive("a" * 32, "Terminal 1", status(500, help=True))
    assert room.receive("a" * 32, "Terminal 1", status(400))["help"] == "waiting"  # late: ignored
    clock.now += OFFLINE_AFTER_S + 1
    assert room.receive("a" * 32, "Terminal 1", status(3))["help"] == "none"
    assert room.receive("a" * 32, "Terminal 1", status(4, help=True))["help"] == "waiting"


def test_a_call_about_printing_says_impression_on_the_tile_until_it_ends() -> None:
    room = RoomState(clock=Clock())
    room.receive("a" * 32, "Terminal 1", status(1, help=True, help_reason="impression"))
    tile = room.tile("a" * 32)
    assert (tile["help"], tile["help_reason"]) == ("waiting", "impression")
    room.acknowledge("a" * 32, "anna")
    assert room.tile("a" * 32)["help_reason"] == "impression"  # still why the animator goes
    room.receive("a" * 32, "Terminal 1", status(2, help=False))
    assert room.tile("a" * 32)["help_reason"] is None


def test_a_help_reason_is_a_fixed_word_never_free_text() -> None:
    for reason in ("zqxcanary7731", "", 3):
        body = json.dumps({"in_use": True, "seq": 1, "help": True, "help_reason": reason}).encode()
        with pytest.raises(StatusInvalid) as refused:
            TerminalStatus.parse(body)
        assert refused.value.status_code == 422 and "help_reason" in str(refused.value)
