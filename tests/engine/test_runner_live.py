"""What the animator's room tile reads from a running attempt: errors, hints, time on step."""

from __future__ import annotations

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.engine import load_catalogue
from kiosk.engine.actions import Action
from kiosk.engine.runner import AttemptRunner


def test_errors_hints_and_seconds_on_step_follow_the_attempt() -> None:
    scenario = load_catalogue(BUNDLED_SCENARIOS, ("fr",)).scenarios["mouse.click"]
    now = [100.0]
    runner = AttemptRunner(scenario, clock=lambda: now[0])
    runner.start()
    now[0] = 112.5
    assert runner.seconds_on_step() == 12.5
    runner.act(Action(kind="tap", target="nothing-here"))
    runner.ask_help()
    given = [e.kind for e in runner.drain_events() if e.kind in ("hint", "demo")]
    assert runner.errors == 1
    assert runner.hints == len(given) >= 1  # the help asked for, and any the error brought
    expect = scenario.steps[0].expect
    runner.act(Action(kind=expect.action, target=expect.target))
    assert runner.step_index == 1 and runner.seconds_on_step() == 0
