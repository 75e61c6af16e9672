"""The web surface's engine side: pages a trainer declares in YAML (an online booking, a
form with the site's own error messages, a document to download and open) as typed blocks,
their check, targets and words, and what the guide says about it. scenarios/README.md
("Worked example: an online procedure without code") explains every key.

A block is named by its first key (``- field: city``); ``BLOCKS`` gives the record of each
kind (one module per kind of block: ``blocks.py`` for words, buttons and links,
``field.py``, ``calendar.py``, ``download.py``, ``table.py``, ``upload.py``), and
``kiosk.ui.surfaces.web`` draws each
kind under the same name. The widgets get ``WebSite`` (``spec.read``) and read attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import (
    Key,
    Record,
    Report,
    SurfaceSpec,
    TargetName,
    check_id,
    check_keys,
    register,
)
from kiosk.engine.surfaces.web.blocks import (
    Block,
    Button,
    Gotos,
    Heading,
    Link,
    Notice,
    Summary,
    Words,
    flag,
    near,
    text,
)
from kiosk.engine.surfaces.web.calendar import Calendar, slot_name
from kiosk.engine.surfaces.web.download import Download
from kiosk.engine.surfaces.web.field import CHOICE_KINDS, FIELD_KINDS, TEXT_KINDS, Field
from kiosk.engine.surfaces.web.table import Table
from kiosk.engine.surfaces.web.upload import Upload
from kiosk.engine.surfaces.words import N_
from kiosk.engine.surfaces.words import Words as SurfaceWords

__all__ = ["BLOCKS", "CHOICE_KINDS", "FIELD_KINDS", "TEXT_KINDS", "WORDS", "Block", "Button", "Calendar",
           "Download", "Field", "Heading", "Link", "Notice", "Page", "Site", "Summary", "Table", "WebSite",
           "Upload", "Words",
           "block_kind", "slot_name"]

# each kind of block, by the first key that names it (the order the guide lists them)
BLOCKS: dict[str, type[Block]] = {
    "heading": Heading,
    "text": Words,
    "notice": Notice,
    "summary": Summary,
    "field": Field,
    "button": Button,
    "link": Link,
    "calendar": Calendar,
    "download": Download,
    "table": Table,
    "upload": Upload,
}
_KEYS = {"site", "pages"}

# The browser frame's and the site's own words (the UI draws them; "viewer.close" is on a
# target, and scenario texts refer to it: "<viewer.close>"). Translations: kiosk.po.
WORDS = SurfaceWords("web", (
    N_("web.banner.fix", "Veuillez corriger les erreurs ci-dessous."),
    N_("web.field.required", "Ce champ est obligatoire."),
    N_("web.select.placeholder", "— Choisissez —"),
    N_("web.calendar.first", "Choisissez d'abord un jour."),
    N_("web.calendar.hours", "Choisissez une heure libre."),
    N_("web.slot.full", "complet"),
    N_("web.download.action", "Télécharger"),
    N_("web.download.done", "Téléchargé"),
    N_("web.file.open", "Ouvrir"),
    N_("web.viewer.close", "Fermer"),
    N_("web.viewer.fake", "Document fictif pour l'exercice"),
    N_("web.address.insecure", "Non sécurisé"),
    N_("web.footer", "Site d'exercice : rien n'est envoyé."),
    # a password field: its live rules (kiosk.engine.surfaces.web.rules), the eye
    N_("web.rule.length_8", "8 caractères minimum"),
    N_("web.rule.capital", "Une lettre majuscule"),
    N_("web.rule.small", "Une lettre minuscule"),
    N_("web.rule.digit", "Un chiffre"),
    N_("web.rule.symbol", "Un signe, comme ! ou ?"),
    # TRANSLATORS: the site's message when a password does not meet all its rules
    N_("web.password.rules", "Le mot de passe ne respecte pas toutes les règles."),
    # TRANSLATORS: a button beside a password field that shows the hidden text
    N_("web.password.show", "Afficher"),
    # TRANSLATORS: the same button once the password shows: hides it again
    N_("web.password.hide", "Masquer"),
    # the upload block ("Joindre un justificatif") and its file picker
    N_("web.upload.choose", "Joindre un fichier"),
    # TRANSLATORS: under the upload button; {types} is e.g. "PDF, JPG, PNG", {max} a number of Mo
    N_("web.upload.limits", "{types} · {max} Mo maximum"),
    # TRANSLATORS: the site refuses a file; {max} is a number of Mo
    N_("web.upload.too_big", "Le fichier dépasse {max} Mo."),
    # TRANSLATORS: the site refuses a file; {types} is e.g. "PDF, JPG, PNG"
    N_("web.upload.wrong_type", "Seuls les fichiers {types} sont acceptés."),
    N_("web.upload.remove", "Retirer"),
    N_("web.upload.title", "Choisir un fichier"),
    N_("web.upload.cancel", "Annuler"),
))


def block_kind(block: Mapping[str, Any]) -> str | None:
    """What a block is: the first of its keys that names a kind of block."""
    for key in block:
        if key in BLOCKS:
            return str(key)
    return None


def read_block(node: Mapping[str, Any]) -> Block | None:
    kind = block_kind(node)
    return BLOCKS[kind].read(node) if kind is not None else None


@dataclass(frozen=True)
class Site(Record):
    """The site's band on every page: its name and pictogram."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("name", "label"), Key("pictogram", "text", "globe"))
    name: Any
    pictogram: str


