"""The kiosk's sync client against a real hub on 127.0.0.1: enrolment, exactly-once
delivery through a hub restart and while offline, a refused statement set aside.

Real parts: the kiosk store is a SQLite file written by the real Logbook on its worker
thread; the hub is uvicorn serving the real app on a real port; statements travel over
HTTP with requests.
"""

from __future__ import annotations

import json
import stat
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the hub extra is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hub_kit import HubServer, make_settings, running_hub, serve  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from kiosk.config import BUNDLED_SCENARIOS  # noqa: E402
from kiosk.engine import load_catalogue  # noqa: E402
from kiosk.engine.runner import Event  # noqa: E402
from kiosk.export.keys import SigningKey  # noqa: E402
from kiosk.hub.app import create_app  # noqa: E402
from kiosk.hub.models import Statement  # noqa: E402
from kiosk.store.writer import StoreWriter  # noqa: E402
from kiosk.sync.client import (  # noqa: E402
    CREDENTIALS_FILE,
    EnrolError,
    HubCredentials,
    OutboxSender,
    RoomLink,
    SyncState,
    enrol,
    load_credentials,
)
from kiosk.ui.logbook import Logbook  # noqa: E402

FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)
SCENARIO = load_catalogue(BUNDLED_SCENARIOS, ("fr",)).scenarios["email.reply"]


def wait_for(check: Callable[[], bool], timeout: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.05)


def hub_ids(hub: HubServer) -> list[str]:
    with hub.app.state.sessionmaker() as session:
        return list(session.scalars(select(Statement.id)))


def hub_count(hub: HubServer) -> int:
    with hub.app.state.sessionmaker() as session:
        return int(session.scalar(select(func.count()).select_from(Statement)) or 0)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubServer]:
    with running_hub(make_settings(tmp_path / "hub")) as server:
        yield server


@pytest.fixture
def kiosk_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kiosk' / 'kiosk.sqlite3'}"


def kiosk_key(home: Path) -> SigningKey:
    """The kiosk's EPN key, as its set-up makes it in its home."""
    return SigningKey.load_or_create(home)


def practise(kiosk_db: str, sessions: int, epn_id: str) -> list[str]:
    """Learners of ``epn_id`` (the kiosk's own EPN: a hub takes only those) play
    ``email.reply`` with mistakes, through the real Logbook; the ids of every statement queued."""
    writer = StoreWriter(kiosk_db)
    try:
        logbook = Logbook(writer, "EPN test 1", epn_id=epn_id)
        steps = [s.id for s in SCENARIO.steps]
        for _ in range(sessions):
            logbook.start_session("fr")
            logbook.start_attempt(SCENARIO, "fr", "touch")
            events, t = [], 0
            for step in steps:
                events += [Event("shown", step, t, 0), Event("wrong", step, t + 500, 0),
                           Event("correct", step, t + 900, 0)]
                t += 1000
            events.append(Event("finished", None, t, 0, stars=2))
            logbook.record(events)
            logbook.end_session("finished")
        writer.flush(60)
        due = writer.call(lambda s: s.outbox_due(
            FAR_FUTURE, 100_000))
        return [i for i, _ in due]
    finally:
        writer.close()


def outbox_counts(kiosk_db: str) -> dict[str, int]:
    writer = StoreWriter(kiosk_db)
    try:
        return writer.call(lambda s: s.outbox_counts())
    finally:
        writer.close()


@contextmanager
def sender(kiosk_db: str, credentials: HubCredentials, states: list[SyncState] | None = None,
           **options: Any) -> Iterator[OutboxSender]:
    out = OutboxSender(kiosk_db, credentials, poll=0.1, backoff_base=0.05, backoff_cap=0.5,
                       timeout=5, on_state=(states.append if states is not None else None),
                       **options).start()
    try:
        yield out
    finally:
        out.stop()


def credentials_for(hub: HubServer, home: Path) -> HubCredentials:
    key = kiosk_key(home)
    return enrol(hub.base_url, hub.enrol_code(), label="EPN test 1", epn_id=key.epn_id,
                 public_key=key.public_text, home=home)


def test_enrolment_keeps_the_token_private_and_refuses_a_bad_code(hub: HubServer, tmp_path: Path) -> None:
    home = tmp_path / "kiosk-home"
    key = SigningKey.load_or_create(home)
    with pytest.raises(EnrolError, match="wrong, used or expired"):
        enrol(hub.base_url, "NOTACODE", label="T", epn_id=key.epn_id, public_key=key.public_text,
              home=home)
    assert load_credentials(home) is None
    code = hub.enrol_code()
    credentials = enrol(hub.base_url, code, label="T", epn_id=key.epn_id,
                        public_key=key.public_text, home=home)
    assert load_credentials(home) == credentials
    assert stat.S_IMODE((home / CREDENTIALS_FILE).stat().st_mode) == 0o600
    with pytest.raises(EnrolError):  # a code works once
        enrol(hub.base_url, code, label="T2", epn_id=key.epn_id, public_key=key.public_text,
              home=tmp_path / "other")


