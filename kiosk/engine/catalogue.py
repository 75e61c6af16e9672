"""All content of a scenarios folder: modules, their scenarios, paths, and what is broken.

A broken file never stops the kiosk: it is left out, and its problems are kept here for
the animator screen and ``kiosk scenarios check``. A scenario id is used once in a
scenarios tree: checking one file compares its id with the other files of its tree.
The ``paths`` folder holds paths (:mod:`kiosk.engine.paths`), not a module: its files are
never read as scenarios.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import DEFAULT_LANGUAGES, load_module, load_scenario
from kiosk.engine.model import Module, Scenario
from kiosk.engine.path_file import is_path_file, load_path, path_files
from kiosk.engine.paths import PATHS_FOLDER, LearningPath
from kiosk.engine.texts import MissingGlyphs
from kiosk.engine.yaml_read import MAX_FILE_BYTES

# "id: email.reply" at the start of a line: a file's id without parsing the whole file
_ID_LINE = re.compile(r"""^id:[ \t]*["']?([^"'\s#]+)""", re.M)

MODULE_FILE = "module.yaml"


@dataclass(frozen=True)
class Catalogue:
    modules: tuple[Module, ...]
    scenarios: dict[str, Scenario]
    problems: tuple[ContentProblem, ...] = field(default=())
    paths: tuple[LearningPath, ...] = field(default=())

    @property
    def errors(self) -> tuple[ContentProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def path(self, path_id: str) -> LearningPath | None:
        return next((p for p in self.paths if p.id == path_id), None)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def in_module(self, module_id: str) -> list[Scenario]:
        """The module's scenarios in the author's order; unlisted ones after, by id.
        Level-2 variants (``<id>.2``) are not listed: they are offered (``variants``)."""
        module = self.module(module_id)
        order = list(module.order) if module else []
        mine = [s for s in self.scenarios.values() if s.module == module_id and s.variant == 1]
        rank = {sid: i for i, sid in enumerate(order)}
        return sorted(mine, key=lambda s: (rank.get(s.id, len(order)), s.id))

    def variant_of(self, scenario_id: str) -> Scenario | None:
        """The level-2 variant of a level-1 exercise, if its file has a ``level2:``."""
        found = self.scenarios.get(scenario_id)
        return found.level2 if found is not None else None

    def in_order(self, module_ids: Iterable[str] | None = None) -> list[Scenario]:
        """Scenarios in teaching order: the modules in order (only ``module_ids`` when
        given), each module's in its author's order."""
        wanted = None if module_ids is None else set(module_ids)
        return [s for m in self.modules if wanted is None or m.id in wanted
                for s in self.in_module(m.id)]


def _scenario_files(root: Path) -> list[Path]:
    if root.is_file():
        return [] if is_path_file(root) else [root]
    return sorted(p for p in root.rglob("*.yaml")
                  if p.name != MODULE_FILE and p.relative_to(root).parts[0] != PATHS_FOLDER)


def _written_id(path: Path) -> tuple[str | None, int]:
    """The id a scenario file gives on its ``id:`` line, and that line (None, 1 when none)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, 1
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, 1
    found = _ID_LINE.search(text)
    return (found[1], text.count("\n", 0, found.start()) + 1) if found else (None, 1)


def _used_elsewhere(path: Path, scenario_id: str) -> Path | None:
    """Another scenario file of ``path``'s tree (``scenarios/<module>/*.yaml``) with the
    same id: checked alone, a file must not take an id its siblings already use."""
    tree = path.resolve().parent.parent
    for other in sorted(tree.glob("*/*.yaml")):
        if other.name == MODULE_FILE or is_path_file(other) or other == path.resolve():
            continue
        if _written_id(other)[0] == scenario_id:
            return other
    return None


def load_catalogue(root: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                   pictograms: set[str] | None = None, glyphs: MissingGlyphs | None = None) -> Catalogue:
    """Load every module and scenario under ``root`` (a folder, or one scenario file).
    With ``glyphs``, texts the kiosk's fonts cannot draw are warned about."""
    problems: list[ContentProblem] = []
    modules: list[Module] = []
    if root.is_dir():
        for path in sorted(root.glob(f"*/{MODULE_FILE}")):
            module, found = load_module(path, languages, glyphs)
            problems.extend(found)
            if module is not None:
                modules.append(module)
    scenarios: dict[str, Scenario] = {}
    for path in _scenario_files(root):
        scenario, found = load_scenario(path, languages, pictograms, glyphs)
        problems.extend(found)
        written, line = _written_id(path)
        # checked alone, even a file with other errors is told that its id is taken
        other = _used_elsewhere(path, written) if root.is_file() and written else None
        if other is None and scenario is not None and scenario.id in scenarios:
            other = scenarios[scenario.id].source
        if other is not None:
            problems.append(ContentProblem(path, line, 1, f"scenario id '{written}' is used twice",
                                           f"give it an id different from {other}'s"))
            continue
        if scenario is None:
            continue
        scenarios[scenario.id] = scenario
        if scenario.level2 is not None:  # "kiosk play eadmin.address.2" finds it too
            scenarios[scenario.level2.id] = scenario.level2
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
    paths = _load_paths(root, scenarios, problems, languages, pictograms, glyphs)
    return Catalogue(tuple(modules), scenarios, tuple(problems), paths)


def _load_paths(root: Path, scenarios: dict[str, Scenario], problems: list[ContentProblem],
                languages: Sequence[str], pictograms: set[str] | None,
                glyphs: MissingGlyphs | None) -> tuple[LearningPath, ...]:
    """The paths of ``root`` (or ``root`` itself, a path file checked alone), their
    exercises checked against every scenario file of the tree."""
    if root.is_file() and not is_path_file(root):
        return ()
    tree = root.resolve().parent.parent if root.is_file() else root
    files = [root] if root.is_file() else path_files(root)
    if not files:
        return ()
    written = {ident for f in _scenario_files(tree) if (ident := _written_id(f)[0])}
    broken = written - set(scenarios) if root.is_dir() else set()
    paths: list[LearningPath] = []
    for path in files:
        found, found_problems = load_path(path, written | set(scenarios), languages, pictograms,
                                          glyphs, broken)
        problems.extend(found_problems)
        if found is not None:
            paths.append(found)
    return tuple(paths)
