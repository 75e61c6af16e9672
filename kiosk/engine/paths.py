"""Paths: an ordered list of exercises a trainer gives a name and a pictogram.

Owns :class:`LearningPath` (what a path file becomes), where a learner stands in a path
(:class:`PathPlace`, which the progress record carries), and the path proposed after a
placement (:func:`proposed_exercises`). Reading and checking path files is
:mod:`kiosk.engine.path_file`'s (this module stays light: the progress record imports it).

A path file::

    schema_version: 1
    id: premiers_pas
    title: {fr: Premiers pas, nl: Eerste stappen, en: First steps, ...}
    pictogram: footprints
    exercises: [mouse.click, mouse.double_click, keyboard.words]

The folder ``paths`` sits beside the module folders but is not a module: the catalogue
never reads it as scenarios.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.engine.model import Scenario, Text

#: The folder of path files, directly under the scenarios folder.
PATHS_FOLDER = "paths"
PATH_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# a shipped path this kiosk does not have, as a progress record names it (its 16-bit code)
UNKNOWN_PATH_RE = re.compile(r"^#[0-9a-f]{4}$")
#: Exercises a learner is proposed after a placement, at most (a path fits a record).
MAX_PROPOSED = 20


@dataclass(frozen=True)
class LearningPath:
    """A named, ordered list of exercises (scenario ids), shown as one tile."""

    id: str
    title: Text
    pictogram: str
    exercises: tuple[str, ...]
    source: Path


@dataclass(frozen=True)
class PathPlace:
    """The path a learner follows and where they are in it.

    ``path_id`` names a shipped path (``scenarios/paths/<id>.yaml``; ``#xxxx``: one
    this kiosk does not have, read from a progress record); a path made for one learner
    (by the hub, or proposed after a placement) has no id and carries its ``exercises``.
    ``place`` is the index of the next exercise to do (``len(exercises)``: finished).
    """

    path_id: str | None
    exercises: tuple[str, ...] = ()
    place: int = 0

    def __post_init__(self) -> None:
        if self.path_id is None and not self.exercises:
            raise ValueError("a path without an id needs its exercises")
        if self.path_id is not None and not (PATH_ID_RE.match(self.path_id)
                                             or UNKNOWN_PATH_RE.match(self.path_id)):
            raise ValueError(f"not a path id: {self.path_id!r}")
        if self.place < 0 or (self.exercises and self.place > len(self.exercises)):
            raise ValueError(f"place {self.place} is outside the path")

    def next_exercise(self, paths: Mapping[str, LearningPath] | None = None) -> str | None:
        """The exercise to do next (None: finished, or a path this kiosk does not have)."""
        exercises = self.exercises
        if self.path_id is not None and paths is not None and self.path_id in paths:
            exercises = paths[self.path_id].exercises
        return exercises[self.place] if self.place < len(exercises) else None


# -- the path proposed after a placement ---------------------------------------------------

def proposed_exercises(profile: Mapping[str, int], ordered: Iterable[Scenario],
                       limit: int = MAX_PROPOSED) -> tuple[str, ...]:
    """What the learner does not know yet, easiest first: the path a placement proposes.

    ``profile``: competence id → level shown (:meth:`kiosk.engine.placement.Placement.profile`;
    a competence not in it counts as 0). ``ordered``: the scenarios in teaching order. An
    exercise is proposed when one of its competences was shown below its level. Lower
    levels first, then teaching order; at most ``limit`` exercises.
    """
    wanted = [(s.level, rank, s.id) for rank, s in enumerate(ordered)
              if any(profile.get(c, 0) < s.level for c in s.digcomp)]
    return tuple(sid for _, _, sid in sorted(wanted))[:limit]
