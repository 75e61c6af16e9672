"""Driver run in its own process by test_map.py: a learner plays the moving module with
the practice screen in their own language ("L'écran dans ma langue"), so an Arabic
screen is mirrored; a screenshot of every step, and what the map showed, as JSON.
argv[1]: the JSON, argv[2]: the screenshots, argv[3]: the window size, argv[4]: the
language."""

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

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
LANGUAGE = sys.argv[4] if len(sys.argv) > 4 else "ar"


class MapDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANGUAGE)
        for sid in ("moving.walk", "moving.bus"):
            yield from self.open_scenario(sid)
            seen[sid] = yield from self.one(sid)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def one(self, sid: str) -> Any:
        app = self.app
        player = app.screen("player")
        runner = player.runner
        record: dict[str, Any] = {"steps": []}
        if LANGUAGE != "fr" and not app.own_screen:
            yield from self.tap_named("screen.toggle")
            yield Until(lambda: app.own_screen, "the screen in the learner's language")
        yield from self.frames(3)
        while not runner.finished:
            step = runner.step
            yield Until(lambda: player.shown_step is runner.step, "the step's words")
            yield from self.frames(3)
            surface = player.surface
            yield from self.shot(f"{sid}-{step.id}")
            record["steps"].append({
                "id": step.id, "zoom": surface.map.zoom, "mirrored": surface.mirrored,
                "side_x": surface.ids.side.center_x, "map_x": surface.ids.map_area.center_x,
                "pins": sorted(n for n, p in surface.map.pins.items() if p.opacity > 0),
                "card": [surface.card.name, surface.card.address, surface.card.summary,
                         [s[1] for s in surface.card.steps]] if surface.open_place else None})
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
        yield from self.frames(3)
        surface = player.surface
        record["end_card"] = [surface.card.name, surface.card.address, surface.card.summary,
                              [s[1] for s in surface.card.steps]]
        record["street_open"] = surface.street_open
        record["street_caption"] = surface.street.caption
        yield from self.shot(f"{sid}-end")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        record["stars"] = app.screen("results").stars
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        return record


app = KioskApp(config)
app.robot = MapDriver(app, "moving", screenshots=SHOTS, language=LANGUAGE)
app.run()
