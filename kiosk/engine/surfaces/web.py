"""The web surface's engine side: pages a trainer declares in YAML (an online booking, a
form with the site's own error messages, a document to download and open) as typed blocks,
their check, targets and words, and what the guide says about it. scenarios/README.md
("Worked example: an online procedure without code") explains every key."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import (
    Report,
    SurfaceSpec,
    TargetName,
    check_id,
    check_keys,
    check_label,
    register,
    six,
)

_KEYS = {"site", "pages"}
_SITE_KEYS = {"name", "pictogram"}
_PAGE_KEYS = {"id", "address", "secure", "title", "blocks"}
TEXT_KINDS = ("text", "email", "number", "date", "pin")
CHOICE_KINDS = ("select", "radio", "checkbox")
FIELD_KINDS = TEXT_KINDS + CHOICE_KINDS
NOTICE_KINDS = ("success", "info", "warning")
BUTTON_STYLES = ("primary", "secondary")
# each block is named by its first key; the other keys it may have
BLOCKS: dict[str, set[str]] = {
    "heading": set(),
    "text": set(),
    "notice": {"kind"},
    "summary": set(),
    "field": {"kind", "label", "placeholder", "value", "options", "required", "pattern", "error",
              "max_length"},
    "button": {"label", "goto", "submit", "style"},
    "link": {"label", "goto"},
    "calendar": {"label", "days"},
    "download": {"label", "file", "size", "document"},
}
_DAY_KEYS = {"id", "label", "slots", "taken"}
_DOCUMENT_KEYS = {"title", "lines"}
TIME_RE = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")

# The browser frame's own words on a target (the UI draws them; scenario texts refer to them).
WORDS: dict[str, dict[str, str]] = {
    "viewer.close": six("Fermer", "Sluiten", "Close", "إغلاق", "Kapat", "Закрити"),
}


def _text(node: Any, key: Any, report: Report) -> None:
    """Words shown on the page: a text, or a map of languages with at least French (a
    text cut at an unquoted comma is found for every surface: kiosk.engine.texts)."""
    check_label(node, key, report)


def block_kind(block: Mapping[str, Any]) -> str | None:
    """What a block is: the first of its keys that names a kind of block."""
    for key in block:
        if key in BLOCKS:
            return str(key)
    return None


def slot_name(day: str, time: str) -> str:
    """``slot.tue.0930`` for 09:30 on the day ``tue``."""
    hours, minutes = time.split(":")
    return f"slot.{day}.{int(hours):02d}{minutes}"


def _near(name: str, names: set[str], what: str) -> str:
    close = difflib.get_close_matches(name, sorted(names), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"the {what}: {', '.join(sorted(names))}" if names else f"add it under '{what}'"


def _flag(node: Mapping[str, Any], key: str, report: Report) -> None:
    if key in node and not isinstance(node[key], bool):
        report(node, key, f"'{key}' must be true or false", f"write '{key}: true' or '{key}: false'")


def _name(block: Mapping[str, Any], kind: str, report: Report, seen: set[str], family: str) -> str | None:
    """The id after the block's kind (``field: postcode``), unique within its family."""
    ident = block.get(kind)
    if not isinstance(ident, str) or not ID_RE.match(ident):
        report(block, kind, f"'{kind}:' needs a short id",
               f"write e.g. '{kind}: postcode' (lower-case letters, digits, '_')")
        return None
    name = f"{family}.{ident}"
    if name in seen:
        report(block, kind, f"duplicate id '{ident}'", f"give each {kind} its own id")
    seen.add(name)
    return ident


def _check_options(block: Mapping[str, Any], field: str, report: Report) -> set[str]:
    options = block.get("options")
    if not isinstance(options, list) or not options:
        report(block, "options" if "options" in block else "field",
               f"a '{block.get('kind')}' field needs 'options'",
               "add 'options: [{id: yes, label: Oui}, {id: no, label: Non}]'")
        return set()
    seen: set[str] = set()
    for i, option in enumerate(options):
        if not isinstance(option, Mapping):
            report(options, i, "an option must be a map", "write '{id: yes, label: Oui}'")
            continue
        check_keys(option, {"id", "label"}, report, "an option")
        check_id(option, report, seen, f"option.{field}")
        _text(option, "label", report)
    return {s.rsplit(".", 1)[1] for s in seen}


