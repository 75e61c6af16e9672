"""Driver run in its own process by test_fake_page.py: payment.fake_page through the
real UI, French or Arabic (the practice screen in Arabic: mirrored): the look-alike
page counts down, its pay button is no answer (a miss), the address bar's bubble says
whose site it is, the back arrow leaves. Writes what it observed as JSON (argv[1]);
argv[3] is the window's size, argv[4] the language."""

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
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
LANG = sys.argv[4]


class FakePageDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANG)
        yield from self.open_scenario("payment.fake_page")
        yield from self.frames(3)
        if LANG != "fr":
            yield from self.tap_named("screen.toggle")  # the page in the learner's language
            yield from self.frames(3)
        runner = app.screen("player").runner
        s = self.surface()
        seen["start"] = self.state()
        yield 2.2  # the countdown ticks
        seen["later"] = self.state()
        if LANG != "fr":  # the page drawn anew in French goes on counting (does not restart)
            yield from self.screen_in_own_language(False)
            yield from self.frames(3)
            seen["redrawn"] = self.state()
            yield from self.screen_in_own_language(True)
            yield from self.frames(3)
        yield from self.shot(f"fake-{LANG}-page")
        page = s.view.ids.content.children[0]
        pay = page.children[0].children[0]  # the drawn button, no target
        yield from self.tap(*self.centre(pay))
        yield from self.frames(3)
        seen["paid"] = {**self.state(), "errors": runner.errors}
        yield from self.tap(*self.centre(s.target_widget("address.bar")))
        yield Until(lambda: runner.step_index == 1, "the address bar")
        yield from self.frames(3)
        seen["info"] = self.state()
        yield from self.shot(f"fake-{LANG}-info")
        yield from self.tap(*self.centre(s.target_widget("button.back")))
        yield Until(lambda: runner.step_index == 2, "the back arrow")
        yield from self.frames(2)
        seen["back"] = self.state()
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def state(self) -> dict[str, Any]:
        s = self.surface()
        runner = self.app.screen("player").runner
        page = s.view.ids.content.children[0] if s.view.ids.content.children else None
        info = s._info
        return {
            "step": None if runner.finished else runner.step.id,
            "mirrored": s.mirrored,
            "page": s.here.page,
            "address": s.ids.bar.address,
            "secure": s.ids.bar.secure,
            "countdown": getattr(page, "countdown", ""),
            "button": getattr(page, "button", ""),
            "button_x": page.children[0].children[0].x - page.x if page is not None
            and hasattr(page, "button") else None,
            "page_width": page.width if page is not None else 0,
            "info_open": info is not None and info.parent is not None,
            "hint_level": self.app.screen("player").hint_level,
        }


app = KioskApp(config)
app.robot = FakePageDriver(app, "payment", screenshots=SHOTS)
app.run()
