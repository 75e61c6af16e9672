"""The learner's session as the store sees it: pseudonym, session, attempts, events.

Every write goes through the :class:`StoreWriter` worker, never on the UI thread. Ids
are made here on the kiosk, so a write can be retried without duplicates.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kiosk.engine.model import Scenario
from kiosk.engine.runner import Event
from kiosk.store.writer import StoreWriter

if TYPE_CHECKING:
    from kiosk.store.repository import Store

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class Logbook:
    def __init__(self, writer: StoreWriter, terminal_label: str) -> None:
        self.writer = writer
        self.terminal_id: str | None = None
        self.session_id: str | None = None
        self.attempt_id: str | None = None
        self.pseudonym: str | None = None
        self.learner_id: str | None = None  # set once the session is stored
        writer.submit(lambda s: s.ensure_terminal(terminal_label), on_done=self._set_terminal)

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
            store.start_session(session_id=session_id, terminal_id=terminal,
                                learner_id=learner, language=language, started_at=started)
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
        self.writer.submit(lambda s: s.end_session(session_id, reason=reason, ended_at=ended))

    def start_attempt(self, scenario: Scenario, language: str, device: str) -> str:
        attempt_id = uuid.uuid4().hex
        session_id = self.session_id
        started = _now()
        self.attempt_id = attempt_id
        if session_id is not None:
            self.writer.submit(lambda s: s.record_attempt(
                attempt_id=attempt_id, session_id=session_id, scenario_id=scenario.id,
                scenario_version=scenario.version, language=language, device=device,
                started_at=started))
        return attempt_id

    def record(self, events: list[Event]) -> None:
        attempt_id = self.attempt_id
        if not events or attempt_id is None or self.session_id is None:
            return

        def job(store: Store) -> None:
            from kiosk.store.repository import EventRow  # on the worker, with SQLAlchemy

            store.record_events([EventRow(id=e.id, attempt_id=attempt_id, step_id=e.step_id,
                                          kind=e.kind, t_offset_ms=e.t_offset_ms,
                                          hint_level=e.hint_level, stars=e.stars)
                                 for e in events])

        self.writer.submit(job)

    def query(self, fn: Callable[[Store], object], on_done: Callable[[object], None]) -> None:
        self.writer.submit(fn, on_done=on_done)