def _check_field(block: Mapping[str, Any], report: Report, seen: set[str]) -> None:
    ident = _name(block, "field", report, seen, "field")
    _text(block, "label", report)
    kind = block.get("kind", "text")
    if kind not in FIELD_KINDS:
        report(block, "kind", f"unknown field kind '{kind}'", f"use one of: {', '.join(FIELD_KINDS)}")
        return
    for key in ("placeholder", "error"):
        if key in block:
            _text(block, key, report)
    _flag(block, "required", report)
    if "pattern" in block:
        try:
            re.compile(str(block["pattern"]))
        except re.error as exc:
            report(block, "pattern", f"the pattern is not valid ({exc})", "fix the regular expression")
    if kind in CHOICE_KINDS:
        for key in ("placeholder", "pattern", "max_length"):
            if key in block:
                report(block, key, f"a '{kind}' field has no '{key}'", "remove it")
        names = _check_options(block, str(ident), report)
        value = block.get("value")
        values = value if isinstance(value, list) and kind == "checkbox" else [value]
        if "value" in block:
            for v in values:
                if not isinstance(v, str) or (names and v not in names):
                    report(block, "value", f"'{v}' is not one of the options",
                           _near(str(v), names, "options"))
    else:
        if "options" in block:
            report(block, "options", f"a '{kind}' field has no 'options'",
                   "use 'kind: select', 'radio' or 'checkbox' for a choice")
        if "value" in block and not isinstance(block["value"], (str, int, float)):
            report(block, "value", "'value' must be a text", 'write e.g. \'value: "4000"\'')
        length = block.get("max_length", 80)
        if not isinstance(length, int) or isinstance(length, bool) or length < 1:
            report(block, "max_length", "'max_length' must be a whole number", "write 'max_length: 4'")


def _check_calendar(block: Mapping[str, Any], report: Report, seen: set[str]) -> None:
    _name(block, "calendar", report, seen, "calendar")
    if "label" in block:
        _text(block, "label", report)
    days = block.get("days")
    if not isinstance(days, list) or not days:
        report(block, "days" if "days" in block else "calendar", "a calendar needs 'days'",
               "add 'days:' with '- {id: tue, label: mardi 14 mai, slots: [\"09:00\"]}'")
        return
    for i, day in enumerate(days):
        if not isinstance(day, Mapping):
            report(days, i, "a day must be a map", "write '{id: tue, label: mardi 14 mai, slots: [...]}'")
            continue
        check_keys(day, _DAY_KEYS, report, "a day")
        check_id(day, report, seen, "day")
        _text(day, "label", report)
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
            continue
        for j, time in enumerate(taken):
            if time not in times:
                report(taken, j, f"'{time}' is not one of this day's slots",
                       _near(str(time), times, "slots"))


def _check_download(block: Mapping[str, Any], report: Report, seen: set[str]) -> None:
    _name(block, "download", report, seen, "download")
    _text(block, "label", report)
    name = block.get("file")
    if not isinstance(name, str) or not name.strip() or "/" in name:
        report(block, "file" if "file" in block else "download", "a download needs its 'file' name",
               "write e.g. 'file: attestation.pdf' (the name shown once downloaded)")
    if "size" in block and not isinstance(block["size"], str):
        report(block, "size", "'size' must be a text", "write e.g. 'size: 84 Ko'")
    document = block.get("document")
    if not isinstance(document, Mapping):
        report(block, "document" if "document" in block else "download",
               "a download needs the 'document' it opens", "add 'document: {title: ..., lines: [...]}'")
        return
    check_keys(document, _DOCUMENT_KEYS, report, "a document")
    _text(document, "title", report)
    lines = document.get("lines", [])
    if not isinstance(lines, list):
        report(document, "lines", "'lines' must be a list of texts", "write '- ...' under 'lines:'")
        return
    for i, line in enumerate(lines):
        if not (isinstance(line, str) or (isinstance(line, Mapping) and "fr" in line)):
            report(lines, i, "a line must be a text", "write the words, or a map with at least 'fr:'")


def _check_summary(block: Mapping[str, Any], report: Report) -> None:
    rows = block.get("summary")
    if not isinstance(rows, list) or not rows:
        report(block, "summary", "a summary is a list of rows", "write '- {label: Service, value: ...}'")
        return
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            report(rows, i, "a row must be a map", "write '{label: Service, value: Passeport}'")
            continue
        check_keys(row, {"label", "value"}, report, "a summary row")
        _text(row, "label", report)
        _text(row, "value", report)


