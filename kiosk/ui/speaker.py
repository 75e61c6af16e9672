"""Kivy adapter for speech: plays clips in order, a new instruction cuts the old one.

Rendering happens on the synthesizer's worker; the finished clip comes back to the main
thread through ``Clock.schedule_once`` and plays without blocking the UI. Every clip plays
at the animator's volume (``volume``, 0 to 1: SDL_mixer scales the samples). When the
sound output fails (no sound card, an unplugged device) ``device_problem`` says so and
the kiosk goes on silently.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.clock import Clock

if TYPE_CHECKING:
    from kivy.core.audio import Sound

from kiosk.engine.model import Text
from kiosk.speech import Synthesizer


class Speaker:
    def __init__(self, synth: Synthesizer | None) -> None:
        self.synth = synth
        self._generation = 0
        self._queue: list[tuple[str, str, str | None]] = []
        self._current: Sound | None = None
        self._sounds: OrderedDict[Path, Sound] = OrderedDict()
        self.requested_at = 0.0  # monotonic time of the last say()
        self.started_at = 0.0  # when its first clip began playing
        self.spoken: list[str] = []  # what was said, newest last (robot report, tests)
        self.played = 0  # clips actually started on the audio device
        self.clips: list[Path] = []  # the files played, newest last (robot report, tests)
        self.device_problem: str | None = None  # set when a clip cannot be opened for playing
        self.volume = 1.0  # the animator's setting, 0 to 1

    @property
    def problem(self) -> str | None:
        if self.synth is None:
            return "speech is switched off in the configuration"
        return self.synth.problem or self.device_problem

    def say(self, texts: list[Text], language: str) -> None:
        """Speak these texts one after another, cutting whatever is playing now."""
        self.stop()
        self._generation += 1
        self.requested_at = time.monotonic()
        self.started_at = 0.0
        # an untranslated text is read in French by the French voice, not mangled by another
        self._queue = [(t.get(language), language if t.has(language) else "fr", t.prompt_id)
                       for t in texts if t.get(language)]
        self._next(self._generation)

    def stop(self) -> None:
        self._queue = []
        self._generation += 1
        if self._current is not None:
            current, self._current = self._current, None
            current.stop()

    def _next(self, generation: int) -> None:
        if generation != self._generation or not self._queue:
            return
        words, language, prompt_id = self._queue.pop(0)
        self.spoken.append(words)
        del self.spoken[:-50]
        if self.synth is None or not self.synth.available:
            return
        clip = self.synth.cached(words, language, prompt_id)
        if clip is not None:
            self._play(clip.path, generation)
            return

        def rendered(path: Path | None) -> None:  # on the speech worker thread
            Clock.schedule_once(lambda _dt: self._rendered(path, generation))

        self.synth.render_async(words, language, rendered)

    def _rendered(self, path: Path | None, generation: int) -> None:
        if path is None:
            self._next(generation)
        else:
            self._play(path, generation)

    def _play(self, path: Path, generation: int) -> None:
        if generation != self._generation:
            return
        sound = self._load(path)
        if sound is None:
            self._next(generation)
            return
        self._current = sound
        sound.unbind(on_stop=self._on_stop)
        sound.bind(on_stop=self._on_stop)
        sound._kiosk_generation = generation  # type: ignore[attr-defined]
        sound.volume = self.volume
        sound.play()
        if sound.state != "play":  # the output refused it: say so, go on silently
            self._current = None
            self.device_problem = "the sound output refused to play a clip (see the log)"
            self._next(generation)
            return
        self.played += 1
        self.clips.append(path)
        del self.clips[:-50]
        if not self.started_at:
            self.started_at = time.monotonic()

    def _on_stop(self, sound: Sound) -> None:
        generation = getattr(sound, "_kiosk_generation", -1)
        if sound is self._current and generation == self._generation:
            self._current = None
            self._next(generation)

    def _load(self, path: Path) -> Sound | None:
        sound = self._sounds.get(path)
        if sound is None:
            from kivy.core.audio import SoundLoader  # the audio device opens on first use

            sound = SoundLoader.load(str(path))
            # with no working output SDL still hands back a sound, of length 0
            if sound is None or not sound.length:
                self.device_problem = "the sound card could not play a clip (see the log)"
                return None
            self.device_problem = None
            self._sounds[path] = sound
            while len(self._sounds) > 8:
                _old, old_sound = self._sounds.popitem(last=False)
                if old_sound is not self._current:
                    old_sound.unload()
        else:
            self._sounds.move_to_end(path)
        return sound

    def forget(self) -> None:
        """Unload the decoded clips kept for repeats (an exercise ended), but the one playing."""
        for path, sound in list(self._sounds.items()):
            if sound is not self._current:
                del self._sounds[path]
                sound.unload()

    def play_effect(self, path: Path) -> None:
        """A short chime that does not interrupt speech."""
        sound = self._load(path)
        if sound is not None:
            sound.volume = 0.6 * self.volume
            sound.play()
