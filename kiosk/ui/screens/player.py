"""The step player: instruction, pictogram, "repeat" and "help me", and the surface.

On a tall screen the header has two rows (title and tools, then the instruction and its
buttons); on a short one (≤ 900 px, a 1280×800 terminal) the same buttons move into one
compact row so the practice area keeps at least 70 % of the height. Leaving the exercise
is a door of its own that asks once; the practice screens keep their own back arrows.

It turns surface actions into engine calls and engine outcomes into pictures and
sounds. The rules (what is right, when help comes, the stars) live in the engine.

A placement task ("Faisons le point", :mod:`kiosk.ui.screens.placement`) plays here too,
on the same practice screens: only the task's opening steps, no hint ever, "Je ne sais
pas" in place of "Aidez-moi", a time limit, and no attempt in the log (no stars); its
end is told to the placement screen, with kind words after a miss.
"""

from __future__ import annotations

import time
from typing import Any

from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.engine import Action, AttemptRunner, Outcome, OutcomeKind, Scenario
from kiosk.engine.actions import fulfilling
from kiosk.engine.model import Step
from kiosk.engine.placement import WRONG_BEFORE_MISS, PlacementTask
from kiosk.engine.surfaces.clutter import fewest_helps
from kiosk.ui.guide import Guide
from kiosk.ui.heap import release as release_memory
from kiosk.ui.surfaces import create as create_surface

PRAISE_SECONDS = 1.2  # a step's praise stays this long before the next instruction
TASK_END_SECONDS = 1.6  # a placement task's last words stay this long before the next task


