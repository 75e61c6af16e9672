"""A scenario's funnel for the trainers, and the learners behind its hard step.

Owns :func:`funnel` (per step: the attempts that reached it and stopped there, wrong
answers, hints, median time, and the hardest step) and :func:`learners_behind` (who made
a step hard: the pseudonymous learners with errors, hints or a stop there, each a link
to their timeline on the page; the funnel's pass keeps which attempts those were).

The funnel reads the few columns of one scenario's statements through the covering
index ``ix_statements_funnel`` (no statement body), by attempt and time. Time on a step
runs from its ``progressed`` statement to the next ``progressed`` or ``completed`` of the
same attempt, so statements of one millisecond need no finer order here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.hub.models import Statement
from kiosk.hub.review_queries import LearnerKey, scenario_title, step_text

#: Statement verbs that end the time spent on a step (the next step, or the end).
_STEP_ENDS = ("progressed", "completed")


@dataclass(frozen=True)
class StepStats:
    """One step of a funnel. ``reached`` counts attempts that were shown the step."""

    number: int  # 1-based position in the scenario (steps not in the catalogue follow)
    step_id: str
    text: str
    reached: int
    stopped: int  # attempts never completed whose last step shown was this one
    errors: int
    hints: int
    median_seconds: float | None
    timed: int  # how many step visits the median is taken over
    hardest: bool = False

    @property
    def difficulty(self) -> float:
        """Errors + hints per attempt that reached the step: what "hardest" means."""
        return (self.errors + self.hints) / self.reached if self.reached else 0.0

    @property
    def errors_per_attempt(self) -> float:
        return self.errors / self.reached if self.reached else 0.0

    @property
    def hints_per_attempt(self) -> float:
        return self.hints / self.reached if self.reached else 0.0


@dataclass(frozen=True)
class Funnel:
    """How a scenario's attempts went, step by step."""

    scenario_id: str
    title: str
    known: bool
    attempts: int
    completions: int
    learners: int
    average_stars: float | None
    stopped_before_first_step: int
    steps: tuple[StepStats, ...]
    #: For :func:`learners_behind`: step id → the attempts (registrations) that stopped
    #: there; step id → attempt → (errors, hints) there; step id → the attempts shown it.
    stopped_attempts: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    trouble: Mapping[str, Mapping[str, Sequence[int]]] = field(default_factory=dict, compare=False,
                                                               repr=False)
    reached_attempts: Mapping[str, set[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def hardest(self) -> StepStats | None:
        return next((s for s in self.steps if s.hardest), None)

    @property
    def not_completed(self) -> int:
        return self.attempts - self.completions


def funnel(session: Session, catalogue: Catalogue, scenario_id: str, language: str = "fr") -> Funnel:
    """The funnel of one scenario, from one pass over its statements (index
    ``(scenario_id, verb)``) and a count of its learners; its words in ``language``.

    Median time on a step: from the step's ``progressed`` statement to the next
    ``progressed`` or ``completed`` one of the same attempt (registration). The hardest
    step has the most errors + hints per attempt that reached it (ties: the slower one);
    a scenario nobody struggled with has none.
    """
    s = Statement
    scenario = catalogue.scenarios.get(scenario_id)
    rows = session.execute(
        select(s.registration, s.verb, s.step_id, s.success, s.timestamp, s.score_raw)
        .where(s.scenario_id == scenario_id)
        .order_by(s.registration, s.timestamp)
    )
    walk = _FunnelWalk()
    for row in rows:
        walk.add(*row)
    learner_count = session.scalar(
        select(func.count()).select_from(
            select(s.actor_home, s.actor_name)
            .where(s.scenario_id == scenario_id, s.verb == "attempted").distinct().subquery()))
    stopped_at: dict[str, set[str]] = defaultdict(set)
    for registration, step_id in walk.last_shown.items():
        if registration not in walk.completed:
            stopped_at[step_id].add(registration)
    stopped = {step_id: len(regs) for step_id, regs in stopped_at.items()}
    order = [st.id for st in scenario.steps] if scenario else []
    seen = set(walk.reached) | set(walk.errors) | set(walk.hints)
    steps = [
        StepStats(
            number=i + 1, step_id=step_id, text=step_text(scenario, step_id, language),
            reached=len(walk.reached.get(step_id, ())), stopped=stopped.get(step_id, 0),
            errors=walk.errors.get(step_id, 0), hints=walk.hints.get(step_id, 0),
            median_seconds=_median(walk.durations.get(step_id, [])),
            timed=len(walk.durations.get(step_id, ())),
        )
        for i, step_id in enumerate([*order, *sorted(seen - set(order))])
    ]
    attempts = walk.attempts | set(walk.last_shown) | walk.completed
    return Funnel(
        scenario_id=scenario_id, title=scenario_title(catalogue, scenario_id, language),
        known=scenario is not None,
        attempts=len(attempts), completions=len(walk.completed), learners=learner_count or 0,
        average_stars=statistics.fmean(walk.stars) if walk.stars else None,
        stopped_before_first_step=len(attempts - set(walk.last_shown) - walk.completed),
        steps=tuple(_mark_hardest(steps)),
        stopped_attempts={step_id: frozenset(regs) for step_id, regs in stopped_at.items()},
        trouble=dict(walk.trouble),
        reached_attempts=dict(walk.reached),
    )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class _FunnelWalk:
    """What one pass over a scenario's statements (by attempt, in time order) gathers."""

    attempts: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)
    stars: list[int] = field(default_factory=list)
    reached: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    hints: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    durations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    #: step → attempt → [errors, hints] there (for the learners behind a step)
    trouble: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    last_shown: dict[str, str] = field(default_factory=dict)
    current: tuple[str, str, datetime] | None = None  # (attempt, step, shown at)

    def add(self, registration: str | None, verb: str, step_id: str | None, success: bool | None,
            at: datetime, score: int | None) -> None:
        if registration is None:
            return
        if self.current is not None and self.current[0] != registration:
            self.current = None  # the previous attempt ended without a next step
        if verb in _STEP_ENDS and self.current is not None:
            self.durations[self.current[1]].append((at - self.current[2]).total_seconds())
            self.current = None
        if verb == "attempted":
            self.attempts.add(registration)
        elif verb == "progressed" and step_id is not None:
            self.current = (registration, step_id, at)
            self.last_shown[registration] = step_id
            self.reached[step_id].add(registration)
        elif verb == "answered" and success is False and step_id is not None:
            self.errors[step_id] += 1
            self.trouble[step_id].setdefault(registration, [0, 0])[0] += 1
        elif verb == "asked" and step_id is not None:
            self.hints[step_id] += 1
            self.trouble[step_id].setdefault(registration, [0, 0])[1] += 1
        elif verb == "completed":
            self.completed.add(registration)
            if score is not None:
                self.stars.append(score)
        elif verb == "terminated":
            self.current = None


def _mark_hardest(steps: list[StepStats]) -> list[StepStats]:
    candidates = [s for s in steps if s.reached and s.errors + s.hints]
    if not candidates:
        return steps
    hardest = max(candidates, key=lambda s: (s.difficulty, s.median_seconds or 0.0, -s.number))
    return [
        StepStats(**{**s.__dict__, "hardest": True}) if s is hardest else s
        for s in steps
    ]


# -- the learners behind a step --------------------------------------------------------------


@dataclass(frozen=True)
class StepLearner:
    """A learner who found a step hard: errors, hints and stops there, over their attempts."""

    learner: LearnerKey
    attempts: int  # attempts of theirs that reached the step
    errors: int
    hints: int
    stopped: int  # attempts of theirs that stopped at the step, never completed

    @property
    def trouble(self) -> int:
        return self.errors + self.hints + self.stopped


def learners_behind(session: Session, f: Funnel, step_id: str) -> list[StepLearner]:
    """The learners who had errors, hints or stopped at ``step_id`` of ``f``'s scenario,
    the most trouble first. The funnel's pass gathered the attempts; one query names
    who made them (the scenario's ``attempted`` statements, index ``(scenario_id, verb)``).
    """
    s = Statement
    stopped = f.stopped_attempts.get(step_id, frozenset())
    trouble = f.trouble.get(step_id, {})
    reached = f.reached_attempts.get(step_id, set())
    if not trouble and not stopped:
        return []
    totals: dict[tuple[str, str], list[int]] = {}  # learner → [attempts, errors, hints, stopped]
    for registration, home, name in session.execute(
        select(s.registration, s.actor_home, s.actor_name)
        .where(s.scenario_id == f.scenario_id, s.verb == "attempted")
    ):
        if registration not in reached:
            continue
        errors, hints = trouble.get(registration, (0, 0))
        mine = totals.setdefault((home, name), [0, 0, 0, 0])
        mine[0] += 1
        mine[1] += errors
        mine[2] += hints
        mine[3] += registration in stopped
    out = [StepLearner(LearnerKey(*who), *numbers) for who, numbers in totals.items()]
    return sorted((x for x in out if x.trouble),
                  key=lambda x: (-x.trouble, x.learner.pseudonym, x.learner.home))


__all__: Sequence[str] = ("Funnel", "StepLearner", "StepStats", "funnel", "learners_behind")
