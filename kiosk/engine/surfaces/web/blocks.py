"""What every block of a web page shares, and the plain ones: a block is named by its
first key (``- heading: ...``, ``- button: send``); ``Block`` reads and checks it. Here
too the blocks of words (heading, text, notice, summary) and the buttons and links.
Fields, the calendar, downloads and tables have their own modules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, check_keys, check_label

TIME_RE = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
NOTICE_KINDS = ("success", "info", "warning")
BUTTON_STYLES = ("primary", "secondary")
# gotos: the buttons and links of a page with the page each one opens (checked once all
# pages are known)
Gotos = list[tuple[Mapping[str, Any], str]]


def text(node: Any, key: Any, report: Report) -> None:
    """Words shown on the page: a text, or a map of languages with at least French (a
    text cut at an unquoted comma is found for every surface: kiosk.engine.texts)."""
    check_label(node, key, report)


def near(name: str, names: set[str], what: str) -> str:
    close = difflib.get_close_matches(name, sorted(names), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"the {what}: {', '.join(sorted(names))}" if names else f"add it under '{what}'"


def flag(node: Mapping[str, Any], key: str, report: Report) -> None:
    if key in node and not isinstance(node[key], bool):
        report(node, key, f"'{key}' must be true or false", f"write '{key}: true' or '{key}: false'")


def short_id(block: Mapping[str, Any], kind: str, report: Report, seen: set[str], family: str) -> str | None:
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


@dataclass(frozen=True)
class Block(Record):
    """One block of a page: ``KIND`` is its first key, read into ``id`` (a short name,
    for the blocks that are targets) or ``words`` (for the blocks of words)."""

    KIND: ClassVar[str] = ""

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        """Every problem of ``block`` (its keys are known to be the kind's keys)."""

    def labels(self) -> dict[str, Any]:
        """The words on this block's targets (scenario texts say ``<button.send>``)."""
        return {}


@dataclass(frozen=True)
class Words(Block):
    """A heading or a paragraph."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("text", "label"),)
    ATTRIBUTES: ClassVar[dict[str, str]] = {"text": "words"}
    KIND = "text"
    words: Any

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        text(block, cls.KIND, report)


@dataclass(frozen=True)
class Heading(Words):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("heading", "label"),)
    ATTRIBUTES: ClassVar[dict[str, str]] = {"heading": "words"}
    KIND = "heading"


@dataclass(frozen=True)
class Notice(Block):
    """The site's message in a coloured box: ``kind`` success, info or warning."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("notice", "label"), Key("kind", "text", "success"))
    ATTRIBUTES: ClassVar[dict[str, str]] = {"notice": "words"}
    KIND = "notice"
    words: Any
    kind: str

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        text(block, "notice", report)
        if block.get("kind", "success") not in NOTICE_KINDS:
            report(block, "kind", f"unknown notice kind '{block.get('kind')}'",
                   f"use one of: {', '.join(NOTICE_KINDS)}")


@dataclass(frozen=True)
class SummaryRow(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("label", "label"), Key("value", "label"))
    label: Any
    value: Any


@dataclass(frozen=True)
class Summary(Block):
    """A recap: one row per item, a label and its value."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("summary", "items", item=SummaryRow),)
    ATTRIBUTES: ClassVar[dict[str, str]] = {"summary": "rows"}
    KIND = "summary"
    rows: tuple[SummaryRow, ...]

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        rows = block.get("summary")
        if not isinstance(rows, list) or not rows:
            report(block, "summary", "a summary is a list of rows", "write '- {label: Service, value: ...}'")
            return
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                report(rows, i, "a row must be a map", "write '{label: Service, value: Passeport}'")
                continue
            check_keys(row, {"label", "value"}, report, "a summary row")
            text(row, "label", report)
            text(row, "value", report)


@dataclass(frozen=True)
class Link(Block):
    """A link to another page of the site: target ``link.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("link", "id"), Key("label", "label", None),
                                       Key("goto", "any", None))
    ATTRIBUTES: ClassVar[dict[str, str]] = {"link": "id"}
    KIND = "link"
    FAMILY = "link"
    id: str
    label: Any
    goto: str | None

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        kind = cls.KIND
        short_id(block, kind, report, seen, kind)
        text(block, "label", report)
        cls.check_more_block(block, report)
        goto = block.get("goto")
        if goto is None and kind == "link":
            report(block, "link", "a link needs the page it opens", "add 'goto: <the id of a page>'")
        elif goto is not None:
            gotos.append((block, str(goto)))

    @classmethod
    def check_more_block(cls, block: Mapping[str, Any], report: Report) -> None:
        """A button's own keys."""

    def labels(self) -> dict[str, Any]:
        return {f"{self.FAMILY}.{self.id}": self.label}


@dataclass(frozen=True)
class Button(Link):
    """A button: it may lead to a page (``goto``), and ``submit`` checks the page's
    fields first; target ``button.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("button", "id"), Key("label", "label", None),
                                       Key("goto", "any", None), Key("submit", "flag", False),
                                       Key("style", "text", "primary"))
    ATTRIBUTES: ClassVar[dict[str, str]] = {"button": "id"}
    KIND = "button"
    FAMILY = "button"
    submit: bool = False
    style: str = "primary"

    @classmethod
    def check_more_block(cls, block: Mapping[str, Any], report: Report) -> None:
        flag(block, "submit", report)
        if block.get("style", "primary") not in BUTTON_STYLES:
            report(block, "style", f"unknown button style '{block.get('style')}'",
                   f"use one of: {', '.join(BUTTON_STYLES)}")
