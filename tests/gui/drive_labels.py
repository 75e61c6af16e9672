"""Driver run in its own process by test_labels.py: an Arabic-speaking learner books a slot
(eadmin.appointment) with "L'écran dans ma langue" on, off, and on again. At every step
it records the instruction shown and what the step's target shows on the screen. Writes
what it observed as JSON (argv[1]), screenshots to argv[2]; argv[3] is the window size."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1280x800")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
SCENARIO = "eadmin.appointment"


class LabelsDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"steps": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.ar")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.eadmin")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named(f"scenario.{SCENARIO}")
        yield Until(lambda: app.sm.current == "player", "player")
        player = app.screen("player")
        runner = player.runner
        yield from self.frames(3)
        seen["first"] = {"french_screen": self.seen_now(player)}
        yield from self.shot("ar-screen-fr")
        yield from self.tap_named("screen.toggle")
        yield Until(lambda: app.surface_language == "ar", "the screen in Arabic")
        yield from self.frames(3)
        seen["first"]["own_screen"] = self.seen_now(player)
        seen["first"]["spoken_after_toggle"] = app.speaker.spoken[-1]
        yield from self.shot("ar-screen-ar")
        yield from self.tap_named("screen.toggle")
        yield Until(lambda: app.surface_language == "fr", "the screen in French again")
        yield from self.frames(3)
        seen["first"]["back_to_french"] = self.seen_now(player)
        yield from self.shot("ar-screen-fr-again")
        # the whole booking over the screen in Arabic, every step checked
        yield from self.tap_named("screen.toggle")
        yield Until(lambda: app.surface_language == "ar", "the screen in Arabic")
        while not runner.finished:
            step = runner.step
            # the last step's praise shows first, then this step's words
            yield Until(lambda: player.shown_step is runner.step, "the step's words")
            yield from self.frames(3)
            seen["steps"].append(self.seen_now(player))
            yield from self.shot(f"ar-own-{step.id}")
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def seen_now(self, player: Any) -> dict[str, Any]:
        """The instruction as shown, and the words drawn on the step's target."""
        from kiosk.ui.widgets import Words

        step = player.runner.step
        widget = player.surface.target_widget(step.expect.target)
        drawn = widget.walk(restrict=True) if widget is not None else []
        words = [w.words for w in drawn if isinstance(w, Words) and w.words]
        return {"step": step.id, "target": step.expect.target, "instruction": player.instruction,
                "target_words": words, "screen": self.app.surface_language}


app = KioskApp(config)
app.robot = LabelsDriver(app, SCENARIO, screenshots=SHOTS, language="ar")
app.run()
