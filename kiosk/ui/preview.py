"""The storyboard's capture in the running kiosk: each step as the learner meets it.

The robot learner (``kiosk.ui.robot``) hands each step to :class:`Capture` when its
instruction shows, right after the learner's eye looked and before the robot acts: the
window is saved as a picture, the rectangle of what the step names is measured (as the
learner's eye finds it), and the voice clips of the instruction, of each rung of its help
ladder and of its praise are copied from the speech cache into the preview's folder.
``kiosk.preview_page`` turns what was kept into the page. Kivy is imported only once
the kiosk runs (``play_storyboard`` configures it first).
"""

from __future__ import annotations

import shutil
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Config
from kiosk.engine.model import HintLevel, Scenario, Step, Text
from kiosk.preview_page import AUDIO, IMAGES, Box, Rung, Said, StepShown, Storyboard, level_name, when

VOICE_WAIT = 60.0  # seconds for the speech worker to render a step's clips on a cold cache


@dataclass(frozen=True)
class Played:
    board: Storyboard
    exit_code: int


class Capture:
    """Keeps the steps of one scenario as the robot learner meets them."""

    def __init__(self, scenario: Scenario, out: Path, language: str) -> None:
        self.scenario = scenario
        self.out = out
        self.language = language
        self.steps: list[StepShown] = []
        self.intro: Said | None = None
        self.summary = ""
        self.failure: str | None = None

    def capture(self, robot: Any, step: Step, problems: list[str]) -> Iterator[Any]:
        """The step now shown: its picture first (nothing has moved yet), then its words."""
        app = robot.app
        player = app.screen("player")
        number = len(self.steps) + 1
        stem = f"{number:02d}-{step.id}"
        picture = f"{IMAGES}/{stem}.png"
        yield from robot.picture(self.out / picture)
        boxes = tuple(self._boxes(player))
        shown = player.instruction

        def on_screen(text: Text) -> Text:
            result: Text = player.scenario.on_screen(text, app.surface_language)
            return result

        from kiosk import strings

        voiced: dict[str, Text] = {"instruction": on_screen(step.say.for_device(app.device))}
        for index, hint in enumerate(step.hints, 1):
            first = on_screen(hint.say) if hint.say is not None else None
            if hint.level == HintLevel.HIGHLIGHT and first is None:
                first = strings.text("hint.highlight")
            elif hint.level == HintLevel.DEMO:
                first = strings.text("hint.demo")  # the demo has the kiosk's own words
            if first is not None:
                voiced[f"hint{index}"] = first
        if step.success is not None:
            voiced["praise"] = on_screen(step.success)
        if number == 1 and self.scenario.intro is not None:
            voiced["intro"] = on_screen(self.scenario.intro)
        clips = yield from self._voices(robot, voiced, stem)

        def said(key: str, words: str | None = None) -> Said | None:
            text = voiced.get(key)
            if text is None:
                return None
            return Said(words if words is not None else text.get(self.language), clips.get(key))

        if "intro" in voiced:
            self.intro = said("intro")
        instruction = said("instruction", shown)
        assert instruction is not None
        rungs = tuple(Rung(level_name(hint), when(hint), said(f"hint{index}"))
                      for index, hint in enumerate(step.hints, 1))
        self.steps.append(StepShown(number=number, id=step.id, picture=picture, instruction=instruction,
                                    boxes=boxes, hints=rungs, praise=said("praise"),
                                    problems=tuple(problems)))

    def finish(self, summary: str, failure: str | None) -> None:
        """The robot's last line, and why it stopped if it did not reach the end."""
        self.summary = summary
        self.failure = failure

    @staticmethod
    def _boxes(player: Any) -> Iterator[Box]:
        """What the step names, framed where the window shows it (percent of the picture)."""
        from kivy.core.window import Window

        from kiosk.ui.learners_eye import named_targets, window_rect

        width, height = float(Window.width), float(Window.height)
        for what, widget in named_targets(player):
            if widget is None or widget.get_root_window() is None:
                continue  # not on the screen: the learner's eye says so
            x0, y0, x1, y1 = window_rect(widget)
            x0, y0, x1, y1 = max(x0, 0.0), max(y0, 0.0), min(x1, width), min(y1, height)
            if x1 <= x0 or y1 <= y0:
                continue
            yield Box(what, left=round(100 * x0 / width, 2), top=round(100 * (height - y1) / height, 2),
                      width=round(100 * (x1 - x0) / width, 2), height=round(100 * (y1 - y0) / height, 2))

    def _voices(self, robot: Any, texts: dict[str, Text], stem: str) -> Generator[Any, Any, dict[str, str]]:
        """Copy each text's clip from the speech cache into the folder, asking the speech
        worker for those not rendered yet; returns {key: relative path} (no speech: {})."""
        synth = robot.app.speaker.synth
        if synth is None or not synth.available:
            return {}
        wanted = {}
        for key, text in texts.items():
            # as the speaker does: a text not translated is read in French by the French voice
            language = self.language if text.has(self.language) else "fr"
            wanted[key] = (text.get(self.language), language, text.prompt_id)
        for words, language, prompt_id in wanted.values():
            if synth.cached(words, language, prompt_id) is None:
                synth.render_async(words, language, lambda _path: None)

        def ready() -> bool:
            return not synth.available or all(synth.cached(*w) is not None for w in wanted.values())

        yield from robot.settled(ready, VOICE_WAIT)
        clips: dict[str, str] = {}
        for key, spec in wanted.items():
            clip = synth.cached(*spec)
            if clip is None:
                continue
            relative = f"{AUDIO}/{stem}-{key}{clip.path.suffix}"
            shutil.copyfile(clip.path, self.out / relative)
            clips[key] = relative
        return clips


def play_storyboard(config: Config, scenario: Scenario, out: Path, *, language: str, size: str,
                    device: str) -> Played:
    """The robot learner plays ``scenario`` in a ``size`` window; each step is kept in ``out``."""
    from kiosk.ui.launch import run_robot

    capture = Capture(scenario, out, language)
    code = run_robot(config, scenario.id, mistakes=False, screenshots=None, device=device,
                     language=language, size=size, report=None, storyboard=capture)
    board = Storyboard(scenario_id=scenario.id, title=scenario.title.get(language),
                       surface=scenario.surface, language=language, size=size, device=device,
                       intro=capture.intro, steps=tuple(capture.steps), summary=capture.summary,
                       error=capture.failure)
    return Played(board, code)
