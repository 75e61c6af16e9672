"""The room's live state on a clock the test moves: offline after 6 s, a wipe that waited too
long is dropped, a kiosk restarted with a smaller seq is heard again once it was offline,
a call nobody watches is answered "unseen",
who is stuck and the order of the tiles, clearing a stale call, removing a terminal."""

from __future__ import annotations

import asyncio
import json

import pytest

from kiosk.hub.room_state import (
    OFFLINE_AFTER_S,
    WIPE_EXPIRES_S,
    NoHelpCall,
    RoomState,
    StatusInvalid,
    StuckRule,
    TerminalOnline,
    TerminalStatus,
    UnknownTerminal,
)


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
    room.looked_at()  # an animator has the room open
    room.receive("a" * 32, "Terminal 1", status(500, help=True))
    assert room.receive("a" * 32, "Terminal 1", status(400))["help"] == "waiting"  # late: ignored
    clock.now += OFFLINE_AFTER_S + 1
    assert room.receive("a" * 32, "Terminal 1", status(3))["help"] == "none"
    assert room.receive("a" * 32, "Terminal 1", status(4, help=True))["help"] == "waiting"


def test_a_call_is_unseen_until_an_animator_watches_the_room_and_again_once_they_left() -> None:
    clock = Clock()
    room = RoomState(clock=clock, unseen_after=60)
    assert room.receive("a" * 32, "Terminal 1", status(1)) == {"help": "none", "wipe": False}
    assert room.receive("a" * 32, "Terminal 1", status(2, help=True))["help"] == "unseen"
    assert room.tile("a" * 32)["help"] == "waiting"  # the room shows the call to whoever opens it
    room.looked_at()  # the room page was loaded
    clock.now += 60
    assert room.receive("a" * 32, "Terminal 1", status(3, help=True))["help"] == "waiting"
    clock.now += 1
    assert room.receive("a" * 32, "Terminal 1", status(4, help=True))["help"] == "unseen"

    async def page_open_for_10_minutes() -> None:
        watching = room.watch()  # the page's event stream: no request for 10 minutes
        clock.now += 600
        assert room.receive("a" * 32, "Terminal 1", status(5, help=True))["help"] == "waiting"
        room.unwatch(watching)  # the page is closed
        clock.now += 60
        assert room.receive("a" * 32, "Terminal 1", status(6, help=True))["help"] == "waiting"
        clock.now += 1
        assert room.receive("a" * 32, "Terminal 1", status(7, help=True))["help"] == "unseen"

    asyncio.run(page_open_for_10_minutes())
    room.looked_at()
    room.acknowledge("a" * 32, "anna")
    clock.now += 600  # the animator on the way needs no room page open
    assert room.receive("a" * 32, "Terminal 1", status(8, help=True))["help"] == "coming"


def test_stuck_learners_show_after_calls_and_before_the_busy_ones() -> None:
    clock = Clock()
    room = RoomState(clock=clock, stuck=StuckRule(step_seconds=300, mistakes=4, mistakes_seconds=60))
    labels = ["Free", "Busy", "Stumbled early", "Long step", "Many mistakes", "Calling", "Coming", "Gone",
              "Gone calling"]
    ids = {label: f"{n:032x}" for n, label in enumerate(labels)}
    room.set_roster((i, label) for label, i in ids.items())
    say = {
        "Free": {"in_use": False},
        "Busy": {"step_seconds": 299, "errors": 1, "hints": 1},
        "Stumbled early": {"step_seconds": 59, "errors": 3, "hints": 2},  # moving on again
        "Long step": {"step_seconds": 960, "errors": 0, "hints": 0},  # 16 min, no error
        "Many mistakes": {"step_seconds": 60, "errors": 3, "hints": 1},
        "Calling": {"help": True, "step_seconds": 960},
        "Coming": {"help": True},
        "Gone": {},
        "Gone calling": {"help": True},
    }
    for label in ("Gone", "Gone calling"):
        room.receive(ids[label], label, status(1, **say[label]))
    clock.now += OFFLINE_AFTER_S + 1
    for label, fields in say.items():
        if not label.startswith("Gone"):
            room.receive(ids[label], label, status(1, **fields))
    room.acknowledge(ids["Coming"], "anna")
    tiles = room.tiles()
    assert [(t["label"], t["state"]) for t in tiles] == [
        ("Calling", "stuck"), ("Coming", "busy"), ("Gone calling", "offline"),
        ("Long step", "stuck"), ("Many mistakes", "stuck"),
        ("Busy", "busy"), ("Stumbled early", "busy"), ("Free", "free"), ("Gone", "offline")]


