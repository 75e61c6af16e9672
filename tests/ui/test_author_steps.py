"""Author mode's rules on real files: which step a saved scenario starts at again, and a
tile for scenarios whose module has no module.yaml (the reload itself: tests/gui/test_author.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.engine import load_catalogue
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.ui.author import described, resume_at, with_loose_modules

ROOT = Path(__file__).resolve().parents[2]
CLICK = ROOT / "scenarios" / "mouse" / "click.yaml"  # steps keys, cup, glasses, watch


def saved(tmp_path: Path, text: str) -> Scenario:
    path = tmp_path / "mouse" / "click.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    assert scenario is not None, problems
    return scenario


def test_the_first_step_that_changed_else_the_one_on_screen(tmp_path: Path) -> None:
    text = CLICK.read_text(encoding="utf-8")
    old = saved(tmp_path, text)
    assert resume_at(old, saved(tmp_path, text), "glasses") == "glasses"  # saved unchanged
    watch = text.replace("{fr: Touchez la petite montre.,", "{fr: Touchez la montre.,")
    assert resume_at(old, saved(tmp_path, watch), "keys") == "watch"  # edited further on
    assert resume_at(old, saved(tmp_path, watch), "cup") == "watch"
    intro = text.replace("Prenez votre temps.", "Allez-y doucement.")
    assert resume_at(old, saved(tmp_path, intro), "cup") == "cup"  # no step changed
    # a step taken out: the one on screen if it is still there, else the same number
    without_cup = text.replace("  - id: cup\n", "  - id: cup_gone\n")
    without_cup = without_cup[:without_cup.index("  - id: cup_gone")] + without_cup[
        without_cup.index("  - id: glasses"):]
    fewer = saved(tmp_path, without_cup)
    assert [s.id for s in fewer.steps] == ["keys", "glasses", "watch"]
    assert resume_at(old, fewer, "glasses") == "glasses"
    assert resume_at(old, fewer, "cup") == "glasses"  # number 2
    assert resume_at(old, fewer, "watch") == "watch"
    last_two_gone = text[:text.index("  - id: glasses")]
    assert resume_at(old, saved(tmp_path, last_two_gone), "watch") == "cup"  # the last one


def test_scenarios_without_a_module_file_get_a_tile(tmp_path: Path) -> None:
    shutil.copy(CLICK, tmp_path / "click.yaml")  # a loose file, no mouse/module.yaml
    catalogue = load_catalogue(tmp_path)
    assert catalogue.modules == () and "mouse.click" in catalogue.scenarios
    shown = with_loose_modules(catalogue, tmp_path)
    assert [(m.id, m.title.get("nl"), m.pictogram) for m in shown.modules] == [("mouse", "mouse", "edit")]
    assert [s.id for s in shown.in_module("mouse")] == ["mouse.click"]


def test_a_problem_is_named_from_the_author_s_folder(tmp_path: Path) -> None:
    broken = tmp_path / "mouse" / "click.yaml"
    broken.parent.mkdir()
    broken.write_text(CLICK.read_text(encoding="utf-8").replace("level: 1", "level:1"), encoding="utf-8")
    problem = load_catalogue(tmp_path).errors[0]
    assert described(problem, tmp_path).startswith("mouse/click.yaml:")
    assert described(problem, tmp_path / "elsewhere") == str(problem)
