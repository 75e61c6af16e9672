"""Driver run in its own process by test_welcome.py: the welcome and the two menus as a
learner meets them. argv[1]: the JSON it writes; argv[2]: screenshots; argv[3]: the
window size; argv[4]: the language touched on the welcome.

It watches the welcome for 7 s (nothing may change), touches a language (its name must be
said, in it), reads the module menu in reading order, "Répéter", the language button,
"J'ai fini" answered "Non" then "Oui", and measures whether titles fit in four languages.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from kivy.core.text import Label as CoreLabel  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.uix.image import Image  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402
from kiosk.ui.widgets import Words  # noqa: E402

OUT, SHOTS, LANG = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]


def drawn(root: Any) -> list[tuple[str, str]]:
    """Every word and picture drawn under ``root``, as (kind, what)."""
    out: list[tuple[str, str]] = []
    stack = [root]
    while stack:
        w = stack.pop()
        stack.extend(w.children)
        if w.get_root_window() is None or w.opacity == 0:
            continue
        if isinstance(w, Words) and w.words.strip():
            out.append(("words", w.words))
        elif isinstance(w, Image) and w.source and w.width > 1:
            out.append(("picture", Path(w.source).name))
    return sorted(out)


def fits(words: Any) -> dict[str, Any]:
    """Does the label show all its words? The words laid out at its width, with no limit
    on height, must need no more room than the label has (Kivy drops lines that do not
    fit, so the texture alone would not tell)."""
    label = CoreLabel(text=words.text, font_name=words.font_name, font_size=words.font_size,
                      bold=words.bold, text_size=(words.width, None), halign=words.halign,
                      line_height=words.line_height)
    label.refresh()
    need_w, need_h = label.texture.size
    return {"words": words.words, "font_size": round(words.font_size),
            "box": [round(words.width), round(words.height)],
            "needs": [need_w, need_h], "fits": need_h <= words.height + 1 and need_w <= words.width + 1
            and words.texture_size[0] <= words.width + 1 and words.texture_size[1] <= words.height + 1}


class WelcomeDriver(Robot):
    def reading_order(self, grid: Any) -> list[str]:
        """Tile names as read: rows top to bottom, each row in the language's direction."""
        sign = -1 if self.app.rtl else 1
        tiles = [(round(-t.top), sign * t.x, t.name) for t in grid.children if getattr(t, "name", "")]
        return [name for *_pos, name in sorted(tiles)]

    def said_after(self, before: float) -> Any:
        speaker = self.app.speaker
        yield Until(lambda: speaker.requested_at > before and speaker.started_at > 0, "speech")

    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.frames(3)
        welcome = app.screen("welcome")
        first = drawn(welcome)
        yield from self.shot("welcome")
        yield 7.0
        yield from self.frames(2)
        seen["welcome_changed"] = [x for x in drawn(welcome) if x not in first] + \
            [x for x in first if x not in drawn(welcome)]
        seen["welcome_pictures"] = [what for kind, what in first if kind == "picture"]
        seen["welcome_words"] = [what for kind, what in first if kind == "words"]
        seen["language_pictures"] = {lang: Path(self.find(f"language.{lang}").picture).name
                                     for lang in app.kiosk_config.languages}

        # -- a language, touched: its name, said in it, then the menu in it
        said = len(app.speaker.spoken)  # the welcome says nothing by itself
        yield from self.tap_named(f"language.{LANG}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield Until(lambda: len(app.speaker.spoken) > said, "speech")
        seen["started_in"] = app.language
        seen["first_said"] = app.speaker.spoken[said]
        seen["name_of_language"] = app.tr("language", LANG)
        yield from self.frames(3)
        modules = app.screen("modules")
        seen["start_here_in"] = [t.name for t in modules.ids.tiles.children
                                 if any(getattr(c, "name", "") == "start.here" for c in t.walk())]
        yield from self.shot(f"modules-{LANG}")
        # the activities, eight to a page: "Suite" shows the next ones, and says so
        seen["pages"] = [self.reading_order(modules.ids.tiles)]
        seen["previous_on_first"] = self.find("modules.previous").opacity
        while modules.page < modules.pages - 1:
            before = time.monotonic()
            yield from self.tap_named("modules.next")
            yield from self.said_after(before)
            yield from self.frames(3)
            seen["pages"].append(self.reading_order(modules.ids.tiles))
            seen["more_said"] = app.speaker.spoken[-1] == app.tr("modules.more")
            yield from self.shot(f"modules-page-{modules.page + 1}-{LANG}")
        seen["modules_order"] = [name for page in seen["pages"] for name in page]
        # an activity on the last page, then back: the menu opens at that page
        last = seen["pages"][-1][-1]
        yield from self.tap_named(last)
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        seen["back_at_page"] = modules.page
        while modules.page > 0:
            yield from self.tap_named("modules.previous")
        yield from self.frames(2)

        # -- "Répéter": the screen's instruction again
        before = time.monotonic()
        yield from self.tap_named("repeat")
        yield from self.said_after(before)
        seen["repeat_modules"] = app.speaker.spoken[-1] == app.tr("modules.choose")

        # -- the titles fit, in four languages (the language button, as a learner would)
        seen["titles"] = {}
        for lang in ("fr", "ar", "uk", "tr"):
            if app.language != lang:
                yield from self.switch_language(lang)
            yield from self.frames(3)
            seen["titles"][f"modules-{lang}"] = fits(self.find("modules.title"))
            if lang in ("ar", "uk"):
                yield from self.shot(f"modules-{lang}")
        seen["picker_pictures"] = yield from self.picker_pictures()
        yield from self.switch_language(LANG)
        # its name, in it, then what to do here
        wanted = [app.tr("language", LANG), app.tr("modules.choose", LANG)]
        yield from self.settled(lambda: app.speaker.spoken[-2:] == wanted, 15)
        seen["after_switch_said"] = app.speaker.spoken[-2:] == wanted

        # -- an exercise list: "Répéter", its title, the way back
        yield from self.tap_named("module.eadmin")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.frames(3)
        seen["titles"][f"scenarios-{LANG}"] = fits(self.find("scenarios.title"))
        seen["scenarios_has_language_button"] = self.find("language.switch") is not None
        before = time.monotonic()
        yield from self.tap_named("repeat")
        yield from self.said_after(before)
        seen["repeat_scenarios"] = app.speaker.spoken[-1] == app.tr("scenarios.choose")
        yield from self.shot(f"scenarios-{LANG}")
        yield from self.tap_named("back")
        yield Until(lambda: app.sm.current == "modules", "modules")

        # -- "J'ai fini": asked once; "Non" stays, "Oui" goes to the passport
        yield from self.tap_named("session.done")
        yield Until(lambda: self.find("confirm.no") is not None, "the question")
        yield from self.frames(2)
        seen["done_asked"] = app.speaker.spoken[-1] if app.speaker.spoken else ""
        seen["done_question"] = app.tr("session.done.ask")
        seen["screen_while_asked"] = app.sm.current
        yield from self.shot(f"done-ask-{LANG}")
        yield from self.tap_named("confirm.no")
        yield from self.frames(3)
        seen["after_no"] = {"screen": app.sm.current, "card": self.find("confirm.yes") is not None,
                            "session": app.logbook.session_id is not None}
        # not a first visit any more once an exercise is done: no "start here"
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player", "player")
        yield from self.play_scenario("mouse.click")
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("back")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.frames(3)
        seen["start_here_after_an_exercise"] = self.find("start.here") is not None
        yield from self.tap_done()
        yield Until(lambda: app.sm.current == "passport", "the passport", 10)
        seen["after_yes"] = app.sm.current
        seen["shots"] = sorted(p.name for p in SHOTS.glob("*.png"))
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def picker_pictures(self) -> Any:
        """The pictures of the language picker, opened from the module menu."""
        yield from self.tap_named("language.switch")
        yield Until(lambda: self.find("switch.fr") is not None, "the picker")
        yield from self.frames(2)
        picker = next(w for w in Window.children if w.__class__.__name__ == "LanguagePicker")
        pictures = [what for kind, what in drawn(picker) if kind == "picture"]
        yield from self.shot(f"picker-{self.app.language}")
        picker.dismiss(animation=False)
        yield from self.frames(2)
        return pictures


app = KioskApp(config)
app.robot = WelcomeDriver(app, "mouse.click", screenshots=SHOTS, language=LANG)
app.run()
