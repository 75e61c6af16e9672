"""The hidden way to the animator screen: a long press in the top-left corner, then a PIN.

Learners never see it; an animator holds the corner for three seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget

HOLD_SECONDS = 3.0


class AnimatorCorner(Widget):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.size_hint = (None, None)
        self.size = (dp(90), dp(90))
        self.pos_hint = {"x": 0, "top": 1}
        self._event: Any = None

    def on_touch_down(self, touch: Any) -> bool:
        button = getattr(touch, "button", None) or "left"
        if self.collide_point(*touch.pos) and not button.startswith("scroll"):
            self._event = Clock.schedule_once(lambda _dt: self._open_pad(), HOLD_SECONDS)
            touch.ud["corner"] = True
        return False  # the touch still reaches what lies beneath

    @staticmethod
    def _open_pad() -> None:
        app: Any = App.get_running_app()
        app.finish_start()  # the pad's layout is loaded with the rest of the screens
        PinPad().open(animation=False)

    def on_touch_move(self, touch: Any) -> bool:
        if touch.ud.get("corner") and not self.collide_point(*touch.pos):
            self._cancel()
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.ud.get("corner"):
            self._cancel()
        return False

    def _cancel(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None


class PinPad(ModalView):
    """Digits, not a keyboard: works on a touch screen; the PIN is checked hashed. In
    French and the Latin font whatever the learner's language; "Annuler" closes it.

    A right PIN opens the animator screen, or calls ``on_success`` when one is given
    (an animator's task on a learner's screen, e.g. typing a picture code)."""

    entered = StringProperty("")
    message = StringProperty("")
    title = StringProperty("Animateur : code")  # what the PIN is for, e.g. "… pour imprimer"

    def __init__(self, on_success: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_success = on_success

    def press(self, digit: str) -> None:
        if len(self.entered) < 8:
            self.entered += digit

    def erase(self) -> None:
        self.entered = self.entered[:-1]

    def cancel(self) -> None:
        """"Annuler": back to the screen beneath as it was; the digits are forgotten."""
        self.entered = ""
        self.dismiss(animation=False)

    def confirm(self) -> None:
        app: Any = App.get_running_app()
        if app.kiosk_config.pin_ok(self.entered):
            self.dismiss(animation=False)
            if self.on_success is not None:
                self.on_success()
            else:
                app.go("animator")
        else:
            self.entered = ""
            self.message = "Code incorrect"
