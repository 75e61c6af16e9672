"""A calendar of free times on a web page (``- calendar: visit``): its days, each with
its times (``slots``) and the ones already ``taken``. A day is ``day.<id>``, a free time
``slot.<day>.<hhmm>``; a taken time is shown, greyed, and is not a target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, check_id, check_keys
from kiosk.engine.surfaces.web.blocks import TIME_RE, Block, Gotos, near, short_id, text

_DAY_KEYS = {"id", "label", "slots", "taken"}


def slot_name(day: str, time: str) -> str:
    """``slot.tue.0930`` for 09:30 on the day ``tue``."""
    hours, minutes = time.split(":")
    return f"slot.{day}.{int(hours):02d}{minutes}"


@dataclass(frozen=True)
class Day(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("id", "id"), Key("label", "label"),
                                       Key("slots", "list", ()), Key("taken", "list", ()))
    id: str
    label: Any
    slots: tuple[str, ...]
    taken: tuple[str, ...]

    @property
    def full(self) -> bool:
        return all(t in self.taken for t in self.slots)

    def free(self) -> dict[str, str]:
        """Each free time's target → the time, as its button writes it."""
        return {slot_name(self.id, t): t for t in self.slots
                if isinstance(t, str) and TIME_RE.match(t) and t not in self.taken}


@dataclass(frozen=True)
class Calendar(Block):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("calendar", "id"), Key("label", "label", None),
                                       Key("days", "items", (), item=Day))
    ATTRIBUTES: ClassVar[dict[str, str]] = {"calendar": "id"}
    KIND = "calendar"
    id: str
    label: Any
    days: tuple[Day, ...]

    def targets(self) -> set[str]:
        return {name for day in self.days for name in (f"day.{day.id}", *day.free())}

    def labels(self) -> dict[str, Any]:
        names: dict[str, Any] = {}
        for day in self.days:
            names[f"day.{day.id}"] = day.label
            names.update(day.free())
        return names

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        short_id(block, "calendar", report, seen, "calendar")
        if "label" in block:
            text(block, "label", report)
        days = block.get("days")
        if not isinstance(days, list) or not days:
            report(block, "days" if "days" in block else "calendar", "a calendar needs 'days'",
                   "add 'days:' with '- {id: tue, label: mardi 14 mai, slots: [\"09:00\"]}'")
            return
        for i, day in enumerate(days):
            if not isinstance(day, Mapping):
                report(days, i, "a day must be a map", "write '{id: tue, label: mardi 14 mai, slots: [...]}'")
                continue
            _check_day(day, report, seen)


def _check_day(day: Mapping[str, Any], report: Report, seen: set[str]) -> None:
    check_keys(day, _DAY_KEYS, report, "a day")
    check_id(day, report, seen, "day")
    text(day, "label", report)
    slots = day.get("slots")
    times: set[str] = set()
    if not isinstance(slots, list) or not slots:
        report(day, "slots" if "slots" in day else "id", "a day needs 'slots'",
               'add \'slots: ["09:00", "09:30"]\' (the times shown that day)')
        slots = []
    for j, time in enumerate(slots):
        if not isinstance(time, str) or not TIME_RE.match(time):
            report(slots, j, f"'{time}' is not a time like 09:30",
                   'write the time in quotes, hours:minutes: "09:30"')
        elif time in times:
            report(slots, j, f"the time {time} is there twice", "keep only one")
        else:
            times.add(time)
    taken = day.get("taken", [])
    if not isinstance(taken, list):
        report(day, "taken", "'taken' must be a list of times", 'write \'taken: ["09:00"]\'')
        return
    for j, time in enumerate(taken):
        if time not in times:
            report(taken, j, f"'{time}' is not one of this day's slots", near(str(time), times, "slots"))
