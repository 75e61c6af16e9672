"""The animator proposes an exercise to a terminal: the rules in the room, and the routes over HTTP.

Real parts: the room's own state with a clock the test moves; uvicorn on 127.0.0.1 serving
the real app; terminals enrolled with ``kiosk.sync.client.enrol``; animators and trainers
logged in through the login form (httpx keeps the cookie and sends the CSRF header).
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from hub_kit import HubServer
from room_kit import kiosk_status

from kiosk.hub.room_proposals import EXPIRES_S
from kiosk.hub.room_state import OFFLINE_AFTER_S, RoomState, TerminalStatus

JSON = {"Accept": "application/json"}
PID = "a" * 32
CLICK = {"kind": "scenario", "ref": "mouse.click"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def status(seq: int, **fields: object) -> TerminalStatus:
    return TerminalStatus.model_validate(kiosk_status(**fields) | {"seq": seq})


@pytest.fixture
def room() -> tuple[RoomState, Clock]:
    clock = Clock()
    state = RoomState({"email.reply": "Répondre à un courriel"}, clock=clock)
    state.set_roster([("t1", "Terminal 1")])
    return state, clock


# --- the rules, in the room's memory --------------------------------------------------------


def test_a_proposal_rides_on_the_answers_until_the_kiosk_shows_it_then_its_answer_shows(
        room: tuple[RoomState, Clock]) -> None:
    state, clock = room
    assert "proposal" not in state.receive("t1", "Terminal 1", status(1))
    state.propose("t1", PID, "scenario", "email.reply", "anna")
    assert state.tile("t1")["proposal"]["state"] == "asked"
    offer = {"id": PID, "kind": "scenario", "ref": "email.reply"}
    assert state.receive("t1", "Terminal 1", status(2))["proposal"] == offer
    assert state.receive("t1", "Terminal 1", status(3))["proposal"] == offer  # an answer may be lost
    shown = state.receive("t1", "Terminal 1", status(4, proposal_id=PID, proposal_state="shown"))
    assert "proposal" not in shown
    tile = state.tile("t1")["proposal"]
    assert (tile["state"], tile["title"], tile["by"]) == ("shown", "Répondre à un courriel", "anna")
    state.receive("t1", "Terminal 1", status(5, proposal_id=PID, proposal_state="later"))
    assert state.tile("t1")["proposal"]["state"] == "later"
    # a late status cannot bring it back, nor turn "later" into "accepted"
    state.receive("t1", "Terminal 1", status(6, proposal_id=PID, proposal_state="shown"))
    state.receive("t1", "Terminal 1", status(7, proposal_id=PID, proposal_state="accepted"))
    assert state.tile("t1")["proposal"]["state"] == "later"
    assert "proposal" not in state.receive("t1", "Terminal 1", status(8))


def test_a_proposal_to_a_silent_terminal_is_dropped_with_the_reason(room: tuple[RoomState, Clock]) -> None:
    state, clock = room
    state.propose("t1", PID, "scenario", "email.reply", "anna")  # never heard from
    dropped = state.tile("t1")["proposal"]
    assert (dropped["state"], dropped["reason"]) == ("dropped", "offline")
    state.receive("t1", "Terminal 1", status(1))
    assert "proposal" not in state.receive("t1", "Terminal 1", status(2))

    state.propose("t1", "b" * 32, "scenario", "email.reply", "anna")
    clock.now += OFFLINE_AFTER_S + 1  # it went silent before taking it
    assert state.tile("t1")["proposal"]["reason"] == "offline"
    assert "proposal" not in state.receive("t1", "Terminal 1", status(3)), "not delivered after coming back"


def test_a_wipe_drops_the_proposal_and_one_never_picked_up_expires(
        room: tuple[RoomState, Clock]) -> None:
    state, clock = room
    state.receive("t1", "Terminal 1", status(1))
    state.propose("t1", PID, "scenario", "email.reply", "anna")
    state.receive("t1", "Terminal 1", status(2, proposal_id=PID, proposal_state="shown"))
    state.ask_wipe("t1")
    answer = state.receive("t1", "Terminal 1", status(3, proposal_id=PID, proposal_state="dropped"))
    assert answer["wipe"] is True and "proposal" not in answer
    dropped = state.tile("t1")["proposal"]
    assert (dropped["state"], dropped["reason"]) == ("dropped", "wiped")

    # the kiosk ended the session with the card open (idle): it says "dropped"
    state.propose("t1", "c" * 32, "scenario", "email.reply", "anna")
    state.receive("t1", "Terminal 1", status(4, proposal_id="c" * 32, proposal_state="dropped"))
    assert state.tile("t1")["proposal"]["reason"] == "ended"

    state.propose("t1", "d" * 32, "scenario", "email.reply", "anna")
    for seq in range(5, 5 + int(EXPIRES_S // 2) + 2):  # a terminal that keeps saying nothing of it
        clock.now += 2
        state.receive("t1", "Terminal 1", status(seq))
    assert state.tile("t1")["proposal"]["reason"] == "expired"


def test_a_new_proposal_replaces_the_last_and_a_joining_process_learns_it(
        room: tuple[RoomState, Clock]) -> None:
    state, clock = room
    state.receive("t1", "Terminal 1", status(1))
    state.propose("t1", PID, "scenario", "email.reply", "anna")
    state.propose("t1", "b" * 32, "path", "demarches", "bob")
    assert state.receive("t1", "Terminal 1", status(2))["proposal"]["id"] == "b" * 32
    other = RoomState(clock=clock)
    other.set_roster([("t1", "Terminal 1")])
    other.merge_calls(state.calls(), at=clock.now)
    other.receive("t1", "Terminal 1", status(3))
    assert other.tile("t1")["proposal"]["ref"] == "demarches"
    assert other.receive("t1", "Terminal 1", status(4))["proposal"]["id"] == "b" * 32


# --- over HTTP -------------------------------------------------------------------------------


def post_status(hub: HubServer, token: str, seq: int, **fields: object) -> dict:
    with hub.client() as client:
        answer = client.post("/api/terminals/status", headers={"Authorization": f"Bearer {token}"},
                             json=kiosk_status(**fields) | {"seq": seq})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_menu_lists_exercises_and_paths_titled_in_the_staff_language(hub: HubServer) -> None:
    animator = hub.login("anna", "animator")
    menu = animator.get("/room/proposals")
    assert menu.status_code == 200
    exercises = {e["id"]: e for e in menu.json()["exercises"]}
    assert exercises["mouse.click"]["title"] and exercises["mouse.click"]["pictogram"]
    assert isinstance(menu.json()["paths"], list)
    picture = animator.get(f"/room/pictograms/{exercises['mouse.click']['pictogram']}.png")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    animator.post("/language", data={"language": "nl", "back": "/room"})
    dutch = {e["id"]: e for e in animator.get("/room/proposals").json()["exercises"]}
    assert dutch["mouse.click"]["title"] != exercises["mouse.click"]["title"], "titled in Dutch"


def test_an_animator_proposes_and_the_kiosk_gets_it_on_its_next_answer(
        hub: HubServer, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    post_status(hub, token, 1)
    animator = hub.login("anna", "animator")
    sent = animator.post(f"/room/terminals/{terminal_id}/propose", json=CLICK,
                         headers=JSON)
    assert sent.status_code == 200, sent.text
    assert sent.json()["tile"]["proposal"]["state"] == "asked"
    offer = post_status(hub, token, 2)["proposal"]
    assert (offer["kind"], offer["ref"]) == ("scenario", "mouse.click")
    post_status(hub, token, 3, proposal_id=offer["id"], proposal_state="accepted")
    assert hub.app.state.room.tile(terminal_id)["proposal"]["state"] == "accepted"
    again = animator.post(f"/room/terminals/{terminal_id}/propose", json=CLICK,
                          headers=JSON)
    assert again.json()["tile"]["proposal"]["state"] == "asked"


def test_to_an_offline_terminal_the_proposal_is_dropped_with_a_word(
        hub: HubServer, terminal: tuple[str, str]) -> None:
    terminal_id, _ = terminal  # enrolled, never sent a status
    animator = hub.login("anna", "animator")
    sent = animator.post(f"/room/terminals/{terminal_id}/propose", json=CLICK,
                         headers=JSON)
    assert sent.status_code == 200
    proposal = sent.json()["tile"]["proposal"]
    assert (proposal["state"], proposal["reason"]) == ("dropped", "offline")
    page = animator.get("/room")
    words = json.loads(re.search(r'id="room-words">(.*?)</script>', page.text, re.S).group(1))
    assert words["proposal"]["offline"].startswith("Hors ligne : proposition abandonnée")  # the tile's word


def test_a_proposal_is_refused_when_malformed_unknown_or_not_an_animators(
        hub: HubServer, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    post_status(hub, token, 1)
    animator = hub.login("anna", "animator")
    url = f"/room/terminals/{terminal_id}/propose"
    cases = {
        "unknown exercise": ({"json": {"kind": "scenario", "ref": "nope.never"}}, 422),
        "unknown path": ({"json": {"kind": "path", "ref": "nope"}}, 422),
        "unknown kind": ({"json": {"kind": "video", "ref": "mouse.click"}}, 422),
        "no ref": ({"json": {"kind": "scenario"}}, 422),
        "a list": ({"json": ["scenario", "mouse.click"]}, 422),
        "a bad id": ({"json": {"kind": "scenario", "ref": "../etc"}}, 422),
        "not JSON": ({"content": b"{kind", "headers": {"Content-Type": "application/json"}}, 400),
        "too large": ({"content": b" " * 5000, "headers": {"Content-Type": "application/json"}}, 413),
    }
    for what, (kwargs, code) in cases.items():
        headers = {**JSON, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        answer = animator.post(url, headers=headers, **kwargs)  # type: ignore[arg-type]
        assert answer.status_code == code, (what, answer.text)
    assert "Cet exercice n'existe pas" in animator.post(
        url, json={"kind": "scenario", "ref": "nope.never"}, headers=JSON).json()["detail"]
    assert animator.post(f"/room/terminals/{'f' * 32}/propose", json=CLICK,
                         headers=JSON).status_code == 404
    # nothing reached the terminal
    assert "proposal" not in post_status(hub, token, 2)

    no_csrf = httpx.Client(base_url=hub.base_url, cookies=animator.cookies)
    refused = no_csrf.post(url, json=CLICK, headers=JSON)
    assert refused.status_code == 403
    trainer = hub.login("tom", "trainer")
    assert trainer.post(url, json=CLICK, headers=JSON).status_code == 403
    assert trainer.get("/room/proposals").status_code == 403
    with hub.client() as nobody:
        assert nobody.post(url, json=CLICK).status_code in (401, 403)
        assert nobody.get("/room/proposals", headers=JSON).status_code == 401
    assert "proposal" not in post_status(hub, token, 3)

    # the page's own form (no script): a form post comes back to the room
    form = animator.post(url, data={"kind": "scenario", "ref": "mouse.click"}, follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"] == "/room"
    assert post_status(hub, token, 4)["proposal"]["ref"] == "mouse.click"
