"""The kiosk's side of the hub: enrolment, the outbox drain, and the live room link.

Owns :func:`enrol` (trade an animator's code for this terminal's own token, kept in
``<KIOSK_HOME>/hub.json``, 0600), :class:`OutboxSender` (one worker thread that sends
the store's queued xAPI statements in order, with retry and exponential backoff; the
hub recognises a re-sent id, so a statement is delivered once however often the
network fails) and :class:`RoomLink` (one worker thread that tells the hub what this
terminal shows, at each change and every 2 s, and hands the answer — is help coming?
should the terminal be wiped? does the animator propose an exercise? — to a callback).

Callbacks run on the worker threads: the UI wraps them with Kivy's Clock itself. This
module never imports Kivy; it works the same with no hub at all (nothing is sent, the
outbox waits).
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.sync.xapi import XAPI_VERSION

if TYPE_CHECKING:
    import requests

    from kiosk.store.repository import Store

log = logging.getLogger(__name__)

CREDENTIALS_FILE = "hub.json"
BATCH = 100
KEEP_SENT = timedelta(days=7)  # sent statements kept on the terminal (the hub has them)
HEARTBEAT_S = 2.0


class EnrolError(Exception):
    """Enrolment failed; the message says why in plain words."""


@dataclass(frozen=True, kw_only=True)
class HubCredentials:
    hub_url: str
    terminal_id: str
    token: str

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}",
                "X-Experience-API-Version": XAPI_VERSION}


def load_credentials(home: Path) -> HubCredentials | None:
    """This terminal's hub token, or None when it has not been enrolled (or the file is
    unreadable: then the kiosk simply keeps its statements)."""
    path = home / CREDENTIALS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return HubCredentials(hub_url=str(data["hub_url"]).rstrip("/"),
                              terminal_id=str(data["terminal_id"]), token=str(data["token"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("%s is unreadable (%s): enrol this terminal again", path, error)
        return None


def save_credentials(home: Path, credentials: HubCredentials) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / CREDENTIALS_FILE
    text = json.dumps({"hub_url": credentials.hub_url, "terminal_id": credentials.terminal_id,
                       "token": credentials.token}, indent=2)
    # created 0600 before the secret is written into it
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)
    return path


def enrol(hub_url: str, code: str, *, label: str, epn_id: str, public_key: str, home: Path,
          timeout: float = 10) -> HubCredentials:
    """Trade the enrol code the animator got from the hub for this terminal's token."""
    import requests

    from kiosk.config import check_hub_url

    try:
        hub_url = check_hub_url(hub_url)
    except ValueError as error:
        raise EnrolError(str(error)) from None
    body = {"code": code.strip(), "label": label, "epn_id": epn_id, "epn_public_key": public_key}
    try:
        answer = requests.post(f"{hub_url}/api/terminals/enrol", json=body, timeout=timeout)
    except requests.RequestException as error:
        raise EnrolError(f"the hub at {hub_url} cannot be reached ({type(error).__name__})") from None
    if answer.status_code == 403:
        raise EnrolError("the hub refused the code: it is wrong, used or expired — ask for a new one")
    if answer.status_code != 201:
        raise EnrolError(f"the hub answered {answer.status_code}: {answer.text[:200]}")
    try:
        data = answer.json()
        credentials = HubCredentials(hub_url=hub_url, terminal_id=str(data["terminal_id"]),
                                     token=str(data["token"]))
    except (ValueError, KeyError, TypeError):
        raise EnrolError("the hub's answer was not understood") from None
    save_credentials(home, credentials)
    return credentials


@dataclass
class SyncState:
    """What the animator screen shows about the link to the hub."""

    enrolled: bool = False
    waiting: int = 0
    sent: int = 0
    last_sent_at: datetime | None = None
    problem: str = ""  # plain words; "" when all is well
    refused: int = 0


