"""The keyboard surface's engine side: its fixture check (a card of text fields), its
targets and their words, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import (
    Report,
    SurfaceSpec,
    TargetName,
    check_fields,
    check_keys,
    field_labels,
    field_targets,
    register,
)
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

_KEYS = {"title", "text", "fields"}


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    if "fields" not in fixture:
        report(fixture, None, "the keyboard page has no field", "add 'fields:' with at least one field")
        return
    check_fields(fixture["fields"], report, set(), fixture, kinds=("text", "email", "number", "pin"))


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return field_targets(fixture.get("fields"))


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    return field_labels(fixture.get("fields"))


GUIDE = """\
A card with text fields over the on-screen Belgian AZERTY keyboard (the physical keyboard
works too). The learner touches a field, types, then touches OK; a wrong answer shows the
field's `error` under it, and the kiosk adds its spoken help.

A step types in a field: `expect: {action: type, target: field.city, rule: {equals: Namur}}`;
the `rule` says which answers are right (section 4)."""

KEYS = (
    ("`title`", "the card's heading."),
    ("`text`", "*(optional)* a line under it."),
    ("`fields`", "the fields, top to bottom. Each has an `id` and a `label` (the words above it)."),
    ("a field's `placeholder`",
     "*(optional)* the grey example inside the empty field; never the answer a step asks "
     "for."),
    ("a field's `error`", "*(optional)* the message under the field when the answer is not right."),
    ("a field's `kind`", "`text` (the default), `email`, `number` or `pin` (shown as stars)."),
)

TARGETS = (TargetName(("field.<id>",), "a field of the card", ("type",)),)

register(SurfaceSpec("keyboard", _check, _targets, labels=_labels,
                     summary="a form card with fields over the on-screen Belgian AZERTY keyboard",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(_KEYS)))