class PlayerScreen(Screen):
    instruction = StringProperty("")
    feedback = StringProperty("")
    step_index = NumericProperty(0)
    step_count = NumericProperty(0)
    hint_level = NumericProperty(0)
    scenario = ObjectProperty(None, allownone=True)
    compact = BooleanProperty(False)
    pulse = NumericProperty(0.0)  # 0..1: the instruction and "Répéter" pulse at help level 1
    placing = BooleanProperty(False)  # a placement task: no hints, "Je ne sais pas"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runner: AttemptRunner | None = None
        self.surface: Any = None
        self.guide = Guide()
        self._tick_event: Any = None
        self.step_shown_at = 0.0  # monotonic time a step's instruction was set (bench)
        self.last_action_at = 0.0
        self._pulse: Animation | None = None
        self._confirm: Any = None
        self._next_event: Any = None
        self._prepared: Step | None = None  # the step the surface was made ready for
        self.shown_step: Step | None = None  # the step whose instruction is on screen
        self.task: PlacementTask | None = None  # the placement task being played
        self._task_end: Any = None  # told True (done), False (missed) or None (stopped)
        self._task_started = 0.0
        self._task_wrong = 0
        self._task_over = False

    def on_kv_post(self, _base: Any) -> None:
        self._arrange()

    def on_compact(self, *_a: Any) -> None:
        self._arrange()

    def _arrange(self) -> None:
        """Put the title row's buttons where the layout wants them: in their own row on a
        tall screen, in the instruction row on a short one (same widgets, same names)."""
        ids = self.ids
        top, row, words = ids.top, ids.row, ids.words
        leave, own, lang, progress = ids.leave, ids.own, ids.lang, ids.progress
        for widget in (leave, own, lang, progress):
            if widget.parent is not None:
                widget.parent.remove_widget(widget)
        if self.compact:
            row.add_widget(leave, index=len(row.children))  # first in reading order
            slower_at = row.children.index(ids.slower)
            row.add_widget(own, index=slower_at + 1)
            row.add_widget(lang, index=slower_at + 1)
            words.add_widget(progress)  # the dots under the instruction
        else:
            top.add_widget(leave, index=len(top.children))
            top.add_widget(own, index=0)
            top.add_widget(lang, index=0)
            top.add_widget(progress, index=0)
        self._draw_progress()

    # -- life cycle ------------------------------------------------------------------
    def activate(self, scenario: Scenario | None = None, at_step: str | None = None,
                 task: PlacementTask | None = None, on_task_end: Any = None) -> None:
        """Start ``scenario``; ``at_step`` (author mode, after a save): start at that step,
        the steps before it passed as the learner would have done them. ``task``: play
        only that placement task; ``on_task_end(True/False/None)`` hears how it ended."""
        app: Any = App.get_running_app()
        if scenario is None:
            return
        self.reset()
        self.task, self._task_end = task, on_task_end
        self.placing = task is not None
        self._task_started, self._task_wrong, self._task_over = time.monotonic(), 0, False
        self.scenario = scenario
        self.step_count = len(scenario.steps)
        self.surface = self._make_surface(scenario)
        self.surface.pos_hint = {"x": 0, "y": 0}
        self.surface.bind(on_action=self.on_action)
        self.ids.surface_area.add_widget(self.surface)
        if self.guide.parent is None:
            self.add_widget(self.guide)
        self.runner = AttemptRunner(scenario, clock=time.monotonic)
        if task is None:  # a placement task is not an attempt: no stars, nothing in the log
            app.logbook.start_attempt(scenario, app.language, app.device)
        outcome = self.runner.start()
        if at_step is not None and outcome.step is not None and outcome.step.id != at_step:
            outcome = self._pass_to(at_step)
        self._apply(outcome, None)
        self._tick_event = Clock.schedule_interval(self._tick, 0.25)
        app.bind(device=self._device_changed, surface_language=self._surface_language_changed)

    @staticmethod
    def _make_surface(scenario: Scenario) -> Any:
        """The practice screen: the scenario's surface, with a phone beside it when the
        scenario has one (``beside:``, kiosk.ui.screens.beside)."""
        app: Any = App.get_running_app()
        options = {"double_click_time": app.kiosk_config.double_click_time,
                   "long_press_time": app.kiosk_config.long_press_time, "language": app.surface_language}
        main = create_surface(scenario.surface, scenario.fixture, clutter=scenario.clutter, **options)
        if scenario.beside is None:
            return main
        from kiosk.ui.screens.beside import BesideSurfaces

        phone = create_surface(scenario.beside.surface, scenario.beside.fixture, **options)
        return BesideSurfaces(main, phone, after=scenario.beside.after)

    def _pass_to(self, step_id: str) -> Outcome:
        """Do each step before ``step_id`` with its expected action, silently: the practice
        screen shows what those steps leave (the message opened, the page reached). The
        engine's record of them is dropped: nobody did them."""
        runner, surface = self.runner, self.surface
        assert runner is not None and self.scenario is not None
        for _ in self.scenario.steps:  # a step graph has no loop; this bounds it anyway
            step = runner.step
            action = fulfilling(step.expect) if step is not None and step.id != step_id else None
            if action is None or step is None or self.scenario.next_step(step) is None:
                break
            field = getattr(getattr(surface, "typist", None), "fields", {}).get(action.target)
            if field is not None and action.text is not None:
                field.value = action.text  # the answer stays in its field, as typed
            if runner.act(action).kind != OutcomeKind.ADVANCE:
                break
            surface.accept(action)
        runner.drain_events()
        return Outcome(OutcomeKind.SHOW_STEP, runner.step)

    def deactivate(self) -> None:
        app: Any = App.get_running_app()
        app.unbind(device=self._device_changed, surface_language=self._surface_language_changed)
        if self._tick_event is not None:
            self._tick_event.cancel()
            self._tick_event = None
        if self.runner is not None and self.runner.finished and self.surface is not None:
            self._release_surface()
            # the exercise is over: its pictures, clips and widgets go back to the system
            # once the results screen is drawn (kiosk.ui.heap)
            app.speaker.forget()
            Clock.schedule_once(lambda _dt: release_memory(), 0)

    def _release_surface(self) -> None:
        self.guide.clear()
        self.surface.reset_input()  # nothing the learner typed survives the attempt
        self.surface.unbind(on_action=self.on_action)
        self.ids.surface_area.clear_widgets()
        self.surface = None

    def abandon(self) -> None:
        """Leaving mid-attempt (back, timeout): the engine records it, no judgement."""
        if self.runner is not None and not self.runner.finished:
            self.runner.abandon()
            self._flush()

    def reset(self) -> None:
        self._prepared = None
        self._cancel_next()
        self.shown_step = None
        self._stop_pulse()
        self.abandon()
        self.deactivate()
        self.guide.clear()
        if self.surface is not None:
            self._release_surface()
        self.runner = None
        self.scenario = None
        self.instruction = self.feedback = ""
        self.hint_level = 0
        self.task, self._task_end, self.placing = None, None, False

    def ask_leave(self) -> None:
        """The door: "Arrêter l'exercice ?" asked once, aloud; "no" changes nothing."""
        from kiosk.ui.confirm import ask

        if self.runner is None or self.runner.finished:
            self.leave()
            return
        self._confirm = ask("exercise.stop.ask", self.leave, yes_key="exercise.stop.yes",
                            yes_picture="door")

    def leave(self) -> None:
        app: Any = App.get_running_app()
        module = self.scenario.module if self.scenario else None
        told = self._task_end
        self.reset()
        if told is not None:  # the placement stops here: its screen says what comes next
            told(None)
            return
        app.go("scenarios", module_id=module)

    def on_step_index(self, *_a: Any) -> None:
        self._draw_progress()

    def on_step_count(self, *_a: Any) -> None:
        self._draw_progress()

    def _draw_progress(self) -> None:
        from kivy.factory import Factory

        box = self.ids.progress
        box.clear_widgets()
        if not self.compact:  # in the title row the dots take their own width (kv can't: the
            box.width = dp(40) * int(self.step_count)  # box moves between rows, see _arrange)
        for i in range(int(self.step_count)):
            state = "done" if i < self.step_index else ("now" if i == self.step_index else "todo")
            dot = Factory.ProgressDot()
            dot.state = state
            box.add_widget(dot)

    # -- learner input -----------------------------------------------------------------
    def on_action(self, _surface: Any, action: Action) -> None:
        if self.runner is None or self.runner.finished:
            return
        self.last_action_at = time.monotonic()
        outcome = self.runner.act(action)
        if outcome.kind in (OutcomeKind.TRY_AGAIN, OutcomeKind.HINT, OutcomeKind.DEMO):
            self.surface.reject(action)  # what the real site shows (a field's message)
        self._apply(outcome, action)

    def help_me(self) -> None:
        if self.runner is not None and not self.runner.finished:
            if self.placing:  # "Je ne sais pas": never a dead end, the next task comes
                self._end_task(False)
                return
            self._apply(self.runner.ask_help(), None)

    def _end_task(self, success: bool) -> None:
        """A placement task ends: done alone, or missed (kind words); then the next."""
        app: Any = App.get_running_app()
        if self.runner is None or not self.placing or self._task_over:
            return
        self._task_over = True
        self.runner.abandon()  # (when not finished) the practice screen is released as after an exercise
        self._flush()
        self._cancel_next()
        self.guide.clear()
        key = "placement.task_done" if success else "placement.miss"
        self.instruction, self.feedback = app.tr(key), ""
        if success:
            app.sound("success")
        app.say_ui(key)
        told = self._task_end
        Clock.schedule_once(lambda _dt: told(success) if told is self._task_end else None,
                            TASK_END_SECONDS)

    def repeat(self, before: Any = None) -> None:
        step = self.runner.step if self.runner else None
        if step is not None and self.runner is not None and not self.runner.finished:
            self._speak_step(step, before=before)

    def _tick(self, _dt: float) -> None:
        # no hint (nor its words) while the animator's proposal card is over the exercise
        proposals = getattr(App.get_running_app(), "proposals", None)
        if proposals is not None and proposals.card is not None:
            return
        if self.placing and self.task is not None:  # no hint comes; the time limit does
            if time.monotonic() - self._task_started > self.task.time_limit:
                self._end_task(False)
            return
        if self.runner is not None and not self.guide.demo_running:
            outcome = self.runner.tick()
            if outcome is not None:
                self._apply(outcome, None)

    def language_changed(self) -> None:
        step = self.runner.step if self.runner else None
        if step is not None and self.runner is not None and not self.runner.finished:
            self._show_step(step)
            self.feedback = ""
            # the language's name first, in it (chosen by voice), then the same step
            self._speak_step(step, before=strings.text("language"))

    def _surface_language_changed(self, _app: Any, language: str) -> None:
        if self.surface is not None:
            self.surface.surface_language = language
        # the instruction names the screen's words: shown (and said) as the screen now writes them
        step = self.runner.step if self.runner else None
        if step is not None and self.runner is not None and not self.runner.finished:
            before = self.instruction
            self._show_step(step)
            if self.instruction != before:
                self._speak_step(step)

    def _on_screen(self, text: Any) -> Any:
        """A scenario text with its "<target>" references filled in with the words the
        practice screen shows now, in its language (French or the learner's)."""
        app: Any = App.get_running_app()
        if text is None or self.scenario is None:
            return text
        return self.scenario.on_screen(text, app.surface_language)

    def _device_changed(self, *_a: Any) -> None:
        step = self.runner.step if self.runner else None
        if step is not None and not self.runner.finished:  # type: ignore[union-attr]
            self._show_step(step)

    # -- outcomes → pictures and sounds ------------------------------------------------------
    def _apply(self, outcome: Outcome, action: Action | None) -> None:
        app: Any = App.get_running_app()
        kind = outcome.kind
        if kind == OutcomeKind.KEEP_GOING:
            return
        if self.placing and self._task_outcome(outcome, action):
            return
        if kind in (OutcomeKind.ADVANCE, OutcomeKind.FINISHED) and action is not None:
            self.surface.accept(action)
            self.guide.clear()
            app.sound("success")
        if kind in (OutcomeKind.SHOW_STEP, OutcomeKind.ADVANCE):
            previous = self._on_screen(self._said_before(outcome))
            if kind == OutcomeKind.ADVANCE and previous is not None:
                self._praise(previous, outcome.step)
            else:
                self.feedback = previous.get(app.language) if previous else ""
                self._show_step(outcome.step)
            self._speak_step(outcome.step, before=previous)
        elif kind == OutcomeKind.TRY_AGAIN:
            self._try_again(outcome)
        elif kind == OutcomeKind.HINT:
            self._hint(outcome)
        elif kind == OutcomeKind.DEMO:
            self._demo(outcome)
        elif kind == OutcomeKind.FINISHED:
            last = self.scenario.steps[-1] if self.scenario else None
            self.feedback = self._on_screen(last.success).get(app.language) if last and last.success else ""
            result = outcome.result
            self._flush()
            if result is not None and self.scenario is not None:
                best = max(app.session_stars.get(self.scenario.id, 0), result.stars)
                app.session_stars[self.scenario.id] = best
                helps = fewest_helps(result.stars, result.help_per_step)
                fewest = min(app.session_helps.get(self.scenario.id, helps), helps)
                app.session_helps[self.scenario.id] = fewest
                scenario = self.scenario
                Clock.schedule_once(lambda _dt: app.go("results", scenario=scenario, result=result), 1.2)
            return
        self.hint_level = outcome.hint_level if kind != OutcomeKind.ADVANCE else 0
        self._flush()

    def _task_outcome(self, outcome: Outcome, action: Action | None) -> bool:
        """In a placement task: no hint (a slip is "try again"), a miss after
        WRONG_BEFORE_MISS slips, done once its steps are. True when handled here."""
        task = self.task
        assert task is not None
        kind = outcome.kind
        if kind in (OutcomeKind.TRY_AGAIN, OutcomeKind.HINT, OutcomeKind.DEMO):
            self._task_wrong += 1
            if self._task_wrong >= WRONG_BEFORE_MISS:
                self._end_task(False)
            else:
                self._try_again(outcome)
            return True
        past = outcome.step is not None and outcome.step.id not in task.step_ids
        if kind == OutcomeKind.FINISHED or (kind == OutcomeKind.ADVANCE and past):
            if action is not None:
                self.surface.accept(action)
            self._end_task(True)
            return True
        return False

    def _said_before(self, outcome: Outcome) -> Any:
        """What is said before the step: the intro first, then the last step's praise."""
        if outcome.kind == OutcomeKind.SHOW_STEP and self.scenario is not None:
            first = outcome.step is self.scenario.steps[0]  # (author mode starts further on)
            return self.scenario.intro if first else None
        if outcome.kind != OutcomeKind.ADVANCE or self.scenario is None or outcome.step is None:
            return None
        index = self.scenario.steps.index(outcome.step)
        return self.scenario.steps[index - 1].success if index > 0 else None

    def _praise(self, praise: Any, step: Step) -> None:
        """A step's praise shows with that step (where the instruction was, while the
        progress dot fills), then the next instruction takes its place."""
        app: Any = App.get_running_app()
        self._cancel_next()
        self.shown_step = None
        self.instruction = praise.get(app.language)
        self.feedback = ""
        self.step_index = self.scenario.steps.index(step) if self.scenario else 0
        self.step_shown_at = time.monotonic()
        self._prepare(step)  # the page is ready for the next step at once; only the words wait
        self._next_event = Clock.schedule_once(lambda _dt: self._show_step(step), PRAISE_SECONDS)

    def _cancel_next(self) -> None:
        if self._next_event is not None:
            self._next_event.cancel()
            self._next_event = None

    def _show_step(self, step: Step) -> None:
        app: Any = App.get_running_app()
        after_praise = self._next_event is not None  # the step waited behind its praise
        self._cancel_next()
        self.instruction = self._on_screen(step.say.for_device(app.device)).get(app.language)
        self.step_index = self.scenario.steps.index(step) if self.scenario else 0
        self.step_shown_at = time.monotonic()
        self.shown_step = step
        if after_praise:
            self._show_again(step)  # a glide or a new page may have moved it meanwhile
        self._prepare(step)

    def _prepare(self, step: Step) -> None:
        """What the voice names comes into view and its field gets the keyboard, once per
        step (a language or device change shows the words again, not the page)."""
        if self.surface is None or self._prepared is step:
            return
        self._prepared = step
        self.surface.show_step(step.expect.action, self._shown_target(step))
        # and again once a page built by the last action is laid out (its size is known
        # only then): the learner sees the target when the words say it
        Clock.schedule_once(lambda _dt, step=step: self._show_again(step), 0)

    def _show_again(self, step: Step) -> None:
        if self.surface is not None and self._prepared is step:
            self.surface.show_step(step.expect.action, self._shown_target(step))

    @staticmethod
    def _shown_target(step: Step) -> str | None:
        """The target to bring into view: none when finding it is the exercise (scroll)."""
        return None if step.learner_scrolls else step.expect.target

    def _speak_step(self, step: Step, before: Any = None) -> None:
        app: Any = App.get_running_app()
        texts = [before] if before is not None else []
        texts.append(self._on_screen(step.say.for_device(app.device)))
        app.say(*texts)

    def _try_again(self, outcome: Outcome) -> None:
        app: Any = App.get_running_app()
        key = self._retry_key(outcome)
        self.feedback = app.tr(key)
        app.sound("try-again")
        app.say_ui(key)

    def _retry_key(self, outcome: Outcome) -> str:
        app: Any = App.get_running_app()
        if outcome.reason != "wrong_gesture" or outcome.step is None:
            return "retry.wrong_target"
        expected = outcome.step.expect.action
        if expected == "long_press" and app.device == "mouse":
            return "retry.long_press.mouse"
        key = f"retry.{expected}"
        return key if strings.has(key) else "retry.wrong_target"

    def _hint(self, outcome: Outcome) -> None:
        app: Any = App.get_running_app()
        step = outcome.step
        assert step is not None
        extra = self._on_screen(outcome.hint.say) if outcome.hint is not None else None
        said = self._on_screen(step.say.for_device(app.device))
        if outcome.hint_level >= 2:
            widgets = [self._target_widget(step)]
            if step.expect.to:
                widgets.append(self.surface.target_widget(step.expect.to))
            self.guide.highlight(*(w for w in widgets if w is not None))
            self.feedback = (extra.get(app.language) if extra else app.tr("hint.highlight"))
            app.say(extra or strings.text("hint.highlight"), said)
        else:
            self.feedback = extra.get(app.language) if extra else ""
            self._start_pulse()  # seen as well as heard: speech may be off, rooms are noisy
            app.say(*([extra] if extra else []), said)

    def _start_pulse(self) -> None:
        self._stop_pulse()
        self._pulse = Animation(pulse=1.0, duration=0.35) + Animation(pulse=0.0, duration=0.35)
        for _ in range(2):
            self._pulse += Animation(pulse=1.0, duration=0.35) + Animation(pulse=0.0, duration=0.35)
        self._pulse.start(self)

    def _stop_pulse(self) -> None:
        if self._pulse is not None:
            self._pulse.cancel(self)
            self._pulse = None
        self.pulse = 0.0

    def _demo(self, outcome: Outcome) -> None:
        app: Any = App.get_running_app()
        step = outcome.step
        assert step is not None
        expect = step.expect
        source = self._target_widget(step)
        destination = self.surface.target_widget(expect.to) if expect.to else None
        area = self.surface.scroll if expect.action == "scroll_to" else None
        self.guide.demo(expect.action, source, destination, area, keys=self._answer_keys(expect))
        self.feedback = app.tr("hint.demo")
        app.say(strings.text("hint.demo"), self._on_screen(step.say.for_device(app.device)))

    def _answer_keys(self, expect: Any) -> list[Any]:
        """For a text step: the on-screen keys of the example answer, for the ghost hand."""
        from kiosk.engine.actions import example_answer
        from kiosk.ui import azerty

        answer = example_answer(expect.rule) if expect.action == "type" else None
        if not answer or self.surface is None:
            return []
        try:
            names = azerty.plan(answer)
        except ValueError:
            return []
        widgets = [self.surface.target_widget(f"key.{name}") for name in names]
        return [w for w in widgets if w is not None]

    def _target_widget(self, step: Step) -> Any:
        if self.surface is None:
            return None
        name = step.expect.target
        if step.expect.action == "scroll_to" and not self.surface.visible(name or ""):
            return self.surface.scroll
        if name:
            self.surface.reveal(name)  # the highlight and the hand go where the learner can see
        return self.surface.target_widget(name)

    def _flush(self) -> None:
        app: Any = App.get_running_app()
        if self.runner is not None:
            events = self.runner.drain_events()
            if not self.placing:  # a placement task's steps are no attempt's
                app.logbook.record(events)


SCREEN = PlayerScreen
