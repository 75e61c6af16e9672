"""``kiosk scenarios check`` and ``kiosk scenarios list`` as a trainer runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "scenarios"
MOUSE_IDS = ["mouse.click", "mouse.double_click", "mouse.drag", "mouse.scroll", "mouse.right_click"]
# file:line:col: what — fix
PROBLEM_LINE = re.compile(r"^(?P<file>\S+\.yaml):(?P<line>\d+):(?P<col>\d+): .+ — .+$", re.M)


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh process with a clean home and no KIOSK_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_check_shipped_scenarios_exits_0(tmp_path: Path) -> None:
    done = kiosk("scenarios", "check", str(SHIPPED), home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    shipped = [p for p in SHIPPED.glob("*/*.yaml") if p.name != "module.yaml" and p.parent.name != "paths"]
    paths = list(SHIPPED.glob("paths/*.yaml"))
    assert f"{len(shipped)} scenario(s) OK, 0 error(s), 0 warning(s), {len(paths)} path(s) OK" in done.stdout


def test_check_without_path_uses_the_configured_folder(tmp_path: Path) -> None:
    done = kiosk("scenarios", "check", home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 error(s)" in done.stdout


def test_check_a_broken_file_exits_1_and_locates_it(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "mouse"
    folder.mkdir(parents=True)
    good = (SHIPPED / "mouse" / "click.yaml").read_text(encoding="utf-8")
    (folder / "module.yaml").write_text((SHIPPED / "mouse" / "module.yaml").read_text())
    (folder / "click.yaml").write_text(good, encoding="utf-8")
    broken = good.replace("id: mouse.click", "id: mouse.broken").replace(
        "target: object.cup", "target: object.cupp"
    )
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")
    wanted_line = next(i for i, line in enumerate(broken.splitlines(), 1) if "cupp" in line)

    done = kiosk("scenarios", "check", str(tmp_path / "content"), home=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    found = [m for m in PROBLEM_LINE.finditer(done.stdout) if m["file"].endswith("broken.yaml")]
    assert found, done.stdout
    assert int(found[0]["line"]) == wanted_line
    assert "the surface has no target 'object.cupp' — did you mean 'object.cup'?" in done.stdout
    assert "1 scenario(s) OK, 1 error(s)" in done.stdout


def test_check_a_missing_translation_warns_and_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "mouse"
    folder.mkdir(parents=True)
    module = (SHIPPED / "mouse" / "module.yaml").read_text(encoding="utf-8")
    only_click = re.sub(r"(?m)^order: .*$", "order: [mouse.click]", module)
    (folder / "module.yaml").write_text(only_click, encoding="utf-8")
    click = (SHIPPED / "mouse" / "click.yaml").read_text(encoding="utf-8")
    cut = click.replace(", tr: Fincana dokunun.", "")
    assert cut != click
    (folder / "click.yaml").write_text(cut, encoding="utf-8")
    wanted_line = next(i for i, line in enumerate(cut.splitlines(), 1) if "Touchez la tasse" in line)

    done = kiosk("scenarios", "check", str(tmp_path / "content"), home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    (found,) = [m for m in PROBLEM_LINE.finditer(done.stdout) if m["file"].endswith("click.yaml")]
    assert int(found["line"]) == wanted_line
    assert "warning: missing translation 'tr' in 'touch' — add 'tr: ...'" in found[0]
    assert "1 scenario(s) OK, 0 error(s), 1 warning(s)" in done.stdout


def test_check_a_missing_path_exits_1(tmp_path: Path) -> None:
    done = kiosk("scenarios", "check", str(tmp_path / "nowhere"), home=tmp_path)
    assert done.returncode == 1
    assert "no such file or folder" in done.stdout


def test_list_json_gives_the_mouse_module(tmp_path: Path) -> None:
    done = kiosk("scenarios", "list", "--json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    every = json.loads(done.stdout)
    assert {"mouse", "keyboard"} <= {r["module"] for r in every}
    rows = [r for r in every if r["module"] == "mouse"]
    assert [r["id"] for r in rows] == MOUSE_IDS  # in the module's order
    for row in every:
        assert row["languages"] == ["ar", "en", "fr", "nl", "tr", "uk"], row["id"]
    for row in rows:
        assert row["module"] == "mouse"
        assert row["languages"] == ["ar", "en", "fr", "nl", "tr", "uk"]
        assert row["digcomp"] and all(d.startswith("digcomp:2.2:") for d in row["digcomp"])
        assert isinstance(row["steps"], int) and row["steps"] >= 1
    by_id = {r["id"]: r for r in rows}
    assert by_id["mouse.click"]["steps"] == 4
    assert by_id["mouse.drag"]["digcomp"] == ["digcomp:2.2:1.3"]
    ids = [r["id"] for r in every]  # a level 2 comes right after its level 1
    assert ids[ids.index("eadmin.address") + 1] == "eadmin.address.2"


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("kiosk")
    if not script.exists():
        pytest.skip("no console script next to this Python (not installed with pip -e)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(tmp_path)
    done = subprocess.run(
        [str(script), "scenarios", "check", str(SHIPPED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_surface_has_a_scaffold_that_checks_clean(tmp_path: Path) -> None:
    from kiosk.engine import surfaces

    assert {p.stem for p in surfaces.EXAMPLES.glob("*.yaml")} == set(surfaces.names())
    content = tmp_path / "content"
    for name in surfaces.names():
        done = kiosk("scenarios", "new", f"practice.try_{name}", "--surface", name, "--dir", str(content),
                     home=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (content / "practice" / f"try_{name}.yaml").exists()
    checked = kiosk("scenarios", "check", str(content), home=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert f"{len(surfaces.names())} scenario(s) OK, 0 error(s)" in checked.stdout


def test_scenarios_new_refuses_a_bad_id_or_surface_in_plain_words(tmp_path: Path) -> None:
    where = ("--dir", str(tmp_path))
    bad_id = kiosk("scenarios", "new", "nodot", "--surface", "keyboard", *where, home=tmp_path)
    assert bad_id.returncode == 1 and "<module>.<name>" in bad_id.stdout
    bad_surface = kiosk("scenarios", "new", "a.b", "--surface", "fax", *where, home=tmp_path)
    assert bad_surface.returncode == 1 and "no template for the surface 'fax'" in bad_surface.stdout


def test_scenarios_surface_refuses_an_unknown_surface(tmp_path: Path) -> None:
    # each surface's text is the guide's section: tests/engine/test_guide.py
    unknown = kiosk("scenarios", "surface", "fax", home=tmp_path)
    assert unknown.returncode == 1 and "no surface named 'fax'" in unknown.stdout
