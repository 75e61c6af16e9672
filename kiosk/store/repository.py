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

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, case, delete, distinct, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.engine.selfcheck import check_answers
from kiosk.store import journey
from kiosk.store.db import make_engine, upgrade
from kiosk.store.models import (
    EVENT_KINDS,
    MAX_HINT_LEVEL,
    MAX_STARS,
    MIN_STARS,
    Attempt,
    Base,
    ImportedCompetence,
    ImportedResult,
    Learner,
    OutboxEntry,
    PracticeSession,
    SelfAssessmentAnswer,
    StepEvent,
    Terminal,
    check_device,
    check_end_reason,
    utc_now,
)
from kiosk.store.progress import AnswerSet, LearnerProgress, LearnerRef, ScenarioResult
from kiosk.store.pseudonym import is_pseudonym, new_pseudonym

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
        """A new anonymous learner: ``(id, pseudonym)``; nothing else is stored.

        The pseudonym is also free among learners whose progress came from other
        kiosks, so its picture code finds one learner here.
        """
        for _ in range(_PSEUDONYM_TRIES):
            learner_id, pseudonym = uuid4().hex, new_pseudonym()
            try:
                with self._engine.begin() as connection:
                    taken = connection.scalar(
                        select(Learner.id).where(Learner.pseudonym == pseudonym).limit(1)
                    )
                    if taken is not None:
                        continue
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
        outbox: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Record that a session began (idempotent on ``session_id``).

        ``outbox``: xAPI statements telling of it, queued in the same transaction (as for
        every writer below), so the hub learns of exactly what the log holds."""
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
            _queue(connection, outbox)

    def end_session(
        self, session_id: str, *, reason: str, ended_at: datetime,
        outbox: Sequence[Mapping[str, Any]] = (),
    ) -> None:
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
                return  # ended before: its statement was queued then
            _queue(connection, outbox)

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
        outbox: Sequence[Mapping[str, Any]] = (),
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
            _queue(connection, outbox)

    def record_events(
        self, events: Sequence[EventRow], outbox: Sequence[Mapping[str, Any]] = ()
    ) -> None:
        """Append step events in one transaction; ids already recorded are skipped."""
        if not events and not outbox:
            return
        rows = [asdict(event) for event in events]
        with self._engine.begin() as connection:
            _insert_new(connection, StepEvent, rows)
            _queue(connection, outbox)

    def queue_statements(self, outbox: Sequence[Mapping[str, Any]]) -> None:
        """Queue statements that tell of no stored event (e.g. a call for help)."""
        with self._engine.begin() as connection:
            _queue(connection, outbox)

    # -- the sync outbox ----------------------------------------------------------------

    def outbox_due(self, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
        """(id, JSON body) of statements to send now: not sent, not refused, due; oldest
        first."""
        _require_aware(now, "now")
        statement = (
            select(OutboxEntry.id, OutboxEntry.body)
            .where(OutboxEntry.sent_at.is_(None), OutboxEntry.rejected.is_(None))
            .where((OutboxEntry.next_try_at.is_(None)) | (OutboxEntry.next_try_at <= now))
            .order_by(OutboxEntry.queued_at, OutboxEntry.id)
            .limit(limit)
        )
        with self._engine.connect() as connection:
            return [(row.id, row.body) for row in connection.execute(statement)]

    def outbox_sent(self, ids: Sequence[str], at: datetime) -> None:
        """The hub has these statements: never send them again."""
        _require_aware(at, "at")
        with self._engine.begin() as connection:
            for start in range(0, len(ids), _ID_CHUNK):
                connection.execute(update(OutboxEntry)
                                   .where(OutboxEntry.id.in_(ids[start:start + _ID_CHUNK]))
                                   .values(sent_at=at, next_try_at=None))

    def outbox_retry(self, ids: Sequence[str], next_try_at: datetime) -> None:
        """The hub could not be reached: try these again at ``next_try_at``."""
        _require_aware(next_try_at, "next_try_at")
        with self._engine.begin() as connection:
            for start in range(0, len(ids), _ID_CHUNK):
                connection.execute(update(OutboxEntry)
                                   .where(OutboxEntry.id.in_(ids[start:start + _ID_CHUNK]))
                                   .values(tries=OutboxEntry.tries + 1, next_try_at=next_try_at))

    def outbox_refused(self, ids: Sequence[str], reason: str) -> None:
        """The hub refused these for good (kept, with its reason, for the technician)."""
        with self._engine.begin() as connection:
            connection.execute(update(OutboxEntry).where(OutboxEntry.id.in_(list(ids)))
                               .values(rejected=reason[:300], tries=OutboxEntry.tries + 1))

    def outbox_counts(self) -> dict[str, int]:
        """How many statements are waiting, sent and refused."""
        statement = select(
            func.count(case((OutboxEntry.sent_at.is_(None) & OutboxEntry.rejected.is_(None), 1))),
            func.count(OutboxEntry.sent_at),
            func.count(OutboxEntry.rejected),
        )
        with self._engine.connect() as connection:
            waiting, sent, refused = connection.execute(statement).one()
        return {"waiting": waiting, "sent": sent, "refused": refused}

    def outbox_prune(self, sent_before: datetime) -> int:
        """Forget statements the hub has had since before ``sent_before``."""
        _require_aware(sent_before, "sent_before")
        with self._engine.begin() as connection:
            result = connection.execute(delete(OutboxEntry).where(OutboxEntry.sent_at < sent_before))
        return int(result.rowcount or 0)

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

    # -- the progress passport --------------------------------------------------------

    def learner(self, learner_id: str) -> LearnerRef | None:
        """The learner with this id, or None."""
        statement = select(Learner.id, Learner.pseudonym, Learner.origin_epn).where(
            Learner.id == learner_id
        )
        with self._engine.connect() as connection:
            row = connection.execute(statement).first()
        return None if row is None else LearnerRef(id=row[0], pseudonym=row[1], origin=row[2])

    def learner_of_session(self, session_id: str) -> LearnerRef | None:
        """The learner a session belongs to, or None for an unknown session."""
        statement = (
            select(Learner.id, Learner.pseudonym, Learner.origin_epn)
            .join(PracticeSession, PracticeSession.learner_id == Learner.id)
            .where(PracticeSession.id == session_id)
        )
        with self._engine.connect() as connection:
            row = connection.execute(statement).first()
        return None if row is None else LearnerRef(id=row[0], pseudonym=row[1], origin=row[2])

    def learners_with_pseudonym(self, pseudonym: str) -> list[LearnerRef]:
        """Learners called ``pseudonym`` here, the most recently seen first.

        Usually one; more only if the same pseudonym was drawn by two kiosks for two
        people and both brought their progress here.
        """
        last_seen = (
            select(func.max(PracticeSession.started_at))
            .where(PracticeSession.learner_id == Learner.id)
            .correlate(Learner)
            .scalar_subquery()
        )
        statement = (
            select(Learner.id, Learner.pseudonym, Learner.origin_epn)
            .where(Learner.pseudonym == pseudonym)
            .order_by(
                func.coalesce(last_seen, Learner.created_at).desc(), Learner.created_at.desc()
            )
        )
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [LearnerRef(id=i, pseudonym=p, origin=o) for i, p, o in rows]

    def save_self_assessment(
        self, learner_id: str, answers: Mapping[str, str], *, asked_on: date
    ) -> None:
        """Keep a learner's self-assessment answers of ``asked_on`` (same day: replaced).

        ``answers`` maps question ids (:data:`kiosk.engine.selfcheck.QUESTIONS`) to
        "yes", "a_little" or "not_yet"; ValueError otherwise, LookupError for an unknown
        learner.
        """
        check_answers(answers)
        if not answers:
            return
        with self._engine.begin() as connection:
            _require_learner(connection, learner_id)
            connection.execute(
                delete(SelfAssessmentAnswer).where(
                    SelfAssessmentAnswer.learner_id == learner_id,
                    SelfAssessmentAnswer.asked_on == asked_on,
                    SelfAssessmentAnswer.question.in_(list(answers)),
                )
            )
            connection.execute(
                insert(SelfAssessmentAnswer),
                [
                    {"learner_id": learner_id, "asked_on": asked_on, "question": q, "answer": a}
                    for q, a in answers.items()
                ],
            )

    def save_placement(self, learner_id: str, placement_id: str, levels: Mapping[str, int], *,
                       taken_at: datetime, outbox: Sequence[Mapping[str, Any]] = ()) -> None:
        """Keep a placement's profile (competence id → level 0–3), idempotent on its id,
        and queue the statements that tell of it. LookupError for an unknown learner."""
        _require_aware(taken_at, "taken_at")
        with self._engine.begin() as connection:
            _require_learner(connection, learner_id)
            journey.add_placement(connection, learner_id, placement_id, levels, taken_at)
            _queue(connection, outbox)

    def save_path(self, learner_id: str, path: PathPlace | None, *, at: datetime) -> None:
        """The learner follows ``path`` (and is at its ``place``); None: no path."""
        _require_aware(at, "at")
        with self._engine.begin() as connection:
            _require_learner(connection, learner_id)
            journey.set_path(connection, learner_id, path, at)

    def learner_progress(self, learner_id: str) -> LearnerProgress:
        """A learner's results per scenario, self-assessment and imported DigComp levels.

        Per scenario: best stars and most help are maxima over this kiosk's attempts and
        every imported record; times done are this kiosk's finished attempts, or an
        imported total plus this kiosk's attempts since it was imported, whichever is
        more — never the two added up, so a record carried back and forth between
        kiosks is not counted twice. LookupError for an unknown learner.
        """
        with self._engine.begin() as connection:
            learner = _require_learner(connection, learner_id)
            own = _own_results(connection, learner_id)
            imported = _imported_rows(connection, learner_id)
            answers = connection.execute(
                select(
                    SelfAssessmentAnswer.asked_on,
                    SelfAssessmentAnswer.question,
                    SelfAssessmentAnswer.answer,
                )
                .where(SelfAssessmentAnswer.learner_id == learner_id)
                .order_by(SelfAssessmentAnswer.asked_on, SelfAssessmentAnswer.question)
            ).all()
            competences = connection.execute(
                select(ImportedCompetence.competence, ImportedCompetence.level)
                .where(ImportedCompetence.learner_id == learner_id)
                .order_by(ImportedCompetence.competence)
            ).all()
            path = journey.path_of(connection, learner_id)
            placements = journey.placements_of(connection, learner_id)

        rows_by_scenario: dict[str, list[_Imported]] = defaultdict(list)
        for row in imported:
            rows_by_scenario[row.scenario_id].append(row)
        results: list[ScenarioResult] = []
        for scenario_id in sorted(set(own) | set(rows_by_scenario)):
            mine = own.get(scenario_id, _OwnResult())
            rows = rows_by_scenario.get(scenario_id, [])
            best = max([mine.best_stars, *(r.best_stars for r in rows)])
            if best < MIN_STARS:
                continue  # started here, never finished anywhere
            results.append(
                ScenarioResult(
                    scenario_id=scenario_id,
                    best_stars=best,
                    times_done=max(1, _times_done(mine, rows)),
                    max_hint_level=max([mine.max_hint_level, *(r.max_hint_level for r in rows)]),
                )
            )
        sets: dict[date, dict[str, str]] = {}
        for asked_on, question, answer in answers:
            sets.setdefault(asked_on, {})[question] = answer
        return LearnerProgress(
            learner=learner,
            results=tuple(results),
            answer_sets=tuple(AnswerSet(asked_on=d, answers=a) for d, a in sets.items()),
            competences={competence: level for competence, level in competences},
            path=path,
            placements=placements,
        )

    def import_progress(
        self,
        *,
        pseudonym: str,
        origin: str,
        issuer: str,
        results: Sequence[ScenarioResult],
        answer_sets: Sequence[AnswerSet] = (),
        competences: Mapping[str, int] | None = None,
        path: PathPlace | None = None,
        placements: Iterable[PlacedProfile] = (),
        imported_at: datetime,
    ) -> LearnerRef:
        """Merge a verified progress record into this store; the same record twice is a no-op.

        ``origin`` is "" when the pseudonym was drawn by this kiosk, else that kiosk's
        EPN id; ``issuer`` is the EPN id of the kiosk that signed the record. The
        learner (origin, pseudonym) is created if new. Stars and help keep their
        maxima; a record's times done replace what it said before only when they are
        more than that gives now (see :class:`~kiosk.store.models.ImportedResult`);
        self-assessment answers already here for that day and question are kept; the
        path and placement profiles merge as :func:`kiosk.store.journey.import_journey` says.
        Returns the learner, to start a session with.
        """
        _require_aware(imported_at, "imported_at")
        if not is_pseudonym(pseudonym):
            raise ValueError(f"{pseudonym!r} is not a pseudonym")
        if not issuer:
            raise ValueError("a record needs its issuer")
        with self._engine.begin() as connection:
            learner = _learner_for(connection, pseudonym, origin, imported_at)
            own = _own_results(connection, learner.id)
            before = {
                row.scenario_id: row
                for row in _imported_rows(connection, learner.id)
                if row.issuer == issuer
            }
            for result in _best_per_scenario(results):
                row = before.get(result.scenario_id)
                if row is None:
                    connection.execute(
                        insert(ImportedResult).values(
                            learner_id=learner.id,
                            issuer=issuer,
                            scenario_id=result.scenario_id,
                            best_stars=result.best_stars,
                            times_done=result.times_done,
                            max_hint_level=result.max_hint_level,
                            counted_from=imported_at,
                        )
                    )
                    continue
                changes: dict[str, object] = {}
                if result.best_stars > row.best_stars:
                    changes["best_stars"] = result.best_stars
                if result.max_hint_level > row.max_hint_level:
                    changes["max_hint_level"] = result.max_hint_level
                mine = own.get(result.scenario_id, _OwnResult())
                if result.times_done > row.times_done + mine.finished_since(row.counted_from):
                    changes.update(times_done=result.times_done, counted_from=imported_at)
                if changes:
                    connection.execute(
                        update(ImportedResult)
                        .where(
                            ImportedResult.learner_id == learner.id,
                            ImportedResult.issuer == issuer,
                            ImportedResult.scenario_id == result.scenario_id,
                        )
                        .values(**changes)
                    )
            _import_answers(connection, learner.id, answer_sets)
            _import_competences(connection, learner.id, competences or {})
            journey.import_journey(connection, learner.id, path, placements, imported_at)
        return learner


@dataclass
class _OwnResult:
    """One scenario as this kiosk's own attempts show it."""

    best_stars: int = 0
    max_hint_level: int = 0
    finished_at: list[datetime] | None = None  # start times of the finished attempts

    @property
    def times_done(self) -> int:
        return len(self.finished_at or ())

    def finished_since(self, moment: datetime) -> int:
        return sum(1 for started in self.finished_at or () if started > moment)


