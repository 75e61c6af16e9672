"""Typing on a practice screen: text fields, the on-screen Belgian AZERTY keyboard, and
the physical keyboard, for every surface that has fields (keyboard, mail, web, phone).

What the learner types lives only in the field widget: it is judged when the field is
confirmed (Enter / OK, or touching another field or button) and then forgotten with the
attempt. It is never stored, logged or spoken.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.keyboard import TYPING_WORDS
from kiosk.ui import azerty
from kiosk.ui.surfaces.base import load_kv, said

# The keyboard's and the fields' own words (part of the practice screen: French unless asked),
# declared in kiosk.engine.surfaces.keyboard, translated in kiosk/locale.
TYPING_CHROME: Mapping[str, dict[str, str]] = TYPING_WORDS

def show_error(surface: Any, field: PracticeField) -> None:
    """The site's message under a field whose answer is not right (the fixture's
    ``error``, else a plain "check this field")."""
    item = field.item or {}
    if said(item, "error"):
        field.error, field.error_lang = surface.words(item, "error"), surface.words_lang(item, "error")
    else:
        field.error, field.error_lang = surface.chrome("field.check"), surface.chrome_lang("field.check")


class PracticeField(ButtonBehavior, BoxLayout):
    """A labelled text field, drawn like a web form field; a touch gives it the keyboard."""

    target = StringProperty("")
    label_text = StringProperty("")
    label_lang = StringProperty("fr")
    placeholder = StringProperty("")
    value = StringProperty("")  # the learner's text: in memory only
    secret = BooleanProperty(False)  # a PIN or password: shown as stars (or ``mask``)
    mask = StringProperty("*")  # what stands for each hidden character (a password: "•")
    focused = BooleanProperty(False)
    error = StringProperty("")  # the site's validation message, shown under the field
    error_lang = StringProperty("fr")
    lit = BooleanProperty(False)
    item = ObjectProperty(None, allownone=True)
    max_length = NumericProperty(80)


KEY_HEIGHT = dp(64)  # the smallest target the kiosk draws
KEY_SPACING = dp(5)
KEYBOARD_PADDING = dp(4)
# the five rows of the on-screen keyboard, with their gaps: every surface gives it this
KEYBOARD_HEIGHT = KEY_HEIGHT * len(azerty.ROWS) + KEY_SPACING * (len(azerty.ROWS) - 1) + 2 * KEYBOARD_PADDING


class KeyButton(ButtonBehavior, BoxLayout):
    """One key. A letter shows one legend, the capital while Maj is on; any other
    character key shows both, as printed on a Belgian keyboard: the Maj one above, the
    plain one below (``1`` over ``&``). The one that types now is the larger."""

    target = StringProperty("")
    normal = StringProperty("")
    shifted = StringProperty("")
    caption = StringProperty("")  # a command key's word ("Maj", "Effacer"), else ""
    caption_lang = StringProperty("fr")  # the language of ``caption`` (its font: "مسح" is Arabic)
    kind = OptionProperty("letter", options=("letter", "dual", "command"))
    shift = BooleanProperty(False)  # Maj is on (every key follows it)
    lit = BooleanProperty(False)


class ShiftKey(KeyButton):
    """Maj: an arrow and the word; when on it is lit AND its arrow is filled and its
    light is on (not colour only)."""


class OnScreenKeyboard(BoxLayout):
    """Belgian AZERTY, big keys (≥ 64 px); Shift is one press, then back (like a phone)."""

    keep_direction = True  # on a mirrored screen the keys stay where the real keys are
    shift = BooleanProperty(False)
    surface = ObjectProperty(None, allownone=True)

    COMMANDS = ("shift", "backspace", "enter", "space")

    def build(self, surface: Any) -> None:
        self.surface = surface
        self.clear_widgets()
        for row in azerty.ROWS:
            line = BoxLayout(spacing=KEY_SPACING)
            for key in row:
                kind = "command" if key.name in self.COMMANDS else _legends(key)
                button = (ShiftKey if key.name == "shift" else KeyButton)(
                    normal=key.normal, shifted=key.shifted, kind=kind, size_hint_x=key.width,
                    shift=self.shift)
                if kind == "command":
                    button.caption = surface.chrome(f"key.{key.name}")
                    button.caption_lang = surface.chrome_lang(f"key.{key.name}")
                button.bind(on_release=lambda b, name=key.name: self.press(name))
                surface.register(f"key.{key.name}", button)
                line.add_widget(button)
            self.add_widget(line)

    def on_shift(self, *_a: Any) -> None:
        for row in self.children:
            for button in row.children:
                button.shift = self.shift

    def press(self, name: str) -> None:
        if name == "shift":
            self.shift = not self.shift
            return
        if self.surface is not None:
            self.surface.typist.key(name, self.shift)
        self.shift = False


def _legends(key: azerty.Key) -> str:
    """A letter key (its capital is the same letter) shows one legend, others two."""
    one = key.normal == key.shifted or (key.normal.isalpha() and key.shifted == key.normal.upper())
    return "letter" if one else "dual"


def flash(field: PracticeField, times: int = 3) -> None:
    """Light a field on and off a few times (the amber halo of the highlight)."""
    blinks = [0]

    def blink(_dt: float) -> bool:
        blinks[0] += 1
        field.lit = blinks[0] % 2 == 1
        return blinks[0] < 2 * times

    Clock.unschedule(getattr(field, "_blink", None))
    field._blink = blink  # type: ignore[attr-defined]
    blink(0)
    Clock.schedule_interval(blink, 0.3)


class Typist:
    """Which field has the keyboard, what each key does, and when a field is confirmed."""

    def __init__(self, surface: Any) -> None:
        self.surface = surface
        self.fields: dict[str, PracticeField] = {}
        self.focused: PracticeField | None = None
        self._bound = False

    def add(self, name: str, field: PracticeField) -> PracticeField:
        self.surface.register(name, field)
        self.fields[name] = field
        field.bind(on_release=lambda f: self.touched(f))
        return field

    def touched(self, field: PracticeField) -> None:
        """The learner touched the field: its message goes (they are fixing it), it
        gets the keyboard. When the kiosk gives it the keyboard (a step starts), the
        message stays, above the keyboard, until the learner acts."""
        field.error = ""
        self.focus(field)

    def focus(self, field: PracticeField | None, confirm: bool = True) -> None:
        """Touching a field gives it the keyboard; leaving a typed field confirms it
        (``confirm=False`` when the site itself moves on, after a right answer)."""
        previous = self.focused
        if previous is field:
            return
        if previous is not None:
            previous.focused = False
            previous.unbind(height=self._resized)
            if previous.value and confirm:
                self.confirm(previous)
        self.focused = field
        if field is not None:
            field.focused = True
            self.surface.field_focused(field)
            # its message appears under it (the field grows): it stays above the keyboard
            field.bind(height=self._resized)
        self._listen(field is not None)

    def _resized(self, field: PracticeField, _height: float) -> None:
        if field is self.focused:
            Clock.schedule_once(lambda _dt: self.surface.keep_in_view(field), 0)

    def key(self, name: str, shift: bool) -> None:
        field = self.focused
        if field is None:
            field = self.no_field()
            if field is None:
                return
        if name == "backspace":
            field.value = field.value[:-1]
        elif name == "enter":
            self.confirm(field)
        else:
            char = azerty.typed(azerty.KEYS[name], shift)
            if len(field.value) < field.max_length:
                field.value += char

    def confirm(self, field: PracticeField) -> None:
        self.surface.emit(Action("type", target=field.target, text=field.value))

    def no_field(self) -> PracticeField | None:
        """A key touched while no field has the keyboard: never nothing. The field the
        step names takes the keyboard, flashes, and the key writes in it; with no such
        field, the fields on screen flash ("touch one of these first")."""
        wanted = getattr(self.surface, "step_field", lambda: None)()
        if wanted is not None:
            self.focus(wanted, confirm=False)
            flash(wanted)
            return wanted
        for field in self.fields.values():
            if field.get_root_window() is not None and field.opacity > 0:
                flash(field)
        return None

    def forget(self) -> None:
        """Every typed text goes: the end of an attempt or a session."""
        for field in self.fields.values():
            field.value = ""
            field.error = ""
            field.focused = False
            field.unbind(height=self._resized)
        self.focused = None
        self._listen(False)

    # -- the physical keyboard ---------------------------------------------------------------
    def _listen(self, on: bool) -> None:
        if on and not self._bound:
            Window.bind(on_textinput=self._on_text, on_key_down=self._on_key)
            self._bound = True
        elif not on and self._bound:
            Window.unbind(on_textinput=self._on_text, on_key_down=self._on_key)
            self._bound = False

    def _on_text(self, _window: Any, text: str) -> bool:
        field = self.focused
        if field is None or field.get_root_window() is None:
            return False
        field.value = (field.value + text)[: int(field.max_length)]
        return True

    def _on_key(self, _window: Any, key: int, *_a: Any) -> bool:
        field = self.focused
        if field is None or field.get_root_window() is None:
            return False
        if key == 8:  # backspace
            field.value = field.value[:-1]
            return True
        if key in (13, 271):  # enter, keypad enter
            self.confirm(field)
            return True
        return False


class TypingSurface:
    """Mixed into every surface that has fields (before ``Surface``): a step that asks
    to type gives its field the keyboard at once, and the focused field with its message
    is kept above the on-screen keyboard."""

    typist: Typist

    def show_step(self, action: str, target: str | None) -> None:
        super().show_step(action, target)  # type: ignore[misc]
        field = self.step_field()
        if field is not None:
            self.typist.focus(field, confirm=False)

    def step_field(self) -> PracticeField | None:
        """The field the step being shown types in, when it is on screen."""
        if getattr(self, "step_action", "") != "type":
            return None
        field = self.typist.fields.get(getattr(self, "step_target", None) or "")
        return field if self.holds(field) else None  # type: ignore[attr-defined]

    def keep_in_view(self, field: PracticeField) -> None:
        """The focused field grew (its message): scroll it above the keyboard again."""
        if field is self.typist.focused:
            self.field_focused(field)  # type: ignore[attr-defined]


load_kv(__file__)
