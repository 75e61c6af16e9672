"""The system's request to stop: SIGTERM and SIGINT end the kiosk, cleanly, at once.

The kiosk refuses to quit from the keyboard and from the window's close button
(``KioskApp._on_request_close``). SDL turns SIGTERM and SIGINT into that same quit
request, so the service manager's stop was refused too: every ``systemctl stop``,
restart or update waited for the stop timeout and ended in SIGKILL. Here the two
signals get Python handlers of their own (``prepare_kivy`` also tells SDL to install
none), and the app leaves through the animator's exit: the session is closed like the
idle wipe closes it (the attempt "abandoned"), the store's writer is drained and the
database closed, and ``kiosk run`` exits with 0.

A signal handler can run between any two bytecodes of the main thread, in the middle of
Kivy's own work: it only notes the signal; a Clock tick on the main loop does the rest.
"""

from __future__ import annotations

import logging
import signal
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
CHECK_EVERY = 0.1  # seconds between looks at the noted signal (the stop must take < 2 s)


def stop_on_system_request(app: Any) -> None:
    """Install the handlers (main thread only); ``app.exit_kiosk()`` runs on the next tick."""
    received: list[int] = []

    def note(signum: int, _frame: Any) -> None:
        received.append(signum)

    def check(_dt: float) -> bool:
        if not received:
            return True
        log.warning("stopping: %s received", signal.Signals(received[0]).name)
        app.exit_kiosk()
        return False  # once

    for signum in STOP_SIGNALS:
        signal.signal(signum, note)
    Clock.schedule_interval(check, CHECK_EVERY)
