"""Driver run by test_author.py: author mode on a copy of the mouse module. A trainer
opens "Cliquer", reaches step 2, and edits its instruction in the file; then saves the
file broken (a tab), then fixed. Then, at the first step of "Double-cliquer", edits its
second step. Writes what it observed as JSON (argv[1]), screenshots
to argv[2]; argv[3] is the trainer's folder.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import for_author, prepare_kivy

OUT, SHOTS, FOLDER = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
config = for_author(load_config(), FOLDER)  # what `kiosk run --author FOLDER` does
prepare_kivy(config, windowed=True, size="1280x800")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

FILE = FOLDER / "mouse" / "click.yaml"
STEP_2 = "touch: {fr: Touchez la tasse.,"
STEP_2_EDITED = "touch: {fr: Touchez la tasse bleue.,"
STEP_3 = "  - id: glasses"
SAVE_SHOWN = 10.0  # seconds a save may take to reach the screen on a busy machine


class AuthorDriver(Robot):
    def script(self) -> Any:
        app = self.app
        view = app.author.view
        seen: dict[str, Any] = {"shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome", 60)
        seen["errors_at_start"] = list(view.errors)
        yield from self.start_in("fr")
        yield from self.open_scenario("mouse.click")
        player = app.screen("player")
        yield Until(lambda: player.shown_step is not None, "the first step")
        yield from self.right_action(player.shown_step)  # touch the keys
        yield Until(lambda: player.shown_step is not None and player.shown_step.id == "cup", "step 2")
        seen["step_2_before"] = {"index": player.step_index, "instruction": player.instruction}

        # the trainer edits step 2's words and saves
        good = FILE.read_text(encoding="utf-8").replace(STEP_2, STEP_2_EDITED)
        saved_at = time.monotonic()
        FILE.write_text(good, encoding="utf-8")
        yield Until(lambda: player.instruction == "Touchez la tasse bleue.", "the new words", SAVE_SHOWN)
        seen["edited_after_s"] = round(time.monotonic() - saved_at, 2)
        seen["step_2_after"] = {"index": player.step_index, "step": player.shown_step.id,
                                "instruction": player.instruction, "screen": app.sm.current,
                                "said": (app.speaker.spoken or [""])[-1]}
        yield from self.look("edited-step", seen)

        # saved with a tab: the card names file and line; the exercise plays on
        broken = good.replace(STEP_3, "\t" + STEP_3.lstrip())
        seen["tab_line"] = broken[:broken.index("\t")].count("\n") + 1
        FILE.write_text(broken, encoding="utf-8")
        yield Until(lambda: bool(view.errors), "the error card", SAVE_SHOWN)
        yield from self.frames()
        seen["card"] = self.card()
        seen["while_broken"] = {"screen": app.sm.current, "index": player.step_index,
                                "instruction": player.instruction,
                                "running": player.runner is not None and not player.runner.finished,
                                "scenarios": sorted(app.catalogue.scenarios)}
        yield from self.look("error-card", seen)
        # the learner's touch still reaches the exercise: step 2 is done, step 3 comes
        yield from self.right_action(player.shown_step)
        yield Until(lambda: player.shown_step is not None and player.shown_step.id == "glasses",
                    "step 3 while the file is broken")
        seen["played_on_to"] = player.step_index

        # fixed and saved again: the card goes
        FILE.write_text(good, encoding="utf-8")
        yield Until(lambda: not view.errors, "the card to go", SAVE_SHOWN)
        yield from self.frames()
        seen["card_after_fix"] = self.card()
        seen["after_fix"] = {"screen": app.sm.current, "step": player.shown_step.id,
                             "instruction": player.instruction}
        yield from self.look("fixed", seen)

        # another exercise, at its first step; the trainer edits its second step: the kiosk
        # goes there, the folder the first step opens already open
        yield from self.tap_named("exercise.stop")
        yield Until(lambda: self.find("confirm.yes") is not None, "'Arrêter l'exercice ?'")
        yield from self.tap_named("confirm.yes")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
        yield from self.open_scenario("mouse.double_click")
        yield Until(lambda: player.shown_step is not None, "the first step")
        seen["double_click_before"] = {"step": player.shown_step.id,
                                       "water_bill_shown": player.surface.visible("object.water_bill")}
        other = FOLDER / "mouse" / "double_click.yaml"
        other.write_text(other.read_text(encoding="utf-8").replace(
            "{fr: Touchez deux fois la facture d'eau.,", "{fr: Touchez deux fois la facture d'eau verte.,"),
            encoding="utf-8")
        yield Until(lambda: player.instruction == "Touchez deux fois la facture d'eau verte.",
                    "the edited step 2", SAVE_SHOWN)
        yield from self.frames()
        seen["jumped"] = {"step": player.shown_step.id, "index": player.step_index,
                          "water_bill_shown": player.surface.visible("object.water_bill"),
                          "said": (app.speaker.spoken or [""])[-1]}
        yield from self.look("jumped-ahead", seen)
        yield from self.right_action(player.shown_step)  # the bill opens: the exercise ends as ever
        yield Until(lambda: app.sm.current == "results", "the results")
        seen["ended_on"] = app.sm.current
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))

    def card(self) -> dict[str, Any]:
        card, listed = self.find("author.errors"), self.find("author.errors.list")
        window = card.get_root_window()
        return {"shown": card.opacity == 1 and card.height > 50,
                "inside_window": card.y >= 0 and card.top <= window.height,
                "title": self.find("author.errors.title").text,
                "text": listed.text if listed is not None else ""}

    def look(self, label: str, seen: dict[str, Any]) -> Any:
        yield from self.shot(label)
        seen["shots"][label] = str(SHOTS / f"{self._shot:02d}-{label}.png")


app = KioskApp(config, author=True)
app.robot = AuthorDriver(app, "mouse.click", screenshots=SHOTS)
app.run()
