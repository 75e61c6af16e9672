"""The live room in the hub's memory: what each terminal shows, its help call, a wipe to deliver.

Owns :class:`TerminalStatus` (the body of ``POST /api/terminals/status``, checked
strictly: no field the protocol does not name, every value typed and bounded — the
kiosk sends no pseudonym and nothing typed, and the hub keeps it that way) and
:class:`RoomState`, the live state of every enrolled terminal, and the tiles the room
page draws from it.

Nothing here is written to the database: a status is worth something for seconds only.
The routes in :mod:`kiosk.hub.room` write ``terminals.last_seen_at`` now and then from
:meth:`RoomState.seen_since`, and the moments of each help call — called, answered
("J'arrive"), ended — from :meth:`RoomState.take_help_changes` into the ``help_calls``
table (:mod:`kiosk.hub.help_calls`), which the coordinator's totals read.

Help call, per terminal: ``none`` → ``waiting`` (a status says ``help: true``) →
``coming`` (an animator pressed "J'arrive") → ``none`` (the kiosk says ``help: false``,
or an animator clears the call of a terminal gone offline).
The terminal is told ``unseen`` instead of ``waiting`` while nobody watches the room (no
room page or event stream open, no room request for ``unseen_after`` seconds): no one
would see the call, so the kiosk asks the learner to raise their hand. The tile still
says ``waiting``, for the animator who opens the room later.
A wipe asked by an animator is handed out in exactly one answer, then forgotten.
An exercise an animator proposes (:meth:`RoomState.propose`) rides on the answers until
the kiosk says it has it; its rules are :mod:`kiosk.hub.room_proposals`.

Each tile has a ``state``: ``offline``, ``stuck`` ("peut-être bloqué", by the
:class:`StuckRule` of the hub settings), ``busy`` or ``free``; tiles come sorted so that
the eye lands first on who needs someone: calls, then stuck, busy, free, offline.

Thread safety: one lock guards the state; the routes run on the event loop, tests and the
benchmark may call from other threads. Watchers (the room pages' event streams) are
woken through their own event loop, from whichever thread changed the room.

Several hub processes: each keeps a :class:`RoomState` of its own, and
:mod:`kiosk.hub.room_relay` applies every change to all of them in one order. For that
the changing methods take the moment of the change (``at``, on this room's clock) rather
than reading the clock, :meth:`receive` notes which process heard the status
(``heard_by``: that one writes ``last_seen_at``), room pages open in other processes
count as watching (:meth:`watched_elsewhere`), and :meth:`calls` / :meth:`merge_calls`
hand the calls and wipes to a process that has just joined.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import uuid
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.hub import room_proposals
from kiosk.hub.room_proposals import KioskAnswer, Proposal, ProposalKind

#: A terminal whose last status is older than this is shown offline (HUB_PROTOCOL.md).
OFFLINE_AFTER_S = 6.0
#: A wipe the terminal did not pick up within this time is dropped: by then the learner it
#: was meant for has left, and it must not end the next person's session.
WIPE_EXPIRES_S = 300.0
#: How long a tile says "effacé" after the terminal took the wipe.
WIPED_SHOWN_S = 20.0
#: A status body larger than this is refused (413): the real one is about 250 bytes.
MAX_STATUS_BYTES = 4096

HELP_STATES = ("none", "waiting", "coming")
#: The moments of a help call the hub keeps (:class:`HelpCallChange`).
HelpMoment = Literal["called", "answered", "ended"]
#: What a terminal's call is answered while nobody watches the room.
UNSEEN = "unseen"
#: Default of ``unseen_after`` (the hub's setting ``help_unseen_after``).
UNSEEN_AFTER_S = 60.0

#: Languages of the learners, named in French in the tiles (the room page names them in its own
#: language: :func:`kiosk.hub.language.language_names`).
LANGUAGE_NAMES: Mapping[str, str] = {
    "fr": "français", "nl": "néerlandais", "en": "anglais", "ar": "arabe", "tr": "turc",
    "uk": "ukrainien", "de": "allemand", "es": "espagnol", "it": "italien", "pt": "portugais",
    "pl": "polonais", "ro": "roumain", "ru": "russe", "fa": "persan", "ps": "pachto",
    "so": "somali", "ti": "tigrigna", "am": "amharique", "ln": "lingala", "sw": "swahili",
    "zh": "chinois", "ku": "kurde", "sq": "albanais", "bg": "bulgare", "ber": "berbère",
}

_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class StatusInvalid(ValueError):
    """A status body the hub refuses; ``status_code`` is 400 (not JSON) or 422, ``reasons``
    say what is wrong in plain words."""

    def __init__(self, status_code: int, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.status_code = status_code
        self.reasons = reasons


class TerminalStatus(BaseModel):
    """What a terminal shows, as it tells the hub (HUB_PROTOCOL.md, "Terminal status").

    ``screen`` is the name of the kiosk screen (``welcome``, ``player``…): the real
    kiosk sends it; the hub accepts it and does not keep it.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    in_use: bool
    seq: int = Field(ge=0, le=2**63 - 1)
    help: bool = False
    # why the learner called, when the kiosk knows: a fixed word, never anything typed
    help_reason: Literal["impression"] | None = None
    language: str | None = Field(default=None, max_length=16, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    scenario_id: str | None = Field(default=None, max_length=100, pattern=_ID)
    step_id: str | None = Field(default=None, max_length=100, pattern=_ID)
    step_index: int | None = Field(default=None, ge=0, le=10_000)
    step_count: int | None = Field(default=None, ge=1, le=10_000)
    step_seconds: int | None = Field(default=None, ge=0, le=10_000_000)
    errors: Count | None = None
    hints: Count | None = None
    screen: str | None = Field(default=None, max_length=40, pattern=r"^[a-z0-9_]+$")
    #: The content bundle the terminal uses (0: its shipped scenarios only).
    content_version: int | None = Field(default=None, ge=0, le=2**31 - 1)
    #: The last proposal the terminal took, and where it stands (:mod:`kiosk.hub.room_proposals`).
    proposal_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    proposal_state: KioskAnswer | None = None

    @model_validator(mode="after")
    def _step_within_scenario(self) -> TerminalStatus:
        if self.step_index is not None and self.step_count is not None and self.step_index >= self.step_count:
            raise ValueError("step_index must be below step_count")
        return self

    @classmethod
    def parse(cls, body: bytes) -> TerminalStatus:
        """The status in ``body`` (JSON); :class:`StatusInvalid` with the reasons otherwise."""
        if len(body) > MAX_STATUS_BYTES:
            raise StatusInvalid(413, [f"the status is larger than {MAX_STATUS_BYTES} bytes"])
        try:
            return cls.model_validate_json(body)
        except ValidationError as error:
            problems = error.errors(include_url=False, include_input=False)
            if any(p["type"] == "json_invalid" for p in problems):
                raise StatusInvalid(400, ["the body is not valid JSON"]) from None
            reasons = [f"{'.'.join(str(x) for x in p['loc']) or 'body'}: {p['msg']}" for p in problems]
            raise StatusInvalid(422, reasons) from None


@dataclass(frozen=True)
class StuckRule:
    """When a learner in an exercise is shown "peut-être bloqué" (thresholds of the hub settings).

    Long on one step (``step_seconds``), or many errors + hints in the exercise
    (``mistakes``) while on the step for ``mistakes_seconds`` at least: errors count over
    the whole exercise, so someone who stumbled early and moves on again is not stuck.
    """

    step_seconds: int = 300
    mistakes: int = 4
    mistakes_seconds: int = 60

    def applies(self, status: TerminalStatus) -> bool:
        seconds = status.step_seconds
        if not status.in_use or seconds is None:
            return False
        mistakes = (status.errors or 0) + (status.hints or 0)
        if seconds >= self.step_seconds:
            return True
        return mistakes >= self.mistakes and seconds >= self.mistakes_seconds


#: Tiles are sorted by this rank: live calls, stale calls (offline), stuck, busy, free, offline.
_RANK = {"waiting": 0, "coming": 1, "stale": 2, "stuck": 3, "busy": 4, "free": 5, "offline": 6}


@dataclass(frozen=True)
class HelpCallChange:
    """A moment of one help call, for the hub's log: ``called`` (the call came),
    ``answered`` (the first "J'arrive") or ``ended`` (the kiosk closed it, an animator
    cleared it, the terminal was removed). ``at`` is UTC wall time."""

    call_id: str
    terminal_id: str
    moment: HelpMoment
    at: datetime


@dataclass
class _Live:
    """One terminal as the room knows it (mutable; guarded by the room's lock)."""

    terminal_id: str
    label: str
    status: TerminalStatus | None = None
    received_at: float | None = None  # monotonic
    received_wall: datetime | None = None
    help: str = "none"
    help_since: float | None = None
    helper: str | None = None
    help_call_id: str | None = None  # the open call's id in the help call log
    wipe_asked_at: float | None = None
    wiped_at: float | None = None
    heard_by: str | None = None  # the process its last status came through (None: this one)
    proposal: Proposal | None = None  # the animator's last proposal to it


class UnknownTerminal(KeyError):
    """No enrolled terminal has this id."""


class NoHelpCall(ValueError):
    """The terminal is not (or no longer) calling for help."""


class TerminalOnline(ValueError):
    """The terminal is online: its call is closed from the terminal, not cleared from the hub."""


def _rank(tile: Mapping[str, Any]) -> int:
    if tile["help"] != "none":
        return _RANK[tile["help"] if tile["online"] else "stale"]
    return _RANK[tile["state"]]


def _natural_key(label: str) -> tuple[Any, ...]:
    # "Terminal 2" before "Terminal 10", as people count
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", label))


class RoomState:
    """Every enrolled terminal's live status and help call, and who watches the room.

    ``titles`` maps a scenario id to its French title; ``stuck`` says when a learner is
    shown "peut-être bloqué". ``clock`` is monotonic seconds (injectable so that tests
    can move time). A call is answered ``unseen`` when no watcher is open and
    :meth:`looked_at` was last called more than ``unseen_after`` seconds ago (or never).
    """

    def __init__(self, titles: Mapping[str, str] | None = None,
                 clock: Callable[[], float] = time.monotonic, unseen_after: float = UNSEEN_AFTER_S,
                 stuck: StuckRule | None = None,
                 wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.titles: Mapping[str, str] = dict(titles or {})
        self.stuck = stuck or StuckRule()
        self._clock = clock
        self._wall_clock = wall_clock
        self._help_changes: list[HelpCallChange] = []  # not yet written to the log
        self._lock = threading.Lock()
        self._terminals: dict[str, _Live] = {}
        self._removed: set[str] = set()  # revoked here: a status still on its way is refused
        self._watchers: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self.unseen_after = unseen_after
        self._looked_at: float | None = None  # an animator's last room request (monotonic)
        self._watched_until: dict[str, float] = {}  # another process → its pages count until then

    def now(self) -> float:
        """This room's clock (monotonic seconds, or the test's)."""
        return self._clock()

    # -- who is enrolled -----------------------------------------------------------------
    def set_roster(self, terminals: Iterable[tuple[str, str]]) -> None:
        """The enrolled terminals (id, label), from the database: new ones get a tile."""
        changed = False
        with self._lock:
            seen = set()
            for terminal_id, label in terminals:
                seen.add(terminal_id)
                live = self._terminals.get(terminal_id)
                if live is None:
                    self._terminals[terminal_id] = _Live(terminal_id, label)
                    changed = True
                elif live.label != label:
                    live.label = label
                    changed = True
            for gone in set(self._terminals) - seen:  # no longer enrolled
                self._call_ends(self._terminals.pop(gone))
                changed = True
        if changed:
            self._notify()

    def enrolled(self, terminal_id: str) -> bool:
        with self._lock:
            return terminal_id in self._terminals

    # -- a terminal speaks -----------------------------------------------------------------
    def receive(self, terminal_id: str, label: str, status: TerminalStatus, *, at: float | None = None,
                wall: datetime | None = None, heard_by: str | None = None) -> dict[str, Any]:
        """Take a terminal's status; the answer for it: ``{"help": …, "wipe": bool}``.

        ``at`` / ``wall``: when it came (this room's clock / UTC; default now); ``heard_by``:
        the process that took it, when another one shares the room.

        A status whose ``seq`` is not above the last one kept is late (it was overtaken
        on the network): it changes nothing and takes no wipe, since the kiosk has
        stopped waiting for its answer. After the terminal was silent long enough to be
        offline, any ``seq`` counts again (the kiosk restarted with another clock).
        """
        now = self._clock() if at is None else at
        with self._lock:
            if terminal_id in self._removed:
                raise UnknownTerminal(terminal_id)
            live = self._terminals.get(terminal_id)
            if live is None:
                live = self._terminals[terminal_id] = _Live(terminal_id, label)
            last = live.status
            fresh = (last is None or status.seq > last.seq
                     or (live.received_at is not None and now - live.received_at > OFFLINE_AFTER_S))
            if not fresh:
                return {"help": self._help_answer(live, now), "wipe": False}
            if live.received_at is not None and now - live.received_at > OFFLINE_AFTER_S:
                room_proposals.settle(live.proposal, online=False, now=now)  # back from silence
            live.status = status
            live.received_at = now
            live.received_wall = wall or datetime.now(UTC)
            live.heard_by = heard_by
            if not status.help:
                self._call_ends(live)
                live.help, live.help_since, live.helper = "none", None, None
            elif live.help == "none":
                live.help, live.help_since = "waiting", now
                self._call_starts(live)
            wipe = live.wipe_asked_at is not None and now - live.wipe_asked_at <= WIPE_EXPIRES_S
            if live.wipe_asked_at is not None:
                live.wipe_asked_at = None
                live.wiped_at = now if wipe else None
            room_proposals.heard(live.proposal, status.proposal_id, status.proposal_state, now)
            room_proposals.settle(live.proposal, online=True, now=now)
            answer = {"help": self._help_answer(live, now), "wipe": wipe}
            offer = None if wipe else room_proposals.delivery(live.proposal)
            if offer is not None:
                answer["proposal"] = offer
        self._notify()
        return answer

    def _help_answer(self, live: _Live, now: float) -> str:
        if live.help == "waiting" and not self._watched(now):
            return UNSEEN
        return live.help

    # -- the animator acts -----------------------------------------------------------------
    def acknowledge(self, terminal_id: str, helper: str) -> None:
        """An animator is on their way to this terminal's call."""
        with self._lock:
            live = self._get(terminal_id)
            if live.help == "none":
                raise NoHelpCall(terminal_id)
            if live.help == "waiting" and live.help_call_id is not None:
                self._help_changes.append(
                    HelpCallChange(live.help_call_id, terminal_id, "answered", self._wall_clock()))
            live.help, live.helper = "coming", helper
        self._notify()

    def ask_wipe(self, terminal_id: str, *, at: float | None = None) -> None:
        """The terminal is told to end its session in its next answer (a proposal it had
        not answered is dropped: it was meant for the learner who leaves)."""
        with self._lock:
            live = self._get(terminal_id)
            live.wipe_asked_at = self._clock() if at is None else at
            live.wiped_at = None
            if live.proposal is not None:
                live.proposal.end("dropped", live.wipe_asked_at, "wiped")
        self._notify()

    def propose(self, terminal_id: str, proposal_id: str, kind: ProposalKind, ref: str, by: str, *,
                at: float | None = None) -> None:
        """An animator proposes exercise (or path) ``ref`` to the terminal; it replaces any
        earlier one. To a terminal offline it is dropped at once (the tile says so)."""
        now = self._clock() if at is None else at
        with self._lock:
            live = self._get(terminal_id)
            if live.proposal is not None:
                live.proposal.end("dropped", now, "replaced")
            live.proposal = Proposal(proposal_id, kind, ref, by, asked_at=now, changed_at=now)
            room_proposals.settle(live.proposal, online=self._online(live, now), now=now)
        self._notify()

    def clear_call(self, terminal_id: str, *, at: float | None = None) -> None:
        """Forget the help call of a terminal gone offline (its kiosk can no longer close it).

        Should that kiosk come back still calling, its next status raises the call again.
        """
        with self._lock:
            live = self._get(terminal_id)
            if live.help == "none":
                raise NoHelpCall(terminal_id)
            if self._online(live, self._clock() if at is None else at):
                raise TerminalOnline(terminal_id)
            self._call_ends(live)
            live.help, live.help_since, live.helper = "none", None, None
        self._notify()

    def remove(self, terminal_id: str) -> None:
        """The terminal was revoked: its tile goes, and a status still on its way is refused."""
        with self._lock:
            live = self._terminals.pop(terminal_id, None)
            if live is not None:
                self._call_ends(live)
            self._removed.add(terminal_id)
        self._notify()

    # -- the help call log ------------------------------------------------------------------
    def take_help_changes(self) -> list[HelpCallChange]:
        """The help call moments since the last take, oldest first (for the database)."""
        with self._lock:
            changes, self._help_changes = self._help_changes, []
        return changes

    def give_back_help_changes(self, changes: list[HelpCallChange]) -> None:
        """Moments that could not be written: they go first in the next take."""
        with self._lock:
            self._help_changes[:0] = changes

    def _call_starts(self, live: _Live) -> None:  # under the lock
        # the same id in every process sharing the room (the status's wall time travels with
        # it through the relay), so the log keeps each call once whoever writes it
        heard = (live.received_wall or datetime.now(UTC)).isoformat()
        live.help_call_id = uuid.uuid5(uuid.NAMESPACE_URL, f"help-call:{live.terminal_id}:{heard}").hex
        self._help_changes.append(HelpCallChange(live.help_call_id, live.terminal_id, "called",
                                                 self._wall_clock()))

    def _call_ends(self, live: _Live) -> None:  # under the lock
        if live.help_call_id is not None:
            self._help_changes.append(HelpCallChange(live.help_call_id, live.terminal_id, "ended",
                                                     self._wall_clock()))
            live.help_call_id = None

    @staticmethod
    def _online(live: _Live, now: float) -> bool:
        return live.received_at is not None and now - live.received_at <= OFFLINE_AFTER_S

    def _get(self, terminal_id: str) -> _Live:
        live = self._terminals.get(terminal_id)
        if live is None:
            raise UnknownTerminal(terminal_id)
        return live

    # -- what the room page shows ----------------------------------------------------------
    def tiles(self) -> list[dict[str, Any]]:
        """One tile per enrolled terminal (JSON-ready, no learner data), who needs someone first:
        calls, then stuck, busy, free, offline; in label order within each."""
        now = self._clock()
        with self._lock:
            tiles = [self._tile(live, now) for live in self._terminals.values()]
        return sorted(tiles, key=lambda t: (_rank(t), _natural_key(t["label"]), t["id"]))

    def tile(self, terminal_id: str) -> dict[str, Any]:
        with self._lock:
            return self._tile(self._get(terminal_id), self._clock())

    def _tile(self, live: _Live, now: float) -> dict[str, Any]:
        s = live.status
        seen = None if live.received_at is None else now - live.received_at
        online = self._online(live, now)
        in_use = bool(s and s.in_use)
        state = ("offline" if not online else "free" if not in_use
                 else "stuck" if s is not None and self.stuck.applies(s) else "busy")
        language = s.language if s and in_use else None
        scenario_id = s.scenario_id if s and in_use else None
        room_proposals.settle(live.proposal, online=online, now=now)
        wipe = None
        if live.wipe_asked_at is not None and now - live.wipe_asked_at <= WIPE_EXPIRES_S:
            wipe = "asked"
        elif live.wiped_at is not None and now - live.wiped_at <= WIPED_SHOWN_S:
            wipe = "done"
        return {
            "id": live.terminal_id,
            "label": live.label,
            "state": state,
            "online": online,
            "seen_seconds": None if seen is None else int(seen),
            "in_use": in_use,
            "language": language,
            "language_name": LANGUAGE_NAMES.get(language, language) if language else None,
            "scenario_id": scenario_id,
            "scenario_title": self.titles.get(scenario_id, scenario_id) if scenario_id else None,
            "step_number": s.step_index + 1 if s and in_use and s.step_index is not None else None,
            "step_count": s.step_count if s and in_use else None,
            "step_seconds": s.step_seconds if s and in_use else None,
            "errors": s.errors if s and in_use else None,
            "hints": s.hints if s and in_use else None,
            "help": live.help,
            "help_seconds": None if live.help_since is None else int(now - live.help_since),
            "help_reason": s.help_reason if s and live.help != "none" else None,
            "helper": live.helper,
            "wipe": wipe,
            "content_version": s.content_version if s else None,
            "proposal": room_proposals.tile(live.proposal, self.titles, now),
        }

    def seen_since(self, since: datetime | None, heard_by: str | None = None) -> dict[str, datetime]:
        """Terminal id → when its last status came, for those heard after ``since`` (through
        the process ``heard_by`` only, when given)."""
        with self._lock:
            return {t.terminal_id: t.received_wall for t in self._terminals.values()
                    if t.received_wall is not None and (since is None or t.received_wall > since)
                    and (heard_by is None or t.heard_by == heard_by)}

    # -- a process joining a shared room ---------------------------------------------------
    def calls(self) -> list[dict[str, Any]]:
        """The calls and wipes of this room, with their ages in seconds (JSON-ready): what a
        process that has just joined cannot learn from the terminals' next statuses."""
        now = self._clock()

        def age(moment: float | None) -> float | None:
            return None if moment is None else round(now - moment, 3)

        with self._lock:
            return [{"id": t.terminal_id, "label": t.label, "help": t.help, "help_age": age(t.help_since),
                     "helper": t.helper, "wipe_age": age(t.wipe_asked_at), "wiped_age": age(t.wiped_at),
                     "proposal": None if t.proposal is None else room_proposals.as_call(t.proposal, now)}
                    for t in self._terminals.values()
                    if t.help != "none" or t.wipe_asked_at is not None or t.wiped_at is not None
                    or t.proposal is not None]

    def merge_calls(self, calls: Iterable[Mapping[str, Any]], *, at: float, keep: Container[str] = (),
                    heard: Container[str] = ()) -> None:
        """Take the :meth:`calls` another process had at ``at`` (this room's clock).

        Terminals in ``keep`` (changed here by an animator since) keep what this room says;
        for those in ``heard`` (a status came here since, which may have taken a wipe) only
        the call is taken; a call whose terminal has since said ``help: false`` stays closed.
        """
        def moment(age: Any) -> float | None:
            return None if age is None else at - float(age)

        with self._lock:
            for call in calls:
                terminal_id = str(call["id"])
                if terminal_id in keep or terminal_id in self._removed or call["help"] not in HELP_STATES:
                    continue
                live = self._terminals.get(terminal_id)
                if live is None:
                    live = self._terminals[terminal_id] = _Live(terminal_id, str(call["label"]))
                if live.status is None or live.status.help:
                    live.help, live.help_since = call["help"], moment(call["help_age"])
                    live.helper = call["helper"]
                if terminal_id not in heard:
                    live.wipe_asked_at, live.wiped_at = moment(call["wipe_age"]), moment(call["wiped_age"])
                if call.get("proposal") and (live.proposal is None or terminal_id not in heard):
                    live.proposal = room_proposals.from_call(call["proposal"], at)
        self._notify()

    # -- watchers ----------------------------------------------------------------------------
    def watch(self) -> asyncio.Event:
        """An event set whenever the room changes (call on the watcher's event loop)."""
        event = asyncio.Event()
        with self._lock:
            self._watchers.add((asyncio.get_running_loop(), event))
        return event

    def unwatch(self, event: asyncio.Event) -> None:
        with self._lock:
            self._watchers = {w for w in self._watchers if w[1] is not event}
            self._looked_at = self._clock()  # the page was open until now

    def looked_at(self, at: float | None = None) -> None:
        """An animator asked something of the room (a page, an answer): calls are seen.

        ``at``: when (this room's clock; default now); an earlier moment changes nothing.
        """
        at = self._clock() if at is None else at
        with self._lock:
            if self._looked_at is None or at > self._looked_at:
                self._looked_at = at

    def last_looked(self) -> float | None:
        """When an animator last asked something of the room (this room's clock), if ever."""
        with self._lock:
            return self._looked_at

    def watched_elsewhere(self, process: str, until: float) -> None:
        """Room pages open in another ``process`` count as watching until ``until`` (this
        room's clock; 0: none open there any more)."""
        with self._lock:
            if until > self._clock():
                self._watched_until[process] = until
            else:
                self._watched_until.pop(process, None)

    def _watched(self, now: float) -> bool:  # under the lock
        return (bool(self._watchers) or any(until >= now for until in self._watched_until.values())
                or (self._looked_at is not None and now - self._looked_at <= self.unseen_after))

    @property
    def watchers(self) -> int:
        with self._lock:
            return len(self._watchers)

    def _notify(self) -> None:
        with self._lock:
            watchers = list(self._watchers)
        for loop, event in watchers:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that page's loop has closed
                self.unwatch(event)
