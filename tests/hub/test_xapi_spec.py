"""The hub's statement check against xAPI 1.0.3: the specification's examples, broken ones,
and every statement the real kiosk makes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hub_kit import TEST_EPN
from review_kit import MONDAY, morning_class

from kiosk.hub.xapi_api import check
from kiosk.hub.xapi_spec import spec_problems
from kiosk.sync import xapi

CORPUS: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "xapi_corpus.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(CORPUS["valid"]))
def test_the_specifications_examples_conform_yet_the_hub_refuses_their_personal_data(name: str) -> None:
    statement = CORPUS["valid"][name]
    assert spec_problems(statement) == []
    problems, _ = check(statement, path="statements[0]", epns=None)
    assert problems and all(p.startswith("statements[0].") for p in problems), problems


@pytest.mark.parametrize("name", sorted(CORPUS["invalid"]))
def test_statements_breaking_the_specification_are_refused(name: str) -> None:
    problems = spec_problems(CORPUS["invalid"][name], path="statements[2]")
    assert problems and all(p.startswith("statements[2]") and p.endswith("(xAPI 1.0.3)") for p in problems)


def test_a_robot_is_named_at_its_place() -> None:
    robot = CORPUS["invalid"]["an actor of objectType Robot"]
    assert spec_problems(robot) == ["statement.actor.objectType: Input should be 'Agent' (xAPI 1.0.3)"]


def test_every_statement_the_kiosk_makes_passes_both_checks() -> None:
    statements = [s for visit in morning_class("ab" * 16, epn=TEST_EPN).values() for s in visit]
    statements.append(xapi.build_placement(
        placement_id="cd" * 16, learner=xapi.Learner(origin_epn=TEST_EPN, pseudonym="Tulipe-0412"),
        levels={"digcomp:2.2:1.1": 1}, round="start", at=MONDAY,
        session_id="ef" * 16, terminal_id="ab" * 16, language="fr"))
    kinds = {(xapi.read_fields(s).verb, s["object"]["id"].rsplit("/", 1)[-1]) for s in statements}
    assert {verb for verb, _ in kinds} == set(xapi.VERBS)
    assert {"kiosk", "animator"} <= {obj for _, obj in kinds}  # sessions and help calls too
    for statement in statements:
        assert check(statement, path="statement", epns={TEST_EPN}) == ([], False), statement
