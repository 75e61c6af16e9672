"""Driver run in its own process by test_placement.py (kiosk B, another EPN's home): the
learner shows kiosk A's QR code (its screenshot, to a fake camera) and lands on "Votre
parcours" at the path's next exercise; then the activities, and "Faisons le point" again:
three slips on the first task (a miss, no hint), then "Je ne sais pas" throughout (every
new screen looked at in this size and language); last, a trainer's path started as the
animator's proposal card will (``KioskApp.follow_path``). Writes what it observed as JSON.

argv: OUT.json SHOTS_DIR SIZE LANGUAGE INPUTS.json   INPUTS: {"qr": PNG}
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

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.camera import PictureFrames  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, LANG = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]
INPUTS = json.loads(Path(sys.argv[5]).read_text())


class PathResumeDriver(Looking, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        frames = PictureFrames([Path(INPUTS["qr"])], held_up=False)
        app.camera_factory = lambda: frames
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume", "the resume screen")
        yield from self.switch_language(LANG)
        frames.held_up = True  # the learner holds up their phone
        yield Until(lambda: app.sm.current in ("path", "modules"), "the learner's session", 30)
        yield from self.heard()
        path = app.screen("path")
        seen["landed_on"] = app.sm.current
        seen["path"] = {"title": path.title, "progress": path.progress, "done": list(path.done_ids),
                        "next": path.next_scenario.id if path.next_scenario else None,
                        "said": [t.get(LANG) for t in path._said], "spoken": list(app.speaker.spoken[-5:]),
                        "placements": [dict(p.levels) for p in app.journey.placements]}
        yield from self.look("path-resumed", seen)
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.look("modules-with-path", seen)

        # -- "Faisons le point" again, here: nothing known this time, kindly
        yield from self.press("placement.open")
        screen, player = app.screen("placement"), app.screen("player")
        yield Until(lambda: app.sm.current == "placement" and screen.face == "intro", "the first card")
        yield from self.heard()
        yield from self.look("placement-intro", seen)
        yield from self.press("placement.begin")
        looked = False
        while True:
            yield Until(lambda: (app.sm.current == "placement" and screen.face == "end") or (
                app.sm.current == "player" and player.placing and player.runner is not None
                and not player.runner.finished and player.shown_step is player.runner.step),
                "a placement task or the profile")
            if app.sm.current != "player":
                break
            yield from self.heard()
            if not looked:
                yield from self.eye(player.task.scenario_id, player.shown_step)
                yield from self.look("placement-task", seen)
                looked = True
            count = len(screen.outcomes)
            if not count:  # the first task: three slips are a miss, and no hint comes
                runner = player.runner
                for _ in range(3):
                    errors = runner.errors
                    yield from self.wrong_action(player.shown_step)
                    yield from self.settled(lambda errors=errors, runner=runner: runner.errors > errors, 2.0)
                    seen.setdefault("slips", []).append({"hint_level": player.hint_level,
                                                         "demo": player.guide.demo_running,
                                                         "feedback": player.feedback})
            else:
                yield from self.press("placement.dont_know")
            yield Until(lambda count=count: len(screen.outcomes) > count, "the next task")
        yield from self.heard()
        seen["placement"] = {"profile": dict(screen.profile), "outcomes": list(screen.outcomes),
                             "round": screen.round, "compared": screen.compared,
                             "said": [t.get(LANG) for t in screen._said]}
        yield from self.look("placement-end", seen)
        yield from self.press("placement.menu")
        yield Until(lambda: app.sm.current == "modules", "modules")

        # -- the animator's proposal card starts a trainer's path
        seen["follow_unknown"] = app.follow_path("no_such_path")
        seen["follow"] = app.follow_path("premiers_pas")
        yield Until(lambda: app.sm.current == "path", "Votre parcours")
        yield from self.heard()
        seen["followed"] = {"title": path.title, "done": list(path.done_ids),
                            "next": path.next_scenario.id if path.next_scenario else None,
                            "said": [t.get(LANG) for t in path._said]}
        yield from self.look("path-shipped", seen)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


if __name__ == "__main__":
    app = KioskApp(config)
    app.robot = PathResumeDriver(app, "none", screenshots=SHOTS, language=LANG)
    app.run()
    sys.exit(app.robot.exit_code)
