"""``kiosk audio build`` with the real espeak-ng: every prompt of every scenario and every
interface string in every language, once; then only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import SUPPORTED_LANGUAGES, load_config
from kiosk.engine import load_catalogue
from kiosk.speech import Synthesizer
from kiosk.speech.build import clips, prompts

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is installed by 'sh deploy/quickstart.sh test'")

# A module written in all six languages, beside the shipped content: the build must speak
# Arabic, Turkish and Ukrainian whatever the state of the shipped translations.
PRACTICE_MODULE = """\
schema_version: 1
id: practice
title: {fr: Exercice, nl: Oefening, en: Exercise, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: mouse
order: [practice.tap]
"""
PRACTICE_TAP = """\
schema_version: 1
id: practice.tap
version: 1
module: practice
title: {fr: Toucher, nl: Tikken, en: Tapping, ar: اللمس, tr: Dokunma, uk: Дотик}
pictogram: mouse
digcomp: [digcomp:2.2:1.1]
level: 1
surface: desktop
fixture:
  objects:
    - {id: cup, label: {fr: La tasse, nl: De kop, en: The cup, ar: الكوب, tr: Fincan, uk: Чашка},
       pictogram: cup, x: 0.5, y: 0.5, size: 0.3}
steps:
  - id: cup
    say:
      mouse: {fr: Cliquez sur la tasse., nl: Klik op de kop., en: Click on the cup.,
              ar: انقر على الكوب., tr: Fincana tıklayın., uk: Клацніть на чашку.}
      touch: {fr: Touchez la tasse., nl: Tik op de kop., en: Tap the cup.,
              ar: المس الكوب., tr: Fincana dokunun., uk: Торкніться чашки.}
    expect: {action: click, target: object.cup}
    success: {fr: Bravo !, nl: Goed zo!, en: Well done!, ar: أحسنت!, tr: Aferin!, uk: Молодець!}
"""


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


def expected_clips(home: Path, scenarios: Path) -> list[Path]:
    """Where every clip the kiosk may play should be, computed apart from the build
    (the same words under two prompt ids share one clip)."""
    config = load_config(env={"KIOSK_HOME": str(home), "KIOSK_SCENARIOS_DIR": str(scenarios)})
    catalogue = load_catalogue(scenarios, config.languages)
    synth = Synthesizer(config.voice_cache, rate=config.speech_rate)
    return [synth.clip_path(words, lang) for lang, _t, words in
            clips(prompts(catalogue), config.languages)]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    (folder / "practice").mkdir()
    (folder / "practice" / "module.yaml").write_text(PRACTICE_MODULE, encoding="utf-8")
    (folder / "practice" / "tap.yaml").write_text(PRACTICE_TAP, encoding="utf-8")
    return folder


def test_build_renders_everything_once_then_only_what_changed(tmp_path: Path,
                                                              content: Path) -> None:
    first = build(tmp_path, scenarios=content)
    assert first.returncode == 0, first.stdout + first.stderr
    rendered, cached = counts(first.stdout)
    assert "100%" in first.stderr  # the progress bar ran to the end
    expected = expected_clips(tmp_path, content)
    on_disk = set((tmp_path / "voice-cache").rglob("*.wav"))
    assert on_disk == set(expected)  # every prompt, every language
    assert rendered == len(on_disk) and cached == len(expected) - len(on_disk)
    assert {p.parent.name for p in on_disk} == set(SUPPORTED_LANGUAGES)
    assert Synthesizer(tmp_path / "voice-cache").clip_path("المس الكوب.", "ar") in on_disk

    again = build(tmp_path, scenarios=content)
    assert counts(again.stdout) == (0, rendered + cached)

    # a trainer rewords one French instruction: one new clip, nothing else
    tap = content / "practice" / "tap.yaml"
    tap.write_text(tap.read_text(encoding="utf-8").replace(
        "Touchez la tasse.", "Touchez la grande tasse."), encoding="utf-8")
    changed = build(tmp_path, "--lang", "fr", scenarios=content)
    assert counts(changed.stdout)[0] == 1


def test_an_unknown_language_is_refused_in_plain_words(tmp_path: Path) -> None:
    result = build(tmp_path, "--lang", "xx")
    assert result.returncode == 1
    assert "Unknown language 'xx'" in result.stdout
    assert ", ".join(SUPPORTED_LANGUAGES) in result.stdout
