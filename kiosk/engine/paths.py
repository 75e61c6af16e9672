"""Paths: an ordered list of exercises a trainer gives a name and a pictogram.

Owns the path file (``scenarios/paths/<id>.yaml``) and its checks, the
:class:`LearningPath` it becomes, where a learner stands in a path
(:class:`PathPlace`, which the progress record carries), and the path proposed after a
placement (:func:`proposed_exercises`).

A path file::

    schema_version: 1
    id: premiers_pas
    title: {fr: Premiers pas, nl: Eerste stappen, en: First steps, ...}
    pictogram: footprints
    exercises: [mouse.click, mouse.double_click, keyboard.words]

The folder ``paths`` sits beside the module folders but is not a module: the catalogue
reads it with :func:`load_path`, never as scenarios. Problems are the loader's
(``file:line:column: what — fix``), read with the same YAML reader.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.engine import texts
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import DEFAULT_LANGUAGES, _Checker, _closest, read_yaml
from kiosk.engine.model import Scenario, Text
from kiosk.engine.yaml_read import PlacedMap

#: The folder of path files, directly under the scenarios folder.
PATHS_FOLDER = "paths"
PATH_SCHEMA_VERSION = 1
PATH_KEYS = {"schema_version", "id", "title", "pictogram", "exercises"}
PATH_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
#: Exercises a learner is proposed after a placement, at most (a path fits a record).
MAX_PROPOSED = 20


@dataclass(frozen=True)
class LearningPath:
    """A named, ordered list of exercises (scenario ids), shown as one tile."""

    id: str
    title: Text
    pictogram: str
    exercises: tuple[str, ...]
    source: Path


@dataclass(frozen=True)
class PathPlace:
    """The path a learner follows and where they are in it.

    ``path_id`` names a shipped path (``scenarios/paths/<id>.yaml``); a path made for
    one learner (by the hub, or proposed after a placement) has no id and carries its
    ``exercises`` itself. ``place`` is the index of the next exercise to do
    (``len(exercises)``: the path is finished).
    """

    path_id: str | None
    exercises: tuple[str, ...] = ()
    place: int = 0

    def __post_init__(self) -> None:
        if self.path_id is None and not self.exercises:
            raise ValueError("a path without an id needs its exercises")
        if self.path_id is not None and not PATH_ID_RE.match(self.path_id):
            raise ValueError(f"not a path id: {self.path_id!r}")
        if self.place < 0 or (self.exercises and self.place > len(self.exercises)):
            raise ValueError(f"place {self.place} is outside the path")

    def next_exercise(self, paths: Mapping[str, LearningPath] | None = None) -> str | None:
        """The exercise to do next (None: finished, or a path this kiosk does not have)."""
        exercises = self.exercises
        if self.path_id is not None and paths is not None and self.path_id in paths:
            exercises = paths[self.path_id].exercises
        return exercises[self.place] if self.place < len(exercises) else None


def is_path_file(path: Path) -> bool:
    """A file in the paths folder (not a scenario, not a module)."""
    return path.parent.name == PATHS_FOLDER and path.suffix == ".yaml"


def path_files(root: Path) -> list[Path]:
    folder = root / PATHS_FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_path(path: Path, scenarios: Collection[str], languages: Sequence[str] = DEFAULT_LANGUAGES,
              pictograms: set[str] | None = None, glyphs: texts.MissingGlyphs | None = None,
              broken: Collection[str] = ()) -> tuple[LearningPath | None, list[ContentProblem]]:
    """Read and check one path file.

    ``scenarios``: the exercise ids of the scenarios folder; ``broken``: those whose file
    has errors (a path naming one is warned: the kiosk leaves that exercise out).
    Returns the path (None when it has an error) and every problem found.
    """
    check = _Checker(path, languages, glyphs)
    doc = read_yaml(path, check)
    if not isinstance(doc, PlacedMap):
        if not check.problems:
            check.error(doc, None, "a path file must be a map of keys",
                        "start from the example in scenarios/README.md, section 'Paths'")
        return None, check.problems
    check.unknown_keys(doc, PATH_KEYS, "the path")
    schema = check.need(doc, "schema_version", int, "the path", str(PATH_SCHEMA_VERSION))
    if schema is not None and schema != PATH_SCHEMA_VERSION:
        check.error(doc, "schema_version", f"schema_version {schema} is not known",
                    f"use 'schema_version: {PATH_SCHEMA_VERSION}'")
    pid = check.need(doc, "id", str, "the path", path.stem)
    if pid is not None and not PATH_ID_RE.match(pid):
        check.error(doc, "id", f"path id '{pid}' is not a simple name",
                    "use lower-case letters, digits and '_', e.g. 'premiers_pas'")
    elif pid is not None and pid != path.stem:
        check.error(doc, "id", f"the file '{path.name}' holds the path '{pid}': a file is named after its id",
                    f"rename the file '{pid}.yaml', or write 'id: {path.stem}'")
    title = check.text(doc, "title", f"path.{pid}.title") if "title" in doc else None
    if "title" not in doc:
        check.error(doc, None, "missing 'title'", "add 'title: {fr: ..., nl: ..., en: ...}'")
    pictogram = check.need(doc, "pictogram", str, "the path", "footprints")
    if pictogram and pictograms is not None and pictogram not in pictograms:
        near = _closest(pictogram, pictograms)
        check.error(doc, "pictogram", f"no pictogram named '{pictogram}'",
                    f"did you mean '{near}'?" if near
                    else "use a file name from assets/pictograms without '.png'")
    exercises = _check_exercises(doc, check, scenarios, broken)
    if check.glyphs is not None:
        texts.check_glyphs(doc, check.glyphs, check.warn)
    if check.failed or title is None or pid is None:
        return None, check.problems
    return LearningPath(pid, title, str(pictogram), exercises, path), check.problems


def _check_exercises(doc: PlacedMap, check: _Checker, scenarios: Collection[str],
                     broken: Collection[str]) -> tuple[str, ...]:
    node = check.need(doc, "exercises", list, "the path", "[mouse.click, mouse.drag]")
    if node is None:
        return ()
    if not node:
        check.error(doc, "exercises", "the path has no exercises",
                    "list at least one exercise id, e.g. 'exercises: [mouse.click]'")
    seen: dict[str, int] = {}
    out: list[str] = []
    for i, item in enumerate(node):
        line = check.at(node, i)[0]
        if not isinstance(item, str):
            check.error(node, i, "an exercise must be an exercise id",
                        "write its id as in the scenario file's 'id:', e.g. 'mouse.click'")
            continue
        if item in seen:
            check.error(node, i, f"'{item}' is already in the path (line {seen[item]})",
                        "remove one of them: a path gives each exercise once")
            continue
        seen[item] = line
        if item not in scenarios:
            near = _closest(item, scenarios)
            check.error(node, i, f"no exercise '{item}' in the scenarios folder",
                        f"did you mean '{near}'?" if near
                        else "write an id from 'kiosk scenarios list'")
            continue
        if item in broken:
            check.warn(node, i, f"the exercise '{item}' has errors: the kiosk leaves it out of the path",
                       "fix the problems of its scenario file")
        out.append(item)
    return tuple(out)


# -- the path proposed after a placement ---------------------------------------------------

def proposed_exercises(profile: Mapping[str, int], ordered: Iterable[Scenario],
                       limit: int = MAX_PROPOSED) -> tuple[str, ...]:
    """What the learner does not know yet, easiest first: the path a placement proposes.

    ``profile``: competence id → level shown (:meth:`kiosk.engine.placement.Placement.profile`;
    a competence not in it counts as 0). ``ordered``: the scenarios in teaching order. An
    exercise is proposed when one of its competences was shown below its level. Lower
    levels first, then teaching order; at most ``limit`` exercises.
    """
    wanted = [(s.level, rank, s.id) for rank, s in enumerate(ordered)
              if any(profile.get(c, 0) < s.level for c in s.digcomp)]
    return tuple(sid for _, _, sid in sorted(wanted))[:limit]
