"""The browser surface's engine side: its fixture check (a search engine, its results
with ads first, the pages a result opens), its targets and their words, and what the
guide says about it."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import Report, SurfaceSpec, TargetName, check_id, check_keys, check_label, register
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
))

_KEYS = {"engine", "start", "query", "results", "pages"}
_RESULT_KEYS = {"id", "ad", "title", "address", "text", "page"}
_PAGE_KEYS = {"id", "address", "secure", "site", "title", "text", "pictogram", "warning", "info"}
_TEXTS = ("text", "warning", "info", "site")
FIXED_TARGETS = {"field.search", "button.search", "button.back", "address.bar"}


def _check_address(node: Mapping[str, Any], report: Report) -> None:
    address = node.get("address")
    if not isinstance(address, str) or not address.strip():
        report(node, "address" if "address" in node else "id", "missing 'address'",
               "write the web address, e.g. 'address: www.tilleul-sur-meuse.example'")
    elif "://" in address or " " in address.strip():
        report(node, "address", f"'{address}' is not written like an address bar shows it",
               "write it without 'https://' and without spaces: the padlock says https")


def _check_flag(node: Mapping[str, Any], key: str, report: Report) -> None:
    if key in node and not isinstance(node[key], bool):
        report(node, key, f"'{key}' must be true or false", f"write '{key}: true' or '{key}: false'")


def _list(fixture: Any, key: str, report: Report, example: str) -> list[Any]:
    seq = fixture.get(key)
    if not isinstance(seq, list) or not seq:
        report(fixture, key if key in fixture else None, f"'{key}' must be a list",
               f"add '{key}:' with at least one '- id: ...' ({example})")
        return []
    return seq


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    for key in ("engine", "query"):
        if key in fixture and not isinstance(fixture[key], str):
            report(fixture, key, f"'{key}' must be a text", f"write e.g. '{key}: Trouvetout'")
    pages = _list(fixture, "pages", report, "the page a result opens")
    page_ids: set[str] = set()
    seen: set[str] = set()
    for i, page in enumerate(pages):
        if not isinstance(page, Mapping):
            report(pages, i, "a page must be a map", "write 'id:', 'address:' and 'title:'")
            continue
        check_keys(page, _PAGE_KEYS, report, "a page")
        check_id(page, report, seen, "page")
        _check_address(page, report)
        check_label(page, "title", report)
        for key in _TEXTS:
            if key in page:
                check_label(page, key, report)
        _check_flag(page, "secure", report)
        if isinstance(page.get("id"), str):
            page_ids.add(page["id"])
    results = _list(fixture, "results", report, "what the search finds")
    seen = set()
    for i, result in enumerate(results):
        if not isinstance(result, Mapping):
            report(results, i, "a result must be a map", "write 'id:', 'title:', 'address:', 'page:'")
            continue
        check_keys(result, _RESULT_KEYS, report, "a result")
        check_id(result, report, seen, "result")
        check_label(result, "title", report)
        _check_address(result, report)
        if "text" in result:
            check_label(result, "text", report)
        _check_flag(result, "ad", report)
        target = result.get("page")
        if not isinstance(target, str):
            report(result, "page" if "page" in result else "id", "a result needs the 'page' it opens",
                   "add 'page: <the id of a page>'")
        elif pages and target not in page_ids:
            report(result, "page", f"there is no page '{target}'", _near(target, page_ids, "pages"))
    opened = {r.get("page") for r in results if isinstance(r, Mapping)} | {fixture.get("start")}
    for page in pages:
        if isinstance(page, Mapping) and isinstance(page.get("id"), str) and page["id"] not in opened:
            report(page, "id", f"no result opens the page '{page['id']}': the learner can never see it",
                   f"add 'page: {page['id']}' to a result, or remove the page")
    start = fixture.get("start", "search")
    if not isinstance(start, str) or (start not in ("search", "results") and pages
                                       and start not in page_ids):
        report(fixture, "start", f"the browser cannot start on '{start}'",
               _near(str(start), {"search", "results", *page_ids}, "choices"))


def _near(name: str, names: set[str], what: str) -> str:
    close = difflib.get_close_matches(name, sorted(names), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"the {what}: {', '.join(sorted(names))}" if names else f"add it under '{what}'"


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    results = fixture.get("results") or []
    return FIXED_TARGETS | {f"result.{r.get('id')}" for r in results if isinstance(r, Mapping)}


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """The search box is typed in (touching it only gives it the keyboard); the rest is touched."""
    return ("type",) if target == "field.search" else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the search button, each result's title."""
    names: dict[str, Any] = {"button.search": WORDS["button.search"]}
    for result in fixture.get("results") or []:
        if isinstance(result, Mapping) and result.get("title"):
            names[f"result.{result.get('id')}"] = result["title"]
    return names


GUIDE = """\
A search engine in a browser frame (a back arrow, the address bar with its padlock): the
learner types words, touches the magnifier, and reads the results. Results marked
`ad: true` are drawn first and labelled "Annonce", as on a real search page; each result
opens a simple page. Touching the address bar shows a bubble: is the connection secure,
which site is it. Every address ends in `.example`."""

KEYS = (
    ("`engine`", "*(optional)* the (fictional) search engine's name, e.g. `Trouvetout`."),
    ("`start`",
     "*(optional)* `search` (the default: the empty search page), `results`, or the id of a "
     "page."),
    ("`query`", "*(optional)* words already in the search box."),
    ("`results`",
     "what the search finds. Each: `id`, `title`, `address`, `page` (the id of the page it "
     "opens), and optional `text` and `ad: true`."),
    ("`pages`",
     "the pages the results open. Each: `id`, `address` (without `https://`), `title` (its "
     "heading); optional `site` (the name in its banner), `text`, `pictogram`, `secure: "
     "false` (no padlock), `warning` (the kiosk's calm note, e.g. \"not the official site\") "
     "and `info` (said in the address bar's bubble)."),
)

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
                     fixture_keys=frozenset(_KEYS)))
