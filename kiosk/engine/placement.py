"""Placement by doing ("Faisons le point"): a few real tasks that place a learner.

Owns the placement rules: which tasks the catalogue offers (:func:`placement_plan`), the
adaptive walk through them (:class:`Placement`, a value: each result gives a new one),
the DigComp profile it ends with (competence id → level 0–3), and how that profile
compares with what the learner said of themself (:func:`compare_with_selfcheck`), and
the dated profile a progress record carries (:class:`PlacedProfile`).

**What a task is.** A task is the opening of one shipped scenario: its first step, and
the next ones up to :data:`MAX_TASK_STEPS` (the whole scenario when it is that short). A
scenario's opening is the one part whose screen never depends on earlier steps: it
starts from the fixture as written, and each of its steps follows only steps the
learner has just done in the same task. A middle step alone would need the screen as
earlier steps left it, which a fixture does not describe. Each task counts for its
scenario's first (main) competence and at its scenario's DigComp level.

**The walk.** Competences come in teaching order (the first competence the mouse module
practises first); in each, the tasks go from the lowest level, in teaching order. A
clean success (done alone: the placement gives no hints) credits the task's level and
moves to the next level up; a miss tries another task of the same level; a competence
stops after :data:`MISSES_TO_STOP` misses, after :data:`MAX_TASKS_PER_COMPETENCE`
tasks, or when no task is left to try. The learner is never stuck: a miss is recorded by
the screen (after :attr:`PlacementTask.time_limit`, after :data:`WRONG_BEFORE_MISS`
wrong actions in the task, or "je ne sais pas") and the walk moves on.

**Duration.** A beginner misses early: about two tasks per competence. With
:data:`SECONDS_PER_STEP` per step, :meth:`PlacementPlan.beginner_seconds` estimates that
walk; the shipped catalogue stays under :data:`TARGET_SECONDS` (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from kiosk.engine.digcomp import competence_of
from kiosk.engine.model import Scenario
from kiosk.engine.selfcheck import QUESTIONS

#: Steps of a scenario's opening that make one placement task.
MAX_TASK_STEPS = 2
#: A competence stops after this many missed tasks.
MISSES_TO_STOP = 2
#: And after this many tasks, whatever their results.
MAX_TASKS_PER_COMPETENCE = 3
#: The highest level a placement shows (DigComp foundation and intermediate levels).
MAX_LEVEL = 3
#: What one step takes a beginner, time to listen included (estimate for the plan).
SECONDS_PER_STEP = 15
#: A step not done after this long is a miss: the placement moves on, no hint comes.
SECONDS_BEFORE_MISS = 40
#: A task with this many wrong actions is a miss (no hint comes; tapping at random does
#: not place a learner).
WRONG_BEFORE_MISS = 3
#: The placement of a beginner should last no longer than this.
TARGET_SECONDS = 600


@dataclass(frozen=True)
class PlacementTask:
    """One task: the opening steps of a scenario, for one competence at one level."""

    scenario_id: str
    step_ids: tuple[str, ...]  # played in this order, from the fixture as written
    competence: str  # digcomp:2.2:<n.m>
    level: int

    @property
    def seconds(self) -> int:
        """What the task takes a beginner (estimate)."""
        return SECONDS_PER_STEP * len(self.step_ids)

    @property
    def time_limit(self) -> int:
        """Seconds after which the screen records the task as missed (never a dead end)."""
        return SECONDS_BEFORE_MISS * len(self.step_ids)


@dataclass(frozen=True)
class PlacementPlan:
    """Every task the catalogue offers, grouped per competence, competences in teaching
    order and each competence's tasks easiest first."""

    by_competence: tuple[tuple[str, tuple[PlacementTask, ...]], ...]

    @property
    def competences(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.by_competence)

    def tasks(self, competence: str) -> tuple[PlacementTask, ...]:
        return next((tasks for c, tasks in self.by_competence if c == competence), ())

    def beginner_seconds(self) -> int:
        """How long the walk of a learner who misses every task takes (estimate)."""
        placement = Placement(self)
        while (task := placement.next_task()) is not None:
            placement = placement.record(task, success=False)
        return sum(task.seconds for task, _ in placement.results)


def opening_steps(scenario: Scenario, limit: int = MAX_TASK_STEPS) -> tuple[str, ...]:
    """The ids of a scenario's first steps, following its ``next`` links, at most ``limit``."""
    ids: list[str] = []
    step = scenario.steps[0] if scenario.steps else None
    while step is not None and len(ids) < limit and step.id not in ids:
        ids.append(step.id)
        step = scenario.next_step(step)
    return tuple(ids)


def placement_plan(scenarios: Iterable[Scenario]) -> PlacementPlan:
    """The plan for ``scenarios`` given in teaching order (``Catalogue.in_order()``).

    A scenario whose first competence is not a DigComp 2.2 one gives no task.
    """
    grouped: dict[str, list[tuple[int, PlacementTask]]] = {}
    for rank, scenario in enumerate(scenarios):
        main = next((c for c in scenario.digcomp if competence_of(c) is not None), None)
        steps = opening_steps(scenario)
        if main is None or not steps:
            continue
        task = PlacementTask(scenario.id, steps, main, min(scenario.level, MAX_LEVEL))
        grouped.setdefault(main, []).append((rank, task))
    return PlacementPlan(tuple(
        (competence, tuple(t for _, t in sorted(found, key=lambda rt: (rt[1].level, rt[0]))))
        for competence, found in grouped.items()))


