"""How the review pages and the CSV export write times, durations, numbers and stars.

Owns the French way of showing them to EPN staff in Belgium: local time in
Europe/Brussels (UTC if the system has no time zone data), ``lundi 23 novembre 2026``,
``1 min 05 s``, ``2,5`` with a decimal comma, ``★★☆``. Pure functions, used by the
templates through :data:`FORMAT` and by the export.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONE = "Europe/Brussels"

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


@cache
def zone() -> tzinfo:
    try:
        return ZoneInfo(ZONE)
    except ZoneInfoNotFoundError:  # a system without tzdata: say UTC rather than guess
        return UTC


def local(at: datetime) -> datetime:
    return at.astimezone(zone())


def long_day(day: date | datetime) -> str:
    """``lundi 23 novembre 2026``."""
    if isinstance(day, datetime):
        day = local(day).date()
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_day(day: date | datetime) -> str:
    """``23/11/2026``."""
    if isinstance(day, datetime):
        day = local(day).date()
    return day.strftime("%d/%m/%Y")


def clock(at: datetime, *, seconds: bool = False) -> str:
    """``10:05`` (or ``10:05:12``), local time."""
    return local(at).strftime("%H:%M:%S" if seconds else "%H:%M")


def moment(at: datetime) -> str:
    """``23/11/2026 10:05``, local time."""
    return f"{short_day(at)} {clock(at)}"


def iso_local(at: datetime) -> str:
    """``2026-11-23T10:05:12.345+01:00``: local, unambiguous, to the millisecond (the CSV
    export: a kiosk's moments are often a few milliseconds apart)."""
    return local(at).isoformat(timespec="milliseconds")


def duration(seconds: float | None) -> str:
    """``45 s``, ``1 min 05 s``, ``1 h 02 min``; ``—`` when unknown."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def number(value: float | None, digits: int = 1) -> str:
    """``2,5`` (French decimal comma); ``—`` when unknown."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def percent(part: int, whole: int) -> str:
    """``40 %`` (with the French narrow space); ``—`` when there is no whole."""
    return f"{round(100 * part / whole)}\u202f%" if whole else "—"


def stars(count: int | None, out_of: int = 3) -> str:
    """``★★☆`` for 2 of 3; empty when unknown."""
    if count is None:
        return ""
    count = max(0, min(count, out_of))
    return "★" * count + "☆" * (out_of - count)


class _Format:
    """The helpers as attributes, for the templates (``fmt.duration(…)``)."""

    long_day = staticmethod(long_day)
    short_day = staticmethod(short_day)
    clock = staticmethod(clock)
    moment = staticmethod(moment)
    duration = staticmethod(duration)
    number = staticmethod(number)
    percent = staticmethod(percent)
    stars = staticmethod(stars)


FORMAT = _Format()
