"""Speech with the real espeak-ng: clips are real audio, cached, and recordings win."""

from __future__ import annotations

import array
import math
import shutil
import wave
from pathlib import Path

import pytest

from kiosk.speech import Synthesizer

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is installed by 'sh deploy/quickstart.sh test'")


def rms(path: Path) -> float:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2
        samples = array.array("h", w.readframes(w.getnframes()))
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def duration(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_french_prompt_renders_to_audible_speech(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path / "cache")
    clip = synth.render("Touchez les clés.", "fr")
    synth.close()
    assert clip is not None and clip.exists()
    assert synth.problem is None
    assert rms(clip) > 300  # not silence
    assert 0.5 < duration(clip) < 4  # a short sentence, spoken


def test_a_cached_clip_is_not_rendered_again(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path / "cache")
    first = synth.render("Cliquez sur la tasse.", "fr")
    assert synth.renders == 1
    again = synth.render("Cliquez sur la tasse.", "fr")
    assert again == first and synth.renders == 1
    assert synth.cached("Cliquez sur la tasse.", "fr") is not None
    other = synth.render("Klik op de kop.", "nl")  # another language, another clip
    synth.close()
    assert other != first and synth.renders == 2


def test_a_slower_rate_gives_a_longer_clip_cached_apart(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path / "cache", rate=200)
    text = "Gardez le doigt et glissez le CV dans Emploi."
    normal = synth.render(text, "fr")
    synth.rate = 100  # the same service, slowed down
    slow = synth.render(text, "fr")
    synth.close()
    assert normal is not None and slow is not None and slow != normal
    assert duration(slow) > duration(normal) * 1.6


def test_language_changes_the_voice(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path / "cache")
    text = "Gardez le doigt et glissez le CV dans Emploi."
    french, dutch = synth.render(text, "fr"), synth.render(text, "nl")
    synth.close()
    assert french is not None and dutch is not None
    assert french.parent.name == "fr" and dutch.parent.name == "nl"
    assert french.read_bytes() != dutch.read_bytes()


def test_a_recorded_voice_overrides_the_synthetic_one(tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    (voices / "fr").mkdir(parents=True)
    recorded = voices / "fr" / "mouse.click.keys.say.touch.wav"
    with wave.open(str(recorded), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"\x10\x00" * 22050)
    synth = Synthesizer(tmp_path / "cache", voices_dir=voices)
    clip = synth.cached("Touchez les clés.", "fr", "mouse.click.keys.say.touch")
    assert clip is not None and clip.recorded and clip.path == recorded
    assert synth.cached("Touchez les clés.", "fr", "another.prompt") is None
