"""The practice log's synchronous API: what the kiosk writes and what readers get back.

Owns :class:`Store` (every read and write of the schema in :mod:`kiosk.store.models`)
and its frozen value types: :class:`EventRow` in, :class:`SessionSummary` and
:class:`AttemptSummary` out.

Writes made with ids from the kiosk are idempotent (a re-sent attempt or event is
ignored, never duplicated), so callers may retry freely. Summaries are derived from the
append-only event log on every read; nothing is stored twice. All datetimes crossing
this API are timezone-aware; they come back in UTC.

A Store is not shared between threads: the kiosk writes through
:class:`kiosk.store.writer.StoreWriter`, which owns one Store on its worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from types import TracebackType
from uuid import uuid4

from sqlalchemy import Connection, case, distinct, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.store.db import make_engine, upgrade
from kiosk.store.models import (
    EVENT_KINDS,
    MAX_HINT_LEVEL,
    MAX_STARS,
    MIN_STARS,
    Attempt,
    Base,
    Learner,
    PracticeSession,
    StepEvent,
    Terminal,
    check_device,
    check_end_reason,
    utc_now,
)
from kiosk.store.pseudonym import new_pseudonym

# 40 words × 10,000 numbers: a collision is rare, twenty in a row means something is
# wrong (e.g. the table is nearly full) and should be reported, not looped on.
_PSEUDONYM_TRIES = 20

# Bound parameters per "which ids exist already?" query on dialects without
# INSERT ... ON CONFLICT (SQLite's historic limit is 999).
_ID_CHUNK = 500


@dataclass(frozen=True, kw_only=True)
class EventRow:
    """One step event to record; ``id`` is made on the kiosk (uuid4 hex).

    ``step_id`` is None for attempt-level events; ``stars`` (1..3) only on "finished".
    Invalid values raise ValueError here, before anything reaches the database.
    """

    id: str
    attempt_id: str
    step_id: str | None
    kind: str
    t_offset_ms: int
    hint_level: int = 0
    stars: int | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.attempt_id:
            raise ValueError("an event needs an id and an attempt_id")
        if self.kind not in EVENT_KINDS:
            allowed = ", ".join(sorted(EVENT_KINDS))
            raise ValueError(f"unknown event kind {self.kind!r} (allowed: {allowed})")
        if self.t_offset_ms < 0:
            raise ValueError(f"t_offset_ms must be >= 0, got {self.t_offset_ms}")
        if not 0 <= self.hint_level <= MAX_HINT_LEVEL:
            raise ValueError(f"hint_level must be 0..{MAX_HINT_LEVEL}, got {self.hint_level}")
        if self.stars is not None:
            if self.kind != "finished":
                raise ValueError(f"stars are only given on 'finished', not on {self.kind!r}")
            if not MIN_STARS <= self.stars <= MAX_STARS:
                raise ValueError(f"stars must be {MIN_STARS}..{MAX_STARS}, got {self.stars}")


@dataclass(frozen=True, kw_only=True)
class SessionSummary:
    """One session as a supervisor sees it; the counts are derived from the log."""

    session_id: str
    pseudonym: str
    language: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    attempts: int
    finished_attempts: int


@dataclass(frozen=True, kw_only=True)
class AttemptSummary:
    """One attempt, derived from its events: finished?, stars, most help, mistakes."""

    attempt_id: str
    scenario_id: str
    started_at: datetime
    finished: bool
    stars: int | None
    max_hint_level: int
    wrong_count: int


class Store:
    """The practice log in one database (a SQLite file by default, any SQLAlchemy URL).

    Opening a Store brings the schema up to date. Each method is one transaction.
    """

    def __init__(self, url: str) -> None:
        self._engine = make_engine(url)
        try:
            upgrade(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    def close(self) -> None:
        """Release every database connection (the data is already committed)."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- terminals and learners -------------------------------------------------------

    def ensure_terminal(self, label: str) -> str:
        """The id of the terminal called ``label``, created on first use."""
        if not label:
            raise ValueError("a terminal needs a label")
        for _ in range(2):  # a second try only if another writer created it meanwhile
            with self._engine.begin() as connection:
                found = connection.scalar(select(Terminal.id).where(Terminal.label == label))
                if found is not None:
                    return found
            terminal_id = uuid4().hex
            try:
                with self._engine.begin() as connection:
                    connection.execute(
                        insert(Terminal).values(id=terminal_id, label=label, created_at=utc_now())
                    )
            except IntegrityError:
                continue
            return terminal_id
        raise RuntimeError(f"could not create terminal {label!r}")

    def new_learner(self) -> tuple[str, str]:
        """A new anonymous learner: ``(id, pseudonym)``; nothing else is stored."""
        for _ in range(_PSEUDONYM_TRIES):
            learner_id, pseudonym = uuid4().hex, new_pseudonym()
            try:
                with self._engine.begin() as connection:
                    connection.execute(
                        insert(Learner).values(
                            id=learner_id, pseudonym=pseudonym, created_at=utc_now()
                        )
                    )
            except IntegrityError:
                continue  # that pseudonym is taken: draw another
            return learner_id, pseudonym
        raise RuntimeError(f"no free pseudonym after {_PSEUDONYM_TRIES} draws")

    # -- sessions ---------------------------------------------------------------------

    def start_session(
        self,
        *,
        session_id: str,
        terminal_id: str,
        learner_id: str,
        language: str,
        started_at: datetime,
    ) -> None:
        """Record that a session began (idempotent on ``session_id``)."""
        _require_aware(started_at, "started_at")
        row = {
            "id": session_id,
            "terminal_id": terminal_id,
            "learner_id": learner_id,
            "language": language,
            "started_at": started_at,
        }
        with self._engine.begin() as connection:
            _insert_new(connection, PracticeSession, [row])

    def end_session(self, session_id: str, *, reason: str, ended_at: datetime) -> None:
        """Record how a session ended; a session already ended keeps its first end.

        Raises ValueError for an unknown reason, LookupError for an unknown session.
        """
        check_end_reason(reason)
        _require_aware(ended_at, "ended_at")
        with self._engine.begin() as connection:
            result = connection.execute(
                update(PracticeSession)
                .where(PracticeSession.id == session_id, PracticeSession.ended_at.is_(None))
                .values(ended_at=ended_at, end_reason=reason)
            )
            if result.rowcount == 0:
                exists = connection.scalar(
                    select(PracticeSession.id).where(PracticeSession.id == session_id)
                )
                if exists is None:
                    raise LookupError(f"no session {session_id!r}")

    def open_sessions(self) -> list[str]:
        """Ids of the sessions that have not ended (oldest first)."""
        statement = (
            select(PracticeSession.id)
            .where(PracticeSession.ended_at.is_(None))
            .order_by(PracticeSession.started_at, PracticeSession.id)
        )
        with self._engine.connect() as connection:
            return list(connection.scalars(statement))

    # -- the append-only log ----------------------------------------------------------

    def record_attempt(
        self,
        *,
        attempt_id: str,
        session_id: str,
        scenario_id: str,
        scenario_version: int,
        language: str,
        device: str,
        started_at: datetime,
    ) -> None:
        """Record that an attempt began (idempotent on ``attempt_id``)."""
        check_device(device)
        _require_aware(started_at, "started_at")
        row = {
            "id": attempt_id,
            "session_id": session_id,
            "scenario_id": scenario_id,
            "scenario_version": scenario_version,
            "language": language,
            "device": device,
            "started_at": started_at,
        }
        with self._engine.begin() as connection:
            _insert_new(connection, Attempt, [row])

    def record_events(self, events: Sequence[EventRow]) -> None:
        """Append step events in one transaction; ids already recorded are skipped."""
        if not events:
            return
        rows = [asdict(event) for event in events]
        with self._engine.begin() as connection:
            _insert_new(connection, StepEvent, rows)

    # -- derived views ----------------------------------------------------------------

    def sessions_between(self, start: datetime, end: datetime) -> list[SessionSummary]:
        """Sessions started in ``[start, end)``, newest first, with attempt counts."""
        _require_aware(start, "start")
        _require_aware(end, "end")
        attempts = (
            select(func.count(Attempt.id))
            .where(Attempt.session_id == PracticeSession.id)
            .correlate(PracticeSession)
            .scalar_subquery()
        )
        finished_attempts = (
            select(func.count(distinct(Attempt.id)))
            .join(StepEvent, StepEvent.attempt_id == Attempt.id)
            .where(Attempt.session_id == PracticeSession.id, StepEvent.kind == "finished")
            .correlate(PracticeSession)
            .scalar_subquery()
        )
        statement = (
            select(
                PracticeSession.id,
                Learner.pseudonym,
                PracticeSession.language,
                PracticeSession.started_at,
                PracticeSession.ended_at,
                PracticeSession.end_reason,
                attempts,
                finished_attempts,
            )
            .join(Learner, Learner.id == PracticeSession.learner_id)
            .where(PracticeSession.started_at >= start, PracticeSession.started_at < end)
            .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
        )
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [
            SessionSummary(
                session_id=session_id,
                pseudonym=pseudonym,
                language=language,
                started_at=started_at,
                ended_at=ended_at,
                end_reason=end_reason,
                attempts=int(attempt_count or 0),
                finished_attempts=int(finished_count or 0),
            )
            for (
                session_id,
                pseudonym,
                language,
                started_at,
                ended_at,
                end_reason,
                attempt_count,
                finished_count,
            ) in rows
        ]

    def attempt_summaries(self, session_id: str) -> list[AttemptSummary]:
        """The attempts of one session in the order they began, derived from events."""
        is_finished = StepEvent.kind == "finished"
        statement = (
            select(
                Attempt.id,
                Attempt.scenario_id,
                Attempt.started_at,
                func.count(case((is_finished, 1))),
                func.max(case((is_finished, StepEvent.stars))),
                func.coalesce(func.max(StepEvent.hint_level), 0),
                func.count(case((StepEvent.kind == "wrong", 1))),
            )
            .outerjoin(StepEvent, StepEvent.attempt_id == Attempt.id)
            .where(Attempt.session_id == session_id)
            .group_by(Attempt.id, Attempt.scenario_id, Attempt.started_at)
            .order_by(Attempt.started_at, Attempt.id)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [
            AttemptSummary(
                attempt_id=attempt_id,
                scenario_id=scenario_id,
                started_at=started_at,
                finished=finished_count > 0,
                stars=stars,
                max_hint_level=int(max_hint_level),
                wrong_count=int(wrong_count),
            )
            for (
                attempt_id,
                scenario_id,
                started_at,
                finished_count,
                stars,
                max_hint_level,
                wrong_count,
            ) in rows
        ]


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value!r}")


def _insert_new(
    connection: Connection, model: type[Base], rows: Iterable[Mapping[str, object]]
) -> None:
    """Insert the rows whose ``id`` is not in ``model``'s table yet; others are ignored.

    INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL; elsewhere, look the ids
    up first (same transaction). A row repeated within ``rows`` counts once (the first).
    """
    unique: dict[object, Mapping[str, object]] = {}
    for row in rows:
        unique.setdefault(row["id"], row)
    if not unique:
        return
    new_rows = list(unique.values())

    dialect = connection.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        connection.execute(
            sqlite_insert(model).on_conflict_do_nothing(index_elements=["id"]), new_rows
        )
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        connection.execute(
            postgresql_insert(model).on_conflict_do_nothing(index_elements=["id"]), new_rows
        )
    else:
        id_column = model.__table__.c.id
        ids = list(unique)
        existing: set[object] = set()
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            existing.update(connection.scalars(select(id_column).where(id_column.in_(chunk))))
        new_rows = [row for row in new_rows if row["id"] not in existing]
        if new_rows:
            connection.execute(insert(model), new_rows)
