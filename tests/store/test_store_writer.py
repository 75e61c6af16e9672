"""StoreWriter: writes on its own worker thread, results and errors through callbacks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.store import Store, StoreWriter


@pytest.fixture
def writer(db_url: str) -> Iterator[StoreWriter]:
    opened = StoreWriter(db_url)
    try:
        yield opened
    finally:
        opened.close()


def test_jobs_run_on_a_thread_other_than_the_callers(writer: StoreWriter) -> None:
    seen: list[int] = []
    results: list[tuple[str, str]] = []
    callback_threads: list[int] = []

    def make_learner(store: Store) -> tuple[str, str]:
        seen.append(threading.get_ident())
        return store.new_learner()

    def on_done(result: tuple[str, str]) -> None:
        callback_threads.append(threading.get_ident())
        results.append(result)

    writer.submit(make_learner, on_done=on_done)
    writer.submit(make_learner, on_done=on_done)
    assert writer.flush()

    caller = threading.get_ident()
    assert len(seen) == 2 and caller not in seen
    assert len(set(seen)) == 1  # one worker, always the same
    assert callback_threads == seen  # callbacks too run on the worker
    assert len(results) == 2 and results[0] != results[1]


def test_a_failing_job_reports_to_on_error_and_the_worker_carries_on(
    writer: StoreWriter, caplog: pytest.LogCaptureFixture
) -> None:
    errors: list[BaseException] = []
    done: list[object] = []

    def fail(store: Store) -> None:
        store.end_session("missing", reason="meteor", ended_at=datetime.now(UTC))

    writer.submit(fail, on_done=done.append, on_error=errors.append)
    writer.submit(lambda store: store.ensure_terminal("EPN-1"), on_done=done.append)
    assert writer.flush()

    assert len(errors) == 1 and isinstance(errors[0], ValueError)
    assert len(done) == 1 and isinstance(done[0], str)
    assert "store job" in caplog.text
    assert writer.call(lambda store: store.ensure_terminal("EPN-1")) == done[0]


def test_a_failing_callback_does_not_stop_the_worker(writer: StoreWriter) -> None:
    def broken(_: object) -> None:
        raise RuntimeError("callback bug")

    writer.submit(lambda store: 1, on_done=broken)
    assert writer.call(lambda store: 2) == 2


def test_call_returns_the_result_or_raises_the_error(writer: StoreWriter) -> None:
    learner_id, pseudonym = writer.call(lambda store: store.new_learner())
    assert len(learner_id) == 32 and pseudonym
    with pytest.raises(LookupError):
        writer.call(lambda store: store.end_session("x", reason="timeout", ended_at=_now()))


def test_flush_waits_for_everything_submitted(writer: StoreWriter) -> None:
    release = threading.Event()
    order: list[str] = []

    def slow(store: Store) -> None:
        release.wait(5)
        order.append("slow")

    writer.submit(slow)
    writer.submit(lambda store: order.append("next"))
    assert not writer.flush(timeout=0.05)  # still blocked
    release.set()
    assert writer.flush()
    assert order == ["slow", "next"]


def test_close_finishes_queued_work_then_refuses_more(db_url: str) -> None:
    writer = StoreWriter(db_url)
    terminal_ids: list[str] = []

    def terminal(label: str) -> Callable[[Store], str]:
        return lambda store: store.ensure_terminal(label)

    for label in ("A", "B", "C"):
        writer.submit(terminal(label), on_done=terminal_ids.append)
    writer.close()
    assert len(terminal_ids) == 3
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(lambda store: None)
    writer.close()  # twice is fine

    with Store(db_url) as store:
        assert store.ensure_terminal("B") == terminal_ids[1]


def test_waiting_from_the_worker_itself_is_refused(writer: StoreWriter) -> None:
    errors: list[BaseException] = []
    writer.submit(lambda store: writer.flush(), on_error=errors.append)
    assert writer.flush()
    assert len(errors) == 1 and isinstance(errors[0], RuntimeError)


def test_a_store_that_cannot_open_reports_on_every_job(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    writer = StoreWriter(f"sqlite:///{blocker / 'kiosk.sqlite3'}")
    try:
        errors: list[BaseException] = []
        writer.submit(lambda store: None, on_error=errors.append)
        assert writer.flush()
        assert len(errors) == 1 and isinstance(errors[0], OSError)
        with pytest.raises(OSError):
            writer.call(lambda store: None)
    finally:
        writer.close()


def _now() -> datetime:
    return datetime.now(UTC)


def test_failed_writes_are_counted_and_heard_a_full_disk_stays_the_reason(writer: StoreWriter) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    heard: list[BaseException] = []
    writer.on_failure(heard.append)
    assert writer.call(lambda s: s.new_learner()) and writer.problem is None

    def full(_store: Store) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    def knock_on(_store: Store) -> None:  # what the writes after a lost session then say
        raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")

    writer.submit(full)  # no on_error of its own: the listener still hears it
    writer.submit(knock_on)
    assert writer.flush()
    problem = writer.problem
    assert problem is not None and problem.failures == 2 and len(heard) == 2
    assert problem.error == "FOREIGN KEY constraint failed"
    assert problem.disk_full_at is not None and problem.disk_full_at <= problem.last_at
