"""Driver run by test_help_call.py: a learner calls for help while no animator watches the
room, is asked to raise a hand; then an animator opens the room, then answers "J'arrive".

argv: OUT.json SHOTS_DIR. The kiosk runs at 1280×800 (a small EPN screen), in French, in
the middle of an exercise. At each state of the call the driver notes what the call button
draws: its words (in the six languages for the raise-hand state, and whether they fit),
where its picture is on the screenshot and the colour behind it, so that the test can tell
which picture a person sees.
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
from kivy.uix.image import Image  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.learners_eye import visible_area, window_rect, words_cut  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402
from kiosk.ui.widgets import Words  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
SCENARIO = "mouse.click"
LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")


class UnseenHelpDriver(Robot):
    def button(self) -> dict[str, Any]:
        """What the call button draws now (window pixels, origin at the top left)."""
        button = self.find("call.help")
        picture = next(w for w in button.walk(restrict=True) if isinstance(w, Image))
        words = next(w for w in button.walk(restrict=True) if isinstance(w, Words))
        width, height = picture.norm_image_size
        cx, cy = picture.to_window(*picture.center)
        left, bottom, right, top = window_rect(button)
        area = visible_area(button)
        return {
            "state": self.app.call_state,
            "source": Path(picture.source).name,
            "words": words.words,
            "cut": words_cut(words),
            "picture_box": [round(cx - width / 2), round(Window.height - cy - height / 2),
                            round(cx + width / 2), round(Window.height - cy + height / 2)],
            "back_color": list(button.back_color),
            "whole_on_screen": (button.opacity == 1 and left >= area[0] and bottom >= area[1]
                                and right <= area[2] and top <= area[3]),
            "window": list(Window.size),
        }

    def note(self, label: str, seen: dict[str, Any]) -> Any:
        yield from self.frames(2)
        yield from self.shot(label)
        seen[label] = self.button() | {"shot": str(sorted(SHOTS.glob(f"*-{label}.png"))[-1])}
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))

    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.fr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named(f"module.{SCENARIO.split('.')[0]}")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named(f"scenario.{SCENARIO}")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.heard()
        before = app.speaker.requested_at
        yield from self.tap_named("call.help")
        yield Until(lambda: app.speaker.requested_at != before, "the words for the call", 10)
        seen["said_on_call"] = app.speaker.spoken[-1]
        yield Until(lambda: app.call_state == "unseen", "the hub to say nobody sees the call", 10)
        # the button's words in each language, as they fit in the player's button
        seen["raise_hand_words"] = {}
        for language in LANGUAGES:
            app.language = language
            yield from self.frames(2)
            look = self.button()
            seen["raise_hand_words"][language] = {"words": look["words"], "cut": look["cut"]}
        app.language = "fr"
        yield from self.note("unseen", seen)  # the test opens the room when it reads this
        yield Until(lambda: app.call_state == "waiting", "an animator to watch the room", 30)
        yield from self.note("waiting", seen)
        yield Until(lambda: app.call_state == "coming", "the animator to answer", 30)
        seen["said_when_coming"] = app.speaker.spoken[-1]
        yield from self.note("coming", seen)


app = KioskApp(config)
app.robot = UnseenHelpDriver(app, SCENARIO, screenshots=SHOTS)
app.run()
