"""Driver run in its own process by test_placement.py (kiosk A, a first-time learner):
the self-assessment by touch, then "Faisons le point" three times — the robot plays a
STRONG learner (does every task), a WEAK one ("Je ne sais pas" each time) and a MIXED
one (can click, nothing more) — the last asked for as the animator would, "à la fin".
The learner takes the proposed path, does two exercises of it (back to "Votre parcours"
after each), and leaves with the QR code. Writes what it observed as JSON.

argv: OUT.json SHOTS_DIR SIZE LANGUAGE
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

OUT, SHOTS, LANG = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]
ANSWERS = ["yes", "yes", "a_little", "not_yet", "a_little", "not_yet", "not_yet", "not_yet",
           "not_yet", "a_little", "yes"]
CLICKING = "digcomp:2.2:1.1"  # what the MIXED learner can do (not double-click, drag…)


class PlacementDriver(Looking, Placing, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}, "placements": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.press(f"language.{LANG}")
        yield Until(lambda: app.sm.current == "modules", "modules")

        # -- the self-assessment, then "Faisons le point" is offered
        yield from self.press("selfcheck.open")
        check = app.screen("selfcheck")
        yield Until(lambda: app.sm.current == "selfcheck", "self-assessment")
        for index, answer in enumerate(ANSWERS):
            yield Until(lambda index=index: check.index == index, f"question {index + 1}")
            yield from self.press(f"answer.{answer}")
        yield Until(lambda: bool(check.summary), "the summary")
        yield from self.heard()
        seen["selfcheck"] = {"offered": check.offer_placement,
                             "said_last": app.speaker.spoken[-1]}
        yield from self.look("selfcheck-offers-placement", seen)
        yield from self.press("placement.open")

        # -- STRONG: every task done alone
        yield from self.placement(seen, "strong", lambda task: True, look=True)
        yield from self.press("placement.menu")
        yield Until(lambda: app.sm.current == "modules", "modules")
        seen["modules_button"] = self.find("placement.open") is not None
        # -- WEAK: "Je ne sais pas" every time (asked for again from the activities)
        yield from self.press("placement.open")
        yield from self.placement(seen, "weak", lambda task: False)
        yield from self.press("placement.menu")
        yield Until(lambda: app.sm.current == "modules", "modules")
        # -- MIXED: the animator asks for the placement "à la fin"; the learner can click only
        app.start_placement("end")
        yield from self.placement(seen, "mixed", lambda task: task.competence == CLICKING)

        # -- the proposed path: two exercises, back to "Votre parcours" after each
        placement = app.screen("placement")
        seen["proposed"] = list(placement.proposed)
        yield from self.press("placement.follow")
        path = app.screen("path")
        yield Until(lambda: app.sm.current == "path", "Votre parcours")
        yield from self.heard()
        seen["path_first"] = self.path_seen()
        yield from self.look("path", seen)
        for _ in range(2):
            sid = path.next_scenario.id
            yield from self.press("path.next")
            yield Until(lambda: app.sm.current == "player", "the path's exercise")
            yield from self.play_scenario(sid)
            seen.setdefault("results_button", []).append(self.find("results.menu").text)
            yield from self.press("results.menu")
            yield Until(lambda: app.sm.current == "path", "back to Votre parcours")
        yield from self.heard()
        seen["path_after_two"] = self.path_seen()
        yield from self.look("path-two-done", seen)
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        seen["path_tile"] = self.find("path.open") is not None
        yield from self.look("modules-with-path", seen)

        # -- leaving with the QR code
        yield from self.tap_done()
        passport = app.screen("passport")
        yield Until(lambda: app.sm.current == "passport" and passport.has_code, "the passport")
        yield from self.look("passport", seen)
        issued = passport.issued
        learner_id = app.logbook.learner_id
        seen["passport"] = {"code": issued.code, "record": issued.record.to_json(),
                            "qr_version": issued.qr.version, "png": seen["shots"]["passport"]}
        seen["stored"] = app.writer.call(lambda s: {
            "placements": [dict(p.levels) for p in s.learner_progress(learner_id).placements],
            "path": (lambda p: None if p is None else [p.path_id, list(p.exercises), p.place])(
                s.learner_progress(learner_id).path),
            "outbox": [json.loads(body) for _id, body in s.outbox_due(far_future())]})
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


if __name__ == "__main__":
    app = KioskApp(config)
    app.robot = PlacementDriver(app, "none", screenshots=SHOTS, language=LANG)
    app.run()
    sys.exit(app.robot.exit_code)
