"""Paths: the shipped ones load, a broken path file is told to its trainer by the real
``kiosk scenarios check`` (file:line, and a fix), and a placement proposes a path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_yaml import ROOT, SHIPPED

from kiosk.engine.catalogue import load_catalogue
from kiosk.engine.paths import PathPlace, proposed_exercises

LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")
TITLE = "{fr: Mon chemin, nl: Mijn pad, en: My path, ar: طريقي, tr: Yolum, uk: Мій шлях}"


def kiosk_check(target: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "kiosk", "scenarios", "check", str(target)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the shipped scenarios, paths folder included."""
    shutil.copytree(SHIPPED, tmp_path / "content", ignore=shutil.ignore_patterns("*.md"))
    return tmp_path / "content"


def write_path(content: Path, body: str, name: str = "mon_chemin") -> Path:
    path = content / "paths" / f"{name}.yaml"
    path.write_text(f"schema_version: 1\nid: {name}\ntitle: {TITLE}\n{body}", encoding="utf-8")
    return path


def test_the_shipped_paths_load_with_their_exercises_in_the_catalogue() -> None:
    catalogue = load_catalogue(SHIPPED)
    assert {p.id for p in catalogue.paths} == {"premiers_pas", "demarches_en_ligne"}
    first = catalogue.path("premiers_pas")
    assert first is not None and first.exercises[0] == "mouse.click"
    assert first.title.get("fr") == "Premiers pas"
    for path in catalogue.paths:
        assert all(path.title.has(lang) for lang in LANGUAGES)
        assert set(path.exercises) <= set(catalogue.scenarios)
    # the paths folder is no module: no scenario, no module, no problem comes from it
    assert "paths" not in {m.id for m in catalogue.modules}
    assert not catalogue.problems


@pytest.mark.parametrize(("body", "line", "message"), [
    ("pictogram: footprints\nexercises:\n  - mouse.click\n  - mouse.clik\n", 7,
     "no exercise 'mouse.clik' in the scenarios folder — did you mean 'mouse.click'?"),
    ("pictogram: footprints\nexercises:\n  - mouse.click\n  - mouse.drag\n  - mouse.click\n", 8,
     "'mouse.click' is already in the path (line 6) — remove one of them"),
    ("pictogram: footprints\nexercises: []\n", 5,
     "the path has no exercises — list at least one exercise id"),
    ("pictogram: footprint\nexercises: [mouse.click]\n", 4,
     "no pictogram named 'footprint' — did you mean 'footprints'?"),
    ("pictogram: footprints\nexercices: [mouse.click]\n", 5,
     "unknown key 'exercices' in the path — did you mean 'exercises'?"),
])
def test_a_broken_path_is_located_with_a_fix(content: Path, tmp_path: Path, body: str, line: int,
                                               message: str) -> None:
    path = write_path(content, body)
    done = kiosk_check(path, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{path}:{line}:" in done.stdout and message in done.stdout, done.stdout


def test_a_good_path_checked_alone_and_in_its_folder(content: Path, tmp_path: Path) -> None:
    path = write_path(content, "pictogram: footprints\nexercises: [mouse.click, email.reply]\n")
    alone = kiosk_check(path, tmp_path)
    assert alone.returncode == 0 and "0 error(s), 0 warning(s), 1 path(s) OK" in alone.stdout, alone.stdout
    whole = kiosk_check(content, tmp_path)
    assert whole.returncode == 0 and "0 error(s), 0 warning(s), 3 path(s) OK" in whole.stdout, whole.stdout


def test_a_path_naming_a_broken_exercise_is_warned(content: Path, tmp_path: Path) -> None:
    drag = content / "mouse" / "drag.yaml"
    drag.write_text(drag.read_text(encoding="utf-8").replace("surface: desktop", "surface: desk"),
                    encoding="utf-8")
    write_path(content, "pictogram: footprints\nexercises: [mouse.click, mouse.drag]\n")
    done = kiosk_check(content, tmp_path)
    assert "warning: the exercise 'mouse.drag' has errors: the kiosk leaves it out of the path" in done.stdout


def test_a_placement_proposes_what_is_not_known_yet_easiest_first() -> None:
    catalogue = load_catalogue(SHIPPED)
    knows_the_mouse = {"digcomp:2.2:1.1": 1, "digcomp:2.2:1.3": 1, "digcomp:2.2:3.1": 1,
                       "digcomp:2.2:2.1": 0}
    proposed = proposed_exercises(knows_the_mouse, catalogue.in_order())
    assert not any(sid.startswith("mouse.") for sid in proposed)
    assert proposed[0] == "keyboard.email"  # level 1, first in teaching order
    levels = [catalogue.scenarios[sid].level for sid in proposed]
    assert levels == sorted(levels)
    assert proposed_exercises({}, catalogue.in_order(), limit=3) == ("mouse.click", "mouse.double_click",
                                                                      "mouse.drag")


def test_a_learners_place_in_a_path() -> None:
    catalogue = load_catalogue(SHIPPED)
    paths = {p.id: p for p in catalogue.paths}
    assert PathPlace("premiers_pas", place=1).next_exercise(paths) == "mouse.double_click"
    made = PathPlace(None, ("email.reply", "video.join"), place=2)
    assert made.next_exercise() is None  # finished
    with pytest.raises(ValueError):
        PathPlace(None)
