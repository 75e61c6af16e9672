"""A form field on a web page: a text field (text, email, number, date, pin) typed on the
on-screen keyboard, or a choice (radio, checkbox, select: ``choice.py``). A submit checks
each: a red message under an empty required field or one that does not match its
``pattern``, as the real site does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.actions import Action, text_matches
from kiosk.engine.surfaces.web import CHOICE_KINDS
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.typing import PracticeField
from kiosk.ui.surfaces.web.choice import ChoiceView
from kiosk.ui.surfaces.web.page import BlockView


class WebField(PracticeField):
    """A text field as wide as a site draws it (never wider than the column)."""


class FieldView(BlockView):
    FAMILIES = ("field", "option")

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self.choices = ChoiceView(surface)

    def build(self, block: Mapping[str, Any]) -> Any:
        kind = block.get("kind", "text")
        if kind in CHOICE_KINDS:
            return self.choices.build(block)
        surface = self.surface
        field = WebField(item=block, secret=kind == "pin", max_length=int(block.get("max_length", 80)))
        field.value = str(block.get("value", ""))
        surface.typist.add(f"field.{block['field']}", field)
        field.label_text, field.label_lang = surface.words(block), surface.words_lang(block)
        field.placeholder = surface.words(block, "placeholder") if "placeholder" in block else ""
        return field

    def accept(self, action: Action, target: str) -> None:
        if target.startswith("option."):
            self.choices.accept(action, target)
        elif action.kind == "type":
            field = self.surface.typist.fields.get(target)
            if field is not None:
                field.error = ""
                self.surface.typist.focus(None, confirm=False)

    def reject(self, action: Action, target: str) -> bool:
        if action.kind == "type":
            field = self.surface.typist.fields.get(target)
            if field is not None:
                self.surface.error(field, required=False)
        return True

    def wrong(self, block: Mapping[str, Any]) -> int:
        if block.get("kind", "text") in CHOICE_KINDS:
            return self.choices.wrong(block)
        field = self.surface.typist.fields[f"field.{block['field']}"]
        if block.get("required") and not field.value.strip():
            self.surface.error(field, required=True)
            return 1
        if field.value.strip() and "pattern" in block and \
                not text_matches({"pattern": block["pattern"]}, field.value):
            self.surface.error(field, required=False)
            return 1
        return 0

    def relabel(self) -> None:
        surface = self.surface
        for field in surface.typist.fields.values():
            item = field.item
            field.label_text, field.label_lang = surface.words(item), surface.words_lang(item)
            field.placeholder = surface.words(item, "placeholder") if "placeholder" in item else ""
        for field in surface.typist.fields.values():
            if field.error:
                surface.error(field, getattr(field, "error_required", False))
        self.choices.relabel()

    def messages(self) -> list[str]:
        shown = [f.error for f in self.surface.typist.fields.values() if f.error and f.get_root_window()]
        return shown + self.choices.messages()

    def seen_as(self, name: str) -> Any:
        return self.choices.seen_as(name)

    def reveal(self, name: str) -> None:
        self.choices.reveal(name)

    def leave_page(self) -> None:
        self.surface.typist.focus(None, confirm=False)
        self.choices.leave_page()


load_kv(__file__)
