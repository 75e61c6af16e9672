"""Results: stars, encouraging words, and what was practised (in DigComp terms)."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.engine import Scenario
from kiosk.engine.digcomp import title as digcomp_title
from kiosk.engine.runner import AttemptResult
from kiosk.ui import strings


class ResultsScreen(Screen):
    stars = NumericProperty(0)
    message = StringProperty("")
    practised = StringProperty("")
    scenario = ObjectProperty(None, allownone=True)

    def activate(self, scenario: Scenario | None = None, result: AttemptResult | None = None) -> None:
        app: Any = App.get_running_app()
        if scenario is None or result is None:
            return
        self.scenario = scenario
        self.stars = result.stars
        self.message = app.tr(f"results.{result.stars}")
        skills = [digcomp_title(code, app.language) for code in scenario.digcomp]
        self.practised = f"{scenario.title.get(app.language)} — {', '.join(skills)}"
        app.say(strings.text(f"results.{result.stars}"), strings.text("results.practised"),
                scenario.title)

    def next_scenario(self) -> Scenario | None:
        app: Any = App.get_running_app()
        if self.scenario is None:
            return None
        family = app.catalogue.in_module(self.scenario.module)
        index = family.index(self.scenario)
        return family[index + 1] if index + 1 < len(family) else None

    def again(self) -> None:
        App.get_running_app().play(self.scenario)

    def go_next(self) -> None:
        app: Any = App.get_running_app()
        nxt = self.next_scenario()
        if nxt is not None:
            app.play(nxt)
        else:
            app.go("scenarios", module_id=self.scenario.module)

    def menu(self) -> None:
        App.get_running_app().go("scenarios", module_id=self.scenario.module)

    def reset(self) -> None:
        self.scenario = None
        self.stars = 0
        self.message = self.practised = ""


SCREEN = ResultsScreen
