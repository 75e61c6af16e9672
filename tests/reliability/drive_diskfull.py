"""Driver run by test_diskfull.py: a learner practises in Dutch while the disk that holds
the database fills up, then the animator looks, then space returns and practice goes on.

argv[1]: the JSON it writes; argv[2]: screenshots; argv[3]: a folder on the small
filesystem that holds the database, where the filler file goes.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1920x1080")

from kivy.core.window import Window  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402
from kiosk.ui.storage import StorageNotice  # noqa: E402

OUT, SHOTS, SMALL_DISK = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
FILLER = SMALL_DISK / "filler"


def fill_the_disk() -> None:
    """What a runaway log or a big download does: take every free block."""
    fd = os.open(FILLER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (1 << 16, 512, 1):  # big pieces, then the last crumbs
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)


def notice_open() -> bool:
    return any(isinstance(w, StorageNotice) for w in Window.children)


def texts(widget: Any) -> list[str]:
    out, stack = [], [widget]
    while stack:
        w = stack.pop()
        text = getattr(w, "text", None)
        if isinstance(text, str) and text.strip() and w.opacity > 0:
            out.append(text)
        stack.extend(w.children)
    return out


class DiskFullDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"scenarios_while_full": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.nl")
        yield Until(lambda: app.sm.current == "modules" and app.logbook.pseudonym is not None, "modules")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        fill_the_disk()
        seen["filler_bytes"] = FILLER.stat().st_size
        # practise until a write fails (the WAL reuses the room it already has at first)
        for sid in ("mouse.click", "mouse.double_click", "mouse.drag", "mouse.scroll"):
            yield from self.tap_named(f"scenario.{sid}")
            yield Until(lambda: app.sm.current == "player", "the player")
            seen["scenarios_while_full"].append(sid)
            yield from self.play_until_told(sid)
            if notice_open():
                break
            yield from self.tap_named("results.menu")
            yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        seen["notice_shown"] = notice_open()
        wanted = (app.tr("storage.problem"), app.tr("storage.continue"))
        yield Until(lambda: wanted[1] in app.speaker.spoken[-3:], "the notice to be said", 10)
        seen["spoken_at_notice"] = [s for s in app.speaker.spoken[-3:] if s in wanted]
        seen["notice_texts"] = [t for w in Window.children if isinstance(w, StorageNotice) for t in texts(w)]
        yield from self.shot("learner-notice")
        yield from self.tap_named("storage.ok")
        yield from self.frames(3)
        seen["notice_closed"] = not notice_open()
        if app.sm.current == "player":
            while not app.screen("player").runner.finished:
                yield from self.right_action(app.screen("player").runner.step)
                yield from self.frames()
            yield Until(lambda: app.sm.current == "results", "the results")
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        seen["told_once"] = sum(1 for s in app.speaker.spoken if s == seen["spoken_at_notice"][0])
        # the animator: corner + PIN; the screen says why
        yield from self.open_animator()
        seen["animator_notice"] = app.screen("animator").notice
        yield from self.shot("animator-notice")
        # space comes back: practice is saved again, in the same session
        FILLER.unlink()
        yield from self.tap_named("animator.back")
        yield Until(lambda: app.sm.current in ("modules", "scenarios"), "back to the learner")
        if app.sm.current == "modules":
            yield from self.tap_named("module.mouse")
            yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        yield from self.tap_named("scenario.mouse.right_click")
        yield Until(lambda: app.sm.current == "player", "the player")
        yield from self.play_scenario("mouse.right_click")
        seen["attempt_after_space_returned"] = app.logbook.attempt_id
        seen["session_id"] = app.logbook.session_id
        seen["failures_before_end"] = app.writer.problem.failures if app.writer.problem else 0
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        yield from self.tap_named("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_done()
        yield Until(lambda: app.sm.current == "passport" and not app.screen("passport").waiting, "passport")
        yield from self.tap_named("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "the welcome")
        app.writer.flush(10)
        seen["failures_after_space_returned"] = (app.writer.problem.failures if app.writer.problem else 0) \
            - seen["failures_before_end"]
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))

    def play_until_told(self, sid: str) -> Any:
        """Play the exercise; stop as soon as the learner is told the saving is paused."""
        player = self.app.screen("player")
        runner = player.runner
        while not runner.finished and not notice_open():
            step = runner.step
            yield from self.frames()
            yield from self.heard()
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before or notice_open(),
                        f"step '{step.id}'")
        yield Until(lambda: self.app.sm.current == "results" or notice_open(), "the results or the notice")


app = KioskApp(config)
app.robot = DiskFullDriver(app, "mouse", screenshots=SHOTS)
app.run()
