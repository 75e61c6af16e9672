"""Action kinds: the words authors write, and when a learner's gesture counts as right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from scenario_yaml import HEADER, step

from kiosk.engine import actions
from kiosk.engine.actions import Action, text_matches
from kiosk.engine.model import Expect, Scenario

Build = Callable[[str], Scenario]


def accepts(expect: Expect, action: Action) -> bool:
    return actions.kind(expect.action).accepts(expect, action)


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("click", "tap"),
        ("double_click", "double_tap"),
        ("right_click", "long_press"),
        ("scroll", "scroll_to"),
        ("tap", "tap"),
        ("drag_to", "drag"),
        ("type_text", "type"),
        ("key_press", "key"),
    ],
)
def test_author_words_name_one_gesture(word: str, kind: str, scenario_of: Build) -> None:
    assert actions.canonical(word) == kind
    target = "list.rice" if kind == "scroll_to" else "object.keys"
    extra = {"drag": ", to: object.job", "type": ", rule: {non_empty: true, example: Namur}"}.get(kind, "")
    if kind == "key":
        scenario = scenario_of(step("s", f"action: {word}, key: Enter"))
    elif kind == "scroll_to":  # a hidden target: the words must say to scroll (learner's eye)
        yaml = step("s", f"action: {word}, target: {target}").replace("Touchez ici.", "Faites défiler.")
        scenario = scenario_of(yaml)
    else:
        scenario = scenario_of(step("s", f"action: {word}, target: {target}{extra}"))
    assert scenario.steps[0].expect.action == kind  # the file says click, the engine sees tap


def test_unknown_word_is_not_a_gesture() -> None:
    assert actions.canonical("clik") is None
    assert "click" in actions.all_words() and "tap" in actions.all_words()


def test_tap_needs_the_same_target_and_gesture() -> None:
    expect = Expect("tap", "object.keys")
    assert accepts(expect, Action("tap", "object.keys"))
    assert not accepts(expect, Action("tap", "object.cup"))
    assert not accepts(expect, Action("double_tap", "object.keys"))
    assert not accepts(expect, Action("click", "object.keys"))  # the UI sends kinds, not aliases


def test_drag_needs_the_right_place_to_drop() -> None:
    expect = Expect("drag", "object.cv", to="object.job")
    assert accepts(expect, Action("drag", "object.cv", to="object.job"))
    assert not accepts(expect, Action("drag", "object.cv", to="object.recipes"))
    assert not accepts(expect, Action("drag", "object.cv"))
    assert not accepts(expect, Action("drag", "object.job", to="object.job"))


def test_drag_without_to_is_a_content_error(write_yaml: Callable[..., Any]) -> None:
    scenario, problems, _ = write_yaml(HEADER + step("s", "action: drag, target: object.keys"))
    assert scenario is None
    assert any("action 'drag' needs 'to'" in p.what for p in problems)


def test_scroll_succeeds_once_the_target_is_in_view() -> None:
    expect = Expect("scroll_to", "list.rice")
    assert accepts(expect, Action("scroll_to", visible=frozenset({"list.pasta", "list.rice"})))
    assert not accepts(expect, Action("scroll_to", visible=frozenset({"list.bread"})))
    assert not accepts(expect, Action("scroll_to", "list.rice"))  # pointing is not seeing
    assert not accepts(expect, Action("tap", "list.rice", visible=frozenset({"list.rice"})))


def test_key_press_ignores_case() -> None:
    expect = Expect("key", key="Enter")
    assert accepts(expect, Action("key", key="enter"))
    assert accepts(expect, Action("key", key="ENTER"))
    assert not accepts(expect, Action("key", key="Tab"))
    assert not accepts(expect, Action("tap", key="Enter"))


def test_typed_text_is_judged_on_the_right_field() -> None:
    expect = Expect("type", "object.keys", rule={"equals": "Bonjour"})
    assert accepts(expect, Action("type", "object.keys", text="bonjour"))
    assert not accepts(expect, Action("type", "object.cup", text="Bonjour"))
    assert not accepts(expect, Action("type", "object.keys"))  # nothing typed


def test_typed_text_is_never_shown_in_repr() -> None:
    assert "secret" not in repr(Action("type", "object.keys", text="secret"))


@pytest.mark.parametrize(
    ("rule", "text", "ok"),
    [
        # equals: forgiving about case and spaces by default
        ({"equals": "Rue de la Gare"}, "rue de la gare", True),
        ({"equals": "Rue de la Gare"}, "  Rue  de la   Gare ", True),
        ({"equals": "Rue de la Gare"}, "Rue de la Care", False),
        # case_sensitive: capitals matter, spaces are still forgiven
        ({"equals": "Namur", "case_sensitive": True}, "Namur", True),
        ({"equals": "Namur", "case_sensitive": True}, "namur", False),
        ({"equals": "Namur", "case_sensitive": True}, " Namur ", True),
        # one_of
        ({"one_of": ["oui", "yes", "ja"]}, "JA", True),
        ({"one_of": ["oui", "yes", "ja"]}, "non", False),
        # pattern: the whole text must match
        ({"pattern": r"\d{4}"}, "5000", True),
        ({"pattern": r"\d{4}"}, "50000", False),
        ({"pattern": r"[a-z]+@[a-z]+\.be"}, "Anne@Exemple.BE", True),
        ({"pattern": r"[a-z]+", "case_sensitive": True}, "ABC", False),
        # non_empty: spaces alone are empty
        ({"non_empty": True}, "x", True),
        ({"non_empty": True}, "   ", False),
        # min_length counts after squeezing spaces
        ({"min_length": 3}, "abc", True),
        ({"min_length": 3}, " a b ", True),
        ({"min_length": 3}, " ab  ", False),
        # rules add up
        ({"min_length": 2, "pattern": "[0-9]+"}, "7", False),
        ({}, "anything", True),
    ],
)
def test_text_rules(rule: dict[str, object], text: str, ok: bool) -> None:
    assert text_matches(rule, text) is ok


def test_a_text_rule_needs_a_right_example(scenario_of: Build) -> None:
    with pytest.raises(AssertionError, match="no example answer"):
        scenario_of(step("s", "action: type, target: object.keys, rule: {pattern: '[0-9]{4}'}"))
    with pytest.raises(AssertionError, match="does not pass the rule"):
        scenario_of(step("s", "action: type, target: object.keys, rule: {pattern: '[0-9]{4}', example: abc}"))
    rule = "rule: {pattern: '[0-9]{4}', example: '5000'}"
    ok = scenario_of(step("s", f"action: type, target: object.keys, {rule}"))
    assert actions.example_answer(ok.steps[0].expect.rule) == "5000"
    assert actions.text_matches(ok.steps[0].expect.rule, " 5000 ")  # spaces forgiven


def test_a_hidden_target_needs_words_that_say_to_scroll(scenario_of: Build, write_yaml: Any) -> None:
    """The learner's eye: a step whose target is out of view on purpose (scroll_to, or
    scroll_first) must tell the learner to scroll; "Touchez ici." alone is refused."""
    _scenario, problems, _ = write_yaml(HEADER + step("s", "action: scroll, target: list.rice"))
    assert any("does not say so" in p.what and "défiler" in p.fix for p in problems), problems
    flagged = step("s", "action: tap, target: object.keys", "    scroll_first: true\n")
    _scenario, problems, _ = write_yaml(HEADER + flagged)
    assert any("does not say so" in p.what for p in problems), problems
    scenario = scenario_of(flagged.replace("Touchez ici.", "Faites défiler puis touchez ici."))
    assert scenario.steps[0].scroll_first
