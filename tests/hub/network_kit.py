"""Two EPNs of a network over two weeks, for the coordinator's tests: statements made by the
kiosk's builders (:mod:`review_kit`), terminals and the room's help calls.

EPN **A** (``K7QF2MZP``, terminal "Borne Ciney") and EPN **B** (``R4VD8NQT``, terminal
"Borne Dinant"). The numbers the tests expect are worked out by hand in
``test_network_stats.py``; every pseudonym used is in :data:`PSEUDONYMS`, so a test can
check that none reaches a page or a CSV file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from review_kit import MONDAY, KioskSession, morning_class, store_statements
from sqlalchemy.orm import Session

from kiosk.hub.models import HelpCall, Terminal
from kiosk.sync import xapi

EPN_A, EPN_B = "K7QF2MZP", "R4VD8NQT"
TERMINAL_A, TERMINAL_B = "a" * 32, "b" * 32
WEEK_1, WEEK_2 = date(2026, 11, 23), date(2026, 11, 30)  # Mondays
#: Every pseudonym of the seed (the same "Tulipe-0412" at both EPNs: two learners).
PSEUDONYMS = ("Tulipe-0412", "Saule-1234", "Merle-0007", "Meuse-5150", "Lilas-0042", "Tilleul-0100",
              "Pinson-0777", "Sambre-0333")


def _visit(epn: str, pseudonym: str, terminal: str, start: datetime) -> KioskSession:
    return KioskSession(xapi.Learner(origin_epn=epn, pseudonym=pseudonym), terminal, start)


def seed_network(session: Session) -> None:
    """The two EPNs' terminals, statements and help calls (committed)."""
    session.add_all([
        Terminal(id=TERMINAL_A, label="Borne Ciney", epn_id=EPN_A, epn_public_key="x" * 43,
                 token_hash="1" * 64),
        Terminal(id=TERMINAL_B, label="Borne Dinant", epn_id=EPN_B, epn_public_key="y" * 43,
                 token_hash="2" * 64),
    ])
    session.commit()
    # Week 1, EPN A: the morning class (5 learners, 5 sessions; Tulipe also clicks and calls).
    for statements in morning_class(TERMINAL_A, epn=EPN_A).values():
        store_statements(session, statements)
    # Week 1, EPN B: another Tulipe-0412 (a learner of B) sends a CV, 1 error, 2 stars.
    visit = _visit(EPN_B, "Tulipe-0412", TERMINAL_B, MONDAY + timedelta(hours=2))
    visit.practise("email.attach", errors={"attach": 1}, stars=2)
    store_statements(session, visit.end())
    # Week 2, EPN A: Tulipe-0412 comes back (3 stars, no mistake); Tilleul-0100 finishes two
    # exercises with the demo (1 star each).
    week2 = MONDAY + timedelta(days=7)
    visit = _visit(EPN_A, "Tulipe-0412", TERMINAL_A, week2)
    visit.practise("email.attach", stars=3)
    store_statements(session, visit.end())
    visit = _visit(EPN_A, "Tilleul-0100", TERMINAL_A, week2 + timedelta(hours=1))
    visit.practise("email.reply", stars=1)
    visit.practise("email.attach", stars=1)
    store_statements(session, visit.end())
    # Week 2, EPN B: Pinson-0777 clicks (3 stars) then gives up the CV at "attach" (5 errors,
    # 2 hints); Sambre-0333 comes at 00:30 on Monday, Brussels time (23:30 UTC on Sunday),
    # and clicks with 2 errors.
    visit = _visit(EPN_B, "Pinson-0777", TERMINAL_B, week2 + timedelta(hours=3))
    visit.practise("mouse.click", stars=3)
    visit.practise("email.attach", errors={"attach": 5}, hints={"attach": [1, 2]}, stop_at="attach")
    store_statements(session, visit.end())
    visit = _visit(EPN_B, "Sambre-0333", TERMINAL_B, datetime(2026, 11, 29, 23, 30, tzinfo=UTC))
    visit.practise("mouse.click", errors={"cup": 2}, stars=3)
    store_statements(session, visit.end())
    # The room's help calls: A waited 30 s and 90 s in week 1, and called once unanswered in
    # week 2; B waited 20 s in week 1.
    calls = [
        ("c1", TERMINAL_A, EPN_A, MONDAY + timedelta(minutes=10), 30),
        ("c2", TERMINAL_A, EPN_A, MONDAY + timedelta(minutes=40), 90),
        ("c3", TERMINAL_A, EPN_A, week2 + timedelta(minutes=5), None),
        ("c4", TERMINAL_B, EPN_B, MONDAY + timedelta(hours=2, minutes=3), 20),
    ]
    for call_id, terminal, epn, at, waited in calls:
        answered = None if waited is None else at + timedelta(seconds=waited)
        session.add(HelpCall(id=call_id * 16, terminal_id=terminal, epn_id=epn, called_at=at,
                             answered_at=answered, wait_seconds=waited, ended_at=at + timedelta(minutes=3)))
    session.commit()
