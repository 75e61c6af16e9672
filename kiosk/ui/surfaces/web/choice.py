"""A choice on a web page: round buttons (radio), check boxes, or a drop-down list
(select) whose options show under its box once it is opened. Opening a list is
looking, not answering: only choosing an option is judged."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.web import Block, Field
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.page import BlockView


class ChoiceField(BoxLayout):
    """A radio, checkbox or select field: its label, its options, the site's message."""

    kind = StringProperty("radio")
    error = StringProperty("")
    error_lang = StringProperty("fr")
    is_open = BooleanProperty(False)  # a select's list is shown
    rows = ListProperty([])
    box = ObjectProperty(None, allownone=True)  # a select's closed box


class OptionRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    kind = StringProperty("radio")  # radio, checkbox, select
    selected = BooleanProperty(False)
    lit = BooleanProperty(False)


class SelectBox(ButtonBehavior, BoxLayout):
    is_open = BooleanProperty(False)
    empty = BooleanProperty(True)
    error = BooleanProperty(False)
    lit = BooleanProperty(False)


class ChoiceView(BlockView):
    """The choice fields of all pages (``FieldView`` hands them over)."""

    FAMILIES = ("option",)

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self.fields: dict[str, ChoiceField] = {}  # field id → widget
        self.chosen: dict[str, list[str]] = {}  # field id → chosen option ids

    def build(self, block: Field) -> Any:
        surface = self.surface
        ident, kind = block.id, block.kind
        choice = ChoiceField(kind=kind)
        surface.words_on(choice.ids.label, block.label)
        self.fields[ident] = choice
        self.chosen[ident] = block.chosen()
        rows = []
        for option in block.options:
            target = f"option.{ident}.{option.id}"
            row = OptionRow(kind=kind, selected=option.id in self.chosen[ident])
            surface.words_on(row.ids.words, option.label)
            row.bind(on_release=lambda r: surface.choose(r.target))
            surface.register(target, row)
            surface.items[target] = option
            rows.append(row)
        choice.rows = rows
        if kind == "select":
            box = SelectBox()
            surface.chrome_on(box.ids.placeholder, "select.placeholder")
            box.bind(on_release=lambda _b: self.toggle(ident))
            choice.box = box
            choice.ids.options.add_widget(box)
            self.show_value(ident)
        else:
            for row in rows:
                choice.ids.options.add_widget(row)
        return choice

    def accept(self, action: Action, target: str) -> None:
        self.select(*target.partition(".")[2].split(".", 1))

    def wrong(self, block: Block) -> int:
        assert isinstance(block, Field)
        if block.required and not self.chosen[block.id]:
            self.surface.error(self.fields[block.id], required=True)
            return 1
        return 0

    def relabel(self) -> None:
        for choice in self.fields.values():
            if choice.error:
                self.surface.error(choice, getattr(choice, "error_required", False))

    def messages(self) -> list[str]:
        return [c.error for c in self.fields.values() if c.error and c.get_root_window()]

    def leave_page(self) -> None:
        for ident in self.fields:
            self.close(ident)

    def toggle(self, ident: str) -> None:
        """Opening a list is looking, not answering: it is never judged."""
        self.surface.blur()
        choice = self.fields[ident]
        if choice.is_open:
            self.close(ident)
        else:
            self.open(ident)
            self.surface.scroll_into_view(choice.rows[-1])  # the list shows whole, under its box
            self.surface.scroll_into_view(choice.box)

    def open(self, ident: str) -> None:
        choice = self.fields[ident]
        if choice.kind != "select" or choice.is_open:
            return
        choice.is_open = choice.box.is_open = True
        for row in choice.rows:
            choice.ids.options.add_widget(row)

    def close(self, ident: str) -> None:
        choice = self.fields[ident]
        if choice.kind != "select" or not choice.is_open:
            return
        choice.is_open = choice.box.is_open = False
        for row in choice.rows:
            choice.ids.options.remove_widget(row)

    def show_value(self, ident: str) -> None:
        choice = self.fields[ident]
        chosen = self.chosen[ident]
        choice.box.empty = not chosen
        option = self.surface.items.get(f"option.{ident}.{chosen[0]}") if chosen else None
        if option is not None:
            self.surface.drop_words(choice.box.ids.value)
            self.surface.words_on(choice.box.ids.value, option.label)
        for row in choice.rows:
            row.selected = row.target == f"option.{ident}.{chosen[0]}" if chosen else False

    def select(self, ident: str, option: str) -> None:
        choice = self.fields[ident]
        chosen = self.chosen[ident]
        if choice.kind == "checkbox":
            if option in chosen:
                chosen.remove(option)
            else:
                chosen.append(option)
        else:
            chosen[:] = [option]
        for row in choice.rows:
            row.selected = row.target.rsplit(".", 1)[1] in chosen
        choice.error = ""
        if choice.kind == "select":
            self.show_value(ident)
            self.close(ident)

    def seen_as(self, name: str) -> Any:
        """An option of a closed list is seen as its list: "in the list …, choose …"."""
        family, _, rest = name.partition(".")
        choice = self.fields.get(rest.split(".", 1)[0]) if family == "option" else None
        if choice is not None and choice.kind == "select" and not choice.is_open:
            box = choice.box
            return box if box is not None and box.get_root_window() is not None else None
        return self.surface.target_widget(name)

    def reveal(self, name: str) -> None:
        family, _, rest = name.partition(".")
        if family == "option":
            self.open(rest.split(".", 1)[0])


load_kv(__file__)
