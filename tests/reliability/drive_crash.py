"""Driver run by the crash and power-loss suites: the robot learner plays the mouse module
again and again, session after session, until the test kills the process.

Each attempt the robot sees finished is written to the journal (argv[1]) only once the
store has committed it: a no-op job is queued behind the attempt's events on the store's
one worker (jobs run in order), and its ``on_done`` appends the attempt id and fsyncs.
That is the definition the suites check: an attempt acknowledged here must be in the
database after any crash.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1280x800")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot  # noqa: E402

JOURNAL = Path(sys.argv[1])


def acknowledge(attempt_id: str) -> None:
    with JOURNAL.open("a") as f:
        f.write(attempt_id + "\n")
        f.flush()
        os.fsync(f.fileno())


class CrashDriver(Robot):
    def script(self) -> Any:
        while True:  # until killed
            yield from super().script()

    def play_scenario(self, sid: str) -> Any:
        yield from super().play_scenario(sid)
        attempt_id = self.app.logbook.attempt_id  # the results screen shows: it finished
        self.app.writer.submit(lambda _store: None, on_done=lambda _r: acknowledge(attempt_id))


app = KioskApp(config)
app.robot = CrashDriver(app, "mouse")
app.run()
