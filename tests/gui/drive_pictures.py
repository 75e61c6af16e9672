"""Driver run in its own process by test_pictures.py: a learner's whole visit through the
real kiosk, noting on every screen the picture each button shows (what a person who
cannot read goes by). Screens: the welcome, the modules, the self-assessment (a question,
its summary), the exercises of each module, the player at every step of the scenarios
given (the first of each surface), with the language picker and the practice screen in
Arabic on the first one, the results, the "J'ai fini" card, and the passport.

Writes JSON (argv[1]): {"screens": {label: [{"button", "picture", "file"}, ...]}}.
A picture is named by its file; ``file`` is the first file with the same bytes, so two
files that are the same drawing count as one picture.

argv: OUT.json SHOTS_DIR SIZE SCENARIO_IDS (comma-separated)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from kivy.core.window import Window  # noqa: E402
from kivy.uix.behaviors import ButtonBehavior  # noqa: E402
from kivy.uix.image import Image  # noqa: E402
from kivy.uix.modalview import ModalView  # noqa: E402
from kivy.uix.screenmanager import ScreenManager  # noqa: E402
from kivy.uix.stencilview import StencilView  # noqa: E402
from looking import Looking  # noqa: E402  (this folder: the drivers run as scripts)

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, SCENARIOS = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4].split(",")
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in window pixels


def _window_rect(widget: Any) -> Rect:
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _overlap(a: Rect, b: Rect) -> Rect | None:
    r = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return r if r[2] - r[0] > 1 and r[3] - r[1] > 1 else None


class PictureDriver(Looking, Robot):
    _drawings: dict[str, str] = {}  # sha1 of a picture's bytes -> the first file seen with it

    def script(self) -> Any:
        app = self.app
        self.seen: dict[str, Any] = {"screens": {}, "shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.note("welcome")
        yield from self.press("language.fr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.note("modules")

        # the self-assessment a first visit is offered: a question, then its summary
        yield from self.press("selfcheck.open")
        check = app.screen("selfcheck")
        yield Until(lambda: app.sm.current == "selfcheck", "self-assessment")
        yield from self.note("selfcheck-question")
        while not check.summary:
            index = check.index
            yield from self.press("answer.yes")
            yield Until(lambda index=index: check.index != index or bool(check.summary), "next question")
        yield from self.frames(2)
        yield from self.note("selfcheck-summary")
        yield from self.press("selfcheck.menu")
        yield Until(lambda: app.sm.current == "modules", "modules")

        for module in app.enabled_modules():
            yield from self.press(f"module.{module.id}")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            yield from self.note(f"scenarios-{module.id}")
            yield from self.press("back")
            yield Until(lambda: app.sm.current == "modules", "modules")

        for number, sid in enumerate(SCENARIOS):
            scenario = app.catalogue.scenarios[sid]
            yield from self.press(f"module.{scenario.module}")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            yield from self.press(f"scenario.{sid}")
            yield Until(lambda: app.sm.current == "player", "player")
            if number == 0:
                yield from self.in_arabic(sid)
            yield from self.play_noting(sid)
            if number < len(SCENARIOS) - 1:
                yield from self.press("results.menu")
                yield Until(lambda: app.sm.current == "scenarios", "scenarios")
                yield from self.press("back")
                yield Until(lambda: app.sm.current == "modules", "modules")

        # "J'ai fini" on the results: the card that asks once, then the passport
        yield from self.press("results.done")
        yield Until(lambda: self.find("confirm.yes") is not None, "the card asking once")
        yield from self.note("results-done-card")
        yield from self.press("confirm.yes")
        passport = app.screen("passport")
        yield Until(lambda: app.sm.current == "passport" and not passport.waiting, "passport")
        yield from self.note("passport")
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome again")
        OUT.write_text(json.dumps(self.seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def play_noting(self, sid: str) -> Any:
        """The exercise played right, the buttons noted at each step and on the results."""
        app = self.app
        runner = app.screen("player").runner
        while not runner.finished:
            step = runner.step
            yield from self.frames(2)
            yield from self.note(f"player-{sid}-{step.id}", shot=step is runner.scenario.steps[0])
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
        yield Until(lambda: app.sm.current == "results", "results")
        results = app.screen("results")
        yield Until(lambda: bool(results.path), "the path since the first visit")
        yield from self.note(f"results-{sid}")

    def in_arabic(self, sid: str) -> Any:
        """The buttons only a learner of another language sees: the language picker, and
        the player's "screen in my language" toggle, both ways; then back to French."""
        app = self.app
        yield from self.frames(2)
        yield from self.tap_named("language.switch")
        yield Until(lambda: self.find("switch.ar") is not None, "the language picker")
        yield from self.note("language-picker")
        yield from self.tap_named("switch.ar")
        yield Until(lambda: app.language == "ar", "Arabic")
        yield from self.note(f"player-{sid}-ar")
        yield from self.tap_named("screen.toggle")
        yield Until(lambda: app.own_screen, "the screen in Arabic")
        yield from self.note(f"player-{sid}-ar-own-screen")
        yield from self.tap_named("screen.toggle")
        yield Until(lambda: not app.own_screen, "the French screen")
        yield from self.switch_language("fr")

    # -- what a person sees ---------------------------------------------------------------
    def note(self, label: str, shot: bool = True) -> Any:
        yield from self.frames(2)
        if shot:
            yield from self.shot(label)
            self.seen["shots"][label] = str(SHOTS / f"{self._shot:02d}-{label}.png")
        self.seen["screens"][label] = self.buttons_with_pictures()

    def buttons_with_pictures(self) -> list[dict[str, str]]:
        """Every touchable, visible button and the picture(s) drawn on it. An open card
        (a ModalView) hides and blocks the screen under it: then only the card counts."""
        cards = [w for w in Window.children if isinstance(w, ModalView)]
        top = cards[0] if cards else self.app.root
        window: Rect = (0, 0, Window.width, Window.height)
        found: list[dict[str, str]] = []
        stack: list[tuple[Any, Rect]] = [(top, window)]
        while stack:
            widget, clip = stack.pop()
            if widget.opacity <= 0 or widget.disabled:
                continue
            if isinstance(widget, ScreenManager):
                stack.append((widget.current_screen, clip))
                continue
            if isinstance(widget, StencilView):  # a scrolling list: only what shows
                inner = _overlap(clip, _window_rect(widget))
                if inner is None:
                    continue
                clip = inner
            if isinstance(widget, ButtonBehavior) and _overlap(clip, _window_rect(widget)):
                for source in self.pictures_of(widget, clip):
                    found.append({"button": self.button_name(widget), "picture": Path(source).stem,
                                  "file": self.drawing(source)})
            stack.extend((child, clip) for child in widget.children)
        return found

    @staticmethod
    def pictures_of(button: Any, clip: Rect) -> list[str]:
        """The picture a button shows: its ``picture``, or the images drawn inside it (not
        those of a button nested in it: that one is a button of its own)."""
        picture = getattr(button, "picture", None)
        if isinstance(picture, str):
            return [picture] if picture else []
        sources: list[str] = []
        stack = [button]
        while stack:
            widget = stack.pop()
            if widget.opacity <= 0 or (widget is not button and isinstance(widget, ButtonBehavior)):
                continue
            if isinstance(widget, Image) and widget.source and _overlap(clip, _window_rect(widget)):
                sources.append(widget.source)
            stack.extend(widget.children)
        return sources

    @staticmethod
    def button_name(widget: Any) -> str:
        name = getattr(widget, "name", "") or getattr(widget, "text", "") or getattr(widget, "words", "")
        return str(name) or f"{type(widget).__name__}@{int(widget.x)},{int(widget.y)}"

    def drawing(self, source: str) -> str:
        digest = hashlib.sha1(Path(source).read_bytes()).hexdigest()
        return self._drawings.setdefault(digest, Path(source).name)


app = KioskApp(config)
app.robot = PictureDriver(app, SCENARIOS[0], screenshots=SHOTS)
app.run()
