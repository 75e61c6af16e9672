"""The phone_id surface's engine side: its fixture check (a website and the MonID identity
app on the phone beside it), its targets, the app's own words on them, and what the guide
says about it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import (
    FIELD_KEYS,
    Report,
    SurfaceSpec,
    TargetName,
    check_id,
    check_keys,
    check_label,
    register,
)
from kiosk.engine.surfaces.sms import is_fake_link
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

_KEYS = {"site", "request", "pin"}
_SITE_KEYS = {"name", "address", "title", "text", "field"}
_REQUEST_KEYS = {"from", "what", "code"}
_PICTURE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_site(site: Any, report: Report, parent: Any) -> None:
    if not isinstance(site, Mapping):
        report(parent, "site", "'site' must be a map", "write 'site:' with at least 'name:'")
        return
    check_keys(site, _SITE_KEYS, report, "the site")
    check_label(site, "name", report)
    if "address" in site and not is_fake_link(site["address"]):
        report(site, "address", f"'{site['address']}' could be a real site",
               "use an address ending in .example, e.g. 'address: emploi-wallonie.example'")
    for key in ("title", "text"):
        if key in site:
            check_label(site, key, report)
    if "field" not in site:
        return
    field = site["field"]
    if not isinstance(field, Mapping):
        report(site, "field", "'field' must be a map", "write 'field: {id: phone, label: ...}'")
        return
    check_keys(field, FIELD_KEYS, report, "the field")
    check_id(field, report, set(), "field")
    check_label(field, "label", report)
    if field.get("id") == "pin":
        report(field, "id", "the id 'pin' is the phone's PIN",
               "give the site's field another id, e.g. 'phone'")
    kind = field.get("kind", "text")
    if kind not in ("text", "number"):
        report(field, "kind", f"the site's field cannot be '{kind}'", "use 'text' or 'number'")


def _check_request(request: Any, report: Report, parent: Any) -> None:
    if not isinstance(request, Mapping):
        report(parent, "request", "'request' must be a map",
               "write 'request:' with 'from:', 'what:', 'code:'")
        return
    check_keys(request, _REQUEST_KEYS, report, "the request")
    for key in ("from", "what"):
        if key not in request:
            report(request, None, f"the request has no '{key}'",
                   "say who asks ('from:') and what for ('what:')")
        else:
            check_label(request, key, report)
    code = request.get("code")
    if not isinstance(code, list) or not 2 <= len(code) <= 4:
        report(request, "code" if "code" in request else None, "'code' must list 2 to 4 pictures",
               "write e.g. 'code: [apple, umbrella, home]' (names from assets/pictograms)")
        return
    for i, name in enumerate(code):
        if not isinstance(name, str) or not _PICTURE.match(name):
            report(code, i, f"'{name}' is not a picture name",
                   "use a file name from assets/pictograms without '.png', e.g. 'apple'")


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    for key, example in (("site", "{name: Emploi Wallonie (exemple)}"),
                         ("request", "{from: ..., what: ..., code: [apple, umbrella, home]}"),
                         ("pin", '"12345"')):
        if key not in fixture:
            report(fixture, None, f"the fixture has no '{key}'", f"add '{key}: {example}'")
    if "site" in fixture:
        _check_site(fixture["site"], report, fixture)
    if "request" in fixture:
        _check_request(fixture["request"], report, fixture)
    pin = fixture.get("pin")
    if "pin" in fixture and not (isinstance(pin, str) and pin.isdigit() and 4 <= len(pin) <= 6):
        report(fixture, "pin", "'pin' must be 4 to 6 digits in quotes",
               "write e.g. 'pin: \"12345\"' (a fake code for the exercise)")


def asks_number(fixture: Mapping[str, Any]) -> bool:
    """The site asks for the phone number: the learner starts the request themselves."""
    site = fixture.get("site")
    return isinstance(site, Mapping) and isinstance(site.get("field"), Mapping)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = {"phone.notification", "phone.confirm", "phone.refuse", "field.pin"}
    if asks_number(fixture):
        names |= {f"field.{fixture['site']['field'].get('id')}", "button.login"}
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
    if asks_number(fixture):
        names["button.login"] = WORDS["site.login"]
        field = fixture["site"]["field"]
        if field.get("label"):
            names[f"field.{field.get('id')}"] = field["label"]
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

KEYS = (
    ("`site`",
     "the website: `name`, and optional `address` (ends in `.example`), `title`, `text`, and"
     " `field` (the phone number it asks for: `{id: phone, label: ..., kind: number, "
     "placeholder: ..., error: ...}`)."),
    ("`request`",
     "what the app shows: `from` (who asks), `what` (what for), `code` (2 to 4 pictures from"
     " `assets/pictograms`, on the site and in the app)."),
    ("`pin`", "the fake PIN, 4 to 6 digits in quotes: the keypad sends this many."),
)

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
                     fixture_keys=frozenset(_KEYS)))
