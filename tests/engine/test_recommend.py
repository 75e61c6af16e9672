"""The next exercise to suggest: the first one not yet done alone, the current module first."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.engine.recommend import done_alone, next_scenario


@dataclass(frozen=True)
class Exercise:
    id: str
    module: str


ORDER = [Exercise("mouse.click", "mouse"), Exercise("mouse.drag", "mouse"),
         Exercise("mouse.scroll", "mouse"), Exercise("email.reply", "email"),
         Exercise("email.attach", "email"), Exercise("video.join", "video")]


def test_after_an_exercise_comes_the_next_one_of_its_module() -> None:
    assert next_scenario(ORDER, {"mouse.click": 3}, after="mouse.click") == "mouse.drag"


def test_exercises_done_alone_are_skipped_and_the_demo_does_not_count() -> None:
    stars = {"mouse.click": 3, "mouse.drag": 2, "mouse.scroll": 1}
    assert next_scenario(ORDER, stars, after="mouse.click") == "mouse.scroll"
    assert done_alone(stars, "mouse.drag") and not done_alone(stars, "mouse.scroll")


def test_the_module_is_finished_first_even_if_it_means_going_back() -> None:
    stars = {"mouse.drag": 3, "mouse.scroll": 3}
    assert next_scenario(ORDER, stars, after="mouse.scroll") == "mouse.click"


def test_a_finished_module_leads_to_the_next_module() -> None:
    stars = {s.id: 3 for s in ORDER[:3]}
    assert next_scenario(ORDER, stars, after="mouse.scroll") == "email.reply"


def test_the_exercise_just_played_is_not_suggested_again() -> None:
    assert next_scenario(ORDER, {"video.join": 1}, after="video.join") == "mouse.click"
    assert next_scenario(ORDER[-1:], {"video.join": 1}, after="video.join") is None


def test_everything_done_alone_suggests_nothing() -> None:
    assert next_scenario(ORDER, {s.id: 2 for s in ORDER}, after="email.reply") is None
    assert next_scenario([], {}) is None


def test_a_first_visit_starts_in_the_suggested_module() -> None:
    assert next_scenario(ORDER, {}, module="email") == "email.reply"
    assert next_scenario(ORDER, {}) == "mouse.click"
    assert next_scenario(ORDER, {}, module="nowhere") == "mouse.click"
