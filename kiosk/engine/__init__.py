"""The learning engine: scenarios, steps, expected actions, hints, scoring, DigComp.

Pure Python. It imports neither Kivy, SQLAlchemy nor requests (a test walks the
imports); time is injected, so every rule of learning is unit-tested without a screen.
"""

from kiosk.engine.actions import Action, action_kinds
from kiosk.engine.catalogue import Catalogue, load_catalogue
from kiosk.engine.errors import ContentError
from kiosk.engine.model import Expect, Hint, HintLevel, Instruction, Module, Scenario, Step, Text
from kiosk.engine.runner import AttemptRunner, Outcome, OutcomeKind
from kiosk.engine.scoring import stars_for

__all__ = [
    "Action",
    "AttemptRunner",
    "Catalogue",
    "ContentError",
    "Expect",
    "Hint",
    "HintLevel",
    "Instruction",
    "Module",
    "Outcome",
    "OutcomeKind",
    "Scenario",
    "Step",
    "Text",
    "action_kinds",
    "load_catalogue",
    "stars_for",
]
