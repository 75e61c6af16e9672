"""Driver run in its own process by test_languages.py: an Arabic-speaking learner over a
French practice screen, the "screen in my language" toggle, the slower voice, and a
switch to Ukrainian mid-step. Writes what it observed as JSON (argv[1])."""

from __future__ import annotations

import json
import sys
import wave
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1920x1080")

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])


def seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


class LanguageDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.shot("welcome")
        seen["welcome_languages"] = [lang for lang in app.kiosk_config.languages
                                     if self.find(f"language.{lang}") is not None]
        yield from self.tap_named("language.ar")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.shot("modules-ar")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.frames(3)
        yield from self.heard()
        player = app.screen("player")
        seen["rtl"] = app.rtl
        seen["ar"] = self.layout(player)
        seen["ar_spoken"] = app.speaker.spoken[-1]
        yield from self.shot("player-ar")
        # the practice screen in the learner's language, and back to French
        yield from self.tap_named("screen.toggle")
        yield from self.frames(3)
        seen["own_screen_labels"] = self.surface_labels(player)
        yield from self.shot("player-ar-own-screen")
        yield from self.tap_named("screen.toggle")
        yield from self.frames(3)
        seen["back_to_french_labels"] = self.surface_labels(player)
        # the slower voice: said again, more slowly
        normal_clip = app.synth.clip_path(player.instruction, app.language)
        yield Until(normal_clip.exists, "the instruction's clip at the normal rate")
        played = app.speaker.played
        yield from self.tap_named("slower")
        yield Until(lambda: app.slower, "the slower voice on")
        slower_clip = app.synth.clip_path(player.instruction, app.language)  # at the slower rate now
        # an earlier clip may still finish in between: wait for the instruction's own slower clip
        yield Until(lambda: app.speaker.played >= played + 2 and bool(app.speaker.clips)
                    and app.speaker.clips[-1] == slower_clip, "the step said again, slower", 15)
        seen["slower"] = {"on": app.slower, "rate": app.synth.rate,
                          "configured_rate": app.kiosk_config.speech_rate,
                          "spoken": app.speaker.spoken[-2:],
                          "normal_s": seconds(normal_clip), "slower_s": seconds(app.speaker.clips[-1]),
                          "same_step": player.step_index}
        yield from self.tap_named("slower")
        seen["slower_off_rate"] = app.synth.rate
        # switching to Ukrainian mid-step: same step, left to right again, said in Ukrainian
        step_before = player.step_index
        yield from self.switch_language("uk")
        yield from self.heard()
        # chosen by voice: the language's own name first, then the same step in it
        yield Until(lambda: app.speaker.spoken[-2:] == [app.tr("language", "uk"), player.instruction],
                    "the name of the language, then the step")
        seen["uk_name_said_first"] = app.speaker.spoken[-2] == "Українська"
        seen["uk"] = self.layout(player)
        seen["uk_same_step"] = player.step_index == step_before
        seen["uk_spoken"] = app.speaker.spoken[-1]
        seen["uk_rtl"] = app.rtl
        yield from self.shot("player-uk")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def layout(self, player: Any) -> dict[str, Any]:
        dots = list(reversed(player.ids.progress.children))  # in the order they were added
        instruction = player.ids.instruction
        return {
            "back_x": self.centre(self.find("exercise.stop"))[0],
            "language_x": self.centre(self.find("language.switch"))[0],
            "help_x": self.centre(self.find("help"))[0],
            "first_dot_x": dots[0].center_x, "last_dot_x": dots[-1].center_x,
            "instruction_words": instruction.words, "instruction_text": instruction.text,
            "instruction_halign": instruction.halign, "instruction_font": instruction.font_name,
            "surface_labels": self.surface_labels(player),
            "window_width": Window.width,
        }

    @staticmethod
    def surface_labels(player: Any) -> dict[str, Any]:
        from kiosk.ui.widgets import Words

        def drawn(widget: Any) -> str:  # the text of the label inside, as drawn
            return next((w.text for w in widget.walk() if isinstance(w, Words)), "")

        return {name: {"text": w.text, "lang": w.lang, "drawn": drawn(w)}
                for name, w in player.surface.targets.items() if hasattr(w, "lang")}


app = KioskApp(config)
app.robot = LanguageDriver(app, "mouse.click", screenshots=SHOTS)
app.run()
