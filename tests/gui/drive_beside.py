"""Driver run in its own process by test_beside.py: a learner pays a ticket on a website
and confirms it in the bank app on the phone beside it (payment.card), with the screen in
the learner's language or in French (argv[4]: "own" or "fr"), in the language argv[5].
One slip on the phone (a wrong PIN): the bank's calm word, then the right PIN. Writes
where each side is drawn, what the learner's eye saw at each step and the stars as JSON
(argv[1]); screenshots go to argv[2]; argv[3] is the window size."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.learners_eye import look  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
OWN = sys.argv[4] == "own"
LANGUAGE = sys.argv[5]
SID = "payment.card"


def left_of(widget: Any) -> float:
    return float(widget.to_window(widget.x, widget.y)[0])


class BesideDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"steps": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANGUAGE)
        yield from self.open_scenario(SID)
        yield from self.screen_in_own_language(OWN)
        player = app.screen("player")
        runner = player.runner
        surface = player.surface
        yield from self.frames(3)
        seen["main_left"], seen["phone_left"] = left_of(surface.main), left_of(surface.phone)
        seen["phone_width"], seen["width"] = surface.phone.width, surface.width
        seen["phone_mirrored"] = surface.phone.mirrored
        seen["phone_targets"] = sorted(n for n in surface.targets if n.startswith("phone."))
        while not runner.finished:
            step = runner.step
            yield Until(lambda: player.shown_step is runner.step, "the step's words")
            yield from self.frames(3)
            record = {"id": step.id, "eye": look(player), "instruction": player.ids.instruction.text}
            seen["steps"].append(record)
            yield from self.shot(f"{SID}-{step.id}-{LANGUAGE}{'-own' if OWN else ''}")
            if step.id == "pin":
                yield from self.wrong_action(step)
                yield from self.frames(5)
                record["after_slip"] = {"messages": surface.shown_messages(), "step": runner.step.id}
                yield from self.shot(f"{SID}-pin-wrong-{LANGUAGE}{'-own' if OWN else ''}")
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
        yield from self.frames(3)
        seen["phone_page"] = surface.phone.page
        yield from self.shot(f"{SID}-end-{LANGUAGE}{'-own' if OWN else ''}")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        seen["stars"] = app.session_stars.get(SID)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


app = KioskApp(config)
app.robot = BesideDriver(app, "payment", screenshots=SHOTS)
app.run()
