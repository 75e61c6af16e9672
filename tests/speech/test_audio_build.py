"""``kiosk audio build`` with the real espeak-ng: everything once, then only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is installed by 'sh deploy/quickstart.sh test'")


def build(home: Path, *args: str, scenarios: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    if scenarios is not None:
        env["KIOSK_SCENARIOS_DIR"] = str(scenarios)
    return subprocess.run([sys.executable, "-m", "kiosk", "audio", "build", *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


def counts(out: str) -> tuple[int, int]:
    words = out.split()
    return int(words[0]), int(words[2])  # "N rendered, M already in the cache, ..."


def test_build_renders_everything_once_then_only_what_changed(tmp_path: Path) -> None:
    content = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", content)
    first = build(tmp_path, scenarios=content)
    assert first.returncode == 0, first.stderr
    rendered, cached = counts(first.stdout)
    assert rendered > 150 and cached == 0
    assert "100%" in first.stderr  # the progress bar ran to the end
    clips = list((tmp_path / "voice-cache").rglob("*.wav"))
    assert len(clips) == rendered
    assert {p.parent.name for p in clips} == {"fr", "nl", "en"}

    again = build(tmp_path, scenarios=content)
    assert counts(again.stdout) == (0, rendered)

    # a trainer rewords one French instruction: one new clip, nothing else
    click = content / "mouse" / "click.yaml"
    click.write_text(click.read_text().replace("Touchez la tasse.", "Touchez la grande tasse."))
    changed = build(tmp_path, "--lang", "fr", scenarios=content)
    assert counts(changed.stdout)[0] == 1


def test_an_unknown_language_is_refused_in_plain_words(tmp_path: Path) -> None:
    result = build(tmp_path, "--lang", "xx")
    assert result.returncode == 1
    assert "Unknown language 'xx'" in result.stdout and "fr, nl, en" in result.stdout
