"""``kiosk scenarios check``: every problem of a scenarios folder or file, as the trainer
reads it: ``file:line:column: what is wrong — how to fix it``, then a count.

The content rules are the engine's (kiosk.engine.loader and catalogue); this command adds
what only a trainer needs and the kiosk does not at start-up: the characters its fonts
cannot draw (kiosk.glyphs) and ids that clash in progress records (kiosk.export.record).
Exit status 1 when there is an error, 0 with warnings only.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config


def run(root: Path, config: Config) -> int:
    from kiosk.engine.catalogue import load_catalogue
    from kiosk.export.record import code_clashes
    from kiosk.glyphs import FontCoverage
    from kiosk.ui.assets import pictogram_names

    if not root.exists():
        print(f"{root}: no such file or folder — give a scenarios folder or a .yaml file")
        return 1
    catalogue = load_catalogue(root, config.languages, pictogram_names(config.assets_dir),
                               FontCoverage(config.assets_dir / "fonts"))
    for problem in catalogue.problems:
        print(problem)
    errors, warnings = len(catalogue.errors), len(catalogue.problems) - len(catalogue.errors)
    for first, second in code_clashes(catalogue.scenarios):
        warnings += 1
        print(f"{catalogue.scenarios[second].source}: warning: '{second}' and '{first}' share one "
              "code in progress records — rename one of them before learners use it")
    for first, second in code_clashes(p.id for p in catalogue.paths):
        warnings += 1
        path = catalogue.path(second)
        print(f"{path.source if path else second}: warning: the paths '{second}' and '{first}' share one "
              "code in progress records — rename one of them before learners use it")
    paths = f", {len(catalogue.paths)} path(s) OK" if catalogue.paths else ""
    files = [s for s in catalogue.scenarios.values() if s.variant == 1]  # a level 2 is in its file
    print(f"{len(files)} scenario(s) OK, {errors} error(s), {warnings} warning(s){paths}")
    return 1 if errors else 0
