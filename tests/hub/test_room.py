"""The room over HTTP: terminals' statuses in, help calls answered, the event stream, who may act.

Real parts: uvicorn on 127.0.0.1 serving the real app; terminals enrolled with
``kiosk.sync.client.enrol`` and, where a kiosk is meant, talking through its own
``RoomLink``; animators logged in through the login form (httpx keeps the cookie).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hub_kit import XAPI_HEADERS, HubServer, make_settings, practice_statements, running_hub
from room_kit import (
    Kiosks,
    enrol_kiosk,
    kiosk_status,
    room_events,
    tile_of,
    wait_for,
)
from sqlalchemy import func, select

from kiosk.hub.enrolment import find_terminal, remove_terminal
from kiosk.hub.models import EnrolCode, Statement, Terminal
from kiosk.hub.room import EVENT_EVERY_S, ROSTER_EVERY_S, flush_last_seen


@pytest.fixture
def hub(any_hub: HubServer) -> HubServer:
    """On SQLite, and on PostgreSQL when there is one: there every change to the room goes
    through PostgreSQL's NOTIFY and comes back before it is answered (room_relay.py)."""
    return any_hub


@pytest.fixture
def kiosks(hub: HubServer, tmp_path: Path) -> Iterator[Kiosks]:
    made = Kiosks(hub, tmp_path)
    yield made
    made.stop()


def post_status(hub: HubServer, token: str, body: object, **kwargs: object) -> httpx.Response:
    with hub.client() as client:
        return client.post("/api/terminals/status", headers={"Authorization": f"Bearer {token}"},
                           json=body, **kwargs)


