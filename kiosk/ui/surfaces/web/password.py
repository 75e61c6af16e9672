"""A password field on a web page (``kind: password``), drawn as real sites draw it: the
text as dots, an **Afficher** / **Masquer** button beside it, and under it the site's
``rules`` ("8 caractères minimum", "Une lettre majuscule", "Un chiffre"), each ticked
green, with a check mark, as soon as the typed text meets it (the engine judges each
rule: ``kiosk.engine.surfaces.web.rules``). What is typed stays in the field widget."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.engine.surfaces.web import Field
from kiosk.engine.surfaces.web.rules import Rule
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.typing import PracticeField

LABEL_HEIGHT = dp(38)  # a field's label and the gap under it (typing.kv)


class PasswordInput(PracticeField):
    """The field itself: narrower than a text field, the show button stands beside it.
    ``whole`` is the field with its rules: what the page keeps above the keyboard, so the
    learner sees each rule tick while typing."""

    whole = ObjectProperty(None, allownone=True)


class ShowButton(ButtonBehavior, BoxLayout):
    """Afficher / Masquer: the typed password as dots, or as letters."""

    words = StringProperty("")
    lang = StringProperty("fr")


class RuleRow(BoxLayout):
    """One rule: an empty circle, then a green check mark once the text meets it."""

    words = StringProperty("")
    lang = StringProperty("fr")
    met = BooleanProperty(False)
    picture = StringProperty("")


class PasswordBox(BoxLayout):
    """The field and its show button, then the list of rules."""

    rows = ListProperty([])


def build_password(surface: Any, block: Field) -> tuple[PasswordBox, PasswordInput]:
    """The widgets of a password field; the field itself is what the steps name."""
    app: Any = App.get_running_app()
    box = PasswordBox()
    field = PasswordInput(item=block, secret=True, mask="•", max_length=int(block.max_length))
    field.value = "" if block.value is None else str(block.value)
    field.whole = box
    show = ShowButton()
    line = box.ids.line
    line.add_widget(field)
    column = BoxLayout(orientation="vertical", size_hint_x=None, width=show.width)
    column.add_widget(Widget(size_hint_y=None, height=LABEL_HEIGHT))  # beside the box, not the label
    column.add_widget(show)
    column.add_widget(Widget())
    line.add_widget(column)
    line.add_widget(Widget())
    field.bind(height=lambda _f, height: setattr(line, "height", height))
    line.height = field.height
    _show_words(surface, show, False)

    def toggle(_button: Any) -> None:
        field.secret = not field.secret
        _show_words(surface, show, not field.secret)

    show.bind(on_release=toggle)
    rules: list[tuple[Rule, RuleRow]] = []
    for rule in block.live_rules():
        row = RuleRow(picture=str(app.picto("check")) if app is not None else "")
        if rule.word_key:
            surface.chrome_on(row, rule.word_key)
        else:
            surface.words_on(row, rule.label)
        box.ids.rules.add_widget(row)
        rules.append((rule, row))
    box.rows = [row for _rule, row in rules]

    def tick(_field: Any, value: str) -> None:
        for rule, row in rules:
            row.met = rule.met(value)

    field.bind(value=tick)
    tick(field, field.value)
    return box, field


def _show_words(surface: Any, button: ShowButton, shown: bool) -> None:
    surface.drop_words(button)
    surface.chrome_on(button, "password.hide" if shown else "password.show")


load_kv(__file__)
