"""Driver run by test_help_call.py (and the two-kiosk test): a learner on an enrolled
terminal presses "J'ai besoin d'aide" in the middle of an exercise, hears that someone
is coming, then that the animator has seen it; later the animator wipes the terminal.

argv: OUT.json SHOTS_DIR LANGUAGE SCENARIO [finish]. The test process plays the animator
on the real hub; this driver only waits for what a learner would see. With ``finish``
the learner then plays to the end, takes the passport (its screenshot holds the QR) and
the driver waits on the welcome screen for the wipe.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1920x1080")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
LANGUAGE = sys.argv[3]
SCENARIO = sys.argv[4]
FINISH = len(sys.argv) > 5 and sys.argv[5] == "finish"


class HelpDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"language": LANGUAGE}

        def save() -> None:
            OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))

        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        seen["call_button_on_welcome"] = self.find("call.help") is not None and app.call_enabled
        yield from self.tap_named(f"language.{LANGUAGE}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        module = SCENARIO.split(".")[0]
        yield from self.tap_named(f"module.{module}")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named(f"scenario.{SCENARIO}")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.heard()
        step = app.screen("player").runner.step
        yield from self.wrong_action(step)  # one mistake: the room tile counts it
        seen["called_at"] = time.time()  # just before the finger comes down
        before = app.speaker.requested_at
        yield from self.tap_named("call.help")
        # the words wait for the hub's answer: is anyone watching the room?
        yield Until(lambda: app.speaker.requested_at != before, "the words for the call", 10)
        seen["said_on_call"] = app.speaker.spoken[-1]
        seen["state_after_press"] = app.call_state
        yield from self.shot("call-waiting")
        save()  # the test reads this to know the call was made
        # the animator answers "J'arrive", or wipes the terminal straight away
        yield Until(lambda: app.call_state == "coming" or app.sm.current == "welcome",
                    "the animator to see the call", 90)
        if app.call_state == "coming":
            seen["said_when_seen"] = app.speaker.spoken[-1]
            seen["button_when_seen"] = self.find("call.help").text
            yield from self.shot("call-coming")
            save()
        if FINISH:
            yield from self.play_scenario(SCENARIO)
            seen["stars"] = self.results[-1]["stars"]
            yield from self.tap_named("results.done")
            yield Until(lambda: self.find("confirm.yes") is not None, "the card asking once")
            yield from self.tap_named("confirm.yes")
            yield Until(lambda: app.sm.current == "passport" and not app.screen("passport").waiting,
                        "the passport")
            yield from self.shot("passport")
            seen["passport_shot"] = str(sorted(SHOTS.glob("*-passport.png"))[-1])
            yield from self.tap_named("passport.finish")
            yield Until(lambda: app.sm.current == "welcome", "goodbye")
            seen["finished"] = True
            save()
        else:
            yield Until(lambda: app.sm.current == "welcome", "the animator to wipe the terminal", 60)
            seen["wiped_to_welcome"] = True
            seen["state_after_wipe"] = app.call_state
            seen["session_after_wipe"] = app.logbook.session_id
            yield from self.shot("wiped")
        save()


app = KioskApp(config)
app.robot = HelpDriver(app, SCENARIO, screenshots=SHOTS)
app.run()
