"""Reading a scenario's ``level2:`` section: the same task on a busier screen, as real
sites are (``kiosk.engine.surfaces.clutter`` owns the clutter, its words and steps, the
overlay merge and the rule that offers the variant). The loader calls ``build_level2``
once the level-1 scenario is built; problems go to the loader's checker, with file:line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kiosk.engine import texts
from kiosk.engine.loader import _closest, _plain, _Checker
from kiosk.engine.model import BESIDE_PREFIX, Scenario
from kiosk.engine.surfaces import SurfaceSpec, clutter
from kiosk.engine.yaml_read import PlacedMap

LEVEL2_KEYS = {"clutter", "fixture"}


def build_level2(doc: PlacedMap, scenario: Scenario, spec: SurfaceSpec,
                 check: _Checker) -> Scenario | None:
    """``level2: {clutter: [cookies, ads], fixture: {...}}``: the same task on a busier
    screen, as the variant ``<id>.2`` (kiosk.engine.surfaces.clutter). The overlay is
    merged onto the fixture and checked like it; the clutter adds its own steps first."""
    node = check.need(doc, "level2", Mapping, "the scenario",
                      "{clutter: [cookies, menu, ads, browser_today]}")
    if node is None:
        return None
    check.unknown_keys(node, LEVEL2_KEYS, "'level2'")
    kinds = check.need(node, "clutter", list, "'level2'", "[cookies, menu, ads, browser_today]")
    if kinds is not None and not kinds:
        check.error(node, "clutter", "'clutter' names nothing: level 2 would look like level 1",
                    f"name what the real site shows, e.g. [cookies, menu]; one of: {', '.join(clutter.CLUTTER)}")
    fitting = tuple(k for k in clutter.FITS if scenario.surface in clutter.FITS[k])
    for i, kind in enumerate(kinds or ()):
        if kind not in clutter.CLUTTER:
            near = _closest(str(kind), clutter.CLUTTER)
            check.error(kinds, i, f"unknown clutter '{kind}'",
                        f"did you mean '{near}'?" if near else f"use one of: {', '.join(clutter.CLUTTER)}")
        elif clutter.unfit(kind, scenario.surface):
            check.error(kinds, i, f"the '{scenario.surface}' screen does not draw '{kind}'",
                        f"use one of: {', '.join(fitting)}" if fitting
                        else f"level 2 is for the screens {', '.join(sorted({s for f in clutter.FITS.values() for s in f}))}")
        elif list(kinds).index(kind) != i:
            check.error(kinds, i, f"'{kind}' is named twice", "name it once")
    fixture: Any = scenario.fixture
    if "fixture" in node:
        overlay = check.need(node, "fixture", Mapping, "'level2'", "{pages: [{id: form, address: ...}]}")
        if overlay is not None:
            texts.check_fixture_texts(overlay, check.languages, check.error, check.warn)
            fixture = clutter.merge(scenario.fixture, _plain(overlay))

            def report(_n: Any, _key: Any, what: str, fix: str) -> None:
                check.error(node, "fixture", f"level 2's fixture, merged onto 'fixture': {what}", fix)

            spec.check(fixture, report)
            if not check.failed:
                there = spec.targets(fixture)
                for step in scenario.steps:
                    for name in (step.expect.target, step.expect.to):
                        if name and not name.startswith(BESIDE_PREFIX) and name not in there:
                            check.error(node, "fixture", f"level 2's fixture has no '{name}' "
                                        f"for the step '{step.id}'",
                                        "keep that target in the overlay: level 2 is the same task")
    if check.failed:
        return None
    kinds_t = tuple(k for k in clutter.CLUTTER if k in (kinds or ()))
    vid = clutter.variant_id(scenario.id)
    words = {**scenario.labels, **(_plain(spec.labels(fixture)) if spec.labels is not None else {}),
             **clutter.labels(kinds_t)}
    return replace(scenario, id=vid, title=clutter.title(scenario.title), fixture=fixture,
                   steps=(*clutter.added_steps(kinds_t, vid), *scenario.steps), labels=words,
                   variant=clutter.VARIANT, clutter=kinds_t, level2=None)