def _own_results(connection: Connection, learner_id: str) -> dict[str, _OwnResult]:
    """Per scenario, what this kiosk's attempts by this learner show."""
    is_finished = StepEvent.kind == "finished"
    statement = (
        select(
            Attempt.scenario_id,
            Attempt.started_at,
            func.count(case((is_finished, 1))),
            func.max(case((is_finished, StepEvent.stars))),
            func.coalesce(func.max(StepEvent.hint_level), 0),
        )
        .join(PracticeSession, PracticeSession.id == Attempt.session_id)
        .outerjoin(StepEvent, StepEvent.attempt_id == Attempt.id)
        .where(PracticeSession.learner_id == learner_id)
        .group_by(Attempt.id, Attempt.scenario_id, Attempt.started_at)
    )
    own: dict[str, _OwnResult] = {}
    for scenario_id, started_at, finished, stars, hint in connection.execute(statement):
        result = own.setdefault(scenario_id, _OwnResult(finished_at=[]))
        result.max_hint_level = max(result.max_hint_level, int(hint))
        if finished:
            assert result.finished_at is not None
            result.finished_at.append(started_at)
            result.best_stars = max(result.best_stars, int(stars or MIN_STARS))
    return own


@dataclass(frozen=True)
class _Imported:
    """One row of ``imported_results``."""

    issuer: str
    scenario_id: str
    best_stars: int
    times_done: int
    max_hint_level: int
    counted_from: datetime


