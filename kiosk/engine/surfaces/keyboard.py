"""The keyboard surface's engine side: its fixture check (a card of text fields), its
targets and their words, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Field, Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The on-screen keyboard's and the text fields' own words, French, on every surface that has
# fields (keyboard, mail, web, browser, phone_id). Translations: kiosk/locale (kiosk.engine.surfaces.words).
TYPING_WORDS = Words("keyboard", (
    # TRANSLATORS: the shift key of the on-screen keyboard (capital letters), as printed on keyboards
    N_("keyboard.key.shift", "Maj"),
    # TRANSLATORS: the key that erases the letter before the cursor (backspace)
    N_("keyboard.key.backspace", "Effacer"),
    # TRANSLATORS: the key that confirms what was typed (enter)
    N_("keyboard.key.enter", "OK"),
    # TRANSLATORS: the space bar of the on-screen keyboard
    N_("keyboard.key.space", "espace"),
    N_("keyboard.field.check", "Vérifiez ce champ."),
))


@dataclass(frozen=True)
class CardField(Field):
    """A field of the card: what it types is what the on-screen keyboard has."""

    KEYS: ClassVar[tuple[Key, ...]] = Field.with_kinds(
        ("text", "email", "number", "pin"),
        "`text` (the default), `email`, `number` or `pin` (shown as stars).")


@dataclass(frozen=True)
class Card(Record):
    """The keyboard fixture: a card of text fields."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("title", "label", default="", what="the card's heading."),
        Key("text", "label", default="", what="a line under it."),
        Key("fields", "items", item=CardField, example="[{id: city, label: Ville}]",
            what="the fields, top to bottom. Each has an `id` and a `label` (the words above it)."),
    )
    WHAT: ClassVar[str] = "the fixture"
    title: Any
    text: Any
    fields: tuple[CardField, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["fields"]:
            report(node, "fields", "the keyboard page has no field", "add 'fields:' with at least one field")


def _check(fixture: Any, report: Report) -> None:
    Card.check(fixture, report, set())


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return Card.read(fixture).targets()


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    return {f"field.{field.id}": field.label for field in Card.read(fixture).fields if field.label}


GUIDE = """\
A card with text fields over the on-screen Belgian AZERTY keyboard (the physical keyboard
works too). The learner touches a field, types, then touches OK; a wrong answer shows the
field's `error` under it, and the kiosk adds its spoken help.

A step types in a field: `expect: {action: type, target: field.city, rule: {equals: Namur}}`;
the `rule` says which answers are right (section 4)."""

KEYS = Card.guide_keys() + CardField.guide_keys("a field's ")

TARGETS = (TargetName(("field.<id>",), "a field of the card", ("type",)),)

register(SurfaceSpec("keyboard", _check, _targets, labels=_labels,
                     summary="a form card with fields over the on-screen Belgian AZERTY keyboard",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(Card.keys()), fixture=Card))
