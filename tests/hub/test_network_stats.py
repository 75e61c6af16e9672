"""The coordinator's totals on a real database holding two EPNs over two weeks.

A SQLite file always, PostgreSQL too when ``KIOSK_TEST_PG_URL`` is set. The seed is
:func:`network_kit.seed_network`; every expected number below is counted by hand from it:

- week 1, EPN A: the morning class of ``review_kit`` — 5 sessions and learners, 6
  exercises opened (5 × "Envoyer son CV", Tulipe's "Cliquer"), 3 finished; on the CV 13
  wrong answers and 7 hints; EPN B: its own Tulipe-0412 sends a CV (1 error, 2 stars);
- week 2, EPN A: Tulipe-0412 again (CV, 3 stars), Tilleul-0100 (reply with 1 star, CV with
  1 star); EPN B: Pinson-0777 (clicks, 3 stars; gives the CV up after 5 errors, 2 hints),
  Sambre-0333 at 00:30 on Monday in Brussels (clicks, 2 errors, 3 stars);
- help calls: A waited 30 s and 90 s in week 1 and called unanswered in week 2; B waited
  20 s in week 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from network_kit import EPN_A, EPN_B, WEEK_1, WEEK_2, seed_network
from review_kit import catalogue
from sqlalchemy.orm import Session

from kiosk.hub.db import open_database
from kiosk.hub.network_stats import (
    NetworkFilter,
    Period,
    digcomp_levels,
    exercises,
    help_calls,
    network_epns,
    network_help,
    network_levels,
    sessions_by_week,
)

BOTH_WEEKS = Period(WEEK_1, WEEK_2 + timedelta(days=6))


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    engine, sessions = open_database(db_url)
    with sessions() as session:
        seed_network(session)
        yield session
    engine.dispose()


def test_sessions_per_epn_per_week(db: Session) -> None:
    rows = sessions_by_week(db, NetworkFilter(BOTH_WEEKS))
    assert [(r.monday, r.epn, r.sessions, r.learners, r.attempts, r.completions) for r in rows] == [
        (WEEK_1, EPN_A, 5, 5, 6, 3), (WEEK_1, EPN_B, 1, 1, 1, 1),
        (WEEK_2, EPN_A, 2, 2, 3, 3), (WEEK_2, EPN_B, 2, 2, 3, 2)]


def test_most_practised_and_hardest_exercises(db: Session) -> None:
    which = NetworkFilter(BOTH_WEEKS)
    practised = exercises(db, catalogue(), which, "practised")
    assert [(e.scenario_id, e.title, e.attempts, e.completions, e.learners, e.errors, e.hints)
            for e in practised] == [
        ("email.attach", "Envoyer son CV", 9, 5, 8, 19, 9),  # the two Tulipe-0412 are two learners
        ("mouse.click", "Cliquer", 3, 3, 3, 2, 0),
        ("email.reply", "Répondre à un e-mail", 1, 1, 1, 0, 0)]
    assert [e.average_stars for e in practised] == [pytest.approx(2.2), pytest.approx(3.0),
                                                    pytest.approx(1.0)]
    hardest = exercises(db, catalogue(), which, "hardest")
    # opened at least 3 times, most (errors + hints) per attempt first: 28/9, then 2/3
    assert [(e.scenario_id, round(e.trouble_per_attempt or 0, 2)) for e in hardest] == [
        ("email.attach", 3.11), ("mouse.click", 0.67)]
    first = exercises(db, catalogue(), which, "practised", limit=1)
    assert [e.scenario_id for e in first] == ["email.attach"]


def test_digcomp_levels_per_epn_and_for_the_network(db: Session) -> None:
    rows = digcomp_levels(db, catalogue(), NetworkFilter(BOTH_WEEKS))
    # "Envoyer son CV" (level 2) shows 2.2 and 1.3: level 2 with 2 stars or more, 1 with one
    assert [(r.epn, r.code, r.learners) for r in rows] == [
        (EPN_A, "1.1", (1, 0)), (EPN_A, "1.3", (1, 2)), (EPN_A, "2.1", (1, 0)), (EPN_A, "2.2", (1, 2)),
        (EPN_B, "1.1", (2, 0)), (EPN_B, "1.3", (0, 1)), (EPN_B, "2.2", (0, 1))]
    assert rows[0].title == "Naviguer, chercher et filtrer des informations"
    assert [(r.code, r.learners) for r in network_levels(rows)] == [
        ("1.1", (3, 0)), ("1.3", (1, 3)), ("2.1", (1, 0)), ("2.2", (1, 3))]


def test_help_calls_answered_and_waiting_time(db: Session) -> None:
    rows = help_calls(db, NetworkFilter(BOTH_WEEKS))
    assert [(r.epn, r.calls, r.answered, r.quickly, r.waited_seconds, r.longest_seconds) for r in rows] == [
        (EPN_A, 3, 2, 1, 120, 90), (EPN_B, 1, 1, 1, 20, 20)]
    assert rows[0].average_seconds == 60
    total = network_help(rows)
    assert (total.calls, total.answered, total.quickly, total.longest_seconds) == (4, 3, 2, 90)
    assert total.average_seconds == pytest.approx(140 / 3)


def test_one_epn(db: Session) -> None:
    only_b = NetworkFilter(BOTH_WEEKS, EPN_B)
    assert [(r.monday, r.epn, r.sessions, r.attempts) for r in sessions_by_week(db, only_b)] == [
        (WEEK_1, EPN_B, 1, 1), (WEEK_2, EPN_B, 2, 3)]
    # two attempts each: a tie, broken by id
    practised = exercises(db, catalogue(), only_b, "practised")
    assert [(e.scenario_id, e.attempts, e.learners) for e in practised] == [
        ("email.attach", 2, 2), ("mouse.click", 2, 2)]
    assert exercises(db, catalogue(), only_b, "hardest") == []  # nothing opened 3 times at B
    assert {r.epn for r in digcomp_levels(db, catalogue(), only_b)} == {EPN_B}
    assert [(r.epn, r.calls) for r in help_calls(db, only_b)] == [(EPN_B, 1)]


def test_period_follows_brussels_days(db: Session) -> None:
    week_2 = NetworkFilter(Period(WEEK_2, WEEK_2 + timedelta(days=6)))
    weeks = sessions_by_week(db, week_2)
    assert [(r.epn, r.sessions, r.learners, r.attempts, r.completions) for r in weeks] == [
        (EPN_A, 2, 2, 3, 3), (EPN_B, 2, 2, 3, 2)]  # Sambre-0333 at 00:30 on Monday is week 2
    helped = help_calls(db, week_2)
    assert [(r.epn, r.calls, r.answered, r.longest_seconds) for r in helped] == [(EPN_A, 1, 0, None)]
    sunday = NetworkFilter(Period(WEEK_1, WEEK_2 - timedelta(days=1)))
    assert [(r.epn, r.sessions) for r in sessions_by_week(db, sunday)] == [(EPN_A, 5), (EPN_B, 1)]
    assert [(e.scenario_id, e.attempts) for e in exercises(db, catalogue(), sunday, "practised")] == [
        ("email.attach", 6), ("mouse.click", 1)]
    nothing = NetworkFilter(Period(date(2027, 1, 4), date(2027, 1, 10)))
    assert sessions_by_week(db, nothing) == [] and help_calls(db, nothing) == []
    assert digcomp_levels(db, catalogue(), nothing) == []
    assert exercises(db, catalogue(), nothing, "hardest") == []


def test_the_epns_known_to_the_hub(db: Session) -> None:
    assert network_epns(db) == [EPN_A, EPN_B]


def test_weeks_are_local_mondays_cut_at_the_period_ends() -> None:
    weeks = Period(date(2026, 11, 25), date(2026, 12, 8)).weeks()
    assert [w.monday for w in weeks] == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)]
    assert weeks[0].start == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Wednesday 00:00 in Brussels
    assert weeks[-1].end == datetime(2026, 12, 8, 23, 0, tzinfo=UTC)
    # summer time starts on Sunday 28 March 2027: the next week starts at 22:00 UTC
    spring = Period(date(2027, 3, 22), date(2027, 4, 4)).weeks()
    assert [(w.start, w.end) for w in spring] == [
        (datetime(2027, 3, 21, 23, 0, tzinfo=UTC), datetime(2027, 3, 28, 22, 0, tzinfo=UTC)),
        (datetime(2027, 3, 28, 22, 0, tzinfo=UTC), datetime(2027, 4, 4, 22, 0, tzinfo=UTC))]
