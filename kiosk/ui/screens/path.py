"""Votre parcours: the learner's path — its name and pictogram, the next exercise as the
big button, and every exercise of the path in a row, the done ones ticked.

A path comes from a placement's proposal, a trainer's path file (shipped or published by
the hub) or a progress code brought from another terminal; :class:`kiosk.ui.journey.Journey`
keeps it and the place in it. After an exercise of the path the results screen comes
back here (``results.py``), one exercise further on.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.engine.model import Text
from kiosk.ui.palette import HELP, WHITE


class PathCell(BoxLayout):
    """One exercise of the path, not a button: its picture, ticked once done."""

    back = ObjectProperty(WHITE)


class PathScreen(Screen):
    title = StringProperty("")  # the path's name in the learner's language
    picture = StringProperty("")  # the path's pictogram
    progress = StringProperty("")  # "done: 2 of 10"
    finished = BooleanProperty(False)
    next_scenario = ObjectProperty(None, allownone=True)
    done_ids: list[str] = []  # the ticked exercises (tests)
    _said: list[Text] = []

    def activate(self) -> None:
        app: Any = App.get_running_app()
        journey = app.journey
        exercises = journey.exercises()
        place = journey.place
        self.title = journey.title().get(app.language)
        self.picture = app.picto(journey.pictogram())
        self.progress = strings.filled("path.progress", count=place, total=len(exercises)).get(app.language)
        sid = journey.next_exercise()
        self.next_scenario = app.catalogue.scenarios.get(sid) if sid else None
        self.finished = place >= len(exercises)
        self.done_ids = list(exercises[:place])
        self._draw(exercises, place)
        tile = self.ids.next
        if self.next_scenario is not None:
            tile.text = self.next_scenario.title.get(app.language)
            tile.picture = app.picto(self.next_scenario.pictogram)
        said: list[Text] = [strings.text("path.title"), journey.title()]
        if self.next_scenario is not None:
            said += [strings.text("path.next"), self.next_scenario.title]
        elif self.finished:
            said.append(strings.text("path.finished"))
        self._said = said
        app.say(*said)

    def _draw(self, exercises: tuple[str, ...], place: int) -> None:
        app: Any = App.get_running_app()
        strip = self.ids.strip
        strip.clear_widgets()
        strip.cols = max(1, min(len(exercises), 10))
        for index, sid in enumerate(exercises):
            scenario = app.catalogue.scenarios.get(sid)
            cell = PathCell(back=HELP if index == place else WHITE)
            cell.add_widget(Image(source=app.picto(scenario.pictogram) if scenario else "",
                                  fit_mode="contain"))
            cell.add_widget(Image(source=app.picto("check"), fit_mode="contain", size_hint_y=0.45,
                                  opacity=1 if index < place else 0))
            strip.add_widget(cell)

    def play_next(self) -> None:
        """The big button: the path's next exercise."""
        app: Any = App.get_running_app()
        if self.next_scenario is not None:
            app.play(self.next_scenario)

    def repeat(self, before: Any = None) -> None:
        app: Any = App.get_running_app()
        app.say(*([before] if before is not None else []), *self._said)

    def language_changed(self) -> None:
        self.activate()

    def reset(self) -> None:
        self.ids.strip.clear_widgets()
        self.next_scenario = None
        self.title = self.progress = ""


SCREEN = PathScreen
