"""What would leave a learner stuck in a scenario that otherwise reads well.

- steps: every step can be reached from the first, and the end from every step;
- answers: the field a step types in takes the step's right answers. A field's
  ``pattern``, ``kind`` or ``max_length`` that refuses the answer the kiosk waits for
  is a dead end: the kiosk praises the answer, the site says it is wrong (or the
  keyboard stops typing it), and no hint can help.

Pages nothing leads to are the surfaces' own business (kiosk.engine.surfaces.web).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.engine import actions, surfaces
from kiosk.engine.model import Step

# report(node, key, what, fix); line_of(node, key) → the line it is written on
Report = Callable[[Any, Any, str, str], None]
LineOf = Callable[[Any, Any], int]

DEFAULT_MAX_LENGTH = 80  # what a field takes when it does not say (the kiosk's practice fields)
# what a field of each kind takes, and how to say it to the trainer
KIND_TAKES: dict[str, tuple[re.Pattern[str], str]] = {
    "number": (re.compile(r"[\d\s+\-.,/()]*\d[\d\s+\-.,/()]*"), "a number (digits)"),
    "pin": (re.compile(r"\d+"), "digits only"),
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"), "an e-mail address"),
    "date": (re.compile(r"[\d\s/.\-]*\d[\d\s/.\-]*"), "a date in digits, like 15/03/2025"),
}


def check_graph(steps: list[Step], report: Callable[[str, str, str], None]) -> None:
    """Every step reachable from the first, and the end reachable from every step.
    ``report(step_id, what, fix)``."""
    by_id = {s.id: s for s in steps}

    def after(s: Step) -> str | None:
        if s.next == "end":
            return None
        if s.next is not None:
            return s.next
        idx = steps.index(s)
        return steps[idx + 1].id if idx + 1 < len(steps) else None

    reached: list[str] = []
    current: str | None = steps[0].id
    while current is not None and current not in reached:
        reached.append(current)
        current = after(by_id[current])
    if current is not None:
        report(current, f"steps loop back to '{current}' and never end",
               "make one step in the loop say 'next: end' or go forward")
    for s in steps:
        if s.id not in reached:
            report(s.id, f"step '{s.id}' can never be reached", "remove it, or point a 'next:' at it")


@dataclass(frozen=True)
class Answer:
    """A right answer a step types in a field, and where the step writes it."""

    text: str
    step: str
    node: Any  # the rule (or its 'one_of' list)
    key: Any  # 'example', 'equals' or the index in 'one_of'


def typed_answers(steps_node: Any) -> dict[str, list[Answer]]:
    """Field target → the right answers the steps type in it: ``example``, ``equals``
    and each of ``one_of``, read from the steps as written (with their place)."""
    answers: dict[str, list[Answer]] = {}
    for raw in steps_node if isinstance(steps_node, list) else []:
        expect = raw.get("expect") if isinstance(raw, Mapping) else None
        if not isinstance(expect, Mapping) or actions.canonical(str(expect.get("action"))) != "type":
            continue
        rule = expect.get("rule")
        if not isinstance(rule, Mapping):
            continue
        step = str(raw.get("id"))
        mine = answers.setdefault(str(expect.get("target")), [])
        mine += [Answer(str(rule[k]), step, rule, k) for k in ("example", "equals") if k in rule]
        one_of = rule.get("one_of")
        if isinstance(one_of, list):
            mine += [Answer(str(a), step, one_of, i) for i, a in enumerate(one_of)]
    return answers


@dataclass(frozen=True)
class Refusal:
    """A right answer of a step that its field refuses."""

    answer: Answer
    field: Mapping[str, Any]
    key: str  # the field's key that refuses it: 'max_length', 'kind' or 'pattern'
    what: str


def refusals(fixture: Any, answers: Mapping[str, Sequence[Answer]]) -> Iterator[Refusal]:
    """Each answer a field refuses: longer than its ``max_length`` (the keyboard stops
    typing), not of its ``kind``, or not matching its ``pattern`` (the site shows its
    error when the form is sent, matching as the page does: kiosk.ui's web surface)."""
    for field, target in surfaces.fields(fixture):
        for answer in answers.get(target, ()):
            why = _refused(field, answer.text)
            if why is not None:
                yield Refusal(answer, field, *why)


def _refused(field: Mapping[str, Any], text: str) -> tuple[str, str] | None:
    length = field.get("max_length", DEFAULT_MAX_LENGTH)
    if isinstance(length, int) and not isinstance(length, bool) and len(text) > length > 0:
        return "max_length", f"it has {len(text)} characters, and the field takes {length} at most"
    kind = field.get("kind", "text")
    if isinstance(kind, str) and kind in KIND_TAKES:
        takes, words = KIND_TAKES[kind]
        if takes.fullmatch(" ".join(text.split())) is None:
            return "kind", f"the field is 'kind: {kind}', it takes {words}"
    pattern = field.get("pattern")
    if pattern is not None:
        try:
            refused = not actions.text_matches({"pattern": pattern}, text)
        except re.error:
            return None  # an invalid pattern is reported by the surface's own check
        if refused:
            return "pattern", f"it does not match the field's pattern '{pattern}'"
    return None


def check_refusals(fixture: Any, steps_node: Any, error: Report, line_of: LineOf) -> None:
    """Each step's answers against the field the step types in."""
    for refusal in refusals(fixture, typed_answers(steps_node)):
        answer = refusal.answer
        error(answer.node, answer.key,
              f"the site refuses the answer '{answer.text}' of step '{answer.step}': {refusal.what} "
              f"(line {line_of(refusal.field, refusal.key)}); the learner would be stuck",
              f"make them agree: change the field's '{refusal.key}' or the step's answer")
