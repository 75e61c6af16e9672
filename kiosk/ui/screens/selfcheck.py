"""Self-assessment ("Ce que je sais faire"): the spoken pictogram questions, one at a time,
answered with three big pictures (thumbs up, a wobbling hand, a seedling) — no reading
needed. Then where to start, and when the learner answered on an earlier day, before
and now side by side. On a first visit (no placement yet) the summary offers the
placement by doing, "Faisons le point" (``screens/placement.py``), as its biggest button.

The questions, the answers and the rules (where to start, what grew) are in
:mod:`kiosk.engine.selfcheck`; the answers are kept with the passport's
``save_self_assessment`` on the store's worker.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.image import Image
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.engine.model import Text
from kiosk.engine.selfcheck import QUESTIONS, grown, suggested_module
from kiosk.ui.widgets import Tile, Words, show_only

log = logging.getLogger(__name__)

#: The picture of each answer, from the most confident.
ANSWER_PICTURES = {"yes": "thumbs-up", "a_little": "so-so-hand", "not_yet": "seedling"}


class SelfCheckScreen(Screen):
    index = NumericProperty(0)  # the question on show
    question = StringProperty("")  # its words in the learner's language
    picture = StringProperty("")  # its pictogram
    summary = StringProperty("")  # "thank you" line once answered
    grown_text = StringProperty("")  # "progress since the first time: 3"
    suggestion = ObjectProperty(None, allownone=True)  # the module to start with
    offer_placement = BooleanProperty(False)  # a first visit: "Faisons le point" is offered

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answers: dict[str, str] = {}
        self._said: list[Text] = []
        self._sets: Any = ()
        # the question and the summary are laid out in the kv; one at a time goes in "body"
        # (kept here: ids are weak references, a box out of the tree would be collected)
        self.question_box = self.ids.question_box.__self__
        self.summary_box = self.ids.summary_box.__self__
        for box in (self.question_box, self.summary_box):
            self.remove_widget(box)

    # -- life cycle ----------------------------------------------------------------------
    def activate(self) -> None:
        self.reset()
        self._show_body(self.question_box)
        self._draw_dots()
        self._show_question(intro=True)

    def reset(self) -> None:
        self.answers = {}
        self.index = 0
        self.question = self.picture = self.summary = self.grown_text = ""
        self.suggestion = None
        self.offer_placement = False
        self._said = []
        self._sets = ()
        self.ids.before_after.clear_widgets()
        self.ids.start_here.clear_widgets()

    def _show_body(self, box: Any) -> None:
        show_only(self.ids.body, box)

    # -- the questions -------------------------------------------------------------------
    def _show_question(self, intro: bool = False) -> None:
        app: Any = App.get_running_app()
        question = QUESTIONS[self.index]
        self.question = app.tr(f"selfcheck.{question.id}")
        self.picture = app.picto(question.pictogram)
        self._draw_dots()
        self._said = [strings.text("selfcheck.intro")] if intro else []
        self._said.append(strings.text(f"selfcheck.{question.id}"))
        app.say(*self._said)

    def _draw_dots(self) -> None:
        box = self.ids.dots
        box.clear_widgets()
        for i in range(len(QUESTIONS)):
            dot = Factory.ProgressDot()
            dot.state = "done" if i < self.index else ("now" if i == self.index else "todo")
            box.add_widget(dot)

    def answer(self, answer: str) -> None:
        """One of the three pictures was touched: keep it, go on to the next question."""
        if self.index >= len(QUESTIONS) or self.summary:
            return
        self.answers[QUESTIONS[self.index].id] = answer
        if self.index + 1 < len(QUESTIONS):
            self.index += 1
            self._show_question()
        else:
            self.index = len(QUESTIONS)
            self._draw_dots()
            self._save(then_summary=True)

    def _save(self, *, then_summary: bool) -> None:
        app: Any = App.get_running_app()
        answers = dict(self.answers)
        if not answers:
            return
        passport = app.passport
        app.self_assessed = True

        def job(store: Any, learner_id: str) -> Any:
            passport.save_self_assessment(store, learner_id, answers)
            return store.learner_progress(learner_id).answer_sets

        if then_summary:
            app.learner_job(job, lambda sets: self._show_summary(answers, sets), self._failed)
        else:
            app.learner_job(job, lambda _sets: None, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.error("the self-assessment could not be saved: %s", error)
        App.get_running_app().say_ui("resume.problem")

    # -- afterwards: where to start, before and now ------------------------------------------
    def _show_summary(self, answers: dict[str, str], sets: Any) -> None:
        app: Any = App.get_running_app()
        if self.manager is None or self.manager.current != self.name:
            return
        self._sets = sets
        app.journey.answers = dict(answers)  # the placement compares with these
        self.offer_placement = not app.journey.placements
        self.summary = app.tr("selfcheck.thanks")
        said: list[Text] = [strings.text("selfcheck.thanks")]
        # before: the first answers, when they were given on an earlier day
        before = sets[0].answers if len(sets) > 1 else None
        if before:
            count = len(grown(before, answers))
            self.grown_text = strings.filled("selfcheck.better", count=count).get(app.language)
            said.append(strings.filled("selfcheck.better", count=count))
        self._draw_answers(before, answers)
        module_id = suggested_module(answers)
        enabled = {m.id: m for m in app.enabled_modules()}
        self.suggestion = enabled.get(module_id) if module_id else None
        box = self.ids.start_here
        box.clear_widgets()
        if self.suggestion is not None:
            module = self.suggestion
            tile = Tile(text=module.title.get(app.language), picture=app.picto(module.pictogram),
                        name="selfcheck.start", font_size=36)
            tile.bind(on_release=lambda _t: app.go("scenarios", module_id=module.id))
            box.add_widget(tile)
            said += [strings.text("selfcheck.start_here"), module.title]
        else:
            said.append(strings.text("selfcheck.all_yes"))
        if self.offer_placement:
            said.append(strings.text("selfcheck.placement"))
        self._show_body(self.summary_box)
        self._said = said
        app.say(*said)

    def _draw_answers(self, before: dict[str, str] | None, now: dict[str, str]) -> None:
        """Columns of question pictures; under each the answer now, and the answer the
        first time when there was one on an earlier day (before and now)."""
        app: Any = App.get_running_app()
        grid = self.ids.before_after
        grid.clear_widgets()
        asked = [q for q in QUESTIONS if q.id in now or (before and q.id in before)]
        rows: list[tuple[str, dict[str, str] | None]] = [("", None)]
        if before:
            rows.append(("selfcheck.before", before))
        rows.append(("selfcheck.now", now))
        grid.cols, grid.rows = len(asked) + 1, len(rows)
        for key, answers in rows:
            label = Words(words=app.tr(key) if key else "", lang=app.language, bold=True,
                          fit_size=dp(26), font_size=dp(26))
            label.size_hint_x = 2.2
            grid.add_widget(label)
            for question in asked:
                if answers is None:
                    name = question.pictogram
                else:
                    name = ANSWER_PICTURES.get(answers.get(question.id, ""), "")
                image = Image(source=app.picto(name) if name else "", fit_mode="contain",
                              opacity=1 if name else 0)
                grid.add_widget(image)

    # -- buttons -------------------------------------------------------------------------
    def repeat(self, before: Any = None) -> None:
        app: Any = App.get_running_app()
        app.say(*([before] if before is not None else []), *self._said)

    def language_changed(self) -> None:
        if self.summary:
            self._show_summary(self.answers, self._sets)  # the same, in the new language
        else:
            self._show_question()

    def back(self) -> None:
        """Leave: the answers given so far are kept (nothing is wrong with stopping)."""
        app: Any = App.get_running_app()
        if not self.summary:
            self._save(then_summary=False)
        app.go("modules")


SCREEN = SelfCheckScreen