@dataclass(frozen=True)
class Page(Record):
    """One page: its address (without https://), padlock, tab title and blocks."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("id", "id"), Key("address", "text"), Key("secure", "flag", True),
                                       Key("title", "label"), Key("blocks", "list", ()))
    FAMILY = "page"
    id: str
    address: str
    secure: bool
    title: Any
    blocks: tuple[Block, ...]

    @classmethod
    def read(cls, node: Mapping[str, Any]) -> Page:
        page: Page = super().read(node)
        found = (read_block(b) for b in node.get("blocks") or () if isinstance(b, Mapping))
        return cls(page.id, page.address, page.secure, page.title, tuple(b for b in found if b is not None))

    def targets(self) -> set[str]:
        return {name for block in self.blocks for name in block.targets()}


@dataclass(frozen=True)
class WebSite(Record):
    """The whole fixture: the site (may be left out) and its pages, the first shown first."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("site", "map", None, item=Site),
                                       Key("pages", "items", (), item=Page))
    site: Site | None
    pages: tuple[Page, ...]

    def targets(self) -> set[str]:
        return {name for page in self.pages for name in page.targets()}

    def labels(self) -> dict[str, Any]:
        return {name: words for page in self.pages for block in page.blocks
                for name, words in block.labels().items() if words}


def _check_block(block: Any, blocks: list[Any], i: int, report: Report, seen: set[str], gotos: Gotos) -> None:
    if not isinstance(block, Mapping):
        report(blocks, i, "a block must be a map", "start it with what it is, e.g. '- heading: ...'")
        return
    kind = block_kind(block)
    if kind is None:
        report(blocks, i, "this block does not say what it is", f"start it with one of: {', '.join(BLOCKS)}")
        return
    others = [k for k in block if k in BLOCKS and k != kind]
    if others:
        report(block, others[0], f"one block cannot be both '{kind}' and '{others[0]}'",
               "start a new block with '- ' for each thing on the page")
        return
    record = BLOCKS[kind]
    check_keys(block, set(record.keys()), report, f"a '{kind}' block")
    record.check_block(block, report, seen, gotos)


