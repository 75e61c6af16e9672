"""Several hub processes, one room: what a terminal tells one process reaches pages served by another.

Real parts: two ``kiosk hub serve`` processes on two ports of 127.0.0.1 over the same
PostgreSQL schema (the clearest picture of workers or hosts behind nginx), the room's
event stream read as a browser does, statuses posted as a kiosk does; and ``kiosk hub
serve --workers`` on each database. The PostgreSQL tests need ``KIOSK_TEST_PG_URL``
(``deploy/quickstart.sh test`` starts a throwaway cluster).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing
from pathlib import Path

import httpx
import psutil
import pytest
from hub_kit import EPN_KEY, PASSWORDS, free_socket, password_hash
from room_kit import kiosk_status, room_events, tile_of, wait_for
from sqlalchemy import select

from kiosk.hub.bench import hub_process
from kiosk.hub.db import open_database
from kiosk.hub.enrolment import new_enrol_code
from kiosk.hub.models import HelpCall, User
from kiosk.hub.room_bench import login

JSON = {"Accept": "application/json"}


def add_animator(database_url: str, username: str) -> None:
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            session.add(User(username=username, role="animator",
                             password_hash=password_hash(PASSWORDS["animator"])))
            session.commit()
    finally:
        engine.dispose()


def enrol(base_url: str, database_url: str, label: str) -> tuple[str, str]:
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            code = new_enrol_code(session, "test")
    finally:
        engine.dispose()
    answer = httpx.post(f"{base_url}/api/terminals/enrol", json={
        "code": code, "label": label, "epn_id": EPN_KEY.epn_id, "epn_public_key": EPN_KEY.public_text})
    assert answer.status_code == 201, answer.text
    return answer.json()["terminal_id"], answer.json()["token"]


class Terminal:
    """A kiosk's status posts, each to the hub process it is given (as nginx would spread them)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.seq = 0

    def post(self, base_url: str, **status: object) -> httpx.Response:
        self.seq += 1
        return httpx.post(f"{base_url}/api/terminals/status", json=kiosk_status(**status) | {"seq": self.seq},
                          headers={"Authorization": f"Bearer {self.token}"}, timeout=10)


class Page:
    """A room page left open: every event its stream brings, kept as (arrival, tiles)."""

    def __init__(self, animator: httpx.Client) -> None:
        self.events: list[tuple[float, list[dict]]] = []
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(animator,), daemon=True)
        self._reader.start()
        wait_for(lambda: self.events, 10, "the room page's first event")

    def _read(self, animator: httpx.Client) -> None:
        for event in room_events(animator, 10**9, timeout=30):
            self.events.append(event)
            if self._stop.is_set():
                return

    def first(self, terminal_id: str, since: float, **wanted: object) -> tuple[float, dict]:
        """The first event after ``since`` whose tile of ``terminal_id`` shows ``wanted``."""
        def found() -> tuple[float, dict] | None:
            for at, tiles in list(self.events):
                tile = next((t for t in tiles if t["id"] == terminal_id), None)
                if at >= since and tile and all(tile[k] == v for k, v in wanted.items()):
                    return at, tile
            return None

        return wait_for(found, 10, f"the page to show {wanted}")

    def close(self) -> None:
        self._stop.set()
        self._reader.join(10)  # an event comes at least every 2 s


