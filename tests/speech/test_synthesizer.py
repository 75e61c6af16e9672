"""Speech with the real espeak-ng: clips are real audio, cached, and recordings win;
every language is spoken by its own voice."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest

from kiosk.speech import VOICES, Synthesizer, espeak, voice_for

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is installed by 'sh deploy/quickstart.sh test'")


# One short instruction per language, as a learner hears it on the first exercise.
SAMPLES = {
    "fr": "Touchez les clés.",
    "nl": "Tik op de sleutels.",
    "en": "Tap the keys.",
    "ar": "المس المفاتيح.",
    "tr": "Anahtarlara dokunun.",
    "uk": "Торкніться ключів.",
}


def samples(path: Path) -> array.array[int]:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        return array.array("h", w.readframes(w.getnframes()))


def rms(path: Path) -> float:
    frames = samples(path)
    return math.sqrt(sum(s * s for s in frames) / max(1, len(frames)))


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
    assert synth.renders == 2
    # Not the bytes: two renders of the same words by the same voice already differ a
    # little (see below); each language's voice is checked against espeak-ng itself.


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


def test_every_configured_language_has_a_voice_and_a_sample() -> None:
    from kiosk.config import SUPPORTED_LANGUAGES

    assert set(VOICES) == set(SUPPORTED_LANGUAGES) == set(SAMPLES)


@pytest.mark.parametrize("language", list(SAMPLES))
def test_each_language_renders_audible_speech(tmp_path: Path, language: str) -> None:
    synth = Synthesizer(tmp_path / "cache")
    clip = synth.render(SAMPLES[language], language)
    synth.close()
    assert synth.problem is None
    assert clip is not None and clip.parent.name == language
    assert rms(clip) > 300  # not silence
    assert 0.5 < duration(clip) < 4  # one short sentence, not letters spelt one by one


def _espeak_ng_cli(text: str, voice: str, rate: int, out: Path) -> array.array[int]:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(out), text],
                   check=True, capture_output=True, timeout=30)
    return samples(out)


@pytest.mark.parametrize("language", list(SAMPLES))
def test_each_language_is_spoken_by_its_own_espeak_voice(tmp_path: Path, language: str) -> None:
    """The clip is, sample for sample, what espeak-ng's own command line says with the
    language's voice, and differs from what every other voice says for the same words.

    espeak-ng carries a little state from one sentence to the next (its pitch flutter),
    so the comparison is made on a first sentence, in a fresh process, like the command's.
    """
    text, rate = SAMPLES[language], 140
    render = (
        "import sys; from pathlib import Path; from kiosk.speech import Synthesizer\n"
        "s = Synthesizer(Path(sys.argv[1]), rate=int(sys.argv[4]))\n"
        "print(s.render(sys.argv[2], sys.argv[3])); s.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", render, str(tmp_path / "cache"), text, language,
                           str(rate)], capture_output=True, text=True, check=True, timeout=60)
    clip = samples(Path(done.stdout.strip()))
    by_voice = {voice: _espeak_ng_cli(text, voice, rate, tmp_path / f"{i}.wav")
                for i, voice in enumerate(VOICES.values())}
    own = by_voice.pop(voice_for(language))
    assert all(other != own for other in by_voice.values())  # the voices can be told apart
    assert clip == own


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_a_non_latin_sentence_needs_its_own_voice(tmp_path: Path, language: str) -> None:
    """Arabic or Cyrillic words reach espeak-ng intact (UTF-8): the French voice can only
    spell them letter by letter, the language's voice reads them."""
    text = SAMPLES[language]
    own, french = tmp_path / "own.wav", tmp_path / "french.wav"
    assert espeak.render(text, VOICES[language], 140, own)
    assert espeak.render(text, VOICES["fr"], 140, french)
    assert samples(own) != samples(french)
    assert rms(own) > 300
    assert duration(french) > 3 * duration(own)


def test_the_cache_key_depends_on_the_voice(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    synth = Synthesizer(tmp_path / "cache")
    text = "Il vous reste 70 euros, pas 90."
    names = {synth.clip_path(text, language).name for language in VOICES}
    assert len(names) == len(VOICES)  # the same words, six voices: six clips
    belgian = synth.render(text, "fr")
    monkeypatch.setitem(VOICES, "fr", "roa/fr")  # the voice of France instead
    france = synth.render(text, "fr")
    synth.close()
    assert belgian is not None and france is not None and france != belgian
    assert synth.renders == 2  # the Belgian clip was not replayed
    # septante, nonante (Belgium) are shorter than soixante-dix, quatre-vingt-dix
    assert duration(france) > 1.15 * duration(belgian)


def test_a_clip_keeps_the_rate_it_was_asked_with(tmp_path: Path) -> None:
    """The learner touches "slower" while clips wait for the worker (the start-up
    pre-rendering, say): those clips are rendered at the rate their cache key says."""
    text = "Gardez le doigt et glissez le CV dans Emploi."
    other = Synthesizer(tmp_path / "reference", rate=140)
    reference = other.render(text, "fr")
    other.close()
    synth = Synthesizer(tmp_path / "cache", rate=140)
    release = threading.Event()
    done: list[Path | None] = []
    finished = threading.Event()
    synth.render_async("Touchez les clés.", "fr", lambda _p: release.wait(5))  # keeps the worker busy

    def record(path: Path | None) -> None:
        done.append(path)
        finished.set()

    synth.render_async(text, "fr", record)  # asked at 140
    synth.rate = 70  # "slower", while the clip is still waiting
    release.set()
    assert finished.wait(10)
    synth.close()
    clip = done[0]
    assert reference is not None and clip is not None
    assert clip == synth.clip_path(text, "fr", 140)
    assert duration(clip) < 1.3 * duration(reference)  # at 70 it would be about twice as long
