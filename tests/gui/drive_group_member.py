"""Driver run in its own process by test_group_view.py: one learner on an enrolled kiosk.
From the activities the learner asks for "Faisons le point"; the robot plays a WEAK learner
("Je ne sais pas" each time) or a MIXED one (can click, nothing more), takes the proposed
path, does N of its exercises, leaves with the QR code, and the kiosk then sends its
statements to the hub. Writes the pseudonym, profile and exercises done as JSON.

argv: OUT.json SHOTS_DIR SIZE LANGUAGE weak|mixed N
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from looking import Looking  # noqa: E402  (this folder: the drivers run as scripts)
from placing import Placing, far_future  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, LANG, PROFILE, EXERCISES = (Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4], sys.argv[5],
                                        int(sys.argv[6]))
CLICKING = "digcomp:2.2:1.1"  # what the MIXED learner can do
KNOWS = {"weak": lambda task: False, "mixed": lambda task: task.competence == CLICKING}


class GroupMemberDriver(Looking, Placing, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}, "placements": [], "done": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.press(f"language.{LANG}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.press("placement.open")
        yield from self.placement(seen, PROFILE, KNOWS[PROFILE])
        yield from self.press("placement.follow")
        path = app.screen("path")
        yield Until(lambda: app.sm.current == "path", "Votre parcours")
        for _ in range(EXERCISES):
            sid = path.next_scenario.id
            yield from self.press("path.next")
            yield Until(lambda: app.sm.current == "player", "the path's exercise")
            yield from self.play_scenario(sid)
            seen["done"].append(sid)
            yield from self.press("results.menu")
            yield Until(lambda: app.sm.current == "path", "back to Votre parcours")
        seen["path"] = self.path_seen()
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_done()
        passport = app.screen("passport")
        yield Until(lambda: app.sm.current == "passport" and passport.has_code, "the passport")
        seen["pseudonym"] = app.logbook.pseudonym  # the learner's, drawn at the first exercise
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome")
        # the outbox drains in the background (its sender polls every second)
        for _ in range(120):
            seen["waiting"] = len(app.writer.call(lambda s: s.outbox_due(far_future())))
            if not seen["waiting"]:
                break
            yield 0.5
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


if __name__ == "__main__":
    app = KioskApp(config)
    app.robot = GroupMemberDriver(app, "none", screenshots=SHOTS, language=LANG)
    app.run()
    sys.exit(app.robot.exit_code)