def test_a_status_is_checked_strictly_and_refused_with_a_reason(
        hub: HubServer, terminal: tuple[str, str]) -> None:
    _, token = terminal
    good = kiosk_status() | {"seq": 1}
    assert post_status(hub, token, good).json() == {"help": "none", "wipe": False}
    refused = {
        "pseudonym": (good | {"pseudonym": "pomme-0412"}, 422, "pseudonym: Extra inputs are not permitted"),
        "typed text": (good | {"text": "rue de la Loi 16"}, 422, "text: Extra inputs are not permitted"),
        "a string for a flag": (good | {"help": "yes"}, 422, "help: Input should be a valid boolean"),
        "a flag for a count": (good | {"errors": True}, 422, "errors: Input should be a valid integer"),
        "a negative count": (good | {"hints": -1}, 422, "hints: Input should be greater than or equal to 0"),
        "a long scenario id": (good | {"scenario_id": "x" * 101}, 422,
                               "scenario_id: String should have at most"),
        "no seq": ({"in_use": False}, 422, "seq: Field required"),
        "a step past the end": (good | {"step_index": 6}, 422, "step_index must be below step_count"),
        "a list": ([good], 422, "Input should be an object"),
    }
    for what, (body, code, reason) in refused.items():
        answer = post_status(hub, token, body)
        assert answer.status_code == code, what
        assert any(reason in r for r in answer.json()["detail"]), (what, answer.json())
    with hub.client() as client:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        not_json = client.post("/api/terminals/status", headers=headers, content=b'{"in_use": tru')
        assert (not_json.status_code, not_json.json()) == (400, {"detail": ["the body is not valid JSON"]})
        huge = client.post("/api/terminals/status", headers=headers, content=b" " * 5000 + b"{}")
        assert huge.status_code == 413 and "larger than 4096 bytes" in huge.json()["detail"][0]
        assert client.post("/api/terminals/status", json=good).status_code == 401
        wrong = client.post("/api/terminals/status", json=good, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401


def test_the_kiosks_help_call_is_seen_answered_and_closed(
        hub: HubServer, animator: httpx.Client, kiosks: Kiosks) -> None:
    assert animator.get("/room").status_code == 200  # the animator looks at the room
    kiosk = kiosks("Terminal 1").start(kiosk_status(), heartbeat=0.2)
    wait_for(lambda: kiosk.got(), 5, "a first answer")
    assert kiosk.got()[-1] == {"help": "none", "wipe": False, "at": kiosk.got()[-1]["at"]}
    kiosk.update(kiosk_status(help=True))
    wait_for(lambda: kiosk.got()[-1]["help"] == "waiting", 5, "help waiting")

    acknowledged = animator.post(f"/room/terminals/{kiosk.terminal_id}/acknowledge",
                                 headers={"Accept": "application/json"})
    assert acknowledged.status_code == 200
    assert acknowledged.json()["tile"]["help"] == "coming" and acknowledged.json()["tile"]["helper"] == "anna"
    wait_for(lambda: kiosk.got()[-1]["help"] == "coming", 5, "help coming")
    time.sleep(0.5)  # heartbeats go on: still coming while the kiosk keeps its call up
    assert kiosk.got()[-1]["help"] == "coming"

    kiosk.update(kiosk_status(help=False))
    wait_for(lambda: kiosk.got()[-1]["help"] == "none", 5, "the call closed")
    again = animator.post(f"/room/terminals/{kiosk.terminal_id}/acknowledge",
                          headers={"Accept": "application/json"})
    assert again.status_code == 409 and "ne demande plus d'aide" in again.json()["detail"]
    assert not any(a.get("offline") or a.get("wipe") for a in kiosk.got())


def test_a_call_nobody_watches_is_answered_unseen_until_a_room_stream_is_open(tmp_path: Path) -> None:
    with running_hub(make_settings(tmp_path / "hub", help_unseen_after=0.5)) as hub:
        _, token = hub.enrol("Terminal 1")
        animator = hub.login("anna", "animator")  # logged in, but not looking at the room
        assert post_status(hub, token, kiosk_status(help=True) | {"seq": 1}).json() == {
            "help": "unseen", "wipe": False}
        events = room_events(animator, 3)
        next(events)  # the room page's stream is open
        time.sleep(0.6)  # past help_unseen_after: the open stream, not a request, keeps it watched
        assert post_status(hub, token, kiosk_status(help=True) | {"seq": 2}).json()["help"] == "waiting"
        events.close()  # the page is closed
        wait_for(lambda: post_status(hub, token, kiosk_status(help=True) | {"seq": time.time_ns()}
                                     ).json()["help"] == "unseen", 5, "the call unseen again")
        assert post_status(hub, token, kiosk_status() | {"seq": time.time_ns()}).json()["help"] == "none"


def test_a_late_status_changes_nothing_and_a_wipe_is_delivered_once(
        hub: HubServer, animator: httpx.Client, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    assert animator.get("/room").status_code == 200
    assert post_status(hub, token, kiosk_status(help=True) | {"seq": 10}).json()["help"] == "waiting"
    late = post_status(hub, token, kiosk_status(help=False, errors=0) | {"seq": 9})
    assert late.json() == {"help": "waiting", "wipe": False}
    _, tiles = next(room_events(animator, 1))
    assert tile_of(tiles, terminal_id)["help"] == "waiting" and tile_of(tiles, terminal_id)["errors"] == 3

    form = animator.post(f"/room/terminals/{terminal_id}/wipe")  # a plain form post: back to the room
    assert form.status_code == 303 and form.headers["location"] == "/room"
    assert post_status(hub, token, kiosk_status() | {"seq": 8}).json()["wipe"] is False  # late: kept
    assert post_status(hub, token, kiosk_status() | {"seq": 11}).json() == {"help": "none", "wipe": True}
    assert post_status(hub, token, kiosk_status(in_use=False) | {"seq": 12}).json()["wipe"] is False
    assert post_status(hub, token, kiosk_status(in_use=False) | {"seq": 13}).json()["wipe"] is False
    _, tiles = next(room_events(animator, 1))
    assert tile_of(tiles, terminal_id) | {"seen_seconds": 0} == {
        "id": terminal_id, "label": "Terminal 1", "state": "free", "online": True, "seen_seconds": 0,
        "in_use": False,
        "language": None, "language_name": None, "scenario_id": None, "scenario_title": None,
        "step_number": None, "step_count": None, "step_seconds": None, "errors": None, "hints": None,
        "help": "none", "help_seconds": None, "help_reason": None, "helper": None, "wipe": "done",
        "content_version": None, "proposal": None}


def test_the_event_stream_follows_changes_at_once_and_ticks_every_2_s(
        hub: HubServer, animator: httpx.Client, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    events = room_events(animator, 4)
    opened = time.monotonic()
    first_at, first = next(events)
    assert first_at - opened < 1.0
    never_heard = tile_of(first, terminal_id)
    assert never_heard["online"] is False and never_heard["seen_seconds"] is None

    sent = time.monotonic()
    post_status(hub, token, kiosk_status(help=True, language="uk") | {"seq": 1})
    changed_at, changed = next(events)
    assert changed_at - sent < 0.5, "a change goes out at once"
    shown = tile_of(changed, terminal_id)
    assert (shown["online"], shown["help"], shown["language_name"], shown["scenario_title"],
            shown["step_number"], shown["step_count"]) == (
        True, "waiting", "ukrainien", "Répondre à un e-mail", 3, 6)

    quiet_at, _ = next(events)
    quiet_gap = quiet_at - changed_at
    assert EVENT_EVERY_S - 0.3 <= quiet_gap <= EVENT_EVERY_S + 0.5, f"no change: every 2 s, not {quiet_gap}"
    events.close()


def test_only_animators_see_and_act_on_the_room(
        hub: HubServer, animator: httpx.Client, trainer: httpx.Client, terminal: tuple[str, str]) -> None:
    terminal_id, _ = terminal
    writes = [f"/room/terminals/{terminal_id}/acknowledge", f"/room/terminals/{terminal_id}/wipe",
              "/room/enrol-codes"]
    with hub.client() as nobody:
        for path in writes:
            assert nobody.post(path).status_code == 401, path
        assert nobody.get("/room/events").status_code == 401
        page = nobody.get("/room", headers={"Accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Froom"
    for path in ["/room", "/room/events"]:
        assert trainer.get(path).status_code == 403, path
    for path in writes:
        assert trainer.post(path).status_code == 403, path
    forged = hub.client(cookies=animator.cookies)  # the animator's cookie without the CSRF token
    for path in writes:
        assert forged.post(path).status_code == 403, path
    assert animator.post("/room/terminals/0123456789abcdef0123456789abcdef/wipe").status_code == 404
    assert animator.post("/room/terminals/not-an-id/wipe").status_code == 422


def test_an_enrol_code_from_the_room_enrols_a_kiosk_that_gets_a_tile(
        hub: HubServer, animator: httpx.Client, tmp_path: Path) -> None:
    answer = animator.post("/room/enrol-codes", headers={"Accept": "application/json"})
    assert answer.status_code == 201
    code = answer.json()["code"]
    assert answer.json()["command"] == f"kiosk enrol {code}"
    page = animator.post("/room/enrol-codes", follow_redirects=True)
    assert page.status_code == 200 and "kiosk enrol " in page.text
    credentials = enrol_kiosk(hub, tmp_path / "kiosk", "Poste accueil", code=code)
    room = animator.get("/room", headers={"Accept": "text/html"})
    assert room.status_code == 200 and "Poste accueil" in room.text
    _, tiles = next(room_events(animator, 1))
    assert tile_of(tiles, credentials.terminal_id)["label"] == "Poste accueil"


def test_last_seen_is_written_now_and_then_and_at_shutdown(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "hub")
    with running_hub(settings) as hub:
        terminal_id, token = hub.enrol("Terminal 1")
        post_status(hub, token, kiosk_status() | {"seq": 1})
        flush_last_seen(hub.app)
        with hub.app.state.sessionmaker() as session:
            first = session.scalar(select(Terminal.last_seen_at).where(Terminal.id == terminal_id))
        assert first is not None
        time.sleep(0.05)
        post_status(hub, token, kiosk_status() | {"seq": 2})
        with hub.app.state.sessionmaker() as session:  # a heartbeat alone writes nothing
            assert session.scalar(select(Terminal.last_seen_at).where(Terminal.id == terminal_id)) == first
    with running_hub(settings) as again:
        with again.app.state.sessionmaker() as session:
            last = session.scalar(select(Terminal.last_seen_at).where(Terminal.id == terminal_id))
    assert last is not None and last > first


@pytest.mark.parametrize("terminals", [3])
def test_the_benchmark_measures_a_small_room(hub: HubServer, terminals: int) -> None:
    from kiosk.hub.room_bench import enrol_tokens, measure

    animator = hub.login("bench", "animator")
    report = measure(hub.base_url, lambda n: enrol_tokens(animator, n), terminals=terminals, seconds=1.5,
                     baseline_seconds=0.5, animator=animator)
    assert report["terminals"] == terminals
    assert report["statuses"] >= terminals and report["errors"] == 0
    assert 0 < report["update_p95_ms"] < 2000 and 0 < report["freshness_p95_ms"] < 3000
    assert report["baseline"]["terminals"] == 1 and report["update_p95_ratio"] > 0


def post_statements(hub: HubServer, token: str, statements: list[dict]) -> httpx.Response:
    with hub.client() as client:
        return client.post("/xAPI/statements", json=statements,
                           headers={"Authorization": f"Bearer {token}", **XAPI_HEADERS})


def test_a_terminal_removed_from_the_room_is_refused_at_once_and_its_statements_stay(
        hub: HubServer, animator: httpx.Client, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    other_id, other_token = hub.enrol("Terminal 2")
    for seq in (1, 2):  # the second status is answered from the token cache
        assert post_status(hub, token, kiosk_status() | {"seq": seq}).status_code == 200
    assert post_statements(hub, token, practice_statements(3, terminal_id=terminal_id)).status_code == 200

    removed = animator.post(f"/room/terminals/{terminal_id}/remove", headers={"Accept": "application/json"})
    assert (removed.status_code, removed.json()) == (200, {"removed": terminal_id})
    refused = post_status(hub, token, kiosk_status() | {"seq": 3})
    assert refused.status_code == 401 and "enrol the terminal again" in refused.json()["detail"]
    assert post_statements(hub, token, practice_statements(1, terminal_id=terminal_id)).status_code == 401
    assert post_status(hub, other_token, kiosk_status() | {"seq": 1}).status_code == 200
    _, tiles = next(room_events(animator, 1))
    assert [t["id"] for t in tiles] == [other_id]
    with hub.app.state.sessionmaker() as session:
        assert session.get(Terminal, terminal_id) is None
        kept = session.scalars(select(Statement.terminal_id)).all()
    assert kept == [terminal_id] * 3
    flush_last_seen(hub.app)  # the removed terminal is not written back
    again = animator.post(f"/room/terminals/{terminal_id}/remove", headers={"Accept": "application/json"})
    assert again.status_code == 404 and again.json()["detail"] == "Ce terminal n'est pas inscrit ici."
    assert hub.client().post(f"/room/terminals/{other_id}/remove").status_code == 401  # staff only


def test_a_terminal_removed_from_the_command_line_is_refused_within_the_roster_read(
        hub: HubServer, animator: httpx.Client, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    assert post_status(hub, token, kiosk_status() | {"seq": 1}).status_code == 200
    with hub.app.state.write_sessionmaker() as session:  # what `kiosk hub terminal remove` does
        assert remove_terminal(session, find_terminal(session, "terminal 1").id)
    removed_at, seq = time.monotonic(), 2
    while post_status(hub, token, kiosk_status() | {"seq": seq}).status_code == 200:  # the cached token
        assert time.monotonic() - removed_at < ROSTER_EVERY_S + 1, "still accepted after the roster read"
        seq += 1
        time.sleep(0.1)
    assert post_status(hub, token, kiosk_status() | {"seq": seq + 1}).status_code == 401
    _, tiles = next(room_events(animator, 1))
    assert tiles == []


def test_an_online_terminals_call_is_not_cleared_from_the_hub(
        hub: HubServer, animator: httpx.Client, terminal: tuple[str, str]) -> None:
    # clearing a call gone stale is shown in the browser (test_room_browser.py); an online
    # kiosk closes its own call, else its next heartbeat would raise it again
    terminal_id, token = terminal
    json_only = {"Accept": "application/json"}
    assert animator.get("/room").status_code == 200  # someone watches: the call is "waiting"
    assert post_status(hub, token, kiosk_status(help=True) | {"seq": 1}).json()["help"] == "waiting"
    online = animator.post(f"/room/terminals/{terminal_id}/clear-call", headers=json_only)
    assert online.status_code == 409 and "se ferme depuis le terminal" in online.json()["detail"]
    unknown = animator.post(f"/room/terminals/{'f' * 32}/clear-call", headers=json_only)
    assert unknown.status_code == 404
    assert post_status(hub, token, kiosk_status(help=True) | {"seq": 2}).json()["help"] == "waiting"


def test_reloading_the_code_page_shows_the_same_code_and_the_configured_hub_address(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "hub", public_url="https://hub.epn-namur.be")
    with running_hub(settings) as hub:
        animator = hub.login("anna", "animator")
        made = animator.post("/room/enrol-codes")
        assert made.status_code == 303 and made.headers["location"] == "/room/enrol-code"
        first = animator.get("/room/enrol-code")
        # a reload, even one that claims another Host: the same code, the configured address
        again = animator.get("/room/enrol-code", headers={"Host": "evil.example"})
        code = re.search(r'id="enrol-code"[^>]*>([A-Z0-9]{8})<', first.text)
        assert code and code.group(1) in again.text
        assert f"kiosk enrol --hub https://hub.epn-namur.be {code.group(1)}" in again.text
        assert "--hub http://evil.example" not in again.text
        with hub.app.state.sessionmaker() as session:
            assert session.scalar(select(func.count()).select_from(EnrolCode)) == 1
        assert enrol_kiosk(hub, tmp_path / "kiosk", "Poste accueil", code=code.group(1)).terminal_id


def test_without_a_configured_address_the_code_page_does_not_guess_it(
        hub: HubServer, animator: httpx.Client) -> None:
    page = animator.post("/room/enrol-codes", follow_redirects=True, headers={"Host": "evil.example"})
    assert page.status_code == 200 and "--hub http://evil.example" not in page.text
    assert "kiosk enrol --hub https://adresse-du-hub" in page.text and "KIOSK_HUB_PUBLIC_URL" in page.text
