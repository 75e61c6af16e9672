"""A learner's progress as plain values: what the store derives and what a record carries.

Owns :class:`ScenarioResult`, :class:`AnswerSet`, :class:`LearnerRef` and
:class:`LearnerProgress`. Pure Python (no SQLAlchemy), so the export layer and the UI can
use them without opening a database.

Nothing here holds text a learner typed: scenario ids, counts, stars, help levels,
answers chosen from three pictograms, DigComp levels, days, exercise ids of a path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from kiosk.engine.model import HintLevel
from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.engine.selfcheck import check_answers

# The same bounds as the log's (kiosk.store.models), without importing SQLAlchemy.
MIN_STARS, MAX_STARS = 1, 3
MAX_HINT_LEVEL = int(HintLevel.DEMO)


@dataclass(frozen=True, kw_only=True)
class ScenarioResult:
    """One scenario a learner has finished at least once.

    ``scenario_id`` is a scenario id, or ``#xxxx`` (its 16-bit record code in hex) when
    it came in a record from a kiosk whose scenario this one does not know.
    """

    scenario_id: str
    best_stars: int
    times_done: int
    max_hint_level: int

    def __post_init__(self) -> None:
        if not self.scenario_id:
            raise ValueError("a result needs a scenario id")
        if not MIN_STARS <= self.best_stars <= MAX_STARS:
            raise ValueError(f"best_stars must be {MIN_STARS}..{MAX_STARS}, got {self.best_stars}")
        if self.times_done < 1:
            raise ValueError(f"times_done must be >= 1, got {self.times_done}")
        if not 0 <= self.max_hint_level <= MAX_HINT_LEVEL:
            raise ValueError(f"max_hint_level must be 0..{MAX_HINT_LEVEL}, got {self.max_hint_level}")


@dataclass(frozen=True, kw_only=True)
class AnswerSet:
    """The self-assessment answers given on one day: question id → answer id."""

    asked_on: date
    answers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_answers(self.answers)


@dataclass(frozen=True, kw_only=True)
class LearnerRef:
    """Which learner: the store's id, the pseudonym, and where the pseudonym was made.

    ``origin`` is the EPN id of the kiosk that made the pseudonym, or "" for this one:
    two kiosks may draw the same pseudonym, and must not merge two people's progress.
    """

    id: str
    pseudonym: str
    origin: str = ""


@dataclass(frozen=True, kw_only=True)
class LearnerProgress:
    """Everything a progress record needs about one learner, derived from the store.

    ``results`` combine this kiosk's attempts with imported records (nothing counted
    twice); ``answer_sets`` are oldest first; ``competences`` are the DigComp levels that
    came in imported records (the levels shown by this kiosk's own scenarios are derived
    from ``results`` by :func:`kiosk.engine.competence.levels_reached`); ``path`` is the
    path the learner follows and their place in it; ``placements`` their placement
    profiles, oldest first, one per day.
    """

    learner: LearnerRef
    results: tuple[ScenarioResult, ...] = ()
    answer_sets: tuple[AnswerSet, ...] = ()
    competences: Mapping[str, int] = field(default_factory=dict)
    path: PathPlace | None = None
    placements: tuple[PlacedProfile, ...] = ()
