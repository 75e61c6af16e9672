"""The video surface's engine side: its fixture check (a video call joined from a link),
its targets, the app's own words on them, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The screen's own words, French: those on its targets (scenario texts refer to them) and those
# it only draws. Translations: kiosk/locale/<lang>/LC_MESSAGES/kiosk.po (kiosk.engine.surfaces.words).
WORDS = Words("video", (
    # on targets
    N_("video.button.allow", "Autoriser"),
    N_("video.button.block", "Bloquer"),
    # TRANSLATORS: the button that enters the video call (join the meeting)
    N_("video.button.join", "Participer"),
    # TRANSLATORS: the button that switches the microphone on or off, under the call
    N_("video.mic", "Micro"),
    # TRANSLATORS: the button that switches the camera on or off, under the call
    N_("video.camera", "Caméra"),
    # TRANSLATORS: the button that leaves the video call
    N_("video.button.leave", "Quitter"),
    N_("video.button.cancel", "Annuler"),
    # drawn only
    # TRANSLATORS: before the sender's name on an invitation ("From: Anna")
    N_("video.invite.from", "De"),
    # TRANSLATORS: {site} is the meeting site's name; keep {site} as it is
    N_("video.ask.wants", "{site} veut :"),
    N_("video.ask.mic", "Utiliser votre micro"),
    N_("video.ask.camera", "Utiliser votre caméra"),
    N_("video.ask.note", "Sans micro ni caméra, on ne vous entend pas."),
    N_("video.prejoin.ready", "Prêt à participer ?"),
    N_("video.status.ask", "Micro et caméra : en attente"),
    N_("video.status.allowed", "Micro et caméra autorisés"),
    N_("video.status.blocked", "Micro et caméra bloqués"),
    # TRANSLATORS: the name under the learner's own picture in the call
    N_("video.you", "Vous"),
    N_("video.camera.off", "Caméra coupée"),
    N_("video.mic.off", "Micro coupé"),
    N_("video.leave.ask", "Quitter la réunion ?"),
    N_("video.left", "Vous avez quitté la réunion."),
))

# target → its words in WORDS
TARGET_WORDS = {"button.allow": "button.allow", "button.block": "button.block", "button.join": "button.join",
                "button.mute": "mic", "button.camera": "camera", "button.leave": "button.leave",
                "button.confirm_leave": "button.leave", "button.cancel_leave": "button.cancel"}

STARTS = ("invite", "prejoin", "call")
CALL_TARGETS = {"button.allow", "button.block", "button.join", "button.mute", "button.camera",
                "button.leave", "button.confirm_leave", "button.cancel_leave"}


@dataclass(frozen=True)
class Invite(Record):
    """The message with the link to the call: target ``link.join``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("kind", "text", default="email", choices=("email", "sms")),
        Key("from", "label", attr="sender"),
        Key("subject", "label", default=""),
        Key("text", "label"),
        Key("link", "text", example="https://visio-tilleul.example/r/482-915"),
    )
    WHAT: ClassVar[str] = "the invite"
    kind: str
    sender: Any
    subject: Any
    text: Any
    link: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["link"].startswith("https://"):
            report(node, "link", "the invite needs an https 'link'",
                   "write e.g. 'link: https://visio-tilleul.example/r/482-915'")

    def targets(self) -> set[str]:
        return {"link.join"}


@dataclass(frozen=True)
class Participant(Record):
    """A person in the call, drawn as a pictogram: target ``participant.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        Key("name", "label"),
        Key("pictogram", "text", default="person"),
        Key("muted", "flag", default=False),
    )
    WHAT: ClassVar[str] = "a participant"
    FAMILY: ClassVar[str] = "participant"
    id: str
    name: Any
    pictogram: str
    muted: bool


@dataclass(frozen=True)
class Call(Record):
    """The video fixture: the app, the meeting, how the learner comes in, who is there."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("app", "text", example="Visio Tilleul", what="the app's name, e.g. `Visio Tilleul`."),
        Key("site", "text", example="visio-tilleul.example",
            what="its address, shown in the permission question; ends in `.example`."),
        Key("start", "text", default="invite",
            what="`invite` (the default: the message with the link), `prejoin` (the permission "
                 "question) or `call`."),
        Key("meeting", "label", what="the call's title."),
        Key("invite", "record", default=None, item=Invite, example="{from: ..., text: ..., link: https://...}",
            what="the message with the link (needed to start on it): `kind` (`email`, the default, or "
                 "`sms`), `from`, optional `subject`, `text`, and `link` (`https://…`, → `link.join`)."),
        Key("participants", "items", item=Participant, example="[{id: advisor, name: Sophie}]",
            what="who is in the call: `id`, `name`, `pictogram`, optional `muted: true`."),
    )
    WHAT: ClassVar[str] = "the fixture"
    app: str
    site: str
    start: str
    meeting: Any
    invite: Invite | None
    participants: tuple[Participant, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        for key in ("app", "site"):
            if not node[key].strip():
                report(node, key, f"'{key}' says nothing", f"write e.g. '{cls.keys()[key].written()}'")
        start = node.get("start", "invite")
        if start not in STARTS:
            report(node, "start", f"the call cannot start on '{start}'", f"use one of: {', '.join(STARTS)}")
        if start == "invite" and "invite" not in node:
            report(node, None, "there is no 'invite' to start on",
                   "add 'invite:' with 'from:', 'text:' and 'link:', or 'start: prejoin'")
        if not node["participants"]:
            report(node, "participants", "the call has nobody in it",
                   "add 'participants:' with at least one '- id: ...'")


def _check(fixture: Any, report: Report) -> None:
    Call.check(fixture, report, set())


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return CALL_TARGETS | Call.read(fixture).targets()


def _gestures(_fixture: Mapping[str, Any], _target: str) -> tuple[str, ...]:
    """Everything in a video call is touched once."""
    return ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons (the microphone and camera buttons as
    the call starts: "Micro", "Caméra"), the invitation's link, the participants' names."""
    call = Call.read(fixture)
    names: dict[str, Any] = {name: WORDS[key] for name, key in TARGET_WORDS.items()}
    if call.invite is not None and call.invite.link:
        names["link.join"] = call.invite.link
    names |= {f"participant.{person.id}": person.name for person in call.participants if person.name}
    return names


GUIDE = """\
A video call in a (fictional) app, joined from a link in an e-mail or a text message. The
browser first asks to allow the camera and the microphone; then the call shows its
participants as pictures (nobody is ever filmed), the microphone and camera buttons, and
**Quitter**, which asks once more before leaving."""

KEYS = Call.guide_keys()

TARGETS = (
    TargetName(("link.join",), "the link in the invitation", ("tap",)),
    TargetName(("button.allow", "button.block"), "**Autoriser** and **Bloquer** in the permission question",
               ("tap",)),
    TargetName(("button.join",), "**Participer**, to enter the call", ("tap",)),
    TargetName(("button.mute", "button.camera"), "the microphone and the camera, on or off", ("tap",)),
    TargetName(("button.leave", "button.confirm_leave", "button.cancel_leave"),
               "**Quitter**, then the question's **Quitter** or **Annuler**", ("tap",)),
    TargetName(("participant.<id>",), "a participant's picture", ("tap",)),
)

register(SurfaceSpec("video", _check, _targets, _gestures, _labels,
                     summary="a video call joined from a link: allow camera and microphone, mute, leave",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(Call.keys()), fixture=Call))
