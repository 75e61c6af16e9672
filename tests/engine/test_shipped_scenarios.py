"""Every scenario we ship loads in its six languages and points only at targets that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scenario_yaml import SHIPPED, FakeClock

from kiosk.engine import surfaces
from kiosk.engine.actions import fulfilling
from kiosk.engine.catalogue import MODULE_FILE, load_catalogue
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import BESIDE_PREFIX, Scenario
from kiosk.engine.path_file import is_path_file
from kiosk.engine.runner import AttemptRunner, OutcomeKind

LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")
FILES = sorted(p for p in SHIPPED.rglob("*.yaml") if p.name != MODULE_FILE and not is_path_file(p))


def load(path: Path) -> Scenario:
    scenario, problems = load_scenario(path, LANGUAGES)
    assert scenario is not None and not problems, "\n".join(map(str, problems))
    return scenario


def test_the_mouse_module_is_shipped() -> None:
    assert {p.stem for p in FILES if p.parent.name == "mouse"} == {
        "click",
        "double_click",
        "drag",
        "right_click",
        "scroll",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_loads_in_every_language(path: Path) -> None:
    scenario = load(path)
    for text in scenario.texts():
        for lang in LANGUAGES:
            assert text.has(lang), f"{text.prompt_id} has no '{lang}'"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_target_exists_on_its_surface(path: Path) -> None:
    scenario = load(path)
    spec = surfaces.get(scenario.surface)
    assert spec is not None
    offered = spec.targets(scenario.fixture)
    if scenario.beside is not None:  # a phone beside the screen: its targets under "phone."
        phone = surfaces.get(scenario.beside.surface)
        assert phone is not None
        offered |= {BESIDE_PREFIX + name for name in phone.targets(scenario.beside.fixture)}
    for s in scenario.steps:
        for name in (s.expect.target, s.expect.to):
            if name is not None:
                assert name in offered, f"{path.name} step {s.id}: no {name}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_doing_what_each_step_asks_earns_three_stars(path: Path) -> None:
    scenario = load(path)
    runner = AttemptRunner(scenario, FakeClock())
    runner.start()
    out = None
    for s in scenario.steps:
        action = fulfilling(s.expect)  # what author mode passes earlier steps with, too
        assert action is not None, f"step {s.id}: no example answer to type"
        out = runner.act(action)
    assert out is not None and out.kind is OutcomeKind.FINISHED
    assert out.result is not None and out.result.stars == 3


def test_the_shipped_folder_has_no_error() -> None:
    catalogue = load_catalogue(SHIPPED, LANGUAGES)
    assert catalogue.errors == ()
    mouse = catalogue.module("mouse")
    assert mouse is not None
    assert [s.id for s in catalogue.in_module("mouse")] == list(mouse.order)
    # teaching order: the modules in order, each in its own order; every scenario once
    every = catalogue.in_order()
    assert every == [s for m in catalogue.modules for s in catalogue.in_module(m.id)]
    # (a level 2, "<id>.2", is offered after its level 1: not in the teaching order)
    assert sorted(s.id for s in every) == sorted(s.id for s in catalogue.scenarios.values() if s.variant == 1)
    assert {s.module for s in catalogue.in_order(["mouse"])} == {"mouse"}


def test_prompt_ids_follow_the_documented_pattern() -> None:
    """scenarios/README.md tells authors these ids; recorded voices attach to them."""
    click = load(SHIPPED / "mouse" / "click.yaml")
    assert click.title.prompt_id == "mouse.click.title"
    assert click.intro is not None and click.intro.prompt_id == "mouse.click.intro"
    first = click.steps[0]
    assert first.say.for_device("mouse").prompt_id == "mouse.click.keys.say.mouse"
    assert first.say.for_device("touch").prompt_id == "mouse.click.keys.say.touch"
    assert first.success is not None and first.success.prompt_id == "mouse.click.keys.success"
    drag = load(SHIPPED / "mouse" / "drag.yaml")
    (spoken,) = [h for h in drag.steps[0].hints if h.say is not None]
    assert spoken.say is not None and spoken.say.prompt_id == "mouse.drag.move_cv.hint2"


def test_the_authoring_guide_example_is_valid(tmp_path: Path) -> None:
    """scenarios/README.md builds mouse.bin step by step; the whole file must check clean."""
    guide = (SHIPPED / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    whole = [b for b in blocks if b.startswith("# Throw") and "steps:" in b]
    assert len(whole) == 1
    folder = tmp_path / "scenarios" / "mouse"
    folder.mkdir(parents=True)
    path = folder / "bin.yaml"
    path.write_text(whole[0], encoding="utf-8")
    assert load(path).id == "mouse.bin"
    # the guide shows this message for a misspelt target; keep it true
    path.write_text(whole[0].replace("target: menu.delete", "target: menu.delet"), "utf-8")
    _, problems = load_scenario(path, LANGUAGES)
    shown = "bin.yaml:46:30: the surface has no target 'menu.delet' — did you mean 'menu.delete'?"
    assert str(problems[0]).endswith(shown) and shown in guide