def _check_block(block: Any, blocks: list[Any], i: int, report: Report, seen: set[str],
                 gotos: list[tuple[Mapping[str, Any], str]]) -> None:
    if not isinstance(block, Mapping):
        report(blocks, i, "a block must be a map", "start it with what it is, e.g. '- heading: ...'")
        return
    kind = block_kind(block)
    if kind is None:
        report(blocks, i, "this block does not say what it is",
               f"start it with one of: {', '.join(BLOCKS)}")
        return
    others = [k for k in block if k in BLOCKS and k != kind]
    if others:
        report(block, others[0], f"one block cannot be both '{kind}' and '{others[0]}'",
               "start a new block with '- ' for each thing on the page")
        return
    check_keys(block, BLOCKS[kind] | {kind}, report, f"a '{kind}' block")
    if kind in ("heading", "text", "notice"):
        _text(block, kind, report)
        if kind == "notice" and block.get("kind", "success") not in NOTICE_KINDS:
            report(block, "kind", f"unknown notice kind '{block.get('kind')}'",
                   f"use one of: {', '.join(NOTICE_KINDS)}")
    elif kind == "summary":
        _check_summary(block, report)
    elif kind == "field":
        _check_field(block, report, seen)
    elif kind == "calendar":
        _check_calendar(block, report, seen)
    elif kind == "download":
        _check_download(block, report, seen)
    else:  # button, link
        _name(block, kind, report, seen, kind)
        _text(block, "label", report)
        if kind == "button":
            _flag(block, "submit", report)
            if block.get("style", "primary") not in BUTTON_STYLES:
                report(block, "style", f"unknown button style '{block.get('style')}'",
                       f"use one of: {', '.join(BUTTON_STYLES)}")
        goto = block.get("goto")
        if goto is None and kind == "link":
            report(block, "link", "a link needs the page it opens", "add 'goto: <the id of a page>'")
        elif goto is not None:
            gotos.append((block, str(goto)))


def _check_address(page: Mapping[str, Any], report: Report) -> None:
    address = page.get("address")
    if not isinstance(address, str) or not address.strip():
        report(page, "address" if "address" in page else "id", "missing 'address'",
               "write the web address, e.g. 'address: www.tilleul-sur-meuse.example/rendez-vous'")
    elif "://" in address or " " in address.strip():
        report(page, "address", f"'{address}' is not written like an address bar shows it",
               "write it without 'https://' and without spaces: the padlock says https")


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    site = fixture.get("site")
    if site is not None:
        if not isinstance(site, Mapping):
            report(fixture, "site", "'site' must be a map", "write 'site: {name: ..., pictogram: ...}'")
        else:
            check_keys(site, _SITE_KEYS, report, "the site")
            _text(site, "name", report)
    pages = fixture.get("pages")
    if not isinstance(pages, list) or not pages:
        report(fixture, "pages" if "pages" in fixture else None, "the web surface has no page",
               "add 'pages:' with at least one '- id: ...' (address, title, blocks)")
        return
    seen: set[str] = set()
    page_ids: set[str] = set()
    gotos: list[tuple[Mapping[str, Any], str]] = []
    for i, page in enumerate(pages):
        if not isinstance(page, Mapping):
            report(pages, i, "a page must be a map", "write 'id:', 'address:', 'title:' and 'blocks:'")
            continue
        check_keys(page, _PAGE_KEYS, report, "a page")
        check_id(page, report, seen, "page")
        if isinstance(page.get("id"), str):
            page_ids.add(page["id"])
        _check_address(page, report)
        _flag(page, "secure", report)
        _text(page, "title", report)
        blocks = page.get("blocks")
        if not isinstance(blocks, list) or not blocks:
            report(page, "blocks" if "blocks" in page else "id", "the page shows nothing",
                   "add 'blocks:' with e.g. '- heading: ...'")
            continue
        for j, block in enumerate(blocks):
            _check_block(block, blocks, j, report, seen, gotos)
    for block, goto in gotos:
        if goto not in page_ids:
            report(block, "goto", f"there is no page '{goto}'", _near(goto, page_ids, "pages"))
    _check_reached(pages, gotos, report)


def _check_reached(pages: list[Any], gotos: list[tuple[Mapping[str, Any], str]], report: Report) -> None:
    """Every page can be reached from the first, through buttons and links: a page
    nothing leads to is one the learner never sees (and a step there, a dead end)."""
    leads: dict[str, set[str]] = {}  # page id → the pages its buttons and links open
    for page in pages:
        if isinstance(page, Mapping) and isinstance(page.get("id"), str):
            blocks = page.get("blocks")
            on_page = {id(b) for b in blocks} if isinstance(blocks, list) else set()
            leads[page["id"]] = {goto for block, goto in gotos if id(block) in on_page}
    if not leads:
        return
    first = next(iter(leads))
    reached, todo = {first}, [first]
    while todo:
        for goto in leads.get(todo.pop(), set()) - reached:
            reached.add(goto)
            todo.append(goto)
    for page in pages:
        if isinstance(page, Mapping) and page.get("id") in leads and page["id"] not in reached:
            report(page, "id", f"no button or link leads to the page '{page['id']}': "
                   "the learner can never see it",
                   f"add a button or link with 'goto: {page['id']}' on a page the learner sees, "
                   "or remove the page")