@dataclass
class _Backoff:
    base: float
    cap: float
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        self.failures += 1
        # full jitter: many terminals coming back at once do not hit the hub together
        return self.rng.uniform(self.base, min(self.cap, self.base * 2 ** self.failures))

    def reset(self) -> None:
        self.failures = 0


class OutboxSender:
    """Drains the store's outbox to the hub on its own thread, with its own Store.

    ``poll`` is how often an idle sender looks for new statements; ``wake()`` makes it
    look at once. On a network error or a 5xx the batch is retried after a growing,
    jittered delay (``backoff_base`` … ``backoff_cap`` seconds). A 400/409 batch is
    split; a single statement the hub refuses for good is set aside with the hub's
    reason (it would fail forever) and the rest carry on.

    Statements the hub has had for longer than ``keep_sent`` are forgotten (looked at
    once every ``prune_every`` seconds, when nothing waits), so a terminal's store does
    not grow for years; the hub keeps them. Refused and waiting ones are never pruned.
    """

    def __init__(self, database_url: str, credentials: HubCredentials, *, poll: float = 1.0,
                 backoff_base: float = 0.5, backoff_cap: float = 30.0, timeout: float = 10.0,
                 on_state: Callable[[SyncState], None] | None = None,
                 keep_sent: timedelta = KEEP_SENT, prune_every: float = 3600.0) -> None:
        self._url = database_url
        self.credentials = credentials
        self._poll = poll
        self._timeout = timeout
        self._backoff = _Backoff(backoff_base, backoff_cap)
        self._on_state = on_state
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._single = False  # after a refused batch: one statement per request
        self._keep_sent = keep_sent
        self._prune_every = prune_every
        self._next_prune = 0.0  # monotonic; the first idle round prunes
        self.state = SyncState(enrolled=True)
        self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)

    def start(self) -> OutboxSender:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    # -- worker ---------------------------------------------------------------------
    def _run(self) -> None:
        import requests

        from kiosk.store.repository import Store

        store: Store | None = None
        with requests.Session() as http:
            http.headers.update(self.credentials.headers())
            while not self._stop.is_set():
                try:
                    if store is None:
                        store = Store(self._url)
                    delay = self._round(store, http)
                except Exception as error:  # the store itself failed (disk?): try again later
                    log.exception("sync round failed")
                    self._report(problem=f"the outbox could not be read ({type(error).__name__})")
                    delay = self._backoff.next_delay()
                self._wake.wait(delay)
                self._wake.clear()
            if store is not None:  # the kiosk is closing: one last, short try
                self._timeout = min(self._timeout, 3.0)
                try:
                    self._round(store, http)
                except Exception:
                    log.warning("last sync before closing failed; the statements wait here")
        if store is not None:
            store.close()

    def _round(self, store: Store, http: requests.Session) -> float:
        """Send what is due; return how long to wait before the next round."""
        now = datetime.now(UTC)
        due = store.outbox_due(now, 1 if self._single else BATCH)
        if not due:
            self._single = False
            if time.monotonic() >= self._next_prune:
                self._next_prune = time.monotonic() + self._prune_every
                store.outbox_prune(now - self._keep_sent)
            self._report_counts(store)
            return self._poll
        outcome = self._post(http, due)
        ids = [i for i, _ in due]
        if outcome == "sent":
            store.outbox_sent(ids, datetime.now(UTC))
            self._backoff.reset()
            self._report_counts(store, sent=len(ids), problem="")
            return 0.0  # more may be waiting
        if outcome.startswith("refused:"):
            if len(ids) > 1:
                self._single = True  # find the one the hub refuses; the others go through
                return 0.0
            store.outbox_refused(ids, outcome.removeprefix("refused:"))
            self._single = False  # found it: the others go in batches again
            self._report_counts(store, problem="")
            return 0.0
        delay = self._backoff.next_delay()
        store.outbox_retry(ids, now + timedelta(seconds=delay))
        self._report_counts(store, problem=outcome)
        return delay

    def _post(self, http: requests.Session, due: list[tuple[str, str]]) -> str:
        """"sent", "refused:<reason>" or a plain-word problem (retry later)."""
        import requests

        body = "[" + ",".join(b for _, b in due) + "]"
        try:
            answer = http.post(f"{self.credentials.hub_url}/xAPI/statements", data=body.encode(),
                               headers={"Content-Type": "application/json"}, timeout=self._timeout)
        except requests.RequestException as error:
            return f"the hub cannot be reached ({type(error).__name__}); statements wait here"
        code = answer.status_code
        if code in (200, 204):
            return "sent"
        if code in (400, 409, 413):
            return f"refused:{code} {answer.text[:250]}"
        if code in (401, 403):
            return "the hub does not know this terminal any more: enrol it again (kiosk enrol)"
        return f"the hub answered {code}; statements wait here"

    def _report_counts(self, store: Store, *, sent: int = 0, problem: str | None = None) -> None:
        counts = store.outbox_counts()
        self._report(waiting=counts["waiting"], refused=counts["refused"], sent_more=sent,
                     problem=problem)

    def _report(self, *, waiting: int | None = None, refused: int | None = None,
                sent_more: int = 0, problem: str | None = None) -> None:
        s = self.state
        if waiting is not None:
            s.waiting = waiting
        if refused is not None:
            s.refused = refused
        if sent_more:
            s.sent += sent_more
            s.last_sent_at = datetime.now(UTC)
        if problem is not None:
            s.problem = problem
        if self._on_state is not None:
            try:
                self._on_state(SyncState(**vars(s)))
            except Exception:
                log.exception("sync state callback failed")


