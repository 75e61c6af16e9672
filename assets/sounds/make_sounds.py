#!/usr/bin/env python3
"""Generate the kiosk's two feedback sounds, using only the standard library.

    python3 assets/sounds/make_sounds.py            # writes next to this script
    python3 assets/sounds/make_sounds.py OUT_DIR    # writes into OUT_DIR

Output: 22050 Hz, mono, 16-bit PCM WAV files. The result is deterministic
(no randomness), so running it again gives byte-identical files.

* success.wav   -- a soft rising two-note chime (C5 then E5), about 0.35 s.
* try-again.wav -- one soft, low, neutral note (A3), about 0.25 s.
  It is deliberately NOT a buzzer: learners in our sessions are often afraid
  of "doing it wrong", so the "try again" cue must sound calm, never like an
  error alarm.

Both sounds are quiet (peak well below full scale), use pure sine tones with
a gentle second harmonic (so they are audible on small kiosk speakers), and
have a smooth fade-in and fade-out so they never click.

Licence: project-made, same licence as the project (AGPL-3.0-or-later).
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050  # samples per second
MAX_AMP = 32767  # 16-bit signed full scale

C5 = 523.25
E5 = 659.25
A3 = 220.00


def tone(freq: float, duration: float, volume: float,
         attack: float, release: float, harmonic: float = 0.25) -> list[float]:
    """One note as floats in [-volume, volume].

    The envelope is a raised-cosine fade-in over ``attack`` seconds, a gentle
    exponential decay (like a soft bell), and a raised-cosine fade-out over the
    last ``release`` seconds, so the note starts and ends at exactly zero.
    """
    n = int(round(duration * RATE))
    n_att = max(1, int(attack * RATE))
    n_rel = max(1, int(release * RATE))
    out = []
    for i in range(n):
        t = i / RATE
        wave_val = (math.sin(2 * math.pi * freq * t)
                    + harmonic * math.sin(2 * math.pi * 2 * freq * t))
        wave_val /= (1 + harmonic)
        env = math.exp(-3.0 * t / duration)  # soft decay
        if i < n_att:
            env *= 0.5 - 0.5 * math.cos(math.pi * i / n_att)
        if i >= n - n_rel:
            k = n - 1 - i  # n_rel-1 .. 0
            env *= 0.5 - 0.5 * math.cos(math.pi * k / n_rel)
        out.append(volume * env * wave_val)
    return out


def mix(length: float, *parts: tuple[float, list[float]]) -> list[float]:
    """Mix notes into one buffer of ``length`` seconds; each part is (start_s, samples)."""
    buf = [0.0] * int(round(length * RATE))
    for start, samples in parts:
        offset = int(round(start * RATE))
        for i, v in enumerate(samples):
            if offset + i < len(buf):
                buf[offset + i] += v
    return buf


def write_wav(path: Path, samples: list[float]) -> None:
    """Write float samples in [-1, 1] as 16-bit mono PCM."""
    frames = b"".join(
        struct.pack("<h", int(round(max(-1.0, min(1.0, s)) * MAX_AMP)))
        for s in samples
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def success() -> list[float]:
    """Rising C5 -> E5 chime, the second note overlapping the tail of the first."""
    first = tone(C5, 0.18, volume=0.22, attack=0.012, release=0.06)
    second = tone(E5, 0.23, volume=0.22, attack=0.012, release=0.10)
    return mix(0.35, (0.0, first), (0.12, second))


def try_again() -> list[float]:
    """A single calm, low A3 note with a slow attack (no buzz, no dissonance)."""
    return tone(A3, 0.25, volume=0.20, attack=0.03, release=0.10, harmonic=0.35)


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    out_dir.mkdir(parents=True, exist_ok=True)
    write_wav(out_dir / "success.wav", success())
    write_wav(out_dir / "try-again.wav", try_again())
    print(f"wrote {out_dir / 'success.wav'} and {out_dir / 'try-again.wav'}")


if __name__ == "__main__":
    main(sys.argv)
