"""Frozen, typed domain objects: a Scenario is data — steps, expected actions, hints.

Every learner-visible string is a :class:`Text` carrying a stable ``prompt_id`` so that
recorded voices and translations attach to ids, never to the words themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

SOURCE_LANGUAGE = "fr"
# the languages a text may be written in (the kiosk speaks the first six)
KNOWN_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk", "de")


@dataclass(frozen=True)
class Text:
    """One learner-visible string in several languages, under a stable prompt id."""

    prompt_id: str
    by_language: Mapping[str, str]

    def get(self, language: str) -> str:
        """The text in ``language``, else French (the source language)."""
        return self.by_language.get(language) or self.by_language.get(SOURCE_LANGUAGE, "")

    def has(self, language: str) -> bool:
        return bool(self.by_language.get(language))


@dataclass(frozen=True)
class Instruction:
    """What a step says; may differ for a mouse user and a touch user."""

    default: Text
    mouse: Text | None = None
    touch: Text | None = None

    def for_device(self, device: str) -> Text:
        if device == "mouse" and self.mouse is not None:
            return self.mouse
        if device == "touch" and self.touch is not None:
            return self.touch
        return self.default

    def texts(self) -> tuple[Text, ...]:
        return tuple(t for t in (self.default, self.mouse, self.touch) if t is not None)


class HintLevel(IntEnum):
    """The help ladder; each rung gives more help than the one below."""

    NONE = 0
    REPEAT = 1  # say the instruction again
    HIGHLIGHT = 2  # light up the target on the surface
    DEMO = 3  # a ghost hand performs the gesture on the real target


@dataclass(frozen=True)
class Hint:
    """One rung of a step's help ladder and when it arrives on its own."""

    level: HintLevel
    after_seconds: float
    after_errors: int
    say: Text | None = None


@dataclass(frozen=True)
class Expect:
    """The action a step waits for: kind, named target and acceptance rule."""

    action: str
    target: str | None = None
    to: str | None = None
    key: str | None = None
    rule: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    id: str
    say: Instruction
    expect: Expect
    hints: tuple[Hint, ...]
    success: Text | None = None
    next: str | None = None  # None: the following step; "end": finish
    scroll_first: bool = False  # the target is out of view on purpose: the learner scrolls first

    @property
    def learner_scrolls(self) -> bool:
        """The target is out of view on purpose: finding it by scrolling is the task."""
        return self.scroll_first or self.expect.action == "scroll_to"


@dataclass(frozen=True)
class Beside:
    """A second, phone-shaped practice screen beside the main one (``beside:``): a website
    on the computer and the bank app on the phone. Its targets are written with the
    prefix ``phone.`` in the steps (``phone.request.confirm``), so the two sides' names
    never clash; ``after`` names a main target whose step wakes the phone (the site's
    payment button sends the request)."""

    surface: str
    fixture: Mapping[str, Any]
    after: str | None = None


BESIDE_PREFIX = "phone."


@dataclass(frozen=True)
class Scenario:
    id: str
    version: int
    schema_version: int
    module: str
    title: Text
    pictogram: str
    digcomp: tuple[str, ...]
    level: int
    surface: str
    fixture: Mapping[str, Any]
    steps: tuple[Step, ...]
    source: Path
    intro: Text | None = None
    # what the screen writes on each target (a text or a map of languages): scenario
    # texts refer to them as "<button.send>" (kiosk.engine.labels)
    labels: Mapping[str, Any] = field(default_factory=dict)
    beside: Beside | None = None  # a phone beside the main screen (targets "phone.<name>")
    # a real-life second level (``level2:``): 2 for the variant ``<id>.2``, whose screen
    # draws ``clutter`` (kiosk.engine.surfaces.clutter); a level-1 scenario holds its
    # variant in ``level2``
    variant: int = 1
    clutter: tuple[str, ...] = ()
    level2: Scenario | None = None

    def on_screen(self, text: Text, screen: str | None = SOURCE_LANGUAGE) -> Text:
        """``text`` with its references to labels filled in for a screen in ``screen``
        (French, or None: each learner's own language, "L'écran dans ma langue")."""
        from kiosk.engine.labels import for_screen

        return for_screen(text, self.labels, screen)

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def next_step(self, current: Step) -> Step | None:
        """The step after ``current`` or None when the scenario is finished."""
        if current.next == "end":
            return None
        if current.next is not None:
            return self.step(current.next)
        index = self.steps.index(current)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def texts(self) -> tuple[Text, ...]:
        """Every spoken or shown string of the scenario, for audio and translation checks."""
        out: list[Text] = [self.title]
        if self.intro is not None:
            out.append(self.intro)
        for s in self.steps:
            out.extend(s.say.texts())
            out.extend(h.say for h in s.hints if h.say is not None)
            if s.success is not None:
                out.append(s.success)
        return tuple(out)


@dataclass(frozen=True)
class Module:
    """A family of scenarios shown as one tile (e.g. ``mouse``: La souris)."""

    id: str
    title: Text
    pictogram: str
    order: tuple[str, ...]
    source: Path
    # place among the modules in teaching order (1 first); None: after the ranked ones
    rank: int | None = None
