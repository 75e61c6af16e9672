"""The phone_id surface's engine side: its fixture check (a website and the MonID identity
app on the phone beside it), its targets, the app's own words on them, and what the guide
says about it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Field, Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The screen's own words, French: those on its targets (scenario texts refer to them) and those
# it only draws. Translations: kiosk/locale/<lang>/LC_MESSAGES/kiosk.po (kiosk.engine.surfaces.words).
# Arabic words are drawn in an Arabic font without Latin letters: no "MonID" in them.
WORDS = Words("phone_id", (
    # on targets
    # TRANSLATORS: MonID is the name of a made-up identity app; Arabic: write "the identity app"
    # instead of MonID (the Arabic font has no Latin letters)
    N_("phone_id.site.login", "Se connecter avec MonID"),
    N_("phone_id.app.confirm", "Confirmer"),
    N_("phone_id.app.refuse", "Refuser"),
    # TRANSLATORS: the title over the PIN field in the MonID app; Arabic: no "MonID" (see above)
    N_("phone_id.app.pin", "Votre code PIN MonID"),
    # drawn only
    # TRANSLATORS: Arabic: "the identity app" instead of MonID
    N_("phone_id.site.wait", "Ouvrez MonID sur votre téléphone."),
    N_("phone_id.site.code", "Vous devez voir ces images :"),
    N_("phone_id.site.done", "Vous êtes connecté."),
    # TRANSLATORS: follows the site's name on the phone's notification ("Emploi Wallonie asks for
    # your confirmation."): starts in lower case, no subject of its own
    N_("phone_id.notice.text", "demande votre confirmation."),
    N_("phone_id.app.request", "Nouvelle demande"),
    N_("phone_id.app.compare", "Mêmes images que sur l'ordinateur ?"),
    # TRANSLATORS: "Refuser" is the words of the app's refuse button (phone_id.app.refuse)
    N_("phone_id.app.not_started", "Vous n'avez rien demandé ? Alors touchez Refuser."),
    N_("phone_id.app.started", "C'est bien vous qui demandez. Vous pouvez confirmer."),
    N_("phone_id.app.pin_wrong", "Ce n'est pas le bon code. Réessayez calmement."),
    N_("phone_id.app.done", "C'est confirmé !"),
    N_("phone_id.app.refused", "Demande refusée. Votre compte est protégé."),
))

_PICTURE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class SiteField(Field):
    """The site's field for the phone number: target ``field.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = Field.with_kinds(("text", "number"))
    WHAT: ClassVar[str] = "the field"

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if node["id"] == "pin":
            report(node, "id", "the id 'pin' is the phone's PIN",
                   "give the site's field another id, e.g. 'phone'")


