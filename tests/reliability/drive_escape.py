"""Driver run by test_escape.py: a learner mid-exercise while the test sends real X key
events and window-close requests from outside. Records what the window received.

argv[1]: the JSON it writes; files beside it: ``.ready`` (the X window id: the test may
start), ``.done`` (written by the test: stop recording), ``.armed`` (the animator's exit
is allowed now: the next close request must stop the kiosk, proving the channel works).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1280x800")

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
keys: list[dict[str, Any]] = []
close_requests: list[str] = []


def on_key_down(_window: Any, key: int, scancode: int, codepoint: str | None, modifiers: list[str]) -> bool:
    keys.append({"key": key, "modifiers": sorted(modifiers)})
    return False  # only listening: the kiosk's own handlers decide


def on_request_close(*_a: Any, **kwargs: Any) -> bool:
    close_requests.append(str(kwargs.get("source", "window")))
    return False


class EscapeDriver(Robot):
    def script(self) -> Any:
        app = self.app
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.fr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player" and app.logbook.pseudonym is not None, "player")
        session = app.logbook.session_id
        Window.bind(on_key_down=on_key_down, on_request_close=on_request_close)
        info = Window.get_window_info()
        OUT.with_suffix(".ready").write_text(str(info.window))
        yield Until(lambda: OUT.with_suffix(".done").exists(), "the test's key presses", 120)
        yield from self.frames(3)
        yield from self.shot("after-escape-attempts")
        seen = {"keys": keys, "close_requests": close_requests, "screen": app.sm.current,
                "same_session": app.logbook.session_id == session,
                "step_index": app.screen("player").step_index}
        OUT.write_text(json.dumps(seen, indent=2))
        app.allow_exit = True  # what the animator's "leave the kiosk" does
        OUT.with_suffix(".armed").write_text("1")
        yield Until(lambda: False, "the final close request", 60)


app = KioskApp(config)
app.robot = EscapeDriver(app, "mouse", screenshots=SHOTS)
app.run()
