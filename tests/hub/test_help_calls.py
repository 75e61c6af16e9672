"""The room's help calls kept for the coordinator: their moments in memory, then in ``help_calls``.

First the live room on clocks the test moves (which moments a call produces), then a real
hub: a terminal calls over HTTP, an animator presses "J'arrive" some seconds later, the
kiosk closes its call — the log holds one call of the terminal's EPN, answered after
those seconds, and the coordinator's page counts it.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import httpx
from hub_kit import TEST_EPN, HubServer
from room_kit import kiosk_status, wait_for
from sqlalchemy import select

from kiosk.hub.help_calls import close_open_calls, record
from kiosk.hub.models import HelpCall
from kiosk.hub.room_state import OFFLINE_AFTER_S, HelpCallChange, RoomState, TerminalStatus

T = "1" * 32


class Clocks:
    """A monotonic clock and a wall clock moved together by the test."""

    def __init__(self) -> None:
        self.seconds = 1000.0
        self.wall = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.wall

    def move(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)


def status(seq: int, help: bool) -> TerminalStatus:
    return TerminalStatus.model_validate({"in_use": True, "seq": seq, "help": help})


def test_a_call_is_called_answered_once_and_ended() -> None:
    clocks = Clocks()
    room = RoomState(clock=clocks.monotonic, wall_clock=clocks.now)
    room.set_roster([(T, "Borne 1")])
    room.receive(T, "Borne 1", status(1, help=True))
    room.receive(T, "Borne 1", status(2, help=True))  # the heartbeat of the same call
    clocks.move(40)
    room.acknowledge(T, "anna")
    room.acknowledge(T, "bob")  # a second "J'arrive" answers nothing more
    clocks.move(20)
    room.receive(T, "Borne 1", status(3, help=False))
    changes = room.take_help_changes()
    assert [(c.moment, c.at - changes[0].at) for c in changes] == [
        ("called", timedelta(0)), ("answered", timedelta(seconds=40)), ("ended", timedelta(seconds=60))]
    assert len({c.call_id for c in changes}) == 1 and room.take_help_changes() == []
    room.receive(T, "Borne 1", status(4, help=True))  # a new call: a new id
    assert [c.call_id != changes[0].call_id for c in room.take_help_changes()] == [True]


def test_cleared_removed_and_unenrolled_calls_end_unanswered() -> None:
    clocks = Clocks()
    room = RoomState(clock=clocks.monotonic, wall_clock=clocks.now)
    room.set_roster([(T, "Borne 1"), ("2" * 32, "Borne 2"), ("3" * 32, "Borne 3")])
    for terminal in (T, "2" * 32, "3" * 32):
        room.receive(terminal, "Borne", status(1, help=True))
    clocks.move(OFFLINE_AFTER_S + 1)
    room.clear_call(T)  # offline: the animator clears it
    room.remove("2" * 32)  # revoked from the room page
    room.set_roster([(T, "Borne 1")])  # Borne 3 removed from the command line
    moments = [(c.terminal_id[0], c.moment) for c in room.take_help_changes()]
    assert sorted(moments) == sorted([("1", "called"), ("2", "called"), ("3", "called"),
                                      ("1", "ended"), ("2", "ended"), ("3", "ended")])
    assert "answered" not in {m for _, m in moments}


def test_moments_not_written_are_given_back_first() -> None:
    clocks = Clocks()
    room = RoomState(clock=clocks.monotonic, wall_clock=clocks.now)
    room.set_roster([(T, "Borne 1")])
    room.receive(T, "Borne 1", status(1, help=True))
    first = room.take_help_changes()
    room.acknowledge(T, "anna")
    room.give_back_help_changes(first)
    assert [c.moment for c in room.take_help_changes()] == ["called", "answered"]


def test_the_log_records_calls_and_ends_those_left_open(hub: HubServer, terminal: tuple[str, str]) -> None:
    terminal_id, _ = terminal
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with hub.app.state.write_sessionmaker() as session:
        written = record(session, [
            HelpCallChange("a" * 32, terminal_id, "called", at),
            HelpCallChange("a" * 32, terminal_id, "answered", at + timedelta(seconds=75.4)),
            HelpCallChange("b" * 32, terminal_id, "called", at + timedelta(minutes=5)),
            HelpCallChange("c" * 32, terminal_id, "ended", at),  # its "called" was lost: skipped
        ])
        assert written == 3
        assert close_open_calls(session, at + timedelta(hours=1)) == 2
        calls = {c.id[0]: c for c in session.scalars(select(HelpCall))}
    assert set(calls) == {"a", "b"}
    assert (calls["a"].epn_id, calls["a"].wait_seconds, calls["a"].ended_at) == (
        TEST_EPN, 75, at + timedelta(hours=1))
    assert (calls["b"].answered_at, calls["b"].wait_seconds) == (None, None)


def test_a_call_over_http_reaches_the_log_and_the_coordinator(
        hub: HubServer, animator: httpx.Client, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    assert animator.get("/room").status_code == 200  # the animator watches the room

    def post(seq: int, help: bool) -> dict[str, object]:
        with hub.client() as client:
            answer = client.post("/api/terminals/status", headers={"Authorization": f"Bearer {token}"},
                                 json=kiosk_status(help=help) | {"seq": seq})
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    called = time.monotonic()
    assert post(1, True)["help"] == "waiting"
    wait_for(lambda: _calls(hub), 10, "the call in the log")
    time.sleep(2.2)  # the learner waits at least 2 s
    assert animator.post(f"/room/terminals/{terminal_id}/acknowledge",
                         headers={"Accept": "application/json"}).status_code == 200
    waited = time.monotonic() - called
    assert post(2, False)["help"] == "none"
    wait_for(lambda: _calls(hub) and _calls(hub)[0].ended_at is not None, 10, "the call ended in the log")
    (call,) = _calls(hub)
    assert call.terminal_id == terminal_id and call.epn_id == TEST_EPN
    assert call.answered_at is not None and call.wait_seconds is not None
    assert 2 <= call.wait_seconds and abs(call.wait_seconds - waited) <= 1, waited

    coordinator = hub.login("cora", "coordinator")
    page = coordinator.get("/network").text
    helped = page.split('id="h-help"')[1]
    row = re.search(r"<tr>\s*<th scope=\"row\">[^<]*" + TEST_EPN + r".*?</tr>", helped, re.S)
    assert row is not None
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r'<td class="num"[^>]*>(.*?)</td>',
                                                                     row.group(0), re.S)]
    assert [c[0] for c in cells[:3]] == ["1", "1", "1"]  # one call, answered, within a minute


def _calls(hub: HubServer) -> list[HelpCall]:
    with hub.app.state.sessionmaker() as session:
        return list(session.scalars(select(HelpCall)))