def _imported_rows(connection: Connection, learner_id: str) -> list[_Imported]:
    statement = select(
        ImportedResult.issuer,
        ImportedResult.scenario_id,
        ImportedResult.best_stars,
        ImportedResult.times_done,
        ImportedResult.max_hint_level,
        ImportedResult.counted_from,
    ).where(ImportedResult.learner_id == learner_id)
    return [_Imported(*row) for row in connection.execute(statement)]


def _times_done(mine: _OwnResult, rows: Sequence[_Imported]) -> int:
    return max(
        [mine.times_done, *(r.times_done + mine.finished_since(r.counted_from) for r in rows)]
    )


def _best_per_scenario(results: Sequence[ScenarioResult]) -> list[ScenarioResult]:
    """One result per scenario (a record should hold one; if not, the best of each)."""
    best: dict[str, ScenarioResult] = {}
    for r in results:
        seen = best.get(r.scenario_id)
        if seen is None:
            best[r.scenario_id] = r
        else:
            best[r.scenario_id] = ScenarioResult(
                scenario_id=r.scenario_id,
                best_stars=max(r.best_stars, seen.best_stars),
                times_done=max(r.times_done, seen.times_done),
                max_hint_level=max(r.max_hint_level, seen.max_hint_level),
            )
    return list(best.values())


