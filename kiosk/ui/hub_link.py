"""The kiosk's thin adapter to the hub: the help call, the room status, the outbox drain.

Owns :class:`HubPresence`, started by the app when this terminal has been enrolled
(``kiosk enrol CODE``). It reads what the screen shows (never the pseudonym, never
anything typed) once a second and at once on a call for help, hands it to
:class:`kiosk.sync.client.RoomLink`, and brings the hub's answers back to the main
thread through Clock: help is coming, or the animator asked to wipe this terminal.
:class:`kiosk.sync.client.OutboxSender` drains the store's statements in the background.

Call states, shown on the "J'ai besoin d'aide" button and spoken: ``none``;
``waiting`` (the call reached the hub or is on its way); ``offline`` (the hub cannot be
reached: the learner is told to raise their hand); ``coming`` (the animator saw it).
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


class HubPresence:
    def __init__(self, app: Any, credentials: HubCredentials, database_url: str) -> None:
        self.app = app
        self.sync_state = SyncState(enrolled=True)
        self.offline = False
        self._coming_since: float | None = None
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
        if app.call_state != "none" and self.reason is not None:
            out["help_reason"] = self.reason
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
        if app.call_state == "coming":
            app.say_ui("call.coming")
            return
        if app.call_state == "none" and app.logbook is not None:
            app.logbook.call_for_help(app.language)
        app.call_state = "offline" if self.offline else "waiting"
        app.say_ui("call.offline" if self.offline else "call.sent")
        self.push()

    def cancel(self) -> None:
        """The session ended, or the animator is here (their PIN was typed): the call is over."""
        self.app.call_state = "none"
        self._coming_since = None
        self.reason = None
        self.push()

    # -- the hub answers (main thread) ------------------------------------------
    def _answer(self, answer: dict[str, Any]) -> None:
        app = self.app
        if answer.get("offline"):
            if not self.offline and app.call_state == "waiting":
                app.call_state = "offline"
                app.say_ui("call.offline")
            self.offline = True
            return
        self.offline = False
        help_state = answer.get("help")
        if help_state == "coming" and app.call_state in ("waiting", "offline"):
            app.call_state = "coming"
            self._coming_since = time.monotonic()
            app.say_ui("call.coming")
        elif help_state == "waiting" and app.call_state == "offline":
            app.call_state = "waiting"
        if answer.get("wipe"):
            log.info("the animator wiped this terminal from the hub")
            app.end_session("animator")

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
