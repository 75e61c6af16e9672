"""A document to download on a web page (``- download: household``): the link
``download.<id>``, the file that lands in the download bar ``file.<id>``, and the viewer
it opens in, closed with ``viewer.close``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, check_keys
from kiosk.engine.surfaces.web.blocks import Block, Gotos, short_id, text

_DOCUMENT_KEYS = {"title", "lines"}


@dataclass(frozen=True)
class Document(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("title", "label"), Key("lines", "list", ()))
    title: Any
    lines: tuple[Any, ...]


@dataclass(frozen=True)
class Download(Block):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("download", "id"), Key("label", "label", None),
                                       Key("file", "text", ""), Key("size", "text", None),
                                       Key("document", "map", None, item=Document))
    ATTRIBUTES: ClassVar[dict[str, str]] = {"download": "id"}
    KIND = "download"
    id: str
    label: Any
    file: str
    size: str | None
    document: Document | None

    def targets(self) -> set[str]:
        return {f"download.{self.id}", f"file.{self.id}", "viewer.close"}

    def labels(self) -> dict[str, Any]:
        from kiosk.engine.surfaces.web import WORDS  # the viewer's own word

        return {f"download.{self.id}": self.label, f"file.{self.id}": self.file,
                "viewer.close": WORDS["viewer.close"]}

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        short_id(block, "download", report, seen, "download")
        text(block, "label", report)
        name = block.get("file")
        if not isinstance(name, str) or not name.strip() or "/" in name:
            report(block, "file" if "file" in block else "download", "a download needs its 'file' name",
                   "write e.g. 'file: attestation.pdf' (the name shown once downloaded)")
        if "size" in block and not isinstance(block["size"], str):
            report(block, "size", "'size' must be a text", "write e.g. 'size: 84 Ko'")
        document = block.get("document")
        if not isinstance(document, Mapping):
            report(block, "document" if "document" in block else "download",
                   "a download needs the 'document' it opens", "add 'document: {title: ..., lines: [...]}'")
            return
        check_keys(document, _DOCUMENT_KEYS, report, "a document")
        text(document, "title", report)
        lines = document.get("lines", [])
        if not isinstance(lines, list):
            report(document, "lines", "'lines' must be a list of texts", "write '- ...' under 'lines:'")
            return
        for i, line in enumerate(lines):
            if not (isinstance(line, str) or (isinstance(line, Mapping) and "fr" in line)):
                report(lines, i, "a line must be a text", "write the words, or a map with at least 'fr:'")