def _require_learner(connection: Connection, learner_id: str) -> LearnerRef:
    row = connection.execute(
        select(Learner.id, Learner.pseudonym, Learner.origin_epn).where(Learner.id == learner_id)
    ).first()
    if row is None:
        raise LookupError(f"no learner {learner_id!r}")
    return LearnerRef(id=row[0], pseudonym=row[1], origin=row[2])


def _learner_for(
    connection: Connection, pseudonym: str, origin: str, created_at: datetime
) -> LearnerRef:
    found = connection.scalar(
        select(Learner.id).where(Learner.pseudonym == pseudonym, Learner.origin_epn == origin)
    )
    if found is None:
        found = uuid4().hex
        connection.execute(
            insert(Learner).values(
                id=found, pseudonym=pseudonym, origin_epn=origin, created_at=created_at
            )
        )
    return LearnerRef(id=found, pseudonym=pseudonym, origin=origin)


def _import_answers(
    connection: Connection, learner_id: str, answer_sets: Sequence[AnswerSet]
) -> None:
    """Add the answers this store does not have yet for that day and question."""
    if not answer_sets:
        return
    have = {
        (asked_on, question)
        for asked_on, question in connection.execute(
            select(SelfAssessmentAnswer.asked_on, SelfAssessmentAnswer.question).where(
                SelfAssessmentAnswer.learner_id == learner_id
            )
        )
    }
    rows = []
    for answer_set in answer_sets:
        for question, answer in answer_set.answers.items():
            if (answer_set.asked_on, question) in have:
                continue
            have.add((answer_set.asked_on, question))
            rows.append(
                {
                    "learner_id": learner_id,
                    "asked_on": answer_set.asked_on,
                    "question": question,
                    "answer": answer,
                }
            )
    if rows:
        connection.execute(insert(SelfAssessmentAnswer), rows)


