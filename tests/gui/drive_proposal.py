"""Driver run by test_proposal.py: the card "L'animateur vous propose : …" as a learner sees it.

argv: OUT.json SHOTS_DIR MODE LANGUAGE SIZE.

- ``MODE=animator`` (no hub): the learner starts in LANGUAGE; the animator comes (corner +
  PIN), touches "Proposer un exercice" and picks one; no card while the animator screen is
  up; back to the kiosk, the card shows over the learner's screen. The learner touches
  "Plus tard" (nothing changes); later another proposal comes in the middle of an exercise
  and the learner touches "Commencer": the exercise under way is left, the proposed one starts.
- ``MODE=hub`` (an enrolled kiosk; the test plays the animator in Chromium): the learner
  is in an exercise; each card that comes is noted with its wall time (the test measures
  the delay from the animator's click) and answered as ``answers.json`` in the kiosk home
  says; between cards the driver notes the screen (``seen.json`` is rewritten each time).

Every card is checked with the learner's eye (whole on the window, words not cut, targets
large enough, nothing over them) and photographed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
MODE = sys.argv[3]
LANGUAGE = sys.argv[4]
SIZE = sys.argv[5]

config = load_config()
prepare_kivy(config, windowed=True, size=SIZE)

from kivy.core.window import Window  # noqa: E402
from kivy.uix.label import Label  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.learners_eye import MIN_PX, covered_by, window_rect, words_cut  # noqa: E402
from kiosk.ui.proposal import Offer  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

PARTS = ("proposal.heading", "proposal.title", "proposal.later", "proposal.start")
BUTTONS = ("proposal.later", "proposal.start")


class ProposalDriver(Robot):
    seen: dict[str, Any]

    def save(self) -> None:  # whole or not at all: the test reads it meanwhile
        OUT.with_suffix(".tmp").write_text(json.dumps(self.seen, ensure_ascii=False, indent=2))
        OUT.with_suffix(".tmp").replace(OUT)

    def _finish(self, code: int) -> None:
        if code and getattr(self, "seen", None) is not None:
            self.seen["error"] = getattr(self, "error", "failed")  # the test stops waiting at once
            self.save()
        super()._finish(code)

    def look_at_card(self) -> list[str]:
        """What a person would find wrong with the card (empty: all is seen and reachable)."""
        problems = []
        width, height = Window.size
        for name in PARTS:
            widget = self.find(name)
            if widget is None:
                problems.append(f"{name}: not on screen")
                continue
            x0, y0, x1, y1 = window_rect(widget)
            if x0 < -1 or y0 < -1 or x1 > width + 1 or y1 > height + 1:
                problems.append(f"{name}: not entirely on the window")
            for label in [w for w in widget.walk() if isinstance(w, Label)]:
                if words_cut(label):
                    problems.append(f"{name}: words cut ({label.text!r})")
            if name in BUTTONS:
                if min(widget.width, widget.height) < MIN_PX:
                    problems.append(f"{name}: smaller than {MIN_PX} px")
                over = covered_by(widget, None)
                if over:
                    problems.append(f"{name}: covered by {over}")
        return problems

    def card_shown(self) -> bool:
        return self.app.proposals.card is not None and self.find("proposal.start") is not None

    def note_card(self, key: str) -> Any:
        app = self.app
        yield from self.frames()
        card = app.proposals.card
        self.seen[key] = {"at": time.time(), "screen": app.sm.current, "title": card.title,
                          "heading": card.heading, "lang": card.lang, "problems": self.look_at_card(),
                          "session": app.logbook.session_id is not None}
        yield Until(lambda: card.title in app.speaker.spoken[-3:], "the card to be spoken", 15)
        self.seen[key]["said"] = app.speaker.spoken[-2:]
        yield from self.shot(f"card-{key}")
        self.seen[key]["shot"] = str(sorted(SHOTS.glob(f"*-card-{key}.png"))[-1])
        self.save()

    def script(self) -> Any:
        app = self.app
        self.seen = {"size": SIZE, "language": LANGUAGE}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANGUAGE)
        if MODE == "animator":
            yield from self.from_the_animator_screen()
        else:
            yield from self.from_the_hub()

    def from_the_animator_screen(self) -> Any:
        app = self.app
        # from the activities (in an exercise the corner holds the door "Arrêter")
        touch = self._event(20, Window.height - 20)  # the animator's hidden corner, held
        self._send("begin", touch)
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad", 6)
        self._send("end", touch)
        yield from self.frames()
        for digit in "1234":
            yield from self.tap_named(digit)
        yield from self.tap_named("pin.ok")
        yield Until(lambda: app.sm.current == "animator", "the animator screen")
        yield from self.tap_named("animator.propose")
        yield Until(lambda: self.find("propose.close") is not None, "the list of exercises")
        yield from self.shot("picker")
        chosen = "email.reply"
        picked = self.find(f"propose.{chosen}")
        self.seen["picker_names"] = sorted(w.name for w in picked.parent.children)
        yield from self.tap_named(f"propose.{chosen}")
        yield Until(lambda: self.find("propose.close") is None, "the list to close")
        yield from self.frames(3)
        self.seen["card_on_animator_screen"] = self.card_shown()
        self.seen["animator_notice"] = app.screen("animator").notice
        yield from self.tap_named("animator.back")
        yield Until(self.card_shown, "the card over the learner's screen", 5)
        yield from self.note_card("local")
        yield from self.tap_named("proposal.later")
        yield Until(lambda: app.proposals.card is None, "the card to close")
        self.seen["after_later"] = {"screen": app.sm.current, "state": app.proposals.state}
        # later, in the middle of an exercise, another proposal: "Commencer"
        yield from self.open_scenario("mouse.click")
        yield from self.heard()
        before = app.screen("player").runner
        app.proposals.receive(Offer.here("scenario", "keyboard.words"))
        yield Until(self.card_shown, "the card over the exercise", 5)
        yield from self.note_card("over_exercise")
        yield from self.tap_named("proposal.start")
        yield Until(lambda: app.sm.current == "player" and app.screen("player").scenario is not None
                    and app.screen("player").scenario.id == "keyboard.words", "the proposed exercise")
        yield from self.heard()
        self.seen["started"] = {"scenario": app.screen("player").scenario.id, "state": app.proposals.state,
                                "left_kindly": before.finished and app.screen("player").runner is not before}
        yield from self.shot("started")
        # and a path (the room's menu lists paths too): "Commencer" opens "Votre parcours" at
        # the path's first exercise, its big button naming it
        app.proposals.receive(Offer.here("path", "premiers_pas"))
        yield Until(self.card_shown, "the card of a path", 5)
        yield from self.note_card("path")
        yield from self.tap_named("proposal.start")
        yield Until(lambda: app.sm.current == "path", "Votre parcours")
        yield from self.frames(3)
        place = app.journey.path
        self.seen["path_started"] = {
            "screen": app.sm.current, "state": app.proposals.state,
            "path": place.path_id if place is not None else None,
            "next": app.journey.next_exercise(),
            "big_button": getattr(app.screen("path").next_scenario, "id", None)}
        yield from self.shot("path")
        self.save()

    def from_the_hub(self) -> Any:
        """Each card the hub brings is answered as the test says in answers.json."""
        app = self.app
        yield from self.open_scenario("mouse.click")
        yield from self.heard()
        answers = OUT.parent / "answers.json"
        self.seen["ready"] = time.time()
        self.save()
        for turn in range(4):
            yield Until(self.card_shown, f"card {turn + 1} from the hub", 120)
            key = f"hub{turn + 1}"
            yield from self.note_card(key)
            number = str(turn + 1)
            yield Until(lambda n=number: answers.exists() and n in json.loads(answers.read_text()),
                        "the test to say how to answer", 60)
            answer = json.loads(answers.read_text())[number]
            if answer == "start":
                yield from self.tap_named("proposal.start")
                yield Until(lambda: app.sm.current == "player" and app.proposals.card is None, "the exercise")
                self.seen[key]["then"] = {"screen": app.sm.current,
                                          "scenario": app.screen("player").scenario.id}
            elif answer == "later":
                yield from self.tap_named("proposal.later")
                yield Until(lambda: app.proposals.card is None, "the card to close")
                self.seen[key]["then"] = {"screen": app.sm.current}
            else:  # "wait": the animator wipes the terminal while the card is open
                yield Until(lambda: app.proposals.card is None and app.sm.current == "welcome",
                            "the wipe to close the card", 30)
                self.seen[key]["then"] = {"screen": app.sm.current, "state": app.proposals.state,
                                          "session": app.logbook.session_id}
            self.save()
        yield 2.5  # the last answer reaches the hub with the next status
        self.seen["done"] = True
        self.save()


app = KioskApp(config)
app.robot = ProposalDriver(app, "mouse.click", screenshots=SHOTS, language=LANGUAGE)
app.run()
