"""The trainers' guide (scenarios/README.md) cannot drift from the kiosk: its surface
sections are what the code says, and every YAML example in it passes the real
``kiosk scenarios check``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kiosk.engine import guide, surfaces
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import BESIDE_PREFIX
from kiosk.engine.path_file import is_path_file

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "scenarios" / "README.md"
SHIPPED = ROOT / "scenarios"
CLEAN = re.compile(r"^\d+ scenario\(s\) OK, 0 error\(s\), 0 warning\(s\)$", re.M)


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real command line, in a fresh process with a clean home and no KIOSK_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, check=False)


def test_the_surfaces_sections_are_what_the_kiosk_says(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    assert guide.regenerate(text) == text, "run 'kiosk scenarios guide --write'"
    for name in surfaces.names():
        assert f"<!-- surface:{name} -->\n{guide.section(name)}<!-- /surface:{name} -->" in text, name
    done = kiosk("scenarios", "guide", home=tmp_path)
    assert done.returncode == 0 and "up to date" in done.stdout, done.stdout


def test_guide_write_brings_a_stale_guide_up_to_date(tmp_path: Path) -> None:
    stale = tmp_path / "README.md"
    text = README.read_text(encoding="utf-8")
    stale.write_text(text.replace("A phone's messages app", "An old phone"), encoding="utf-8")
    said = kiosk("scenarios", "guide", "--readme", str(stale), home=tmp_path)
    assert said.returncode == 1 and "sms" in said.stdout and "--write" in said.stdout, said.stdout
    wrote = kiosk("scenarios", "guide", "--write", "--readme", str(stale), home=tmp_path)
    assert wrote.returncode == 0, wrote.stdout
    assert stale.read_text(encoding="utf-8") == text


def test_scenarios_surface_prints_the_guides_section(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    listing = kiosk("scenarios", "surface", home=tmp_path)
    assert listing.returncode == 0
    for name in surfaces.names():
        assert re.search(rf"^{name}\s+{re.escape(surfaces.get(name).summary)}$",  # type: ignore[union-attr]
                         listing.stdout, re.M), name
        one = kiosk("scenarios", "surface", name, home=tmp_path)
        assert one.returncode == 0 and one.stdout in text and "| target name |" in one.stdout, name


def test_scenarios_new_writes_the_worked_example_under_the_trainers_id(tmp_path: Path) -> None:
    done = kiosk("scenarios", "new", "practice.my_reply", "--surface", "mail", "--title", "Ma réponse",
                 "--dir", str(tmp_path / "content"), home=tmp_path)
    assert done.returncode == 0, done.stdout
    written = (tmp_path / "content" / "practice" / "my_reply.yaml").read_text(encoding="utf-8").splitlines()
    example = surfaces.get("mail").example().splitlines()  # type: ignore[union-attr]
    assert "id: practice.my_reply" in written and "module: practice" in written
    words = ", ".join(f'{lang}: "Ma réponse"' for lang in ("fr", "nl", "en", "ar", "tr", "uk"))
    assert f"title: {{{words}}}" in written
    same = [line for line in written if not line.startswith(("id: ", "module: ", "title: "))]
    assert same == [line for line in example if not line.startswith(("id: ", "module: ", "title: "))]


def test_every_yaml_example_of_the_guide_passes_the_check(tmp_path: Path) -> None:
    found = guide.examples(README.read_text(encoding="utf-8"))
    assert len(found) > 20  # the convention found the blocks (a broken pattern would pass)
    scenarios = guide.whole_scenarios(found, SHIPPED)
    failures = []
    for example in found:
        folder = tmp_path / f"line{example.line}"
        try:
            files = guide.files_to_check(example, scenarios)
        except guide.GuideError as exc:
            failures.append(f"README.md {exc}")
            continue
        for name, content in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(content, encoding="utf-8")
        done = kiosk("scenarios", "check", str(folder), home=tmp_path)
        if done.returncode != 0 or not CLEAN.search(done.stdout):
            failures.append(f"README.md line {example.line}:\n{done.stdout}")
    assert not failures, "\n".join(failures)


def test_a_part_is_checked_inside_its_whole_scenario() -> None:
    """The convention itself: a wrong target in a part fails; an unknown whole is named."""
    whole = guide.Example(1, (surfaces.EXAMPLES / "desktop.yaml").read_text(encoding="utf-8"))
    scenarios = guide.whole_scenarios([whole], SHIPPED)
    part = guide.Example(50, "# part of mouse.tidy_desk, step keys\n"
                             "expect: {action: click, target: object.kez}\n")
    files = guide.files_to_check(part, scenarios)
    assert set(files) == {"mouse/tidy_desk.yaml", "mouse/module.yaml"}
    assert "object.kez" in files["mouse/tidy_desk.yaml"] and "Les clés" in files["mouse/tidy_desk.yaml"]
    with pytest.raises(guide.GuideError, match="line 9: '# part of mouse.nothing'"):
        guide.files_to_check(guide.Example(9, "# part of mouse.nothing\ntitle: x\n"), scenarios)
    with pytest.raises(guide.GuideError, match="no step 'nope'"):
        guide.files_to_check(guide.Example(9, "# part of mouse.tidy_desk, step nope\nsay: x\n"), scenarios)
    with pytest.raises(guide.GuideError, match="start it with '# part of"):
        guide.files_to_check(guide.Example(9, "say: {fr: Bonjour}\n"), scenarios)


def _used_targets() -> list[tuple[str, str, str, str | None, object]]:
    """(where, surface, target, action, fixture) for every step of every worked example and
    shipped scenario, and every target their fixtures offer (action None)."""
    shelf = Path(tempfile.mkdtemp())  # an example is checked where a trainer's copy would be
    paths = []
    for name in surfaces.names():
        text = (surfaces.EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
        module, _, short = re.search(r"^id: (\S+)", text, flags=re.M).group(1).partition(".")  # type: ignore[union-attr]
        (shelf / module).mkdir(exist_ok=True)
        (shelf / module / f"{short}.yaml").write_text(text, encoding="utf-8")
        paths.append(shelf / module / f"{short}.yaml")
    paths += [p for p in sorted(SHIPPED.glob("*/*.yaml")) if p.name != "module.yaml" and not is_path_file(p)]
    out: list[tuple[str, str, str, str | None, object]] = []
    for path in paths:
        scenario, problems = load_scenario(path)
        assert scenario is not None, problems
        spec = surfaces.get(scenario.surface)
        assert spec is not None
        for target in sorted(spec.targets(scenario.fixture)):
            out.append((path.name, scenario.surface, target, None, scenario.fixture))
        for step in scenario.steps:
            for target in (step.expect.target, step.expect.to):
                if target and scenario.beside is not None and target.startswith(BESIDE_PREFIX):
                    # the phone beside the screen: its own table, without the prefix
                    out.append((f"{path.name} / {step.id}", scenario.beside.surface,
                                target.removeprefix(BESIDE_PREFIX), step.expect.action,
                                scenario.beside.fixture))
                elif target:
                    out.append((f"{path.name} / {step.id}", scenario.surface, target, step.expect.action,
                                scenario.fixture))
    return out


def test_every_target_is_in_its_surfaces_table_with_the_action_steps_use() -> None:
    wrong = []
    for where, name, target, action, fixture in _used_targets():
        spec = surfaces.get(name)
        assert spec is not None
        rows = [row for row in spec.target_names if row.matches(target)]
        if not rows:
            wrong.append(f"{where}: '{target}' is in no row of the {name} section's target table")
            continue
        allowed = spec.gestures(fixture, target) if spec.gestures else None  # type: ignore[arg-type]
        documented = {a for row in rows for a in row.actions}
        if allowed and not documented <= set(allowed):
            wrong.append(f"{where}: the guide says {sorted(documented)} on '{target}', the surface {allowed}")
        if action and action not in documented and not (
                name == "web" and action == "scroll_to"):
            wrong.append(f"{where}: '{action}' on '{target}' is not in the {name} section's table")
    assert not wrong, "\n".join(wrong)