def test_a_stale_call_is_cleared_once_offline_and_comes_back_if_the_kiosk_still_calls() -> None:
    clock = Clock()
    room = RoomState(clock=clock)
    room.receive("a" * 32, "Terminal 1", status(1, help=True))
    with pytest.raises(TerminalOnline):  # an online kiosk closes its own call
        room.clear_call("a" * 32)
    clock.now += OFFLINE_AFTER_S + 1
    room.looked_at()  # the animator pressing "Effacer l'appel" watches the room
    room.clear_call("a" * 32)
    assert room.tile("a" * 32)["help"] == "none"
    with pytest.raises(NoHelpCall):
        room.clear_call("a" * 32)
    assert room.receive("a" * 32, "Terminal 1", status(2, help=True))["help"] == "waiting"


def test_a_removed_terminal_leaves_the_room_and_a_late_status_is_refused() -> None:
    room = RoomState()
    room.set_roster([("a" * 32, "Terminal 1"), ("b" * 32, "Terminal 2")])
    room.receive("a" * 32, "Terminal 1", status(1))
    room.remove("a" * 32)
    assert [t["label"] for t in room.tiles()] == ["Terminal 2"]
    with pytest.raises(UnknownTerminal):
        room.receive("a" * 32, "Terminal 1", status(2))
    assert [t["label"] for t in room.tiles()] == ["Terminal 2"]
    assert room.seen_since(None) == {}  # nothing left to write to the removed row


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


def test_a_process_joining_takes_the_calls_and_wipes_another_had_but_not_over_what_it_saw_since() -> None:
    clock = Clock()
    there = RoomState(clock=clock)  # a process that has served the room all along
    for n, terminal_id in enumerate(("a" * 32, "b" * 32, "c" * 32, "d" * 32), start=1):
        there.receive(terminal_id, f"Terminal {n}", status(1, help=n < 4))
    there.acknowledge("a" * 32, "anna")
    there.acknowledge("b" * 32, "anna")
    there.acknowledge("c" * 32, "anna")
    there.ask_wipe("d" * 32)
    calls = there.calls()
    assert {c["id"] for c in calls} == {"a" * 32, "b" * 32, "c" * 32, "d" * 32}

    clock.now += 2
    joined = RoomState(clock=clock)  # a process that has just started
    joined.receive("b" * 32, "Terminal 2", status(2, help=False))  # came here since: closed
    joined.receive("d" * 32, "Terminal 4", status(2))  # came here since: may have taken the wipe
    joined.receive("c" * 32, "Terminal 3", status(2, help=True))
    joined.acknowledge("c" * 32, "ben")  # an animator here since: kept
    joined.merge_calls(calls, at=clock.now - 2, keep={"c" * 32}, heard={"b" * 32, "c" * 32, "d" * 32})
    a, b, c, d = (joined.tile(i * 32) for i in "abcd")
    assert (a["help"], a["helper"], a["help_seconds"], a["online"]) == ("coming", "anna", 2, False)
    assert (b["help"], c["helper"]) == ("none", "ben")
    assert d["wipe"] is None and joined.receive("d" * 32, "Terminal 4", status(3))["wipe"] is False


def test_a_room_page_open_in_another_process_counts_as_watching_while_it_says_so() -> None:
    clock = Clock()
    room = RoomState(clock=clock, unseen_after=60)
    assert room.receive("a" * 32, "Terminal 1", status(1, help=True))["help"] == "unseen"
    room.watched_elsewhere("other", clock.now + 5)
    clock.now += 5
    assert room.receive("a" * 32, "Terminal 1", status(2, help=True))["help"] == "waiting"
    clock.now += 0.1  # it stopped saying so
    assert room.receive("a" * 32, "Terminal 1", status(3, help=True))["help"] == "unseen"
    room.watched_elsewhere("other", clock.now + 5)
    room.watched_elsewhere("other", 0.0)  # its last page closed
    assert room.receive("a" * 32, "Terminal 1", status(4, help=True))["help"] == "unseen"
