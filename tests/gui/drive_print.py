"""Driver run by test_print.py: "Imprimer" on the passport of an enrolled kiosk at 1280×800,
with the fake CUPS of tests/fake_cups on the PATH (its bin folder is $FAKE_CUPS_BIN, its
spool $FAKE_CUPS_SPOOL, outside the home).

A learner plays one exercise and ends on the passport. Without CUPS the screen says
printing is not available. With it, "Imprimer" calls the animator (the test, playing the
room, waits to see "impression" on the tile) and opens the PIN pad: cancelled, then a
wrong PIN, print nothing; the right PIN prints, and the attestations folder is listed
before and after. Then a print CUPS holds: the learner presses "Terminer" and the folder
is listed again. Last, the animator screen (corner + PIN) shows the job as lpstat sees it.

argv: OUT.json SHOTS_DIR
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size="1280x800")

from kivy.core.window import Window  # noqa: E402
from looking import Looking  # noqa: E402  (this folder: the drivers run as scripts)

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS = Path(sys.argv[1]), Path(sys.argv[2])
BIN, SPOOL = Path(os.environ["FAKE_CUPS_BIN"]), Path(os.environ["FAKE_CUPS_SPOOL"])
FOLDER = config.home / "attestations"


def listing() -> list[str]:
    """Every PDF under the kiosk's home, as paths relative to it."""
    return sorted(str(p.relative_to(config.home)) for p in config.home.rglob("*.pdf"))


def jobs() -> list[dict[str, Any]]:
    log = SPOOL / "jobs.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


class PrintDriver(Looking, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}}

        def save() -> None:
            OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))

        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.press("language.fr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.open_scenario("mouse.click")
        yield from self.play_scenario("mouse.click")
        yield from self.press("results.done")
        yield Until(lambda: self.find("confirm.yes") is not None, "the card asking once")
        yield from self.press("confirm.yes")
        passport = app.screen("passport")
        yield Until(lambda: app.sm.current == "passport" and passport.issued is not None, "passport")
        seen["before"] = listing()

        # -- no CUPS on this terminal: said plainly, no PIN pad, nothing written
        # a system CUPS (cups-client) may sit in /usr/bin too: for this moment the PATH holds
        # only the fake's folder, as on a terminal where lp is not installed
        (BIN / "lp").rename(BIN / "lp.off")
        full_path, os.environ["PATH"] = os.environ["PATH"], str(BIN)
        yield from self.press("passport.print")
        yield from self.frames()
        seen["no_cups"] = {"status": passport.status, "spoken": app.speaker.spoken[-1],
                           "pad": self.find("pin.ok") is not None, "note": passport.staff_note,
                           "files": listing()}
        yield from self.look("print-unavailable", seen)
        (BIN / "lp.off").rename(BIN / "lp")
        os.environ["PATH"] = full_path

        # -- "Imprimer": the animator is called (the room shows "impression") and the pad opens
        yield from self.press("passport.print")
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad")
        yield from self.heard()
        seen["asked"] = {"status": passport.status, "spoken": app.speaker.spoken[-1],
                         "call": app.call_state, "pad_title": self.pad().title}
        yield from self.shot("print-pin")
        seen["shots"]["print-pin"] = str(sorted(SHOTS.glob("*-print-pin.png"))[-1])
        save()  # the test looks at the room now, then leaves a note
        yield Until(lambda: (config.home / "room-saw-impression").exists(), "the room to see the call", 30)
        yield from self.press("pin.cancel")
        yield from self.frames()
        seen["after_cancel"] = {"pad": self.find("pin.ok") is not None, "jobs": jobs(), "files": listing()}
        yield from self.press("passport.print")
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad again")
        for digit in "9999":
            yield from self.press(digit)
        yield from self.press("pin.ok")
        yield from self.frames()
        seen["wrong_pin"] = {"message": self.pad().message, "jobs": jobs(), "files": listing()}
        for digit in "1234":
            yield from self.press(digit)
        yield from self.press("pin.ok")
        yield Until(lambda: bool(passport.status) and not passport.printing, "the print outcome", 30)
        yield from self.heard()
        seen["printed"] = {"status": passport.status, "spoken": app.speaker.spoken[-1],
                           "note": passport.staff_note, "jobs": jobs(), "files": listing(),
                           "folder": sorted(p.name for p in FOLDER.iterdir()), "call": app.call_state}
        yield from self.look("printed", seen)

        # -- a print CUPS holds, and the learner leaves: nothing stays after the session
        (SPOOL / "hold").touch()
        yield from self.press("passport.print")
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad")
        for digit in "1234":
            yield from self.press(digit)
        yield from self.press("pin.ok")
        yield Until(lambda: (SPOOL / "holding").exists(), "lp to hold the job", 30)
        seen["held"] = {"files": listing()}
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome after the passport")
        seen["after_session"] = {"files": listing(), "folder": sorted(p.name for p in FOLDER.iterdir())}
        (SPOOL / "hold").unlink()

        # -- the animator screen: the printer and the job, as lpstat sees it
        (SPOOL / "completed").write_text(seen["printed"]["jobs"][0]["job"] + "\n")
        touch = self._event(20, Window.height - 20)  # the animator's hidden corner
        self._send("begin", touch)
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad", 6)
        self._send("end", touch)
        for digit in "1234":
            yield from self.press(digit)
        yield from self.press("pin.ok")
        animator = app.screen("animator")
        yield Until(lambda: app.sm.current == "animator" and "imprimé" in animator.printing,
                    "the job on the animator screen", 15)
        seen["animator"] = {"printing": animator.printing, "jobs_after": jobs()}
        yield from self.frames(2)
        yield from self.shot("animator")
        seen["shots"]["animator"] = str(sorted(SHOTS.glob("*-animator.png"))[-1])
        save()
        app.exit_kiosk()

    def pad(self) -> Any:
        return self.find("pin.ok").parent.parent.parent


app = KioskApp(config)
app.robot = PrintDriver(app, "mouse.click", screenshots=SHOTS)
app.run()
