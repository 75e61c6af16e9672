"""The Store API: pseudonyms, sessions, the idempotent log, and derived summaries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.store import AttemptSummary, EventRow, SessionSummary, Store, repository
from kiosk.store.models import Attempt, Learner, StepEvent
from kiosk.store.pseudonym import WORDS, is_pseudonym, new_pseudonym


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def new_id() -> str:
    return uuid4().hex


def count(store: Store, model: type[Attempt] | type[StepEvent] | type[Learner]) -> int:
    with store._engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


def open_session(store: Store, started_at: datetime, *, language: str = "fr") -> str:
    terminal_id = store.ensure_terminal("EPN-1")
    learner_id, _ = store.new_learner()
    session_id = new_id()
    store.start_session(
        session_id=session_id,
        terminal_id=terminal_id,
        learner_id=learner_id,
        language=language,
        started_at=started_at,
    )
    return session_id


def add_attempt(store: Store, session_id: str, started_at: datetime, scenario: str) -> str:
    attempt_id = new_id()
    store.record_attempt(
        attempt_id=attempt_id,
        session_id=session_id,
        scenario_id=scenario,
        scenario_version=1,
        language="fr",
        device="touch",
        started_at=started_at,
    )
    return attempt_id


def event(attempt_id: str, kind: str, t: int, **extra: object) -> EventRow:
    return EventRow(
        id=new_id(),
        attempt_id=attempt_id,
        step_id=str(extra.get("step_id", "s1")),
        kind=kind,
        t_offset_ms=t,
        hint_level=int(str(extra.get("hint_level", 0))),
        stars=None if extra.get("stars") is None else int(str(extra["stars"])),
    )


# -- pseudonyms and terminals ---------------------------------------------------------


def test_word_list_is_forty_distinct_plain_words() -> None:
    assert len(WORDS) == 40
    assert len(set(WORDS)) == 40
    assert all(re.fullmatch(r"[A-Z][a-z]+", word) for word in WORDS)


def test_pseudonym_is_a_word_a_dash_and_four_digits() -> None:
    for _ in range(200):
        pseudonym = new_pseudonym()
        assert re.fullmatch(r"[A-Z][a-z]+-[0-9]{4}", pseudonym)
        assert pseudonym.split("-")[0] in WORDS
        assert is_pseudonym(pseudonym)
    assert not is_pseudonym("Marie-1234")
    assert not is_pseudonym("Tulipe-123")


def test_new_learner_returns_id_and_pseudonym(store: Store) -> None:
    learner_id, pseudonym = store.new_learner()
    assert re.fullmatch(r"[0-9a-f]{32}", learner_id)
    assert is_pseudonym(pseudonym)
    assert count(store, Learner) == 1


def test_new_learner_draws_again_when_the_pseudonym_is_taken(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["Tulipe-0001", "Tulipe-0001", "Tulipe-0001", "Lilas-0002"])
    monkeypatch.setattr(repository, "new_pseudonym", lambda: next(draws))
    assert store.new_learner()[1] == "Tulipe-0001"
    assert store.new_learner()[1] == "Lilas-0002"
    assert count(store, Learner) == 2


def test_new_learner_gives_up_after_many_collisions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "new_pseudonym", lambda: "Tulipe-0001")
    store.new_learner()
    with pytest.raises(RuntimeError, match="no free pseudonym"):
        store.new_learner()


def test_ensure_terminal_returns_the_same_id_for_a_label(store: Store) -> None:
    first = store.ensure_terminal("EPN Molenbeek 1")
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert store.ensure_terminal("EPN Molenbeek 1") == first
    assert store.ensure_terminal("EPN Molenbeek 2") != first


# -- sessions -------------------------------------------------------------------------


def test_session_start_and_end(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    assert store.open_sessions() == [session_id]

    store.end_session(session_id, reason="timeout", ended_at=at(3, 10, 20))
    assert store.open_sessions() == []
    [summary] = store.sessions_between(at(3, 0), at(4, 0))
    assert summary.ended_at == at(3, 10, 20)
    assert summary.end_reason == "timeout"


def test_ending_an_ended_session_keeps_the_first_end(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    store.end_session(session_id, reason="finished", ended_at=at(3, 10, 30))
    store.end_session(session_id, reason="shutdown", ended_at=at(3, 18))
    [summary] = store.sessions_between(at(3, 0), at(4, 0))
    assert (summary.end_reason, summary.ended_at) == ("finished", at(3, 10, 30))


@pytest.mark.parametrize("reason", ["finished", "timeout", "animator", "shutdown"])
def test_every_allowed_end_reason_is_accepted(store: Store, reason: str) -> None:
    session_id = open_session(store, at(3, 10))
    store.end_session(session_id, reason=reason, ended_at=at(3, 11))
    assert store.sessions_between(at(3, 0), at(4, 0))[0].end_reason == reason


@pytest.mark.parametrize("reason", ["", "crash", "Timeout", "closed"])
def test_an_unknown_end_reason_is_refused_and_changes_nothing(store: Store, reason: str) -> None:
    session_id = open_session(store, at(3, 10))
    with pytest.raises(ValueError, match="end reason"):
        store.end_session(session_id, reason=reason, ended_at=at(3, 11))
    assert store.open_sessions() == [session_id]


def test_ending_an_unknown_session_is_an_error(store: Store) -> None:
    with pytest.raises(LookupError):
        store.end_session(new_id(), reason="finished", ended_at=at(3, 11))


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        open_session(store, datetime(2025, 3, 3, 10))


def test_datetimes_come_back_aware_in_utc(store: Store) -> None:
    brussels_summer = timezone(timedelta(hours=2))
    started = datetime(2025, 6, 3, 12, 0, 0, 123456, tzinfo=brussels_summer)
    session_id = open_session(store, started)
    [summary] = store.sessions_between(at(1, 0), datetime(2025, 7, 1, tzinfo=UTC))
    assert summary.session_id == session_id
    assert summary.started_at == started
    assert summary.started_at.tzinfo == UTC
    assert summary.started_at.hour == 10


def test_starting_a_session_twice_records_it_once(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    [summary] = store.sessions_between(at(3, 0), at(4, 0))
    learner_id = new_id()
    store.start_session(
        session_id=session_id,
        terminal_id=store.ensure_terminal("EPN-1"),
        learner_id=learner_id,  # ignored: the session id is already recorded
        language="nl",
        started_at=at(3, 12),
    )
    assert store.sessions_between(at(3, 0), at(4, 0)) == [summary]


# -- the append-only log --------------------------------------------------------------


def test_recording_an_attempt_twice_keeps_one_row(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    attempt_id = add_attempt(store, session_id, at(3, 10, 1), "mouse.click")
    store.record_attempt(
        attempt_id=attempt_id,
        session_id=session_id,
        scenario_id="mouse.click",
        scenario_version=1,
        language="fr",
        device="touch",
        started_at=at(3, 10, 1),
    )
    assert count(store, Attempt) == 1


def test_an_unknown_device_is_refused(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    with pytest.raises(ValueError, match="device"):
        store.record_attempt(
            attempt_id=new_id(),
            session_id=session_id,
            scenario_id="mouse.click",
            scenario_version=1,
            language="fr",
            device="pen",
            started_at=at(3, 10, 1),
        )


def test_recording_events_twice_keeps_one_row_each(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    attempt_id = add_attempt(store, session_id, at(3, 10, 1), "mouse.click")
    events = [event(attempt_id, "shown", 0), event(attempt_id, "correct", 900)]
    store.record_events(events)
    store.record_events(events)
    store.record_events([events[0], events[0], event(attempt_id, "finished", 1000, stars=3)])
    assert count(store, StepEvent) == 3


def test_an_empty_batch_is_fine(store: Store) -> None:
    store.record_events([])
    assert count(store, StepEvent) == 0


def test_a_batch_is_one_transaction(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    attempt_id = add_attempt(store, session_id, at(3, 10, 1), "mouse.click")
    good = event(attempt_id, "shown", 0)
    orphan = event(new_id(), "shown", 0)  # its attempt does not exist
    with pytest.raises(IntegrityError):
        store.record_events([good, orphan])
    assert count(store, StepEvent) == 0


@pytest.mark.parametrize(
    ("kind", "hint_level", "stars", "t"),
    [
        ("clicked", 0, None, 0),  # unknown kind
        ("hint", 4, None, 0),  # hint level above 3
        ("hint", -1, None, 0),
        ("correct", 0, 2, 0),  # stars only on "finished"
        ("finished", 0, 4, 0),  # stars above 3
        ("finished", 0, 0, 0),
        ("shown", 0, None, -5),  # negative offset
    ],
)
def test_invalid_events_are_refused(kind: str, hint_level: int, stars: int | None, t: int) -> None:
    with pytest.raises(ValueError):
        EventRow(
            id=new_id(),
            attempt_id=new_id(),
            step_id="s1",
            kind=kind,
            t_offset_ms=t,
            hint_level=hint_level,
            stars=stars,
        )


# -- derived views --------------------------------------------------------------------


def test_attempt_summaries_are_derived_from_the_events(store: Store) -> None:
    session_id = open_session(store, at(3, 10))
    finished = add_attempt(store, session_id, at(3, 10, 1), "mouse.click")
    abandoned = add_attempt(store, session_id, at(3, 10, 5), "mouse.double_click")
    untouched = add_attempt(store, session_id, at(3, 10, 9), "email.reply")
    store.record_events(
        [
            event(finished, "shown", 0),
            event(finished, "wrong", 1200),
            event(finished, "hint", 5000, hint_level=1),
            event(finished, "wrong", 6100, hint_level=1),
            event(finished, "hint", 9000, hint_level=2),
            event(finished, "correct", 9800, hint_level=2),
            event(finished, "finished", 9900, step_id=None, stars=2),
            event(abandoned, "shown", 0),
            event(abandoned, "demo", 20_000, hint_level=3),
            event(abandoned, "abandoned", 30_000, step_id=None),
        ]
    )
    assert store.attempt_summaries(session_id) == [
        AttemptSummary(
            attempt_id=finished,
            scenario_id="mouse.click",
            started_at=at(3, 10, 1),
            finished=True,
            stars=2,
            max_hint_level=2,
            wrong_count=2,
        ),
        AttemptSummary(
            attempt_id=abandoned,
            scenario_id="mouse.double_click",
            started_at=at(3, 10, 5),
            finished=False,
            stars=None,
            max_hint_level=3,
            wrong_count=0,
        ),
        AttemptSummary(
            attempt_id=untouched,
            scenario_id="email.reply",
            started_at=at(3, 10, 9),
            finished=False,
            stars=None,
            max_hint_level=0,
            wrong_count=0,
        ),
    ]
    assert store.attempt_summaries(new_id()) == []


def test_sessions_between_returns_that_day_newest_first_with_counts(store: Store) -> None:
    before = open_session(store, at(2, 23, 59))
    first = open_session(store, at(3, 0, 0))  # the first instant of the day counts
    second = open_session(store, at(3, 15))
    after = open_session(store, at(4, 0, 0))  # the next day's first instant does not
    for session_id, started in [(before, at(2, 23, 59)), (after, at(4, 0))]:
        add_attempt(store, session_id, started, "mouse.click")

    done = add_attempt(store, second, at(3, 15, 1), "mouse.click")
    add_attempt(store, second, at(3, 15, 2), "mouse.click")
    store.record_events(
        [
            event(done, "shown", 0),
            event(done, "finished", 800, step_id=None, stars=3),
            event(done, "finished", 900, step_id=None, stars=3),  # counted once
        ]
    )
    store.end_session(second, reason="animator", ended_at=at(3, 15, 30))

    summaries = store.sessions_between(at(3, 0), at(4, 0))
    assert [s.session_id for s in summaries] == [second, first]
    newest, oldest = summaries
    assert isinstance(newest, SessionSummary)
    assert is_pseudonym(newest.pseudonym)
    assert newest.pseudonym != oldest.pseudonym
    assert (newest.language, newest.started_at) == ("fr", at(3, 15))
    assert (newest.ended_at, newest.end_reason) == (at(3, 15, 30), "animator")
    assert (newest.attempts, newest.finished_attempts) == (2, 1)
    assert (oldest.attempts, oldest.finished_attempts) == (0, 0)
    assert (oldest.ended_at, oldest.end_reason) == (None, None)


def test_data_survives_closing_and_reopening_the_file(db_url: str) -> None:
    with Store(db_url) as store:
        session_id = open_session(store, at(3, 10))
        attempt_id = add_attempt(store, session_id, at(3, 10, 1), "mouse.click")
        store.record_events(
            [event(attempt_id, "shown", 0), event(attempt_id, "finished", 500, stars=1)]
        )
        store.end_session(session_id, reason="finished", ended_at=at(3, 10, 2))
        expected_sessions = store.sessions_between(at(3, 0), at(4, 0))
        expected_attempts = store.attempt_summaries(session_id)

    with Store(db_url) as reopened:
        assert reopened.sessions_between(at(3, 0), at(4, 0)) == expected_sessions
        assert reopened.attempt_summaries(session_id) == expected_attempts
        assert reopened.open_sessions() == []
        assert expected_attempts[0].stars == 1


def test_ids_are_unique_across_many_learners(store: Store) -> None:
    learners = [store.new_learner() for _ in range(50)]
    assert len({learner_id for learner_id, _ in learners}) == 50
    assert len({pseudonym for _, pseudonym in learners}) == 50