@dataclass(frozen=True)
class Placement:
    """Where a learner is in a placement: the plan and the results so far.

    A value: :meth:`record` returns the next state, so a screen may keep, save or
    replay it (the results are the whole state).
    """

    plan: PlacementPlan
    results: tuple[tuple[PlacementTask, bool], ...] = field(default=())

    def _mine(self, competence: str) -> list[tuple[PlacementTask, bool]]:
        return [(t, ok) for t, ok in self.results if t.competence == competence]

    def level(self, competence: str) -> int:
        """The highest level of a task done cleanly in ``competence`` (0: none)."""
        return max((t.level for t, ok in self._mine(competence) if ok), default=0)

    def _next_in(self, competence: str) -> PlacementTask | None:
        mine = self._mine(competence)
        misses = sum(1 for _, ok in mine if not ok)
        if misses >= MISSES_TO_STOP or len(mine) >= MAX_TASKS_PER_COMPETENCE:
            return None
        tried = {t.scenario_id for t, _ in mine}
        reached = self.level(competence)
        untried = [t for t in self.plan.tasks(competence) if t.scenario_id not in tried]
        if mine and not mine[-1][1]:
            # after a miss: another task of the level just missed, never a harder one
            missed = mine[-1][0].level
            return next((t for t in untried if t.level == missed), None)
        # first task, or after a clean success: the easiest task above what is shown
        return next((t for t in untried if t.level > reached), None)

    def next_task(self) -> PlacementTask | None:
        """The task to give now; None when the placement is done."""
        for competence in self.plan.competences:
            task = self._next_in(competence)
            if task is not None:
                return task
        return None

    @property
    def done(self) -> bool:
        return self.next_task() is None

    def record(self, task: PlacementTask, *, success: bool) -> Placement:
        """The placement once ``task`` was done cleanly (``success``) or missed.

        ValueError when ``task`` is not the one :meth:`next_task` gives: results come
        in the order the tasks were given.
        """
        if task != self.next_task():
            raise ValueError(f"{task.scenario_id} is not the task the placement gives now")
        return replace(self, results=(*self.results, (task, success)))

    def profile(self) -> dict[str, int]:
        """Competence id → level shown (0–3), for every competence of the plan."""
        return {competence: self.level(competence) for competence in sorted(self.plan.competences)}


# -- "ce que vous pensiez / ce que vous avez fait" -------------------------------------

#: The level a self-assessment answer claims: "yes" is doing it alone (DigComp level 2,
#: some autonomy), "a little" with guidance (1), "not yet" nothing (0).
CLAIMED_LEVEL = {"yes": 2, "a_little": 1, "not_yet": 0}


@dataclass(frozen=True)
class ThoughtAndDone:
    """One competence: what the learner said (their answers) and what they did."""

    competence: str
    answers: tuple[tuple[str, str], ...]  # (question id, answer id), question order
    thought: int  # the level the answers claim (the lowest of them)
    done: int  # the level the placement showed

    @property
    def verdict(self) -> str:
        """``"as_thought"``, ``"more_than_thought"`` or ``"less_than_thought"``."""
        if self.done == self.thought:
            return "as_thought"
        return "more_than_thought" if self.done > self.thought else "less_than_thought"


def compare_with_selfcheck(answers: Mapping[str, str], profile: Mapping[str, int],
                           competences: Sequence[str] | None = None) -> list[ThoughtAndDone]:
    """Per competence both answered and placed, what the learner thought and did.

    ``answers``: question id → answer id (:mod:`kiosk.engine.selfcheck`). A competence
    with several questions claims the lowest level among their answers: the learner's
    own doubt counts. In ``competences``' order when given, else the profile's.
    """
    order = list(competences) if competences is not None else list(profile)
    out: list[ThoughtAndDone] = []
    for competence in order:
        if competence not in profile:
            continue
        given = tuple((q.id, answers[q.id]) for q in QUESTIONS
                      if competence in q.digcomp and answers.get(q.id) in CLAIMED_LEVEL)
        if not given:
            continue
        thought = min(CLAIMED_LEVEL[a] for _, a in given)
        out.append(ThoughtAndDone(competence, given, thought, profile[competence]))
    return out


@dataclass(frozen=True)
class PlacedProfile:
    """A placement's profile as kept and carried: the day it was taken and the levels
    (competence id → 0–3). A learner's progress record carries up to three (start,
    middle, latest), as trainers compare a grid at the start, middle and end of a course."""

    taken_on: date
    levels: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for competence, level in self.levels.items():
            if competence_of(competence) is None:
                raise ValueError(f"not a DigComp 2.2 competence: {competence!r}")
            if not 0 <= level <= MAX_LEVEL:
                raise ValueError(f"a placement level goes from 0 to {MAX_LEVEL}, not {level}")
        object.__setattr__(self, "levels", dict(sorted(self.levels.items())))
