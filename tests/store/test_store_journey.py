"""The store keeps placement profiles and the path a learner follows, and merges a record's."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.store import Store

MOUSE, MAIL = "digcomp:2.2:1.1", "digcomp:2.2:2.1"
EPN = "abcd1234abcd1234"


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_placements_one_per_day_the_days_latest(store: Store) -> None:
    learner, _ = store.new_learner()
    store.save_placement(learner, "a" * 32, {MOUSE: 0, MAIL: 0}, taken_at=at(1, 9))
    store.save_placement(learner, "b" * 32, {MOUSE: 1, MAIL: 0}, taken_at=at(1, 11))
    store.save_placement(learner, "b" * 32, {MOUSE: 3, MAIL: 3}, taken_at=at(1, 12))  # the same id: ignored
    store.save_placement(learner, "c" * 32, {MOUSE: 2, MAIL: 1}, taken_at=at(20))
    progress = store.learner_progress(learner)
    assert [(p.taken_on.day, dict(p.levels)) for p in progress.placements] == [
        (1, {MOUSE: 1, MAIL: 0}), (20, {MOUSE: 2, MAIL: 1})]


def test_placement_out_of_range_is_refused(store: Store) -> None:
    learner, _ = store.new_learner()
    with pytest.raises(ValueError):
        store.save_placement(learner, "d" * 32, {MOUSE: 4}, taken_at=at(1))
    with pytest.raises(LookupError):
        store.save_placement("0" * 32, "e" * 32, {MOUSE: 1}, taken_at=at(1))


def test_placement_queues_its_statement(store: Store) -> None:
    learner, _ = store.new_learner()
    statement = {"id": "11111111-2222-3333-4444-555555555555", "verb": {"id": "scored"}}
    store.save_placement(learner, "f" * 32, {MOUSE: 1}, taken_at=at(2), outbox=[statement])
    due = store.outbox_due(at(3))
    assert [json.loads(body)["verb"] for _id, body in due] == [{"id": "scored"}]


def test_path_and_place(store: Store) -> None:
    learner, _ = store.new_learner()
    assert store.learner_progress(learner).path is None
    store.save_path(learner, PathPlace("premiers_pas", place=2), at=at(1))
    assert store.learner_progress(learner).path == PathPlace("premiers_pas", place=2)
    mine = PathPlace(None, ("mouse.click", "email.reply"), 1)
    store.save_path(learner, mine, at=at(2))
    assert store.learner_progress(learner).path == mine
    store.save_path(learner, None, at=at(3))
    assert store.learner_progress(learner).path is None


def test_a_record_brings_path_and_profiles_twice_is_once(store: Store) -> None:
    path = PathPlace(None, ("keyboard.words", "keyboard.email", "email.reply"), 2)
    profiles = (PlacedProfile(date(2026, 3, 1), {MOUSE: 1}), PlacedProfile(date(2026, 3, 9), {MOUSE: 2}))
    for _ in range(2):
        ref = store.import_progress(pseudonym="Coquelicot-1234", origin=EPN, issuer=EPN,
                                    results=(), path=path, placements=profiles, imported_at=at(10))
    progress = store.learner_progress(ref.id)
    assert progress.path == path
    assert progress.placements == profiles
    # an older code of the same path does not take the learner back
    store.import_progress(pseudonym="Coquelicot-1234", origin=EPN, issuer=EPN,
                          results=(), path=PathPlace(None, path.exercises, 1), imported_at=at(11))
    assert store.learner_progress(ref.id).path == path
    # another path in the code they show: it is theirs now
    store.import_progress(pseudonym="Coquelicot-1234", origin=EPN, issuer=EPN,
                          results=(), path=PathPlace("premiers_pas", place=0), imported_at=at(12))
    assert store.learner_progress(ref.id).path == PathPlace("premiers_pas", place=0)
