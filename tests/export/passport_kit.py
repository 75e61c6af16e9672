"""Helpers for the passport tests: real kiosk homes, real SQLite files, the shipped content.

Two kiosks ("A" and "B") are two homes with their own keys and databases, as two EPNs
would be. Practice is written to the store the way the kiosk writes it (sessions,
attempts, step events), never faked in the tables.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.engine.catalogue import Catalogue, load_catalogue
from kiosk.engine.selfcheck import ANSWERS, QUESTIONS
from kiosk.export.passport import Passport
from kiosk.export.record import ProgressRecord
from kiosk.store.progress import AnswerSet, ScenarioResult
from kiosk.store.repository import EventRow, Store

TODAY = date(2026, 11, 23)


@cache
def catalogue() -> Catalogue:
    return load_catalogue(BUNDLED_SCENARIOS)


@dataclass
class Kiosk:
    """One EPN: its home (keys), its store, its passport office."""

    home: Path
    store: Store
    passport: Passport
    terminal_id: str

    def visit(self, learner_id: str, when: datetime) -> str:
        """A session of ``learner_id`` starting at ``when``; returns its id."""
        session_id = uuid.uuid4().hex
        self.store.start_session(session_id=session_id, terminal_id=self.terminal_id,
                                 learner_id=learner_id, language="fr", started_at=when)
        return session_id

    def practise(self, session_id: str, scenario_id: str, *, stars: int | None, hint: int = 0,
                 when: datetime) -> None:
        """One attempt as the kiosk logs it; ``stars=None``: abandoned before the end."""
        attempt_id = uuid.uuid4().hex
        self.store.record_attempt(attempt_id=attempt_id, session_id=session_id,
                                  scenario_id=scenario_id, scenario_version=1, language="fr",
                                  device="touch", started_at=when)
        events = [EventRow(id=uuid.uuid4().hex, attempt_id=attempt_id, step_id="s1",
                           kind="shown", t_offset_ms=0)]
        if hint:
            events.append(EventRow(id=uuid.uuid4().hex, attempt_id=attempt_id, step_id="s1",
                                   kind="hint", t_offset_ms=500, hint_level=hint))
        if stars is None:
            events.append(EventRow(id=uuid.uuid4().hex, attempt_id=attempt_id, step_id=None,
                                   kind="abandoned", t_offset_ms=900))
        else:
            events.append(EventRow(id=uuid.uuid4().hex, attempt_id=attempt_id, step_id=None,
                                   kind="finished", t_offset_ms=1000, stars=stars))
        self.store.record_events(events)


def open_kiosk(root: Path, name: str, **passport_options: object) -> Kiosk:
    home = root / name
    store = Store(f"sqlite:///{home / 'kiosk.sqlite3'}")
    passport = Passport(home=home, scenarios=catalogue().scenarios.values(),
                        epn_name=f"EPN {name}", **passport_options)  # type: ignore[arg-type]
    return Kiosk(home=home, store=store, passport=passport,
                 terminal_id=store.ensure_terminal(f"EPN {name}"))


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def big_record(passport: Passport, *, scenarios: int = 40, seed: int = 1,
               today: date = TODAY) -> ProgressRecord:
    """A full record: ``scenarios`` results, three self-assessments, a dozen competences."""
    rnd = random.Random(seed)
    ids = sorted(catalogue().scenarios)
    ids += [f"more.scenario_{i}" for i in range(scenarios - len(ids))]
    results = tuple(ScenarioResult(scenario_id=i, best_stars=rnd.randint(1, 3),
                                   times_done=rnd.randint(1, 15), max_hint_level=rnd.randint(0, 3))
                    for i in ids[:scenarios])
    sets = tuple(AnswerSet(asked_on=today - timedelta(days=d),
                           answers={q.id: rnd.choice(ANSWERS) for q in QUESTIONS})
                 for d in (200, 90, 0))
    competences = {f"digcomp:2.2:{c}": rnd.randint(1, 3) for c in
                   ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.5", "2.6", "3.1", "4.2", "5.1", "5.2")}
    return ProgressRecord(pseudonym="Hirondelle-4821", issuer=passport.epn_id,
                          origin=passport.epn_id, issued=today, expires=today + timedelta(days=365),
                          results=results, answer_sets=sets, competences=competences)
