"""The browser surface's engine side: its fixture check (a search engine, its results
with ads first, the pages a result opens), its targets and their words, and what the
guide says about it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The screen's own words, French: those on its targets (scenario texts refer to them) and those
# it only draws. Translations: kiosk/locale/<lang>/LC_MESSAGES/kiosk.po (kiosk.engine.surfaces.words).
WORDS = Words("browser", (
    # on a target
    N_("browser.button.search", "Rechercher"),
    # drawn only
    N_("browser.search.label", "Que cherchez-vous ?"),
    # TRANSLATORS: the tag on a paid search result (an advertisement), as search engines show it
    N_("browser.ad", "Annonce"),
    # TRANSLATORS: in the address bar of a site without https, as browsers show it (as web.address.insecure)
    N_("browser.address.insecure", "Non sécurisé"),
    N_("browser.info.secure", "Connexion sécurisée"),
    N_("browser.info.insecure", "Connexion non sécurisée"),
    N_("browser.note.heading", "Bon à savoir"),
    # TRANSLATORS: under the search box when the learner searched other words
    N_("browser.field.check", "Vérifiez les mots de votre recherche."),
    # TRANSLATORS: a scam page's countdown; {time} is minutes:seconds, e.g. 09:59
    N_("browser.countdown", "Temps restant : {time}"),
))

COUNTDOWN_RE = re.compile(r"^\d{1,2}:[0-5]\d$")

FIXED_TARGETS = {"field.search", "button.search", "button.back", "address.bar"}


def _check_address(node: Mapping[str, Any], report: Report) -> None:
    """An address as the address bar shows it: no scheme (the padlock says it), no spaces."""
    address = node["address"]
    if not address.strip():
        report(node, "address", "missing 'address'",
               "write the web address, e.g. 'address: www.tilleul-sur-meuse.example'")
    elif "://" in address or " " in address.strip():
        report(node, "address", f"'{address}' is not written like an address bar shows it",
               "write it without 'https://' and without spaces: the padlock says https")


_ADDRESS = Key("address", "text", example="www.tilleul-sur-meuse.example")


@dataclass(frozen=True)
class Page(Record):
    """A simple page a result opens (or the browser starts on)."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        _ADDRESS,
        Key("secure", "flag", default=True),
        Key("site", "label", default=""),
        Key("title", "label"),
        Key("text", "label", default=""),
        Key("pictogram", "text", default=""),
        Key("warning", "label", default=""),
        Key("info", "label", default=""),
        Key("countdown", "text", default=""),
        Key("button", "label", default=""),
    )
    WHAT: ClassVar[str] = "a page"
    FAMILY: ClassVar[str] = "page"  # its id is unique among pages, but a page is no target
    id: str
    address: str
    secure: bool
    site: Any
    title: Any
    text: Any
    pictogram: str
    warning: Any
    info: Any
    countdown: str
    button: Any

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_address(node, report)
        countdown = node.get("countdown", "")
        if countdown and not COUNTDOWN_RE.match(countdown):
            report(node, "countdown", f"'{countdown}' is not minutes:seconds",
                   'write it in quotes, e.g. countdown: "09:59"')

    def targets(self) -> set[str]:
        return set()  # a page is seen, not touched: its result is the target


