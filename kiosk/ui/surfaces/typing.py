"""Typing on a practice screen: text fields, the on-screen Belgian AZERTY keyboard, and
the physical keyboard, for every surface that has fields (keyboard, mail, web, phone).

What the learner types lives only in the field widget: it is judged when the field is
confirmed (Enter / OK, or touching another field or button) and then forgotten with the
attempt. It is never stored, logged or spoken.
"""

from __future__ import annotations

from typing import Any

from kivy.core.window import Window
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.ui import azerty
from kiosk.ui.surfaces.base import load_kv

# The keyboard's and the fields' own words (part of the practice screen: French unless asked).
TYPING_CHROME: dict[str, dict[str, str]] = {
    "key.shift": {"fr": "Maj", "nl": "Shift", "en": "Shift", "ar": "Shift", "tr": "Shift", "uk": "Shift"},
    "key.backspace": {"fr": "Effacer", "nl": "Wissen", "en": "Delete", "ar": "مسح", "tr": "Sil",
                      "uk": "Стерти"},
    "key.enter": {"fr": "OK", "nl": "OK", "en": "OK", "ar": "OK", "tr": "Tamam", "uk": "OK"},
    "key.space": {"fr": "espace", "nl": "spatie", "en": "space", "ar": "مسافة", "tr": "boşluk",
                  "uk": "пробіл"},
    "field.check": {"fr": "Vérifiez ce champ.", "nl": "Controleer dit veld.", "en": "Check this field.",
                    "ar": "تحقق من هذا الحقل.", "tr": "Bu alanı kontrol edin.", "uk": "Перевірте це поле."},
}

def show_error(surface: Any, field: PracticeField) -> None:
    """The site's message under a field whose answer is not right (the fixture's
    ``error``, else a plain "check this field")."""
    item = field.item or {}
    if "error" in item:
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
    secret = BooleanProperty(False)  # a PIN or password: shown as stars
    focused = BooleanProperty(False)
    error = StringProperty("")  # the site's validation message, shown under the field
    error_lang = StringProperty("fr")
    lit = BooleanProperty(False)
    item = ObjectProperty(None, allownone=True)
    max_length = NumericProperty(80)


class KeyButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    normal = StringProperty("")
    shifted = StringProperty("")
    caption = StringProperty("")
    lit = BooleanProperty(False)


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
            line = BoxLayout(spacing=dp(6))
            for key in row:
                button = KeyButton(normal=key.normal, shifted=key.shifted, size_hint_x=key.width)
                command = key.name in self.COMMANDS
                button.caption = surface.chrome(f"key.{key.name}") if command else key.normal
                button.bind(on_release=lambda b, name=key.name: self.press(name))
                surface.register(f"key.{key.name}", button)
                line.add_widget(button)
            self.add_widget(line)

    def on_shift(self, *_a: Any) -> None:
        for row in self.children:
            for button in row.children:
                key = azerty.KEYS[button.target.removeprefix("key.")]
                if key.name not in self.COMMANDS:
                    button.caption = azerty.typed(key, self.shift)

    def press(self, name: str) -> None:
        if name == "shift":
            self.shift = not self.shift
            return
        if self.surface is not None:
            self.surface.typist.key(name, self.shift)
        self.shift = False


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
        field.bind(on_release=lambda f: self.focus(f))
        return field

    def focus(self, field: PracticeField | None, confirm: bool = True) -> None:
        """Touching a field gives it the keyboard; leaving a typed field confirms it
        (``confirm=False`` when the site itself moves on, after a right answer)."""
        previous = self.focused
        if previous is field:
            return
        if previous is not None:
            previous.focused = False
            if previous.value and confirm:
                self.confirm(previous)
        self.focused = field
        if field is not None:
            field.focused = True
            field.error = ""
            self.surface.field_focused(field)
        self._listen(field is not None)

    def key(self, name: str, shift: bool) -> None:
        field = self.focused
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

    def forget(self) -> None:
        """Every typed text goes: the end of an attempt or a session."""
        for field in self.fields.values():
            field.value = ""
            field.error = ""
            field.focused = False
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


load_kv(__file__)
