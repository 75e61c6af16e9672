"""What the passport drivers share: quick presses on the kiosk's own buttons, and a
look at each screen (a screenshot, the smallest touch target, the weakest contrast, the
words cut).

Import it after ``prepare_kivy`` (it is a mixin for :class:`kiosk.ui.robot.Robot`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior

PRESS_SETTLE = 0.35  # between two taps: no need to wait out the double-click window


class Looking:
    app: Any
    screenshots: Path | None
    _shot: int

    def tap(self, x: float, y: float, settle: float = PRESS_SETTLE) -> Any:
        """Every tap, in exercises too, waits less than the robot's default (as the mail
        and web drivers do); a deliberate double tap still passes a shorter settle."""
        yield from super().tap(x, y, settle=min(settle, PRESS_SETTLE))  # type: ignore[misc]

    def press(self, name: str) -> Any:
        """Touch the button called ``name`` (a learner's finger, through the input queue)."""
        yield from self.tap_named(name)  # type: ignore[attr-defined]

    def look(self, label: str, seen: dict[str, Any]) -> Any:
        """A screenshot, and the checks every learner screen keeps: big targets, contrast."""
        yield from self.frames(2)  # type: ignore[attr-defined]
        yield from self.shot(label)  # type: ignore[attr-defined]
        assert self.screenshots is not None
        seen["shots"][label] = str(self.screenshots / f"{self._shot:02d}-{label}.png")
        seen.setdefault("targets", {})[label] = self.smallest_button()
        seen.setdefault("contrast", {})[label] = self.lowest_contrast()  # type: ignore[attr-defined]
        seen.setdefault("cut", {})[label] = self.cut_words()

    def cut_words(self) -> list[str]:
        """The words of every label on screen (popups too) that are cut (learner's eye)."""
        from kivy.uix.label import Label

        from kiosk.ui.learners_eye import words_cut

        cut: list[str] = []
        stack = [self.app.sm.current_screen, *[w for w in Window.children if w is not self.app.root]]
        while stack:
            widget = stack.pop()
            if widget.opacity <= 0:
                continue
            if isinstance(widget, Label) and widget.text.strip() and words_cut(widget):
                cut.append(widget.text)
            stack.extend(widget.children)
        return cut

    def smallest_button(self) -> list[Any]:
        """[side in px, name] of the smallest touchable thing on screen (popups too)."""
        smallest: list[Any] = [10**6, ""]
        stack = [self.app.sm.current_screen, *[w for w in Window.children if w is not self.app.root]]
        while stack:
            widget = stack.pop()
            if widget.opacity <= 0 or widget.disabled:
                continue
            if isinstance(widget, ButtonBehavior) and min(widget.size) < smallest[0]:
                smallest = [min(widget.size), getattr(widget, "name", "")]
            stack.extend(widget.children)
        return smallest
