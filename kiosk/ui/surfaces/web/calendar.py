"""A calendar of free times on a web page: the days as buttons, then that day's times;
a taken time is grey and struck through, and touching it is a miss (help comes)."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.stacklayout import StackLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.web import Calendar, slot_name
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.page import BlockView


class DayButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    selected = BooleanProperty(False)
    full = BooleanProperty(False)
    lit = BooleanProperty(False)


class SlotButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    time = StringProperty("")
    taken = BooleanProperty(False)
    selected = BooleanProperty(False)
    lit = BooleanProperty(False)


class SlotGrid(StackLayout):
    pass


class CalendarView(BlockView):
    FAMILIES = ("day", "slot")

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        # calendar id → {"widget", "days": {day id: DayButton}, "slots": {day id: [SlotButton]}, "day"}
        self.calendars: dict[str, dict[str, Any]] = {}
        self.where: dict[str, str] = {}  # day or slot target → its calendar's id

    def build(self, block: Calendar) -> Any:
        surface = self.surface
        ident = block.id
        calendar = Factory.CalendarBox()
        if block.label is not None:
            surface.words_on(calendar.ids.label, block.label)
        state: dict[str, Any] = {"widget": calendar, "days": {}, "slots": {}, "day": None}
        self.calendars[ident] = state
        for day in block.days:
            button = DayButton(full=day.full)
            surface.words_on(button.ids.words, day.label)
            surface.chrome_on(button.ids.full, "slot.full")
            button.bind(on_release=lambda b: surface.choose(b.target))
            surface.register(f"day.{day.id}", button)
            self.where[f"day.{day.id}"] = ident
            calendar.ids.days.add_widget(button)
            state["days"][day.id] = button
            slots = []
            for time in day.slots:
                slot = SlotButton(time=time, taken=time in day.taken)
                if slot.taken:
                    slot.bind(on_release=lambda _s: surface.choose(None))
                else:
                    name = slot_name(day.id, time)
                    surface.register(name, slot)
                    self.where[name] = ident
                    slot.bind(on_release=lambda s: surface.choose(s.target))
                slots.append(slot)
            state["slots"][day.id] = slots
        surface.chrome_on(calendar.ids.hint, "calendar.first")
        return calendar

    def accept(self, action: Action, target: str) -> None:
        family, _, rest = target.partition(".")
        if family == "day":
            self.show_day(self.where[target], rest)
        else:
            self.pick(target)

    def show_day(self, ident: str, day: str) -> None:
        state = self.calendars[ident]
        calendar = state["widget"]
        state["day"] = day
        for name, button in state["days"].items():
            button.selected = name == day
        grid = calendar.ids.slots
        grid.clear_widgets()
        for slot in state["slots"][day]:
            slot.selected = False
            grid.add_widget(slot)
        self.surface.drop_words(calendar.ids.hint)
        self.surface.chrome_on(calendar.ids.hint, "calendar.hours")

    def pick(self, target: str) -> None:
        state = self.calendars[self.where[target]]
        for slots in state["slots"].values():
            for slot in slots:
                slot.selected = slot.target == target


load_kv(__file__)
