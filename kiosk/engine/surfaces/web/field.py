"""A form field of a web page (``- field: postcode``): a text the learner types (text,
email, number, date, pin, password), checked by the site against ``required`` and
``pattern`` (a password also against its live ``rules``: ``rules.py``), or a choice among
``options`` (radio, checkbox, select)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, check_id, check_keys
from kiosk.engine.surfaces.web.blocks import Block, Gotos, flag, near, short_id, text
from kiosk.engine.surfaces.web.rules import Rule, check_rules, check_value_meets, read_rules

TEXT_KINDS = ("text", "email", "number", "date", "pin", "password")
CHOICE_KINDS = ("select", "radio", "checkbox")
FIELD_KINDS = TEXT_KINDS + CHOICE_KINDS


@dataclass(frozen=True)
class Option(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("id", "id"), Key("label", "label"))
    id: str
    label: Any


@dataclass(frozen=True)
class Field(Block):
    """A field: ``kind`` says which (``text`` when not written); a text field gives the
    target ``field.<id>``, a choice ``option.<id>.<option>`` for each option."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("field", "id"),
        Key("kind", "text", "text"),
        Key("label", "label", None),
        Key("placeholder", "label", None),
        Key("value", "any", None),
        Key("options", "items", (), item=Option),
        Key("required", "flag", False),
        Key("pattern", "text", None),
        Key("error", "label", None),
        Key("max_length", "number", 80),
        Key("rules", "list", ()),
    )
    ATTRIBUTES: ClassVar[dict[str, str]] = {"field": "id"}
    KIND = "field"
    id: str
    kind: str
    label: Any
    placeholder: Any
    value: Any
    options: tuple[Option, ...]
    required: bool
    pattern: str | None
    error: Any
    max_length: int
    rules: tuple[Any, ...]

    @property
    def secret(self) -> bool:
        """Typed as dots: a PIN or a password."""
        return self.kind in ("pin", "password")

    def live_rules(self) -> tuple[Rule, ...]:
        """A password's rules, shown under it and ticked as the text meets each."""
        return read_rules(self.rules)

    @property
    def choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    def chosen(self) -> list[str]:
        """The options the site has chosen already (``value``)."""
        if isinstance(self.value, (list, tuple)):
            return [str(v) for v in self.value]
        return [str(self.value)] if self.value else []

    def targets(self) -> set[str]:
        if self.choice:
            return {f"option.{self.id}.{o.id}" for o in self.options}
        return {f"field.{self.id}"}

    def labels(self) -> dict[str, Any]:
        """A choice field's own label is ``field.<id>`` too ("Dans la liste
        <field.availability>"): words on the screen, though not a target."""
        names = {f"field.{self.id}": self.label}
        names.update({f"option.{self.id}.{o.id}": o.label for o in self.options})
        return names

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        ident = short_id(block, "field", report, seen, "field")
        text(block, "label", report)
        kind = block.get("kind", "text")
        if kind not in FIELD_KINDS:
            report(block, "kind", f"unknown field kind '{kind}'", f"use one of: {', '.join(FIELD_KINDS)}")
            return
        for key in ("placeholder", "error"):
            if key in block:
                text(block, key, report)
        flag(block, "required", report)
        if "pattern" in block:
            try:
                re.compile(str(block["pattern"]))
            except re.error as exc:
                report(block, "pattern", f"the pattern is not valid ({exc})", "fix the regular expression")
        check_rules(block, kind, report)
        if kind in CHOICE_KINDS:
            _check_choice(block, kind, str(ident), report)
        else:
            _check_text(block, kind, report)
            check_value_meets(block, report)


def _check_choice(block: Mapping[str, Any], kind: str, ident: str, report: Report) -> None:
    for key in ("placeholder", "pattern", "max_length"):
        if key in block:
            report(block, key, f"a '{kind}' field has no '{key}'", "remove it")
    names = _check_options(block, ident, report)
    value = block.get("value")
    values = value if isinstance(value, list) and kind == "checkbox" else [value]
    if "value" in block:
        for v in values:
            if not isinstance(v, str) or (names and v not in names):
                report(block, "value", f"'{v}' is not one of the options", near(str(v), names, "options"))


def _check_text(block: Mapping[str, Any], kind: str, report: Report) -> None:
    if "options" in block:
        report(block, "options", f"a '{kind}' field has no 'options'",
               "use 'kind: select', 'radio' or 'checkbox' for a choice")
    if "value" in block and not isinstance(block["value"], (str, int, float)):
        report(block, "value", "'value' must be a text", 'write e.g. \'value: "4000"\'')
    length = block.get("max_length", 80)
    if not isinstance(length, int) or isinstance(length, bool) or length < 1:
        report(block, "max_length", "'max_length' must be a whole number", "write 'max_length: 4'")


def _check_options(block: Mapping[str, Any], field: str, report: Report) -> set[str]:
    options = block.get("options")
    if not isinstance(options, list) or not options:
        report(block, "options" if "options" in block else "field",
               f"a '{block.get('kind')}' field needs 'options'",
               "add 'options: [{id: yes, label: Oui}, {id: no, label: Non}]'")
        return set()
    seen: set[str] = set()
    for i, option in enumerate(options):
        if not isinstance(option, Mapping):
            report(options, i, "an option must be a map", "write '{id: yes, label: Oui}'")
            continue
        check_keys(option, {"id", "label"}, report, "an option")
        check_id(option, report, seen, f"option.{field}")
        text(option, "label", report)
    return {s.rsplit(".", 1)[1] for s in seen}
