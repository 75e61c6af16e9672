"""Welcome: languages as flags with spoken names; a touch anywhere starts in French;
"I already have a code" continues an earlier visit."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen


class WelcomeScreen(Screen):
    touch_text = StringProperty("")
    touch_lang = StringProperty("fr")
    _event: Any = None

    def activate(self) -> None:
        app: Any = App.get_running_app()
        self._cycle = 0
        self._show_next(0)
        self._event = Clock.schedule_interval(self._show_next, 3.0)
        grid = self.ids.flags
        grid.clear_widgets()
        from kiosk.ui.widgets import PictureButton

        for lang in app.kiosk_config.languages:
            button = PictureButton(text=app.tr("language", lang), picture=app.picto(app.flag(lang)),
                                   name=f"language.{lang}", lang=lang, font_size=32)
            button.bind(on_release=lambda _b, lang=lang: self.choose(lang))
            grid.add_widget(button)

    def deactivate(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _show_next(self, _dt: float) -> None:
        app: Any = App.get_running_app()
        langs = app.kiosk_config.languages
        self.touch_lang = langs[self._cycle % len(langs)]
        self.touch_text = app.tr("welcome.touch", self.touch_lang)
        self._cycle += 1

    def choose(self, language: str) -> None:
        app: Any = App.get_running_app()
        app.start_session(language)
        app.say_ui("language", "modules.choose", "selfcheck.offer")  # a first visit

    def resume(self) -> None:
        """"J'ai déjà un code": the QR code to the camera, or the animator types it."""
        App.get_running_app().go("resume")

    def on_touch_down(self, touch: Any) -> bool:
        if super().on_touch_down(touch):
            return True  # a flag took it
        if self.collide_point(*touch.pos):
            touch.ud["welcome.anywhere"] = True
            return True
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.ud.pop("welcome.anywhere", False) and self.manager.current == self.name:
            self.choose("fr")
            return True
        return super().on_touch_up(touch)


SCREEN = WelcomeScreen
