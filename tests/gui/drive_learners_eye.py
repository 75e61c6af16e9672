"""Driver run by test_learners_eye.py: the learner's eye must see what a person would
miss, and leaving an exercise asks once. Writes what it observed as JSON (argv[1]),
screenshots to argv[2]; argv[3] is the case:

- ``no-reveal``: the kiosk no longer brings the named target into view at step start
  (as before this check existed); the robot plays eadmin.appointment at 1280×800 and
  must report the time button below the fold.
- ``leave``: the door asks "Arrêter l'exercice ?" once; "Non" keeps the step, "Oui" leaves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1280x800")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402
from kiosk.ui.surfaces.base import Surface  # noqa: E402

OUT, SHOTS, CASE = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]


class EyeDriver(Robot):
    def script(self) -> Any:
        if CASE == "no-reveal":
            yield from self.no_reveal()
        elif CASE == "praise":
            yield from self.praise()
        else:
            yield from self.leave()

    def no_reveal(self) -> Any:
        Surface.show_step = lambda *_a: None  # type: ignore[method-assign]
        yield from super().script()
        OUT.write_text(json.dumps({"problems": self.eye_problems, "checked": self.eye_checked}))

    def praise(self) -> Any:
        """The praise shows with the step it praises; help level 1 is seen, not only heard."""
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in("fr")
        yield from self.open_scenario("mouse.click")
        player = app.screen("player")
        yield Until(lambda: player.shown_step is not None, "the first step")
        yield from self.frames()
        from kivy.core.window import Window

        from kiosk.ui.learners_eye import look
        from kiosk.ui.widgets import PictureButton

        seen["clear"] = look(player)
        keys = player.surface.target_widget("object.keys")
        kx, ky = keys.to_window(keys.x, keys.y)
        banner = PictureButton(text="Bannière", name="banner", size_hint=(None, None),
                               size=(keys.width, keys.height * 0.6), pos=(kx, ky))
        Window.add_widget(banner)  # something drawn over the target, as a card would be
        yield from self.frames()
        seen["covered"] = look(player)
        Window.remove_widget(banner)
        yield from self.frames()
        yield from self.tap_named("help")  # "Aidez-moi" once: help level 1
        pulses: list[float] = []
        for _ in range(20):
            pulses.append(player.pulse)
            yield 0.05
        seen["help_level"] = player.hint_level
        seen["pulse_max"] = max(pulses)
        keys = player.surface.target_widget("object.keys")
        yield from self.tap(*self.centre(keys), settle=0.0)
        yield Until(lambda: player.step_index == 1, "the first step to be accepted")
        yield from self.frames()
        seen["right_after"] = {"instruction": player.instruction, "feedback": player.feedback}
        yield from self.shot("praise")
        yield Until(lambda: player.shown_step is not None and player.shown_step.id == "cup", "the next step")
        yield from self.frames()
        seen["next"] = {"instruction": player.instruction, "feedback": player.feedback}
        OUT.write_text(json.dumps(seen, ensure_ascii=False))
        app.exit_kiosk()

    def leave(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in("fr")
        yield from self.open_scenario("mouse.click")
        player = app.screen("player")
        yield from self.frames()
        seen["back_arrows"] = [n for n in ("back",) if self.find(n) is not None]
        seen["door_picture"] = Path(self.find("exercise.stop").picture).name
        yield from self.tap_named("exercise.stop")
        yield Until(lambda: self.find("confirm.no") is not None, "the question")
        yield from self.frames()
        seen["question"] = self.find("confirm.question").words
        seen["spoken"] = app.speaker.spoken[-1]
        seen["asked_on"] = app.sm.current
        yield from self.shot("leave-asked")
        yield from self.tap_named("confirm.no")
        yield Until(lambda: self.find("confirm.no") is None, "the question to close")
        seen["after_no"] = {"screen": app.sm.current, "step": player.step_index,
                            "running": player.runner is not None and not player.runner.finished}
        yield from self.tap_named("exercise.stop")
        yield Until(lambda: self.find("confirm.yes") is not None, "the question again")
        yield from self.tap_named("confirm.yes")
        yield Until(lambda: app.sm.current == "scenarios", "the exercise list")
        app.writer.flush(10)
        seen["after_yes"] = app.sm.current
        OUT.write_text(json.dumps(seen, ensure_ascii=False))
        app.exit_kiosk()


wanted = "eadmin.appointment" if CASE == "no-reveal" else "mouse.click"
app = KioskApp(config)
app.robot = EyeDriver(app, wanted, screenshots=SHOTS)
app.run()
