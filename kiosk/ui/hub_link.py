"""The kiosk's thin adapter to the hub: the help call, the room status, the outbox drain.

Owns :class:`HubPresence`, started by the app when this terminal has been enrolled
(``kiosk enrol CODE``). It reads what the screen shows (never the pseudonym, never
anything typed) once a second and at once on a call for help, hands it to
:class:`kiosk.sync.client.RoomLink`, and brings the hub's answers back to the main
thread through Clock: help is coming, the animator asked to wipe this terminal, or
proposes an exercise (:mod:`kiosk.ui.proposal`, whose state each status reports).
:class:`kiosk.sync.client.OutboxSender` drains the store's statements in the background.

Call states, shown on the "J'ai besoin d'aide" button (a pictogram and a few words,
:data:`CALL_LOOK`: speech may be off and rooms are noisy) and spoken (:data:`CALL_SAID`):
``none``; ``waiting`` (the call reached the hub and an animator watches the room);
``unseen`` (the hub has the call but nobody watches the room) and ``offline`` (the hub
cannot be reached): the learner is told to raise their hand; ``coming`` (the animator
pressed "J'arrive"). Right after the press the words wait for the hub's answer to the call
(a few milliseconds on the EPN's network), so that "someone is coming" is never said
when nobody will see the call.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from kiosk.sync.client import OutboxSender, RoomLink, SyncState

if TYPE_CHECKING:
    from kiosk.sync.client import HubCredentials

log = logging.getLogger(__name__)

#: After the animator saw the call, the button goes back to normal after this long.
COMING_FOR_S = 120.0
#: The words for a new call are said by then even if the hub's answer has not told which
#: (the room link gives up on the hub after 3 s and reports it offline).
ANNOUNCE_WITHIN_S = 4.0

#: What the call button shows in each call state: (the words' key, the pictogram).
CALL_LOOK: dict[str, tuple[str, str]] = {
    "none": ("call.help", "bell"),
    "waiting": ("call.waiting", "hourglass"),
    "coming": ("call.coming.button", "running"),
    "unseen": ("call.raise_hand.button", "raised-hand"),
    "offline": ("call.raise_hand.button", "raised-hand"),
}
#: What is said when a call enters a state (or the learner presses the button again).
CALL_SAID = {"waiting": "call.sent", "coming": "call.coming", "unseen": "call.offline",
             "offline": "call.offline"}
_RAISE_HAND = ("unseen", "offline")


class HubPresence:
    def __init__(self, app: Any, credentials: HubCredentials, database_url: str) -> None:
        self.app = app
        self.sync_state = SyncState(enrolled=True)
        self.offline = False
        self._coming_since: float | None = None
        self._announce: Any = None  # the words of a new call, until the hub's answer says which
        self.reason: str | None = None  # why the learner called, when the kiosk knows ("impression")
        self.sender = OutboxSender(database_url, credentials,
                                   on_state=lambda s: Clock.schedule_once(lambda _dt: self._set_sync(s)))
        self.room = RoomLink(credentials,
                             on_answer=lambda a: Clock.schedule_once(lambda _dt: self._answer(a)))
        self._tick = Clock.schedule_interval(lambda _dt: self.push(), 1.0)

    def start(self) -> HubPresence:
        self.sender.start()
        self.push()
        self.room.start()
        return self

    def stop(self) -> None:
        self._tick.cancel()
        self.room.stop()
        self.sender.stop()

    # -- what the room sees ------------------------------------------------------
    def status(self) -> dict[str, Any]:
        app = self.app
        in_use = app.logbook is not None and app.logbook.session_id is not None
        out: dict[str, Any] = {"in_use": in_use, "help": app.call_state != "none",
                               "language": app.language if in_use else None, "screen": app.sm.current}
        if app.content is not None:
            out["content_version"] = app.content.version
        if app.call_state != "none" and self.reason is not None:
            out["help_reason"] = self.reason
        out.update(app.proposals.report())  # where the animator's last proposal stands
        player = app.screen("player") if app.sm.has_screen("player") else None
        runner = getattr(player, "runner", None)
        if in_use and runner is not None and not runner.finished and app.sm.current == "player":
            step = runner.step
            out.update(scenario_id=runner.scenario.id, step_id=step.id if step else None,
                       step_index=runner.step_index, step_count=len(runner.scenario.steps),
                       step_seconds=int(runner.seconds_on_step()), errors=runner.errors,
                       hints=runner.hints)
        return out

    def push(self) -> None:
        if self.app.call_state == "coming" and self._coming_since is not None \
                and time.monotonic() - self._coming_since > COMING_FOR_S:
            self.app.call_state = "none"
        self.room.update(self.status())

    # -- the learner calls -------------------------------------------------------
    def call(self, reason: str | None = None) -> None:
        app = self.app
        if reason is not None:
            self.reason = reason
        if app.call_state != "none":  # pressed again: say where the call stands
            if self._announce is None:
                app.say_ui(CALL_SAID[app.call_state])
            if reason is not None:
                self.push()  # the room learns why
            return
        if app.logbook is not None:
            app.logbook.call_for_help(app.language)
        if self.offline:
            app.call_state = "offline"
            app.say_ui(CALL_SAID["offline"])
        else:
            app.call_state = "waiting"
            self._announce = Clock.schedule_once(lambda _dt: self._say_call(), ANNOUNCE_WITHIN_S)
        self.push()

    def cancel(self) -> None:
        """The session ended, or the animator is here (their PIN was typed): the call is over."""
        self.app.call_state = "none"
        self._coming_since = None
        self._stop_announce()
        self.reason = None
        self.push()

    def _say_call(self) -> None:
        self._stop_announce()
        if self.app.call_state in CALL_SAID:
            self.app.say_ui(CALL_SAID[self.app.call_state])

    def _stop_announce(self) -> None:
        if self._announce is not None:
            self._announce.cancel()
            self._announce = None

    def _show(self, state: str) -> None:
        """The call is now in ``state``; said aloud when the learner must hear something new."""
        app = self.app
        before = app.call_state
        if before == "none" or before == "coming":  # no call, or the animator is on the way
            return
        app.call_state = state
        if state == "coming":
            self._coming_since = time.monotonic()
        if self._announce is not None:
            self._say_call()  # the first answer to a new call: now we know what to promise
        elif state != before and state != "waiting" and not (before in _RAISE_HAND and state in _RAISE_HAND):
            app.say_ui(CALL_SAID[state])

    # -- the hub answers (main thread) ------------------------------------------
    def _answer(self, answer: dict[str, Any]) -> None:
        app = self.app
        if answer.get("offline"):
            self.offline = True
            self._show("offline")
            return
        self.offline = False
        help_state = answer.get("help")
        if help_state in ("waiting", "unseen", "coming"):
            self._show(help_state)
        if answer.get("wipe"):
            log.info("the animator wiped this terminal from the hub")
            app.end_session("animator")
        elif answer.get("proposal") is not None:
            from kiosk.ui.proposal import Offer

            offer = Offer.from_hub(answer["proposal"])
            if offer is not None:
                app.proposals.receive(offer)

    def _set_sync(self, state: SyncState) -> None:
        self.sync_state = state

    def describe(self) -> str:
        """One line for the animator screen, in French."""
        s = self.sync_state
        line = f"Hub : {s.waiting} en attente, {s.sent} envoyées"
        if s.refused:
            line += f", {s.refused} refusées"
        if self.offline:
            line += " — hub injoignable, les données attendent ici"
        if s.problem:
            line += f" — {s.problem}"
        return line
