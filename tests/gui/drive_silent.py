"""Driver run by test_silent.py: a kiosk without a speech engine still plays, and the
animator screen says why it is silent. Writes what it observed as JSON (argv[1])."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1920x1080")


from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])


class SilentDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.tr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.play_scenario("mouse.click")  # silently, to the end
        seen["stars"] = self.results[-1]["stars"]
        seen["clips_played"] = app.speaker.played
        yield from self.tap_named("results.menu")
        yield from self.open_animator()
        seen["notice"] = app.screen("animator").notice
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        yield from self.tap_named("animator.exit")
        yield Until(lambda: self.find("confirm.yes") is not None, "'Quitter le kiosque ?'")
        yield from self.tap_named("confirm.yes")  # stops the app: nothing runs after


app = KioskApp(config)
app.robot = SilentDriver(app, "mouse.click")
app.run()
