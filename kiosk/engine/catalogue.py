"""All content of a scenarios folder: modules, their scenarios, and what is broken.

A broken file never stops the kiosk: it is left out, and its problems are kept here for
the animator screen and ``kiosk scenarios check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import DEFAULT_LANGUAGES, load_module, load_scenario
from kiosk.engine.model import Module, Scenario

MODULE_FILE = "module.yaml"


@dataclass(frozen=True)
class Catalogue:
    modules: tuple[Module, ...]
    scenarios: dict[str, Scenario]
    problems: tuple[ContentProblem, ...] = field(default=())

    @property
    def errors(self) -> tuple[ContentProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def in_module(self, module_id: str) -> list[Scenario]:
        """The module's scenarios in the author's order; unlisted ones after, by id."""
        module = self.module(module_id)
        order = list(module.order) if module else []
        mine = [s for s in self.scenarios.values() if s.module == module_id]
        rank = {sid: i for i, sid in enumerate(order)}
        return sorted(mine, key=lambda s: (rank.get(s.id, len(order)), s.id))

    def in_order(self, module_ids: Iterable[str] | None = None) -> list[Scenario]:
        """Scenarios in teaching order: the modules in order (only ``module_ids`` when
        given), each module's in its author's order."""
        wanted = None if module_ids is None else set(module_ids)
        return [s for m in self.modules if wanted is None or m.id in wanted
                for s in self.in_module(m.id)]


def _scenario_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.yaml") if p.name != MODULE_FILE)


def load_catalogue(root: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                   pictograms: set[str] | None = None) -> Catalogue:
    """Load every module and scenario under ``root`` (a folder, or one scenario file)."""
    problems: list[ContentProblem] = []
    modules: list[Module] = []
    if root.is_dir():
        for path in sorted(root.glob(f"*/{MODULE_FILE}")):
            module, found = load_module(path, languages)
            problems.extend(found)
            if module is not None:
                modules.append(module)
    scenarios: dict[str, Scenario] = {}
    for path in _scenario_files(root):
        scenario, found = load_scenario(path, languages, pictograms)
        problems.extend(found)
        if scenario is None:
            continue
        if scenario.id in scenarios:
            other = scenarios[scenario.id].source
            problems.append(ContentProblem(path, 1, 1, f"scenario id '{scenario.id}' is used twice",
                                           f"give it an id different from {other}"))
            continue
        scenarios[scenario.id] = scenario
    known = {m.id for m in modules}
    for s in scenarios.values():
        if root.is_dir() and s.module not in known:
            problems.append(ContentProblem(s.source, 1, 1, f"module '{s.module}' has no {MODULE_FILE}",
                                           f"add scenarios/{s.module}/{MODULE_FILE}", "warning"))
    for m in modules:
        for sid in m.order:
            if sid not in scenarios:
                problems.append(ContentProblem(m.source, 1, 1, f"'order' names '{sid}' but it is missing",
                                               "fix the id, or the scenario file's problems",
                                               "warning"))
    # teaching order: ranked modules first (mouse before keyboard), then the others by id
    modules.sort(key=lambda m: (m.rank is None, m.rank or 0, m.id))
    return Catalogue(tuple(modules), scenarios, tuple(problems))
