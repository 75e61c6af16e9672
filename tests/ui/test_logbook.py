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
