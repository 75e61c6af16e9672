"""Offline: the hub unreachable while a kiosk makes 10,000 statements, then back → every
statement delivered exactly once (by id: none lost, none twice).

Real parts: the kiosk's store is a SQLite file written by the real Logbook on the real
StoreWriter (each write queues its xAPI statements in the same transaction); the hub is
the real app served by uvicorn on 127.0.0.1 (tests/hub/hub_kit.py) with its own SQLite
file; the kiosk's real OutboxSender sends over HTTP. Between them a TCP relay in this
process plays the network:

1. **down** — connections are refused (closed at once): the outbox keeps everything;
2. **answers lost** — requests reach the hub, which stores them, but the answer never
   comes back (the connection is cut after the hub replied): the kiosk must send them
   again and the hub must accept the same ids as the same statements, not store twins;
3. **up** — everything passes; the outbox drains.

Checked: the hub holds exactly the statement ids the store queued, each once (its primary
key would refuse a twin, and a 409 would set a statement aside as refused); the outbox
says ``waiting 0, sent N, refused 0``. Fast: ~500 statements; long: 10,000.

Needs the hub (kiosk/hub, its extra) and the sync (kiosk/sync); skips while either is
missing from the checkout.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("kiosk.sync.client", reason="the kiosk → hub sync (kiosk/sync) is not here yet")
pytest.importorskip("kiosk.hub.app", reason="the hub (kiosk/hub) is not here yet")
pytest.importorskip("fastapi", reason="the hub extra is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hub_kit import make_settings, running_hub  # noqa: E402
from sqlalchemy import select  # noqa: E402

from kiosk.config import BUNDLED_SCENARIOS  # noqa: E402
from kiosk.engine import load_catalogue  # noqa: E402
from kiosk.engine.runner import Event  # noqa: E402
from kiosk.export.keys import SigningKey  # noqa: E402
from kiosk.hub.models import Statement  # noqa: E402
from kiosk.store.writer import StoreWriter  # noqa: E402
from kiosk.sync.client import HubCredentials, OutboxSender, SyncState, enrol  # noqa: E402
from kiosk.ui.logbook import Logbook  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_offline")
FAR_FUTURE_YEAR = 2100


class Relay:
    """A TCP relay 127.0.0.1:<port> → the hub, whose mode the test switches."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.mode = "down"  # "down" | "lose-answers" | "up"
        self.cut_answers = 0
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True, name="relay").start()

    def close(self) -> None:
        self._stop.set()
        self._server.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if self.mode == "down":
                # linger 0: the close is a reset, as when the hub's machine is off
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client, self.mode), daemon=True).start()

    def _pipe(self, client: socket.socket, mode: str) -> None:
        upstream = socket.create_connection(self.target)
        sockets = [client, upstream]

        def forward(src: socket.socket, dst: socket.socket, answers: bool) -> None:
            try:
                while data := src.recv(65536):
                    if answers and mode == "lose-answers":
                        self.cut_answers += 1  # the hub replied: that reply is lost
                        break
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s in sockets:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        there = threading.Thread(target=forward, args=(client, upstream, False), daemon=True)
        back = threading.Thread(target=forward, args=(upstream, client, True), daemon=True)
        there.start()
        back.start()
        there.join()
        back.join()
        for s in sockets:
            s.close()


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def practise(writer: StoreWriter, statements: int, epn_id: str) -> list[str]:
    """Sessions of email.reply (a mistake on every step) until ``statements`` are queued,
    by learners of ``epn_id`` (the kiosk's own EPN: a hub takes only those)."""
    from datetime import UTC, datetime

    scenario = load_catalogue(BUNDLED_SCENARIOS, ("fr",)).scenarios["email.reply"]
    logbook = Logbook(writer, "EPN offline", epn_id=epn_id)

    def session() -> None:
        logbook.start_session("fr")
        logbook.start_attempt(scenario, "fr", "touch")
        events, t = [], 0
        for step in scenario.steps:
            events += [Event("shown", step.id, t, 0), Event("wrong", step.id, t + 400, 0),
                       Event("correct", step.id, t + 900, 0)]
            t += 1000
        events.append(Event("finished", None, t, 0, stars=2))
        logbook.record(events)
        logbook.end_session("finished")

    def waiting() -> int:
        writer.flush(300)
        return int(writer.call(lambda s: s.outbox_counts(), timeout=60)["waiting"])

    session()
    per_session = waiting()
    for _ in range(-(-(statements - per_session) // per_session)):
        session()
    assert waiting() >= statements
    far = datetime(FAR_FUTURE_YEAR, 1, 1, tzinfo=UTC)
    return [i for i, _ in writer.call(lambda s: s.outbox_due(far, 10**7), timeout=60)]


@contextmanager
def kiosk_and_hub(tmp_path: Path) -> Iterator[tuple[str, StoreWriter, Relay, Any]]:
    with running_hub(make_settings(tmp_path / "hub")) as hub:
        host, port = hub.base_url.removeprefix("http://").split(":")
        relay = Relay((host, int(port)))
        url = f"sqlite:///{tmp_path / 'kiosk' / 'kiosk.sqlite3'}"
        writer = StoreWriter(url)
        try:
            yield url, writer, relay, hub
        finally:
            writer.close()
            relay.close()


def offline(tmp_path: Path, statements: int) -> dict[str, object]:
    started = time.monotonic()
    with kiosk_and_hub(tmp_path) as (url, writer, relay, hub):
        key = SigningKey.load_or_create(tmp_path / "kiosk")
        direct = enrol(hub.base_url, hub.enrol_code(), label="EPN offline", epn_id=key.epn_id,
                       public_key=key.public_text, home=tmp_path / "kiosk")
        # the kiosk knows the hub only through the relay, which starts "down"
        credentials = HubCredentials(hub_url=f"http://127.0.0.1:{relay.port}",
                                     terminal_id=direct.terminal_id, token=direct.token)
        states: list[SyncState] = []
        sender = OutboxSender(url, credentials, poll=0.1, backoff_base=0.05, backoff_cap=0.5,
                              timeout=5, on_state=states.append).start()
        try:
            queued = practise(writer, statements, key.epn_id)  # made while the hub is unreachable
            time.sleep(1.0)
            counts = writer.call(lambda s: s.outbox_counts())
            assert counts["waiting"] == len(queued) and counts["sent"] == 0, counts
            assert any("cannot be reached" in s.problem for s in states)
            relay.mode = "lose-answers"
            wait_for(lambda: relay.cut_answers >= 3, 60, "answers to be lost")
            relay.mode = "up"
            wait_for(lambda: writer.call(lambda s: s.outbox_counts())["waiting"] == 0, 600,
                     "the outbox to drain")
        finally:
            sender.stop()
        with hub.app.state.sessionmaker() as session:
            ids = list(session.scalars(select(Statement.id)))
        counts = writer.call(lambda s: s.outbox_counts())
    assert len(ids) == len(set(ids)) == len(queued)
    assert sorted(ids) == sorted(queued)
    assert counts == {"waiting": 0, "sent": len(queued), "refused": 0}
    return {"statements": len(queued), "answers_lost": relay.cut_answers,
            "seconds": time.monotonic() - started}


def test_offline_fast(tmp_path: Path) -> None:
    seen = offline(tmp_path, 500)
    assert seen["answers_lost"] >= 3


@pytest.mark.long
def test_offline_long(tmp_path: Path, figure: Callable[[str], None]) -> None:
    seen = offline(tmp_path, 10_000)
    figure(f"offline: {seen['statements']:,} statements made while the hub was unreachable, "
           f"{seen['answers_lost']} answers lost on the way back, all delivered exactly once "
           f"(0 lost, 0 twice, 0 refused), {seen['seconds']:.0f} s")
