"""Driver run in its own process by test_phone_apps.py: a learner on the phone's apps who
touches the family group instead of Julie, the look-alike app instead of the official
one, and "Autoriser" where the torch asks for the contacts, before doing the right
thing. Writes what a learner would have seen as JSON (argv[1]); screenshots go to
argv[2]; argv[3] is the window size, argv[4] the learner's language (the practice screen
stays French)."""

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
LANGUAGE = sys.argv[4] if len(sys.argv) > 4 else "fr"


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


def drawn_pictures(widget: Any) -> list[str]:
    """The pictogram files drawn inside ``widget`` now."""
    from kivy.uix.image import Image

    return sorted({Path(child.source).stem for child in widget.walk(restrict=True)
                   if isinstance(child, Image) and child.source and child.opacity > 0
                   and child.get_root_window() is not None})


class PhoneAppsDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"language": LANGUAGE}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named(f"language.{LANGUAGE}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        for module, sids, slips in (("phone", ("phone.send_photo", "phone.install_app"),
                                     (self.group_first, self.look_alike_first)),
                                    ("protect", ("protect.app_permissions",), (self.allow_first,))):
            yield from self.tap_named(f"module.{module}")
            yield Until(lambda: app.sm.current == "scenarios", "scenarios")
            seen[f"tiles.{module}"] = [sid for sid in sids if self.find(f"scenario.{sid}") is not None]
            for sid, slip in zip(sids, slips, strict=True):
                yield from self.play(sid, slip, seen)
            yield from self.tap_named("back")
            yield Until(lambda: app.sm.current == "modules", "modules")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- one scenario: the right actions, with one learner's slip on the named step ------------
    def play(self, sid: str, slip: Any, seen: dict[str, Any]) -> Any:
        app = self.app
        yield from self.tap_named(f"scenario.{sid}")
        yield Until(lambda: app.sm.current == "player", "the player")
        player = app.screen("player")
        runner = player.runner
        record: dict[str, Any] = {"smallest_target_px": 10**6, "lowest_contrast": (99.0, "")}
        seen[sid] = record
        record["start"] = drawn_words(player.surface.ids.phone)
        record["start_pictures"] = drawn_pictures(player.surface.ids.phone)
        while not runner.finished:
            step = runner.step
            yield from self.frames()
            yield from self.heard()
            self.measure(record)
            yield from slip(step, record)
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
            record.setdefault("stage", {})[step.id] = getattr(player.surface, "stage", None)
            yield from self.frames(2)
            if not runner.finished:
                self.measure(record)
                record.setdefault("after", {})[step.id] = drawn_words(player.surface.ids.phone)
                yield from self.shot(f"{sid}-after-{step.id}")
        yield from self.frames(3)
        surface = player.surface
        record["end"] = drawn_words(surface.ids.phone)
        record["end_pictures"] = drawn_pictures(surface.ids.phone)
        record["answers"] = getattr(surface, "answers", None)
        yield from self.shot(f"{sid}-end")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        record["stars"] = app.screen("results").stars
        record["errors"] = runner.errors
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")

    def measure(self, record: dict[str, Any]) -> None:
        """What the robot learner checks on every screen: big targets, readable words."""
        record["smallest_target_px"] = min(record["smallest_target_px"], self.smallest_target())
        ratio, words = self.lowest_contrast()
        if ratio < record["lowest_contrast"][0]:
            record["lowest_contrast"] = (ratio, words)

    def slip(self, name: str, record: dict[str, Any], key: str) -> Any:
        """Touch ``name`` (the wrong thing): what the phone shows then, and the step."""
        surface = self.surface()
        widget = surface.target_widget(name)
        if widget is None:
            raise RuntimeError(f"'{name}' is not on screen")
        yield from self.tap(*self.centre(widget))
        yield from self.frames(3)
        record[key] = {"phone": drawn_words(surface.ids.phone),
                       "same_step": self.app.screen("player").runner.step.id,
                       "hint_level": self.app.screen("player").hint_level}
        yield from self.shot(key)

    # -- the slips ------------------------------------------------------------------------------------
    def group_first(self, step: Any, record: dict[str, Any]) -> Any:
        if step.id == "julie":
            yield from self.slip("group.neighbours", record, "after_group")
        elif step.id == "send":
            record["preview"] = drawn_words(self.surface().ids.phone)

    def look_alike_first(self, step: Any, record: dict[str, Any]) -> Any:
        if step.id == "official":
            yield from self.slip("app.copy", record, "after_look_alike")
        elif step.id == "open":
            surface = self.surface()
            record["install_stage_at_open_step"] = surface.stage

    def allow_first(self, step: Any, record: dict[str, Any]) -> Any:
        if step.id == "contacts":
            yield from self.slip("button.allow", record, "after_allow")
            record["after_allow"]["answers"] = dict(self.surface().answers)


app = KioskApp(config)
app.robot = PhoneAppsDriver(app, "phone", screenshots=SHOTS)
app.run()