def pages(fixture: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [p for p in fixture.get("pages") or [] if isinstance(p, Mapping)]


def blocks(page: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [b for b in page.get("blocks") or [] if isinstance(b, Mapping) and block_kind(b)]


def _block_targets(block: Mapping[str, Any]) -> set[str]:
    kind = block_kind(block)
    ident = block.get(kind or "")
    if kind == "field":
        if block.get("kind", "text") in CHOICE_KINDS:
            return {f"option.{ident}.{o.get('id')}" for o in block.get("options") or []
                    if isinstance(o, Mapping)}
        return {f"field.{ident}"}
    if kind in ("button", "link"):
        return {f"{kind}.{ident}"}
    if kind == "download":
        return {f"download.{ident}", f"file.{ident}", "viewer.close"}
    if kind == "calendar":
        out: set[str] = set()
        for day in block.get("days") or []:
            if not isinstance(day, Mapping):
                continue
            out.add(f"day.{day.get('id')}")
            taken = set(day.get("taken") or [])
            out |= {slot_name(str(day.get("id")), t) for t in day.get("slots") or []
                    if isinstance(t, str) and TIME_RE.match(t) and t not in taken}
        return out
    return set()


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return {name for page in pages(fixture) for block in blocks(page) for name in _block_targets(block)}


def _gestures(fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """What a learner does on a target: type in a field, choose a choice, tap the rest
    (scrolling to any of them is always fine)."""
    family = target.split(".", 1)[0]
    if family == "field":
        return ("type", "scroll_to")
    if family in ("option", "day", "slot"):
        return ("choose", "scroll_to")
    return ("tap", "scroll_to")


def _block_labels(block: Mapping[str, Any]) -> dict[str, Any]:
    """The words on a block's targets. A choice field's own label is ``field.<id>`` too
    ("Dans la liste <field.availability>"): words on the screen, though not a target."""
    kind = block_kind(block)
    ident = block.get(kind or "")
    names: dict[str, Any] = {}
    if kind == "field":
        names[f"field.{ident}"] = block.get("label")
        for option in block.get("options") or []:
            if isinstance(option, Mapping):
                names[f"option.{ident}.{option.get('id')}"] = option.get("label")
    elif kind in ("button", "link"):
        names[f"{kind}.{ident}"] = block.get("label")
    elif kind == "download":
        names[f"download.{ident}"] = block.get("label")
        names[f"file.{ident}"] = block.get("file")
        names["viewer.close"] = WORDS["viewer.close"]
    elif kind == "calendar":
        for day in block.get("days") or []:
            if not isinstance(day, Mapping):
                continue
            names[f"day.{day.get('id')}"] = day.get("label")
            taken = set(day.get("taken") or [])
            for time in day.get("slots") or []:
                if isinstance(time, str) and TIME_RE.match(time) and time not in taken:
                    names[slot_name(str(day.get("id")), time)] = time  # as the button writes it
    return {n: w for n, w in names.items() if w}


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    return {name: words for page in pages(fixture) for block in blocks(page)
            for name, words in _block_labels(block).items()}


GUIDE = """\
Web pages you declare, in a browser frame (a tab, the address bar with its padlock):
headings and texts, form fields that the site checks like a real one, choices, a calendar
of free times, documents to download and open in a viewer. Nothing is ever sent; use the
commune "Tilleul-sur-Meuse" and addresses ending in `.example`.

The chapter "Worked example: an online procedure without code" explains every key of a
page, a block and a field, and builds a form step by step. The worked example here is the
smallest form: one field the site checks, one button. Any target below may also be the
target of a `scroll_to` step ("scroll down to ...")."""

TARGETS = (
    TargetName(("field.<id>",), "a text field — `field.postcode`", ("type",)),
    TargetName(("option.<field>.<option>",),
               "a choice in a `radio`, `checkbox` or `select` field — `option.what.furniture`", ("choose",)),
    TargetName(("day.<day>",), "a day of a calendar — `day.tue`", ("choose",)),
    TargetName(("slot.<day>.<hhmm>",), "a free time that day — `slot.tue.1030` for 10:30 "
               "(a taken time is not a target)", ("choose",)),
    TargetName(("button.<id>",), "a button — `button.send`", ("tap",)),
    TargetName(("link.<id>",), "a link — `link.documents`", ("tap",)),
    TargetName(("download.<id>",), "a document's download link", ("tap",)),
    TargetName(("file.<id>",), "the same document, downloaded, in the bar at the bottom", ("tap",)),
    TargetName(("viewer.close",), "**Fermer** in the document viewer", ("tap",)),
)

register(SurfaceSpec("web", _check, _targets, _gestures, _labels,
                     summary="web pages you declare: fields, choices, a calendar of free slots, downloads",
                     guide=GUIDE, target_names=TARGETS,
                     fixture_keys=frozenset(_KEYS)))
