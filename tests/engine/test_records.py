"""Typed fixtures: keys declared once, checked the same way on every surface, read with
their defaults; the surfaces' words read from the gettext catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from kiosk.engine.surfaces import Key, Record
from kiosk.engine.surfaces.words import N_, Words, translate


@dataclass(frozen=True)
class Message(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name"),
        Key("text", "label", what="its words"),
        Key("link", "address", default="", what="a site"),
    )
    WHAT: ClassVar[str] = "a message"
    FAMILY: ClassVar[str] = "message"
    id: str
    text: Any
    link: str = ""


@dataclass(frozen=True)
class Thread(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        Key("sender", "label"),
        Key("time", "time", default=""),
        Key("unread", "flag", default=False),
        Key("messages", "items", item=Message),
    )
    WHAT: ClassVar[str] = "a conversation"
    FAMILY: ClassVar[str] = "thread"
    id: str
    sender: Any
    time: str
    unread: bool
    messages: tuple[Message, ...]


def problems(node: Any) -> list[tuple[Any, str]]:
    found: list[tuple[Any, str]] = []
    Thread.check(node, lambda _node, key, what, _fix: found.append((key, what)), set())
    return found


def test_a_good_map_reads_with_its_defaults() -> None:
    raw = {"id": "bank", "sender": {"fr": "Banque"}, "messages": [{"id": "m1", "text": "Bonjour"}]}
    assert problems(raw) == []
    thread = Thread.read(raw)
    assert thread.unread is False and thread.time == ""
    assert thread.messages[0].link == ""
    assert thread.targets() == {"thread.bank", "message.m1"}


@pytest.mark.parametrize(("raw", "key", "words"), [
    ({"id": "a", "sender": "X", "messages": [], "colour": "red"}, "colour", "unknown key 'colour'"),
    ({"id": "a", "messages": []}, None, "needs 'sender'"),
    ({"id": "a", "sender": "X", "unread": "yes", "messages": []}, "unread", "true or false"),
    ({"id": "a", "sender": "X", "time": 912, "messages": []}, "time", "time in quotes"),
    ({"id": "a", "sender": "X", "messages": [{"id": "m", "text": "t", "link": "bank.be"}]},
     "link", "could be a real site"),
    ({"id": "a", "sender": "X", "messages": [{"id": "m", "text": "t"}, {"id": "m", "text": "u"}]},
     "id", "duplicate id 'm'"),
])
def test_each_wrong_key_is_named(raw: dict[str, Any], key: Any, words: str) -> None:
    found = problems(raw)
    assert any(k == key and words in what for k, what in found), found


def test_guide_rows_say_which_keys_are_optional() -> None:
    rows = dict(Message.guide_keys())
    assert rows["`text`"] == "its words"
    assert rows["`link`"].startswith("*(optional)*")


def test_words_come_from_the_catalogue() -> None:
    # the interface's own "language" string is in every catalogue
    assert translate("language", "Français")["nl"] == "Nederlands"
    words = Words("sms", (N_("sms.button.report", "Signaler"),))
    assert words.french() == {"button.report": "Signaler"}
    assert words["button.report"]["fr"] == "Signaler"
    with pytest.raises(ValueError, match="must start with 'sms.'"):
        Words("sms", (N_("button.report", "Signaler"),))
