"""The keyboard surface: a simple page with text fields and the on-screen Belgian AZERTY
keyboard (the physical keyboard works too).

Fixture::

    title: {fr: Votre adresse, nl: ...}     # the card's heading
    text: {fr: "Exemple : ...", nl: ...}     # optional line under it
    fields:
      - id: city                             # → field.city
        label: {fr: Commune, nl: ...}
        placeholder: "Namur"                 # optional grey example inside
        error: {fr: Écrivez Namur., nl: ...} # the site's message under a wrong answer
        kind: text                           # text (default), email, number or pin (stars)

Targets: ``field.<id>``. A step types into a field: ``expect: {action: type, target:
field.city, rule: {equals: Namur}}`` (see "Action words" in scenarios/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import (
    Report,
    SurfaceSpec,
    check_fields,
    check_keys,
    field_labels,
    field_targets,
    register,
)

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


register(SurfaceSpec("keyboard", _check, _targets, labels=_labels, keys=frozenset(_KEYS)))
