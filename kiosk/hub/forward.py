"""Forwarding received statements to an external LRS, from a durable queue.

Owns the ``forward_queue`` worker. When ``lrs_url`` is set, every statement the hub
stores gets a queue row in the same transaction (:mod:`kiosk.hub.xapi_api`); this
worker, a thread started and stopped with the app, posts them in batches to
``<lrs_url>/statements`` (xAPI 1.0.3, HTTP Basic auth) and records the outcome per row:

- 200/204 → sent;
- 409 → the LRS already holds that id: counted as delivered before (noted in
  ``last_error``). A batch answered 409 or 400 is split and its statements sent one by
  one, so one bad statement never holds back or hides the others;
- 400 (or 413 for one statement) → refused for good: ``last_error`` keeps the LRS's
  answer, ``next_try_at`` is cleared and it is never sent again;
- anything else — 5xx, 401/403 (fix the credentials, it resumes), a timeout, a refused
  connection — is retried after a delay that doubles from ``forward_backoff_base`` up to
  ``forward_backoff_cap`` seconds, with full jitter so a recovering LRS is not hit by
  every queue at once.

The queue survives restarts: what was not sent is sent by the next run. The real-world
target is an LRS such as Ralph (``ralph-malph[lrs]``: ``<ralph>/xAPI``, Basic auth) or
another hub (an LRS client made with ``kiosk hub lrs-client add``).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import Engine, func, select, update

from kiosk.hub.models import ForwardItem, Statement
from kiosk.store.models import utc_now
from kiosk.sync.xapi import XAPI_VERSION

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueCounts:
    waiting: int
    sent: int
    refused: int


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
        """Send the statements now due (one batch, split if refused); how many were handled."""
        now = now or utc_now()
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
        outcome, detail = self._post([body for _, _, body in due])
        if outcome in ("split", "refused") and len(due) > 1:
            for item in due:
                single, single_detail = self._post([item[2]])
                if single == "split":  # one statement: a 409 means it is there, a 400 that it never will be
                    single = "refused" if not single_detail.startswith("409") else "delivered"
                self._record([item], single, single_detail)
            return len(due)
        if outcome == "split":
            outcome = "delivered" if detail.startswith("409") else "refused"
        self._record(due, outcome, detail)
        return len(due)

    def _post(self, bodies: list[str]) -> tuple[str, str]:
        """("sent"|"split"|"refused"|"retry", detail) for one POST of these statements."""
        http = self._http or self._new_http()  # run_once() called outside the worker (tests)
        try:
            answer = http.post(self.statements_url, data=("[" + ",".join(bodies) + "]").encode("utf-8"),
                               timeout=self.timeout)
        except requests.RequestException as error:
            return "retry", f"the LRS cannot be reached ({type(error).__name__})"
        finally:
            if self._http is None:
                http.close()
        code = answer.status_code
        detail = f"{code} {answer.text[:300]}".strip()
        if code in (200, 204):
            return "sent", ""
        if code in (400, 409):
            return "split", detail
        if code == 413:
            return ("split" if len(bodies) > 1 else "refused"), detail
        return "retry", detail

    def _record(self, items: Sequence[Any], outcome: str, detail: str) -> None:
        ids = [statement_id for statement_id, _, _ in items]
        now = utc_now()
        with self.write_engine.begin() as connection:
            if outcome in ("sent", "delivered"):
                connection.execute(
                    update(ForwardItem).where(ForwardItem.statement_id.in_(ids)).values(
                        sent_at=now, next_try_at=None, tries=ForwardItem.tries + 1,
                        last_error=None if outcome == "sent" else f"already in the LRS ({detail})"))
            elif outcome == "refused":
                log.warning("the LRS refused %d statement(s) for good: %s", len(ids), detail)
                connection.execute(
                    update(ForwardItem).where(ForwardItem.statement_id.in_(ids)).values(
                        next_try_at=None, tries=ForwardItem.tries + 1, last_error=detail))
            else:
                log.info("forwarding %d statement(s) later: %s", len(ids), detail)
                for statement_id, tries, _ in items:
                    connection.execute(
                        update(ForwardItem).where(ForwardItem.statement_id == statement_id).values(
                            tries=tries + 1, last_error=detail,
                            next_try_at=now + timedelta(seconds=self.delay(tries + 1))))

    def delay(self, tries: int) -> float:
        """Seconds before the next try after ``tries`` failures: doubling, capped, jittered."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(tries, 30))
        return self.rng.uniform(min(self.backoff_base, ceiling) / 2, ceiling)


def queue_counts(engine: Engine) -> QueueCounts:
    """How many statements wait, went out, and were refused for good."""
    with engine.connect() as connection:
        waiting = connection.scalar(select(func.count()).where(ForwardItem.next_try_at.is_not(None)))
        sent = connection.scalar(select(func.count()).where(ForwardItem.sent_at.is_not(None)))
        refused = connection.scalar(select(func.count()).where(
            ForwardItem.sent_at.is_(None), ForwardItem.next_try_at.is_(None)))
    return QueueCounts(int(waiting or 0), int(sent or 0), int(refused or 0))
