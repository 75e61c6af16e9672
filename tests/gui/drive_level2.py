"""Driver run in its own process by test_level2.py: level 1 of an online appointment, then
its level 2 (a real, busier site) as the kiosk offers it, through the real UI. What a
learner sees: no level 2 in the list before; after level 1 done alone, the results screen
proposes it and the list shows it right after level 1; the variant opens under a cookie
banner (the page beneath cannot be touched), in today's browser look (no padlock, the
site-information icon, the download bubble); "Tout accepter" is not the step, "Tout
refuser" takes the banner away. Arguments: OUT.json SHOTS SIZE LANG (the screen is put in
the learner's language: Arabic is drawn right to left)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
SIZE = sys.argv[3] if len(sys.argv) > 3 else "1280x800"
LANG = sys.argv[4] if len(sys.argv) > 4 else "fr"
prepare_kivy(config, windowed=True, size=SIZE)

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
LEVEL1 = "eadmin.appointment"
LEVEL2 = "eadmin.appointment.2"


class Level2Driver(Robot):
    def tiles(self) -> list[str]:
        screen = self.app.screen("scenarios")
        return [t.name.removeprefix("scenario.") for t in reversed(screen.ids.tiles.children)]

    def touch(self, name: str) -> Any:
        widget = self.surface().target_widget(name)
        if widget is None:
            raise RuntimeError(f"'{name}' is not on screen")
        yield from self.tap(*self.centre(widget))
        yield from self.frames(3)

    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"error": None}
        try:
            yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
            yield from self.tap_named(f"language.{LANG}")
            yield Until(lambda: app.sm.current == "modules", "modules")
            yield from self.tap_named("module.eadmin")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            seen["list_before"] = self.tiles()
            # level 1, done alone by the robot learner
            yield from self.tap_named(f"scenario.{LEVEL1}")
            yield Until(lambda: app.sm.current == "player", "the player")
            yield from self.play_scenario(LEVEL1)
            yield Until(lambda: app.sm.current == "results", "the results")
            results = app.screen("results")
            seen["level1_stars"] = results.stars
            seen["proposed"] = results.recommended.id if results.recommended else None
            seen["proposed_title"] = results.recommended.title.get(LANG) if results.recommended else ""
            yield from self.shot("results-proposes-level2")
            yield from self.tap_named("results.menu")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            seen["list_after"] = self.tiles()
            yield from self.shot("list-with-level2")
            # level 2: the cookie banner first
            yield from self.tap_named(f"scenario.{LEVEL2}")
            yield Until(lambda: app.sm.current == "player", "the player")
            if LANG != "fr":
                yield from self.tap_named("screen.toggle")  # the screen in my language
            yield from self.frames(5)
            player = app.screen("player")
            runner = player.runner
            surface = self.surface()
            bar = surface.ids.address
            seen["banner"] = {
                "step": runner.step.id, "instruction": player.instruction,
                "visible": sorted(n for n in surface.targets if surface.visible(n)),
                "page_button_hidden": surface.target_widget("option.reason.id_card") is None,
                "words": [surface.clutter.covers["cookies"].ids[k].ids.words.words
                          for k in ("accept", "settings", "refuse")],
                "mirrored": surface.mirrored,
                "refuse_x": surface.targets["cookies.refuse"].center_x,
                "accept_x": surface.targets["cookies.accept"].center_x,
                "today": bar.today, "bubble": any(type(w).__name__ == "DownloadBubble"
                                                  for w in bar.parent.children),
                "menu": any(type(w).__name__ == "SiteMenu" for w in surface.scroll.children[0].children),
            }
            yield from self.shot("cookie-banner")
            yield from self.touch("cookies.accept")  # not what the step asks: the banner stays
            seen["after_accept"] = {"step": runner.step.id, "errors": runner.errors,
                                    "banner_up": "cookies" in surface.clutter.covers}
            yield from self.touch("cookies.refuse")
            yield Until(lambda: runner.step.id != "refuse_cookies", "the banner refused")
            yield from self.frames(3)
            seen["after_refuse"] = {"step": runner.step.id, "banner_up": "cookies" in surface.clutter.covers,
                                    "page_button_shown": surface.target_widget("option.reason.id_card")
                                    is not None}
            yield from self.shot("cluttered-page")
            self.mistakes = False
            yield from self.play_scenario(LEVEL2)
            yield Until(lambda: app.sm.current == "results", "the results")
            seen["level2_stars"] = app.screen("results").stars
            seen["eye"] = self.eye_problems if hasattr(self, "eye_problems") else None
        except Exception as exc:  # report it in the JSON, never hang the test
            import traceback

            seen["error"] = repr(exc) + traceback.format_exc()[-1500:]
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


app = KioskApp(config)
app.robot = Level2Driver(app, LEVEL1, screenshots=SHOTS)
app.run()
