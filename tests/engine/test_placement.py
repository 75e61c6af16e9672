"""Placement by doing: answer patterns → DigComp profiles, on a small plan and on the
shipped scenarios."""

from __future__ import annotations

import pytest
from scenario_yaml import SHIPPED

from kiosk.engine.catalogue import load_catalogue
from kiosk.engine.placement import (
    MAX_TASK_STEPS,
    TARGET_SECONDS,
    Placement,
    PlacementPlan,
    PlacementTask,
    compare_with_selfcheck,
    placement_plan,
)

MOUSE, MAIL = "digcomp:2.2:1.1", "digcomp:2.2:2.1"


def _task(scenario_id: str, competence: str, level: int) -> PlacementTask:
    return PlacementTask(scenario_id, ("first",), competence, level)


# mouse: two level-1 tasks, one of level 2, one of level 3; mail: one level 1, one level 2
PLAN = PlacementPlan((
    (MOUSE, (_task("m.a", MOUSE, 1), _task("m.b", MOUSE, 1), _task("m.c", MOUSE, 2),
             _task("m.d", MOUSE, 3))),
    (MAIL, (_task("e.a", MAIL, 1), _task("e.b", MAIL, 2))),
))


def _walk(plan: PlacementPlan, answers: list[bool]) -> tuple[list[str], dict[str, int]]:
    """Give the tasks in the placement's order, answering from ``answers``."""
    placement, given = Placement(plan), []
    for success in answers:
        task = placement.next_task()
        assert task is not None, f"the placement ended after {given}"
        given.append(task.scenario_id)
        placement = placement.record(task, success=success)
    assert placement.done, f"the placement still gives {placement.next_task()}"
    return given, placement.profile()


@pytest.mark.parametrize(("pattern", "tasks", "profile"), [
    # strong: climbs after each clean success, up to the last level the content has
    ("✓✓✓ ✓✓", "m.a m.c m.d e.a e.b", {MOUSE: 3, MAIL: 2}),
    # weak: two misses stop a competence; the mail tasks still come (never a dead end)
    ("✗✗ ✗", "m.a m.b e.a", {MOUSE: 0, MAIL: 0}),
    # mixed: a miss, then another task of the same level done; one miss more stops it
    ("✗✓✗ ✓✗", "m.a m.b m.c e.a e.b", {MOUSE: 1, MAIL: 1}),
    # a miss after a success: another task of the missed level, never a harder one
    ("✓✗ ✓✓", "m.a m.c e.a e.b", {MOUSE: 1, MAIL: 2}),
    # no other task at the level missed: the competence stops after one miss
    ("✓✓✗ ✗", "m.a m.c m.d e.a", {MOUSE: 2, MAIL: 0}),
])
def test_answer_patterns_give_profiles(pattern: str, tasks: str, profile: dict[str, int]) -> None:
    answers = [mark == "✓" for mark in pattern.replace(" ", "")]
    given, found = _walk(PLAN, answers)
    assert given == tasks.split()
    assert found == profile


def test_three_tasks_at_most_per_competence() -> None:
    plan = PlacementPlan(((MOUSE, tuple(_task(f"m.{i}", MOUSE, 1 + i // 2) for i in range(8))),))
    given, profile = _walk(plan, [True, True, True])
    assert given == ["m.0", "m.2", "m.4"] and profile == {MOUSE: 3}


def test_a_result_for_another_task_than_the_one_given_is_refused() -> None:
    placement = Placement(PLAN)
    with pytest.raises(ValueError, match="m.b is not the task"):
        placement.record(_task("m.b", MOUSE, 1), success=True)


def test_shipped_tasks_are_scenario_openings_easiest_first() -> None:
    catalogue = load_catalogue(SHIPPED)
    plan = placement_plan(catalogue.in_order())
    assert plan.competences[0] == MOUSE  # the mouse module comes first
    for competence in plan.competences:
        tasks = plan.tasks(competence)
        assert [t.level for t in tasks] == sorted(t.level for t in tasks)
        for task in tasks:
            scenario = catalogue.scenarios[task.scenario_id]
            assert task.step_ids[0] == scenario.steps[0].id
            assert 1 <= len(task.step_ids) <= MAX_TASK_STEPS
            assert task.competence == scenario.digcomp[0]
    assert [t.scenario_id for t in plan.tasks(MOUSE)][:2] == ["mouse.click", "mouse.scroll"]


def test_a_beginner_is_placed_within_ten_minutes_on_the_shipped_scenarios() -> None:
    plan = placement_plan(load_catalogue(SHIPPED).in_order())
    assert plan.beginner_seconds() <= TARGET_SECONDS
    placement = Placement(plan)
    while (task := placement.next_task()) is not None:
        placement = placement.record(task, success=False)
    assert set(placement.profile().values()) == {0}
    assert len(placement.profile()) == len(plan.competences) >= 8


def test_what_the_learner_thought_beside_what_they_did() -> None:
    answers = {"mouse": "yes", "search": "a_little", "email_reply": "not_yet", "video_call": "not_yet",
               "scam": "yes"}
    profile = {MOUSE: 0, MAIL: 1, "digcomp:2.2:4.2": 2, "digcomp:2.2:2.3": 1}
    rows = {r.competence: r for r in compare_with_selfcheck(answers, profile)}
    # 1.1 has two questions: the doubt ("a little") is what the learner thought
    assert rows[MOUSE].answers == (("mouse", "yes"), ("search", "a_little"))
    assert (rows[MOUSE].thought, rows[MOUSE].done, rows[MOUSE].verdict) == (1, 0, "less_than_thought")
    assert rows[MAIL].verdict == "more_than_thought"
    assert rows["digcomp:2.2:4.2"].verdict == "as_thought"
    assert "digcomp:2.2:2.3" not in rows  # placed, but its questions were not answered
