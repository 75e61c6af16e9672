"""The animator's screen (behind the corner + PIN): the content version and its problems,
modules offered to learners, idle timeout, the sound's volume and its test, the printer and its jobs,
today's sessions, propose an exercise to the learner (:mod:`kiosk.ui.proposal`, for a terminal
without a hub), end the current session, leave the kiosk.

Staff-facing, in French and in the Latin font whatever the learner's language (an
animator reads it in the middle of an Arabic session). Each module is a tile that says
whether it is offered by a word and a mark, not by colour alone. Ending the session and
leaving the kiosk ask once (the confirm card, in French, silent). It reads the same store
the learners write, through the worker.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.engine.model import Text
from kiosk.ui.confirm import ask

IDLE_STEPS = (60, 90, 120, 180, 300, 600)
VOLUME_STEPS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 100)  # percent
LANGUAGE = "fr"  # the animator's screen and its questions
SOUND_TEST = Text("animator.sound_test", {LANGUAGE: "Bonjour. Voici le son de ce kiosque."})
SOUND_TEST_WAIT = 5.0  # seconds for the test sentence to start before it counts as failed
PRINT_LOOK_EVERY = 3.0  # seconds between looks at the print jobs (lpstat) while shown


class ModuleSwitch(ButtonBehavior, BoxLayout):
    """One module as a tile: its pictogram, its name, and "Proposé" with a check mark or
    "Caché" without one. A touch switches it."""

    name = StringProperty("")  # stable id the robot and tests look for
    module_id = StringProperty("")
    title = StringProperty("")
    picture = StringProperty("")
    offered = BooleanProperty(True)


class AnimatorScreen(Screen):
    problems = StringProperty("")
    content = StringProperty("")  # the hub's content version in use (or the shipped content)
    sessions = StringProperty("")
    idle_timeout = NumericProperty(120)
    volume = NumericProperty(100)  # percent
    sound_check = StringProperty("")  # what "Tester le son" found
    sound_failed = BooleanProperty(False)
    notice = StringProperty("")
    current_pseudonym = StringProperty("")  # the session going on, "" when none
    compact = BooleanProperty(False)  # a short screen (1280×800): smaller tiles and margins
    printing = StringProperty("")  # the printer and this run's jobs, as lpstat sees them
    _print_look: Any = None

    def activate(self) -> None:
        app: Any = App.get_running_app()
        app.finish_start()
        errors = app.catalogue.problems
        refusals = app.content.notes[:-4:-1] if app.content is not None else []  # the newest first
        self.problems = "\n".join([*refusals, *(str(p) for p in errors)]) or "Aucun problème de contenu."
        self.content = app.content.describe() if app.content is not None else ""
        self.idle_timeout = app.idle_timeout
        self.volume = app.sound_volume
        self.sound_check = ""
        self.sound_failed = False
        notices = []
        if app.kiosk_config.pin_is_default:
            notices.append("Code animateur par défaut (1234) : changez-le avec « kiosk pin ».")
        if app.speaker.problem:
            notices.append(sound_problem_line(app.speaker))
        if app.writer is not None and app.writer.problem is not None:
            from kiosk.ui.storage import animator_line

            notices.append(animator_line(app.writer.problem))
        if app.hub is not None:
            notices.append(app.hub.describe())
        self.notice = "\n".join(notices)
        self.current_pseudonym = (app.logbook.pseudonym or "en cours") if app.logbook.session_id else ""
        grid = self.ids.modules
        grid.clear_widgets()
        grid.cols = max(4, -(-len(app.catalogue.modules) // 3))  # in three rows at most
        enabled = {m.id for m in app.enabled_modules()}
        for module in app.catalogue.modules:
            tile = ModuleSwitch(name=f"animator.module.{module.id}", module_id=module.id,
                                title=module.title.get(LANGUAGE), picture=app.picto(module.pictogram),
                                offered=module.id in enabled)
            tile.bind(on_release=self._switch)
            grid.add_widget(tile)
        self.sessions = "Chargement…"
        self._load_sessions()
        self._look_at_printer()
        self._print_look = Clock.schedule_interval(lambda _dt: self._look_at_printer(), PRINT_LOOK_EVERY)

    def deactivate(self) -> None:
        if self._print_look is not None:
            self._print_look.cancel()
            self._print_look = None

    def _look_at_printer(self) -> None:
        """The printer in use and where each job sent today is (lpstat runs on a thread)."""
        printer = App.get_running_app().printer
        if not printer.available:
            self.printing = "Pas d'impression sur ce poste : CUPS (lp) n'est pas installé."
            return

        def work() -> None:
            lines = [f"Imprimante : {printer.printer or 'celle par défaut de CUPS'}"]
            lines += [f"{job.sent_at:%H:%M}  {job.job_id} : {state}" for job, state in printer.states()[-3:]]
            if len(lines) == 1:
                lines.append("Aucune impression depuis le démarrage.")
            text = "\n".join(lines)
            Clock.schedule_once(lambda _dt: setattr(self, "printing", text))

        threading.Thread(target=work, name="lpstat", daemon=True).start()

    def _load_sessions(self) -> None:
        app: Any = App.get_running_app()
        now = datetime.now(UTC)
        local_midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0,
                                                             microsecond=0)
        start = local_midnight.astimezone(UTC)

        def query(store: Any) -> Any:
            return store.sessions_between(start, now + timedelta(seconds=1))

        app.logbook.query(query, lambda rows: Clock.schedule_once(lambda _dt: self._show(rows)))

    def _show(self, rows: list[Any]) -> None:
        reasons = {"finished": "terminée", "timeout": "inactivité", "animator": "animateur",
                   "shutdown": "arrêt", None: "en cours"}
        lines = [f"{r.started_at.astimezone():%H:%M}  {r.pseudonym:<16}  {r.language}  "
                 f"{r.finished_attempts}/{r.attempts} exercices  {reasons.get(r.end_reason, r.end_reason)}"
                 for r in rows]
        self.sessions = "\n".join(lines) or "Aucune session aujourd'hui."

    def _switch(self, tile: ModuleSwitch) -> None:
        tile.offered = not tile.offered
        app: Any = App.get_running_app()
        chosen = [t.module_id for t in self.ids.modules.children[::-1] if t.offered]
        app.save_state(enabled_modules=chosen)

    def change_idle(self, direction: int) -> None:
        """One step longer (+1) or shorter (-1) on a fixed scale of sensible timeouts."""
        app: Any = App.get_running_app()
        current = int(self.idle_timeout)
        if direction > 0:
            choices = [s for s in IDLE_STEPS if s > current] or [IDLE_STEPS[-1]]
            self.idle_timeout = choices[0]
        else:
            choices = [s for s in IDLE_STEPS if s < current] or [IDLE_STEPS[0]]
            self.idle_timeout = choices[-1]
        app.save_state(idle_timeout=int(self.idle_timeout))

    def change_volume(self, direction: int) -> None:
        """One step louder (+1) or softer (-1); kept across restarts."""
        current = int(self.volume)
        louder = [v for v in VOLUME_STEPS if v > current] or [VOLUME_STEPS[-1]]
        softer = [v for v in VOLUME_STEPS if v < current] or [VOLUME_STEPS[0]]
        self.volume = louder[0] if direction > 0 else softer[-1]
        App.get_running_app().set_sound_volume(int(self.volume))

    def test_sound(self) -> None:
        """A sentence at the chosen volume; then says whether it came out."""
        app: Any = App.get_running_app()
        speaker = app.speaker
        played = speaker.played
        speaker.say([SOUND_TEST], LANGUAGE)
        self.sound_check = "Écoutez…"
        self.sound_failed = False
        asked = Clock.get_time()

        def look(_dt: float) -> bool:
            if speaker.played > played:
                self.sound_check = f"Phrase d'essai envoyée au son, à {int(self.volume)} %."
            elif speaker.problem or Clock.get_time() - asked > SOUND_TEST_WAIT:
                self.sound_check = sound_problem_line(speaker)
                self.sound_failed = True
            else:
                return True
            return False

        Clock.schedule_interval(look, 0.1)

    def end_current_session(self) -> None:
        """Asks once: a learner's session cut by a wrong touch cannot be given back."""
        app: Any = App.get_running_app()
        ask("animator.end.ask", lambda: app.end_session("animator"), yes_key="animator.end.yes",
            language=LANGUAGE, spoken=False)

    def propose(self) -> None:
        """"Proposer un exercice": the list; the chosen one waits for the learner's screen."""
        from kiosk.ui.proposal import ProposalPicker

        def chosen(scenario: Any) -> None:
            self.notice = (f"Proposé : {scenario.title.get(LANGUAGE)}. "
                           "La carte s'affichera au retour au kiosque.")

        ProposalPicker(on_chosen=chosen).open(animation=False)

    def back(self) -> None:
        app: Any = App.get_running_app()
        app.go("modules" if app.logbook.session_id else "welcome")

    def exit_kiosk(self) -> None:
        """Asks once: the terminal stays dark until someone restarts it."""
        ask("animator.exit.ask", App.get_running_app().exit_kiosk, yes_key="animator.exit.yes",
            yes_picture="door", language=LANGUAGE, spoken=False)


def sound_problem_line(speaker: Any) -> str:
    """The animator's words for a voice that cannot be made or a sound that cannot come out."""
    if speaker.synth is None or speaker.synth.problem:
        return f"Voix désactivée : {speaker.problem}."
    return ("Le son ne sort pas (carte son, casque ?) : le kiosque continue sans voix. "
            "Détails dans le journal (journalctl -u epn-kiosk).")


SCREEN = AnimatorScreen
