"""The sms surface's engine side: its fixture check (a phone's conversations, genuine and
fraudulent), its targets, the app's own words on them, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import Report, SurfaceSpec, TargetName, check_id, check_keys, check_label, register
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

_KEYS = {"threads"}
_THREAD_KEYS = {"id", "sender", "time", "unread", "fraud", "messages"}
_MESSAGE_KEYS = {"id", "text", "link", "time"}
BUTTONS = {"button.back", "button.report", "button.delete", "menu.report", "menu.delete"}


def is_fake_link(value: Any) -> bool:
    """A link a learner may see: its site is under the reserved ``.example`` name, so it
    can never lead anywhere real, even copied into a browser."""
    if not isinstance(value, str) or " " in value.strip():
        return False
    host = value.strip().lower().split("://", 1)[-1].split("/", 1)[0]
    return host == "example" or host.endswith(".example")


def _check_messages(thread: Mapping[str, Any], report: Report, seen: set[str]) -> None:
    messages = thread.get("messages")
    if not isinstance(messages, list) or not messages:
        report(thread, "messages" if "messages" in thread else "id",
               "a conversation needs 'messages'", "add 'messages:' with at least one '- id: ..., text: ...'")
        return
    for i, message in enumerate(messages):
        if not isinstance(message, Mapping):
            report(messages, i, "a message must be a map", "write 'id:' and 'text:'")
            continue
        check_keys(message, _MESSAGE_KEYS, report, "a message")
        check_id(message, report, seen, "message")
        check_label(message, "text", report)
        if "link" in message and not is_fake_link(message["link"]):
            report(message, "link", f"'{message['link']}' could be a real site",
                   "use an address ending in .example, e.g. 'link: colis-rapide.example/payer'")
        if "time" in message and not isinstance(message["time"], str):
            report(message, "time", "'time' must be a text in quotes", "write e.g. 'time: \"09:12\"'")


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    threads = fixture.get("threads")
    if not isinstance(threads, list) or not threads:
        report(fixture, "threads" if "threads" in fixture else None, "the phone has no conversation",
               "add 'threads:' with at least one '- id: ..., sender: ..., messages: [...]'")
        return
    seen_threads: set[str] = set()
    seen_messages: set[str] = set()
    for i, thread in enumerate(threads):
        if not isinstance(thread, Mapping):
            report(threads, i, "a conversation must be a map", "write 'id:', 'sender:' and 'messages:'")
            continue
        check_keys(thread, _THREAD_KEYS, report, "a conversation")
        check_id(thread, report, seen_threads, "thread")
        check_label(thread, "sender", report)
        for key in ("unread", "fraud"):
            if key in thread and not isinstance(thread[key], bool):
                report(thread, key, f"'{key}' must be true or false", f"write '{key}: true'")
        if "time" in thread and not isinstance(thread["time"], str):
            report(thread, "time", "'time' must be a text in quotes", "write e.g. 'time: \"09:12\"'")
        _check_messages(thread, report, seen_messages)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = set(BUTTONS)
    for thread in fixture.get("threads") or []:
        if not isinstance(thread, Mapping):
            continue
        names.add(f"thread.{thread.get('id')}")
        for message in thread.get("messages") or []:
            if isinstance(message, Mapping) and "link" in message:
                names.add(f"link.{message.get('id')}")
    return names


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """A conversation is touched (opens) or held (its menu); a menu choice is chosen."""
    if target.startswith("thread."):
        return ("tap", "long_press")
    return ("choose",) if target.startswith("menu.") else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons and menu, a conversation's sender, a
    message's link (its address)."""
    names: dict[str, Any] = {name: WORDS[name] for name in BUTTONS if name in WORDS}
    for thread in fixture.get("threads") or []:
        if not isinstance(thread, Mapping):
            continue
        if thread.get("sender"):
            names[f"thread.{thread.get('id')}"] = thread["sender"]
        for message in thread.get("messages") or []:
            if isinstance(message, Mapping) and message.get("link"):
                names[f"link.{message.get('id')}"] = message["link"]
    return names


GUIDE = """\
A phone's messages app. The list of conversations shows the sender, the first words, the
time and a dot when unread; touching one opens its bubbles. A link in a conversation
marked `fraud: true` shows a calm warning screen instead of a page. A conversation can be
reported as spam or deleted: with the buttons of the open conversation, or with a long
press on it in the list and its menu. Every link ends in `.example`."""

KEYS = (
    ("`threads`", "the conversations, top to bottom."),
    ("a conversation's `id`, `sender`", "its short name (`thread.<id>`) and who sent it."),
    ("a conversation's `time`", "*(optional)* in quotes: `\"10:47\"`."),
    ("a conversation's `unread`", "*(optional)* `true`: bold, with a dot."),
    ("a conversation's `fraud`", "*(optional)* `true`: its links show the warning."),
    ("a conversation's `messages`",
     "its bubbles: `id` (unique over all conversations), `text`, and an optional `link` (→ "
     "`link.<message id>`)."),
)

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
                     fixture_keys=frozenset(_KEYS)))
