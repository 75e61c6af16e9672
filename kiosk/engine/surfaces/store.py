"""The store surface's engine side: an app store's typed fixture (the words searched, the
apps found, official ones and look-alikes, and what each app asks once opened), its
targets, its own words and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

PICTOGRAMS = Path(__file__).resolve().parents[3] / "assets" / "pictograms"

# what an app may ask once opened: the words of the phone's question, and its pictogram
PERMISSIONS = {"contacts": "contacts", "location": "location", "camera": "camera",
               "microphone": "microphone", "photos": "photo"}

WORDS = Words("store", (
    N_("store.app.title", "Boutique d'applis (exemple)"),
    N_("store.button.search", "Rechercher"),
    N_("store.button.install", "Installer"),
    N_("store.button.open", "Ouvrir"),
    N_("store.button.allow", "Autoriser"),
    N_("store.button.deny", "Refuser"),
    N_("store.installing", "Installation…"),
    N_("store.downloads", "téléchargements"),
    # TRANSLATORS: the phone's question; {app} is the app's name
    N_("store.ask.contacts", "Autoriser {app} à voir vos contacts ?"),
    N_("store.ask.location", "Autoriser {app} à savoir où vous êtes ?"),
    N_("store.ask.camera", "Autoriser {app} à utiliser l'appareil photo ?"),
    N_("store.ask.microphone", "Autoriser {app} à utiliser le micro ?"),
    N_("store.ask.photos", "Autoriser {app} à voir vos photos ?"),
    N_("store.opened", "L'appli est ouverte."),
    N_("store.results", "Résultats"),
))

BUTTONS = ("button.search", "button.back", "button.install", "button.open", "button.allow", "button.deny")


@dataclass(frozen=True)
class App(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `app.<id>`"),
        Key("name", "label", what="its name, as the store writes it (a look-alike's may be misspelled)"),
        Key("publisher", "label", what="who made it: `Service public (exemple)`, or an unknown name"),
        Key("downloads", "text", what="in quotes, how many people installed it: `\"500 000+\"`, `\"50+\"`"),
        Key("picture", "text", default="phone", what="its icon: a pictogram's name"),
        Key("about", "label", default="", what="one sentence on its page"),
        Key("asks", "list", default=(),
            what="what it asks once opened, in order: `contacts`, `location`, `camera`, `microphone`, "
                 "`photos` (each answered with **Autoriser** or **Refuser**)"),
    )
    WHAT: ClassVar[str] = "an app"
    FAMILY: ClassVar[str] = "app"
    id: str
    name: Any
    publisher: Any
    downloads: str
    picture: str
    about: Any
    asks: tuple[str, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        picture = node.get("picture", "phone")
        if not (PICTOGRAMS / f"{picture}.png").is_file():
            report(node, "picture", f"no pictogram '{picture}'",
                   "use a file name from assets/pictograms, without '.png', e.g. 'town-hall'")
        for ask in node.get("asks") or ():
            if ask not in PERMISSIONS:
                report(node, "asks", f"unknown request '{ask}'", f"use some of: {', '.join(PERMISSIONS)}")


@dataclass(frozen=True)
class StoreFixture(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("query", "label", default="", what="the words already typed in the search field"),
        Key("apps", "items", item=App, what="the apps found, top to bottom"),
        Key("installed", "text", default="",
            what="the id of an app already installed: the store opens on its page, with **Ouvrir**"),
    )
    WHAT: ClassVar[str] = "the fixture"
    query: Any
    apps: tuple[App, ...]
    installed: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["apps"]:
            report(node, "apps", "the store found no app", "add '- id: ..., name: ..., publisher: ...'")
        ids = [a.get("id") for a in node["apps"] if isinstance(a, Mapping)]
        if node.get("installed") and node["installed"] not in ids:
            report(node, "installed", f"no app '{node['installed']}'",
                   f"use one of: {', '.join(map(str, ids))}")
        if not node.get("installed") and not node.get("query"):
            report(node, None, "nothing is searched and nothing installed",
                   "add 'query:' (the words in the search field) or 'installed: <app id>'")

    def app(self, ident: str) -> App | None:
        return next((a for a in self.apps if a.id == ident), None)


def _read(fixture: Mapping[str, Any]) -> StoreFixture | None:
    if not StoreFixture.check(fixture, lambda *_p: None, set()):
        return None
    return StoreFixture.read(fixture)


def _check(fixture: Any, report: Report) -> None:
    StoreFixture.check(fixture, report, set(), None, None)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    read = _read(fixture)
    return set(BUTTONS) | (read.targets() if read is not None else set())


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the store's buttons and each app's name."""
    names: dict[str, Any] = {key: WORDS[key] for key in BUTTONS if key != "button.back"}
    read = _read(fixture)
    if read is not None:
        names.update({f"app.{app.id}": app.name for app in read.apps})
    return names


GUIDE = """\
A phone's app store, "Boutique d'applis (exemple)". The search field holds the fixture's
`query`; **Rechercher** shows the apps found, each with its icon, name, publisher and
number of downloads, so an official app ("Service public (exemple)", many downloads) can
be told from a look-alike (a name misspelled, a publisher nobody knows, few downloads).
An app's page has **Installer**: a progress bar fills for a second (give that step a
`success:`, said meanwhile), then **Ouvrir**. Opened, the app
asks what its `asks` lists, one system question at a time, **Autoriser** or **Refuser**;
then it shows it is open. `installed:` starts on an installed app's page (**Ouvrir**)."""

TARGETS = (
    TargetName(("button.search",), "**Rechercher**, beside the search field", ("tap",)),
    TargetName(("app.<id>",), "an app in the results: its page", ("tap",)),
    TargetName(("button.back",), "the arrow back to the results", ("tap",)),
    TargetName(("button.install", "button.open"), "on an app's page: **Installer**, then **Ouvrir**",
               ("tap",)),
    TargetName(("button.allow", "button.deny"), "the phone's question: **Autoriser**, **Refuser**", ("tap",)),
)

KEYS = StoreFixture.guide_keys() + App.guide_keys("an app's ")

register(SurfaceSpec("store", _check, _targets, None, _labels,
                     summary="an app store: find the official app among look-alikes, install it, "
                             "answer what it asks",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS, fixture=StoreFixture,
                     fixture_keys=frozenset(k.name for k in StoreFixture.KEYS)))
