"""Welcome: the six languages, each shown by a speech bubble saying hello in it and its
name in its own script; touching one says that name in that language and starts in it.
A touch anywhere else starts in French, the language of every word on this screen.
"I already have a code" continues an earlier visit.

Nothing here changes by itself: a label that turns through six languages every few
seconds is no landmark for a person who cannot read, so the invitation and "J'ai déjà un
code" stay in French, and the languages speak for themselves when touched.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.uix.screenmanager import Screen

# the language of the words on this screen, and so of a touch outside the languages
SHOWN = "fr"


class WelcomeScreen(Screen):
    shown_language = SHOWN

    def activate(self) -> None:
        app: Any = App.get_running_app()
        grid = self.ids.languages
        grid.clear_widgets()
        from kiosk.ui.widgets import PictureButton

        for lang in app.kiosk_config.languages:
            button = PictureButton(text=app.tr("language", lang), picture=app.picto(app.flag(lang)),
                                   name=f"language.{lang}", lang=lang, font_size=32)
            button.bind(on_release=lambda _b, lang=lang: self.choose(lang))
            grid.add_widget(button)

    def choose(self, language: str) -> None:
        """Start in ``language``: its own name is said first, in it, so the learner hears
        that the kiosk now speaks their language; then what to do next."""
        app: Any = App.get_running_app()
        app.start_session(language)
        app.say_ui("language", "modules.choose", "selfcheck.offer")  # a first visit

    def resume(self) -> None:
        """"J'ai déjà un code": the QR code to the camera, or the animator types it."""
        App.get_running_app().go("resume")

    def on_touch_down(self, touch: Any) -> bool:
        if super().on_touch_down(touch):
            return True  # a language (or "J'ai déjà un code") took it
        if self.collide_point(*touch.pos):
            touch.ud["welcome.anywhere"] = True
            return True
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.ud.pop("welcome.anywhere", False) and self.manager.current == self.name:
            self.choose(self.shown_language)
            return True
        return super().on_touch_up(touch)


SCREEN = WelcomeScreen
