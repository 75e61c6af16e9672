"""The learning engine: scenarios, steps, expected actions, hints, scoring, DigComp.

Pure Python. It imports neither Kivy, SQLAlchemy nor requests (a test walks the
imports); time is injected, so every rule of learning is unit-tested without a screen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.engine.actions import Action, action_kinds
    from kiosk.engine.catalogue import Catalogue, load_catalogue
    from kiosk.engine.errors import ContentError
    from kiosk.engine.model import (
        Expect,
        Hint,
        HintLevel,
        Instruction,
        Module,
        Scenario,
        Step,
        Text,
    )
    from kiosk.engine.runner import AttemptRunner, Outcome, OutcomeKind
    from kiosk.engine.scoring import stars_for

# Names → the module that defines them. Imported on first use, so that reading a
# model class does not pull in the YAML parser (the kiosk's start-up stays short).
_WHERE = {
    "Action": "actions", "action_kinds": "actions",
    "Catalogue": "catalogue", "load_catalogue": "catalogue",
    "ContentError": "errors",
    "Expect": "model", "Hint": "model", "HintLevel": "model", "Instruction": "model",
    "Module": "model", "Scenario": "model", "Step": "model", "Text": "model",
    "AttemptRunner": "runner", "Outcome": "runner", "OutcomeKind": "runner",
    "stars_for": "scoring",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"kiosk.engine.{_WHERE[name]}"), name)
    raise AttributeError(name)