@pytest.fixture
def two_hubs(pg_schema_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two hub processes (A, B) over one PostgreSQL schema, sharing one home (one session secret)."""
    with ExitStack() as stack:
        first = stack.enter_context(hub_process(tmp_path / "hub", pg_schema_url))
        second = stack.enter_context(hub_process(tmp_path / "hub", pg_schema_url))
        yield first, second


def test_a_help_call_posted_to_one_process_reaches_a_room_page_of_another(
        two_hubs: tuple[str, str], pg_schema_url: str) -> None:
    hub_a, hub_b = two_hubs
    terminal_id, token = enrol(hub_a, pg_schema_url, "Salle 1")
    terminal = Terminal(token)
    assert terminal.post(hub_a).json() == {"help": "none", "wipe": False}
    add_animator(pg_schema_url, "anna")
    animator = login(hub_b, "anna", PASSWORDS["animator"])  # the animator's tablet reaches B only
    page = Page(animator)
    try:
        sent = time.monotonic()
        called = terminal.post(hub_a, help=True)
        # B's open page counts as watching for A: the kiosk is told someone will come
        assert called.json() == {"help": "waiting", "wipe": False}
        shown_at, tile = page.first(terminal_id, sent, help="waiting")
        assert shown_at - sent < 2.0, "the call reached the other process's page within 2 s"
        assert (tile["label"], tile["language"], tile["step_number"]) == ("Salle 1", "ar", 3)

        coming = animator.post(f"/room/terminals/{terminal_id}/acknowledge", headers=JSON)
        assert coming.status_code == 200 and coming.json()["tile"]["helper"] == "anna"
        assert terminal.post(hub_a, help=True).json()["help"] == "coming"  # "J'arrive" crossed back
        assert terminal.post(hub_b, help=True).json()["help"] == "coming"

        closed = time.monotonic()
        assert terminal.post(hub_a, help=False).json()["help"] == "none"
        page.first(terminal_id, closed, help="none", helper=None)
        again = animator.post(f"/room/terminals/{terminal_id}/acknowledge", headers=JSON)
        assert again.status_code == 409, "B knows the call was closed on A"
        # both processes write the call's moments to the log: the coordinator counts it once
        logged = wait_for(lambda: [c for c in help_calls(pg_schema_url) if c.ended_at is not None],
                          10, "the call in the help call log")
        assert len(help_calls(pg_schema_url)) == 1
        assert logged[0].terminal_id == terminal_id and logged[0].answered_at is not None
    finally:
        page.close()
        animator.close()


def help_calls(database_url: str) -> list[HelpCall]:
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            return list(session.scalars(select(HelpCall)))
    finally:
        engine.dispose()


def test_a_wipe_asked_on_one_process_is_delivered_once_whichever_takes_the_terminal(
        two_hubs: tuple[str, str], pg_schema_url: str) -> None:
    hub_a, hub_b = two_hubs
    terminal_id, token = enrol(hub_a, pg_schema_url, "Salle 1")
    other_id, other_token = enrol(hub_a, pg_schema_url, "Salle 2")
    terminal = Terminal(token)
    add_animator(pg_schema_url, "anna")
    with closing(login(hub_a, "anna", PASSWORDS["animator"])) as animator:
        assert terminal.post(hub_b).status_code == 200
        assert animator.post(f"/room/terminals/{terminal_id}/wipe", headers=JSON).status_code == 200
        answers = [terminal.post(hub).json()["wipe"] for hub in (hub_b, hub_a, hub_b, hub_a)]
        assert answers == [True, False, False, False]

        removed = animator.post(f"/room/terminals/{terminal_id}/remove", headers=JSON)
        assert removed.status_code == 200
        refused = terminal.post(hub_b)  # B had the token in its cache: refused all the same
        assert refused.status_code == 401 and "enrol" in refused.json()["detail"]
        assert Terminal(other_token).post(hub_b).status_code == 200
        _, tiles = next(room_events(animator, 1))
        assert [t["id"] for t in tiles] == [other_id]
        assert tile_of(tiles, other_id)["online"] is True


def test_an_exercise_proposed_on_one_process_reaches_the_terminal_through_another(
        two_hubs: tuple[str, str], pg_schema_url: str) -> None:
    hub_a, hub_b = two_hubs
    terminal_id, token = enrol(hub_a, pg_schema_url, "Salle 1")
    terminal = Terminal(token)
    assert terminal.post(hub_b).status_code == 200
    add_animator(pg_schema_url, "anna")
    with closing(login(hub_a, "anna", PASSWORDS["animator"])) as animator, \
            closing(login(hub_b, "anna", PASSWORDS["animator"])) as other:
        sent = animator.post(f"/room/terminals/{terminal_id}/propose", headers=JSON,
                             json={"kind": "scenario", "ref": "mouse.click"})
        assert sent.status_code == 200 and sent.json()["tile"]["proposal"]["state"] == "asked"
        offer = terminal.post(hub_b).json()["proposal"]  # B learned it through PostgreSQL
        assert offer["ref"] == "mouse.click"
        assert "proposal" not in terminal.post(hub_a, proposal_id=offer["id"], proposal_state="shown").json()
        terminal.post(hub_b, proposal_id=offer["id"], proposal_state="accepted")
        _, tiles = next(room_events(animator, 1))
        assert tile_of(tiles, terminal_id)["proposal"]["state"] == "accepted", "A heard what B took"
        _, tiles = next(room_events(other, 1))
        assert tile_of(tiles, terminal_id)["proposal"]["state"] == "accepted"


def test_a_process_started_later_learns_the_calls_an_animator_answered_before(
        pg_schema_url: str, tmp_path: Path) -> None:
    with hub_process(tmp_path / "hub", pg_schema_url) as hub_a:
        terminal_id, token = enrol(hub_a, pg_schema_url, "Salle 1")
        terminal = Terminal(token)
        add_animator(pg_schema_url, "anna")
        with closing(login(hub_a, "anna", PASSWORDS["animator"])) as animator:
            assert animator.get("/room").status_code == 200
            assert terminal.post(hub_a, help=True).json()["help"] == "waiting"
            coming = animator.post(f"/room/terminals/{terminal_id}/acknowledge", headers=JSON)
            assert coming.status_code == 200
        with hub_process(tmp_path / "hub", pg_schema_url) as hub_b:  # a worker restarted, a host added
            assert terminal.post(hub_b, help=True).json()["help"] == "coming"
            add_animator(pg_schema_url, "ben")
            with closing(login(hub_b, "ben", PASSWORDS["animator"])) as other:
                _, tiles = next(room_events(other, 1))
            assert (tile_of(tiles, terminal_id)["help"], tile_of(tiles, terminal_id)["helper"]) == (
                "coming", "anna")


def test_without_postgresql_a_process_keeps_its_own_room() -> None:
    from kiosk.hub.room_relay import PostgresRelay
    from kiosk.hub.room_state import RoomState, TerminalStatus

    async def scenario() -> tuple[bool, dict, str]:
        closed = free_socket()  # bound, never listening: PostgreSQL is not there
        port = closed.getsockname()[1]
        room = RoomState()
        relay = PostgresRelay(room, connect={"host": "127.0.0.1", "port": port, "dbname": "hub",
                                             "connect_timeout": 2})
        try:
            await relay.start(wait=0.5)
            answer = await relay.receive("a" * 32, "Salle 1", TerminalStatus.model_validate(
                {"in_use": True, "help": True, "seq": 1}))
            return relay.shared, answer, room.tile("a" * 32)["help"]
        finally:
            await relay.stop()
            closed.close()

    shared, answer, shown = asyncio.run(scenario())
    assert not shared
    assert answer == {"help": "unseen", "wipe": False} and shown == "waiting"


def hub_serve(tmp_path: Path, database_url: str, workers: int) -> tuple[subprocess.Popen[str], str]:
    port = free_socket().getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_HUB_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "hub", "serve", "--home", str(tmp_path / "hub"), "--port", str(port),
         "--database-url", database_url, "--workers", str(workers)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, f"http://127.0.0.1:{port}"


def wait_until_serving(process: subprocess.Popen[str], base_url: str) -> None:
    def answers() -> bool:
        assert process.poll() is None, process.communicate()
        try:
            return httpx.get(f"{base_url}/xAPI/about", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(answers, 60, "the hub to answer")


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.terminate()
    try:
        return process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def test_with_sqlite_the_hub_says_it_runs_with_one_worker_and_does(tmp_path: Path) -> None:
    process, base_url = hub_serve(tmp_path, f"sqlite:///{tmp_path / 'hub.db'}", workers=3)
    try:
        wait_until_serving(process, base_url)
        serving = psutil.Process(process.pid)
        assert not [p for p in serving.children() if "python" in p.name()], "no worker processes"
    finally:
        out, err = stop(process)
    assert "with SQLite the hub runs with 1 worker" in err and "Starting 1 worker" in err
    assert "PostgreSQL" in err and ", 1 worker" in out


def test_on_postgresql_the_hub_serves_with_the_workers_asked(tmp_path: Path, pg_schema_url: str) -> None:
    process, base_url = hub_serve(tmp_path, pg_schema_url, workers=2)
    try:
        wait_until_serving(process, base_url)
        wait_for(lambda: len(psutil.Process(process.pid).children()) >= 2, 30, "two workers")
    finally:
        out, err = stop(process)
    assert ", 2 workers" in out and "SQLite" not in err


def test_a_wrong_worker_count_is_refused_in_plain_words(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_HUB_")}
    wrong = {
        "--workers 0": (["--workers", "0"], {}, "--workers must be a whole number from 1 to 64 (got 0)"),
        "KIOSK_HUB_WORKERS=lots": ([], {"KIOSK_HUB_WORKERS": "lots"},
                                   "KIOSK_HUB_WORKERS must be a whole number from 1 to 64 (got 'lots')"),
    }
    for what, (given, extra, said) in wrong.items():
        command = [sys.executable, "-m", "kiosk", "hub", "serve", "--home", str(tmp_path), *given]
        done = subprocess.run(command, env=env | extra, capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stderr.strip()) == (2, said), what
