"""Path files (``scenarios/paths/<id>.yaml``): reading and checking them.

Owns :func:`load_path`, which turns one path file into a
:class:`~kiosk.engine.paths.LearningPath` and tells its trainer every problem as the
scenario loader does (``file:line:column: what — fix``, same YAML reader, same checker):
an unknown exercise (with the closest id), one given twice, an empty path, an unknown
pictogram, a missing language in the title.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from kiosk.engine import texts
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import DEFAULT_LANGUAGES, _Checker, _closest, read_yaml
from kiosk.engine.paths import PATH_ID_RE, PATHS_FOLDER, LearningPath
from kiosk.engine.yaml_read import PlacedMap

PATH_SCHEMA_VERSION = 1
PATH_KEYS = {"schema_version", "id", "title", "pictogram", "exercises"}


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
