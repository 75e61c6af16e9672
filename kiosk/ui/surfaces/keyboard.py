"""The keyboard surface: a form card with fields over the on-screen AZERTY keyboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import StringProperty

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.keyboard import Card
from kiosk.ui.surfaces.base import Surface, load_kv, settle
from kiosk.ui.surfaces.typing import (
    KEYBOARD_HEIGHT,
    TYPING_CHROME,
    PracticeField,
    TypingSurface,
    Typist,
    show_error,
)


class KeyboardSurface(TypingSurface, Surface):
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = TYPING_CHROME
    title = StringProperty("")
    title_lang = StringProperty("fr")
    text = StringProperty("")
    text_lang = StringProperty("fr")

    def __init__(self, fixture: Card, **kwargs: Any) -> None:
        super().__init__(fixture, **kwargs)
        self.typist = Typist(self)
        for item in fixture.fields:
            field = PracticeField(item=item, secret=item.secret or item.kind == "pin")
            self.typist.add(f"field.{item.id}", field)
            self.ids.fields.add_widget(field)
        self.ids.keyboard.height = KEYBOARD_HEIGHT
        self.ids.keyboard.build(self)
        self.ids.page.bind(height=lambda *_a: self._show_focused())
        self.relabel()
        fields = list(self.typist.fields.values())
        if len(fields) == 1:
            self.typist.focus(fields[0])  # one field: the keyboard writes in it at once

    def relabel(self) -> None:
        card = self.fixture
        self.title, self.title_lang = self.words(card.title), self.words_lang(card.title)
        self.text, self.text_lang = self.words(card.text), self.words_lang(card.text)
        for field in self.typist.fields.values() if hasattr(self, "typist") else []:
            field.label_text = self.words(field.item.label)
            field.label_lang = self.words_lang(field.item.label)
            field.placeholder = self.words(field.item.placeholder)
        if hasattr(self.ids, "keyboard") and self.ids.keyboard.surface is not None:
            self.ids.keyboard.build(self)

    def reject(self, action: Action) -> None:
        field = self.typist.fields.get(action.target or "")
        if field is not None:
            show_error(self, field)

    def accept(self, action: Action) -> None:
        field = self.typist.fields.get(action.target or "")
        if field is not None:
            field.error = ""
            others = [f for f in self.typist.fields.values() if f is not field and not f.value]
            self.typist.focus(others[0] if others else field, confirm=False)

    def field_focused(self, field: Any) -> None:
        self._show(field)
        Clock.schedule_once(lambda _dt: self._show(field), 0)  # once laid out anew

    def _show(self, field: Any, *_a: Any) -> None:
        """The page scrolls so the field, its label and its message sit above the keyboard."""
        page = self.ids.page
        if field is not self.typist.focused or page.height <= 1 or not page.children:
            return
        settle(self)  # the keyboard and the field's message may have just changed the places
        if page.children[0].height > page.height:
            page.scroll_to(field, padding=min(dp(6), max(0, (page.height - field.height) / 2)), animate=False)
            page.update_from_scroll()

    def _show_focused(self) -> None:
        field = self.typist.focused if hasattr(self, "typist") else None
        if field is not None:
            Clock.schedule_once(lambda _dt: self._show(field), 0)

    def reset_input(self) -> None:
        self.typist.forget()


SURFACE = KeyboardSurface
load_kv(__file__)
