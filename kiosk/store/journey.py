"""A learner's journey in the store: placement profiles and the path they follow.

Owns the SQL of the ``placements`` and ``learner_paths`` tables
(:class:`~kiosk.store.models.PlacementRow`, :class:`~kiosk.store.models.LearnerPathRow`):
writing a placement's profile, setting the path and the place in it, reading both back
as engine values (:class:`~kiosk.engine.placement.PlacedProfile`,
:class:`~kiosk.engine.paths.PathPlace`), and merging what a progress record brought.
:class:`~kiosk.store.repository.Store` calls these inside its transactions.

Placements are an append-only log; what a record carries is derived: one profile per
day (the day's latest, as a same-day self-assessment replaces the day's answers).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from sqlalchemy import Connection, delete, insert, select

from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.store.models import LearnerPathRow, PlacementRow

# ids of placements a record brought: derived, so the same code twice adds nothing
_IMPORTED = uuid.UUID("6f1d3a52-7c1e-4c47-9b7a-2f0e7d9c4a10")


def add_placement(connection: Connection, learner_id: str, placement_id: str,
                  levels: Mapping[str, int], taken_at: datetime) -> None:
    """Keep one placement's profile (ValueError for a level or competence out of range)."""
    profile = PlacedProfile(taken_on=taken_at.date(), levels=dict(levels))  # checks them
    from kiosk.store.repository import _insert_new

    _insert_new(connection, PlacementRow, [{
        "id": placement_id, "learner_id": learner_id, "taken_at": taken_at,
        "taken_on": taken_at.date(), "levels": json.dumps(dict(profile.levels), sort_keys=True)}])


def placements_of(connection: Connection, learner_id: str) -> tuple[PlacedProfile, ...]:
    """A learner's profiles, oldest first, one per day (that day's latest)."""
    rows = connection.execute(
        select(PlacementRow.taken_on, PlacementRow.levels)
        .where(PlacementRow.learner_id == learner_id)
        .order_by(PlacementRow.taken_at)
    ).all()
    per_day: dict[date, dict[str, int]] = {}
    for taken_on, levels in rows:
        per_day[taken_on] = {str(c): int(v) for c, v in json.loads(levels).items()}
    return tuple(PlacedProfile(taken_on=d, levels=levels) for d, levels in sorted(per_day.items()))


def set_path(connection: Connection, learner_id: str, path: PathPlace | None, at: datetime) -> None:
    """The learner follows ``path`` from now (None: no path)."""
    connection.execute(delete(LearnerPathRow).where(LearnerPathRow.learner_id == learner_id))
    if path is not None:
        connection.execute(insert(LearnerPathRow).values(
            learner_id=learner_id, path_id=path.path_id, exercises=" ".join(path.exercises),
            place=path.place, chosen_at=at))


def path_of(connection: Connection, learner_id: str) -> PathPlace | None:
    row = connection.execute(
        select(LearnerPathRow.path_id, LearnerPathRow.exercises, LearnerPathRow.place)
        .where(LearnerPathRow.learner_id == learner_id)
    ).first()
    if row is None:
        return None
    path_id, exercises, place = row
    return PathPlace(path_id, tuple(exercises.split()), place)


def import_journey(connection: Connection, learner_id: str, path: PathPlace | None,
                   placements: Iterable[PlacedProfile], at: datetime) -> None:
    """Merge a record's path and profiles.

    A profile of a day already here is not added again. The record's path becomes the
    learner's (they show the code they carry); the same path keeps the further place.
    """
    days = {d for (d,) in connection.execute(
        select(PlacementRow.taken_on).where(PlacementRow.learner_id == learner_id))}
    for profile in placements:
        if profile.taken_on in days or not profile.levels:
            continue
        placement_id = uuid.uuid5(_IMPORTED, f"{learner_id}/{profile.taken_on.isoformat()}").hex
        taken_at = datetime.combine(profile.taken_on, datetime.min.time(), tzinfo=at.tzinfo)
        add_placement(connection, learner_id, placement_id, profile.levels, taken_at)
    if path is None:
        return
    here = path_of(connection, learner_id)
    if here is not None and (here.path_id, here.exercises) == (path.path_id, path.exercises):
        if here.place >= path.place:
            return
    set_path(connection, learner_id, path, at)
