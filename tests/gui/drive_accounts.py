"""Driver run in its own process by test_accounts.py: the accounts module through the
real UI, with real touches on the on-screen keyboard, in the language given (argv[3]),
the practice screen in that language too. A password's rules tick one by one as it is
typed, stay in view above the keyboard, and the site refuses a password that misses
one; the show button shows the letters; the code sent by SMS arrives on the phone beside
the site only once the site sends it, and typed on the site it logs in. Writes what it
observed as JSON (argv[1]), screenshots in argv[2]."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
LANGUAGE = sys.argv[3] if len(sys.argv) > 3 else "fr"
prepare_kivy(config, windowed=True, size=sys.argv[4] if len(sys.argv) > 4 else "1280x800")

from kivy.uix.label import Label  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])


class AccountsDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"stars": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANGUAGE)

        # -- a new account: the rules tick as the password is typed ----------------------------
        yield from self.open_scenario("accounts.create")
        player = app.screen("player")
        yield Until(lambda: player.shown_step is self.runner().step, "the first step to be shown")
        yield from self.frames(3)
        if LANGUAGE != "fr":
            yield from self.tap_named("screen.toggle")  # the practice screen in my language
            yield Until(lambda: app.surface_language == LANGUAGE, "the screen in my language")
            yield from self.frames(3)
        site = self.site()
        field = site.typist.fields["field.password"]
        seen["start"] = self.password_state()
        yield from self.keys("tilleul")  # no capital, no digit, 7 letters
        seen["weak"] = self.password_state()
        yield from self.press("enter")  # the site's message: the rules are not all met
        yield from self.frames(3)
        seen["weak_refused"] = self.password_state()
        yield from self.shot(f"rules-refused-{LANGUAGE}")
        yield from self.touch(field)
        for _ in range(len(field.value)):
            yield from self.press("backspace")
        yield from self.keys("Tilleul")
        seen["capital"] = self.password_state()
        yield from self.shot(f"rules-ticking-{LANGUAGE}")
        yield from self.keys("2025")
        seen["all_met"] = self.password_state()
        yield from self.shot(f"rules-all-{LANGUAGE}")
        show = field.whole.ids.line.children[1].children[1]  # the column beside the field: its button
        yield from self.tap(*self.centre(show))
        yield from self.frames(3)
        seen["shown"] = self.password_state()
        yield from self.shot(f"password-shown-{LANGUAGE}")
        yield from self.tap(*self.centre(show))
        yield from self.frames(3)
        seen["hidden_again"] = self.password_state()
        runner = self.runner()
        yield from self.press("enter")
        yield Until(lambda: runner.step_index == 1, "the password to be accepted")
        yield from self.frames(3)
        seen["accepted"] = self.password_state()
        yield from self.do_step()  # the terms
        yield from self.right_action(runner.step)  # Créer mon compte
        yield Until(lambda: runner.finished, "the account to be created")
        seen["created_page"] = self.site().page_id  # read at once: the results come soon
        yield from self.back_to_list(seen, "accounts.create")

        # -- a code by SMS, on the phone beside the site --------------------------------------
        yield from self.open_scenario("accounts.sms_code")
        yield from self.frames(3)
        seen["sms_before"] = self.phone_state()
        yield from self.do_step()  # Recevoir le code par SMS
        seen["sms_arrived"] = self.phone_state()
        yield from self.do_step()  # the message of JobTilleul
        yield from self.frames(3)
        seen["sms_open"] = self.phone_state()
        yield from self.shot(f"sms-beside-{LANGUAGE}")
        yield from self.do_step()  # 482913 on the site
        seen["sms_code_typed"] = self.phone_state()
        yield from self.right_action(self.runner().step)  # Se connecter
        yield Until(lambda: self.runner().finished, "the login")
        seen["sms_logged_in"] = self.phone_state()  # read at once: the results come soon
        yield from self.back_to_list(seen, "accounts.sms_code")
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    # -- helpers ----------------------------------------------------------------------------
    def tap(self, x: float, y: float, settle: float = 0.35) -> Any:
        yield from super().tap(x, y, settle=min(settle, 0.35))

    def runner(self) -> Any:
        return self.app.screen("player").runner

    def site(self) -> Any:
        surface = self.surface()
        return getattr(surface, "main", surface)

    def keys(self, text: str) -> Any:
        from kiosk.ui import azerty

        for name in azerty.plan(text):
            yield from self.press(name)
        yield from self.frames(2)

    def press(self, name: str) -> Any:
        yield from self.tap(*self.centre(self.site().targets[f"key.{name}"]), settle=0.02)

    def touch(self, widget: Any) -> Any:
        yield from self.tap(*self.centre(widget))
        yield from self.frames(3)

    def do_step(self) -> Any:
        runner = self.runner()
        before = runner.step_index
        yield from self.right_action(runner.step)
        yield Until(lambda: runner.finished or runner.step_index != before, "the step to be accepted")
        yield from self.frames()

    def back_to_list(self, seen: dict[str, Any], sid: str) -> Any:
        yield Until(lambda: self.app.sm.current == "results", "the results")
        seen["stars"][sid] = self.app.screen("results").stars
        yield from self.tap_named("results.menu")
        yield Until(lambda: self.app.sm.current == "scenarios", "the scenario list")

    def password_state(self) -> dict[str, Any]:
        """What a learner sees of the password field: its text (dots or letters), each
        rule's words and tick, whether each rule is in view (not under the keyboard)."""
        site = self.site()
        field = site.typist.fields["field.password"]
        scroll = site.scroll
        bottom = scroll.to_window(scroll.x, scroll.y)[1]
        top = scroll.to_window(scroll.x, scroll.top)[1]
        rows = field.whole.rows if field.whole is not None else []
        shown = [w.text for w in field.walk(restrict=True) if type(w) is Label]
        return {
            "shown": shown[0] if shown else None,
            "rules": [[row.words, row.met] for row in rows],
            "rule_langs": sorted({row.lang for row in rows}),
            "rules_in_view": all(bottom - 1 <= row.to_window(row.x, row.y)[1]
                                 and row.to_window(row.x, row.top)[1] <= top + 1 for row in rows),
            "keyboard": site.keyboard.parent is not None,
            "messages": site.shown_messages(),
            "step": None if self.runner().finished else self.runner().step.id,
            "errors": self.runner().errors,
        }

    def phone_state(self) -> dict[str, Any]:
        surface = self.surface()
        phone = surface.phone
        return {
            "thread_visible": surface.visible("phone.thread.site"),
            "bubbles": [b.words for b in phone.ids.bubbles.children][::-1],
            "page": surface.main.page_id,
            "phone_left": phone.x < surface.main.x,
            "step": None if self.runner().finished else self.runner().step.id,
        }


app = KioskApp(config)
app.robot = AccountsDriver(app, "accounts", screenshots=SHOTS)
app.run()
