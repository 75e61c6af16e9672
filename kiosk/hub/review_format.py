"""How the hub's pages and the CSV export write times, durations, numbers and stars.

Owns the way of showing them to EPN staff in Belgium: local time in Europe/Brussels
(UTC if the system has no time zone data); days, times and numbers as the page
language's Babel locale writes them (``lundi 23 novembre 2026`` / ``maandag 23
november 2026``, ``2,5`` / ``2.5``); ``1 min 05 s`` (the same units in fr, nl and en);
``★★☆``. Pure functions: the templates reach them as filters (:mod:`kiosk.hub.templating`),
the export uses :func:`iso_local`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent

ZONE = "Europe/Brussels"


@cache
def zone() -> tzinfo:
    try:
        return ZoneInfo(ZONE)
    except ZoneInfoNotFoundError:  # a system without tzdata: say UTC rather than guess
        return UTC


def local(at: datetime) -> datetime:
    return at.astimezone(zone())


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


def date_text(day: date | datetime, format: str, locale: str) -> str:
    """A day as ``locale`` writes it (Babel): ``full`` is ``lundi 23 novembre 2026``."""
    if isinstance(day, datetime):
        day = local(day).date()
    return format_date(day, format, locale=locale)


def datetime_text(at: datetime, format: str, locale: str) -> str:
    """A moment in local time as ``locale`` writes it: ``medium`` is ``23 nov. 2026, 10:05:12``."""
    return format_datetime(at, format, tzinfo=zone(), locale=locale)


def time_text(at: datetime, format: str, locale: str) -> str:
    """A local time of day: ``short`` is ``10:05``, ``medium`` ``10:05:12``."""
    return format_time(at, format, tzinfo=zone(), locale=locale)


def decimal_text(value: float | None, locale: str) -> str:
    """``2,5`` (fr, nl) or ``2.5`` (en), one decimal at most; ``—`` when unknown."""
    return "—" if value is None else format_decimal(value, "#,##0.#", locale=locale)


def percent_text(part: int, whole: int, locale: str) -> str:
    """``40 %`` (fr) or ``40%``; ``—`` when there is no whole."""
    return format_percent(part / whole, locale=locale) if whole else "—"


def stars(count: int | None, out_of: int = 3) -> str:
    """``★★☆`` for 2 of 3; empty when unknown."""
    if count is None:
        return ""
    count = max(0, min(count, out_of))
    return "★" * count + "☆" * (out_of - count)
