"""A smartphone drawn on the practice screen, shared by the phone surfaces (``phone_id``,
``sms``): a dark rounded body, a status bar with the time, and a screen the surface
fills with one page at a time (``PhoneFrame.show``).

Also what the phone surfaces share about touches: a big button drawn like an app's
(``PhoneButton``), a row that knows a tap from a long press (``PressRow``), and the rule
that a touch on nothing that can be touched is a miss (``PhoneSurface``).
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.ui.palette import INK, WHITE
from kiosk.ui.surfaces.base import Surface, load_kv

# Colours on the phone's screen (its body is drawn in phone.kv); text on them is INK.
APP_BAND = INK  # an app's title band: WHITE words on it
CONFIRM = (0.80, 0.93, 0.82, 1)  # INK on it: 12.6:1
REFUSE = (0.99, 0.86, 0.85, 1)  # INK on it: 12.0:1
NOTICE = (1.0, 0.93, 0.70, 1)  # a calm explanation; INK on it: 13.3:1


class PhoneFrame(BoxLayout):
    """The phone: its body, the status bar and one page on its screen."""

    clock = StringProperty("09:41")
    unit = NumericProperty(20)  # the phone's text size; pages scale with it

    def show(self, page: Any) -> None:
        """Put ``page`` on the screen (a page taken off leaves the window: its targets
        are no longer visible to the player or the robot)."""
        screen = self.ids.screen
        if page is not None and page.parent is screen:
            return
        screen.clear_widgets()
        if page is not None:
            if page.parent is not None:
                page.parent.remove_widget(page)
            page.size_hint = (1, 1)
            page.pos_hint = {"x": 0, "y": 0}
            screen.add_widget(page)


class PhoneButton(ButtonBehavior, BoxLayout):
    """A big button on a phone screen: words, and a picture when given."""

    target = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")
    picture = StringProperty("")
    back_color = ColorProperty(WHITE)
    text_color = ColorProperty(INK)
    font_size = NumericProperty(24)
    bold = BooleanProperty(True)


class PressRow(ButtonBehavior, BoxLayout):
    """A row that is touched (``on_tap``) or held (``on_hold``): a finger kept still for
    ``hold_time``, or the mouse's right button, as on a phone's list."""

    target = StringProperty("")
    hold_time = NumericProperty(0.6)

    def __init__(self, **kwargs: Any) -> None:
        self.register_event_type("on_tap")
        self.register_event_type("on_hold")
        super().__init__(**kwargs)

    def on_tap(self) -> None:
        pass

    def on_hold(self) -> None:
        pass

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos) or self.disabled:
            return False
        button = getattr(touch, "button", None) or "left"
        if button.startswith("scroll"):
            return False
        touch.grab(self)
        self.state = "down"
        touch.ud[self] = {"held": False, "event": None}
        if button == "right":
            touch.ud[self]["held"] = True
            self.dispatch("on_hold")
        elif touch.device != "mouse":
            touch.ud[self]["event"] = Clock.schedule_once(lambda _dt: self._hold(touch), self.hold_time)
        return True

    def _hold(self, touch: Any) -> None:
        state = touch.ud.get(self)
        if state is not None and not state["held"]:
            state["held"] = True
            self.dispatch("on_hold")

    def on_touch_move(self, touch: Any) -> bool:
        return touch.grab_current is self

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        self.state = "normal"
        state = touch.ud.pop(self, None) or {}
        if state.get("event") is not None:
            state["event"].cancel()
        if not state.get("held") and self.collide_point(*touch.pos):
            self.dispatch("on_tap")
        return True


def touched_nothing(surface: Any, touch: Any) -> bool:
    """True when ``touch`` (in the surface's coordinates) is on no button, field, key or
    target: the learner touched an empty part of the screen."""
    button = getattr(touch, "button", None) or "left"
    if button.startswith("scroll") or not surface.collide_point(*touch.pos):
        return False
    wx, wy = surface.to_window(*touch.pos)
    targets = {id(w) for w in surface.targets.values()}
    for widget in surface.walk(restrict=True):
        if widget is surface or widget.opacity <= 0:
            continue
        if isinstance(widget, ButtonBehavior) or id(widget) in targets:
            if widget.collide_point(*widget.to_widget(wx, wy)):
                return False
    return True


class PhoneSurface(Surface):
    """Base of the phone surfaces: a touch on nothing that can be touched is a miss."""

    def on_touch_down(self, touch: Any) -> bool:
        handled = super().on_touch_down(touch)
        if touched_nothing(self, touch):
            self.emit(Action("tap", target=None))
            return True
        return bool(handled)

    def unpark(self) -> None:
        """Take the kv's pages off its ``parking`` (a phone shows one page at a time) and
        keep every widget with an id alive: kv ids are weak references."""
        ids = self.ids
        self._pages = [widget.__self__ for widget in ids.values()]
        for page in list(ids.parking.children):
            ids.parking.remove_widget(page)

    def register_buttons(self, *names: str) -> None:
        """The kv's fixed buttons as targets: ``button.send`` is the widget of id ``button_send``."""
        for name in names:
            self.register(name, self.ids[name.replace(".", "_")])


load_kv(__file__)
