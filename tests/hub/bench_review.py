"""How fast the review queries are on a hub holding many statements (a figure, not a test).

``python tests/hub/bench_review.py [--statements 100000] [--database sqlite:///…]``
fills a fresh database with learners practising the bundled scenarios (statements made by
the kiosk's builders, as in the review tests; one scenario in six is ``email.attach``),
then times each query of :mod:`kiosk.hub.review_queries` and of the coordinator's
:mod:`kiosk.hub.network_stats` a few times and prints the median in milliseconds. Run it
from the repository root.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_kit import HARD_SCENARIO, MONDAY, KioskSession, catalogue  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from kiosk.hub.db import open_database  # noqa: E402
from kiosk.hub.models import Statement, Terminal  # noqa: E402
from kiosk.hub.network_stats import (  # noqa: E402
    NetworkFilter,
    Period,
    digcomp_levels,
    exercises,
    help_calls,
    sessions_by_week,
)
from kiosk.hub.review_digcomp import digcomp_summary  # noqa: E402
from kiosk.hub.review_export import ExportFilter, export_rows  # noqa: E402
from kiosk.hub.review_funnel import funnel, learners_behind  # noqa: E402
from kiosk.hub.review_queries import LearnerKey, learners, scenario_uses  # noqa: E402
from kiosk.hub.review_timeline import learner_competences, timeline  # noqa: E402
from kiosk.store.pseudonym import WORDS  # noqa: E402
from kiosk.sync import xapi  # noqa: E402

EPN = "K7QF2MZP"
TERMINALS = [f"{i:032x}" for i in range(1, 7)]


def fill(session: Any, target: int, seed: int = 7) -> int:
    """Add about ``target`` statements: learners coming back over weeks, several scenarios a visit."""
    rng = random.Random(seed)
    ids = sorted(catalogue().scenarios)
    weights = [5.0 if sid == HARD_SCENARIO else 1.0 for sid in ids]
    for i, terminal in enumerate(TERMINALS):
        session.add(Terminal(id=terminal, label=f"Borne {i + 1}", epn_id=EPN, epn_public_key="x" * 43,
                             token_hash=f"{i:064x}"))
    session.commit()
    made = 0
    batch: list[dict[str, Any]] = []
    visit_index = 0
    while made < target:
        pseudonym = f"{rng.choice(WORDS)}-{rng.randrange(10_000):04d}"
        learner = xapi.Learner(origin_epn=EPN, pseudonym=pseudonym)
        for _ in range(rng.randint(1, 4)):  # visits of this learner
            start = MONDAY + timedelta(hours=visit_index * 0.3)
            visit_index += 1
            terminal = rng.choice(TERMINALS)
            language = rng.choice(["fr", "fr", "ar", "uk", "tr"])
            visit = KioskSession(learner, terminal, start, language=language)
            for _ in range(rng.randint(1, 4)):
                sc = catalogue().scenarios[rng.choices(ids, weights)[0]]
                hard = sc.steps[len(sc.steps) // 2].id
                stop = hard if rng.random() < 0.2 else None
                visit.practise(sc.id, errors={hard: rng.randint(0, 3)},
                               hints={hard: [1, 2][: rng.randint(0, 2)]}, seconds={hard: rng.uniform(10, 80)},
                               stop_at=stop, stars=rng.randint(1, 3))
                if rng.random() < 0.1:
                    visit.call_for_help()
            for statement in visit.end():
                f = xapi.read_fields(statement)
                batch.append(dict(
                    id=f.id, stored_at=f.timestamp, timestamp=f.timestamp, terminal_id=terminal,
                    actor_home=f.actor_home, actor_name=f.actor_name, verb=f.verb, object_id=f.object_id,
                    scenario_id=f.scenario_id, step_id=f.step_id, registration=f.registration,
                    session_id=f.session_id, success=f.success, score_raw=f.score_raw,
                    hint_level=f.hint_level, t_offset_ms=f.t_offset_ms, language=f.language,
                    seq=f.seq, body=xapi.canonical_json(statement)))
            if len(batch) >= 5000:
                session.execute(insert(Statement), batch)
                session.commit()
                made += len(batch)
                batch = []
    if batch:
        session.execute(insert(Statement), batch)
        session.commit()
        made += len(batch)
    return made


def timed(label: str, call: Callable[[], Any], rounds: int = 5) -> Any:
    times, result = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - began) * 1000)
    print(f"{label:<48} {statistics.median(times):8.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--database", default=None, help="a SQLAlchemy URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'hub.db'}"
        engine, sessions = open_database(url)
        with sessions() as session:
            began = time.perf_counter()
            made = fill(session, args.statements)
            print(f"{made} statements stored in {time.perf_counter() - began:.1f} s")
            book = catalogue()
            busiest = session.execute(
                select(Statement.actor_home, Statement.actor_name, func.count().label("n"))
                .group_by(Statement.actor_home, Statement.actor_name).order_by(func.count().desc()).limit(1)
            ).one()
            who = LearnerKey(busiest[0], busiest[1])
            f = timed(f"funnel {HARD_SCENARIO} (busiest scenario)",
                      lambda: funnel(session, book, HARD_SCENARIO))
            print(f"  {f.attempts} attempts, hardest step: {f.hardest.step_id if f.hardest else None}")
            if f.hardest is not None:
                hard = f.hardest.step_id
                behind = timed("learners behind its hardest step", lambda: learners_behind(session, f, hard))
                print(f"  {len(behind)} learners")
            timed("funnel mouse.click", lambda: funnel(session, book, "mouse.click"))
            t = timed(f"timeline of the busiest learner ({busiest[2]} statements)",
                      lambda: timeline(session, book, who))
            print(f"  {len(t.sessions)} sessions, {len(t.attempts)} attempts")
            timed("its DigComp summary", lambda: learner_competences(t, book))
            timed("overview: scenario uses", lambda: scenario_uses(session, book))
            timed("overview: 200 most recent learners", lambda: learners(session))
            timed("overview: pseudonym search", lambda: learners(session, search="tulipe"))
            timed("DigComp summary", lambda: digcomp_summary(session, book))
            mine = ExportFilter(learner=who)
            timed("export rows of one learner", lambda: sum(1 for _ in export_rows(session, book, mine)))
            timed("export rows of everything", lambda: sum(1 for _ in export_rows(session, book)), rounds=1)
            year = NetworkFilter(Period(MONDAY.date(), MONDAY.date() + timedelta(days=364)))
            weeks = timed("network: sessions per EPN per week (a year)",
                          lambda: sessions_by_week(session, year))
            print(f"  {len(weeks)} weeks with sessions, {sum(w.sessions for w in weeks)} sessions")
            timed("network: most practised exercises", lambda: exercises(session, book, year, "practised"))
            timed("network: hardest exercises", lambda: exercises(session, book, year, "hardest"))
            timed("network: DigComp levels", lambda: digcomp_levels(session, book, year))
            timed("network: help calls", lambda: help_calls(session, year))
        engine.dispose()


if __name__ == "__main__":
    main()
