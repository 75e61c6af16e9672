"""Driver run in its own process by test_keyboard.py: the on-screen keyboard as a learner
meets it, at the size given (argv[3]). On the keyboard page (keyboard.words) and on a
web form (eadmin.address): which field has the keyboard when a step starts, where the
field and its message are against the keyboard's top (window coordinates), typing on
the keys without touching the field, Maj on and off, both legends of a key, a key
touched while no field has the keyboard. Writes what it observed as JSON (argv[1]),
screenshots in argv[2]."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1280x800")

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])


def box(widget: Any) -> dict[str, float]:
    """Where a widget is drawn, in window coordinates (y up)."""
    x, y = widget.to_window(widget.x, widget.y)
    return {"left": x, "bottom": y, "right": x + widget.width, "top": y + widget.height}


class KeyboardDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"window": list(Window.size)}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in("fr")

        # -- the keyboard page ---------------------------------------------------------------
        yield from self.open_scenario("keyboard.words")
        yield from self.frames(4)
        seen["words_start"] = self.state()
        yield from self.shot("words-start")
        yield from self.press("shift")
        seen["shift_on"] = self.keys()
        yield from self.shot("words-shift-on")
        for name in ("n", "a", "m", "u", "r"):  # never touching the field
            yield from self.press(name)
        seen["shift_after_a_letter"] = self.keys()
        seen["typed_without_touching"] = self.surface().typist.fields["field.city"].value
        yield from self.press("enter")
        yield Until(lambda: self.runner().step.id == "postcode", "the postcode step")
        yield from self.frames(4)
        seen["postcode_start"] = self.state()
        for name in ("shift", "&", "shift", "é", "enter"):  # "12": not a postcode
            yield from self.press(name)
        yield from self.frames(4)
        seen["postcode_refused"] = self.state()
        yield from self.shot("words-postcode-refused")
        # no field has the keyboard (e.g. after touching beside the form), then a key
        self.surface().typist.focus(None, confirm=False)
        yield from self.frames()
        seen["no_field"] = self.state()
        lit: list[bool] = []
        self.surface().typist.fields["field.postcode"].bind(lit=lambda _f, on: lit.append(on))
        yield from self.press("backspace")
        yield from self.frames()
        seen["key_with_no_field"] = self.state()
        seen["key_with_no_field"]["flashes"] = lit.count(True)
        yield from self.shot("words-key-with-no-field")
        yield 2.5  # the flashing ends
        seen["after_the_flash"] = self.state()
        seen["after_the_flash"]["flashes"] = lit.count(True)
        yield from self.press("backspace")
        for name in ("shift", "(", "shift", "à", "shift", "à", "shift", "à", "enter"):  # 5000
            yield from self.press(name)
        yield Until(lambda: app.sm.current == "results", "the results")
        seen["words_stars"] = app.screen("results").stars
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")

        # -- a web form sent too fast: the postcode field has the keyboard at once ----------------
        yield from self.open_scenario("eadmin.address")
        yield from self.frames(3)
        before = self.runner().step_index
        yield from self.right_action(self.runner().step)  # Envoyer la demande: refused
        yield Until(lambda: self.runner().step_index != before, "the send step")
        yield from self.frames(4)
        seen["web_postcode_start"] = self.state()
        yield from self.shot("web-postcode-start")
        for name in ("backspace", "backspace", "backspace", "shift", "'", "shift", "(", "shift", "à",
                     "shift", "à", "enter"):  # 4500, on the keys only
            yield from self.press(name)
        yield Until(lambda: self.runner().step.id == "moving_date", "the date step")
        yield from self.frames(4)
        seen["web_date_start"] = self.state()
        yield from self.shot("web-date-start")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- helpers ----------------------------------------------------------------------------
    def tap(self, x: float, y: float, settle: float | None = None) -> Any:
        """Quicker than a learner between touches (keeps the test short)."""
        yield from super().tap(x, y, settle=min(settle or 0.35, 0.35))

    def runner(self) -> Any:
        return self.app.screen("player").runner

    def press(self, key: str) -> Any:
        """Touch an on-screen key (a finger, through the input queue)."""
        yield from self.frames()
        widget = self.surface().target_widget(f"key.{key}")
        yield from self.tap(*self.centre(widget))
        yield from self.frames()

    def keys(self) -> dict[str, Any]:
        """What the keys show now: Maj's look, a letter, a key with two legends."""
        s = self.surface()
        shift, letter, digit = (s.target_widget(f"key.{n}") for n in ("shift", "a", "&"))
        upper, lower = digit.ids.upper, digit.ids.lower
        return {
            "shift_on": shift.shift, "shift_lit": shift.lit,
            "letter": letter.ids.single.text if letter.ids.single.opacity > 0 else None,
            "dual": [upper.text, lower.text] if digit.ids.upper.parent.opacity > 0 else None,
            "dual_upper_above": box(upper)["bottom"] >= box(lower)["top"] - 1,
            "dual_font": [upper.font_size, lower.font_size],
            "smallest_key_px": min(min(w.size) for n, w in s.targets.items() if n.startswith("key.")),
            "lowest_contrast": self.lowest_contrast()[0],
        }

    def state(self) -> dict[str, Any]:
        """The field that has the keyboard, and where it and the keyboard are drawn."""
        s = self.surface()
        field = s.typist.focused
        keyboard = s.ids.keyboard if "keyboard" in s.ids else s.keyboard
        view = s.ids.page if "page" in s.ids else s.scroll
        wanted = s.typist.fields.get(self.runner().step.expect.target or "") if not self.runner().finished \
            else None
        return {
            "step": None if self.runner().finished else self.runner().step.id,
            "focused": field.target if field is not None else None,
            "value": field.value if field is not None else None,
            "message": field.error if field is not None else None,
            "field": box(field) if field is not None else None,
            "keyboard_shown": keyboard.get_root_window() is not None,
            "keyboard": box(keyboard),
            "view": box(view),
            "step_field_lit": bool(wanted is not None and wanted.lit),
        }


app = KioskApp(config)
app.robot = KeyboardDriver(app, "keyboard", screenshots=SHOTS)
app.run()
