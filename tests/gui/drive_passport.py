"""Driver run in its own process by test_passport.py (kiosk A): a visit with nothing done
(no QR code), then a learner who answers the self-assessment by touch, plays three
exercises (one with a canary typed first), reads the results, and ends on the passport
screen: screenshot, "Imprimer" (which asks for the animator). Writes what it observed as JSON.

argv: OUT.json SHOTS_DIR SIZE LANGUAGE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from looking import Looking  # noqa: E402  (this folder: the drivers run as scripts)

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, LANG = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]
CANARY = "zqxkw"  # short: every letter is a tap
# yes to the first steps, then less sure: the first "not yet" (email_attach) says where to start
ANSWERS = ["yes", "yes", "a_little", "not_yet", "a_little", "not_yet", "not_yet", "not_yet",
           "not_yet", "a_little", "yes"]


class PassportDriver(Looking, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.look("welcome", seen)
        seen["welcome_offers_resume"] = self.find("resume.open") is not None

        # -- a visit with nothing done: nothing to carry, no QR code
        yield from self.press(f"language.{LANG}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_done()
        passport = app.screen("passport")
        yield Until(lambda: app.sm.current == "passport" and not passport.waiting, "passport")
        yield from self.frames(3)
        seen["nothing"] = {"has_code": passport.has_code, "qr_module_px": passport.ids.qr.module_px,
                           "spoken": app.speaker.spoken[-1]}
        yield from self.look("passport-nothing", seen)
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome again")

        # -- a first visit: the self-assessment is offered, answered by touch
        yield from self.press(f"language.{LANG}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.heard()
        seen["first_visit"] = {"offered": app.screen("modules").offer_selfcheck,
                               "spoken": list(app.speaker.spoken[-3:])}
        yield from self.look("modules-first-visit", seen)
        yield from self.press("selfcheck.open")
        check = app.screen("selfcheck")
        yield Until(lambda: app.sm.current == "selfcheck", "self-assessment")
        questions = []
        for index, answer in enumerate(ANSWERS):
            yield Until(lambda index=index: check.index == index, f"question {index + 1}")
            yield from self.heard()
            questions.append({"words": check.question, "spoken": app.speaker.spoken[-1]})
            if index == 0:
                yield from self.look("selfcheck-question", seen)
            yield from self.press(f"answer.{answer}")
        yield Until(lambda: bool(check.summary), "the self-assessment summary")
        yield from self.heard()
        yield from self.look("selfcheck-summary", seen)
        learner_id = app.logbook.learner_id
        sets = app.writer.call(lambda s: [dict(a.answers)
                                          for a in s.learner_progress(learner_id).answer_sets])
        seen["selfcheck"] = {"questions": questions, "stored": sets,
                             "said": [t.get(LANG) for t in check._said],
                             "suggestion": check.suggestion.id if check.suggestion else None,
                             "start_tile": self.find("selfcheck.start") is not None,
                             "before_after_shown": bool(check.ids.before_after.children),
                             "spoken": list(app.speaker.spoken[-3:])}

        # -- practice: the suggested start is a tile; here the mouse module first
        yield from self.press("selfcheck.menu")
        yield Until(lambda: app.sm.current == "modules", "modules")
        seen["offered_after"] = app.screen("modules").offer_selfcheck
        yield from self.play_from_menu("mouse", "mouse.click")
        results = app.screen("results")
        yield Until(lambda: bool(results.path), "the path since the first visit")
        yield from self.heard()
        yield from self.frames(3)
        seen["results"] = self.results_seen()
        yield from self.look("results", seen)
        # the suggested next exercise is a button
        yield from self.press("results.next")
        yield Until(lambda: app.sm.current == "player", "the suggested exercise")
        seen["next_played"] = app.screen("player").scenario.id
        yield from self.play_scenario(seen["next_played"])
        yield Until(lambda: bool(results.path), "the path since the first visit")
        seen["results_after_two"] = self.results_seen()
        # an exercise where the canary is typed first: it must not travel in the QR code
        yield from self.press("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        seen["tiles"] = {t.name: t.stars for t in app.screen("scenarios").ids.tiles.children}
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        self.canary = CANARY
        yield from self.play_from_menu("keyboard", "keyboard.email")
        self.canary = ""

        # -- "J'ai fini" on the results screen: asked once ("no" first changes nothing), the passport
        yield from self.press("results.done")
        yield Until(lambda: self.find("confirm.no") is not None, "the card asking once")
        yield from self.heard()
        seen["done_card"] = {"question": self.find("confirm.question").words,
                             "spoken": app.speaker.spoken[-1], "yes": self.find("confirm.yes").text,
                             "yes_picture": Path(self.find("confirm.yes").picture).stem}
        # a screenshot only: the robot's contrast check would measure the dimmed screen under the card
        yield from self.shot("results-done-card")
        yield from self.press("confirm.no")
        yield Until(lambda: self.find("confirm.no") is None, "the card to close")
        seen["done_card"]["after_no"] = app.sm.current
        yield from self.press("results.done")
        yield Until(lambda: self.find("confirm.yes") is not None, "the card asking once")
        yield from self.press("confirm.yes")
        yield Until(lambda: app.sm.current == "passport" and passport.issued is not None, "passport")
        yield from self.heard()
        yield from self.frames(3)
        issued = passport.issued
        seen["passport"] = {
            "has_code": passport.has_code, "code": issued.code,
            "picture": str(issued.picture), "pictures": list(passport.pictures),
            "digits": passport.digits, "qr_version": issued.qr.version,
            "qr_module_px": passport.ids.qr.module_px, "qr_size": list(passport.ids.qr.size),
            "record": issued.record.to_json(), "said": [t.get(LANG) for t in passport.said],
            "pseudonym": app.logbook.pseudonym, "learner_id": app.logbook.learner_id,
        }
        yield from self.look("passport", seen)
        seen["passport_png"] = seen["shots"]["passport"]
        # "Imprimer" asks for the animator (test_print.py prints); here the learner is alone
        yield from self.press("passport.print")
        yield Until(lambda: bool(passport.status), "the answer to 'Imprimer'", 30)
        yield from self.heard()
        seen["print"] = {"status": passport.status, "spoken": app.speaker.spoken[-1],
                         "pad": self.find("pin.cancel") is not None,
                         "files": sorted(p.name for p in config.home.rglob("*.pdf"))}
        if seen["print"]["pad"]:
            yield from self.press("pin.cancel")
        yield from self.look("passport-print-asked", seen)
        yield from self.press("passport.finish")
        yield Until(lambda: app.sm.current == "welcome", "welcome after the passport")
        yield from self.frames(2)
        seen["after"] = {"last_spoken": app.speaker.spoken[-1], "qr_module_px": passport.ids.qr.module_px,
                         "issued": passport.issued is not None}
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- helpers ------------------------------------------------------------------------
    def play_from_menu(self, module: str, scenario: str) -> Any:
        app = self.app
        yield from self.press(f"module.{module}")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.press(f"scenario.{scenario}")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.play_scenario(scenario)

    def results_seen(self) -> dict[str, Any]:
        results = self.app.screen("results")
        stack, words = [results], []
        while stack:  # every word drawn on the results screen
            widget = stack.pop()
            if widget.opacity > 0 and getattr(widget, "text", ""):
                words.append(widget.text)
            stack.extend(widget.children)
        return {"stars": results.stars, "can_now": results.can_now, "path": results.path,
                "words_on_screen": words,
                "recommended": results.recommended.id if results.recommended else None,
                "next_button": self.find("results.next").text,
                "said": [t.get(LANG) for t in results.said]}


app = KioskApp(config)
app.robot = PassportDriver(app, "mouse.click", screenshots=SHOTS)
app.run()
