"""A file to attach on a web form (``- upload: bill``, "Joindre un justificatif"): the
button ``upload.<id>`` opens a file picker over the page with the fixture's folders
(``folder.<id>``) and files (``file.<id>``), and the site checks the chosen file like a
real one: too big (``max_mb``) or of a type it does not take (``types``) is refused, in
red under the block; an accepted file shows its name with a remove button
(``remove.<id>``). A ``submit`` button finds a required upload without a file.

``Upload.refusal(file)`` is the site's rule, here so the check, the tests and the screen
agree on it::

    - upload: bill
      label: {fr: Votre facture d'énergie, ...}
      max_mb: 5
      types: [pdf, jpg, png]
      folders:
        - id: documents
          name: {fr: Documents, ...}
          files:
            - {id: photo, name: photo_facture.jpg, size: "8,2 Mo"}
            - {id: bill, name: facture_energie.pdf, size: "412 Ko"}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report
from kiosk.engine.surfaces.web.blocks import Block, Gotos, flag, short_id, text

# a size as a site or a phone writes it: "412 Ko", "8,2 Mo" (also KB/MB, octets)
SIZE_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(o|ko|kb|mo|mb|go|gb)\s*$", re.IGNORECASE)
_UNIT_MB = {"o": 1 / 1024 / 1024, "ko": 1 / 1024, "kb": 1 / 1024, "mo": 1.0, "mb": 1.0,
            "go": 1024.0, "gb": 1024.0}
TYPE_RE = re.compile(r"^[a-z0-9]{2,5}$")
# the pictogram of a file, by its ending (kiosk.engine.surfaces.files.KINDS)
_KIND_OF = {"pdf": "pdf", "jpg": "image", "jpeg": "image", "png": "image", "gif": "image", "heic": "image"}
TOO_BIG, WRONG_TYPE = "too_big", "wrong_type"


def megabytes(size: str) -> float | None:
    """``"8,2 Mo"`` → 8.2; None when it is not written like a size."""
    match = SIZE_RE.match(size)
    if match is None:
        return None
    return float(match.group(1).replace(",", ".")) * _UNIT_MB[match.group(2).lower()]


def ending(name: str) -> str:
    """``facture.PDF`` → ``pdf`` ("" without an ending)."""
    stem, dot, tail = name.strip().rpartition(".")
    return tail.lower() if dot and stem else ""


@dataclass(frozen=True)
class UploadFile(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `file.<id>`"),
        Key("name", "text", what="its name with its ending: `facture_energie.pdf` (the ending is its type)"),
        Key("size", "text", example='"412 Ko"', what='its size as shown: `"412 Ko"`, `"8,2 Mo"`'),
    )
    WHAT: ClassVar[str] = "a file"
    FAMILY: ClassVar[str] = "file"
    id: str
    name: str
    size: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        name = str(node["name"]).strip()
        if not name or "/" in name:
            report(node, "name", "a file needs a name", "write e.g. 'name: facture_energie.pdf'")
        elif not ending(name):
            report(node, "name", f"'{name}' has no ending", "write its type at the end, e.g. '.pdf'")
        if megabytes(str(node["size"])) is None:
            report(node, "size", f"'{node['size']}' is not a size",
                   'write a number and Ko or Mo, in quotes: size: "412 Ko"')

    @property
    def kind(self) -> str:
        """The picker's pictogram: pdf, image or document."""
        return _KIND_OF.get(ending(self.name), "document")

    @property
    def mb(self) -> float:
        return megabytes(self.size) or 0.0


@dataclass(frozen=True)
class UploadFolder(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `folder.<id>`"),
        Key("name", "label", what="its name: `{fr: Documents, nl: Documenten, ...}`"),
        Key("files", "items", default=(), item=UploadFile, what="the files in it, top to bottom"),
    )
    WHAT: ClassVar[str] = "a folder"
    FAMILY: ClassVar[str] = "folder"
    id: str
    name: Any
    files: tuple[UploadFile, ...]


