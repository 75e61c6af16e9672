"""Driver run by test_sound.py: the animator's volume and "Tester le son", by touches on
the animator screen of a real kiosk.

argv: OUT.json SHOTS_DIR SIZE MODE. MODE "play": the test sentence at 100 %, then at
30 %, noting where the sound output file (SDL's disk driver, $SDL_DISKAUDIOFILE) stood
before and after each, so the test can weigh the real samples. MODE "broken": a kiosk whose
sound output does not work, started again on the same home: the volume it shows, what
the test button and the screen's top line say, and that a learner can still start.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

OUT, SHOTS, SIZE, MODE = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
prepare_kivy(load_config(), windowed=True, size=SIZE)

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

AUDIO = Path(os.environ.get("SDL_DISKAUDIOFILE", "/nonexistent"))


def written() -> int:
    return AUDIO.stat().st_size if AUDIO.exists() else 0


class SoundDriver(Robot):
    def script(self) -> Any:
        app = self.app
        speaker = app.speaker
        seen: dict[str, Any] = {"size": list(Window.size)}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        screen = app.screen("animator")
        yield from self.open_animator()
        seen["volume_shown"] = int(screen.volume)
        yield Until(lambda: speaker._current is None, "quiet")

        def test_at(percent: int) -> Any:
            while int(screen.volume) != percent:
                yield from self.tap_named("volume.more" if screen.volume < percent else "volume.less")
            played = speaker.played
            start = written()
            yield from self.tap_named("volume.test")
            yield Until(lambda: "Écoutez" not in screen.sound_check, "the sound test's answer", 10)
            if speaker.played > played:
                yield Until(lambda: speaker._current is None, "the test sentence to end", 15)
                yield from self.frames(6)
            seen.setdefault("tests", []).append({"volume": percent, "from": start, "to": written(),
                                                 "said": screen.sound_check,
                                                 "played": speaker.played - played})

        if MODE == "play":
            yield from test_at(100)
            yield from test_at(30)
            yield from self.shot(f"animator-sound-{SIZE}")
        else:
            yield from test_at(int(screen.volume))
            seen["notice"] = screen.notice
            yield from self.shot(f"animator-sound-broken-{SIZE}")
            yield from self.tap_named("animator.back")
            yield Until(lambda: app.sm.current == "welcome", "the welcome")
            yield from self.start_in("fr")  # a learner starts, the kiosk silent
            seen["learner_screen"] = app.sm.current
        seen["smallest_target"] = self.smallest_target()
        seen["state_file"] = json.loads(app.kiosk_config.state_file.read_text())
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))


app = KioskApp(load_config())
app.robot = SoundDriver(app, "sound", screenshots=SHOTS)
app.run()
