"""The files surface's engine side: a phone's file manager (its typed fixture: folders
and the files in them), its targets, its own words and its guide text.

The learner opens a folder, selects a file, renames it (typed on the kiosk's keyboard)
and moves it into another folder. The same folders and files feed the file picker a web
form opens (``kiosk.ui.surfaces.file_picker``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

WORDS = Words("files", (
    N_("files.app.title", "Mes fichiers"),
    N_("files.button.rename", "Renommer"),
    # TRANSLATORS: a button that opens the list of folders to move a file into
    N_("files.button.move", "Déplacer vers…"),
    N_("files.button.cancel", "Annuler"),
    # TRANSLATORS: the title of the list of folders a file can go to
    N_("files.choose.title", "Choisir un dossier"),
    N_("files.field.name", "Nouveau nom"),
    # TRANSLATORS: under a folder's name; {n} is a number of files
    N_("files.count", "{n} fichiers"),
    N_("files.count.one", "1 fichier"),
    N_("files.empty", "Ce dossier est vide."),
    N_("files.renamed", "Fichier renommé."),
    # TRANSLATORS: after a file was moved; {folder} is the folder's name
    N_("files.moved", "Fichier déplacé dans : {folder}"),
    N_("files.selected", "Que faire avec ce fichier ?"),
    N_("files.kind.pdf", "Document PDF"),
    N_("files.kind.image", "Image"),
    N_("files.kind.document", "Document"),
))

KINDS = ("pdf", "image", "document")
# each kind of file's pictogram (assets/pictograms)
PICTURES = {"pdf": "pdf", "image": "photo", "document": "document"}
BUTTONS = ("button.back", "button.rename", "button.move", "button.cancel")
NAME_FIELD = "field.name"


@dataclass(frozen=True)
class File(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `file.<id>`"),
        Key("name", "text", what="its file name as the phone shows it, with its ending: "
            "`fiche_2025-03.pdf`"),
        Key("kind", "text", default="document", what="its pictogram: `pdf`, `image` or `document`"),
        Key("size", "text", default="", what="its size as shown: `\"245 Ko\"`"),
    )
    WHAT: ClassVar[str] = "a file"
    FAMILY: ClassVar[str] = "file"
    id: str
    name: str
    kind: str
    size: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if node.get("kind", "document") not in KINDS:
            report(node, "kind", f"unknown kind of file '{node['kind']}'", f"use one of: {', '.join(KINDS)}")
        if not str(node["name"]).strip():
            report(node, "name", "a file needs a name", "write e.g. 'name: fiche_2025-03.pdf'")

    @property
    def stem(self) -> str:
        """The name without its ending (what **Renommer** lets the learner change)."""
        return self.name.rsplit(".", 1)[0] if "." in self.name.strip(".") else self.name

    @property
    def ending(self) -> str:
        """``.pdf``: kept when the file is renamed, as a phone does."""
        return self.name[len(self.stem):]


@dataclass(frozen=True)
class Folder(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `folder.<id>`"),
        Key("name", "label", what="its name: `{fr: Téléchargements, nl: Downloads, ...}`"),
        Key("files", "items", default=(), item=File, what="the files in it, top to bottom"),
    )
    WHAT: ClassVar[str] = "a folder"
    FAMILY: ClassVar[str] = "folder"
    id: str
    name: Any
    files: tuple[File, ...]

    def targets(self) -> set[str]:
        # a folder is also a place to move a file to: dest.<id> in the folder chooser
        return super().targets() | {f"dest.{self.id}"}


@dataclass(frozen=True)
class FilesFixture(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("folders", "items", item=Folder, what="the folders, top to bottom"),
        Key("open", "text", default="", what="the id of the folder open at the start "
            "(none: the list of folders)"),
    )
    WHAT: ClassVar[str] = "the fixture"
    folders: tuple[Folder, ...]
    open: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        folders = [f for f in node["folders"] if isinstance(f, Mapping)]
        if len(folders) < 2:
            report(node, "folders", "the phone needs at least two folders",
                   "add another '- id: ..., name: ...' (a file moves from one to another)")
        ids = [f.get("id") for f in folders]
        if node.get("open") and node["open"] not in ids:
            report(node, "open", f"no folder '{node['open']}'", f"use one of: {', '.join(map(str, ids))}")

    def folder(self, ident: str) -> Folder | None:
        return next((f for f in self.folders if f.id == ident), None)


def _read(fixture: Mapping[str, Any]) -> FilesFixture | None:
    if not FilesFixture.check(fixture, lambda *_p: None, set()):
        return None
    return FilesFixture.read(fixture)


def _check(fixture: Any, report: Report) -> None:
    FilesFixture.check(fixture, report, set(), None, None)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    read = _read(fixture)
    return {*BUTTONS, NAME_FIELD} | (read.targets() if read is not None else set())


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """A file is touched or held (both select it); a folder of the chooser is chosen; the
    name is typed; the rest is touched."""
    if target.startswith("file."):
        return ("tap", "long_press")
    if target.startswith("dest."):
        return ("choose",)
    return ("type",) if target == NAME_FIELD else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the buttons, the folders' and files' names."""
    names: dict[str, Any] = {key: WORDS[key] for key in ("button.rename", "button.move", "button.cancel")}
    names[NAME_FIELD] = WORDS["field.name"]
    read = _read(fixture)
    if read is not None:
        for folder in read.folders:
            names[f"folder.{folder.id}"] = names[f"dest.{folder.id}"] = folder.name
            names.update({f"file.{file.id}": file.name for file in folder.files})
    return names


GUIDE = """\
A phone's file manager, "Mes fichiers". It starts on the list of folders (or in the
folder `open:` names), each with its pictogram and number of files; touching one shows
its files: a pictogram for the kind (PDF, image, document), the name and the size, and
the back arrow to the folders. Touching or holding a file selects it: **Renommer** and
**Déplacer vers…** appear at the bottom. **Renommer** shows the name without its ending
in a field with the kiosk's keyboard (the ending `.pdf` stays, as on a phone); the text is
checked by the step's `rule`, then forgotten. **Déplacer vers…** lists the other folders;
choosing one moves the file there. The same list of folders and files is the picker a
web form opens to attach a file."""

TARGETS = (
    TargetName(("folder.<id>",), "a folder in the list: opens it", ("tap",)),
    TargetName(("file.<id>",), "a file in the open folder: a touch or a long press selects it",
               ("tap", "long_press")),
    TargetName(("button.back",), "the arrow back to the list of folders", ("tap",)),
    TargetName(("button.rename", "button.move"),
               "under a selected file: **Renommer**, **Déplacer vers…**", ("tap",)),
    TargetName((NAME_FIELD,), "the new name's field (after **Renommer**): typed, then OK", ("type",)),
    TargetName(("dest.<id>",), "a folder of **Choisir un dossier** (after **Déplacer vers…**)",
               ("choose",)),
    TargetName(("button.cancel",), "**Annuler**: closes the renaming or the list of folders", ("tap",)),
)

KEYS = FilesFixture.guide_keys() + Folder.guide_keys("a folder's ") + File.guide_keys("a file's ")

register(SurfaceSpec("files", _check, _targets, _gestures, _labels,
                     summary="a phone's file manager: find a download, rename it, move it into a folder",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS, fixture=FilesFixture,
                     fixture_keys=frozenset(k.name for k in FilesFixture.KEYS)))
