"""The sms surface's engine side: its fixture check (a phone's conversations, genuine and
fraudulent), its targets, the app's own words on them, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The screen's own words, French: those on its targets (scenario texts refer to them) and those
# it only draws. Translations: kiosk/locale/<lang>/LC_MESSAGES/kiosk.po (kiosk.engine.surfaces.words).
WORDS = Words("sms", (
    # on targets
    N_("sms.button.report", "Signaler"),
    N_("sms.button.delete", "Supprimer"),
    # TRANSLATORS: a choice in the menu shown when a conversation is held down
    N_("sms.menu.report", "Signaler comme spam"),
    N_("sms.menu.delete", "Supprimer"),
    # drawn only
    # TRANSLATORS: the name of the phone's messages app, at the top of its screen
    N_("sms.app.title", "Messages"),
    N_("sms.banner.report", "Signalé comme spam. Merci !"),
    N_("sms.banner.delete", "Conversation supprimée."),
    # TRANSLATORS: a small tag on a conversation the learner reported
    N_("sms.tag.reported", "Spam signalé"),
    N_("sms.warning.title", "Attention !"),
    N_("sms.warning.text", "Ce lien était peut-être un piège."),
    N_("sms.warning.safe", "Rien n'a été ouvert. Vous êtes en sécurité."),
    N_("sms.warning.back", "Revenir au message"),
))

BUTTONS = {"button.back", "button.report", "button.delete", "menu.report", "menu.delete"}


@dataclass(frozen=True)
class SmsMessage(Record):
    """A bubble of a conversation; with a link, target ``link.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        Key("text", "label"),
        Key("link", "address", default="", example="colis-rapide.example/payer"),
        Key("time", "text", default="", example='"09:12"'),
    )
    WHAT: ClassVar[str] = "a message"
    FAMILY: ClassVar[str] = "message"
    id: str
    text: Any
    link: str
    time: str

    def targets(self) -> set[str]:
        return {f"link.{self.id}"} if self.link else set()


@dataclass(frozen=True)
class Thread(Record):
    """A conversation in the list: target ``thread.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `thread.<id>`."),
        Key("sender", "label", what="who sent it."),
        Key("time", "text", default="", example='"09:12"', what='in quotes: `"10:47"`.'),
        Key("unread", "flag", default=False, what="`true`: bold, with a dot."),
        Key("fraud", "flag", default=False, what="`true`: its links show the warning."),
        Key("messages", "items", item=SmsMessage, example="[{id: ..., text: ...}]",
            what="its bubbles: `id` (unique over all conversations), `text`, and an optional "
                 "`link` (→ `link.<message id>`)."),
    )
    WHAT: ClassVar[str] = "a conversation"
    FAMILY: ClassVar[str] = "thread"
    id: str
    sender: Any
    time: str
    unread: bool
    fraud: bool
    messages: tuple[SmsMessage, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["messages"]:
            report(node, "messages", "a conversation needs 'messages'",
                   "add 'messages:' with at least one '- id: ..., text: ...'")


@dataclass(frozen=True)
class Phone(Record):
    """The sms fixture: the phone's conversations, top to bottom."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("threads", "items", item=Thread, example="[{id: ..., sender: ..., messages: [...]}]",
            what="the conversations, top to bottom."),
    )
    WHAT: ClassVar[str] = "the fixture"
    threads: tuple[Thread, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["threads"]:
            report(node, "threads", "the phone has no conversation",
                   "add 'threads:' with at least one '- id: ..., sender: ..., messages: [...]'")


def _check(fixture: Any, report: Report) -> None:
    Phone.check(fixture, report, set())


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return BUTTONS | Phone.read(fixture).targets()


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """A conversation is touched (opens) or held (its menu); a menu choice is chosen."""
    if target.startswith("thread."):
        return ("tap", "long_press")
    return ("choose",) if target.startswith("menu.") else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons and menu, a conversation's sender, a
    message's link (its address)."""
    names: dict[str, Any] = {name: WORDS[name] for name in BUTTONS if name in WORDS}
    for thread in Phone.read(fixture).threads:
        if thread.sender:
            names[f"thread.{thread.id}"] = thread.sender
        names |= {f"link.{message.id}": message.link for message in thread.messages if message.link}
    return names


GUIDE = """\
A phone's messages app. The list of conversations shows the sender, the first words, the
time and a dot when unread; touching one opens its bubbles. A link in a conversation
marked `fraud: true` shows a calm warning screen instead of a page. A conversation can be
reported as spam or deleted: with the buttons of the open conversation, or with a long
press on it in the list and its menu. Every link ends in `.example`."""

KEYS = Phone.guide_keys() + Thread.guide_keys("a conversation's ")

TARGETS = (
    TargetName(("thread.<id>",), "a conversation in the list: a touch opens it, a long press opens its menu",
               ("tap", "long_press")),
    TargetName(("link.<message id>",), "the link in a message", ("tap",)),
    TargetName(("button.back", "button.report", "button.delete"),
               "in an open conversation: the back arrow, **Signaler**, **Supprimer**", ("tap",)),
    TargetName(("menu.report", "menu.delete"),
               "the list's long-press menu: **Signaler comme spam**, **Supprimer**", ("choose",)),
)

register(SurfaceSpec("sms", _check, _targets, _gestures, _labels,
                     summary="a phone's messages: genuine ones and fraud, report and delete",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(Phone.keys()), fixture=Phone))
