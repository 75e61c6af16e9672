"""Two practice screens side by side: the main surface (a website, the computer) and a
phone-shaped surface beside it (the bank app, the messages), as a scenario declares with
``beside:`` (kiosk.engine.model.Beside).

To the player, the robot learner, the ghost hand, the hints and the learner's eye this
is one surface: its targets are the main surface's, plus the phone's under the prefix
``phone.`` (``phone.request.confirm``), so the names of the two sides never clash. An
action on the phone is sent with its prefix; an accepted or rejected action goes back to
the side that owns its target, without the prefix. The main screen's ``after`` target,
once accepted, wakes the phone (the site's payment button sends the request).

The phone stands on the right, where a learner's hand holds it beside the computer;
on a screen drawn right to left (Arabic) it stands on the left. The phone's column is
as wide as the phone needs at this height, at most 40 % of the width; beside a site with
fields to type, narrower if need be, so the site's keyboard keeps every key ≥ 64 px.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kivy.metrics import dp
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.engine.actions import Action
from kiosk.engine.model import BESIDE_PREFIX
from kiosk.ui import azerty
from kiosk.ui.assets import RTL_LANGUAGES
from kiosk.ui.surfaces.typing import KEY_HEIGHT, KEY_SPACING, KEYBOARD_PADDING

PHONE_SHARE = 0.4  # the phone's column takes at most this share of the width
PHONE_RATIO = 0.62  # a phone is this wide for its height (kiosk/ui/surfaces/bank.kv)
PHONE_LEAST = 0.25  # and never narrower than this share of the width
# the on-screen keyboard with its narrowest key 64 px wide (its widest row decides), the
# main surface's border included
KEYBOARD_WIDTH = max(sum(k.width for k in row) * KEY_HEIGHT + KEY_SPACING * (len(row) - 1)
                     for row in azerty.ROWS) + 2 * KEYBOARD_PADDING + dp(6)


class BesideSurfaces(FloatLayout):
    """The main surface and the phone beside it, seen from outside as one surface."""

    surface_language = StringProperty("fr")
    mirrored = BooleanProperty(False)

    def __init__(self, main: Any, phone: Any, after: str | None = None, **kwargs: Any) -> None:
        self.register_event_type("on_action")
        super().__init__(**kwargs)
        self.main, self.phone, self.after = main, phone, after
        for side in (main, phone):
            side.size_hint = (None, None)
            side.pos_hint = {}
            self.add_widget(side)
        main.bind(on_action=self._from_main)
        phone.bind(on_action=self._from_phone)
        self.surface_language = main.surface_language
        self.mirrored = self.surface_language in RTL_LANGUAGES
        if after is not None and hasattr(phone, "hold"):
            phone.hold()  # the request comes when the main screen sends it
        self.bind(pos=self._place, size=self._place, mirrored=self._place)

    # -- the two columns ----------------------------------------------------------------------
    def _place(self, *_a: Any) -> None:
        width = min(self.height * PHONE_RATIO + dp(16), self.width * PHONE_SHARE)
        if getattr(getattr(self.main, "typist", None), "fields", None):  # the site has a keyboard
            width = min(width, max(self.width - KEYBOARD_WIDTH, self.width * PHONE_LEAST))
        self.phone.size = (width, self.height)
        self.main.size = (self.width - width, self.height)
        phone_left = not self.mirrored
        self.main.pos = (self.x + (0 if phone_left else width), self.y)
        self.phone.pos = (self.x + (self.width - width if phone_left else 0), self.y)

    def on_surface_language(self, *_a: Any) -> None:
        for side in (self.main, self.phone):
            side.surface_language = self.surface_language
        self.mirrored = self.surface_language in RTL_LANGUAGES

    # -- names: which side, and the name there -----------------------------------------------
    def _side(self, name: str | None) -> tuple[Any, str | None]:
        if name is not None and name.startswith(BESIDE_PREFIX):
            return self.phone, name.removeprefix(BESIDE_PREFIX)
        return self.main, name

    @property
    def targets(self) -> dict[str, Any]:
        both = dict(self.main.targets)
        both.update({BESIDE_PREFIX + name: widget for name, widget in self.phone.targets.items()})
        return both

    @property
    def scroll(self) -> Any:
        return self.main.scroll

    @property
    def typist(self) -> Any:
        return getattr(self.main, "typist", None)

    def target_widget(self, name: str | None) -> Any:
        side, own = self._side(name)
        return side.target_widget(own)

    def seen_as(self, name: str) -> Any:
        side, own = self._side(name)
        return side.seen_as(own)

    def visible(self, name: str) -> bool:
        side, own = self._side(name)
        return bool(side.visible(own))

    def reveal(self, name: str) -> None:
        side, own = self._side(name)
        side.reveal(own)

    def show_step(self, action: str, target: str | None) -> None:
        """The side the step names is made ready; the other lets go of its field (the
        site's keyboard goes down while the learner works on the phone)."""
        side, own = self._side(target)
        other = self.main if side is self.phone else self.phone
        other.show_step(action, None)
        side.show_step(action, own)

    # -- actions out, results in ----------------------------------------------------------------
    def on_action(self, action: Action) -> None:
        pass

    def _from_main(self, _main: Any, action: Action) -> None:
        self.dispatch("on_action", action)

    def _from_phone(self, _phone: Any, action: Action) -> None:
        named = replace(action, target=BESIDE_PREFIX + action.target if action.target else None,
                        to=BESIDE_PREFIX + action.to if action.to else None)
        self.dispatch("on_action", named)

    def _own(self, action: Action) -> tuple[Any, Action]:
        side, own = self._side(action.target)
        if side is self.phone:
            to = action.to.removeprefix(BESIDE_PREFIX) if action.to else None
            action = replace(action, target=own, to=to)
        return side, action

    def accept(self, action: Action) -> None:
        side, own = self._own(action)
        side.accept(own)
        if side is self.main and self.after is not None and action.target == self.after \
                and hasattr(self.phone, "wake"):
            self.phone.wake()

    def reject(self, action: Action) -> None:
        side, own = self._own(action)
        side.reject(own)

    def keys_for(self, target: str, text: str, clear: bool = False) -> list[str] | None:
        """The keys the robot presses for a field: the phone's own keypad (named with its
        prefix), else what the main surface says (None: the on-screen keyboard)."""
        own_keys = getattr(self.phone, "keys_for", None)
        if target in self.phone.targets and own_keys is not None:
            keys = own_keys(target, text, clear)
            if keys is not None:
                return [BESIDE_PREFIX + key for key in keys]
        main_keys = getattr(self.main, "keys_for", None)
        return main_keys(target, text, clear) if main_keys is not None else None

    def shown_messages(self) -> list[str]:
        return [*self.main.shown_messages(), *self.phone.shown_messages()]

    def empty_spot(self) -> tuple[float, float]:
        return self.main.empty_spot()  # type: ignore[no-any-return]

    def reset_input(self) -> None:
        for side in (self.main, self.phone):
            side.reset_input()
