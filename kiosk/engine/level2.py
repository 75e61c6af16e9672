"""Reading a scenario's ``level2:`` section: the same task on a busier screen, as real
sites are (``kiosk.engine.surfaces.clutter`` owns the clutter, its words and steps, the
overlay merge and the rule that offers the variant). The loader calls ``build_level2``
once the level-1 scenario is built; problems go to the loader's checker, with file:line.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from kiosk.engine import labels, surfaces, texts
from kiosk.engine.loader import (
    DEFAULT_LADDER,
    _both_gestures,
    _build_steps,
    _check_screen_words,
    _Checker,
    _closest,
    _plain,
    _Side,
)
from kiosk.engine.model import BESIDE_PREFIX, Scenario, Step
from kiosk.engine.surfaces import SurfaceSpec, clutter
from kiosk.engine.yaml_read import PlacedList, PlacedMap

LEVEL2_KEYS = {"clutter", "fixture", "steps"}


def build_level2(doc: PlacedMap, scenario: Scenario, spec: SurfaceSpec,
                 check: _Checker) -> Scenario | None:
    """``level2: {clutter: [cookies, ads], fixture: {...}, steps: [...]}``: the same task
    on a busier screen, as the variant ``<id>.2`` (kiosk.engine.surfaces.clutter). The
    overlays are merged onto the fixture and the steps (by id) and checked like them; the
    clutter adds its own steps first."""
    node = check.need(doc, "level2", Mapping, "the scenario",
                      "{clutter: [cookies, menu, ads, browser_today]}")
    if node is None:
        return None
    check.unknown_keys(node, LEVEL2_KEYS, "'level2'")
    kinds = check.need(node, "clutter", list, "'level2'", "[cookies, menu, ads, browser_today]")
    if kinds is not None and not kinds:
        check.error(node, "clutter", "'clutter' names nothing: level 2 would look like level 1",
                    "name what the real site shows, e.g. [cookies, menu]; "
                    f"one of: {', '.join(clutter.CLUTTER)}")
    fitting = tuple(k for k in clutter.FITS if scenario.surface in clutter.FITS[k])
    for i, kind in enumerate(kinds or ()):
        if kind not in clutter.CLUTTER:
            near = _closest(str(kind), clutter.CLUTTER)
            check.error(kinds, i, f"unknown clutter '{kind}'",
                        f"did you mean '{near}'?" if near else f"use one of: {', '.join(clutter.CLUTTER)}")
        elif clutter.unfit(kind, scenario.surface):
            check.error(kinds, i, f"the '{scenario.surface}' screen does not draw '{kind}'",
                        f"use one of: {', '.join(fitting)}" if fitting
                        else f"level 2 is for the screens {', '.join(clutter.SURFACES)}")
        elif list(kinds).index(kind) != i:
            check.error(kinds, i, f"'{kind}' is named twice", "name it once")
    fixture: Any = scenario.fixture
    if "fixture" in node:
        overlay = check.need(node, "fixture", Mapping, "'level2'", "{pages: [{id: form, address: ...}]}")
        if overlay is not None:
            texts.check_fixture_texts(overlay, check.languages, check.error, check.warn)
            fixture = clutter.merge(scenario.fixture, _plain(overlay))
            where = "level 2's fixture, merged onto 'fixture'"
            spec.check(fixture, _relocated(check, node, "fixture", where))
    if check.failed:
        return None
    kinds_t = tuple(k for k in clutter.CLUTTER if k in (kinds or ()))
    vid = clutter.variant_id(scenario.id)
    words = {**scenario.labels, **(_plain(spec.labels(fixture)) if spec.labels is not None else {}),
             **clutter.labels(kinds_t)}
    steps = scenario.steps
    if "steps" in node:
        steps = _changed_steps(doc, node, vid, spec, scenario, fixture, words, check) or ()
    elif "fixture" in node:
        there = spec.targets(fixture)
        for step in scenario.steps:
            for name in (step.expect.target, step.expect.to):
                if name and not name.startswith(BESIDE_PREFIX) and name not in there:
                    check.error(node, "fixture",
                                f"level 2's fixture has no '{name}' for the step '{step.id}'",
                                "keep that target in the overlay: level 2 is the same task")
    if check.failed or not steps:
        return None
    return replace(scenario, id=vid, title=clutter.title(scenario.title), fixture=fixture,
                   steps=(*clutter.added_steps(kinds_t, vid), *steps), labels=words,
                   variant=clutter.VARIANT, clutter=kinds_t, level2=None)


def _relocated(check: _Checker, node: PlacedMap, key: str, where: str) -> Any:
    """A reporter for merged data (it has no lines): each problem at ``node[key]``."""
    def report(_n: Any, _key: Any, what: str, fix: str) -> None:
        check.error(node, key, f"{where}: {what}", fix)
    return report


def _merged_steps(base: list[Any], changes: list[Any]) -> PlacedList:
    """Level 1's steps with level 2's changes: a step's keys replaced by the change's (each
    key keeps the line it was written on), new steps at the end."""
    by_id = {c["id"]: c for c in changes}
    merged = PlacedList()
    if isinstance(base, PlacedList):
        merged.lc = base.lc
    for step in base:
        change = by_id.pop(step.get("id"), None) if isinstance(step, Mapping) else None
        if change is None or not isinstance(step, PlacedMap):
            merged.append(step)
            continue
        both = PlacedMap({**step, **change})
        both.lc = copy.copy(step.lc)
        both.lc._keys = {**step.lc._keys, **getattr(change, "lc", step.lc)._keys}
        merged.append(both)
    merged.extend(by_id.values())
    return merged


def _changed_steps(doc: PlacedMap, node: PlacedMap, vid: str, spec: SurfaceSpec, scenario: Scenario,
                   fixture: Any, words: dict[str, Any], check: _Checker) -> tuple[Step, ...] | None:
    """``level2: {steps: [...]}``: steps changed by id (what they say on the busier screen:
    no padlock in today's browser), new ids added at the end; checked like level 1's, with
    the phone beside the screen (``beside:``, unchanged by level 2) as in level 1."""
    changes = check.need(node, "steps", list, "'level2'", "[{id: padlock, say: {fr: ...}}]")
    base = doc.get("steps")
    if changes is None or not isinstance(base, list):
        return None
    for i, item in enumerate(changes):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            check.error(changes, i, "a step of level 2 must give the 'id' of the step it changes",
                        "write '- id: <a step id of the scenario>' and the keys it changes, "
                        "or a new id for a step added at the end")
    if check.failed:
        return None
    merged = _merged_steps(base, changes)
    targets = spec.targets(fixture) | clutter.targets(())
    gestures: Callable[[str], tuple[str, ...] | None] | None = (
        partial(spec.gestures, fixture) if spec.gestures is not None else None)
    times = labels.screen_times(fixture)
    side_spec = surfaces.get(scenario.beside.surface) if scenario.beside is not None else None
    if scenario.beside is not None and side_spec is not None:
        side = _Side(side_spec, scenario.beside.fixture)
        targets |= side.targets
        gestures = _both_gestures(gestures, side.gestures)
        times |= labels.screen_times(scenario.beside.fixture)
    before = len(check.problems)
    check.screen_texts.clear()
    built = _build_steps(merged, vid, doc.get("hints", DEFAULT_LADDER), targets, check, gestures)
    if not check.failed:
        _check_screen_words(check, words, times)
    line, col = check.at(node, "steps")
    for i in range(before, len(check.problems)):  # merged steps have no lines of their own
        problem = check.problems[i]
        if (problem.line, problem.column) == (1, 1):
            check.problems[i] = dataclasses.replace(problem, line=line, column=col,
                                                    what=f"level 2's steps: {problem.what}")
    return tuple(built)
