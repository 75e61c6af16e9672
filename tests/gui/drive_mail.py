"""Driver run in its own process by test_mail.py: the webmail through the real UI, with
real touches. Sending without a recipient or a subject, writing with the physical
keyboard and sending, reading a message, touching a suspicious link, deleting it.
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

from kivy.core.window import Window  # noqa: E402

from kiosk.engine.actions import example_answer  # noqa: E402
from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])


class MailDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.tap_named("language.fr")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.email")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")

        # -- a new message: Envoyer with an empty À, then with an empty Objet ---------------
        yield from self.open_scenario("email.new")
        yield from self.do_step()  # Nouveau message
        yield from self.touch("button.send")
        seen["no_recipient"] = self.state(to_error=True)
        yield from self.shot("new-no-recipient")
        yield from self.do_step()  # À
        yield from self.touch("button.send")
        seen["no_subject"] = self.state(subject_error=True)
        yield from self.shot("new-no-subject")
        while not self.runner().finished:
            yield from self.do_step()
        yield from self.frames(3)
        seen["new_sent"] = self.state()
        yield from self.shot("new-sent")
        yield from self.back_to_list()

        # -- reading marks the message read ---------------------------------------------------
        yield from self.open_scenario("email.reply")
        seen["reply_before"] = self.state()
        yield from self.do_step()  # open the Secrétariat's message
        yield from self.frames(3)
        seen["reply_read"] = self.state()
        yield from self.shot("reply-read")
        yield from self.do_step()  # Répondre: the address and the subject are filled in
        yield from self.frames(3)
        seen["reply_compose"] = self.state()
        yield from self.tap_named("exercise.stop")  # leave mid-way: nothing typed is kept
        yield from self.tap_named("confirm.yes")
        yield Until(lambda: self.app.sm.current == "scenarios", "the scenario list")

        # -- the phishing message: touch its link (calm), then delete it ------------------------
        yield from self.open_scenario("email.phishing")
        yield from self.do_step()  # open it
        yield from self.touch("link.pay")
        yield from self.frames(3)
        seen["link_touched"] = self.state()
        yield from self.shot("phishing-link")
        yield from self.do_step()  # the sender's address
        yield from self.do_step()  # Supprimer
        yield from self.frames(3)
        seen["deleted"] = self.state()
        yield from self.shot("phishing-deleted")
        yield from self.do_step()  # the bin
        yield from self.frames(3)
        seen["bin"] = self.state()
        yield from self.shot("phishing-bin")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- helpers ----------------------------------------------------------------------------
    def tap(self, x: float, y: float, settle: float = 0.35) -> Any:
        """Quicker than a learner between touches on different things (keeps the test short)."""
        yield from super().tap(x, y, settle=min(settle, 0.35))

    def runner(self) -> Any:
        return self.app.screen("player").runner

    def open_scenario(self, sid: str) -> Any:
        yield from self.tap_named(f"scenario.{sid}")
        yield Until(lambda: self.app.sm.current == "player", "the player")
        yield from self.frames(3)

    def back_to_list(self) -> Any:
        yield Until(lambda: self.app.sm.current == "results", "the results")
        yield from self.tap_named("results.menu")
        yield Until(lambda: self.app.sm.current == "scenarios", "the scenario list")

    def do_step(self) -> Any:
        runner = self.runner()
        before = runner.step_index
        expect = runner.step.expect
        if expect.action == "type":
            yield from self.type_physically(expect.target, example_answer(expect.rule))
        else:
            yield from self.right_action(runner.step)
        yield Until(lambda: runner.finished or runner.step_index != before, "the step to be accepted")

    def type_physically(self, target: str, text: str) -> Any:
        """Touch the field (the on-screen keyboard opens), then type on the physical one."""
        yield from self.touch(target)
        Window.dispatch("on_textinput", text)
        yield from self.frames()
        Window.dispatch("on_key_down", 13, 36, "", [])  # Enter
        yield from self.frames()

    def touch(self, target: str) -> Any:
        surface = self.surface()
        surface.reveal(target)
        yield from self.frames()
        widget = surface.target_widget(target)
        if widget is None:
            raise RuntimeError(f"'{target}' is not on screen")
        yield from self.tap(*self.centre(widget))
        yield from self.frames()

    def state(self, to_error: bool = False, subject_error: bool = False) -> dict[str, Any]:
        """What a learner sees now on the webmail."""
        from kiosk.ui.surfaces.mail import MailBanner, MessageRow

        s = self.surface()
        runner = self.runner()
        rows = [w for w in s.walk(restrict=True) if isinstance(w, MessageRow)]
        banners = [w for w in s.walk(restrict=True) if isinstance(w, MailBanner)]
        fields = s.typist.fields
        return {
            "view": s.state_view,
            "folder": s.folder,
            "step": None if runner.finished else runner.step.id,
            "rows": [{"target": r.target, "unread": r.unread, "sender": f"{r.prefix} {r.sender}".strip(),
                      "subject": r.subject} for r in rows],
            "counts": {n: s.targets[f"folder.{n}"].count for n in ("inbox", "sent", "trash")
                       if s.visible(f"folder.{n}")},
            "banner": banners[0].text if banners else "",
            "banner_kind": banners[0].kind if banners else "",
            "errors": {name: f.error for name, f in fields.items() if f.error},
            "sent": [m.id for m in s.messages if m.folder == "sent"],
            "trash": [m.id for m in s.messages if m.folder == "trash"],
            "marked": sorted(s.marked),
            "keyboard": s.keyboard.parent is not None,
            "values": {name: f.value for name, f in fields.items()},
        }


app = KioskApp(config)
app.robot = MailDriver(app, "email", screenshots=SHOTS)
app.run()
