"""The learner's session as the store sees it: pseudonym, session, attempts, events.

Every write goes through the :class:`StoreWriter` worker, never on the UI thread. Ids
are made here on the kiosk, so a write can be retried without duplicates. Each write
also queues the xAPI statements that tell of it (:mod:`kiosk.sync.xapi`) in the same
transaction, for the hub; the statements are built on the worker, which alone keeps
the session's learner and attempt context, and numbers each session's statements in the
order they are made (``seq``: two moments in one millisecond keep their order on the hub).
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kiosk.engine.model import Scenario
from kiosk.engine.runner import Event
from kiosk.store.writer import StoreWriter
from kiosk.sync import xapi

if TYPE_CHECKING:
    from kiosk.store.repository import Store

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class Logbook:
    def __init__(self, writer: StoreWriter, terminal_label: str, epn_id: str = "") -> None:
        self.writer = writer
        self.epn_id = epn_id  # where pseudonyms drawn here come from
        # Touched on the worker thread only: what this session's statements share.
        self._learners: dict[str, xapi.Learner] = {}
        self._attempts: dict[str, xapi.Attempt] = {}
        self._languages: dict[str, str] = {}
        self._counters: dict[str, itertools.count[int]] = {}
        self.terminal_id: str | None = None
        self.session_id: str | None = None
        self.attempt_id: str | None = None
        self.pseudonym: str | None = None
        self.learner_id: str | None = None  # set once the session is stored
        writer.submit(lambda s: s.ensure_terminal(terminal_label), on_done=self._set_terminal)

    def _seq(self, session_id: str) -> int:
        """The next statement number of the session (on the worker, in the order written)."""
        return next(self._counters.setdefault(session_id, itertools.count()))

    def _set_terminal(self, terminal_id: str) -> None:
        self.terminal_id = terminal_id

    def start_session(self, language: str, learner_id: str | None = None) -> str:
        """A new session: of a new learner (a fresh pseudonym), or of ``learner_id`` when
        the learner came back with their code (resume). An unknown id gets a new learner."""
        session_id = uuid.uuid4().hex
        started = _now()

        def job(store: Store) -> tuple[str, str]:
            known = store.learner(learner_id) if learner_id is not None else None
            if known is not None:
                learner, pseudonym = known.id, known.pseudonym
            else:
                if learner_id is not None:
                    log.warning("learner %s is not in the store: a new learner starts", learner_id)
                learner, pseudonym = store.new_learner()
            terminal = self.terminal_id or store.ensure_terminal("kiosk")
            origin = known.origin if known is not None else ""
            who = xapi.Learner(origin_epn=origin or self.epn_id, pseudonym=pseudonym)
            self._learners[session_id] = who
            self._languages[session_id] = language
            store.start_session(session_id=session_id, terminal_id=terminal,
                                learner_id=learner, language=language, started_at=started,
                                outbox=[xapi.build_session("initialized", learner=who,
                                                           session_id=session_id, terminal_id=terminal,
                                                           language=language, at=started,
                                                           seq=self._seq(session_id))])
            return learner, pseudonym

        self.session_id = session_id
        self.learner_id = learner_id
        self.writer.submit(job, on_done=lambda found: self._set_learner(session_id, *found))
        return session_id

    def _set_learner(self, session_id: str, learner_id: str, pseudonym: str) -> None:
        if self.session_id == session_id:  # not a session that has ended meanwhile
            self.learner_id, self.pseudonym = learner_id, pseudonym

    def end_session(self, reason: str) -> None:
        session_id, self.session_id, self.attempt_id, self.pseudonym, self.learner_id = (
            self.session_id, None, None, None, None)
        if session_id is None:
            return
        ended = _now()

        def job(store: Store) -> None:
            who = self._learners.pop(session_id, None) or self._learner_in(store, session_id)
            for attempt_id in [a for a, c in self._attempts.items() if c.session_id == session_id]:
                del self._attempts[attempt_id]
            outbox = [] if who is None else [xapi.build_session(
                "terminated", learner=who, session_id=session_id,
                terminal_id=self.terminal_id or "", language=self._languages.pop(session_id, "fr"),
                at=ended, seq=self._seq(session_id))]
            self._counters.pop(session_id, None)
            store.end_session(session_id, reason=reason, ended_at=ended, outbox=outbox)

        self.writer.submit(job)

    def _learner_in(self, store: Store, session_id: str) -> xapi.Learner | None:
        ref = store.learner_of_session(session_id)
        if ref is None:
            return None
        return xapi.Learner(origin_epn=ref.origin or self.epn_id, pseudonym=ref.pseudonym)

    def call_for_help(self, language: str) -> None:
        """"J'ai besoin d'aide": queue an ``asked`` statement (the live call goes to the
        room link; this one stays in the learner's log)."""
        session_id = self.session_id
        if session_id is None:
            return
        call_id, at = uuid.uuid4().hex, _now()

        def job(store: Store) -> None:
            who = self._learners.get(session_id) or self._learner_in(store, session_id)
            if who is not None:
                store.queue_statements([xapi.build_help_call(
                    call_id=call_id, learner=who, session_id=session_id,
                    terminal_id=self.terminal_id or "", language=language, at=at,
                    seq=self._seq(session_id))])

        self.writer.submit(job)

    def record_placement(self, levels: dict[str, int], round: str, language: str) -> str:
        """A placement ended: keep its profile and queue its ``scored`` statement
        (pseudonym and levels only), in one transaction on the worker."""
        placement_id, at = uuid.uuid4().hex, _now()
        session_id = self.session_id
        if session_id is None:
            return placement_id

        def job(store: Store) -> None:
            ref = store.learner_of_session(session_id)
            if ref is None:
                raise LookupError(f"session {session_id} has no learner")
            who = self._learners.get(session_id) or xapi.Learner(
                origin_epn=ref.origin or self.epn_id, pseudonym=ref.pseudonym)
            statement = xapi.build_placement(
                placement_id=placement_id, learner=who, levels=levels, round=round, at=at,
                session_id=session_id, terminal_id=self.terminal_id or "", language=language,
                seq=self._seq(session_id))
            store.save_placement(ref.id, placement_id, levels, taken_at=at, outbox=[statement])

        self.writer.submit(job)
        return placement_id

    def start_attempt(self, scenario: Scenario, language: str, device: str) -> str:
        attempt_id = uuid.uuid4().hex
        session_id = self.session_id
        started = _now()
        self.attempt_id = attempt_id
        if session_id is not None:
            def job(store: Store) -> None:
                context = xapi.Attempt(
                    attempt_id=attempt_id, session_id=session_id, terminal_id=self.terminal_id or "",
                    scenario_id=scenario.id, title_fr=scenario.title.get("fr"), language=language,
                    digcomp=tuple(scenario.digcomp), step_ids=tuple(s.id for s in scenario.steps),
                    started_at=started)
                who = self._learners.get(session_id) or self._learner_in(store, session_id)
                outbox = []
                if who is not None:
                    self._attempts[attempt_id] = context
                    outbox.append(xapi.build_attempted(context, who, seq=self._seq(session_id)))
                store.record_attempt(
                    attempt_id=attempt_id, session_id=session_id, scenario_id=scenario.id,
                    scenario_version=scenario.version, language=language, device=device,
                    started_at=started, outbox=outbox)

            self.writer.submit(job)
        return attempt_id

    def record(self, events: list[Event]) -> None:
        attempt_id = self.attempt_id
        if not events or attempt_id is None or self.session_id is None:
            return

        def job(store: Store) -> None:
            from kiosk.store.repository import EventRow  # on the worker, with SQLAlchemy

            context = self._attempts.get(attempt_id)
            who = self._learners.get(context.session_id) if context is not None else None
            outbox = [] if context is None or who is None else [
                xapi.build_event(context, who, event_id=e.id, kind=e.kind, step_id=e.step_id,
                                 t_offset_ms=e.t_offset_ms, hint_level=e.hint_level, stars=e.stars,
                                 seq=self._seq(context.session_id))
                for e in events if e.step_id is not None or e.kind in ("finished", "abandoned")]
            store.record_events([EventRow(id=e.id, attempt_id=attempt_id, step_id=e.step_id,
                                          kind=e.kind, t_offset_ms=e.t_offset_ms,
                                          hint_level=e.hint_level, stars=e.stars)
                                 for e in events], outbox=outbox)

        self.writer.submit(job)

    def query(self, fn: Callable[[Store], object], on_done: Callable[[object], None]) -> None:
        self.writer.submit(fn, on_done=on_done)
