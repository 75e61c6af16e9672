"""Results for the learner, in pictures as much as in words: stars and praise, "now you
can…" with the exercise's picture, the path since the first visit, and the next exercise
to do (a button with its picture). Then "Encore" (a replay picture), the menu, and
"J'ai fini", which asks once before the session ends.

DigComp names and levels are for trainers: they are in the attestation, the animator
screen and the hub, not here (a non-reader cannot use them, a reader does not need them).
Stars and words show at once; the path comes from the store (this learner's whole
progress, including what a code brought from another visit) on the worker. The rules
(what comes next) live in the engine.

An exercise of the learner's path (the next one in "Votre parcours") moves their place
on; the next exercise proposed is then the path's, and the menu button goes back to the
path (``screens/path.py``).
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.engine import Scenario
from kiosk.engine.model import Text
from kiosk.engine.recommend import next_scenario
from kiosk.engine.runner import AttemptResult
from kiosk.engine.surfaces.clutter import offered
from kiosk.ui.confirm import ask

SPEAK_WITHOUT_PATH_AFTER = 0.6  # seconds to wait for the store before speaking anyway


class ResultsScreen(Screen):
    stars = NumericProperty(0)
    message = StringProperty("")
    can_now = StringProperty("")  # the exercise's title: what the learner can do now
    path = StringProperty("")  # "exercises done since your first visit: 3"
    scenario = ObjectProperty(None, allownone=True)
    recommended = ObjectProperty(None, allownone=True)  # the next exercise, or None
    of_path = BooleanProperty(False)  # the exercise was the path's next one
    said: list[Text] = []  # what was said last (tests)

    def activate(self, scenario: Scenario | None = None, result: AttemptResult | None = None) -> None:
        app: Any = App.get_running_app()
        if scenario is None or result is None:
            return
        self.scenario = scenario
        self.stars = result.stars
        self.message = app.tr(f"results.{result.stars}")
        self.can_now = scenario.title.get(app.language)
        self.path = ""
        self.of_path = app.journey.done(scenario.id)
        nxt = (app.journey.next_exercise() if self.of_path
               else next_scenario(app.ordered_scenarios(), app.session_stars, after=scenario.id))
        self.recommended = app.catalogue.scenarios.get(nxt) if nxt else None
        variant = scenario.level2
        if (variant is not None and not self.of_path and variant.id not in app.session_stars
                and offered(variant.id, app.session_helps)):
            self.recommended = variant  # "Ensuite…": the same task on a real, busier site

        def progress(store: Any, learner_id: str) -> int:
            found = store.learner_progress(learner_id)
            return sum(r.times_done for r in found.results)

        # said when the store has answered (a few milliseconds), so the path is in it;
        # without an answer soon, said without it
        self._spoken = False
        self._path_count = 0
        self._fallback = Clock.schedule_once(lambda _dt: self._speak_once(), SPEAK_WITHOUT_PATH_AFTER)
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation
        app.learner_job(progress, lambda found: self._show_progress(found, generation))

    def _speak_once(self) -> None:
        if not self._spoken and self.scenario is not None:
            self._spoken = True
            self._speak()

    def _show_progress(self, done: int, generation: int) -> None:
        app: Any = App.get_running_app()
        if generation != self._generation or self.scenario is None:
            return  # an answer about an earlier exercise
        self.path = strings.filled("results.path", count=done).get(app.language)
        self._path_count = done
        self._speak_once()

    def _speak(self) -> None:
        app: Any = App.get_running_app()
        if self.scenario is None:
            return
        texts: list[Text] = [strings.text(f"results.{int(self.stars)}"),
                             strings.text("results.can_now"), self.scenario.title]
        if self.path:
            texts.append(strings.filled("results.path", count=self._path_count))
        if self.recommended is not None:
            texts += [strings.text("results.next_is"), self.recommended.title]
        else:
            texts.append(strings.text("results.all_done"))
        self.said = texts
        app.say(*texts)

    def repeat(self, before: Any = None) -> None:
        app: Any = App.get_running_app()
        if before is not None:
            app.say(before)
        self._speak()

    def language_changed(self) -> None:
        app: Any = App.get_running_app()
        if self.scenario is None:
            return
        self.message = app.tr(f"results.{int(self.stars)}")
        self.can_now = self.scenario.title.get(app.language)
        if self.path:
            self.path = strings.filled("results.path", count=self._path_count).get(app.language)
        self._speak()

    def next_scenario(self) -> Scenario | None:
        return self.recommended

    def again(self) -> None:
        App.get_running_app().play(self.scenario)

    def go_next(self) -> None:
        app: Any = App.get_running_app()
        if self.recommended is not None:
            app.play(self.recommended)
        else:
            self.menu()

    def menu(self) -> None:
        """Back to the exercise list, or to "Votre parcours" after an exercise of the path."""
        app: Any = App.get_running_app()
        if self.of_path:
            app.go("path")
        else:
            app.go("scenarios", module_id=self.scenario.module)

    def finish(self) -> None:
        """"J'ai fini" ends the session: asked once, the answer that changes nothing first."""
        app: Any = App.get_running_app()
        ask("session.done.ask", app.finish, yes_key="session.done.yes", yes_picture="check")

    def deactivate(self) -> None:
        if getattr(self, "_fallback", None) is not None:
            self._fallback.cancel()

    def reset(self) -> None:
        self.deactivate()
        self.scenario = None
        self.recommended = None
        self.of_path = False
        self.stars = 0
        self.message = self.can_now = self.path = ""


SCREEN = ResultsScreen