def _import_competences(
    connection: Connection, learner_id: str, competences: Mapping[str, int]
) -> None:
    """Keep, per competence, the highest level any imported record gave."""
    if not competences:
        return
    have: dict[str, int] = {
        competence: level
        for competence, level in connection.execute(
            select(ImportedCompetence.competence, ImportedCompetence.level).where(
                ImportedCompetence.learner_id == learner_id
            )
        )
    }
    for competence, level in competences.items():
        if competence not in have:
            connection.execute(
                insert(ImportedCompetence).values(
                    learner_id=learner_id, competence=competence, level=level
                )
            )
        elif level > have[competence]:
            connection.execute(
                update(ImportedCompetence)
                .where(
                    ImportedCompetence.learner_id == learner_id,
                    ImportedCompetence.competence == competence,
                )
                .values(level=level)
            )


def _queue(connection: Connection, statements: Sequence[Mapping[str, Any]]) -> None:
    """Add statements to the outbox, each once (a re-queued id is ignored)."""
    if not statements:
        return
    from kiosk.sync.xapi import canonical_json

    now = utc_now()
    # a microsecond apart, so the hub receives them in the order they happened
    _insert_new(connection, OutboxEntry, [
        {"id": str(s["id"]), "body": canonical_json(s), "queued_at": now + timedelta(microseconds=i),
         "tries": 0}
        for i, s in enumerate(statements)])


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
