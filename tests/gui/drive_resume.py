"""Driver run in its own process by test_passport.py (kiosk B, another EPN): "J'ai déjà
un code" without a camera, the animator typing a picture code B does not know yet, a
fake camera shown a foreign QR code and a tampered one, then the real one (from kiosk
A's screenshot): stars on the tiles; the same code again; then the typed picture code;
the self-assessment asked again (before and now); an exercise and its results. In the
learner's language (argv), camera frames from image files only (there is no webcam).

argv: OUT.json SHOTS_DIR SIZE LANGUAGE INPUTS.json
INPUTS: {"qr": PNG, "foreign": PNG, "tampered": PNG, "pictures": [3 stems], "digits": "84",
         "old_answers": {...}}
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from looking import Looking  # noqa: E402  (this folder: the drivers run as scripts)

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.camera import PictureFrames  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, LANG = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]
INPUTS = json.loads(Path(sys.argv[5]).read_text())
NOW_ANSWERS = ["yes", "yes", "yes", "a_little", "yes", "a_little", "a_little", "not_yet",
               "yes", "yes", "yes"]


class ResumeDriver(Looking, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        resume = app.screen("resume")

        # -- no camera on this terminal: said calmly; the animator can type the code
        app.camera_factory = lambda: None
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume", "the resume screen")
        yield from self.switch_language(LANG)
        yield from self.heard()
        seen["no_camera"] = {"message": resume.message_key, "camera_on": resume.camera_on,
                             "said": self.said()}
        yield from self.look("resume-no-camera", seen)
        # the animator types the picture code (PIN first); kiosk B does not know it yet
        yield from self.type_code(seen, look=True)
        yield Until(lambda: resume.last_verdict == "unknown_code", "the unknown picture code")
        yield from self.heard()
        seen["typed_unknown"] = {"said": self.said(), "screen": app.sm.current}
        yield from self.look("resume-unknown-code", seen)
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "welcome", "welcome")

        # -- a fake camera: a foreign QR code, a tampered code, then the real one
        frames = PictureFrames([Path(INPUTS["foreign"]), Path(INPUTS["tampered"]), Path(INPUTS["qr"])],
                               held_up=False)
        app.camera_factory = lambda: frames
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume", "the resume screen")
        yield from self.switch_language(LANG)
        yield from self.look("resume-camera", seen)
        frames.held_up = True  # the learner holds up their phone
        yield Until(lambda: app.sm.current == "modules", "the session of the learner with the code", 30)
        seen["camera"] = {"verdicts": list(resume.verdicts), "frames": frames.frames_given}
        yield from self.heard()
        seen["resumed"] = self.session_seen()
        yield from self.look("modules-resumed", seen)
        yield from self.press("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        seen["tiles"] = self.tile_stars()
        yield from self.look("scenarios-resumed", seen)
        yield from self.finish_session(seen, "passport-resumed")

        # -- a refused code on its own, seen on screen: calm words, no crash
        frames = PictureFrames([Path(INPUTS["tampered"])], held_up=False)
        app.camera_factory = lambda: frames
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume", "the resume screen")
        yield from self.switch_language(LANG)
        frames.held_up = True
        yield Until(lambda: resume.last_verdict == "bad_signature", "the tampered code refused")
        yield from self.heard()
        seen["tampered"] = {"said": self.said(), "camera_on": resume.camera_on}
        yield from self.look("resume-refused", seen)
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "welcome", "welcome")

        # -- the same code shown again: nothing counted twice
        frames = PictureFrames([Path(INPUTS["qr"])])
        app.camera_factory = lambda: frames
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "modules", "the second resume", 30)
        seen["resumed_again"] = self.session_seen()
        yield from self.finish_session(seen, None)

        # -- the typed picture code, now that kiosk B knows the learner
        app.camera_factory = lambda: None
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume", "the resume screen")
        yield from self.switch_language(LANG)
        yield from self.type_code(seen, look=False)
        yield Until(lambda: app.sm.current == "modules", "the session after the typed code")
        seen["typed"] = self.session_seen()
        seen["typed"]["offered"] = app.screen("modules").offer_selfcheck
        yield from self.press("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        seen["typed"]["tiles"] = self.tile_stars()
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "modules", "modules")

        # -- asked again: the first answers were 40 days ago, so before and now show
        learner_id = app.logbook.learner_id
        old_day = date.today() - timedelta(days=40)
        app.writer.call(lambda s: app.passport.save_self_assessment(
            s, learner_id, INPUTS["old_answers"], today=old_day))
        yield from self.press("selfcheck.open")
        check = app.screen("selfcheck")
        yield Until(lambda: app.sm.current == "selfcheck", "self-assessment")
        for index, answer in enumerate(NOW_ANSWERS):
            yield Until(lambda index=index: check.index == index, f"question {index + 1}")
            if index == 0:
                yield from self.heard()
                yield from self.look("selfcheck-question", seen)
            yield from self.press(f"answer.{answer}")
        yield Until(lambda: bool(check.summary), "the summary")
        yield from self.heard()
        seen["selfcheck"] = {"grown": check.grown_text, "spoken": list(app.speaker.spoken[-4:]),
                             "rows": check.ids.before_after.rows,
                             "suggestion": check.suggestion.id if check.suggestion else None,
                             "stored": app.writer.call(lambda s: [
                                 (a.asked_on.isoformat(), dict(a.answers))
                                 for a in s.learner_progress(learner_id).answer_sets])}
        yield from self.look("selfcheck-before-after", seen)

        # -- one more exercise here: its results, in the learner's language
        yield from self.press("selfcheck.menu")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.press("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.press("scenario.mouse.drag")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.play_scenario("mouse.drag")
        results = app.screen("results")
        yield Until(lambda: bool(results.path), "the path")
        yield from self.heard()
        seen["results"] = {"path": results.path, "can_now": results.can_now,
                           "recommended": results.recommended.id if results.recommended else None}
        yield from self.look("results", seen)
        yield from self.press("results.done")
        yield Until(lambda: self.find("confirm.yes") is not None, "the card asking once")
        yield from self.press("confirm.yes")
        yield Until(lambda: app.sm.current == "passport" and app.screen("passport").has_code, "passport")
        seen["final_record"] = app.screen("passport").issued.record.to_json()
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- helpers ------------------------------------------------------------------------
    def type_code(self, seen: dict[str, Any], *, look: bool) -> Any:
        """The animator: "L'animateur tape le code", the PIN, three pictures, two digits."""
        yield from self.press("resume.type")
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad")
        for digit in "1234":
            yield from self.press(digit)
        yield from self.press("pin.ok")
        yield Until(lambda: self.find("code.ok") is not None, "the picture code picker")
        for stem in INPUTS["pictures"]:
            yield from self.press(f"code.{stem}")
        for digit in INPUTS["digits"]:
            yield from self.press(f"code.digit.{digit}")
        if look:
            yield from self.look("resume-picker", seen)
        yield from self.press("code.ok")

    def finish_session(self, seen: dict[str, Any], look: str | None) -> Any:
        app = self.app
        if app.sm.current != "modules":
            yield from self.press("back")
            yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_done()
        passport = app.screen("passport")
        yield Until(lambda: app.sm.current == "passport" and passport.has_code, "the passport")
        if look:
            yield from self.heard()
            yield from self.look(look, seen)
            seen[f"{look}-code"] = passport.issued.code
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome")

    def session_seen(self) -> dict[str, Any]:
        app = self.app
        learner = app.writer.call(lambda s: s.learner_of_session(app.logbook.session_id))
        progress = app.writer.call(lambda s: s.learner_progress(learner.id))
        return {"learner_id": learner.id, "pseudonym": learner.pseudonym,
                "language": app.language, "said": self.said(),
                "session_stars": dict(app.session_stars),
                "results": {r.scenario_id: [r.best_stars, r.times_done] for r in progress.results}}

    def said(self) -> list[str]:
        """What the resume screen said last, in the learner's language."""
        return [self.app.tr(key) for key in self.app.screen("resume")._said]

    def tile_stars(self) -> dict[str, int]:
        grid = self.app.screen("scenarios").ids.tiles
        return {t.name.removeprefix("scenario."): t.stars for t in grid.children}


app = KioskApp(config)
app.robot = ResumeDriver(app, "mouse.click", screenshots=SHOTS)
app.run()
