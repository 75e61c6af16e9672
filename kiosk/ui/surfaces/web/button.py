"""Buttons and links on a web page: a button may lead to another page and, with
``submit``, checks the page's fields first, like the real site; a link opens a page."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.web import Button, Link
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.page import BlockView


class WebButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    primary = BooleanProperty(True)
    lit = BooleanProperty(False)


class WebLink(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class ButtonView(BlockView):
    FAMILIES = ("button",)

    def build(self, block: Button) -> Any:
        button = WebButton(primary=block.style == "primary")
        self.surface.words_on(button.ids.words, block.label)
        self.surface.items[f"button.{block.id}"] = block
        button.bind(on_release=lambda b: self.surface.tap(b.target))
        self.surface.register(f"button.{block.id}", button)
        return button

    def accept(self, action: Action, target: str) -> None:
        self.press(self.surface.items[target], navigate=True)

    def reject(self, action: Action, target: str) -> bool:
        """A submit button sent with mistakes: the site's messages, the page stays."""
        if action.kind != "type" and self.surface.items[target].submit:
            self.press(self.surface.items[target], navigate=False)
        return True

    def press(self, button: Button, navigate: bool) -> None:
        """A submit button checks the page's fields first, like the real site."""
        if button.submit and not self.surface.validate():
            return
        self.surface.show_banner(False)
        if navigate and button.goto:
            self.surface.goto(str(button.goto))


class LinkView(BlockView):
    FAMILIES = ("link",)

    def build(self, block: Link) -> Any:
        link = WebLink()
        self.surface.words_on(link.ids.words, block.label)
        self.surface.items[f"link.{block.id}"] = block
        link.bind(on_release=lambda b: self.surface.tap(b.target))
        self.surface.register(f"link.{block.id}", link)
        return link

    def accept(self, action: Action, target: str) -> None:
        self.surface.goto(str(self.surface.items[target].goto))


load_kv(__file__)
