"""Driver run in its own process by test_kiosk_mode.py: idle wipe, Esc, window close,
the animator corner + PIN. Writes what it observed as JSON (argv[1])."""

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

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])


class KioskModeDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        # a session in progress, in Dutch, in the middle of an exercise
        yield from self.tap_named("language.nl")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        seen["scenario_tiles"] = len(app.screen("scenarios").ids.tiles.children)
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player", "player")
        yield Until(lambda: app.logbook.pseudonym is not None, "the pseudonym")
        # switching language mid-step: the same step, shown and said in English
        seen["instruction_nl"] = app.screen("player").instruction
        yield from self.switch_language("en")
        seen["instruction_en"] = app.screen("player").instruction
        # the language's name is said first (in it), then the same step
        yield Until(lambda: app.speaker.spoken[-1] == app.screen("player").instruction, "the step again", 15)
        seen["spoken_after_switch"] = app.speaker.spoken[-2:]
        seen["step_after_switch"] = app.screen("player").step_index
        yield from self.shot("switched-to-english")
        yield from self.switch_language("nl")  # back to the language the session began in
        seen["pseudonym"] = app.logbook.pseudonym
        # Esc (as SDL delivers it) and a window-close request must not stop the kiosk
        Window.dispatch("on_key_down", 27, 41, None, [])
        Window.dispatch("on_keyboard", 27, 41, None, [])
        seen["close_vetoed"] = bool(Window.dispatch("on_request_close"))
        yield from self.frames(3)
        seen["alive_after_esc_and_close"] = app.sm.current == "player"
        # now nobody touches anything
        started = time.monotonic()
        yield Until(lambda: app.idle_warning_shown, "the idle warning", 30)
        seen["warning_after_s"] = round(time.monotonic() - started, 1)
        seen["warning_spoken"] = list(app.speaker.spoken[-2:])
        yield from self.shot("idle-warning")
        yield Until(lambda: app.sm.current == "welcome", "the wipe", 30)
        seen["wipe_after_s"] = round(time.monotonic() - started, 1)
        yield from self.shot("after-wipe")
        yield from self.frames(3)
        seen["language_after_wipe"] = app.language
        seen["visible_texts"] = visible_texts(app.root) + [t for w in Window.children
                                                          for t in visible_texts(w)]
        seen["player_surface_gone"] = app.screen("player").surface is None
        seen["stars_cleared"] = app.session_stars == {}
        # the animator: hold the hidden corner, type the PIN
        corner = (20, Window.height - 20)
        touch = self._event(*corner)
        self._send("begin", touch)
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad", 6)
        self._send("end", touch)
        seen["welcome_still_after_corner"] = app.sm.current == "welcome"
        for digit in "1234":
            yield from self.tap_named(digit)
        yield from self.tap_named("pin.ok")
        yield Until(lambda: app.sm.current == "animator", "the animator screen")
        yield Until(lambda: "Chargement" not in app.screen("animator").sessions, "sessions")
        seen["animator_sessions"] = app.screen("animator").sessions
        seen["animator_problems"] = app.screen("animator").problems
        yield from self.shot("animator")
        # the animator's choices: a longer idle timeout, kept in KIOSK_HOME for next time
        yield from self.tap_named("idle.more")
        seen["idle_after_more"] = app.idle_timeout
        seen["state_file"] = json.loads(app.kiosk_config.state_file.read_text())
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        yield from self.tap_named("animator.exit")
        yield Until(lambda: self.find("confirm.yes") is not None, "'Quitter le kiosque ?'")
        yield from self.tap_named("confirm.yes")  # stops the app: nothing runs after


def visible_texts(widget: Any) -> list[str]:
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        text = getattr(w, "text", None)
        if isinstance(text, str) and text and w.get_root_window() is not None and w.opacity > 0:
            out.append(text)
        stack.extend(w.children)
    return out


app = KioskApp(config)
app.robot = KioskModeDriver(app, "mouse", screenshots=SHOTS)
app.run()
