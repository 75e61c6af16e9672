"""DigComp levels from stars, and the self-assessment questions and suggestion."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kiosk.engine.competence import level_for, levels_reached
from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.engine.selfcheck import ANSWERS, QUESTIONS, check_answers, suggested_module


@dataclass(frozen=True)
class Practice:
    id: str
    digcomp: tuple[str, ...]
    level: int


SCENARIOS = [
    Practice("mouse.click", ("digcomp:2.2:1.1",), 1),
    Practice("identity.login", ("digcomp:2.2:2.6", "digcomp:2.2:4.2"), 2),
    Practice("internet.address", ("digcomp:2.2:1.2", "digcomp:2.2:4.2"), 2),
    Practice("future.x", ("digcomp:3.0:9.9",), 3),
]


def test_stars_give_the_scenarios_level_and_the_demo_level_one() -> None:
    assert level_for(2, 0) == 0
    assert level_for(2, 1) == 1  # finished after the demo: with guidance
    assert level_for(2, 2) == 2 and level_for(2, 3) == 2
    assert level_for(1, 3) == 1


def test_levels_reached_takes_the_highest_per_competence() -> None:
    reached = levels_reached({"mouse.click": 3, "identity.login": 1, "internet.address": 2,
                              "future.x": 3, "not.in.catalogue": 3}, SCENARIOS)
    assert reached == {"digcomp:2.2:1.1": 1, "digcomp:2.2:1.2": 2, "digcomp:2.2:2.6": 1,
                       "digcomp:2.2:4.2": 2}
    assert levels_reached({}, SCENARIOS) == {}


def test_questions_are_stable_and_few() -> None:
    assert 8 <= len(QUESTIONS) <= 12
    assert [q.code for q in QUESTIONS] == list(range(len(QUESTIONS)))
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        assert q.fr.startswith("Savez-vous") and q.fr.endswith("?") and q.topic_fr
        assert all(d.startswith(PREFIX) and d[len(PREFIX):] in COMPETENCES for d in q.digcomp)


def test_suggested_module_is_the_first_gap() -> None:
    assert suggested_module({}) is None
    assert suggested_module({q.id: "yes" for q in QUESTIONS}) is None
    assert suggested_module({"mouse": "yes", "keyboard": "a_little", "scam": "not_yet"}) == "identity"
    assert suggested_module({"mouse": "yes", "keyboard": "a_little"}) == "keyboard"
    assert ANSWERS == ("yes", "a_little", "not_yet")
    with pytest.raises(ValueError, match="unknown answer"):
        check_answers({"mouse": "maybe"})
    with pytest.raises(ValueError, match="unknown self-assessment question"):
        check_answers({"typing": "yes"})
