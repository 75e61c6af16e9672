"""A password field's rules, shown live as real sites show them (``rules:`` on a
``kind: password`` field): a list under the field ("8 caractères minimum", "Une
majuscule", "Un chiffre"), each ticked as soon as the typed text meets it. The site
refuses the form until all are met.

A rule is a ready-made one by name (``length_8``, ``capital``, ``small``, ``digit``,
``symbol``: its words are the web surface's own, in six languages) or the trainer's own,
``{pattern: '[!?]', label: {fr: Un ! ou un ?, ...}}``. The typed text is judged here and
then dropped: it is never stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.engine.surfaces import Report, check_keys, check_label

# the ready-made rules: name → the pattern the typed text must contain somewhere.
# Their words are the web surface's ("web.rule.<name>", kiosk.engine.surfaces.web.WORDS).
READY_RULES: dict[str, str] = {
    "length_8": r"^.{8,}$",
    "capital": r"[A-ZÀ-ÖØ-Þ]",
    "small": r"[a-zß-öø-ÿ]",
    "digit": r"[0-9]",
    "symbol": r"[^A-Za-zÀ-ÖØ-öø-ÿ0-9\s]",
}
RULE_EXAMPLE = "rules: [length_8, capital, digit]"


@dataclass(frozen=True)
class Rule:
    """One rule: the pattern the typed text must contain, and its words — a ready-made
    rule's ``name`` (the surface's words ``rule.<name>``) or the trainer's ``label``."""

    pattern: str
    name: str = ""
    label: Any = None

    @property
    def word_key(self) -> str:
        """The surface's own words for a ready-made rule (``rule.capital``), else ""."""
        return f"rule.{self.name}" if self.name else ""

    def met(self, typed: str) -> bool:
        return re.search(self.pattern, typed) is not None


def read_rules(raw: Any) -> tuple[Rule, ...]:
    """The rules of a checked field (``rules:``), in the order written."""
    found: list[Rule] = []
    for entry in raw or ():
        if isinstance(entry, str) and entry in READY_RULES:
            found.append(Rule(READY_RULES[entry], name=entry))
        elif isinstance(entry, Mapping) and isinstance(entry.get("pattern"), str):
            found.append(Rule(str(entry["pattern"]), label=entry.get("label")))
    return tuple(found)


def unmet(rules: tuple[Rule, ...], typed: str) -> list[Rule]:
    """The rules the typed text does not meet yet (none: the site takes it)."""
    return [rule for rule in rules if not rule.met(typed)]


def check_rules(block: Mapping[str, Any], kind: str, report: Report) -> None:
    """``rules:`` is a list of ready-made names or ``{pattern, label}`` maps, on a
    password field only."""
    if "rules" not in block:
        return
    rules = block["rules"]
    if kind != "password":
        report(block, "rules", f"a '{kind}' field has no 'rules'",
               "rules are shown under a password: write 'kind: password'")
        return
    if not isinstance(rules, list) or not rules:
        report(block, "rules", "'rules' must be a list of rules", f"write e.g. '{RULE_EXAMPLE}'")
        return
    for i, rule in enumerate(rules):
        if isinstance(rule, str):
            if rule not in READY_RULES:
                report(rules, i, f"unknown rule '{rule}'",
                       f"use one of: {', '.join(READY_RULES)}, or write "
                       "'{pattern: ..., label: {fr: ...}}'")
            continue
        if not isinstance(rule, Mapping):
            report(rules, i, "a rule is a name or a map", f"write e.g. '{RULE_EXAMPLE}'")
            continue
        check_keys(rule, {"pattern", "label"}, report, "a rule")
        if not isinstance(rule.get("pattern"), str):
            report(rule, "pattern" if "pattern" in rule else None, "a rule needs a 'pattern'",
                   "write e.g. \"pattern: '[!?]'\"")
        else:
            try:
                re.compile(rule["pattern"])
            except re.error as exc:
                report(rule, "pattern", f"the pattern is not valid ({exc})", "fix the regular expression")
        check_label(rule, "label", report)


def check_value_meets(block: Mapping[str, Any], report: Report) -> None:
    """A password the site writes in already must meet its own rules."""
    value = block.get("value")
    if isinstance(value, str) and value:
        for rule in unmet(read_rules(block.get("rules")), value):
            report(block, "value", f"'value' does not meet the rule '{rule.name or rule.pattern}'",
                   "leave the field empty (the learner types the password)")
