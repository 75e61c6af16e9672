"""Speech: turn a prompt into a WAV clip — a recorded voice if one exists, else espeak-ng.

Synthesis runs on a worker thread through espeak-ng (pyttsx3's binding, used
synchronously: see ``kiosk.speech.espeak``); each clip is rendered once and cached under
a hash of (voice, rate, text). Playing the clip is the UI's job. If no engine can start, the
service says why in ``problem`` and the kiosk runs silently.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# espeak-ng voices as pyttsx3 names them; Belgian French first.
VOICES = {"fr": "roa/fr-be", "nl": "gmw/nl", "en": "gmw/en",
          "ar": "sem/ar", "tr": "trk/tr", "uk": "zle/uk"}
RECORDED_SUFFIXES = (".wav", ".ogg")


def voice_for(language: str) -> str:
    """The espeak-ng voice that speaks ``language`` (French for an unknown one)."""
    return VOICES.get(language, VOICES["fr"])


@dataclass(frozen=True)
class _Job:
    text: str
    language: str
    rate: int  # the rate when asked: the learner may choose "slower" while it waits
    path: Path
    on_done: Callable[[Path | None], None]


@dataclass(frozen=True)
class Clip:
    path: Path
    recorded: bool  # a person's recording, not the synthetic voice


class Synthesizer:
    """Renders text to cached WAV files on its own worker thread."""

    def __init__(self, cache_dir: Path, *, rate: int = 140, voices_dir: Path | None = None,
                 timeout: float = 8.0) -> None:
        self.cache_dir = cache_dir
        self.voices_dir = voices_dir
        self.rate = rate
        self.timeout = timeout
        self.problem: str | None = None
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._closed = False
        self.renders = 0  # how many clips were synthesised (cache misses)

    @property
    def available(self) -> bool:
        return self.problem is None

    # -- finding clips ------------------------------------------------------------
    def clip_path(self, text: str, language: str, rate: int | None = None) -> Path:
        voice = voice_for(language)  # in the key: another voice is another clip
        rate = self.rate if rate is None else rate
        key = hashlib.sha256(f"{voice}\0{rate}\0{text}".encode()).hexdigest()[:24]
        return self.cache_dir / language / f"{key}.wav"

    def recorded(self, prompt_id: str | None, language: str) -> Path | None:
        if not prompt_id or self.voices_dir is None:
            return None
        for suffix in RECORDED_SUFFIXES:
            path = self.voices_dir / language / f"{prompt_id}{suffix}"
            if path.exists():
                return path
        return None

    def cached(self, text: str, language: str, prompt_id: str | None = None) -> Clip | None:
        rec = self.recorded(prompt_id, language)
        if rec is not None:
            return Clip(rec, True)
        path = self.clip_path(text, language)
        return Clip(path, False) if path.exists() else None

    # -- rendering ----------------------------------------------------------------
    def render_async(self, text: str, language: str,
                     on_done: Callable[[Path | None], None]) -> None:
        """Render in the worker; ``on_done`` runs on the worker thread (path or None)."""
        if not self.available or self._closed:  # closed: the kiosk is stopping
            on_done(None)
            return
        self._start()
        rate = self.rate
        self._jobs.put(_Job(text, language, rate, self.clip_path(text, language, rate), on_done))

    def render(self, text: str, language: str) -> Path | None:
        """Blocking render (pre-rendering, CLI); None on failure or timeout."""
        done = threading.Event()
        result: list[Path | None] = [None]

        def finish(path: Path | None) -> None:
            result[0] = path
            done.set()

        self.render_async(text, language, finish)
        if not done.wait(self.timeout):
            self.problem = "the speech engine stopped answering (espeak-ng)"
            log.error(self.problem)
            return None
        return result[0]

    def close(self) -> None:
        """Stop the worker after the clip it is rendering; later requests get None (a
        pre-render still running must not start a new worker while the process exits)."""
        self._closed = True
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=2)
            self._thread = None

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="speech", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        try:
            from kiosk.speech import espeak

            engine: Any = espeak
            espeak.start()
        except Exception as exc:  # no libespeak-ng: run silently, say why
            self.problem = f"no speech engine: {exc} (install espeak-ng and libespeak-ng1)"
            log.warning(self.problem)
            engine = None
        while True:
            job = self._jobs.get()
            if job is None:
                return
            out: Path | None = job.path if job.path.exists() else None
            if engine is not None and out is None:
                try:
                    out = self._synthesise(engine, job)
                except Exception as exc:
                    log.warning("could not render %r: %s", job.text, exc)
            try:
                job.on_done(out)
            except Exception:
                log.exception("speech callback failed")

    def _synthesise(self, engine: Any, job: _Job) -> Path | None:
        path = job.path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp.wav")
        if not engine.render(job.text, voice_for(job.language), job.rate, tmp):
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, path)  # atomic: a half-written clip is never played
        self.renders += 1
        return path
