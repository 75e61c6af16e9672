"""Driver run by test_system_stop.py: ``kiosk run`` itself (``kiosk.cli.main(["run"])``,
full screen), with a robot learner that opens an exercise and answers its first step.

Then it writes the attempt's id and what it did to argv[1] and waits: only the signal the
test sends may end the process. Nothing is flushed before: the writes still queued when
the signal comes are the ones the stop must drain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

prepare_kivy(load_config(), windowed=False)  # what run_kiosk does; needed to import the app

import kiosk.ui.app as app_module  # noqa: E402
from kiosk.cli import main  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

READY = Path(sys.argv[1])


class IntoAnExercise(Robot):
    def script(self) -> Any:
        app = self.app
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "the welcome")
        yield from self.start_in("fr")
        yield from self.open_scenario("mouse.click")
        player = app.screen("player")
        runner = player.runner
        first = runner.step
        yield Until(lambda: player.shown_step is first, "the first step")
        yield from self.right_action(first)
        yield Until(lambda: runner.step_index == 1, "the first step accepted")
        READY.write_text(json.dumps({"attempt": app.logbook.attempt_id, "answered": first.id,
                                     "now": runner.step.id, "window": list(app_module.Window.size)}))
        yield Until(lambda: False, "the system's signal", 600)


class DrivenKiosk(app_module.KioskApp):
    def on_start(self) -> None:
        self.robot = IntoAnExercise(self, "mouse")
        super().on_start()


app_module.KioskApp = DrivenKiosk  # run_kiosk imports it when called
raise SystemExit(main(["run"]))
