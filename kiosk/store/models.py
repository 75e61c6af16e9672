"""The database schema of the kiosk's practice log, as typed SQLAlchemy 2 models.

Owns the tables (terminals, learners, sessions, attempts, step_events; and for the
progress passport: self_assessment_answers, imported_results, imported_competences; for
placement by doing and paths: placements, learner_paths; for the hub: the sync ``outbox``
of xAPI statements), the
vocabularies their string columns accept, and the UTC datetime column type.

Privacy: no table has a name, e-mail, phone or any contact column. A learner is only a
random pseudonym (see :mod:`kiosk.store.pseudonym`).

Attempts and step events are an append-only log whose ids are made on the kiosk, so a
re-sent write is recognised and ignored; every summary is derived from that log and
nothing is stored twice. The Alembic migrations under ``migrations/`` must create exactly
this schema (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator

#: Why a session ended: the learner finished, the idle timeout fired, an animator ended
#: it, or the kiosk was shut down.
END_REASONS: frozenset[str] = frozenset({"finished", "timeout", "animator", "shutdown"})

#: What happened during an attempt, one row per event.
EVENT_KINDS: frozenset[str] = frozenset(
    {"shown", "correct", "wrong", "hint", "demo", "finished", "abandoned"}
)

#: How the learner was practising.
DEVICES: frozenset[str] = frozenset({"mouse", "touch"})

MAX_HINT_LEVEL = 3
MIN_STARS, MAX_STARS = 1, 3

# Stable constraint names: SQLite can only alter a table by copying it ("batch" mode),
# and Alembic needs names to find constraints again.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 32  # uuid4().hex


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time: stored as naive UTC, always returned timezone-aware in UTC.

    SQLite has no time zones; storing one convention (naive UTC, same text format for
    every row) keeps comparisons and ordering correct there and on PostgreSQL alike.
    A naive datetime is refused rather than guessed.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"datetime must be timezone-aware (got naive {value!r})")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):  # pragma: no cover - driver contract
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is not None:
            return value.astimezone(UTC)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base of the store; its metadata is what the migrations must build."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Terminal(Base):
    """One kiosk machine; its id is made on the kiosk itself."""

    __tablename__ = "terminals"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    label: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Learner(Base):
    """An anonymous learner: a random id and a random pseudonym, nothing else.

    ``origin_epn`` says which kiosk drew the pseudonym: "" for this one, else the EPN id
    of the kiosk whose progress record brought it here. Two kiosks may draw the same
    pseudonym for two people; (origin, pseudonym) keeps them apart.
    """

    __tablename__ = "learners"
    __table_args__ = (UniqueConstraint("origin_epn", "pseudonym"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(40))
    origin_epn: Mapped[str] = mapped_column(String(16), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class PracticeSession(Base):
    """One sitting of one learner at one terminal, from welcome to end."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"))
    language: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(16))

    @validates("end_reason")
    def _check_end_reason(self, key: str, value: str | None) -> str | None:
        if value is not None:
            check_end_reason(value)
        return value


class Attempt(Base):
    """One try at one scenario within a session (append-only: inserted once)."""

    __tablename__ = "attempts"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    scenario_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16))
    device: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StepEvent(Base):
    """One thing that happened during an attempt (append-only: inserted once).

    ``step_id`` is None for attempt-level events ("finished", "abandoned");
    ``stars`` is set only on "finished".
    """

    __tablename__ = "step_events"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    attempt_id: Mapped[str] = mapped_column(ForeignKey("attempts.id"), index=True)
    step_id: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    t_offset_ms: Mapped[int] = mapped_column(Integer)
    hint_level: Mapped[int] = mapped_column(Integer, default=0)
    stars: Mapped[int | None] = mapped_column(Integer)


class SelfAssessmentAnswer(Base):
    """One answer ("yes", "a_little", "not_yet") to one self-assessment question, per day.

    A learner who answers again on the same day replaces that day's answer; another day
    adds a new set, so the path travelled shows (first set against the latest).
    """

    __tablename__ = "self_assessment_answers"

    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    asked_on: Mapped[date] = mapped_column(Date, primary_key=True)
    question: Mapped[str] = mapped_column(String(40), primary_key=True)
    answer: Mapped[str] = mapped_column(String(16))


class ImportedResult(Base):
    """What a progress record from a kiosk (``issuer``) said about one scenario.

    Best stars and most help are kept as maxima. ``times_done`` is the issuer's count at
    ``counted_from``: this kiosk's own attempts started after that moment add to it,
    earlier ones are already in it. It changes only when a record brings a higher total
    than the row gives now, so showing the same code twice counts nothing twice.
    """

    __tablename__ = "imported_results"

    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    issuer: Mapped[str] = mapped_column(String(16), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    best_stars: Mapped[int] = mapped_column(Integer)
    times_done: Mapped[int] = mapped_column(Integer)
    max_hint_level: Mapped[int] = mapped_column(Integer)
    counted_from: Mapped[datetime] = mapped_column(UTCDateTime())


class ImportedCompetence(Base):
    """The highest DigComp level an imported record gave for one competence."""

    __tablename__ = "imported_competences"

    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    competence: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)


class PlacementRow(Base):
    """One placement ("Faisons le point") a learner ended: its DigComp profile.

    Append-only, ids made on the kiosk; a placement brought by a progress record gets an
    id derived from the learner and its day, so the same code shown twice adds nothing.
    ``levels`` is JSON: competence id → level 0–3 (:mod:`kiosk.engine.placement`).
    """

    __tablename__ = "placements"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), index=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    taken_on: Mapped[date] = mapped_column(Date)
    levels: Mapped[str] = mapped_column(Text)


class LearnerPathRow(Base):
    """The path a learner follows and their place in it (one per learner).

    ``path_id`` names a path file (or ``#xxxx``, one this kiosk does not have); a path
    made for the learner (proposed after a placement) has none and keeps its
    ``exercises`` (scenario ids, space-separated). ``place``: the next exercise's index.
    """

    __tablename__ = "learner_paths"

    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    path_id: Mapped[str | None] = mapped_column(String(40))
    exercises: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[int] = mapped_column(Integer, default=0)
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxEntry(Base):
    """One xAPI statement waiting for the hub (see :mod:`kiosk.sync.xapi`).

    Written in the same transaction as the event it tells of, so neither exists without
    the other. ``sent_at`` is set once the hub has accepted it; ``rejected`` holds the
    hub's reason when it refused it for good (a 400: retrying cannot help). ``body`` holds
    pseudonyms and results only, never anything a learner typed.
    """

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the statement id
    body: Mapped[str] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected: Mapped[str | None] = mapped_column(String(300))


def check_end_reason(reason: str) -> None:
    """Raise ValueError unless ``reason`` is one of :data:`END_REASONS`."""
    if reason not in END_REASONS:
        allowed = ", ".join(sorted(END_REASONS))
        raise ValueError(f"unknown session end reason {reason!r} (allowed: {allowed})")


def check_device(device: str) -> None:
    """Raise ValueError unless ``device`` is one of :data:`DEVICES`."""
    if device not in DEVICES:
        allowed = ", ".join(sorted(DEVICES))
        raise ValueError(f"unknown device {device!r} (allowed: {allowed})")