def test_every_statement_arrives_once_although_the_hub_restarts_mid_stream(
        tmp_path: Path, kiosk_db: str) -> None:
    settings = make_settings(tmp_path / "hub")
    app = create_app(settings)
    epn_id = kiosk_key(tmp_path / "kiosk-home").epn_id
    queued = practise(kiosk_db, sessions=40, epn_id=epn_id)  # 40 × (2 + 19 + 1) statements
    assert len(queued) > 500
    with serve(app, settings) as hub:
        credentials = credentials_for(hub, tmp_path / "kiosk-home")
        port = hub.base_url.rsplit(":", 1)[1]
        with sender(kiosk_db, credentials):
            wait_for(lambda: hub_count(hub) >= 100, what="the first statements")
            # the hub stops while the kiosk is sending
    before_restart = hub_count_of(settings)
    assert 0 < before_restart < len(queued)
    states: list[SyncState] = []
    with sender(kiosk_db, credentials, states):
        time.sleep(1.0)  # the kiosk meets a closed port: it keeps its statements
        assert outbox_counts(kiosk_db)["waiting"] == len(queued) - before_restart
        assert any("cannot be reached" in s.problem for s in states)
        with serve(create_app(settings), settings, port=int(port)) as hub:
            wait_for(lambda: outbox_counts(kiosk_db)["waiting"] == 0, 60, "the outbox to drain")
            ids = hub_ids(hub)
    assert sorted(ids) == sorted(queued)  # each once: the primary key would refuse a twin
    assert outbox_counts(kiosk_db) == {"waiting": 0, "sent": len(queued), "refused": 0}
    assert states[-1].problem == ""


def hub_count_of(settings) -> int:  # noqa: ANN001 (the hub's settings)
    from sqlalchemy import create_engine

    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(Statement)) or 0)
    finally:
        engine.dispose()


def test_a_statement_the_hub_refuses_is_set_aside_and_the_others_arrive(
        hub: HubServer, tmp_path: Path, kiosk_db: str) -> None:
    queued = practise(kiosk_db, sessions=2, epn_id=kiosk_key(tmp_path / "kiosk-home").epn_id)
    bad_id = str(uuid.uuid4())
    writer = StoreWriter(kiosk_db)
    try:
        good = json.loads(writer.call(lambda s: s.outbox_due(
            FAR_FUTURE, 1))[0][1])
        bad = dict(good, id=bad_id, verb={"id": "not an iri"})
        writer.call(lambda s: s.queue_statements([bad]))
    finally:
        writer.close()
    credentials = credentials_for(hub, tmp_path / "kiosk-home")
    with sender(kiosk_db, credentials):
        wait_for(lambda: outbox_counts(kiosk_db)["waiting"] == 0, 30, "the outbox to drain")
    assert sorted(hub_ids(hub)) == sorted(queued)
    assert outbox_counts(kiosk_db) == {"waiting": 0, "sent": len(queued), "refused": 1}


def test_statements_the_hub_has_had_long_enough_are_forgotten_on_the_terminal(
        hub: HubServer, tmp_path: Path, kiosk_db: str) -> None:
    """A terminal runs for years: once the hub has had statements for ``keep_sent`` (a
    week by default), the store forgets them; a refused one stays for the technician."""
    queued = practise(kiosk_db, sessions=2, epn_id=kiosk_key(tmp_path / "kiosk-home").epn_id)
    bad = dict(json.loads(outbox_body(kiosk_db)), id=str(uuid.uuid4()), verb={"id": "not an iri"})
    writer = StoreWriter(kiosk_db)
    try:
        writer.call(lambda s: s.queue_statements([bad]))
    finally:
        writer.close()
    credentials = credentials_for(hub, tmp_path / "kiosk-home")
    with sender(kiosk_db, credentials):  # the default: kept a week
        wait_for(lambda: outbox_counts(kiosk_db)["waiting"] == 0, 30, "the outbox to drain")
        time.sleep(0.5)  # idle rounds, a prune among them
    assert outbox_counts(kiosk_db) == {"waiting": 0, "sent": len(queued), "refused": 1}
    with sender(kiosk_db, credentials, keep_sent=timedelta(0), prune_every=0.0):
        wait_for(lambda: outbox_counts(kiosk_db)["sent"] == 0, 10, "the sent statements to go")
    assert outbox_counts(kiosk_db) == {"waiting": 0, "sent": 0, "refused": 1}
    assert sorted(hub_ids(hub)) == sorted(queued)  # the hub still has every one


def outbox_body(kiosk_db: str) -> str:
    writer = StoreWriter(kiosk_db)
    try:
        return writer.call(lambda s: s.outbox_due(FAR_FUTURE, 1))[0][1]
    finally:
        writer.close()


def test_the_room_link_sends_status_and_reads_the_answer(hub: HubServer, tmp_path: Path) -> None:
    credentials = credentials_for(hub, tmp_path / "kiosk-home")
    answers: list[dict] = []
    link = RoomLink(credentials, on_answer=answers.append, heartbeat=0.2).start()
    try:
        link.update({"in_use": True, "language": "ar", "help": True, "screen": "player"})
        # no animator has the room open: the hub says the call is unseen, not that someone comes
        wait_for(lambda: any(a.get("help") == "unseen" for a in answers), 10, "help unseen")
    finally:
        link.stop()
    assert not any(a.get("offline") for a in answers)