@dataclass(frozen=True)
class Result(Record):
    """A search result (an ad is drawn first, marked "Annonce"): target ``result.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        Key("ad", "flag", default=False),
        Key("title", "label"),
        _ADDRESS,
        Key("text", "label", default=""),
        Key("page", "text", example="<the id of a page>"),
    )
    WHAT: ClassVar[str] = "a result"
    FAMILY: ClassVar[str] = "result"
    id: str
    ad: bool
    title: Any
    address: str
    text: Any
    page: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_address(node, report)


@dataclass(frozen=True)
class Browser(Record):
    """The browser fixture: the search engine, what it finds, the pages results open."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("engine", "text", default="", example="Trouvetout",
            what="the (fictional) search engine's name, e.g. `Trouvetout`."),
        Key("start", "text", default="search",
            what="`search` (the default: the empty search page), `results`, or the id of a page."),
        Key("query", "text", default="", example="permis", what="words already in the search box."),
        Key("results", "items", item=Result, example="[{id: ..., title: ..., address: ..., page: ...}]",
            what="what the search finds. Each: `id`, `title`, `address`, `page` (the id of the page it "
                 "opens), and optional `text` and `ad: true`."),
        Key("pages", "items", item=Page, example="[{id: ..., address: ..., title: ...}]",
            what="the pages the results open. Each: `id`, `address` (without `https://`), `title` (its "
                 "heading); optional `site` (the name in its banner), `text`, `pictogram`, `secure: "
                 "false` (no padlock), `warning` (the kiosk's calm note, e.g. \"not the official site\"), "
                 "`info` (said in the address bar's bubble), `countdown` (a scam's pressure: \"09:59\" "
                 "ticks down in red) and `button` (a big button drawn on the page, e.g. \"Payer 1,99 €\": "
                 "not a target, touching it is a miss and help comes)."),
    )
    WHAT: ClassVar[str] = "the fixture"
    engine: str
    start: str
    query: str
    results: tuple[Result, ...]
    pages: tuple[Page, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        pages, results = node["pages"], node["results"]
        for key, example in (("pages", "the page a result opens"), ("results", "what the search finds")):
            if not node[key]:
                report(node, key, f"'{key}' is empty", f"add at least one '- id: ...' ({example})")
        page_ids = {p["id"] for p in pages if isinstance(p, Mapping) and isinstance(p.get("id"), str)}
        for result in results:
            target = result.get("page") if isinstance(result, Mapping) else None
            if isinstance(target, str) and pages and target not in page_ids:
                report(result, "page", f"there is no page '{target}'", _near(target, page_ids, "pages"))
        opened = {r.get("page") for r in results if isinstance(r, Mapping)} | {node.get("start")}
        for page in pages:
            if isinstance(page, Mapping) and isinstance(page.get("id"), str) and page["id"] not in opened:
                report(page, "id", f"no result opens the page '{page['id']}': the learner can never see it",
                       f"add 'page: {page['id']}' to a result, or remove the page")
        start = node.get("start", "search")
        if isinstance(start, str) and start not in ("search", "results") and pages and start not in page_ids:
            report(node, "start", f"the browser cannot start on '{start}'",
                   _near(start, {"search", "results", *page_ids}, "choices"))


def _check(fixture: Any, report: Report) -> None:
    Browser.check(fixture, report, set())


def _near(name: str, names: set[str], what: str) -> str:
    close = difflib.get_close_matches(name, sorted(names), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"the {what}: {', '.join(sorted(names))}" if names else f"add it under '{what}'"


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return FIXED_TARGETS | Browser.read(fixture).targets()


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """The search box is typed in (touching it only gives it the keyboard); the rest is touched."""
    return ("type",) if target == "field.search" else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the search button, each result's title."""
    names: dict[str, Any] = {"button.search": WORDS["button.search"]}
    names |= {f"result.{result.id}": result.title for result in Browser.read(fixture).results if result.title}
    return names


GUIDE = """\
A search engine in a browser frame (a back arrow, the address bar with its padlock): the
learner types words, touches the magnifier, and reads the results. Results marked
`ad: true` are drawn first and labelled "Annonce", as on a real search page; each result
opens a simple page. Touching the address bar shows a bubble: is the connection secure,
which site is it. Every address ends in `.example`."""

KEYS = Browser.guide_keys()

TARGETS = (
    TargetName(("field.search",), "the search box", ("type",)),
    TargetName(("button.search",), "the magnifier (**Rechercher**)", ("tap",)),
    TargetName(("result.<id>",), "a result (it opens its page)", ("tap",)),
    TargetName(("button.back",), "the browser's back arrow", ("tap",)),
    TargetName(("address.bar",),
               "the padlock and the address: a bubble says if the site is secure, and whose it is", ("tap",)),
)

register(SurfaceSpec("browser", _check, _targets, _gestures, _labels,
                     summary='a search engine, results with ads labelled "Annonce", the pages they open',
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(Browser.keys()), fixture=Browser))
