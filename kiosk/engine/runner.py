"""The state machine for one attempt at one scenario, with an injected clock.

The UI feeds it :class:`Action` objects, ``tick()`` calls and help requests; it answers
with :class:`Outcome` values (show step, advance, try again, hint level N, demo,
finished) and keeps an append-only list of :class:`Event` records for the store.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from kiosk.engine import actions
from kiosk.engine.actions import Action
from kiosk.engine.model import Hint, HintLevel, Scenario, Step
from kiosk.engine.scoring import stars_for


class OutcomeKind(Enum):
    SHOW_STEP = "show_step"  # first step of the attempt
    ADVANCE = "advance"  # the action was right; ``step`` is the new step
    KEEP_GOING = "keep_going"  # exploring (scrolling): neither right nor wrong
    TRY_AGAIN = "try_again"  # not this; no new help yet
    HINT = "hint"  # climb to ``hint_level`` (repeat / highlight)
    DEMO = "demo"  # show the gesture with the ghost hand
    FINISHED = "finished"


@dataclass(frozen=True)
class AttemptResult:
    stars: int
    steps: int
    errors: int
    help_per_step: tuple[int, ...]
    duration_s: float

    @property
    def demo_used(self) -> bool:
        return max(self.help_per_step, default=0) >= HintLevel.DEMO


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    step: Step | None
    hint_level: int = 0
    hint: Hint | None = None
    after_error: bool = False  # the outcome answers a wrong action
    reason: str | None = None  # "wrong_target" or "wrong_gesture" after an error
    result: AttemptResult | None = None


@dataclass(frozen=True)
class Event:
    """One append-only record of what happened, with an id made here on the kiosk."""

    kind: str  # shown, correct, wrong, hint, demo, finished, abandoned
    step_id: str | None
    t_offset_ms: int
    hint_level: int
    stars: int | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


class AttemptRunner:
    """Runs one attempt. Not thread-safe: drive it from one thread."""

    def __init__(self, scenario: Scenario, clock: Callable[[], float]) -> None:
        self.scenario = scenario
        self._clock = clock
        self._start = clock()
        self._step: Step | None = None
        self._level = HintLevel.NONE
        self._errors_on_step = 0
        self._errors = 0
        self._last_activity = self._start
        self._step_started = self._start
        self._hints = 0
        self._help: list[int] = []
        self._events: list[Event] = []
        self.finished = False

    # -- reading ---------------------------------------------------------------
    @property
    def step(self) -> Step | None:
        return self._step

    @property
    def step_index(self) -> int:
        return -1 if self._step is None else self.scenario.steps.index(self._step)

    @property
    def hint_level(self) -> int:
        return int(self._level)

    @property
    def errors(self) -> int:
        """Wrong answers so far in this attempt."""
        return self._errors

    @property
    def hints(self) -> int:
        """Hints and demos given so far in this attempt."""
        return self._hints

    def seconds_on_step(self) -> float:
        """How long the learner has been on the current step."""
        return max(0.0, self._clock() - self._step_started)

    def drain_events(self) -> list[Event]:
        """Events since the last call (the caller hands them to the store)."""
        out, self._events = self._events, []
        return out

    # -- driving ---------------------------------------------------------------
    def start(self) -> Outcome:
        first = self.scenario.steps[0]
        self._enter(first)
        return Outcome(OutcomeKind.SHOW_STEP, first)

    def act(self, action: Action) -> Outcome:
        step = self._require_step()
        self._last_activity = self._clock()
        kind = actions.kind(step.expect.action)
        if kind.accepts(step.expect, action):
            self._record("correct", step)
            self._help.append(int(self._level))
            nxt = self.scenario.next_step(step)
            if nxt is None:
                return self._finish()
            self._enter(nxt)
            return Outcome(OutcomeKind.ADVANCE, nxt)
        if actions.is_exploratory(action.kind):
            return Outcome(OutcomeKind.KEEP_GOING, step, int(self._level))
        self._errors_on_step += 1
        self._errors += 1
        self._record("wrong", step)
        # Dropping on the wrong place is a wrong target even though the gesture was right.
        wrong_drop = action.kind == step.expect.action and action.to != step.expect.to
        same_place = action.target == step.expect.target and not wrong_drop
        reason = "wrong_gesture" if same_place else "wrong_target"
        hint = self._due_hint(errors=self._errors_on_step, idle=0.0)
        if hint is not None:
            return self._climb(hint, after_error=True, reason=reason)
        return Outcome(
            OutcomeKind.TRY_AGAIN, step, int(self._level), after_error=True, reason=reason
        )

    def tick(self) -> Outcome | None:
        """Call often; returns a hint when the learner has been still for long enough."""
        if self._step is None or self.finished:
            return None
        idle = self._clock() - self._last_activity
        hint = self._due_hint(errors=-1, idle=idle)
        return None if hint is None else self._climb(hint)

    def ask_help(self) -> Outcome:
        """The learner pressed "help me": one rung up (the demo again at the top)."""
        step = self._require_step()
        self._last_activity = self._clock()
        above = [h for h in step.hints if h.level > self._level]
        hint = above[0] if above else (step.hints[-1] if step.hints else None)
        if hint is None:
            return Outcome(OutcomeKind.TRY_AGAIN, step, int(self._level))
        return self._climb(hint)

    def abandon(self) -> None:
        """The learner left (back button, timeout): record it, no judgement."""
        if not self.finished:
            self._record("abandoned", self._step)
            self.finished = True

    # -- internals -------------------------------------------------------------
    def _require_step(self) -> Step:
        if self._step is None or self.finished:
            raise RuntimeError("attempt not running")
        return self._step

    def _enter(self, step: Step) -> None:
        self._step = step
        self._level = HintLevel.NONE
        self._errors_on_step = 0
        self._last_activity = self._step_started = self._clock()
        self._record("shown", step)

    def _due_hint(self, *, errors: int, idle: float) -> Hint | None:
        """The highest rung above the current one whose threshold is met."""
        assert self._step is not None
        due = None
        for h in self._step.hints:
            if h.level <= self._level:
                continue
            if (errors >= 0 and errors >= h.after_errors) or (idle >= h.after_seconds):
                due = h
        # climb one rung at a time so the learner sees each kind of help
        above = [h for h in self._step.hints if h.level > self._level]
        return above[0] if due is not None and above else None

    def _climb(self, hint: Hint, *, after_error: bool = False, reason: str | None = None) -> Outcome:
        step = self._require_step()
        # No reset of the idle clock here: after_seconds counts from the learner's last
        # action, like after_errors counts errors on the step (10 s, 20 s, 30 s ladder).
        self._level = max(self._level, hint.level)
        is_demo = hint.level >= HintLevel.DEMO
        self._record("demo" if is_demo else "hint", step)
        kind = OutcomeKind.DEMO if is_demo else OutcomeKind.HINT
        return Outcome(kind, step, int(hint.level), hint, after_error=after_error, reason=reason)

    def _finish(self) -> Outcome:
        self.finished = True
        stars = stars_for(self._help)
        result = AttemptResult(
            stars=stars,
            steps=len(self._help),
            errors=self._errors,
            help_per_step=tuple(self._help),
            duration_s=self._clock() - self._start,
        )
        self._events.append(
            Event("finished", None, self._offset_ms(), max(self._help, default=0), stars)
        )
        return Outcome(OutcomeKind.FINISHED, None, result=result)

    def _record(self, kind: str, step: Step | None) -> None:
        step_id = step.id if step is not None else None
        if kind in ("hint", "demo"):
            self._hints += 1
        self._events.append(Event(kind, step_id, self._offset_ms(), int(self._level)))

    def _offset_ms(self) -> int:
        return int(round((self._clock() - self._start) * 1000))
