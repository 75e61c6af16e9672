"""Driver run by test_content_push.py: an enrolled terminal while the hub publishes content.

argv: OUT.json SHOTS_DIR ROLE. ROLE ``idle``: the terminal waits on the welcome screen.
ROLE ``learner``: a learner opens "Cliquer" and stays in it until the animator wipes the
terminal from the room. Both record, five times a second, the content version in use,
the screen and whether a session is on, and the content round's last problem — the test
reads these. When the test writes ``<KIOSK_HOME>/look`` (holding a scenario id), the
driver does what a learner does to see it: a language, the module, the exercise's tile
(screenshot); then what the animator does: the corner, the PIN, the animator screen
(screenshot), whose content line it keeps.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

OUT, SHOTS, ROLE = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
config = load_config()
prepare_kivy(config, windowed=True, size="1280x800")

from kivy.clock import Clock  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

LOOK = Path(os.environ["KIOSK_HOME"]) / "look"


class ContentDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"role": ROLE, "versions": [], "problems": []}

        def save() -> None:
            OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))

        def record(_dt: float) -> None:
            content = app.content
            version = content.version if content is not None else None
            moment = [version, time.time(), app.sm.current, app.logbook.session_id is not None]
            if not seen["versions"] or seen["versions"][-1][0] != version:
                seen["versions"].append(moment)
                save()
            problem = content.problem if content is not None else ""
            if problem and (not seen["problems"] or seen["problems"][-1] != problem):
                seen["problems"].append(problem)
                save()

        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome", 60)
        Clock.schedule_interval(record, 0.2)
        seen["ready"] = True
        save()
        if ROLE == "learner":
            yield from self.start_in("fr")
            yield from self.open_scenario("mouse.click")
            seen["in_exercise_at"] = time.time()
            save()
            yield Until(lambda: app.sm.current == "welcome", "the animator to wipe the terminal", 300)
            seen["wiped_at"] = time.time()
            save()
        yield Until(LOOK.exists, "the test to ask for a look", 400)
        wanted = LOOK.read_text().strip()
        yield from self.start_in("fr")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "the exercises of the mouse")
        yield from self.frames()
        tile = self.find(f"scenario.{wanted}")
        seen["tile_found"] = tile is not None
        seen["title"] = app.catalogue.scenarios[wanted].title.get("fr") if wanted in app.catalogue.scenarios \
            else None
        yield from self.shot("new-exercise")
        yield from self.open_animator()
        yield from self.frames(4)
        seen["animator_content"] = app.screen("animator").content
        seen["animator_problems"] = app.screen("animator").problems
        yield from self.shot("animator")
        save()


app = KioskApp(config)
app.robot = ContentDriver(app, "", screenshots=SHOTS)
app.run()
