"""Driver run in its own process by test_surface_words.py: a Dutch-speaking learner opens
one exercise of each given surface with "Het scherm in mijn taal" on, and writes every
text the practice screen shows (argv[1], JSON by scenario id). Screenshots go to
argv[2]; argv[3] is the window size, argv[4] the scenario ids (commas), argv[5] the
language (nl unless given)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1280x800")

from kivy.uix.label import Label  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
WANTED = sys.argv[4].split(",") if len(sys.argv) > 4 else []
LANGUAGE = sys.argv[5] if len(sys.argv) > 5 else "nl"


def shown(widget: Any) -> bool:
    """Drawn, not hidden: it and all its parents (up to the window) have size and opacity."""
    while widget is not None and widget.parent is not widget:  # the window is its own parent
        if widget.opacity <= 0 or widget.width < 2 or widget.height < 2:
            return False
        widget = widget.parent
    return widget is not None


def texts(surface: Any) -> list[str]:
    """Every text a learner sees on the practice screen (a Words label's words, in
    reading order, else the label's text)."""
    found = []
    for widget in surface.walk(restrict=True):
        if isinstance(widget, Label) and shown(widget):
            words = getattr(widget, "words", None) or widget.text
            if words.strip():
                found.append(words)
    return found


class SurfaceWordsDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANGUAGE)
        for sid in WANTED:
            yield from self.open_scenario(sid)
            player = app.screen("player")
            yield from self.frames()
            if not app.own_screen:
                yield from self.tap_named("screen.toggle")
                yield Until(lambda: app.own_screen, "the screen in the learner's language")
            yield from self.frames(3)
            seen[sid] = {"screen": player.surface.surface_language, "texts": texts(player.surface)}
            yield from self.shot(f"{sid}-{LANGUAGE}")
            yield from self.tap_named("exercise.stop")
            yield Until(lambda: self.find("confirm.yes") is not None, "the question")
            yield from self.tap_named("confirm.yes")
            yield Until(lambda: app.sm.current == "scenarios", "the exercise list")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


app = KioskApp(config)
app.robot = SurfaceWordsDriver(app, "surface-words", screenshots=SHOTS)
app.run()
