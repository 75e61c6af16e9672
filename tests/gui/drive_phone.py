"""Driver run in its own process by test_phone.py: a learner on the phone surfaces who
types a wrong PIN, starts to confirm a request they never made, and touches the link of
a fake SMS before doing the right thing. Writes what a learner would have seen as JSON
(argv[1]); screenshots go to argv[2]; argv[3] is the window size."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1920x1080")

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
WRONG_PIN = "54321"


def drawn_words(widget: Any) -> list[str]:
    """Every text drawn inside ``widget`` now (labels in the window, not hidden)."""
    from kivy.uix.label import Label

    out = []
    for child in widget.walk(restrict=True):
        if isinstance(child, Label) and child.opacity > 0 and child.get_root_window() is not None:
            text = getattr(child, "words", "") or child.text
            if text.strip():
                out.append(text)
    return out


class PhoneDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.fr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.identity")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        seen["tiles"] = [sid for sid in ("identity.login", "identity.refuse", "identity.fake_sms")
                         if self.find(f"scenario.{sid}") is not None]
        yield from self.play("identity.login", self.wrong_pin, seen)
        yield from self.play("identity.refuse", self.confirm_unasked, seen)
        yield from self.play("identity.fake_sms", self.touch_the_link, seen)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- one scenario: the right actions, with one learner's slip on the named step ------------
    def play(self, sid: str, slip: Any, seen: dict[str, Any]) -> Any:
        app = self.app
        yield from self.tap_named(f"scenario.{sid}")
        yield Until(lambda: app.sm.current == "player", "the player")
        player = app.screen("player")
        runner = player.runner
        record: dict[str, Any] = {}
        seen[sid] = record
        record["smallest_target_px"], record["lowest_contrast"] = 10**6, (99.0, "")
        while not runner.finished:
            step = runner.step
            yield from self.frames()
            yield from self.heard()
            self.measure(record)
            yield from slip(step, record)
            self.measure(record)
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
        yield from self.frames(3)
        surface = player.surface
        record["end_site"] = drawn_words(surface.ids.browser) if "browser" in surface.ids else []
        record["end_phone"] = drawn_words(surface.ids.phone)
        record["end_state"] = {k: getattr(surface, k) for k in ("site_stage", "phone_stage")
                               if hasattr(surface, k)}
        yield from self.shot(f"{sid}-end")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        record["stars"] = app.screen("results").stars
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")

    def measure(self, record: dict[str, Any]) -> None:
        """What the robot learner checks on every screen: big targets, readable words."""
        record["smallest_target_px"] = min(record["smallest_target_px"], self.smallest_target())
        ratio, words = self.lowest_contrast()
        if ratio < record["lowest_contrast"][0]:
            record["lowest_contrast"] = (ratio, words)

    def touch(self, name: str) -> Any:
        surface = self.surface()
        widget = surface.target_widget(name)
        if widget is None:
            raise RuntimeError(f"'{name}' is not on screen")
        yield from self.tap(*self.centre(widget))

    # -- the slips ------------------------------------------------------------------------------------
    def wrong_pin(self, step: Any, record: dict[str, Any]) -> Any:
        if step.id != "pin":
            return
        surface = self.surface()
        for digit in WRONG_PIN:
            yield from self.touch(f"pin.{digit}")
        yield from self.frames(3)
        record["after_wrong_pin"] = {
            "phone": drawn_words(surface.ids.phone),
            "same_step": self.app.screen("player").runner.step.id,
            "pin_kept": surface.pin_value,
            "anywhere": [t for t in drawn_words(Window.children[0]) if WRONG_PIN in t.replace(" ", "")],
        }
        yield from self.shot("identity.login-wrong-pin")

    def confirm_unasked(self, step: Any, record: dict[str, Any]) -> Any:
        if step.id != "refuse":
            return
        surface = self.surface()
        record["site_before"] = drawn_words(surface.ids.browser)
        yield from self.touch("phone.confirm")
        yield from self.frames(3)
        record["after_confirm"] = {
            "phone": drawn_words(surface.ids.phone),
            "phone_stage": surface.phone_stage,
            "same_step": self.app.screen("player").runner.step.id,
        }
        yield from self.shot("identity.refuse-confirm-unasked")

    def touch_the_link(self, step: Any, record: dict[str, Any]) -> Any:
        surface = self.surface()
        if step.id == "report":
            yield from self.touch("link.bank_codes")
            yield from self.frames(3)
            record["after_link"] = {"phone": drawn_words(surface.ids.phone), "warning": surface.warning,
                                    "same_step": self.app.screen("player").runner.step.id}
            self.measure(record)
            yield from self.shot("identity.fake_sms-link-warning")
            yield from self.touch("warning.back")
            yield from self.frames(3)
            record["after_warning_back"] = drawn_words(surface.ids.phone)
        elif step.id == "back":
            record["after_report"] = drawn_words(surface.ids.phone)
        elif step.id == "delete":
            record["menu"] = drawn_words(surface.ids.phone)


app = KioskApp(config)
app.robot = PhoneDriver(app, "identity", screenshots=SHOTS)
app.run()
