"""The desktop surface's engine side: its fixture check (objects, folders, a list, a
context menu), its targets and their words, and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import Report, SurfaceSpec, TargetName, check_id, check_label, register

# -- desktop: the pointer drills (objects, folders, a list, a context menu) -----------

OBJECT_KINDS = ("object", "folder", "document")
_OBJECT_KEYS = {"id", "label", "pictogram", "x", "y", "size", "kind", "contents", "menu"}
_ITEM_KEYS = {"id", "label", "pictogram"}


def _check_items(seq: Any, where: str, report: Report, seen: set[str], parent: Any) -> None:
    if not isinstance(seq, list) or not seq:
        report(parent, where, f"'{where}' must be a list of items", "add '- id: ...' entries")
        return
    for i, item in enumerate(seq):
        if not isinstance(item, Mapping):
            report(seq, i, "an item must be a map", "write 'id:', 'label:' and 'pictogram:'")
            continue
        for k in item:
            if k not in _ITEM_KEYS:
                report(item, k, f"unknown key '{k}'", f"use one of: {', '.join(sorted(_ITEM_KEYS))}")
        check_id(item, report, seen, where)
        check_label(item, "label", report)


def _check_objects(seq: Any, report: Report, seen: set[str], parent: Any, key: str) -> None:
    if not isinstance(seq, list) or not seq:
        report(parent, key, f"'{key}' must be a list of objects", "add '- id: ...' entries")
        return
    for i, obj in enumerate(seq):
        if not isinstance(obj, Mapping):
            report(seq, i, "an object must be a map", "write 'id:', 'label:', 'x:', 'y:'")
            continue
        for k in obj:
            if k not in _OBJECT_KEYS:
                report(obj, k, f"unknown key '{k}'", f"use one of: {', '.join(sorted(_OBJECT_KEYS))}")
        check_id(obj, report, seen, "object")
        check_label(obj, "label", report)
        for k in ("x", "y"):
            v = obj.get(k)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not 0 <= v <= 1:
                report(obj, k if k in obj else "id", f"'{k}' must be a number from 0 to 1",
                       f"write e.g. '{k}: 0.5' (a share of the surface)")
        size = obj.get("size", 0.2)
        if not isinstance(size, (int, float)) or not 0.05 <= size <= 0.6:
            report(obj, "size", "'size' must be a number from 0.05 to 0.6",
                   "write e.g. 'size: 0.2' (a share of the surface height)")
        kind = obj.get("kind", "object")
        if kind not in OBJECT_KINDS:
            report(obj, "kind", f"unknown kind '{kind}'", f"use one of: {', '.join(OBJECT_KINDS)}")
        if "contents" in obj:
            if kind != "folder":
                report(obj, "contents", "only a folder has 'contents'", "add 'kind: folder'")
            _check_objects(obj["contents"], report, seen, obj, "contents")
        if "menu" in obj:
            _check_items(obj["menu"], "menu", report, seen, obj)


def _check_desktop(fixture: Any, report: Report) -> None:
    allowed = {"objects", "list"}
    for k in fixture:
        if k not in allowed:
            report(fixture, k, f"unknown key '{k}' in fixture", "use 'objects' and/or 'list'")
    if "objects" not in fixture and "list" not in fixture:
        report(fixture, None, "the fixture shows nothing", "add 'objects:' or 'list:'")
    seen: set[str] = set()
    if "objects" in fixture:
        _check_objects(fixture["objects"], report, seen, fixture, "objects")
    if "list" in fixture:
        _check_items(fixture["list"], "list", report, seen, fixture)


def _walk_objects(objs: Any) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for o in objs or []:
        if isinstance(o, Mapping):
            out.append(o)
            out.extend(_walk_objects(o.get("contents")))
    return out


def _desktop_targets(fixture: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for obj in _walk_objects(fixture.get("objects")):
        names.add(f"object.{obj.get('id')}")
        for opt in obj.get("menu") or []:
            names.add(f"menu.{opt.get('id')}")
    for item in fixture.get("list") or []:
        names.add(f"list.{item.get('id')}")
    return names


def _desktop_labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words under each object, on each menu choice and each row of the list."""
    names: dict[str, Any] = {}
    for obj in _walk_objects(fixture.get("objects")):
        names[f"object.{obj.get('id')}"] = obj.get("label")
        for opt in obj.get("menu") or []:
            if isinstance(opt, Mapping):
                names[f"menu.{opt.get('id')}"] = opt.get("label")
    for item in fixture.get("list") or []:
        if isinstance(item, Mapping):
            names[f"list.{item.get('id')}"] = item.get("label")
    return {n: w for n, w in names.items() if w}


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
                     fixture_keys=frozenset({"objects", "list"})))
