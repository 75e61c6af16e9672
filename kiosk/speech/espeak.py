"""espeak-ng rendering to WAV through pyttsx3's ctypes binding, in synchronous mode.

pyttsx3's engine loop (``save_to_file`` + ``runAndWait``) was unreliable here: about one
clip in twenty was not written when voice or rate were set before it, and a rate change
was applied one clip late about one time in ten (both measured on these machines). The
same binding used synchronously returns only when the whole text is synthesised, so
every clip has its own text, voice and rate. espeak-ng can be initialised once per
process, hence one module-level renderer behind a lock.

Text goes in as UTF-8 whatever its script (Arabic, Cyrillic, Latin); the voice decides how
it is read: the French voice can only spell Arabic letters one by one.
"""

from __future__ import annotations

import ctypes
import threading
import wave
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_renderer: EspeakRenderer | None = None


class EspeakRenderer:
    def __init__(self) -> None:
        from pyttsx3.drivers import _espeak  # loads libespeak-ng; raises if missing

        self._espeak: Any = _espeak
        self.sample_rate = int(_espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 500))
        if self.sample_rate <= 0:
            raise RuntimeError("espeak-ng could not start")
        self._chunks: list[bytes] = []
        _espeak.SetSynthCallback(self._collect)

    def _collect(self, wav: Any, samples: int, _events: Any) -> int:
        if samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * 2))
        return 0  # go on

    def render(self, text: str, voice: str, rate: int, path: Path) -> bool:
        """Write ``text`` spoken by ``voice`` at ``rate`` words/minute to a WAV file."""
        e = self._espeak
        self._chunks = []
        if e.SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice '{voice}'")
        e.SetParameter(e.RATE, int(rate), 0)
        e.Synth(text.encode("utf-8"), flags=e.CHARS_UTF8 | e.ENDPAUSE)
        audio = b"".join(self._chunks)
        if not audio:
            return False
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.sample_rate)
            out.writeframes(audio)
        return True


def start() -> EspeakRenderer:
    """The process's renderer, started on first use (raises if espeak-ng is missing)."""
    global _renderer
    with _lock:
        if _renderer is None:
            _renderer = EspeakRenderer()
        return _renderer


def render(text: str, voice: str, rate: int, path: Path) -> bool:
    """Thread-safe: one synthesis at a time in the whole process."""
    renderer = start()
    with _lock:
        return renderer.render(text, voice, rate, path)
