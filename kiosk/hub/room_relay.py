"""How a change to the live room reaches every process serving the hub.

Owns :class:`LocalRelay` — one process: a change is applied to its room at once (SQLite,
which keeps the hub to one worker) — and :class:`PostgresRelay` — any number of
workers, on one host or several, share one room through PostgreSQL's own LISTEN/NOTIFY,
with no other service. The routes of :mod:`kiosk.hub.room` change the room only
through a relay; reading it (the tiles) stays local.

The design on PostgreSQL
------------------------
Each process keeps the whole room in memory (:class:`kiosk.hub.room_state.RoomState`)
and two connections of its own (psycopg 3, autocommit): one LISTENs on the hub's
channel, the other sends. The channel is ``epn_hub_room_`` and 16 hex digits of the
SHA-256 of the hub's schema (``current_schema()``): hubs sharing a database never hear
each other. A notification is ``{"w": sender, "o": [op, …]}``; each op is a small JSON
object with its kind ``k``, its number at the sender ``i`` and the sender's wall-clock
time ``a`` (the receiver turns it into its own clock; a few milliseconds of delay count
as none). The kinds:

- *in order*: ``s`` a terminal's status (its checked fields, about 250 bytes; ``t``
  terminal, ``l`` label, ``b`` body), ``a`` "J'arrive" (``h`` the animator), ``x`` a
  wipe asked, ``c`` a call cleared, ``r`` a terminal removed, ``p`` an exercise proposed
  (``p`` its id, made by the sender, ``d`` kind, ``e`` exercise or path id, ``h`` the animator);
- *told*: ``l`` an animator looked at the room, ``v`` how many room pages the sender
  has open (every :data:`WATCH_EVERY_S` while there are some; they count for
  :data:`WATCH_TTL_S`), ``h`` a process joined, ``n`` the calls and wipes a process
  sends to one that joined (``to``; ``c`` the calls, ``g`` how long ago an animator
  last looked).

Every process applies the in-order ops, its own included, in the order PostgreSQL
delivers them: notifications are queued per database in commit order and every
listener reads the same queue, so all the rooms go through the same changes in the same
order and agree — which status took a wipe (handed out once, whichever process the
terminal's next status reaches), whether "J'arrive" came before the call closed. The
sender answers the request (the terminal's ``{"help", "wipe"}``, the animator's 404 or
409) from its own room once its op has come back: about 0.1 ms on an idle machine.
Told ops are merged (the latest moment wins), in any order.

What waits to be sent goes out together: the sender waits :data:`SEND_GATHER_S` (5 ms)
after the first op, then packs as many as fit in one notification (kept under
:data:`MAX_PAYLOAD_BYTES`; PostgreSQL refuses 8,000). A process thus sends at most about
200 notifications a second however busy it is, and each of them is read by every
process — the cost that grows with the number of workers. The sending connection runs with
``synchronous_commit = off``: a notification is never stored, so its transaction need
not wait for the disk.

A process that joins (starts, or comes back after losing PostgreSQL) says ``h``; the
others answer with ``n``, and it takes the calls and wipes of the first that answers
(those it has itself seen change since it said ``h`` stay as they are). Statuses need
no copy: every kiosk sends one at least every 2 s.

When PostgreSQL cannot be reached, a process applies changes to its own room at once, as
a single process would, and says so in its log; an op that has not come back within
:data:`ROUND_TRIP_TIMEOUT_S` is applied the same way. It tries again after growing delays
(up to :data:`RECONNECT_MAX_S`) and joins again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kiosk.hub.room_proposals import ProposalKind
from kiosk.hub.room_state import NoHelpCall, RoomState, TerminalOnline, TerminalStatus, UnknownTerminal

log = logging.getLogger(__name__)

#: A notification's payload stays under this many bytes (PostgreSQL's limit is 8,000).
MAX_PAYLOAD_BYTES = 7900
#: Ops arriving within this long of the first one waiting are sent in one notification.
SEND_GATHER_S = 0.005
#: An op that has not come back through PostgreSQL within this time is applied here only.
ROUND_TRIP_TIMEOUT_S = 2.0
#: A process with room pages open says so this often; others count them for WATCH_TTL_S.
WATCH_EVERY_S = 2.0
WATCH_TTL_S = 5.0
#: "An animator looked at the room" goes out at most this often from one process.
LOOKED_EVERY_S = 1.0
#: The listening connection is checked with a query after this long without a notification.
QUIET_CHECK_S = 10.0
#: Delays between tries to reach PostgreSQL again grow up to this.
RECONNECT_MAX_S = 10.0
#: After joining, the calls another process sends are taken during this long.
JOIN_WINDOW_S = 5.0

#: The refusals a room change may answer with (404/409 for the animator, 401 for a terminal).
REFUSALS = (UnknownTerminal, NoHelpCall, TerminalOnline)


def channel_for(schema: str) -> str:
    """The notification channel of the hub whose tables are in ``schema``."""
    return "epn_hub_room_" + hashlib.sha256(schema.encode()).hexdigest()[:16]


def connect_arguments(engine: Any) -> dict[str, Any]:
    """psycopg connection arguments for the database of a SQLAlchemy ``engine``.

    As SQLAlchemy itself would connect (host, socket directory, ``options=-csearch_path``…),
    with TCP keepalives so that a link that died silently is noticed within a minute.
    """
    _, arguments = engine.dialect.create_connect_args(engine.url)
    arguments = {k: v for k, v in arguments.items() if k != "context"}
    for name, value in (("connect_timeout", 10), ("keepalives", 1), ("keepalives_idle", 20),
                        ("keepalives_interval", 5), ("keepalives_count", 4)):
        arguments.setdefault(name, value)
    return arguments


class LocalRelay:
    """One process: each change is applied to :attr:`room` at once.

    ``on_removed(terminal_id)`` runs when a terminal is removed (its token leaves the
    process's cache).
    """

    #: The process's name among those sharing the room; None when it is alone.
    worker: str | None = None

    def __init__(self, room: RoomState, on_removed: Callable[[str], None] = lambda _: None) -> None:
        self.room = room
        self.on_removed = on_removed

    @property
    def shared(self) -> bool:
        """True while changes reach the other processes."""
        return False

    async def start(self) -> None:
        """Begin relaying (called at the server's start)."""

    async def stop(self) -> None:
        """Stop relaying (called at the server's end)."""

    async def receive(self, terminal_id: str, label: str, status: TerminalStatus) -> dict[str, Any]:
        """A terminal's status; the answer for it (see :meth:`RoomState.receive`)."""
        return self.room.receive(terminal_id, label, status)

    async def acknowledge(self, terminal_id: str, helper: str) -> None:
        self.room.acknowledge(terminal_id, helper)

    async def ask_wipe(self, terminal_id: str) -> None:
        self.room.ask_wipe(terminal_id)

    async def clear_call(self, terminal_id: str) -> None:
        self.room.clear_call(terminal_id)

    async def propose(self, terminal_id: str, proposal_id: str, kind: ProposalKind, ref: str,
                      by: str) -> None:
        """An animator proposes an exercise or a path to the terminal (:meth:`RoomState.propose`)."""
        self.room.propose(terminal_id, proposal_id, kind, ref, by)

    async def remove(self, terminal_id: str) -> None:
        """A terminal revoked in the database leaves the room, and its token the cache."""
        self.room.remove(terminal_id)
        self.on_removed(terminal_id)

    def looked(self) -> None:
        """An animator asked something of the room: calls are seen."""
        self.room.looked_at()

    def page_closed(self) -> None:
        """A room page's stream ended here (the room has already counted it as looked at)."""


@dataclass
class _Joining:
    """What a process that has just joined notes until the others' calls come."""

    since: float  # monotonic
    source: str | None = None  # the process whose calls are taken
    kept: set[str] = field(default_factory=set)  # changed here by an animator since
    heard: set[str] = field(default_factory=set)  # a status came since


class PostgresRelay(LocalRelay):
    """Changes go through PostgreSQL's LISTEN/NOTIFY and are applied in its order (module doc).

    ``connect`` are psycopg's connection arguments (:func:`connect_arguments`).
    """

    def __init__(self, room: RoomState, on_removed: Callable[[str], None] = lambda _: None, *,
                 connect: Mapping[str, Any]) -> None:
        super().__init__(room, on_removed)
        self.worker = secrets.token_hex(4)
        self.channel: str | None = None
        self._connect = dict(connect)
        self._numbers = itertools.count(1)
        self._outbox: list[str] = []
        self._mail = asyncio.Event()
        self._up = asyncio.Event()
        self._waiting: dict[int, tuple[dict[str, Any], asyncio.Future[Any]]] = {}
        self._done_here: dict[int, float] = {}  # applied here only (PostgreSQL slow or away)
        self._joining: _Joining | None = None
        self._looked_told = 0.0
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def shared(self) -> bool:
        return self._up.is_set()

    # -- life --------------------------------------------------------------------------------
    async def start(self, wait: float = 10.0) -> None:
        """Connect and join; changes made before the connection is up are applied here only."""
        self._tasks = [asyncio.create_task(self._run(), name="room-relay"),
                       asyncio.create_task(self._tick(), name="room-relay-tick")]
        try:
            await asyncio.wait_for(self._up.wait(), wait)
        except TimeoutError:
            log.warning("the room is not shared with the hub's other processes yet: PostgreSQL "
                        "does not answer; this process keeps its own room meanwhile")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._settle_here_all()

    async def _run(self) -> None:
        import psycopg
        from psycopg import sql

        delay = 0.5
        while True:
            try:
                async with (await psycopg.AsyncConnection.connect(autocommit=True, **self._connect)
                            as listener,
                            await psycopg.AsyncConnection.connect(autocommit=True, **self._connect)
                            as sender):
                    await sender.execute("SET synchronous_commit = off")
                    found = await (await listener.execute("SELECT current_schema()")).fetchone()
                    self.channel = channel_for(str(found[0] if found else "public"))
                    await listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    if delay > 0.5:
                        log.warning("the room is shared with the hub's other processes again")
                    delay = 0.5
                    self._up.set()
                    self._tell({"k": "h"})
                    await self._serve(listener, sender)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("the room is not shared with the hub's other processes while PostgreSQL "
                            "cannot be reached (%s); trying again in %.1f s", error, delay)
            finally:
                self._up.clear()
                self._outbox.clear()
                self._settle_here_all()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_S)

    async def _serve(self, listener: Any, sender: Any) -> None:
        """Read and send until one of them fails (its error is raised)."""
        tasks = {asyncio.create_task(self._read(listener)), asyncio.create_task(self._send(sender))}
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _read(self, listener: Any) -> None:
        while True:
            async for note in listener.notifies(timeout=QUIET_CHECK_S):
                self._take(note.payload)
            await listener.execute("SELECT 1")  # quiet for a while: is the link still there?

    async def _send(self, sender: Any) -> None:
        while True:
            await self._mail.wait()
            await asyncio.sleep(SEND_GATHER_S)  # what comes meanwhile goes in the same notification
            self._mail.clear()
            ops, self._outbox = self._outbox, []
            for payload in self._payloads(ops):
                await sender.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))

    def _payloads(self, ops: list[str]) -> list[str]:
        """``ops`` (encoded) packed into as few payloads as fit under the limit."""
        head = '{"w":"' + str(self.worker) + '","o":['
        room = MAX_PAYLOAD_BYTES - len(head) - 2
        payloads: list[str] = []
        chunk: list[str] = []
        size = 0
        for op in ops:
            length = len(op.encode()) + 1
            if length > room:  # cannot happen with the hub's own ops: their fields are bounded
                log.error("a room change of %d bytes is too large to share: applied here only", length)
                self._settle_here(json.loads(op)["i"])
                continue
            if size + length > room:
                payloads.append(head + ",".join(chunk) + "]}")
                chunk, size = [], 0
            chunk.append(op)
            size += length
        if chunk:
            payloads.append(head + ",".join(chunk) + "]}")
        return payloads

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(WATCH_EVERY_S)
            watchers = self.room.watchers
            if watchers:
                self._tell({"k": "v", "n": watchers})
            now = time.monotonic()
            if self._joining is not None and now - self._joining.since > JOIN_WINDOW_S:
                self._joining = None
            self._done_here = {n: at for n, at in self._done_here.items() if now - at < 60}

    # -- changes -----------------------------------------------------------------------------
    def _stamp(self, op: dict[str, Any]) -> dict[str, Any]:
        return op | {"i": next(self._numbers), "a": round(time.time(), 4)}

    def _tell(self, op: dict[str, Any]) -> dict[str, Any]:
        """Send ``op`` without waiting for it (nothing is sent while PostgreSQL is away)."""
        op = self._stamp(op)
        if self._up.is_set():
            self._outbox.append(json.dumps(op, ensure_ascii=False, separators=(",", ":")))
            self._mail.set()
        return op

    async def _in_order(self, op: dict[str, Any]) -> Any:
        """Send ``op``, and give what applying it here gave once it has come back."""
        if not self._up.is_set():
            return self._apply(str(self.worker), self._stamp(op))
        op = self._tell(op)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        # a request given up (its client gone) must not leave an unread error behind
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._waiting[op["i"]] = (op, future)
        try:
            return await asyncio.wait_for(asyncio.shield(future), ROUND_TRIP_TIMEOUT_S)
        except TimeoutError:
            if future.done():
                return future.result()
            log.warning("a room change did not come back through PostgreSQL within %.0f s: "
                        "applied in this process only", ROUND_TRIP_TIMEOUT_S)
            self._settle_here(op["i"])
            if not future.done():  # an error applying it: already logged
                raise RuntimeError("a room change could not be applied") from None
            return future.result()

    def _settle_here(self, number: int) -> None:
        """Apply the waiting op ``number`` here only, and answer its request."""
        waiting = self._waiting.pop(number, None)
        if waiting is None:
            return
        op, future = waiting
        self._done_here[number] = time.monotonic()
        try:
            result = self._apply(str(self.worker), op)
        except Exception as error:
            future.set_exception(error)
        else:
            future.set_result(result)

    def _settle_here_all(self) -> None:
        for number in sorted(self._waiting):
            self._settle_here(number)

    async def receive(self, terminal_id: str, label: str, status: TerminalStatus) -> dict[str, Any]:
        body = status.model_dump(mode="json", exclude_none=True)
        answer: dict[str, Any] = await self._in_order({"k": "s", "t": terminal_id, "l": label, "b": body})
        return answer

    async def acknowledge(self, terminal_id: str, helper: str) -> None:
        await self._in_order({"k": "a", "t": terminal_id, "h": helper})

    async def ask_wipe(self, terminal_id: str) -> None:
        await self._in_order({"k": "x", "t": terminal_id})

    async def clear_call(self, terminal_id: str) -> None:
        await self._in_order({"k": "c", "t": terminal_id})

    async def propose(self, terminal_id: str, proposal_id: str, kind: ProposalKind, ref: str,
                      by: str) -> None:
        await self._in_order({"k": "p", "t": terminal_id, "p": proposal_id, "d": kind, "e": ref, "h": by})

    async def remove(self, terminal_id: str) -> None:
        await self._in_order({"k": "r", "t": terminal_id})

    def looked(self) -> None:
        self.room.looked_at()
        if time.monotonic() - self._looked_told >= LOOKED_EVERY_S:
            self._looked_told = time.monotonic()
            self._tell({"k": "l"})

    def page_closed(self) -> None:
        self._looked_told = time.monotonic()
        self._tell({"k": "l"})
        self._tell({"k": "v", "n": self.room.watchers})

    # -- what comes back ---------------------------------------------------------------------
    def _take(self, payload: str) -> None:
        try:
            note = json.loads(payload)
            sender, ops = str(note["w"]), list(note["o"])
        except (ValueError, KeyError, TypeError):
            log.warning("a notification on the room's channel is not the hub's: ignored")
            return
        for op in ops:
            try:
                self._arrived(sender, op)
            except Exception:  # one bad op must not stop the room
                log.exception("a room change from process %s could not be applied", sender)

    def _arrived(self, sender: str, op: dict[str, Any]) -> None:
        number = int(op.get("i") or 0)
        waiting = None
        if sender == self.worker:
            if self._done_here.pop(number, None) is not None:
                return  # applied here already, when it was late
            waiting = self._waiting.pop(number, None)
        try:
            result = self._apply(sender, op)
        except Exception as error:
            if waiting is not None:
                waiting[1].set_exception(error)
            if not isinstance(error, REFUSALS):
                raise
            return
        if waiting is not None:
            waiting[1].set_result(result)

    def _when(self, wall: float) -> float:
        """The room-clock moment of a wall-clock time (a sender's clock ahead counts as now)."""
        return self.room.now() - max(0.0, time.time() - wall)

    def _apply(self, sender: str, op: Mapping[str, Any]) -> Any:
        kind, wall = op["k"], float(op["a"])
        at = self._when(wall)
        joining = self._joining
        if kind == "s":
            if joining is not None:
                joining.heard.add(op["t"])
            status = TerminalStatus.model_validate(op["b"])
            return self.room.receive(op["t"], op["l"], status, at=at, wall=datetime.fromtimestamp(wall, UTC),
                                     heard_by=sender)
        if kind in ("a", "x", "c", "r", "p") and joining is not None:
            joining.kept.add(op["t"])
        if kind == "a":
            return self.room.acknowledge(op["t"], op["h"])
        if kind == "x":
            return self.room.ask_wipe(op["t"], at=at)
        if kind == "c":
            return self.room.clear_call(op["t"], at=at)
        if kind == "p":
            return self.room.propose(op["t"], op["p"], op["d"], op["e"], op["h"], at=at)
        if kind == "r":
            self.room.remove(op["t"])
            self.on_removed(op["t"])
        elif kind == "l":
            self.room.looked_at(at)
        elif kind == "v" and sender != self.worker:
            self.room.watched_elsewhere(sender, at + WATCH_TTL_S if op["n"] else 0.0)
        elif kind == "h":
            self._joined(sender)
        elif kind == "n" and op["to"] == self.worker and joining is not None:
            if joining.source in (None, sender):
                joining.source = sender
                self.room.merge_calls(op["c"], at=at, keep=joining.kept, heard=joining.heard)
            if op.get("g") is not None:
                self.room.looked_at(at - float(op["g"]))
        return None

    def _joined(self, sender: str) -> None:
        """Process ``sender`` joined: this one, or another to tell the calls and wipes."""
        if sender == self.worker:
            self._joining = _Joining(time.monotonic())
            return
        looked = self.room.last_looked()
        gone = None if looked is None else round(self.room.now() - looked, 3)
        calls = self.room.calls()
        chunk: list[dict[str, Any]] = []
        size = 0
        for call in calls:  # a few per op: each notification stays under the limit
            length = len(json.dumps(call, ensure_ascii=False).encode())
            if chunk and size + length > MAX_PAYLOAD_BYTES // 2:
                self._tell({"k": "n", "to": sender, "c": chunk, "g": gone})
                chunk, size = [], 0
            chunk.append(call)
            size += length
        self._tell({"k": "n", "to": sender, "c": chunk, "g": gone})