def _check_address(page: Mapping[str, Any], report: Report) -> None:
    address = page.get("address")
    if not isinstance(address, str) or not address.strip():
        report(page, "address" if "address" in page else "id", "missing 'address'",
               "write the web address, e.g. 'address: www.tilleul-sur-meuse.example/rendez-vous'")
    elif "://" in address or " " in address.strip():
        report(page, "address", f"'{address}' is not written like an address bar shows it",
               "write it without 'https://' and without spaces: the padlock says https")


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _KEYS, report, "the fixture")
    site = fixture.get("site")
    if site is not None:
        if not isinstance(site, Mapping):
            report(fixture, "site", "'site' must be a map", "write 'site: {name: ..., pictogram: ...}'")
        else:
            check_keys(site, set(Site.keys()), report, "the site")
            text(site, "name", report)
    pages = fixture.get("pages")
    if not isinstance(pages, list) or not pages:
        report(fixture, "pages" if "pages" in fixture else None, "the web surface has no page",
               "add 'pages:' with at least one '- id: ...' (address, title, blocks)")
        return
    seen: set[str] = set()
    page_ids: set[str] = set()
    gotos: Gotos = []
    for i, page in enumerate(pages):
        if not isinstance(page, Mapping):
            report(pages, i, "a page must be a map", "write 'id:', 'address:', 'title:' and 'blocks:'")
            continue
        check_keys(page, set(Page.keys()), report, "a page")
        check_id(page, report, seen, "page")
        if isinstance(page.get("id"), str):
            page_ids.add(page["id"])
        _check_address(page, report)
        flag(page, "secure", report)
        text(page, "title", report)
        blocks = page.get("blocks")
        if not isinstance(blocks, list) or not blocks:
            report(page, "blocks" if "blocks" in page else "id", "the page shows nothing",
                   "add 'blocks:' with e.g. '- heading: ...'")
            continue
        for j, block in enumerate(blocks):
            _check_block(block, blocks, j, report, seen, gotos)
    for block, goto in gotos:
        if goto not in page_ids:
            report(block, "goto", f"there is no page '{goto}'", near(goto, page_ids, "pages"))
    _check_reached(pages, gotos, report)


def _check_reached(pages: list[Any], gotos: Gotos, report: Report) -> None:
    """Every page can be reached from the first, through buttons and links: a page
    nothing leads to is one the learner never sees (and a step there, a dead end)."""
    leads: dict[str, set[str]] = {}  # page id → the pages its buttons and links open
    for page in pages:
        if isinstance(page, Mapping) and isinstance(page.get("id"), str):
            blocks = page.get("blocks")
            on_page = {id(b) for b in blocks} if isinstance(blocks, list) else set()
            leads[page["id"]] = {goto for block, goto in gotos if id(block) in on_page}
    if not leads:
        return
    first = next(iter(leads))
    reached, todo = {first}, [first]
    while todo:
        for goto in leads.get(todo.pop(), set()) - reached:
            reached.add(goto)
            todo.append(goto)
    for page in pages:
        if isinstance(page, Mapping) and page.get("id") in leads and page["id"] not in reached:
            report(page, "id", f"no button or link leads to the page '{page['id']}': "
                   "the learner can never see it",
                   f"add a button or link with 'goto: {page['id']}' on a page the learner sees, "
                   "or remove the page")


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    site: WebSite = WebSite.read(fixture)
    return site.targets()


