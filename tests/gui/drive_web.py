"""Driver run in its own process by test_web.py: the eadmin module's web pages through the
real UI, with real touches, for an Arabic-speaking learner over the French site. A button
leads to the next address; a taken time cannot be chosen; the form sent too fast gets the
site's banner and red messages; the keyboard comes up for a field; a download lands in the
bar and opens in the viewer; a drop-down list opens; the screen in the learner's language.
Writes what it observed as JSON (argv[1])."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1280x800")

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402
from kiosk.ui.widgets import Words  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])


class WebDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"stars": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.ar")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.eadmin")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")

        # -- an appointment: the next page, a taken time, the confirmation ---------------------
        yield from self.open_scenario("eadmin.appointment")
        seen["appointment_start"] = self.state()
        yield from self.do_step()  # the reason
        yield from self.do_step()  # Continuer
        seen["appointment_day_page"] = self.state()
        yield from self.do_step()  # mardi 13 mai
        seen["appointment_slots"] = self.state()
        slots = self.surface().views["calendar"].calendars["visit"]["slots"]["tue"]
        taken = [w for w in slots if w.time == "09:00"][0]
        self.surface().scroll_into_view(taken)
        yield from self.frames()
        yield from self.tap(*self.centre(taken))  # a grey, taken time
        yield from self.frames(3)
        seen["appointment_taken_touched"] = self.state()
        yield from self.shot("appointment-taken")
        yield from self.do_step()  # 10:30
        seen["appointment_slot_chosen"] = self.state()
        seen["appointment_done"] = yield from self.last_step()  # Confirmer le rendez-vous
        yield from self.shot("appointment-confirmation")
        yield from self.back_to_list(seen, "eadmin.appointment")

        # -- a form sent too fast, fixed on the on-screen keyboard -----------------------------
        yield from self.open_scenario("eadmin.address")
        yield from self.do_step()  # Envoyer la demande: the site refuses
        yield from self.frames(3)
        seen["address_refused"] = self.state()
        yield from self.shot("address-refused")
        yield from self.touch("field.postcode")
        seen["address_typing"] = self.state()
        yield from self.shot("address-typing")
        yield from self.do_step()  # 4500
        seen["address_postcode_done"] = self.state()
        yield from self.do_step()  # 01/06/2025
        seen["address_sent"] = yield from self.last_step()  # Envoyer la demande again
        yield from self.back_to_list(seen, "eadmin.address")

        # -- a document: downloaded, opened, closed ------------------------------------------------
        yield from self.open_scenario("eadmin.document")
        yield from self.do_step()  # Mes documents
        seen["document_list"] = self.state()
        yield from self.do_step()  # the certificate
        seen["document_downloaded"] = self.state()
        yield from self.do_step()  # the file in the bar
        yield from self.frames(3)
        seen["document_open"] = self.state()
        yield from self.shot("document-viewer")
        seen["document_closed"] = yield from self.last_step()  # Fermer
        yield from self.back_to_list(seen, "eadmin.document")

        # -- a profile: a drop-down list, the screen in Arabic and back, save ---------------------
        yield from self.open_scenario("eadmin.job_profile")
        seen["profile_start"] = self.state()
        yield from self.tap_named("screen.toggle")
        yield from self.frames(3)
        seen["profile_in_arabic"] = self.state()
        yield from self.shot("profile-arabic")
        yield from self.tap_named("screen.toggle")
        yield from self.frames(3)
        seen["profile_back_in_french"] = self.state()
        select = self.surface().views["field"].choices.fields["availability"].box
        yield from self.tap(*self.centre(select))  # open the list: looking, not answering
        yield from self.frames(3)
        seen["profile_list_open"] = self.state()
        yield from self.shot("profile-list-open")
        for _ in range(3):
            yield from self.do_step()
        seen["profile_chosen"] = self.state()
        seen["profile_saved"] = yield from self.last_step()  # Enregistrer
        yield from self.shot("profile-saved")
        yield from self.back_to_list(seen, "eadmin.job_profile")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- helpers ----------------------------------------------------------------------------
    def tap(self, x: float, y: float, settle: float = 0.35) -> Any:
        """Quicker than a learner between touches (keeps the test short)."""
        yield from super().tap(x, y, settle=min(settle, 0.35))

    def runner(self) -> Any:
        return self.app.screen("player").runner

    def open_scenario(self, sid: str) -> Any:
        yield from self.tap_named(f"scenario.{sid}")
        yield Until(lambda: self.app.sm.current == "player", "the player")
        yield from self.frames(3)

    def back_to_list(self, seen: dict[str, Any], sid: str) -> Any:
        yield Until(lambda: self.app.sm.current == "results", "the results")
        seen["stars"][sid] = self.app.screen("results").stars
        yield from self.tap_named("results.menu")
        yield Until(lambda: self.app.sm.current == "scenarios", "the scenario list")

    def do_step(self) -> Any:
        runner = self.runner()
        before = runner.step_index
        yield from self.right_action(runner.step)
        yield Until(lambda: runner.finished or runner.step_index != before, "the step to be accepted")
        yield from self.frames()

    def last_step(self) -> Any:
        """The exercise's last step, and what the page shows as the learner finishes: read
        at the first frame after it, as the results come 1.2 s later (on a busy machine a
        few frames can take longer than that)."""
        runner = self.runner()
        yield from self.right_action(runner.step)
        yield Until(lambda: runner.finished, "the last step to be accepted")
        yield from self.frames(1)
        return self.state()

    def touch(self, target: str) -> Any:
        surface = self.surface()
        surface.reveal(target)
        yield from self.frames()
        yield from self.tap(*self.centre(surface.target_widget(target)))
        yield from self.frames(3)

    def state(self) -> dict[str, Any]:
        """What a learner sees now on the practice page."""
        s = self.surface()
        runner = self.runner()
        page = s.scroll.children[0] if s.scroll.children else None
        words = [w for w in page.walk(restrict=True)
                 if isinstance(w, Words) and w.words and w.opacity > 0] if page else []
        viewer = s.viewer
        choices = s.views["field"].choices.fields
        return {
            "step": None if runner.finished else runner.step.id,
            "page": s.page_id,
            "address": s.ids.address.address,
            "padlock": s.ids.address.secure,
            "tab": s.title,
            "texts": [w.words for w in words],
            "langs": sorted({w.lang for w in words}),
            "messages": s.shown_messages(),
            "selected": sorted(n for n, w in s.targets.items() if getattr(w, "selected", False)),
            "visible": sorted(n for n in s.targets if not n.startswith("key.") and s.visible(n)),
            "keyboard": s.keyboard.parent is not None,
            "compact": s.compact,
            "address_bar_shown": s.ids.address.opacity > 0 and s.ids.address.height > 0,
            "downloads": [chip.ids.name.words for chip in s.documents.chips.values()],
            "viewer": viewer.ids.paper.ids.title.words if viewer is not None else None,
            "viewer_lines": [w.words for w in viewer.ids.paper.ids.lines.children][::-1] if viewer else [],
            "select": choices["availability"].box.ids.value.words
            if "availability" in choices else None,
            "list_open": choices["availability"].is_open if "availability" in choices else None,
            "lowest_contrast": self.lowest_contrast()[0],
            "smallest_target_px": self.smallest_target(),
            "hint_level": self.app.screen("player").hint_level,
            "feedback": self.app.screen("player").feedback,
        }


app = KioskApp(config)
app.robot = WebDriver(app, "eadmin", screenshots=SHOTS)
app.run()
