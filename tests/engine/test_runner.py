"""One attempt at a scenario, as a learner lives it: steps, mistakes, help, stars, log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from scenario_yaml import LADDER, FakeClock, step

from kiosk.engine.actions import Action
from kiosk.engine.model import Scenario
from kiosk.engine.runner import AttemptRunner, OutcomeKind

Build = Callable[[str], Scenario]

TAP_KEYS = Action("tap", "object.keys")
TAP_CUP = Action("tap", "object.cup")


def two_steps(scenario_of: Build, extra: str = LADDER) -> Scenario:
    """Tap the keys, then double-tap the cup; both with ``extra`` (hints) under them."""
    return scenario_of(
        step("keys", "action: click, target: object.keys", extra)
        + step("cup", "action: double_click, target: object.cup", extra)
    )


def started(scenario: Scenario, clock: FakeClock) -> AttemptRunner:
    runner = AttemptRunner(scenario, clock)
    first = runner.start()
    assert first.kind is OutcomeKind.SHOW_STEP and first.step is scenario.steps[0]
    return runner


# -- doing it right ---------------------------------------------------------------------


def test_correct_actions_advance_and_finish(scenario_of: Build, clock: FakeClock) -> None:
    scenario = two_steps(scenario_of)
    runner = started(scenario, clock)
    clock.advance(2)
    out = runner.act(TAP_KEYS)
    assert out.kind is OutcomeKind.ADVANCE
    assert out.step is not None and out.step.id == "cup"
    assert runner.step_index == 1
    clock.advance(3)
    done = runner.act(Action("double_tap", "object.cup"))
    assert done.kind is OutcomeKind.FINISHED and runner.finished
    assert done.result is not None
    assert (done.result.stars, done.result.steps, done.result.errors) == (3, 2, 0)
    assert done.result.duration_s == pytest.approx(5.0)
    with pytest.raises(RuntimeError):
        runner.act(TAP_KEYS)  # nothing left to do once finished


def test_next_end_finishes_early(scenario_of: Build, clock: FakeClock) -> None:
    scenario = scenario_of(
        step("keys", "action: tap, target: object.keys", "    next: cup\n")
        + step("rice", "action: tap, target: list.rice", "    next: end\n")
        + step("cup", "action: tap, target: object.cup", "    next: rice\n")
    )
    runner = started(scenario, clock)
    assert runner.act(TAP_KEYS).step.id == "cup"  # type: ignore[union-attr]
    assert runner.act(TAP_CUP).step.id == "rice"  # type: ignore[union-attr]
    assert runner.act(Action("tap", "list.rice")).kind is OutcomeKind.FINISHED


# -- mistakes -----------------------------------------------------------------------------


def test_wrong_target_is_try_again(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    out = runner.act(TAP_CUP)
    assert out.kind is OutcomeKind.TRY_AGAIN
    assert out.after_error and out.reason == "wrong_target"
    assert out.step is not None and out.step.id == "keys"  # still on the same step


def test_right_target_wrong_gesture(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    out = runner.act(Action("double_tap", "object.keys"))
    assert out.kind is OutcomeKind.TRY_AGAIN
    assert out.reason == "wrong_gesture"


def test_drop_in_the_wrong_folder_is_a_wrong_target(scenario_of: Build, clock: FakeClock) -> None:
    scenario = scenario_of(
        step("file", "action: drag, target: object.letter, to: object.job", LADDER)
    )
    runner = started(scenario, clock)
    assert runner.act(Action("drag", "object.letter", to="object.recipes")).reason == "wrong_target"
    assert runner.act(Action("tap", "object.letter")).reason == "wrong_gesture"
    assert runner.act(Action("drag", "object.letter", to="object.job")).kind is OutcomeKind.FINISHED


@pytest.mark.parametrize(
    ("ladder", "expected"),
    [
        # the step's own thresholds: help every second mistake
        (
            LADDER,
            ["try_again", "hint:1", "try_again", "hint:2", "try_again", "demo:3", "try_again"],
        ),
        # all rungs due after one error: still one rung per mistake, never a jump
        (
            "    hints:\n"
            "      - {level: repeat, after_errors: 1}\n"
            "      - {level: highlight, after_errors: 1}\n"
            "      - {level: demo, after_errors: 1}\n",
            ["hint:1", "hint:2", "demo:3", "try_again"],
        ),
        # no 'hints:' on the step: the default ladder (1, 2, 3 errors)
        ("", ["hint:1", "hint:2", "demo:3", "try_again"]),
    ],
    ids=["step-thresholds", "one-rung-at-a-time", "default-ladder"],
)
def test_errors_climb_the_ladder_one_rung_at_a_time(
    scenario_of: Build, clock: FakeClock, ladder: str, expected: list[str]
) -> None:
    runner = started(two_steps(scenario_of, ladder), clock)
    seen = []
    for _ in expected:
        clock.advance(1)
        out = runner.act(TAP_CUP)
        assert out.after_error and out.reason == "wrong_target"
        label = (
            out.kind.value
            if out.kind is OutcomeKind.TRY_AGAIN
            else f"{out.kind.value}:{out.hint_level}"
        )
        seen.append(label)
    assert seen == expected
    assert runner.hint_level == 3


def test_idle_time_climbs_through_tick(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    clock.advance(9.9)
    assert runner.tick() is None
    clock.advance(0.1)  # 10 s still: repeat the instruction
    out = runner.tick()
    assert out is not None and out.kind is OutcomeKind.HINT and out.hint_level == 1
    assert not out.after_error and out.hint is not None
    assert runner.tick() is None  # the same rung is not given twice
    clock.advance(10)  # 20 s still: light up the target
    out = runner.tick()
    assert out is not None and out.kind is OutcomeKind.HINT and out.hint_level == 2
    clock.advance(9)
    assert runner.tick() is None
    clock.advance(1)  # 30 s still: the ghost hand shows the gesture
    out = runner.tick()
    assert out is not None and out.kind is OutcomeKind.DEMO and out.hint_level == 3
    clock.advance(600)
    assert runner.tick() is None  # nothing above the demo


def test_a_learner_action_restarts_the_idle_count(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    clock.advance(8)
    assert runner.act(TAP_CUP).kind is OutcomeKind.TRY_AGAIN  # 1 error: below 2
    clock.advance(8)
    assert runner.tick() is None  # 16 s since the start, but only 8 s since the tap
    clock.advance(2)
    out = runner.tick()
    assert out is not None and out.hint_level == 1


def test_ask_help_climbs_and_repeats_the_demo_at_the_top(
    scenario_of: Build, clock: FakeClock
) -> None:
    runner = started(two_steps(scenario_of), clock)
    got = []
    for _ in range(5):
        clock.advance(1)
        out = runner.ask_help()
        got.append((out.kind, out.hint_level))
        assert not out.after_error
    assert got == [
        (OutcomeKind.HINT, 1),
        (OutcomeKind.HINT, 2),
        (OutcomeKind.DEMO, 3),
        (OutcomeKind.DEMO, 3),
        (OutcomeKind.DEMO, 3),
    ]


def test_help_starts_again_on_each_new_step(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    runner.ask_help()
    runner.ask_help()
    runner.act(TAP_CUP)  # an error on the first step
    assert runner.hint_level == 2
    out = runner.act(TAP_KEYS)
    assert out.kind is OutcomeKind.ADVANCE
    assert runner.hint_level == 0
    # errors are counted per step: one error here is below the 2-error threshold
    assert runner.act(TAP_KEYS).kind is OutcomeKind.TRY_AGAIN
    clock.advance(9)
    assert runner.tick() is None  # the idle count started again too


# -- stars ----------------------------------------------------------------------------------


def play(runner: AttemptRunner, before_each_step: Callable[[AttemptRunner], None]) -> int:
    right = [TAP_KEYS, Action("double_tap", "object.cup")]
    out = None
    for action in right:
        before_each_step(runner)
        out = runner.act(action)
    assert out is not None and out.kind is OutcomeKind.FINISHED and out.result is not None
    return out.result.stars


def test_three_stars_without_help(scenario_of: Build, clock: FakeClock) -> None:
    assert play(started(two_steps(scenario_of), clock), lambda r: None) == 3


def test_three_stars_despite_a_mistake_that_brought_no_help(
    scenario_of: Build, clock: FakeClock
) -> None:
    assert play(started(two_steps(scenario_of), clock), lambda r: r.act(TAP_CUP)) == 3


def test_two_stars_with_hints(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    runner.ask_help()
    runner.ask_help()  # highlight, still below the demo
    assert play(runner, lambda r: None) == 2


def test_one_star_after_a_demo(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    clock.advance(30)
    while runner.hint_level < 3:
        runner.tick()
    assert play(runner, lambda r: None) == 1


def test_never_zero_stars(scenario_of: Build, clock: FakeClock) -> None:
    def struggle(r: AttemptRunner) -> None:
        for _ in range(20):
            r.act(TAP_CUP)
            r.ask_help()

    runner = started(two_steps(scenario_of), clock)
    assert play(runner, struggle) == 1


# -- the log ----------------------------------------------------------------------------------


def test_events_tell_the_story_in_order(scenario_of: Build, clock: FakeClock) -> None:
    ladder = (
        "    hints:\n"
        "      - {level: repeat, after_errors: 1}\n"
        "      - {level: highlight, after_errors: 2}\n"
        "      - {level: demo, after_errors: 3}\n"
    )
    runner = started(two_steps(scenario_of, ladder), clock)
    for _ in range(3):
        clock.advance(1)
        runner.act(TAP_CUP)
    clock.advance(1)
    runner.act(TAP_KEYS)
    clock.advance(1)
    runner.act(Action("double_tap", "object.cup"))

    events = runner.drain_events()
    assert [(e.kind, e.step_id) for e in events] == [
        ("shown", "keys"),
        ("wrong", "keys"),
        ("hint", "keys"),
        ("wrong", "keys"),
        ("hint", "keys"),
        ("wrong", "keys"),
        ("demo", "keys"),
        ("correct", "keys"),
        ("shown", "cup"),
        ("correct", "cup"),
        ("finished", None),
    ]
    offsets = [e.t_offset_ms for e in events]
    assert offsets == sorted(offsets)
    assert offsets[0] == 0 and offsets[-1] == 5000
    assert len({e.id for e in events}) == len(events)
    assert [e.hint_level for e in events if e.kind in ("hint", "demo")] == [1, 2, 3]
    assert events[-1].stars == 1
    assert runner.drain_events() == []  # handed over once


def test_abandon_is_recorded_once(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(two_steps(scenario_of), clock)
    runner.act(TAP_KEYS)
    clock.advance(4)
    runner.abandon()
    runner.abandon()
    events = runner.drain_events()
    assert [e.kind for e in events] == ["shown", "correct", "shown", "abandoned"]
    assert events[-1].step_id == "cup" and events[-1].t_offset_ms == 4000
    assert runner.finished
    assert runner.tick() is None
    with pytest.raises(RuntimeError):
        runner.ask_help()


def test_abandon_after_finishing_records_nothing(scenario_of: Build, clock: FakeClock) -> None:
    runner = started(scenario_of(step("keys", "action: tap, target: object.keys")), clock)
    runner.act(TAP_KEYS)
    runner.abandon()
    assert [e.kind for e in runner.drain_events()] == ["shown", "correct", "finished"]


def test_scrolling_is_exploring_never_a_mistake(scenario_of: Build, clock: FakeClock) -> None:
    found = step("find", "action: scroll, target: list.rice", LADDER)
    scenario = scenario_of(found.replace("Touchez ici.", "Faites défiler."))
    runner = started(scenario, clock)
    for _ in range(5):
        out = runner.act(Action("scroll_to", visible=frozenset({"list.bread"})))
        assert out.kind is OutcomeKind.KEEP_GOING
    assert runner.hint_level == 0
    done = runner.act(Action("scroll_to", visible=frozenset({"list.bread", "list.rice"})))
    assert done.kind is OutcomeKind.FINISHED and done.result is not None
    assert (done.result.errors, done.result.stars) == (0, 3)
    assert "wrong" not in [e.kind for e in runner.drain_events()]
