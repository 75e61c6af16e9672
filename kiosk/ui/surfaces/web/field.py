"""A form field on a web page: a text field (text, email, number, date, pin) typed on the
on-screen keyboard, a password with its live rules (``password.py``), or a choice (radio,
checkbox, select: ``choice.py``). A submit checks each: a red message under an empty
required field, one that does not match its ``pattern``, or a password that does not meet
all its rules, as the real site does."""

from __future__ import annotations

from typing import Any

from kiosk.engine.actions import Action, text_matches
from kiosk.engine.surfaces.web import Block, Field
from kiosk.engine.surfaces.web.rules import unmet
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.typing import PracticeField
from kiosk.ui.surfaces.web.choice import ChoiceView
from kiosk.ui.surfaces.web.page import BlockView
from kiosk.ui.surfaces.web.password import build_password


class WebField(PracticeField):
    """A text field as wide as a site draws it (never wider than the column)."""


class FieldView(BlockView):
    FAMILIES = ("field", "option")

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self.choices = ChoiceView(surface)

    def build(self, block: Field) -> Any:
        if block.choice:
            return self.choices.build(block)
        shown: Any
        if block.kind == "password":
            shown, field = build_password(self.surface, block)
        else:
            field = shown = WebField(item=block, secret=block.secret, max_length=int(block.max_length))
            field.value = "" if block.value is None else str(block.value)
        self.surface.typist.add(f"field.{block.id}", field)
        self.show_label(field)
        return shown

    def show_label(self, field: Any) -> None:
        """The words above the field and the grey example in it, in the screen's language."""
        surface, block = self.surface, field.item
        field.label_text, field.label_lang = surface.words(block.label), surface.words_lang(block.label)
        field.placeholder = surface.words(block.placeholder) if block.placeholder is not None else ""

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
                self._wrong_text(field)
        return True

    def _wrong_text(self, field: Any) -> None:
        """A password that misses one of its rules says so; any other text, the
        fixture's ``error`` (or "check this field")."""
        rules = field.item.live_rules()
        key = "password.rules" if rules and unmet(rules, field.value) else ""
        self.surface.error(field, required=False, key=key)

    def wrong(self, block: Block) -> int:
        assert isinstance(block, Field)
        if block.choice:
            return self.choices.wrong(block)
        field = self.surface.typist.fields[f"field.{block.id}"]
        if block.required and not field.value.strip():
            self.surface.error(field, required=True)
            return 1
        if field.value.strip() and block.pattern is not None and \
                not text_matches({"pattern": block.pattern}, field.value):
            self.surface.error(field, required=False)
            return 1
        if block.live_rules() and unmet(block.live_rules(), field.value):
            self.surface.error(field, required=False, key="password.rules")
            return 1
        return 0

    def relabel(self) -> None:
        surface = self.surface
        for field in surface.typist.fields.values():
            self.show_label(field)
        for field in surface.typist.fields.values():
            if field.error:
                surface.error(field, getattr(field, "error_required", False), getattr(field, "error_key", ""))
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
