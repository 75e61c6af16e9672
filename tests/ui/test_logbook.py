"""The logbook's sessions: a new learner each time, or the learner who came back with a
code (resume). Through the real store writer thread and a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store.writer import StoreWriter
from kiosk.ui.logbook import Logbook


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[StoreWriter]:
    opened = StoreWriter(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    yield opened
    opened.close()


def learner_of(writer: StoreWriter, session_id: str) -> str:
    learner = writer.call(lambda store: store.learner_of_session(session_id))
    assert learner is not None
    return learner.id


def test_a_session_continues_the_learner_it_is_given(writer: StoreWriter) -> None:
    logbook = Logbook(writer, "EPN test")
    first = logbook.start_session("fr")
    writer.flush()
    learner, pseudonym = logbook.learner_id, logbook.pseudonym
    assert learner == learner_of(writer, first) and pseudonym
    logbook.end_session("finished")
    assert logbook.learner_id is None and logbook.pseudonym is None

    again = logbook.start_session("ar", learner_id=learner)
    writer.flush()
    assert again != first
    assert learner_of(writer, again) == learner
    assert (logbook.learner_id, logbook.pseudonym) == (learner, pseudonym)
    logbook.end_session("finished")

    fresh = logbook.start_session("fr")
    writer.flush()
    assert learner_of(writer, fresh) != learner


def test_an_unknown_learner_id_starts_a_new_learner(writer: StoreWriter) -> None:
    logbook = Logbook(writer, "EPN test")
    session = logbook.start_session("fr", learner_id="no-such-learner")
    writer.flush()
    assert learner_of(writer, session) != "no-such-learner"
    assert logbook.learner_id == learner_of(writer, session)


def test_every_write_queues_its_xapi_statements_in_the_outbox(writer: StoreWriter) -> None:
    import json

    from kiosk.config import BUNDLED_SCENARIOS
    from kiosk.engine import load_catalogue
    from kiosk.engine.runner import Event
    from kiosk.sync import xapi

    scenario = load_catalogue(BUNDLED_SCENARIOS, ("fr",)).scenarios["email.reply"]
    logbook = Logbook(writer, "EPN test", epn_id="0123456789abcdef")
    logbook.start_session("tr")
    logbook.start_attempt(scenario, "tr", "touch")
    first, second = scenario.steps[0].id, scenario.steps[1].id
    logbook.record([Event("shown", first, 0, 0), Event("wrong", first, 900, 0),
                    Event("hint", first, 4000, 2), Event("correct", first, 5000, 2),
                    Event("shown", second, 5000, 0), Event("finished", None, 9000, 2, stars=2)])
    logbook.call_for_help("tr")
    logbook.end_session("finished")
    writer.flush()
    due = writer.call(lambda s: s.outbox_due(xapi.parse_timestamp("2100-01-01T00:00:00Z")))
    statements = [json.loads(body) for _id, body in due]
    assert [xapi.read_fields(s).verb for s in statements] == [
        "initialized", "attempted", "progressed", "answered", "asked", "answered", "progressed",
        "completed", "asked", "terminated"]
    # numbered in the order written: "right" and the next step keep their order on the hub
    assert [xapi.read_fields(s).seq for s in statements] == list(range(10))
    for s in statements:
        assert xapi.validate_statement(s) == []
        assert s["actor"]["account"]["homePage"].endswith("/epn/0123456789abcdef")
        assert s["actor"]["account"]["name"] == logbook_pseudonym(writer, s)
    done = xapi.read_fields(statements[7])
    assert (done.scenario_id, done.score_raw, done.language) == ("email.reply", 2, "tr")
    assert xapi.read_fields(statements[3]).success is False
    assert xapi.read_fields(statements[4]).step_id == first
    # written again (a retried job): nothing is queued twice
    assert writer.call(lambda s: s.outbox_counts()) == {"waiting": 10, "sent": 0, "refused": 0}


def logbook_pseudonym(writer: StoreWriter, statement: dict) -> str:
    session = statement["context"]["extensions"]["https://epn-kiosk.invalid/ext/session"]
    learner = writer.call(lambda store: store.learner_of_session(session))
    assert learner is not None
    return learner.pseudonym


def test_a_placement_is_stored_with_its_statement_in_one_write(writer: StoreWriter) -> None:
    import json
    from datetime import UTC, datetime

    from kiosk.sync import xapi

    logbook = Logbook(writer, "EPN test")
    session = logbook.start_session("ar")
    levels = {"digcomp:2.2:1.1": 1, "digcomp:2.2:1.3": 0}
    logbook.record_placement(levels, "start", "ar")
    writer.flush()
    learner = learner_of(writer, session)
    progress = writer.call(lambda store: store.learner_progress(learner))
    assert [dict(p.levels) for p in progress.placements] == [levels]
    bodies = writer.call(lambda store: store.outbox_due(datetime(2100, 1, 1, tzinfo=UTC)))
    placed = [xapi.read_placement(json.loads(body)) for _id, body in bodies]
    assert [p for p in placed if p is not None] == [("start", levels)]
    statement = next(json.loads(b) for _i, b in bodies if xapi.read_placement(json.loads(b)))
    assert statement["actor"]["account"]["name"] == logbook.pseudonym  # a pseudonym, nothing more
    assert statement["context"]["language"] == "ar"
