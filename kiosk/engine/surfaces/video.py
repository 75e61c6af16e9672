"""The video surface's engine side: its fixture check (a video call joined from a link),
its targets, the app's own words on them, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import Report, SurfaceSpec, TargetName, check_id, check_keys, check_label, register
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

_KEYS = {"app", "site", "start", "meeting", "invite", "participants"}
_INVITE_KEYS = {"kind", "from", "subject", "text", "link"}
_PERSON_KEYS = {"id", "name", "pictogram", "muted"}
STARTS = ("invite", "prejoin", "call")
CALL_TARGETS = {"button.allow", "button.block", "button.join", "button.mute", "button.camera",
                "button.leave", "button.confirm_leave", "button.cancel_leave"}


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    for key in ("app", "site"):
        if not isinstance(fixture.get(key), str) or not fixture[key].strip():
            report(fixture, key if key in fixture else None, f"missing '{key}'",
                   "write e.g. 'app: Visio Tilleul'" if key == "app" else
                   "write e.g. 'site: visio-tilleul.example'")
    check_label(fixture, "meeting", report)
    start = fixture.get("start", "invite")
    if start not in STARTS:
        report(fixture, "start", f"the call cannot start on '{start}'", f"use one of: {', '.join(STARTS)}")
    invite = fixture.get("invite")
    if invite is None:
        if start == "invite":
            report(fixture, None, "there is no 'invite' to start on",
                   "add 'invite:' with 'from:', 'text:' and 'link:', or 'start: prejoin'")
    elif not isinstance(invite, Mapping):
        report(fixture, "invite", "'invite' must be a map", "write 'from:', 'text:' and 'link:'")
    else:
        check_keys(invite, _INVITE_KEYS, report, "the invite")
        if invite.get("kind", "email") not in ("email", "sms"):
            report(invite, "kind", f"unknown invite kind '{invite.get('kind')}'", "use 'email' or 'sms'")
        for key in ("from", "text"):
            check_label(invite, key, report)
        if "subject" in invite:
            check_label(invite, "subject", report)
        link = invite.get("link")
        if not isinstance(link, str) or not link.startswith("https://"):
            report(invite, "link" if "link" in invite else None, "the invite needs an https 'link'",
                   "write e.g. 'link: https://visio-tilleul.example/r/482-915'")
    people = fixture.get("participants")
    if not isinstance(people, list) or not people:
        report(fixture, "participants" if "participants" in fixture else None,
               "the call has nobody in it", "add 'participants:' with at least one '- id: ...'")
        return
    seen: set[str] = set()
    for i, person in enumerate(people):
        if not isinstance(person, Mapping):
            report(people, i, "a participant must be a map", "write 'id:' and 'name:'")
            continue
        check_keys(person, _PERSON_KEYS, report, "a participant")
        check_id(person, report, seen, "participant")
        check_label(person, "name", report)
        if "muted" in person and not isinstance(person["muted"], bool):
            report(person, "muted", "'muted' must be true or false", "write 'muted: true'")


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = set(CALL_TARGETS)
    if isinstance(fixture.get("invite"), Mapping):
        names.add("link.join")
    for person in fixture.get("participants") or []:
        if isinstance(person, Mapping):
            names.add(f"participant.{person.get('id')}")
    return names


def _gestures(_fixture: Mapping[str, Any], _target: str) -> tuple[str, ...]:
    """Everything in a video call is touched once."""
    return ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons (the microphone and camera buttons as
    the call starts: "Micro", "Caméra"), the invitation's link, the participants' names."""
    names: dict[str, Any] = {name: WORDS[key] for name, key in TARGET_WORDS.items()}
    invite = fixture.get("invite")
    if isinstance(invite, Mapping) and invite.get("link"):
        names["link.join"] = invite["link"]
    for person in fixture.get("participants") or []:
        if isinstance(person, Mapping) and person.get("name"):
            names[f"participant.{person.get('id')}"] = person["name"]
    return names


GUIDE = """\
A video call in a (fictional) app, joined from a link in an e-mail or a text message. The
browser first asks to allow the camera and the microphone; then the call shows its
participants as pictures (nobody is ever filmed), the microphone and camera buttons, and
**Quitter**, which asks once more before leaving."""

KEYS = (
    ("`app`", "the app's name, e.g. `Visio Tilleul`."),
    ("`site`", "its address, shown in the permission question; ends in `.example`."),
    ("`start`",
     "*(optional)* `invite` (the default: the message with the link), `prejoin` (the "
     "permission question) or `call`."),
    ("`meeting`", "the call's title."),
    ("`invite`",
     "the message with the link (needed to start on it): `kind` (`email`, the default, or "
     "`sms`), `from`, optional `subject`, `text`, and `link` (`https://…`, → `link.join`)."),
    ("`participants`", "who is in the call: `id`, `name`, `pictogram`, optional `muted: true`."),
)

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
                     fixture_keys=frozenset(_KEYS)))