class RoomLink:
    """Tells the hub what this terminal shows (no pseudonym, nothing typed).

    :meth:`update` (any thread) hands over the newest status; the worker sends it at
    once when it changed, else every ``heartbeat`` seconds, and calls ``on_answer`` with
    the hub's answer ``{"help": "none"|"waiting"|"coming", "wipe": bool}`` (with
    ``"proposal": {"id", "kind", "ref"}`` while the animator proposes an exercise). While the hub
    cannot be reached, ``on_answer`` gets ``{"offline": True}`` once per failure.
    """

    def __init__(self, credentials: HubCredentials, *, on_answer: Callable[[dict[str, Any]], None],
                 heartbeat: float = HEARTBEAT_S, timeout: float = 3.0) -> None:
        self.credentials = credentials
        self._on_answer = on_answer
        self._heartbeat = heartbeat
        self._timeout = timeout
        self._lock = threading.Lock()
        self._status: dict[str, Any] = {"in_use": False}
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._seq = int(time.time() * 1000)  # grows across restarts too
        self._thread = threading.Thread(target=self._run, name="kiosk-room-link", daemon=True)

    def start(self) -> RoomLink:
        self._thread.start()
        return self

    def update(self, status: Mapping[str, Any]) -> None:
        with self._lock:
            if dict(status) == self._status:
                return
            self._status = dict(status)
        self._changed.set()

    def stop(self, timeout: float = 5) -> None:
        self._stop.set()
        self._changed.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import requests

        with requests.Session() as http:
            http.headers.update(self.credentials.headers())
            while not self._stop.is_set():
                with self._lock:
                    self._seq += 1
                    body = dict(self._status, seq=self._seq)
                self._changed.clear()
                try:
                    answer = http.post(f"{self.credentials.hub_url}/api/terminals/status", json=body,
                                       timeout=self._timeout)
                    if answer.status_code == 200:
                        self._deliver(answer.json())
                    else:
                        log.warning("the hub answered %s to this terminal's status", answer.status_code)
                        self._deliver({"offline": True, "code": answer.status_code})
                except (requests.RequestException, ValueError):
                    self._deliver({"offline": True})
                self._changed.wait(self._heartbeat)

    def _deliver(self, answer: Any) -> None:
        if not isinstance(answer, dict):
            return
        try:
            self._on_answer(answer)
        except Exception:
            log.exception("room answer callback failed")
