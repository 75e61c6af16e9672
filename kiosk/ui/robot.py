"""The robot learner: plays scenarios through the real UI with real touch/mouse events.

Events enter Kivy where a touchscreen or mouse driver would put them (the event loop's
input queue), so post-processing (double-tap detection), the window, the screens and the
surface all see exactly what a person's finger or mouse would produce. With
``mistakes`` it errs first on every step, so the help ladder and the demo are exercised.
Trainers use it as a preview; the GUI tests use it on every shipped scenario.

It acts only on what a person could see: when each step's instruction shows, before it
touches or scrolls anything, it looks with the learner's eye (``kiosk.ui.learners_eye``)
and records every step where the named target is out of view, covered, too small, or
the instruction is cut. A run with such a step fails, after playing on to the end so
one run finds them all.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.input.motionevent import MotionEvent
from kivy.input.providers.mouse import MouseMotionEvent

from kiosk.engine.surfaces.clutter import base_id

log = logging.getLogger(__name__)
_ids = count(1)
GAP = 0.55  # seconds between separate taps: more than the double-click window (see gap)
STRIDE = 5  # contrast: every 5th pixel of a label's box is enough to find its background


class RobotTouch(MotionEvent):
    """A finger on a touchscreen (what mtdev/hidinput would produce)."""

    def __init__(self, sx: float, sy: float) -> None:
        super().__init__("robot-finger", next(_ids), [sx, sy], is_touch=True, type_id="touch")

    def depack(self, args: list[float]) -> None:
        self.sx, self.sy = args[0], args[1]
        if not self.profile:
            self.profile = ["pos"]
        super().depack(args)


@dataclass
class Until:
    """Wait until ``check()`` is true (polled every frame), at most ``timeout`` seconds."""

    check: Callable[[], bool]
    what: str
    timeout: float = 20.0


class RobotFailure(Exception):
    pass


class Robot:
    def __init__(self, app: Any, wanted: str, *, mistakes: bool = False,
                 screenshots: Path | None = None, device: str = "touch", language: str = "fr",
                 report: Path | None = None, canary: str = "") -> None:
        self.app = app
        self.canary = canary
        self.wanted = wanted
        self.mistakes = mistakes
        self.screenshots = screenshots
        self.device = device
        self.language = language
        self.report_path = report
        self.exit_code = 1
        self.results: list[dict[str, Any]] = []
        self._shot = 0
        self._gen: Iterator[Any] | None = None
        self._waiting: Until | None = None
        self._deadline = 0.0
        self._flips = 0
        self.eye_checked = 0
        self.eye_problems: list[dict[str, Any]] = []
        # kiosk.ui.preview.Capture: keeps each step as shown, for the storyboard page
        self.storyboard: Any = None

    # -- driving the script from the Kivy clock ------------------------------------------
    def start(self) -> None:
        if self.screenshots is not None:
            self.screenshots.mkdir(parents=True, exist_ok=True)
        self._gen = self.script()
        Window.bind(on_flip=self._on_flip)
        Clock.schedule_once(self._advance, 0)

    def _advance(self, _dt: float) -> None:
        assert self._gen is not None
        try:
            if self._waiting is not None:
                if not self._waiting.check():
                    if time.monotonic() > self._deadline:
                        raise RobotFailure(f"timed out waiting for: {self._waiting.what}")
                    Clock.schedule_once(self._advance, 0)
                    return
                self._waiting = None
            item = next(self._gen)
        except StopIteration:
            self._finish(0)
            return
        except Exception as exc:  # report, never hang a test run
            log.error("robot failed: %s", exc)
            self.error = "".join(traceback.format_exception(exc))
            print(f"robot: {exc}")
            self._finish(1)
            return
        if isinstance(item, Until):
            self._waiting = item
            self._deadline = time.monotonic() + item.timeout
            Clock.schedule_once(self._advance, 0)
        else:
            Clock.schedule_once(self._advance, float(item or 0))

    def _finish(self, code: int) -> None:
        failure = getattr(self, "error", None) if code else None  # the robot could not go on
        if code == 0 and self.eye_problems:
            code = 1
            self.error = "the learner's eye: " + "; ".join(
                f"{p['scenario']}/{p['step']}: {p['problem']}" for p in self.eye_problems)
        self.exit_code = code
        for p in self.eye_problems:
            print(f"learner's eye: {p['scenario']} / {p['step']}: {p['problem']}")
        print(self.summary())
        if self.storyboard is not None:
            self.storyboard.finish(self.summary(), failure)
        self.app.writer.flush(10)
        if self.report_path is not None:
            report = {"ok": code == 0, "device": self.device, "language": self.language,
                      "mistakes": self.mistakes, "scenarios": self.results,
                      "clips_played": self.app.speaker.played,
                      "last_spoken": (self.app.speaker.spoken or [""])[-1],
                      "speech_problem": self.app.speaker.problem,
                      "eye": {"checked": self.eye_checked, "problems": self.eye_problems,
                              "size": list(Window.size)},
                      "error": getattr(self, "error", None)}
            self.report_path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.app.exit_kiosk()

    def summary(self) -> str:
        """One line for the terminal: stars, slips, help, and what the learner's eye saw."""
        stars = sum(s.get("stars") or 0 for s in self.results)
        errors = sum(s.get("errors", 0) for s in self.results)
        hints = sum(s.get("hints", 0) for s in self.results)
        outcome = "played" if not self.eye_problems and self.exit_code == 0 else "FAILED"
        return (f"{outcome}: {len(self.results)} exercise(s), {stars} star(s), {errors} error(s), "
                f"{hints} hint(s); learner's eye: {self.eye_checked} step(s) checked at "
                f"{Window.width}x{Window.height} in {self.language}, "
                f"{len(self.eye_problems)} problem(s)")

    def eye(self, sid: str, step: Any) -> Iterator[Any]:
        """What a person sees when the step's instruction shows (before any scrolling)."""
        from kiosk.ui.learners_eye import look

        self.eye_checked += 1
        problems = look(self.app.screen("player"))
        for problem in problems:
            log.warning("learner's eye: %s/%s: %s", sid, step.id, problem)
            self.eye_problems.append({"scenario": sid, "step": step.id, "problem": problem})
        if problems:
            yield from self.shot(f"{sid}-{step.id}-eye")
        if self.storyboard is not None:
            yield from self.storyboard.capture(self, step, problems)

    # -- what the robot does ---------------------------------------------------------------
    def scenario_ids(self) -> list[str]:
        catalogue = self.app.catalogue
        if "," in self.wanted:  # a list of scenario ids, played in that order
            ids = [w.strip() for w in self.wanted.split(",") if w.strip()]
            unknown = [i for i in ids if i not in catalogue.scenarios]
            if unknown:
                raise RobotFailure(f"no scenario named {', '.join(unknown)}")
            return ids
        if self.wanted in catalogue.scenarios and catalogue.scenarios[self.wanted].variant > 1:
            # level 2 is offered once level 1 is done: the robot plays level 1 first
            return [base_id(self.wanted), self.wanted]
        if self.wanted in catalogue.scenarios:
            return [self.wanted]
        modules = [m.id for m in self.app.enabled_modules()]
        if self.wanted == "all":
            return [s.id for s in catalogue.in_order(modules)]
        if self.wanted in modules:
            return [s.id for s in catalogue.in_module(self.wanted)]
        raise RobotFailure(f"no scenario or module named '{self.wanted}'")

    def script(self) -> Iterator[Any]:
        app = self.app
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "the welcome screen")
        ids = self.scenario_ids()
        yield from self.shot("welcome")
        yield from self.start_in(self.language)
        yield from self.shot("modules")
        for sid in ids:
            yield from self.open_scenario(sid, shot_list=True)
            yield from self.play_scenario(sid)
            yield from self.tap_named("results.menu")
            yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        yield from self.shot("scenarios-done")
        yield from self.tap_named("back")
        yield Until(lambda: app.sm.current == "modules", "the module menu")
        yield from self.tap_done(shot="done-ask")
        # the passport (the QR code to photograph), then "Terminer"
        yield Until(lambda: app.sm.current == "passport" and not app.screen("passport").waiting,
                    "the passport screen")
        yield from self.shot("passport")
        if self.canary:  # the privacy canary: what would be printed is looked at too
            yield from self.print_attestation()
        yield from self.tap_named("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "the welcome screen after the session")

    def print_attestation(self) -> Iterator[Any]:
        """"Imprimer", then the animator's PIN (a test kiosk keeps the default one)."""
        from kiosk.config import DEFAULT_PIN

        passport = self.app.screen("passport")
        if not passport.has_code or not self.app.printer.available:
            return
        yield from self.tap_named("passport.print")
        yield Until(lambda: self.find("pin.ok") is not None, "the animator's PIN pad")
        yield from self.type_pin(DEFAULT_PIN)
        yield Until(lambda: bool(passport.status) and not passport.printing, "the print", 30)

    def type_pin(self, pin: str) -> Iterator[Any]:
        """On the PIN pad: the digits, then OK."""
        for digit in pin:
            yield from self.tap_named(digit)
        yield from self.tap_named("pin.ok")

    def open_animator(self) -> Iterator[Any]:
        """The animator's way in: the hidden corner held, then the PIN (a test kiosk keeps
        the default one)."""
        from kiosk.config import DEFAULT_PIN

        touch = self._event(20, Window.height - 20)
        self._send("begin", touch)
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad", 6)
        self._send("end", touch)
        yield from self.type_pin(DEFAULT_PIN)
        yield Until(lambda: self.app.sm.current == "animator", "the animator screen")

    def start_in(self, language: str) -> Iterator[Any]:
        """On the welcome: touch a language, as a learner does; the activities show."""
        yield from self.tap_named(f"language.{language}")
        yield Until(lambda: self.app.sm.current == "modules", "the module menu")

    def screen_in_own_language(self, own: bool = True) -> Iterator[Any]:
        """"L'écran dans ma langue": the practice screen in the learner's language (``own``)
        or as in real life, touched as a learner would when it is not so already."""
        if self.app.own_screen != own:
            yield from self.tap_named("screen.toggle")
            yield Until(lambda: self.app.own_screen == own, "the screen's language")

    def open_scenario(self, sid: str, shot_list: bool = False) -> Iterator[Any]:
        """From the activities or an exercise list to the exercise ``sid``: its activity
        first (back to the activities if another one is open), then the exercise."""
        app = self.app
        scenario = app.catalogue.scenarios[sid]
        if app.sm.current != "scenarios" or app.screen("scenarios").module_id != scenario.module:
            if app.sm.current != "modules":
                yield from self.tap_named("back")
                yield Until(lambda: app.sm.current == "modules", "the module menu")
            yield from self.tap_named(f"module.{scenario.module}")
            yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
            if shot_list:
                yield from self.shot(f"list-{scenario.module}")
        yield from self.tap_named(f"scenario.{sid}")
        yield Until(lambda: app.sm.current == "player", "the player")

    def play_scenario(self, sid: str) -> Iterator[Any]:
        app = self.app
        player = app.screen("player")
        runner = player.runner
        record: dict[str, Any] = {"id": sid, "steps": [], "stars": None}
        started = time.monotonic()
        self.results.append(record)
        yield from self.shot(f"{sid}-start")
        while not runner.finished:
            step = runner.step
            levels: list[int] = []
            yield Until(lambda: player.shown_step is runner.step, f"step '{step.id}' to be shown")
            yield from self.frames()
            yield from self.heard()
            yield from self.eye(sid, step)
            record["smallest_target_px"] = min(record.get("smallest_target_px", 10**6),
                                               self.smallest_target())
            ratio, words = self.lowest_contrast()
            if ratio < record.get("lowest_contrast", (99.0, ""))[0]:
                record["lowest_contrast"] = (ratio, words)
            if self.mistakes:
                for _ in range(3):
                    errors = runner.errors
                    yield from self.wrong_action(step)
                    # a single tap on the desktop is judged only once the double-click window
                    # has passed: on a slow machine, give the kiosk time to count the slip
                    yield from self.settled(lambda errors=errors: runner.errors > errors, 2.0)
                    levels.append(player.hint_level)
                    yield from self.frames()
                    for message in player.surface.shown_messages():
                        if message not in record.setdefault("site_messages", []):
                            record["site_messages"].append(message)
                    if player.guide.demo_running:
                        yield 1.2
                        yield from self.shot(f"{sid}-{step.id}-demo")
                        break
                    if player.hint_level == 2:
                        yield from self.shot(f"{sid}-{step.id}-highlight")
                yield Until(lambda: not player.guide.demo_running, "the demo to end")
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
            record["steps"].append({"id": step.id, "hint_levels": levels,
                                    "demos": player.guide.demos_played})
            if not runner.finished:
                yield from self.shot(f"{sid}-{runner.step.id}")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        record["stars"] = app.screen("results").stars
        record["errors"], record["hints"] = runner.errors, runner.hints
        record["seconds"] = round(time.monotonic() - started, 1)
        record["spoken"] = list(app.speaker.spoken[-3:])
        yield from self.shot(f"{sid}-results")

    # -- actions on named targets ---------------------------------------------------------------
    def surface(self) -> Any:
        return self.app.screen("player").surface

    def right_action(self, step: Any) -> Iterator[Any]:
        yield from self.frames()
        expect = step.expect
        surface = self.surface()
        kind = expect.action
        if kind == "scroll_to":
            yield from self.scroll_until(expect.target)
            return
        if expect.target:
            surface.reveal(expect.target)
            yield from self.frames()
        widget = surface.target_widget(expect.target)
        if widget is None:
            raise RobotFailure(f"target '{expect.target}' is not on screen")
        x, y = self.centre(widget)
        if kind in ("tap", "choose"):
            yield from self.tap(x, y)
        elif kind == "double_tap":
            yield from self.tap(x, y, settle=0.12)
            yield from self.tap(x, y)
        elif kind == "long_press":
            yield from self.long_press(x, y)
        elif kind == "drag":
            to = surface.target_widget(expect.to)
            yield from self.drag((x, y), self.centre(to))
        elif kind == "pinch":
            yield from self.pinch(x, y, min(widget.width, widget.height))
        elif kind == "type":
            from kiosk.engine.actions import example_answer

            answer = example_answer(expect.rule)
            if answer is None:
                raise RobotFailure(f"no example answer to type in '{expect.target}'")
            before = self.app.screen("player").runner.step_index
            if self.canary:  # the privacy canary: typed first, it must never be kept
                yield from self.type_text(widget, self.canary)
                if self.app.screen("player").runner.step_index != before:
                    return  # the rule took it (e.g. "not empty"): the step is done
                yield from self.type_text(widget, "", clear=True)
            yield from self.type_text(widget, answer, clear=True)
        else:
            raise RobotFailure(f"the robot cannot do '{kind}' on this surface yet")

    def type_text(self, field: Any, text: str, clear: bool = False) -> Iterator[Any]:
        """Touch the field, then the on-screen keys one by one (Shift as needed), then OK.
        A surface with its own keypad (a phone's PIN pad) names the keys to press in
        ``keys_for(target, text, clear)``; it sends the text itself when it is complete."""
        from kiosk.ui import azerty

        surface = self.surface()
        own_keys = getattr(surface, "keys_for", None)
        keys = own_keys(field.target, text, clear) if own_keys is not None else None
        if keys is not None:
            for name in keys:
                yield from self.tap(*self.centre(surface.target_widget(name)), settle=0.02)
            yield self.gap
            return
        if not field.focused:
            yield from self.tap(*self.centre(field))
        if clear:
            for _ in range(len(field.value)):
                yield from self.tap(*self.centre(surface.target_widget("key.backspace")), settle=0.02)
        for name in azerty.plan(text):
            yield from self.tap(*self.centre(surface.target_widget(f"key.{name}")), settle=0.02)
        if text:
            yield from self.tap(*self.centre(surface.target_widget("key.enter")))

    def wrong_action(self, step: Any) -> Iterator[Any]:
        """A plausible novice mistake: touch something else (never the target)."""
        yield from self.frames()
        surface = self.surface()
        expect = step.expect
        if expect.action == "type":  # a typing slip: the site's message shows by the field
            surface.reveal(expect.target)  # a long page: scroll to the field first
            yield from self.frames()
            yield from self.type_text(surface.target_widget(expect.target), "x", clear=True)
            return
        wrong = None
        for name in sorted(surface.targets):
            if name != expect.target and name != expect.to and surface.visible(name):
                if name.split(".")[0] == (expect.target or "").split(".")[0] or expect.action == "scroll_to":
                    wrong = surface.target_widget(name)
                    break
        if wrong is not None and expect.action != "drag":
            yield from self.tap(*self.centre(wrong))
        else:
            yield from self.tap(*surface.empty_spot())

    def smallest_target(self) -> float:
        """The smallest side of anything touchable on screen now (buttons, surface targets)."""
        from kivy.uix.behaviors import ButtonBehavior

        sizes = []
        surface = self.surface() if self.app.sm.current == "player" else None  # e.g. the animator's
        for name in surface.targets if surface is not None else ():
            if surface.visible(name):
                sizes.append(min(surface.target_widget(name).size))
        stack = [self.app.sm.current_screen]
        while stack:
            widget = stack.pop()
            if isinstance(widget, ButtonBehavior) and widget.opacity > 0:
                sizes.append(min(widget.size))
            stack.extend(widget.children)
        return min(sizes)

    def lowest_contrast(self, within: Any = None) -> tuple[float, str]:
        """The lowest text contrast on screen now: each visible label's colour against the
        background actually drawn behind it (the commonest pixel in its box). ``within``:
        only the labels of that widget (e.g. a card over a dimmed screen)."""
        from collections import Counter

        from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glPixelStorei, glReadPixels
        from kivy.uix.label import Label
        from kivy.uix.scrollview import ScrollView

        from kiosk.ui.palette import contrast_ratio

        width, height = Window.size
        glPixelStorei(0x0D05, 1)  # GL_PACK_ALIGNMENT: rows are tightly packed
        pixels = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
        worst = (99.0, "")
        # a label scrolled out of its ScrollView is not drawn: measure only what it shows
        whole = (0, 0, width, height)
        roots = ([within] if within is not None else
                 [self.app.sm.current_screen, *[w for w in Window.children if w is not self.app.root]])
        # what lies under a veil over the page (a file picker, a viewer) is dimmed or hidden
        # on purpose: a person reads the veil and what is drawn above it, not the page behind
        stack = [(w, whole, False) for w in roots]
        while stack:
            widget, clip, under = stack.pop()
            if widget.opacity <= 0 or widget.disabled:
                continue
            if isinstance(widget, ScrollView):
                sx, sy = (int(v) for v in widget.to_window(widget.x, widget.y))
                clip = (max(clip[0], sx), max(clip[1], sy), min(clip[2], sx + int(widget.width)),
                        min(clip[3], sy + int(widget.height)))
            veil = next((i for i, child in enumerate(widget.children)  # children[0] is on top
                         if child.opacity > 0 and getattr(child, "veils_below", False)), None)
            stack.extend((child, clip, under or (veil is not None and i > veil))
                         for i, child in enumerate(widget.children))
            if under:
                continue
            if not isinstance(widget, Label) or not widget.text.strip():
                continue
            x0, y0 = (int(v) for v in widget.to_window(widget.x, widget.y))
            x1, y1 = min(clip[2], x0 + int(widget.width)), min(clip[3], y0 + int(widget.height))
            x0, y0 = max(clip[0], x0), max(clip[1], y0)
            if (y1 - y0) * 2 < widget.height or (x1 - x0) * 2 < widget.width:
                continue  # mostly scrolled away: what is left is too little to read or measure
            counts: Counter[bytes] = Counter()
            for y in range(y0, y1, STRIDE):
                row = y * width * 3
                for x in range(x0, x1, STRIDE):
                    counts[pixels[row + x * 3: row + x * 3 + 3]] += 1
            if not counts:
                continue
            background = tuple(v / 255 for v in counts.most_common(1)[0][0])
            ratio = contrast_ratio(tuple(widget.color), background)
            if ratio < worst[0]:
                worst = (round(ratio, 2), widget.text[:40])
        return worst

    @staticmethod
    def centre(widget: Any) -> tuple[float, float]:
        return widget.to_window(widget.center_x, widget.center_y)

    def tap_named(self, name: str) -> Iterator[Any]:
        """Touch the button ``name``; on a screen of pages (the activities), turn to its
        page first, as a person would, with the arrow the screen shows."""
        yield from self.frames()
        widget = self.find(name)
        screen = self.app.sm.current_screen
        turn = screen.reveal(name) if widget is None and hasattr(screen, "reveal") else None
        while turn is not None:
            yield from self.tap_named(turn)
            yield from self.frames()
            widget = self.find(name)
            turn = screen.reveal(name) if widget is None else None
        if widget is None:
            raise RobotFailure(f"no button named '{name}' on screen")
        yield from self.tap(*self.centre(widget))

    def tap_done(self, shot: str | None = None) -> Iterator[Any]:
        """"J'ai fini" on the module menu, then "Oui, j'ai fini" on the question it asks."""
        yield from self.tap_named("session.done")
        yield Until(lambda: self.find("confirm.yes") is not None, "the question 'Terminer ?'")
        if shot:
            yield from self.shot(shot)
        yield from self.tap_named("confirm.yes")

    def switch_language(self, language: str) -> Iterator[Any]:
        """Use the language button and the picker, as a learner would, mid-scenario."""
        yield from self.tap_named("language.switch")
        yield Until(lambda: self.find(f"switch.{language}") is not None, "the language picker")
        yield from self.frames()
        yield from self.tap_named(f"switch.{language}")
        yield Until(lambda: self.app.language == language, f"the switch to '{language}'")
        yield from self.frames()

    def find(self, name: str) -> Any:
        roots = list(Window.children)
        while roots:
            widget = roots.pop()
            if getattr(widget, "name", None) == name and widget.get_root_window() is not None:
                screen = self._screen_of(widget)
                if screen is None or screen.manager.current == screen.name:
                    return widget
            roots.extend(widget.children)
        return None

    @staticmethod
    def _screen_of(widget: Any) -> Any:
        from kivy.uix.screenmanager import Screen

        while widget is not None and not isinstance(widget, Screen):
            parent = widget.parent
            widget = None if parent is widget else parent  # the Window is its own parent
        return widget

    # -- raw gestures -----------------------------------------------------------------------------
    def _event(self, x: float, y: float, button: str = "left") -> MotionEvent:
        sx, sy = x / Window.width, y / Window.height
        if self.device == "mouse":
            return MouseMotionEvent("mouse", next(_ids), [sx, sy, button], is_touch=True,
                                    type_id="touch")
        return RobotTouch(sx, sy)

    @staticmethod
    def _send(kind: str, touch: MotionEvent) -> None:
        EventLoop._dispatch_input(kind, touch)

    def _move(self, touch: MotionEvent, x: float, y: float) -> None:
        touch.move([x / Window.width, y / Window.height])
        self._send("update", touch)

    @property
    def gap(self) -> float:
        """Between two separate taps: longer than the kiosk's double-click window."""
        return max(GAP, float(self.app.kiosk_config.double_click_time) + 0.05)

    def tap(self, x: float, y: float, settle: float | None = None) -> Iterator[Any]:
        touch = self._event(x, y)
        self._send("begin", touch)
        yield 0.05
        self._send("end", touch)
        yield self.gap if settle is None else settle

    def long_press(self, x: float, y: float) -> Iterator[Any]:
        if self.device == "mouse":
            touch = self._event(x, y, "right")
            self._send("begin", touch)
            yield 0.05
            self._send("end", touch)
        else:
            touch = self._event(x, y)
            self._send("begin", touch)
            yield self.app.kiosk_config.long_press_time + 0.3
            self._send("end", touch)
        yield self.gap

    def drag(self, start: tuple[float, float], end: tuple[float, float]) -> Iterator[Any]:
        touch = self._event(*start)
        self._send("begin", touch)
        yield 0.1
        for i in range(1, 16):
            f = i / 15
            self._move(touch, start[0] + (end[0] - start[0]) * f, start[1] + (end[1] - start[1]) * f)
            yield 0.03
        self._send("end", touch)
        yield self.gap

    def pinch(self, x: float, y: float, room: float) -> Iterator[Any]:
        """Two fingers put down near (x, y), then spread apart (a touchscreen's zoom in);
        with a mouse, the wheel turned forwards once (Kivy calls it "scrolldown")."""
        if self.device == "mouse":
            touch = self._event(x, y, "scrolldown")
            self._send("begin", touch)
            yield 0.02
            self._send("end", touch)
            yield self.gap
            return
        near, far = room * 0.1, room * 0.22
        fingers = [self._event(x - near, y), self._event(x + near, y)]
        for finger in fingers:
            self._send("begin", finger)
            yield 0.03
        for i in range(1, 13):
            apart = near + (far - near) * i / 12
            self._move(fingers[0], x - apart, y)
            self._move(fingers[1], x + apart, y)
            yield 0.03
        for finger in fingers:
            self._send("end", finger)
        yield self.gap

    def scroll_until(self, target: str) -> Iterator[Any]:
        surface = self.surface()
        view = surface.scroll
        x, y = self.centre(view)
        for _ in range(40):
            if surface.visible(target):
                return
            if self.device == "mouse":
                touch = self._event(x, y, "scrollup")  # Kivy's name for wheel towards you
                self._send("begin", touch)
                yield 0.02
                self._send("end", touch)
                yield 0.15
            else:
                low, high = y - view.height * 0.3, y + view.height * 0.3
                touch = self._event(x, low)
                self._send("begin", touch)
                yield 0.02
                for i in range(1, 7):
                    self._move(touch, x, low + (high - low) * i / 6)
                    yield 0.016
                self._send("end", touch)
                yield 0.4
        if not surface.visible(target):
            raise RobotFailure(f"scrolling never showed '{target}'")

    def heard(self) -> Iterator[Any]:
        """Like a learner, listen to the instruction before acting (when there is a voice)."""
        speaker = self.app.speaker
        if speaker.problem is None:
            yield Until(lambda: speaker.started_at > 0 or speaker.problem is not None,
                        "the instruction to be spoken", 10.0)

    def settled(self, done: Callable[[], bool], at_most: float) -> Iterator[Any]:
        """Wait until ``done()`` or ``at_most`` seconds, without failing: for what may not happen."""
        until = time.monotonic() + at_most
        while not done() and time.monotonic() < until:
            yield 0.05

    def frames(self, n: int = 2) -> Iterator[Any]:
        """Let the screen lay out and draw: wait for ``n`` swapped frames."""
        target = self._flips + n

        def drawn() -> bool:
            Window.canvas.ask_update()  # Kivy draws only when asked; we want the next frame
            return self._flips >= target

        yield Until(drawn, "the screen to be drawn", 5.0)

    def _on_flip(self, *_a: Any) -> None:
        self._flips += 1

    # -- pictures --------------------------------------------------------------------------------
    def shot(self, label: str) -> Iterator[Any]:
        if self.screenshots is None:
            return
        self._shot += 1
        yield from self.picture(self.screenshots / f"{self._shot:02d}-{label}.png")

    def picture(self, path: Path) -> Iterator[Any]:
        """Save what the window shows, once drawn, as the PNG ``path``."""
        yield from self.frames()
        made = Window.screenshot(name=str(path.parent / "shot.png"))
        if made:
            Path(made).replace(path)