def _gestures(fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """What a learner does on a target: type in a field, choose a choice, tap the rest
    (scrolling to any of them is always fine)."""
    family = target.split(".", 1)[0]
    if family == "field":
        return ("type", "scroll_to")
    if family in ("option", "day", "slot"):
        return ("choose", "scroll_to")
    return ("tap", "scroll_to")


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    site: WebSite = WebSite.read(fixture)
    return site.labels()


GUIDE = """\
Web pages you declare, in a browser frame (a tab, the address bar with its padlock):
headings and texts, form fields that the site checks like a real one, choices, a calendar
of free times, documents to download and open in a viewer. Nothing is ever sent; use the
commune "Tilleul-sur-Meuse" and addresses ending in `.example`.

The chapter "Worked example: an online procedure without code" explains every key of a
page, a block and a field, and builds a form step by step. The worked example here is the
smallest form: one field the site checks, one button. Any target below may also be the
target of a `scroll_to` step ("scroll down to ...").

A `table` block shows a price list, a bank statement or a timetable: a `caption`, its
`columns` (an id and the words of the header) and its `rows`, each an `id` and one value
per column (a text, or a map of languages). Long words wrap inside their column: the
table always fits the page's width. Every row is a target (`row.fees.passport`: "touch
the line of the passport") and every cell too (`cell.fees.passport.price`: "touch its
price"); `<row.fees.passport>` in a text writes the row's first cell.

```text
- table: fees
  caption: Tarifs des documents (exemple)
  columns:
    - {id: document, label: Document}
    - {id: price, label: Prix}
  rows:
    - {id: id_card, document: Carte d'identité, price: "16,50 €"}
    - {id: passport, document: Passeport, price: "75 €"}
```

The check names a column a row does not have (`prix` for `price`), a row with a cell
missing, and two rows with one id.

An `upload` block asks for a file ("Joindre un justificatif"): **Joindre un fichier**
(`upload.bill`) opens a file picker over the page with its `folders` and their `files`
(`id`, `name` with its ending, `size` as shown: `"412 Ko"`). The site checks the file
like a real one: bigger than `max_mb` (default 5) gives "Le fichier dépasse 5 Mo.", an
ending not in `types` (default `[pdf, jpg, png]`) "Seuls les fichiers PDF, JPG, PNG sont
acceptés.", in red under the block; an accepted file shows its name and **Retirer**
(`remove.bill`). A step names the file (`file.bill`); opening its folder is not judged
(the help shows the folder first). A `submit` button refuses the form without a file
(`required: false` to let it pass). `documents.proof` is the worked example.

```text
- upload: bill
  label: Votre facture d'énergie
  max_mb: 5
  types: [pdf, jpg, png]
  folders:
    - id: documents
      name: Documents
      files:
        - {id: photo, name: photo_facture.jpg, size: "8,2 Mo"}
        - {id: bill, name: facture_energie.pdf, size: "412 Ko"}
```

The check names a size it cannot read, a file without an ending, and an upload where
the site refuses every file."""

TARGETS = (
    TargetName(("field.<id>",), "a text field — `field.postcode`", ("type",)),
    TargetName(("option.<field>.<option>",),
               "a choice in a `radio`, `checkbox` or `select` field — `option.what.furniture`", ("choose",)),
    TargetName(("day.<day>",), "a day of a calendar — `day.tue`", ("choose",)),
    TargetName(("slot.<day>.<hhmm>",), "a free time that day — `slot.tue.1030` for 10:30 "
               "(a taken time is not a target)", ("choose",)),
    TargetName(("button.<id>",), "a button — `button.send`", ("tap",)),
    TargetName(("link.<id>",), "a link — `link.documents`", ("tap",)),
    TargetName(("download.<id>",), "a document's download link", ("tap",)),
    TargetName(("file.<id>",), "the same document, downloaded, in the bar at the bottom; or a file in "
               "an upload's picker (the site accepts or refuses it)", ("tap",)),
    TargetName(("upload.<id>",), "an upload's **Joindre un fichier** button: it opens the file picker",
               ("tap",)),
    TargetName(("remove.<id>",), "**Retirer** (×) beside the file an upload accepted", ("tap",)),
    TargetName(("viewer.close",), "**Fermer** in the document viewer", ("tap",)),
    TargetName(("row.<table>.<row>",), "a row of a table — `row.fees.passport`", ("tap",)),
    TargetName(("cell.<table>.<row>.<column>",), "one cell of a table — `cell.fees.passport.price`",
               ("tap",)),
)

register(SurfaceSpec("web", _check, _targets, _gestures, _labels,
                     summary=("web pages you declare: fields, choices, a calendar of free slots, downloads, "
                              "tables, files to attach"),
                     guide=GUIDE, target_names=TARGETS,
                     fixture_keys=frozenset(_KEYS), fixture=WebSite))