@dataclass(frozen=True)
class Site(Record):
    """The website on the computer; with a ``field``, the learner starts the login."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("name", "label"),
        Key("address", "address", default="", example="emploi-wallonie.example"),
        Key("title", "label", default=""),
        Key("text", "label", default=""),
        Key("field", "record", default=None, item=SiteField, example="{id: phone, label: ...}"),
    )
    WHAT: ClassVar[str] = "the site"
    name: Any
    address: str
    title: Any
    text: Any
    field: SiteField | None


@dataclass(frozen=True)
class Request(Record):
    """What the MonID app shows: who asks, what for, the code of pictures."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("from", "label", attr="asker"),
        Key("what", "label"),
        Key("code", "list", example="[apple, umbrella, home]"),
    )
    WHAT: ClassVar[str] = "the request"
    asker: Any
    what: Any
    code: tuple[str, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        code = node["code"]
        if not 2 <= len(code) <= 4:
            report(node, "code", "'code' must list 2 to 4 pictures",
                   "write e.g. 'code: [apple, umbrella, home]' (names from assets/pictograms)")
            return
        for i, name in enumerate(code):
            if not isinstance(name, str) or not _PICTURE.match(name):
                report(code, i, f"'{name}' is not a picture name",
                       "use a file name from assets/pictograms without '.png', e.g. 'apple'")


@dataclass(frozen=True)
class Login(Record):
    """The phone_id fixture: the site, the request on the phone, the fake PIN."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("site", "record", item=Site, example="{name: Emploi Wallonie (exemple)}",
            what="the website: `name`, and optional `address` (ends in `.example`), `title`, `text`, and"
                 " `field` (the phone number it asks for: `{id: phone, label: ..., kind: number, "
                 "placeholder: ..., error: ...}`)."),
        Key("request", "record", item=Request,
            example="{from: ..., what: ..., code: [apple, umbrella, home]}",
            what="what the app shows: `from` (who asks), `what` (what for), `code` (2 to 4 pictures from"
                 " `assets/pictograms`, on the site and in the app)."),
        Key("pin", "any", example='"12345"',
            what="the fake PIN, 4 to 6 digits in quotes: the keypad sends this many."),
    )
    WHAT: ClassVar[str] = "the fixture"
    site: Site
    request: Request
    pin: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        pin = node["pin"]
        if not (isinstance(pin, str) and pin.isdigit() and 4 <= len(pin) <= 6):
            report(node, "pin", "'pin' must be 4 to 6 digits in quotes",
                   "write e.g. 'pin: \"12345\"' (a fake code for the exercise)")

    @property
    def site_field(self) -> SiteField | None:
        """The site's field for the phone number (None: the site never asked)."""
        return self.site.field if self.site is not None else None

    @property
    def asks_number(self) -> bool:
        """The site asks for the phone number: the learner starts the request themselves."""
        return self.site_field is not None


def _check(fixture: Any, report: Report) -> None:
    Login.check(fixture, report, set())


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = {"phone.notification", "phone.confirm", "phone.refuse", "field.pin"}
    field = Login.read(fixture).site_field
    if field is not None:
        names |= {f"field.{field.id}", "button.login"}
    return names


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """A field is typed in (the PIN too: one action when its last digit is in); the rest
    is touched."""
    return ("type",) if target.startswith("field.") else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the site's login button and field, the app's buttons,
    the PIN page's title."""
    names: dict[str, Any] = {"phone.confirm": WORDS["app.confirm"], "phone.refuse": WORDS["app.refuse"],
                             "field.pin": WORDS["app.pin"]}
    field = Login.read(fixture).site_field
    if field is not None:
        names["button.login"] = WORDS["site.login"]
        if field.label:
            names[f"field.{field.id}"] = field.label
    return names


GUIDE = """\
A website on the computer (left) and a phone (right) with "MonID", an identity app. The
fixture tells the story:

- **With** `site: field:`, the learner starts it: they type their (fake) phone number on
  the site and touch **Se connecter avec MonID**; the site shows a code of pictures; the
  phone gets a notification; the app shows who asks and the same pictures; the learner
  confirms and types the PIN. The steps expect, in order: `type` on `field.phone`, `tap` on
  `button.login`, `phone.notification`, `phone.confirm`, then `type` on `field.pin` (with
  `rule: {equals: "12345"}`, the fixture's `pin`).
- **Without** `site: field:`, the site never asked: the request on the phone is one the
  learner did not start, and the right answer is **Refuser** (the worked example).

The keypad's keys are not targets: the whole PIN is judged once, when its last digit is
typed."""

KEYS = Login.guide_keys()

TARGETS = (
    TargetName(("field.<id>",), "the site's field for the phone number (with `site: field:`)", ("type",)),
    TargetName(("button.login",), "**Se connecter avec MonID** on the site (with `site: field:`)", ("tap",)),
    TargetName(("phone.notification",), "the notification on the phone", ("tap",)),
    TargetName(("phone.confirm", "phone.refuse"), "**Confirmer** and **Refuser** in the app", ("tap",)),
    TargetName(("field.pin",), "the PIN, judged when its last digit is typed", ("type",)),
)

register(SurfaceSpec("phone_id", _check, _targets, _gestures, _labels,
                     summary="a website beside a phone with the MonID identity app (code check, PIN)",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(Login.keys()), fixture=Login))
