"""Driver run by test_idle.py: sessions left alone at different places of the kiosk; for
each, the time from the last touch to the clean welcome drawn on screen.

argv[1]: the JSON it writes; argv[2]: screenshots; argv[3]: the places, comma-separated
(player, picker, results, scenarios, selfcheck, passport, warning, resume).
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

from kivy.core.window import Window  # noqa: E402
from kivy.uix.modalview import ModalView  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, PLACES = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
flips: list[float] = []


def visible_texts(widget: Any) -> list[str]:
    out, stack = [], [widget]
    while stack:
        w = stack.pop()
        text = getattr(w, "text", None)
        if isinstance(text, str) and text.strip() and w.get_root_window() is not None and w.opacity > 0:
            out.append(getattr(w, "words", None) or text)  # Words: Arabic is drawn reshaped
        stack.extend(w.children)
    return out


def on_screen() -> list[str]:
    """Every text drawn: the screens and any popup above them."""
    root = app.root
    popups = [t for w in Window.children if w is not root for t in visible_texts(w)]
    return sorted(visible_texts(root) + popups)


class IdleDriver(Robot):
    def script(self) -> Any:
        app = self.app
        results = []
        Window.bind(on_flip=lambda *_a: flips.append(time.monotonic()))
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.frames(3)
        welcome_texts = on_screen()
        for place in PLACES:
            yield from self.leave_at(place)
            pseudonym = app.logbook.pseudonym
            last_touch = app.last_input
            yield Until(lambda: app.sm.current == "welcome" or app.idle_warning_shown,
                        "the idle warning or the wipe", app.idle_timeout + 10)
            warned_at = time.monotonic() if app.idle_warning_shown else None
            yield Until(lambda: app.sm.current == "welcome", "the wipe", app.idle_timeout + 10)
            n = len(flips)
            yield Until(lambda n=n: len(flips) > n, "the welcome to be drawn", 5)
            wiped = flips[n]
            # the welcome settles within a few frames (a busy machine draws slowly): up to 1.5 s
            yield from self.frames(2)
            yield from self.settled(lambda: on_screen() == welcome_texts, 1.5)
            texts = on_screen()
            yield from self.shot(f"wiped-{place}")
            results.append({
                "place": place, "wipe_s": round(wiped - last_touch, 3),
                "warning_s": round(warned_at - last_touch, 3) if warned_at else None,
                "clean": texts == welcome_texts, "extra_texts": sorted(set(texts) - set(welcome_texts)),
                "missing_texts": sorted(set(welcome_texts) - set(texts)),
                "pseudonym_visible": bool(pseudonym) and any(pseudonym in t for t in texts),
                "modal_open": any(isinstance(w, ModalView) for w in Window.children),
                "language": app.language, "session": app.logbook.session_id,
            })
        OUT.write_text(json.dumps({"timeout": app.idle_timeout, "warning": config.idle_warning,
                                   "results": results}, ensure_ascii=False, indent=2))

    def into_exercise(self, language: str = "ar") -> Any:
        app = self.app
        yield from self.tap_named(f"language.{language}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player" and app.logbook.pseudonym is not None, "player")

    def leave_at(self, place: str) -> Any:
        """Go to ``place`` as a learner would; the last touch there starts the idle clock."""
        app = self.app
        if place == "resume":  # no session: the camera screen of "J'ai déjà un code"
            yield from self.tap_named("resume.open")
            yield Until(lambda: app.sm.current == "resume", "the resume screen")
            return
        if place in ("player", "picker", "warning"):
            yield from self.into_exercise("ar" if place == "player" else "uk")
            if place == "picker":
                yield from self.tap_named("language.switch")
                yield Until(lambda: self.find("switch.tr") is not None, "the language picker")
            if place == "warning":  # warned, touched (still here), then left alone again
                yield Until(lambda: app.idle_warning_shown, "the warning", app.idle_timeout + 5)
                yield from self.tap_named("idle.yes")
            return
        yield from self.tap_named("language.nl")
        yield Until(lambda: app.sm.current == "modules", "modules")
        if place == "selfcheck":
            yield from self.tap_named("selfcheck.open")
            yield Until(lambda: app.sm.current == "selfcheck", "the self-assessment")
        elif place == "passport":
            yield from self.tap_named("module.mouse")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            yield from self.tap_named("scenario.mouse.click")
            yield Until(lambda: app.sm.current == "player", "player")
            yield from self.play_scenario("mouse.click")
            yield from self.tap_named("results.menu")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            yield from self.tap_named("back")
            yield Until(lambda: app.sm.current == "modules", "modules")
            yield from self.tap_done()
            yield Until(lambda: app.sm.current == "passport" and not app.screen("passport").waiting,
                        "the passport")
        else:
            yield from self.tap_named("module.mouse")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            if place == "results":
                yield from self.tap_named("scenario.mouse.double_click")
                yield Until(lambda: app.sm.current == "player", "player")
                yield from self.play_scenario("mouse.double_click")


app = KioskApp(config)
app.robot = IdleDriver(app, "mouse", screenshots=SHOTS)
app.run()
