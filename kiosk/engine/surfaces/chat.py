"""The chat surface's engine side: a messaging app's typed fixture (its conversations with
contacts and groups, and the phone's photos), its targets, its own words and what the
guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# the phone's pictures: pictograms, never photographs (assets/pictograms/<name>.png)
PICTOGRAMS = Path(__file__).resolve().parents[3] / "assets" / "pictograms"

WORDS = Words("chat", (
    N_("chat.app.title", "Messagerie (exemple)"),
    N_("chat.button.send", "Envoyer"),
    # TRANSLATORS: under a group's name; {n} is a number of people
    N_("chat.members", "{n} membres"),
    N_("chat.group", "Groupe"),
    N_("chat.picker.title", "Vos photos"),
    # TRANSLATORS: above the chosen photo; the conversation's name follows
    N_("chat.preview.to", "Envoyer à :"),
    N_("chat.sent", "Photo envoyée."),
    N_("chat.write", "Votre message…"),
))

BUTTONS = ("button.back", "button.attach", "button.send")
# the words on the buttons (the back arrow and the paperclip are pictures only)
WORDED = ("button.send",)


@dataclass(frozen=True)
class ChatMessage(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("text", "label", what="its words"),
        Key("mine", "flag", default=False, what="`true`: sent by the learner (on the other side)"),
        Key("time", "time", default="", what="in quotes: `\"09:12\"`"),
    )
    WHAT: ClassVar[str] = "a message"
    text: Any
    mine: bool
    time: str


@dataclass(frozen=True)
class Chat(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `contact.<id>`, or `group.<id>` for a group"),
        Key("name", "label", what="the name at the top of the conversation"),
        Key("group", "flag", default=False, what="`true`: a group (its pictogram, its members)"),
        Key("members", "number", default=0, what="a group's number of people"),
        Key("time", "text", default="", what="in quotes, its last message's time: `\"10:47\"`, `\"Lun.\"`"),
        Key("messages", "items", default=(), item=ChatMessage,
            what="its bubbles: `text`, optional `mine: true` and `time`"),
    )
    WHAT: ClassVar[str] = "a conversation"
    FAMILY: ClassVar[str] = "chat"  # ids are unique over contacts and groups together
    id: str
    name: Any
    group: bool
    members: int
    time: str
    messages: tuple[ChatMessage, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if node.get("group") and not node.get("members"):
            report(node, None, "a group needs 'members'", "add e.g. 'members: 6'")
        if node.get("members") and not node.get("group"):
            report(node, "members", "only a group has 'members'", "add 'group: true' or remove 'members'")

    @property
    def target(self) -> str:
        return f"{'group' if self.group else 'contact'}.{self.id}"

    def targets(self) -> set[str]:
        return {self.target}


@dataclass(frozen=True)
class Photo(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `photo.<id>`"),
        Key("picture", "text", what="what it shows: a pictogram's name (`id-card`, `document`)"),
        Key("label", "label", what="the words under it"),
    )
    WHAT: ClassVar[str] = "a photo"
    FAMILY: ClassVar[str] = "photo"
    id: str
    picture: str
    label: Any

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not (PICTOGRAMS / f"{node['picture']}.png").is_file():
            report(node, "picture", f"no pictogram '{node['picture']}'",
                   "use a file name from assets/pictograms, without '.png', e.g. 'id-card'")


@dataclass(frozen=True)
class ChatFixture(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("chats", "items", item=Chat, what="the conversations, top to bottom"),
        Key("photos", "items", default=(), item=Photo,
            what="the phone's pictures the paperclip offers, drawn as pictograms"),
        Key("open", "text", default="", what="the id of the conversation open at the start"),
    )
    WHAT: ClassVar[str] = "the fixture"
    chats: tuple[Chat, ...]
    photos: tuple[Photo, ...]
    open: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["chats"]:
            report(node, "chats", "the app has no conversation", "add '- id: ..., name: ...'")
        ids = [c.get("id") for c in node["chats"] if isinstance(c, Mapping)]
        if node.get("open") and node["open"] not in ids:
            report(node, "open", f"no conversation '{node['open']}'",
                   f"use one of: {', '.join(map(str, ids))}")

    def chat(self, ident: str) -> Chat | None:
        return next((c for c in self.chats if c.id == ident), None)


def _read(fixture: Mapping[str, Any]) -> ChatFixture | None:
    if not ChatFixture.check(fixture, lambda *_p: None, set()):
        return None
    return ChatFixture.read(fixture)


def _check(fixture: Any, report: Report) -> None:
    ChatFixture.check(fixture, report, set(), None, None)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    read = _read(fixture)
    return set(BUTTONS) | (read.targets() if read is not None else set())


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons, a conversation's name, a photo's words."""
    names: dict[str, Any] = {key: WORDS[key] for key in WORDED}
    read = _read(fixture)
    if read is not None:
        names.update({chat.target: chat.name for chat in read.chats})
        names.update({f"photo.{photo.id}": photo.label for photo in read.photos})
    return names


GUIDE = """\
A phone's messaging app, "Messagerie (exemple)". The list shows conversations with
contacts (their initial in a circle) and with groups (a group pictogram and the number of
members). A conversation shows the name at the top, its bubbles, and a paperclip: it
opens the phone's photos (pictograms, never real photographs). Choosing one shows it big,
with the name it goes to and **Envoyer**; once sent, it is a new bubble. The lesson a
trainer will want: look at the name at the top before sending (a group is not a
person). `open:` starts in a conversation, e.g. the group, so the learner goes back first."""

TARGETS = (
    TargetName(("contact.<id>", "group.<id>"), "a conversation in the list: a contact, a group", ("tap",)),
    TargetName(("button.back",), "the arrow back to the list", ("tap",)),
    TargetName(("button.attach",), "the paperclip of an open conversation: the photos", ("tap",)),
    TargetName(("photo.<id>",), "one of the phone's photos: shown big, ready to send", ("tap",)),
    TargetName(("button.send",), "**Envoyer**, under the chosen photo", ("tap",)),
)

KEYS = (ChatFixture.guide_keys() + Chat.guide_keys("a conversation's ")
        + ChatMessage.guide_keys("a message's ") + Photo.guide_keys("a photo's "))

register(SurfaceSpec("chat", _check, _targets, None, _labels,
                     summary="a messaging app: contacts and groups, send a photo to the right one",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS, fixture=ChatFixture,
                     fixture_keys=frozenset(k.name for k in ChatFixture.KEYS)))
