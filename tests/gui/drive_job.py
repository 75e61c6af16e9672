"""Driver run in its own process by test_job.py: an Arabic-speaking learner turns on
"L'écran dans ma langue" and plays job.search and moving.housing without help. The
toggle is touched on job.search's first step, while the field has the keyboard: on a
1280×800 screen the web frame then hides its address bar, which must not catch the touch
meant for the player's buttons above it. Each step is checked by the learner's eye (the
robot's own check) and records the page shown and the words drawn on it. Writes what it
observed as JSON (argv[1]), screenshots to argv[2]; argv[3] is the window size."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1280x800")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402
from kiosk.ui.widgets import Words  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
SCENARIOS = ["job.search", "moving.housing"]


class JobDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"pages": {}}
        self.seen = seen
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in("ar")
        for sid in SCENARIOS:
            yield from self.open_scenario(sid)
            yield from self.frames(3)
            if app.surface_language != "ar":
                yield from self.tap_named("screen.toggle")
                yield Until(lambda: app.surface_language == "ar", "the screen in Arabic")
            yield from self.frames(3)
            yield from self.play_scenario(sid)
            yield from self.tap_named("results.menu")
            yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        seen["results"] = self.results
        seen["eye"] = {"checked": self.eye_checked, "problems": self.eye_problems}
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def eye(self, sid: str, step: Any) -> Any:
        """As each step shows: the page under it, then the learner's eye."""
        self.note_page(sid, self.seen)
        yield from super().eye(sid, step)

    def note_page(self, sid: str, seen: dict[str, Any]) -> None:
        """The words drawn on the page now shown, top to bottom, and their language."""
        surface = self.app.screen("player").surface
        page = surface.scroll.children[0] if surface.scroll.children else None
        if page is None:
            return
        drawn = [w for w in page.walk(restrict=True) if isinstance(w, Words) and w.words]
        drawn.sort(key=lambda w: -w.to_window(w.x, w.top)[1])
        seen["pages"][f"{sid}/{surface.page_id}"] = {
            "address": surface.ids.address.address,
            "texts": [w.words for w in drawn],
            "langs": sorted({w.lang for w in drawn if getattr(w, "lang", "")}),
        }


app = KioskApp(config)
app.robot = JobDriver(app, ",".join(SCENARIOS), screenshots=SHOTS, language="ar")
app.run()
