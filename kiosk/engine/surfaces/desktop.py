"""The desktop surface's engine side: its fixture check (objects, folders, a list, a
context menu), its targets and their words, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register

# -- desktop: the pointer drills (objects, folders, a list, a context menu) -----------

OBJECT_KINDS = ("object", "folder", "document")


@dataclass(frozen=True)
class MenuChoice(Record):
    """A choice in an object's right-click menu: target ``menu.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"), Key("label", "label"), Key("pictogram", "text", default=""))
    WHAT: ClassVar[str] = "an item"
    FAMILY: ClassVar[str] = "menu"
    id: str
    label: Any
    pictogram: str


@dataclass(frozen=True)
class ListRow(MenuChoice):
    """A row of the long list: target ``list.<id>``."""

    FAMILY: ClassVar[str] = "list"


@dataclass(frozen=True)
class DeskObject(Record):
    """A thing, a folder or a document on the desk (or in a folder): ``object.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        Key("label", "label"),
        Key("pictogram", "text", default=""),
        Key("x", "number", example="0.5"),
        Key("y", "number", example="0.5"),
        Key("size", "number", default=0.2, example="0.2"),
        Key("kind", "text", default="object", choices=OBJECT_KINDS),
        Key("menu", "items", default=(), item=MenuChoice),
        # "contents" (objects inside a folder) is added below: a DeskObject holds DeskObjects
    )
    WHAT: ClassVar[str] = "an object"
    FAMILY: ClassVar[str] = "object"
    id: str
    label: Any
    pictogram: str
    x: float
    y: float
    size: float
    kind: str
    menu: tuple[MenuChoice, ...]
    contents: tuple[DeskObject, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        for key in ("x", "y"):
            if not 0 <= node[key] <= 1:
                report(node, key, f"'{key}' must be a number from 0 to 1",
                       f"write e.g. '{key}: 0.5' (a share of the surface)")
        size = node.get("size", 0.2)
        if isinstance(size, (int, float)) and not 0.05 <= size <= 0.6:
            report(node, "size", "'size' must be a number from 0.05 to 0.6",
                   "write e.g. 'size: 0.2' (a share of the surface height)")
        if "contents" in node and node.get("kind", "object") != "folder":
            report(node, "contents", "only a folder has 'contents'", "add 'kind: folder'")
        for key in ("contents", "menu"):
            if key in node and not node[key]:
                report(node, key, f"'{key}' is empty", f"add '- id: ...' entries, or remove '{key}'")


DeskObject.KEYS += (Key("contents", "items", default=(), item=DeskObject),)


@dataclass(frozen=True)
class Desk(Record):
    """The desktop fixture: objects on the desk, and/or a long list."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("objects", "items", default=(), item=DeskObject),
        Key("list", "items", default=(), item=ListRow),
    )
    WHAT: ClassVar[str] = "the fixture"
    objects: tuple[DeskObject, ...]
    list: tuple[ListRow, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node.get("objects") and not node.get("list"):
            report(node, None, "the fixture shows nothing", "add 'objects:' or 'list:'")

    def everything(self) -> Iterator[DeskObject | MenuChoice]:
        """Every object (inside folders too), its menu's choices, the list's rows."""
        stack = list(self.objects)
        while stack:
            obj = stack.pop(0)
            yield obj
            yield from obj.menu
            stack.extend(obj.contents)
        yield from self.list


def _check_desktop(fixture: Any, report: Report) -> None:
    Desk.check(fixture, report, set())


def _desktop_targets(fixture: Mapping[str, Any]) -> set[str]:
    return Desk.read(fixture).targets()


def _desktop_labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words under each object, on each menu choice and each row of the list."""
    return {f"{part.FAMILY}.{part.id}": part.label for part in Desk.read(fixture).everything() if part.label}


GUIDE = """\
A computer desk for the mouse drills: objects (things, folders, documents) on a coloured
background, folders that open with a double-click, a menu on a right-click (a long press on
a touch screen), and a long list that scrolls.

The fixture has `objects:` or `list:` (a list covers the middle of the desk: give it a
screen of its own, like the shipped `mouse.scroll`). Section 3 explains every key; the
worked example uses every gesture once, but scrolling. Steps may write `click`,
`double_click`, `right_click` for `tap`, `double_tap`, `long_press`: the words the learners
hear in the mouse drills."""

TARGETS = (
    TargetName(("object.<id>",),
               "an object on the desk, or inside a folder's `contents` (`drag` names the folder in `to:`)",
               ("tap", "double_tap", "long_press", "drag")),
    TargetName(("menu.<id>",), "a choice in an object's right-click menu", ("choose",)),
    TargetName(("list.<id>",), "a row of the list", ("scroll_to", "tap")),
)

register(SurfaceSpec("desktop", _check_desktop, _desktop_targets, labels=_desktop_labels,
                     summary="a computer desk: objects, folders, a list, a right-click menu",
                     guide=GUIDE, target_names=TARGETS,
                     fixture_keys=frozenset(Desk.keys()), fixture=Desk))
