"""Database work off the UI thread: one worker thread that owns one :class:`Store`.

Owns :class:`StoreWriter`. Jobs run in the order they were submitted, one at a time, on
the worker; the Store (and so the SQLite connection) is created on that thread and never
touched by any other. Results and errors come back through callbacks that are called
**on the worker thread**: the UI wraps them with Kivy's Clock itself (this module never
imports Kivy). A failing job is logged and reported; the worker carries on.

It also keeps the latest :class:`WriteProblem` (a full disk, a read-only file): every
failed job counts, and listeners registered with :meth:`StoreWriter.on_failure` hear of
each one, so the screen can reassure the learner and tell the animator why, even for the
many writes that are submitted without an ``on_error`` of their own.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # SQLAlchemy is imported on the worker thread, not by the caller
    from kiosk.store.repository import Store

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Job:
    fn: Callable[[Store], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None


@dataclass(frozen=True)
class WriteProblem:
    """Store jobs that failed since the kiosk started: how many, the latest and when."""

    failures: int
    error: str  # the latest error, as the database said it
    last_at: datetime  # local time of the latest failure
    # the latest "database or disk is full": it stays the reason to show, because the
    # writes after it then fail for knock-on reasons (a session that could not be saved)
    disk_full_at: datetime | None


_STOP = object()


class StoreWriter:
    """A queue of database jobs and the one daemon thread that runs them.

    ``StoreWriter(url)`` starts the thread, which opens the Store (bringing its schema
    up to date). If opening fails, every job reports that error through ``on_error``.
    Call :meth:`close` when the app stops, so that queued writes are not lost.
    """

    def __init__(self, url: str, *, thread_name: str = "kiosk-store-writer") -> None:
        self._url = url
        # Jobs, flush markers (an Event to set) and finally _STOP.
        self._queue: queue.Queue[_Job | threading.Event | object] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self.problem: WriteProblem | None = None
        self._listeners: list[Callable[[BaseException], None]] = []
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)
        self._thread.start()

    # -- caller side ------------------------------------------------------------------

    def submit(
        self,
        fn: Callable[[Store], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue ``fn(store)`` for the worker; callbacks run on the worker thread."""
        with self._lock:
            if self._closed:
                raise RuntimeError("StoreWriter is closed")
            self._queue.put(_Job(fn, on_done, on_error))

    def on_failure(self, listener: Callable[[BaseException], None]) -> None:
        """Call ``listener(error)`` (on the worker thread) whenever a job fails."""
        self._listeners.append(listener)

    def flush(self, timeout: float = 10) -> bool:
        """Wait until every job submitted so far has run; False if ``timeout`` ran out."""
        self._refuse_on_worker("flush")
        if not self._thread.is_alive():
            return self._queue.empty()
        done = threading.Event()
        with self._lock:
            if self._closed:
                return self._queue.empty()
            # Jobs run in order, so when this marker is reached everything before it ran.
            self._queue.put(done)
        return done.wait(timeout)

    def call(self, fn: Callable[[Store], T], timeout: float = 10) -> T:
        """Run ``fn(store)`` on the worker and return its result (for CLI and tests).

        Re-raises the job's exception; raises TimeoutError if it did not finish in time.
        """
        self._refuse_on_worker("call")
        future: Future[T] = Future()
        self.submit(fn, on_done=future.set_result, on_error=future.set_exception)
        return future.result(timeout)

    def close(self, timeout: float = 10) -> None:
        """Finish the queued jobs, close the Store and stop the worker thread."""
        self._refuse_on_worker("close")
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("store writer did not stop within %.1f s", timeout)

    def _refuse_on_worker(self, what: str) -> None:
        # Waiting for the worker from inside one of its own callbacks would never end.
        if threading.get_ident() == self._thread.ident:
            raise RuntimeError(f"StoreWriter.{what}() called from its own worker thread")

    # -- worker side ------------------------------------------------------------------

    def _run(self) -> None:
        store: Store | None = None
        open_error: BaseException | None = None
        try:
            from kiosk.store.repository import Store

            store = Store(self._url)
        except BaseException as error:  # reported to every job below
            log.exception("could not open the store")
            open_error = error
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                if isinstance(item, threading.Event):
                    item.set()
                elif isinstance(item, _Job):
                    self._run_job(item, store, open_error)
        finally:
            if store is not None:
                store.close()

    def _run_job(self, job: _Job, store: Store | None, open_error: BaseException | None) -> None:
        name = getattr(job.fn, "__qualname__", job.fn)
        if store is None:
            assert open_error is not None
            log.error("store job %r not run: the store could not be opened", name)
            self._failed(open_error)
            _call_back(job.on_error, open_error)
            return
        # BaseException too: whatever a job raises, the worker must keep serving the
        # jobs after it, or every later write would be silently lost.
        try:
            result = job.fn(store)
        except BaseException as error:
            log.exception("store job %r failed", name)
            self._failed(error)
            _call_back(job.on_error, error)
            return
        _call_back(job.on_done, result)

    def _failed(self, error: BaseException) -> None:
        said = str(getattr(error, "orig", None) or error)  # SQLAlchemy wraps the driver's error
        before = self.problem
        now = datetime.now()
        full = "disk is full" in said or "No space left" in said
        self.problem = WriteProblem(
            failures=before.failures + 1 if before is not None else 1, error=said, last_at=now,
            disk_full_at=now if full else before.disk_full_at if before is not None else None)
        for listener in list(self._listeners):
            _call_back(listener, error)


def _call_back(callback: Callable[[Any], None] | None, value: Any) -> None:
    if callback is None:
        return
    try:
        callback(value)
    except BaseException:
        log.exception("store callback %r failed", getattr(callback, "__qualname__", callback))
