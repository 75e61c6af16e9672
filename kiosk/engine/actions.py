"""The registry of action kinds a step can expect, and how an action is judged.

An *action* is what the UI saw the learner do, already named in the learner's world
(``tap item.key``), never a pixel. Each kind knows which ``expect`` keys it takes and
whether an action fulfils an expectation. Aliases let authors write the mouse word
(``click``, ``double_click``, ``right_click``) for the same gesture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.engine.model import Expect


@dataclass(frozen=True)
class Action:
    """One thing the learner did on the surface.

    ``text`` exists only long enough to be judged: it is never stored or logged.
    """

    kind: str
    target: str | None = None
    to: str | None = None
    visible: frozenset[str] = field(default_factory=frozenset)
    text: str | None = field(default=None, repr=False)
    key: str | None = None


@dataclass(frozen=True)
class ActionKind:
    """A gesture family: its name, author aliases and which expect keys it needs."""

    name: str
    aliases: tuple[str, ...] = ()
    needs_target: bool = True
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    # exploring (scrolling) that does not yet fulfil the step is never a mistake
    exploratory: bool = False

    def accepts(self, expect: Expect, action: Action) -> bool:
        if action.kind != self.name:
            return False
        return expect.target is None or action.target == expect.target


@dataclass(frozen=True)
class DragKind(ActionKind):
    def accepts(self, expect: Expect, action: Action) -> bool:
        return (
            action.kind == self.name and action.target == expect.target and action.to == expect.to
        )


@dataclass(frozen=True)
class ScrollKind(ActionKind):
    """Scrolling succeeds as soon as the wanted target is in view."""

    def accepts(self, expect: Expect, action: Action) -> bool:
        return action.kind == self.name and expect.target in action.visible


@dataclass(frozen=True)
class KeyKind(ActionKind):
    def accepts(self, expect: Expect, action: Action) -> bool:
        return action.kind == self.name and (action.key or "").lower() == (expect.key or "").lower()


TEXT_RULES = ("equals", "one_of", "pattern", "non_empty", "min_length", "case_sensitive", "example")


def example_answer(rule: Mapping[str, Any]) -> str | None:
    """A right answer to show (the ghost hand's demo) or to type (the robot learner)."""
    if "example" in rule:
        return str(rule["example"])
    if "equals" in rule:
        return str(rule["equals"])
    if rule.get("one_of"):
        return str(list(rule["one_of"])[0])
    return None


def fulfilling(expect: Expect) -> Action | None:
    """An action that fulfils ``expect``, as the UI would report it (author mode passes
    the steps before the one being edited with it). None for typed text whose rule
    gives no example answer."""
    text = None
    if expect.action == "type":
        text = example_answer(expect.rule)
        if text is None:
            return None
    visible = frozenset({expect.target}) if expect.target else frozenset()
    return Action(expect.action, expect.target, expect.to, visible=visible, text=text, key=expect.key)


@dataclass(frozen=True)
class TypeKind(ActionKind):
    """Typed text is checked against a rule; the text itself is then dropped."""

    def accepts(self, expect: Expect, action: Action) -> bool:
        if action.kind != self.name or action.target != expect.target or action.text is None:
            return False
        return text_matches(expect.rule, action.text)


def text_matches(rule: Mapping[str, Any], text: str) -> bool:
    """Forgiving comparison: surrounding spaces and (by default) case do not matter."""
    value = " ".join(text.split())
    sensitive = bool(rule.get("case_sensitive", False))

    def norm(s: str) -> str:
        s = " ".join(str(s).split())
        return s if sensitive else s.casefold()

    if "equals" in rule and norm(value) != norm(rule["equals"]):
        return False
    if "one_of" in rule and norm(value) not in {norm(v) for v in rule["one_of"]}:
        return False
    if "pattern" in rule:
        flags = 0 if sensitive else re.IGNORECASE
        if re.fullmatch(str(rule["pattern"]), value, flags) is None:
            return False
    if rule.get("non_empty") and not value:
        return False
    return len(value) >= int(rule.get("min_length", 0))


_KINDS: dict[str, ActionKind] = {}
_ALIASES: dict[str, str] = {}


def register(kind: ActionKind) -> ActionKind:
    """Add an action kind; its name and aliases become valid in ``expect.action``."""
    _KINDS[kind.name] = kind
    for alias in (kind.name, *kind.aliases):
        _ALIASES[alias] = kind.name
    return kind


def canonical(name: str) -> str | None:
    """The registered kind for an author's word (``click`` → ``tap``), or None."""
    return _ALIASES.get(name)


def kind(name: str) -> ActionKind:
    return _KINDS[name]


def is_exploratory(action_kind: str) -> bool:
    found = _KINDS.get(action_kind)
    return found is not None and found.exploratory


def action_kinds() -> dict[str, ActionKind]:
    return dict(_KINDS)


def all_words() -> list[str]:
    return sorted(_ALIASES)


register(ActionKind("tap", aliases=("click",)))
register(ActionKind("double_tap", aliases=("double_click",)))
register(ActionKind("long_press", aliases=("right_click",)))
register(DragKind("drag", aliases=("drag_to",), required=("to",)))
register(ScrollKind("scroll_to", aliases=("scroll",), exploratory=True))
register(TypeKind("type", aliases=("type_text",), required=("rule",)))
register(ActionKind("choose"))
# two fingers spread on a map (a mouse: the wheel); the map surface sends it
register(ActionKind("pinch", aliases=("spread",)))
register(KeyKind("key", aliases=("key_press",), needs_target=False, required=("key",)))