@dataclass(frozen=True)
class Upload(Block):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("upload", "id", what="its short name: the button is `upload.<id>`"),
        Key("label", "label", None, what="the words above the button: what to attach"),
        Key("max_mb", "number", 5, what="the biggest file the site takes, in Mo (default 5)"),
        Key("types", "list", ("pdf", "jpg", "png"), what="the endings it takes (default `[pdf, jpg, png]`)"),
        Key("required", "flag", True, what="a submit button refuses the form without a file (default true)"),
        Key("folders", "items", (), item=UploadFolder, what="the folders the picker shows, each with its "
            "`files` (`id`, `name`, `size`)"),
    )
    ATTRIBUTES: ClassVar[dict[str, str]] = {"upload": "id"}
    KIND = "upload"
    id: str
    label: Any
    max_mb: float
    types: tuple[str, ...]
    required: bool
    folders: tuple[UploadFolder, ...]

    def files(self) -> dict[str, UploadFile]:
        return {f.id: f for folder in self.folders for f in folder.files}

    def folder_of(self, file_id: str) -> str | None:
        return next((folder.id for folder in self.folders for f in folder.files if f.id == file_id), None)

    def refusal(self, file: UploadFile) -> str | None:
        """What the site says of ``file``: ``WRONG_TYPE``, ``TOO_BIG`` or None (accepted).
        The type is checked first, as sites do (a .docx of 10 Mo is "not a PDF")."""
        if ending(file.name) not in {str(t).lower() for t in self.types}:
            return WRONG_TYPE
        if file.mb > self.max_mb:
            return TOO_BIG
        return None

    def shown_types(self) -> str:
        """``PDF, JPG, PNG``: the endings as the site writes them."""
        return ", ".join(str(t).upper() for t in self.types)

    def shown_max(self) -> str:
        return f"{self.max_mb:g}".replace(".", ",")

    def targets(self) -> set[str]:
        """Opening a folder is looking, never judged: a folder is named in texts
        (``<folder.documents>``) but no step waits on it."""
        return {f"upload.{self.id}", f"remove.{self.id}", *(f"file.{f}" for f in self.files())}

    def labels(self) -> dict[str, Any]:
        from kiosk.engine.surfaces.web import WORDS  # the site's own words

        names: dict[str, Any] = {f"upload.{self.id}": WORDS["upload.choose"],
                                 f"remove.{self.id}": WORDS["upload.remove"]}
        for folder in self.folders:
            names[f"folder.{folder.id}"] = folder.name
            names.update({f"file.{f.id}": f.name for f in folder.files})
        return names

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        short_id(block, "upload", report, seen, "upload")
        if "label" in block:
            text(block, "label", report)
        flag(block, "required", report)
        max_mb = block.get("max_mb", 5)
        if isinstance(max_mb, bool) or not isinstance(max_mb, (int, float)) or max_mb <= 0:
            report(block, "max_mb", f"'max_mb: {max_mb}' is not a size in Mo",
                   "write the biggest size the site takes, e.g. 'max_mb: 5'")
        types = block.get("types", ["pdf", "jpg", "png"])
        if not isinstance(types, list) or not types:
            report(block, "types", "'types' must be a list of endings", "write e.g. 'types: [pdf, jpg, png]'")
        else:
            for i, kind in enumerate(types):
                if not isinstance(kind, str) or not TYPE_RE.match(kind.lower()):
                    report(types, i, f"'{kind}' is not a file ending", "write it without the dot, e.g. 'pdf'")
        folders = block.get("folders")
        if not isinstance(folders, list) or not folders:
            report(block, "folders" if "folders" in block else "upload", "the file picker shows no folder",
                   "add 'folders:' with '- {id: documents, name: Documents, files: [...]}'")
            return
        names: set[str] = set()
        for i, folder in enumerate(folders):
            if UploadFolder.check(folder, report, seen, folders, i):
                files = folder.get("files") or []
                if not files:
                    report(folder, "id", f"the folder '{folder['id']}' has no file",
                           "add 'files:' with '- {id: bill, name: facture.pdf, size: \"412 Ko\"}'")
                for f in files:
                    if isinstance(f, Mapping) and isinstance(f.get("id"), str):
                        names.add(f["id"])
        _check_accepts_one(block, report, names)


def _check_accepts_one(block: Mapping[str, Any], report: Report, names: set[str]) -> None:
    """A picker where the site refuses every file is a dead end for the learner."""
    try:
        upload = Upload.read(block)
    except (TypeError, ValueError):
        return
    if not names or not isinstance(upload.max_mb, (int, float)) or not isinstance(upload.types, tuple):
        return
    if all(upload.refusal(f) is not None for f in upload.files().values()):
        report(block, "upload", f"the site refuses every file of '{block.get('upload')}'",
               f"add a file it takes: ending in one of {', '.join(map(str, upload.types))}, "
               f"at most {upload.shown_max()} Mo")
