"""Two connections writing one SQLite file, as the kiosk does once it syncs: the store
writer (sessions, attempts, events) and the sync sender (marking statements sent or
retried). Neither may lose a write to the other's lock.

Found by the offline suite (tests/reliability/test_offline.py): with SQLite's default
deferred BEGIN, a transaction that reads first and writes after (a new learner checks its
pseudonym, then inserts it) failed at once with "database is locked" whenever the sender
had committed in between — the busy timeout does not apply to that case — and the
learner's whole session was lost. Every transaction now starts with BEGIN IMMEDIATE.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kiosk.store.repository import Store


def test_a_busy_second_writer_never_makes_the_kiosk_lose_a_learner(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    with Store(url) as setup:
        terminal = setup.ensure_terminal("EPN")
    stop = threading.Event()
    failures: list[BaseException] = []

    def other_writer() -> None:  # what the sync sender does between its HTTP requests
        with Store(url) as store:
            while not stop.is_set():
                try:
                    store.ensure_terminal(f"other-{uuid.uuid4().hex[:8]}")
                except BaseException as error:  # noqa: BLE001 (counted, then shown)
                    failures.append(error)

    thread = threading.Thread(target=other_writer)
    thread.start()
    learners = []
    try:
        with Store(url) as store:
            for _ in range(200):
                learner, _pseudonym = store.new_learner()  # reads, then writes
                store.start_session(session_id=uuid.uuid4().hex, terminal_id=terminal,
                                    learner_id=learner, language="fr", started_at=datetime.now(UTC))
                learners.append(learner)
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert len(learners) == 200
