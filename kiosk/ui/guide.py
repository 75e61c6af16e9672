"""Visual help drawn over the surface: a pulsing highlight and the ghost hand demo.

The ghost hand performs the expected gesture *on the real target*, then fades; the
learner still does the action. Positions come from the surface's named targets.
"""

from __future__ import annotations

from typing import Any

from kivy.animation import Animation
from kivy.app import App
from kivy.graphics import Color, Line
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.image import Image
from kivy.uix.widget import Widget

HAND = dp(130)
TIP = (0.47, 0.96)  # fingertip inside the hand picture (share of width, height)


def window_rect(widget: Any) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


class Guide(Widget):
    """Transparent layer over the player; never takes a touch."""

    pulse = NumericProperty(0.0)
    demo_running = BooleanProperty(False)
    demos_played = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rects: list[tuple[float, float, float, float]] = []
        self._pulse_anim: Animation | None = None
        self.hand = Image(size=(HAND, HAND), size_hint=(None, None), opacity=0, fit_mode="contain")
        self.add_widget(self.hand)
        with self.canvas.before:
            self._color = Color(1, 0.72, 0.01, 0)
            self._lines = [Line(width=dp(7), rounded_rectangle=(0, 0, 1, 1, dp(16)))
                           for _ in range(2)]
        self.bind(pulse=self._draw)

    def on_touch_down(self, touch: Any) -> bool:
        return False

    on_touch_move = on_touch_up = on_touch_down

    # -- highlight --------------------------------------------------------------------
    def highlight(self, *widgets: Any) -> None:
        """Light up one or two targets (a drag lights what to take and where to put it)."""
        pad = dp(14)
        self._rects = []
        for widget in widgets[: len(self._lines)]:
            x, y, w, h = window_rect(widget)
            self._rects.append((x - pad, y - pad, w + 2 * pad, h + 2 * pad))
        if self._pulse_anim is None:
            self._pulse_anim = (Animation(pulse=1.0, duration=0.6) + Animation(pulse=0.3, duration=0.6))
            self._pulse_anim.repeat = True
            self._pulse_anim.start(self)
        self._draw()

    def _draw(self, *_a: Any) -> None:
        self._color.a = 0.35 + 0.65 * self.pulse if self._rects else 0
        for i, line in enumerate(self._lines):
            rect = self._rects[i] if i < len(self._rects) else (0, 0, 0, 0)
            line.rounded_rectangle = (*rect, dp(16))

    # -- ghost hand ---------------------------------------------------------------------
    def demo(self, kind: str, source: Any, destination: Any = None, area: Any = None,
             keys: list[Any] | None = None) -> None:
        """Show ``kind`` (tap, double_tap, long_press, drag, scroll_to, choose, type, pinch) with
        the hand; for ``type`` it touches the field, then the first ``keys`` of the answer."""
        app: Any = App.get_running_app()
        self.hand.source = app.picto("hand")
        Animation.cancel_all(self.hand)
        start = (self.right - HAND * 1.2, self.y + HAND * 0.2)
        target = self._centre(source or area)
        self.hand.opacity = 0
        self._place(start)
        steps = Animation(opacity=0.9, duration=0.25)
        steps += self._move_to(target, 0.8)
        if kind in ("tap", "choose"):
            steps += self._press(0.3)
        elif kind == "double_tap":
            steps += self._press(0.18) + self._press(0.18)
        elif kind == "long_press":
            steps += Animation(size=(HAND * 0.85, HAND * 0.85), duration=0.2)
            steps += Animation(duration=1.0) + Animation(size=(HAND, HAND), duration=0.2)
        elif kind == "drag" and destination is not None:
            steps += Animation(size=(HAND * 0.85, HAND * 0.85), duration=0.2)
            steps += self._move_to(self._centre(destination), 1.2)
            steps += Animation(size=(HAND, HAND), duration=0.2)
        elif kind == "type":
            steps += self._press(0.3)
            for key in (keys or [])[:6]:
                steps += self._move_to(self._centre(key), 0.35) + self._press(0.15)
        elif kind == "pinch":
            # one hand, two fingers spreading: the hand presses, then grows as it opens
            steps += Animation(size=(HAND * 0.8, HAND * 0.8), duration=0.25)
            for _ in range(2):
                steps += Animation(size=(HAND * 1.35, HAND * 1.35), duration=0.6)
                steps += Animation(size=(HAND * 0.8, HAND * 0.8), duration=0.3)
            steps += Animation(size=(HAND, HAND), duration=0.2)
        elif kind == "scroll_to":
            low = self._centre(area, share_y=0.25)
            high = self._centre(area, share_y=0.75)
            for _ in range(2):
                steps += self._move_to(low, 0.3) + self._move_to(high, 0.5)
        steps += Animation(duration=0.3) + Animation(opacity=0, duration=0.35)
        steps.bind(on_complete=self._demo_done)
        self.demo_running = True
        steps.start(self.hand)

    def _demo_done(self, *_a: Any) -> None:
        self.demo_running = False
        self.demos_played += 1

    def _centre(self, widget: Any, share_y: float = 0.5) -> tuple[float, float]:
        if widget is None:
            return self.center
        x, y, w, h = window_rect(widget)
        return x + w / 2, y + h * share_y

    def _place(self, tip: tuple[float, float]) -> None:
        self.hand.pos = (tip[0] - HAND * TIP[0], tip[1] - HAND * TIP[1])

    def _move_to(self, tip: tuple[float, float], duration: float) -> Animation:
        return Animation(x=tip[0] - HAND * TIP[0], y=tip[1] - HAND * TIP[1], duration=duration,
                         t="in_out_quad")

    @staticmethod
    def _press(duration: float) -> Animation:
        return (Animation(size=(HAND * 0.82, HAND * 0.82), duration=duration / 2)
                + Animation(size=(HAND, HAND), duration=duration / 2))

    # -- clearing -------------------------------------------------------------------------
    def clear(self) -> None:
        self._rects = []
        if self._pulse_anim is not None:
            self._pulse_anim.cancel(self)
            self._pulse_anim = None
        Animation.cancel_all(self.hand)
        self.hand.opacity = 0
        self.demo_running = False
        self._draw()
