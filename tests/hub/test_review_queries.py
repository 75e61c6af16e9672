"""The review queries on a real database, with statements made by the kiosk's builders.

A SQLite file always, PostgreSQL too when ``KIOSK_TEST_PG_URL`` is set. A Monday-morning
class of five pseudonymous learners practises "Envoyer son CV" (``email.attach``); its
third step, "Cliquez sur Joindre un fichier.", is hard for all of them. What a trainer
reads on the pages comes from these results.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from review_kit import (
    HARD_SCENARIO,
    HARD_STEP,
    MONDAY,
    KioskSession,
    catalogue,
    morning_class,
    store_statements,
)
from sqlalchemy.orm import Session

from kiosk.hub.db import open_database
from kiosk.hub.models import Terminal
from kiosk.hub.review_digcomp import digcomp_summary
from kiosk.hub.review_export import ExportFilter, export_rows
from kiosk.hub.review_funnel import funnel, learners_behind
from kiosk.hub.review_queries import LearnerKey, epn_labels, learners, scenario_uses
from kiosk.hub.review_timeline import timeline
from kiosk.sync import xapi

TERMINAL = "a" * 32


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    """A hub database (a SQLite file; and PostgreSQL when KIOSK_TEST_PG_URL is set) holding
    the morning class."""
    engine, sessions = open_database(db_url)
    with sessions() as session:
        session.add(Terminal(id=TERMINAL, label="Borne accueil", epn_id="K7QF2MZP",
                             epn_public_key="x" * 43, token_hash="0" * 64))
        session.commit()
        for statements in morning_class(TERMINAL).values():
            store_statements(session, statements)
        yield session
    engine.dispose()


def test_funnel_counts_reach_stops_and_marks_the_hard_step(db: Session) -> None:
    f = funnel(db, catalogue(), HARD_SCENARIO)
    assert (f.title, f.attempts, f.completions, f.learners) == ("Envoyer son CV", 5, 2, 5)
    assert f.average_stars == pytest.approx(2.5)
    by_id = {s.step_id: s for s in f.steps}
    assert [s.step_id for s in f.steps] == ["open", "reply", "attach", "documents", "cv", "choose", "send"]
    assert [s.reached for s in f.steps] == [5, 5, 5, 3, 2, 2, 2]
    assert {s.step_id: s.stopped for s in f.steps if s.stopped} == {"attach": 2, "documents": 1}
    attach = by_id[HARD_STEP]
    assert (attach.number, attach.errors, attach.hints) == (3, 12, 7)
    assert attach.text == "Cliquez sur Joindre un fichier."
    assert attach.difficulty == pytest.approx(19 / 5)
    # Only the three attempts that went on to "documents" time the step: 60.8, 40.8, 6.8 s.
    assert (attach.timed, attach.median_seconds) == (3, pytest.approx(40.8))
    assert f.hardest is attach
    assert [s.step_id for s in f.steps if s.hardest] == [HARD_STEP]
    assert by_id["open"].errors == 1 and by_id["send"].median_seconds == pytest.approx(7.8)  # to "completed"


def test_learners_behind_the_hard_step_most_trouble_first(db: Session) -> None:
    f = funnel(db, catalogue(), HARD_SCENARIO)
    behind = learners_behind(db, f, HARD_STEP)
    assert [(b.learner.pseudonym, b.attempts, b.errors, b.hints, b.stopped) for b in behind] == [
        ("Merle-0007", 1, 4, 3, 0), ("Tulipe-0412", 1, 3, 2, 0), ("Lilas-0042", 1, 2, 1, 1),
        ("Saule-1234", 1, 2, 1, 0), ("Meuse-5150", 1, 1, 0, 1)]
    assert learners_behind(db, f, "send") == []  # nobody struggled there
    assert [b.learner.pseudonym for b in learners_behind(db, f, "open")] == ["Meuse-5150"]


def test_a_scenario_nobody_struggled_with_has_no_hardest_step(db: Session) -> None:
    f = funnel(db, catalogue(), "mouse.click")
    assert (f.attempts, f.completions) == (1, 1)
    assert f.hardest is None
    untouched = funnel(db, catalogue(), "video.join")
    assert (untouched.attempts, untouched.hardest, untouched.average_stars) == (0, None, None)
    assert all(s.reached == 0 and s.median_seconds is None for s in untouched.steps)


def test_timeline_tells_one_learner_story_in_order(db: Session) -> None:
    who = LearnerKey.of("K7QF2MZP", "Tulipe-0412")
    t = timeline(db, catalogue(), who)
    assert who.epn == "K7QF2MZP" and len(t.sessions) == 1
    visit = t.sessions[0]
    assert visit.terminal == "Borne accueil" and visit.help_calls == 1 and visit.ended is not None
    kinds = [type(i).__name__ for i in visit.items]
    assert kinds == ["AttemptTrail", "Moment", "AttemptTrail"]  # mouse, help call, e-mail
    mouse, call, mail = visit.items
    assert call.kind == "help_call" and mouse.started < call.at < mail.started
    assert (mail.title, mail.outcome, mail.stars, mail.errors, mail.hints) == ("Envoyer son CV", "completed",
                                                                               2, 3, 2)
    times = [m.at for m in mail.moments]
    assert times == sorted(times)
    attach = [m for m in mail.moments if m.step_id == HARD_STEP]
    assert [m.kind for m in attach] == ["shown", "wrong", "hint", "wrong", "hint", "wrong", "right"]
    assert attach[0].step_number == 3 and attach[0].step_count == 7
    assert attach[0].step_text == "Cliquez sur Joindre un fichier."
    assert [m.hint_name for m in attach if m.kind == "hint"] == ["consigne répétée", "endroit montré"]
    assert (t.completions, t.errors, t.hints, t.help_calls) == (2, 3, 2, 1)
    assert t.best_stars == {"mouse.click": 3, HARD_SCENARIO: 2}


def test_a_help_call_during_an_exercise_shows_at_its_step(db: Session) -> None:
    t = timeline(db, catalogue(), LearnerKey.of("K7QF2MZP", "Meuse-5150"))
    (attempt,) = t.attempts
    assert attempt.outcome == "abandoned" and t.help_calls == 1
    attach = next(v for v in attempt.visits if v.step_id == HARD_STEP)
    assert [m.kind for m in attach.moments] == ["help_call", "wrong"]
    assert attach.number == 3


def test_same_pseudonym_at_another_epn_is_another_learner(db: Session) -> None:
    other = xapi.Learner(origin_epn="ZZZZZZZZ", pseudonym="Tulipe-0412")
    visit = KioskSession(other, TERMINAL, MONDAY + timedelta(days=1))
    visit.practise("mouse.click")
    store_statements(db, visit.end())
    assert len(timeline(db, catalogue(), LearnerKey.of("K7QF2MZP", "Tulipe-0412")).attempts) == 2
    assert len(timeline(db, catalogue(), LearnerKey.of("ZZZZZZZZ", "Tulipe-0412")).attempts) == 1
    seen = learners(db, search="tulipe")
    assert [(s.learner.epn, s.learner.pseudonym) for s in seen] == [("ZZZZZZZZ", "Tulipe-0412"),
                                                                   ("K7QF2MZP", "Tulipe-0412")]
    assert learners(db, search="100%_") == []


def test_overview_lists_every_catalogue_scenario_with_its_use(db: Session) -> None:
    uses = {u.scenario_id: u for u in scenario_uses(db, catalogue())}
    assert set(catalogue().scenarios) <= set(uses)
    assert (uses[HARD_SCENARIO].attempts, uses[HARD_SCENARIO].completions) == (5, 2)
    assert uses["video.join"].attempts == 0
    assert epn_labels(db) == {"K7QF2MZP": "K7QF2MZP (borne : Borne accueil)"}
    assert epn_labels(db, {"K7QF2MZP": "EPN de Namur"}) == {"K7QF2MZP": "EPN de Namur (K7QF2MZP)"}


def test_digcomp_summary_per_competence(db: Session) -> None:
    rows = {c.code: c for c in digcomp_summary(db, catalogue())}
    # email.attach practises 2.2 (sharing) and 1.3 (managing data); mouse.click 1.1.
    sharing = rows["2.2"]
    assert sharing.title == "Partager en ligne" and sharing.area == "Communication et collaboration"
    assert (sharing.learners, sharing.attempts, sharing.completions) == (5, 5, 2)
    assert sharing.average_stars == pytest.approx(2.5)
    assert sharing.target_levels == (2,)
    # Both finishers showed level 2 (2 and 3 stars on a level-2 scenario).
    assert [(lc.level, lc.learners) for lc in sharing.reached] == [(2, 2)]
    assert rows["1.1"].learners == 1 and rows["1.1"].attempts >= 1
    # The three who stopped have not shown level 2 yet: listed behind the competence.
    assert [(n.learner.pseudonym, n.attempts, n.level, n.target) for n in sharing.not_yet] == [
        ("Lilas-0042", 1, 0, 2), ("Merle-0007", 1, 0, 2), ("Meuse-5150", 1, 0, 2)]
    assert rows["1.1"].not_yet == ()
    codes = list(rows)
    assert codes == sorted(codes, key=lambda c: tuple(int(p) for p in c.split(".")))


def test_export_rows_follow_time_and_filters(db: Session) -> None:
    rows = list(export_rows(db, catalogue()))
    assert len(rows) == sum(1 for _ in export_rows(db, catalogue(), ExportFilter()))
    assert [r.timestamp for r in rows] == sorted(r.timestamp for r in rows)
    assert {r.terminal for r in rows} == {"Borne accueil"}
    finished = [r for r in rows if r.verb == "completed"]
    assert sorted(r.stars for r in finished) == [2, 3, 3]
    mine = list(export_rows(db, catalogue(), ExportFilter(learner=LearnerKey.of("K7QF2MZP", "Saule-1234"))))
    assert mine and {r.pseudonym for r in mine} == {"Saule-1234"} and {r.epn for r in mine} == {"K7QF2MZP"}
    hard = list(export_rows(db, catalogue(), ExportFilter(scenario_id=HARD_SCENARIO)))
    assert {r.scenario_id for r in hard} == {HARD_SCENARIO}
    later = list(export_rows(db, catalogue(), ExportFilter(since=MONDAY + timedelta(minutes=25))))
    assert later and {r.pseudonym for r in later} == {"Lilas-0042"}
