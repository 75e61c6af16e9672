"""Forwarding received statements to an external LRS, from a durable queue.

Owns the ``forward_queue`` worker. When ``lrs_url`` is set, every statement the hub
stores gets a queue row in the same transaction (:mod:`kiosk.hub.xapi_api`); this
worker, a thread started and stopped with the app, posts them in batches to
``<lrs_url>/statements`` (xAPI 1.0.3, HTTP Basic auth) and records the outcome per row:

- 200/204 → delivered; 409 for one statement → the LRS already holds that id: delivered
  before (noted in ``last_error``);
- 408, 429, 5xx, a timeout, a refused connection → tried again after a delay that doubles
  from ``forward_backoff_base`` up to ``forward_backoff_cap`` seconds, with full jitter so
  a recovering LRS is not hit by every queue at once — and never before the LRS's
  ``Retry-After`` (seconds or a date; at most a day);
- any other 4xx (400, 413, 422…) → the batch is cut in halves and each half sent again,
  down to the one statement the LRS refuses: that one is **set aside** (``next_try_at``
  cleared, ``last_error`` keeps the LRS's answer) and the others are delivered in the same
  round — one bad statement never holds a batch. 401, 403, 404, 405 and 407 say nothing
  about the statements (credentials, address): the whole batch is set aside at once with
  that reason. Set-aside statements wait for staff to retry or drop them
  (:mod:`kiosk.hub.forward_queue`: the ``/forward`` page, ``kiosk hub forward``).

Each failed round is logged with its status and statement ids, never a statement's body.
The queue survives restarts: what was not sent is sent by the next run. On PostgreSQL
several hub processes may run a forwarder each: a round runs only while its process holds
the schema's advisory lock, so one process forwards at a time and no statement goes out twice. The real-world
target is an LRS such as Ralph (``ralph-malph[lrs]``: ``<ralph>/xAPI``, Basic auth) or
another hub (an LRS client made with ``kiosk hub lrs-client add``).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from sqlalchemy import Engine, select, text, update

from kiosk.hub.forward_queue import QueueCounts, queue_counts
from kiosk.hub.models import ForwardItem, Statement
from kiosk.store.models import utc_now
from kiosk.sync.xapi import XAPI_VERSION

log = logging.getLogger(__name__)

__all__ = ["Answer", "Forwarder", "QueueCounts", "queue_counts", "retry_after"]


#: Answers that say "later": request timeout and too many requests (with 5xx).
RETRY_CODES = frozenset({408, 429})
#: Refusals of the hub itself (credentials, address), not of the statements it sent.
NOT_THE_STATEMENTS = frozenset({401, 403, 404, 405, 407})
RETRY_AFTER_CAP = 24 * 3600.0


@dataclass(frozen=True)
class Answer:
    """What one POST came to: ``sent``, ``there`` (409, one statement), ``halve`` (a batch
    refused: cut it), ``aside`` (refused for good) or ``retry`` (later)."""

    outcome: str
    detail: str
    code: int | None = None
    retry_after: float | None = None


class Forwarder:
    """Drains the forward queue towards one LRS on a worker thread."""

    def __init__(self, engine: Engine, write_engine: Engine, lrs_url: str, *, username: str | None,
                 password: str | None, batch: int = 100, idle: float = 2.0, timeout: float = 10.0,
                 backoff_base: float = 1.0, backoff_cap: float = 300.0, rng: random.Random | None = None
                 ) -> None:
        self.engine = engine
        self.write_engine = write_engine
        self.statements_url = lrs_url.rstrip("/") + "/statements"
        self.auth = (username or "", password or "") if username or password else None
        self.batch = batch
        self.idle = idle
        self.timeout = timeout
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._http: requests.Session | None = None

    @classmethod
    def from_app(cls, app: Any) -> Forwarder:
        settings = app.state.settings
        return cls(app.state.engine, app.state.write_engine, settings.lrs_url,
                   username=settings.lrs_username, password=settings.lrs_password,
                   batch=settings.forward_batch, idle=settings.forward_idle_seconds,
                   timeout=settings.forward_timeout, backoff_base=settings.forward_backoff_base,
                   backoff_cap=settings.forward_backoff_cap)

    # --- life -----------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hub-forward", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """New statements are queued: look now rather than at the next idle tick."""
        self._wake.set()

    def _new_http(self) -> requests.Session:
        http = requests.Session()
        http.headers.update({"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"})
        if self.auth:
            http.auth = self.auth
        return http

    def _run(self) -> None:
        with self._new_http() as http:
            self._http = http
            while not self._stop.is_set():
                try:
                    busy = self.run_once() > 0
                except Exception:  # the database went away for a moment: try again later
                    log.exception("forwarding round failed")
                    busy = False
                if not busy:
                    self._wake.wait(self.idle)
                    self._wake.clear()

    # --- one round ------------------------------------------------------------------------

    def run_once(self, now: datetime | None = None) -> int:
        """Send the statements now due (one batch, halved where refused); how many were handled."""
        with self._turn() as mine:
            return self._round(now or utc_now()) if mine else 0

    @contextmanager
    def _turn(self) -> Iterator[bool]:
        """Whether this process may forward now (on PostgreSQL: one process at a time)."""
        if self.engine.dialect.name != "postgresql":
            yield True
            return
        with self.engine.begin() as connection:  # the lock lasts until this transaction ends
            yield bool(connection.scalar(text(
                "SELECT pg_try_advisory_xact_lock(hashtext('epn-kiosk-hub-forward:' || current_schema()))")))

    def _round(self, now: datetime) -> int:
        with self.engine.connect() as connection:
            due = connection.execute(
                select(ForwardItem.statement_id, ForwardItem.tries, Statement.body)
                .join(Statement, Statement.id == ForwardItem.statement_id)
                .where(ForwardItem.next_try_at <= now)
                .order_by(ForwardItem.next_try_at, ForwardItem.statement_id)
                .limit(self.batch)
            ).all()
        if not due:
            return 0
        self._deliver(list(due), failed=[])
        return len(due)

    def _deliver(self, items: list[Any], *, failed: list[Answer]) -> None:
        """POST ``items``; halve a batch the LRS refused until each refused statement is alone.

        ``failed`` holds this round's first retryable answer: once the LRS is down or busy,
        the rest of the round waits too instead of knocking again.
        """
        answer = failed[0] if failed else self._post([body for _, _, body in items])
        if answer.outcome == "halve":
            middle = len(items) // 2
            self._deliver(items[:middle], failed=failed)
            self._deliver(items[middle:], failed=failed)
            return
        if answer.outcome == "retry" and not failed:
            failed.append(answer)
        self._record(items, answer)

    def _post(self, bodies: list[str]) -> Answer:
        """What the LRS made of one POST of these statements."""
        http = self._http or self._new_http()  # run_once() called outside the worker (tests)
        try:
            reply = http.post(self.statements_url, data=("[" + ",".join(bodies) + "]").encode("utf-8"),
                              timeout=self.timeout)
        except requests.RequestException as error:
            return Answer("retry", f"the LRS cannot be reached ({type(error).__name__})")
        finally:
            if self._http is None:
                http.close()
        code = reply.status_code
        detail = f"{code} {reply.text[:300]}".strip()
        if code in (200, 204):
            return Answer("sent", "", code)
        if code == 409:
            return Answer("there" if len(bodies) == 1 else "halve", detail, code)
        if code in RETRY_CODES or code >= 500 or code < 400:
            return Answer("retry", detail, code, retry_after(reply.headers.get("Retry-After")))
        if code in NOT_THE_STATEMENTS:
            return Answer("aside", f"{detail} (the LRS refused the hub itself: check KIOSK_HUB_LRS_URL, "
                                   "KIOSK_HUB_LRS_USERNAME and KIOSK_HUB_LRS_PASSWORD, then retry)", code)
        return Answer("halve" if len(bodies) > 1 else "aside", detail, code)

    def _record(self, items: Sequence[Any], answer: Answer) -> None:
        ids = [statement_id for statement_id, _, _ in items]
        now = utc_now()
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        with self.write_engine.begin() as connection:
            if answer.outcome in ("sent", "there"):
                connection.execute(
                    update(ForwardItem).where(ForwardItem.statement_id.in_(ids)).values(
                        sent_at=now, next_try_at=None, tries=ForwardItem.tries + 1,
                        last_error=None if answer.outcome == "sent"
                        else f"already in the LRS ({answer.detail})"))
            elif answer.outcome == "aside":
                log.warning("forwarding: the LRS refused %d statement(s) (%s): set aside: %s",
                            len(ids), answer.code, shown)
                connection.execute(
                    update(ForwardItem).where(ForwardItem.statement_id.in_(ids)).values(
                        next_try_at=None, tries=ForwardItem.tries + 1, last_error=answer.detail))
            else:
                log.warning("forwarding: %d statement(s) to try again (%s): %s", len(ids),
                            answer.code or answer.detail, shown)
                # one delay for the batch, so that it goes out again as one batch
                wait = max(self.delay(max(tries for _, tries, _ in items) + 1), answer.retry_after or 0.0)
                for statement_id, tries, _ in items:
                    connection.execute(
                        update(ForwardItem).where(ForwardItem.statement_id == statement_id).values(
                            tries=tries + 1, last_error=answer.detail,
                            next_try_at=now + timedelta(seconds=wait)))

    def delay(self, tries: int) -> float:
        """Seconds before the next try after ``tries`` failures: doubling, capped, jittered."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(tries, 30))
        return self.rng.uniform(min(self.backoff_base, ceiling) / 2, ceiling)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """An HTTP ``Retry-After`` (seconds, or a date) as seconds from now, at most a day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or utc_now())).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)
