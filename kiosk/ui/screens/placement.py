"""Placement by doing ("Faisons le point"): a first card, the tasks, then the profile.

The first card says what comes (a few small tasks, no help, "Je ne sais pas" is fine)
with "Commencer" and "Plus tard". The tasks play one after the other on the real
practice screens (the player in its placement mode: the task's opening steps, no hint,
a time limit, "Je ne sais pas"). The end card shows the profile as pictures — "vous
savez déjà" and "on va apprendre" — beside the self-assessment ("ce que vous pensiez /
ce que vous avez fait"), speaks it, and proposes a path ("Commencer le parcours").

The walk, the profile, the comparison and the proposal are the engine's
(:mod:`kiosk.engine.placement`, :func:`kiosk.engine.paths.proposed_exercises`); the
profile is kept by :class:`kiosk.ui.journey.Journey` (store and xAPI outbox).
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk import strings
from kiosk.engine.model import Text
from kiosk.engine.paths import PathPlace, proposed_exercises
from kiosk.engine.placement import Placement, PlacementPlan, compare_with_selfcheck, placement_plan
from kiosk.ui.widgets import MirrorBox, Words, show_only

#: A level shown as the self-assessment's pictures: none yet, with help, alone.
LEVEL_PICTURES = {0: "seedling", 1: "so-so-hand", 2: "thumbs-up", 3: "thumbs-up"}


class PlacementScreen(Screen):
    face = StringProperty("intro")  # "intro" or "end" (the tasks play in the player)
    round = StringProperty("start")  # start, mid or end of the course (xAPI)
    compared = BooleanProperty(False)  # the self-assessment is there to compare with
    proposed_count = NumericProperty(0)  # exercises in the proposed path
    path_words = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan: PlacementPlan | None = None
        self.placement: Placement | None = None
        self.profile: dict[str, int] = {}
        self.proposed: tuple[str, ...] = ()
        self.known: list[str] = []  # competences shown under "vous savez déjà"
        self.to_learn: list[str] = []  # and under "on va apprendre"
        self.outcomes: list[tuple[str, bool]] = []  # (scenario id, done) per task (tests)
        self._said: list[Text] = []
        self.intro_box = self.ids.intro_box.__self__
        self.end_box = self.ids.end_box.__self__
        for box in (self.intro_box, self.end_box):
            self.remove_widget(box)

    # -- life cycle ------------------------------------------------------------------------
    def activate(self, round: str = "start", face: str = "intro") -> None:
        """``face="intro"``: a new placement (``round``); ``"end"``: its profile."""
        if face == "end":
            self._show_end()
            return
        app: Any = App.get_running_app()
        self.reset()
        self.round = round
        self.plan = placement_plan(app.ordered_scenarios())
        self.placement = Placement(self.plan)
        self._show_body(self.intro_box)
        self.face = "intro"
        self._said = [strings.text(k) for k in ("placement.intro", "placement.dont_know_tip",
                                                "placement.why")]
        app.say(*self._said)

    def reset(self) -> None:
        self.plan = self.placement = None
        self.profile, self.proposed, self.outcomes = {}, (), []
        self.compared = False
        self.proposed_count = 0
        self.path_words = ""
        self._said = []
        for box in ("known", "to_learn", "thought_done"):
            self.ids[box].clear_widgets()

    def _show_body(self, box: Any) -> None:
        show_only(self.ids.body, box)

    # -- the tasks -------------------------------------------------------------------------
    def begin(self) -> None:
        """"Commencer": the first task."""
        self._next()

    def _next(self) -> None:
        app: Any = App.get_running_app()
        if self.placement is None:
            return
        task = self.placement.next_task()
        if task is None:
            self._finish()
            return
        scenario = app.catalogue.scenarios[task.scenario_id]
        app.go("player", scenario=scenario, task=task, on_task_end=self.task_ended)

    def task_ended(self, success: bool | None) -> None:
        """The player's word on a task: done alone (True), missed (False), or the learner
        stopped the placement (None: back to the activities, nothing kept)."""
        app: Any = App.get_running_app()
        if self.placement is None:
            return
        if success is None:
            self.reset()
            app.go("modules")
            return
        task = self.placement.next_task()
        if task is None:
            return
        self.placement = self.placement.record(task, success=success)
        self.outcomes.append((task.scenario_id, success))
        self._next()

    def _finish(self) -> None:
        app: Any = App.get_running_app()
        assert self.placement is not None
        self.profile = self.placement.profile()
        app.journey.keep_placement(self.profile, self.round)
        self.proposed = proposed_exercises(self.profile, app.ordered_scenarios())
        app.go("placement", face="end")

    # -- the profile -------------------------------------------------------------------------
    def _first_scenario(self, competence: str) -> Any:
        """The scenario that stands for a competence here: its easiest task's."""
        app: Any = App.get_running_app()
        tasks = self.plan.tasks(competence) if self.plan is not None else ()
        return app.catalogue.scenarios.get(tasks[0].scenario_id) if tasks else None

    def _show_end(self) -> None:
        app: Any = App.get_running_app()
        self.face = "end"
        self._show_body(self.end_box)
        competences = list(self.plan.competences) if self.plan is not None else []
        known = [c for c in competences if self.profile.get(c, 0) > 0]
        to_learn = [c for c in competences if self.profile.get(c, 0) == 0]
        self.known, self.to_learn = known, to_learn
        self._fill(self.ids.known, known, stars=True)
        self._fill(self.ids.to_learn, to_learn, stars=False)
        rows = compare_with_selfcheck(app.journey.answers, self.profile, competences)
        self.compared = bool(rows)
        self._draw_compared(rows)
        self.proposed_count = len(self.proposed)
        self.path_words = (strings.filled("placement.path", count=len(self.proposed)).get(app.language)
                           if self.proposed else app.tr("placement.all_known"))
        said: list[Text] = [strings.text("placement.end")]
        titles = [s.title for s in (self._first_scenario(c) for c in known) if s is not None]
        if titles:
            said += [strings.text("placement.know"), *titles]
        titles = [s.title for s in (self._first_scenario(c) for c in to_learn) if s is not None]
        if titles:
            said += [strings.text("placement.learn"), *titles]
        if any(r.verdict == "more_than_thought" for r in rows):
            said.append(strings.text("placement.more"))
        said.append(strings.filled("placement.path", count=len(self.proposed)) if self.proposed
                    else strings.text("placement.all_known"))
        self._said = said
        app.say(*said)

    def _fill(self, box: Any, competences: list[str], *, stars: bool) -> None:
        """One picture per competence (its easiest exercise's), with its level in stars;
        an empty card shows a seedling (it will grow) or a thumbs-up (nothing left)."""
        app: Any = App.get_running_app()
        box.clear_widgets()
        width = min(dp(150), dp(540) / max(1, len(competences)))  # a card is 560 dp or more
        box.add_widget(Widget())  # the pictures stand together in the middle of the card
        for competence in competences:
            scenario = self._first_scenario(competence)
            cell = BoxLayout(orientation="vertical", spacing=dp(2), size_hint_x=None, width=width)
            cell.add_widget(Image(source=app.picto(scenario.pictogram) if scenario else "",
                                  fit_mode="contain"))
            if stars:
                row = MirrorBox(size_hint_y=0.3, spacing=dp(2), mirrored=app.rtl)  # read as written
                for i in range(3):
                    filled = i < self.profile.get(competence, 0)
                    row.add_widget(Image(source=app.picto("star" if filled else "star-empty"),
                                         fit_mode="contain"))
                cell.add_widget(row)
            box.add_widget(cell)
        if not competences:
            box.add_widget(Image(source=app.picto("thumbs-up" if not stars else "seedling"),
                                 fit_mode="contain", size_hint_x=None, width=dp(170)))
        box.add_widget(Widget())

    def _draw_compared(self, rows: list[Any]) -> None:
        """Columns of competences: its picture, what the learner thought, what they did."""
        app: Any = App.get_running_app()
        grid = self.ids.thought_done
        grid.clear_widgets()
        if not rows:
            return
        # the headings right beside the pictures: columns of a fixed width, centred
        label_width, column = dp(330), (dp(130) if len(rows) <= 6 else dp(90))
        grid.cols, grid.rows = len(rows) + 1, 3
        grid.width = label_width + column * len(rows)
        for key in ("", "placement.thought", "placement.did"):
            label = Words(words=app.tr(key) if key else "", lang=app.language, bold=True,
                          fit_size=dp(26), font_size=dp(26), size_hint_x=None, width=label_width)
            grid.add_widget(label)
            for row in rows:
                if not key:
                    scenario = self._first_scenario(row.competence)
                    name = scenario.pictogram if scenario is not None else ""
                else:
                    name = LEVEL_PICTURES[row.thought if key == "placement.thought" else row.done]
                grid.add_widget(Image(source=app.picto(name) if name else "", fit_mode="contain",
                                      size_hint_x=None, width=column))

    # -- buttons ---------------------------------------------------------------------------
    def follow(self) -> None:
        """"Commencer le parcours": the proposed path is the learner's; its first exercise."""
        app: Any = App.get_running_app()
        if not self.proposed:
            app.go("modules")
            return
        app.journey.follow(PathPlace(None, self.proposed))
        app.go("path")

    def later(self) -> None:
        App.get_running_app().go("modules")

    def repeat(self, before: Any = None) -> None:
        app: Any = App.get_running_app()
        app.say(*([before] if before is not None else []), *self._said)

    def language_changed(self) -> None:
        if self.face == "end":
            self._show_end()  # the same, in the new language
        else:
            self.repeat(before=strings.text("language"))


SCREEN = PlacementScreen
