"""The kiosk application: screens, the learner's session, idle watchdog, kiosk mode.

Owns the things that live as long as the kiosk runs (store writer, speech, catalogue)
and the one session at a time. Screens ask it to navigate, speak and record; learning
rules stay in ``kiosk.engine``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk import strings
from kiosk.config import Config
from kiosk.export.printing import AttestationPrinter
from kiosk.speech import Synthesizer
from kiosk.ui.assets import FONT_FILES, RTL_LANGUAGES, pictogram, pictogram_names
from kiosk.ui.journey import Journey
from kiosk.ui.speaker import Speaker

if TYPE_CHECKING:  # loaded just after the first frame, see finish_start()
    from kiosk.engine import Catalogue, Scenario
    from kiosk.engine.model import Text
    from kiosk.export.passport import Passport
    from kiosk.store.progress import LearnerProgress, LearnerRef
    from kiosk.store.repository import Store
    from kiosk.store.writer import StoreWriter
    from kiosk.ui.author import AuthorMode
    from kiosk.ui.camera import FrameSource
    from kiosk.ui.content_link import ContentUpdates
    from kiosk.ui.hub_link import HubPresence
    from kiosk.ui.logbook import Logbook
    from kiosk.ui.proposal import ProposalDesk

T = TypeVar("T")

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
SCREENS = ("welcome", "modules", "scenarios", "player", "results", "animator", "passport",
           "selfcheck", "resume", "placement", "path")
# Screens a person may leave without a session (the resume screen, camera on): after the
# idle timeout they go back to the welcome too.
SESSIONLESS = ("resume",)


SLOWER = 0.7  # the "slower" toggle speaks at 70 % of the configured rate


class KioskApp(App):
    language = StringProperty("fr")
    rtl = BooleanProperty(False)  # the learner's language is written right to left
    # Mother-tongue guidance: voice and instructions in the learner's language over a
    # practice screen in French (as in real life), unless the learner asks for theirs.
    own_screen = BooleanProperty(False)
    surface_language = StringProperty("fr")
    slower = BooleanProperty(False)  # the learner asked for a slower voice
    device = StringProperty("touch")  # what the learner is using right now
    idle_warning_shown = BooleanProperty(False)
    # "J'ai besoin d'aide" (a terminal enrolled with a hub): none, waiting, offline, coming
    call_enabled = BooleanProperty(False)
    call_state = StringProperty("none")

    def __init__(self, config: Config, *, author: bool = False, **kwargs: Any) -> None:
        """``author``: author mode on the configured scenarios folder (kiosk.ui.author)."""
        super().__init__(**kwargs)
        self.kiosk_config = config
        self.authoring = author
        self.author: AuthorMode | None = None
        self.robot: Any = None
        self.allow_exit = False
        self.title = "EPN"
        self.last_input = time.monotonic()
        self.catalogue: Catalogue | None = None
        # the learner's best stars per scenario: brought back with their code, then this
        # session's (the tiles show them)
        self.session_stars: dict[str, int] = {}
        # exercise → the fewest helps of a finished attempt: offers level 2 (clutter.offered)
        self.session_helps: dict[str, int] = {}
        self.self_assessed = False  # the learner has answered the self-assessment before
        self.resumed = False  # the session continues a learner who came back with a code
        self.passport: Passport | None = None
        self.proposals: ProposalDesk  # made with the screens (build)
        # the path the learner follows, their place in it, their placement profiles
        self.journey = Journey(self)
        # where the resume screen gets camera frames; tests put pictures in its place
        self.camera_factory: Callable[[], FrameSource | None] = lambda: _open_webcam(config.camera)
        self.state = self._load_state()
        self.first_frame_at: float | None = None
        self.writer: StoreWriter | None = None
        self.logbook: Logbook | None = None
        self.hub: HubPresence | None = None
        self.content: ContentUpdates | None = None  # shipped scenarios + the hub's bundle
        # attestations go to CUPS through the animator; none stays on disk after a session
        self.printer = AttestationPrinter(config.home, config.printer)
        self.ready = False  # content loaded and the store started (just after first frame)
        self.prerendered = threading.Event()  # every prompt has a cached clip

    # -- set-up -------------------------------------------------------------------
    def build(self) -> FloatLayout:
        cfg = self.kiosk_config
        fonts = cfg.assets_dir / "fonts"
        for name, (regular, bold) in FONT_FILES.items():
            LabelBase.register(name, str(fonts / regular), fn_bold=str(fonts / bold))
        regular, bold = FONT_FILES["KioskLatin"]
        LabelBase.register(DEFAULT_FONT, str(fonts / regular), fn_bold=str(fonts / bold))
        Window.clearcolor = (0.96, 0.945, 0.91, 1)
        self.synth = (Synthesizer(cfg.voice_cache, rate=cfg.speech_rate,
                                  voices_dir=cfg.assets_dir / "voices") if cfg.speech else None)
        self.speaker = Speaker(self.synth)
        self.speaker.volume = self.sound_volume / 100
        Builder.load_file(str(HERE / "widgets.kv"))
        from kiosk.ui import screens

        self.sm = ScreenManager(transition=NoTransition())
        self.sm.add_widget(screens.create("welcome"))
        from kiosk.ui.proposal import ProposalDesk

        self.proposals = ProposalDesk(self)  # what the animator proposes (kiosk.ui.proposal)
        root = FloatLayout()
        root.add_widget(self.sm)
        from kiosk.ui.corner import AnimatorCorner

        root.add_widget(AnimatorCorner())
        if self.authoring:
            from kiosk.ui.author import AuthorMode

            self.author = AuthorMode(self)
            root.add_widget(self.author.view)
        Window.bind(on_request_close=self._on_request_close, on_keyboard=self._on_keyboard)
        Window.bind(on_touch_down=self._on_input, on_touch_move=self._on_input,
                    on_touch_up=self._on_input)
        Clock.schedule_interval(self._watch_idle, 0.5)
        Window.bind(on_flip=self._first_flip)
        from kiosk.ui.system_stop import stop_on_system_request

        stop_on_system_request(self)  # keys cannot quit; systemd's stop (SIGTERM) does
        return root

    def finish_start(self) -> None:
        """What the welcome screen does not need: content, the store, the voice cache.

        Runs right after the first frame so the welcome is on screen and touchable at
        once; a touch that comes earlier runs it first.
        """
        if self.ready:
            return
        from kiosk.store.writer import StoreWriter
        from kiosk.ui import screens
        from kiosk.ui.content_link import ContentUpdates
        from kiosk.ui.logbook import Logbook

        Builder.load_file(str(HERE / "guide.kv"))
        for name in SCREENS[1:]:
            self.sm.add_widget(screens.create(name))
        cfg = self.kiosk_config
        pictograms = pictogram_names(cfg.assets_dir)
        self.content = ContentUpdates(self, pictograms)
        # author mode: the trainer's folder as it is on disk, never a hub's bundle
        if self.author is not None:
            from kiosk.engine import load_catalogue

            self.catalogue = load_catalogue(cfg.scenarios_dir, cfg.languages, pictograms)
        else:
            self.catalogue = self.content.load()
        for problem in self.catalogue.problems:
            log.warning("content: %s", problem)
        if self.author is not None:
            self.author.start(pictograms)
        self.printer.sweep()  # a PDF left by a kiosk stopped while it printed
        self.writer = StoreWriter(cfg.database_url)
        from kiosk.ui.storage import watch_store  # a full disk: the learner is reassured

        watch_store(self)
        from kiosk.export.passport import Passport

        self.passport = Passport.from_config(cfg, self.catalogue.scenarios.values(),
                                             [p.id for p in self.catalogue.paths])
        self.logbook = Logbook(self.writer, cfg.terminal_label, self.passport.key.epn_id)
        self._join_hub()
        self.ready = True
        self._prerender()

    def on_start(self) -> None:
        self.go("welcome")
        if self.robot is not None:
            self.robot.start()

    def _join_hub(self) -> None:
        """When this terminal is enrolled: the call button, the room status, the sync."""
        from kiosk.sync.client import load_credentials

        credentials = load_credentials(self.kiosk_config.home)
        if credentials is None:
            return
        from kiosk.ui.hub_link import HubPresence

        self.hub = HubPresence(self, credentials, self.kiosk_config.database_url).start()
        self.call_enabled = True
        if self.content is not None and self.author is None:
            self.content.follow(credentials)

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Content changed between sessions (a bundle from the hub): screens read it from now on."""
        from kiosk.export.passport import Passport

        self.catalogue = catalogue
        for problem in catalogue.problems:
            log.warning("content: %s", problem)
        self.passport = Passport.from_config(self.kiosk_config, catalogue.scenarios.values(),
                                             [p.id for p in catalogue.paths])
        self._prerender()  # the new exercises' prompts, in the background

    def call_for_help(self, reason: str | None = None) -> None:
        """"J'ai besoin d'aide": the animator's room view shows it (and ``reason``, e.g.
        "impression"); the learner hears who comes."""
        if self.hub is not None:
            self.hub.call(reason)

    def on_stop(self) -> None:
        if self.author is not None:
            self.author.stop()
        self.end_session("shutdown", show_welcome=False)
        if self.content is not None:
            self.content.stop()
        if self.hub is not None:
            self.hub.stop()
        if self.writer is not None:
            self.writer.close()
        if self.synth is not None:
            self.synth.close()

    def _first_flip(self, *_a: Any) -> None:
        if self.first_frame_at is None and self.sm.current == "welcome":
            self.first_frame_at = time.monotonic()
            Window.unbind(on_flip=self._first_flip)
            Clock.schedule_once(lambda _dt: self.finish_start(), 0)

    def _prerender(self) -> None:
        """Render every prompt in the background so the voice starts at once."""
        synth = self.synth
        if synth is None or self.catalogue is None:
            self.prerendered.set()
            return
        from kiosk.speech.build import build, prompts

        texts = prompts(self.catalogue)
        languages = self.kiosk_config.languages

        def work() -> None:
            build(synth, texts, languages)
            self.prerendered.set()

        threading.Thread(target=work, name="prerender", daemon=True).start()

    # -- helpers for kv and screens ---------------------------------------------
    def picto(self, name: str) -> str:
        return pictogram(self.kiosk_config.assets_dir, name)

    def tr(self, key: str, language: str | None = None) -> str:
        return strings.tr(key, language or self.language)

    def say(self, *texts: Text) -> None:  # noqa: F821 (Text is for type checkers)
        self.speaker.say(list(texts), self.language)

    def say_ui(self, *keys: str) -> None:
        self.say(*(strings.text(k) for k in keys))

    def sound(self, name: str) -> None:
        path = self.kiosk_config.assets_dir / "sounds" / f"{name}.wav"
        if path.exists() and self.synth is not None:
            self.speaker.play_effect(path)

    @staticmethod
    def flag(language: str) -> str:
        """The language's mark: a speech bubble saying hello in it, in its own script.

        Never a national flag: a flag names a country, and the Moroccan or the French one
        leaves out many who speak Arabic or French (assets/pictograms/make_language_marks.py).
        """
        return f"language-{language}"

    def on_language(self, *_a: Any) -> None:
        self.rtl = self.language in RTL_LANGUAGES
        self._update_surface_language()

    def on_own_screen(self, *_a: Any) -> None:
        self._update_surface_language()

    def _update_surface_language(self) -> None:
        self.surface_language = self.language if self.own_screen else "fr"

    def on_slower(self, *_a: Any) -> None:
        if self.synth is not None:
            rate = self.kiosk_config.speech_rate
            self.synth.rate = round(rate * SLOWER) if self.slower else rate

    def toggle_slower(self) -> None:
        """The learner's "slower" button: the voice changes and says so, then repeats."""
        self.slower = not self.slower
        current = self.sm.current_screen
        said = strings.text("speech.slower_said" if self.slower else "speech.normal_said")
        if hasattr(current, "repeat"):
            current.repeat(before=said)
        else:
            self.say(said)

    def toggle_own_screen(self) -> None:
        self.own_screen = not self.own_screen

    def choose_language(self) -> None:
        """The language button: six languages, each says its name; a touch switches at once."""
        from kiosk.ui.widgets import LanguagePicker

        LanguagePicker().open()

    def set_language(self, language: str) -> None:
        """Switch language at any moment; the current step is shown and said again."""
        if language not in self.kiosk_config.languages:
            return
        self.language = language
        current = self.sm.current_screen
        if hasattr(current, "language_changed"):
            current.language_changed()  # says the language's name in it, then the step
        else:
            self.say_ui("language")  # chosen by voice too: its name, in it

    def screen(self, name: str) -> Any:
        return self.sm.get_screen(name)

    def go(self, name: str, **kwargs: Any) -> None:
        if name != "welcome":
            self.finish_start()
        current = self.sm.current_screen
        if current is not None and hasattr(current, "deactivate"):
            current.deactivate()
        screen = self.screen(name)
        if hasattr(screen, "activate"):
            screen.activate(**kwargs)
        self.sm.current = name

    def ordered_scenarios(self) -> list[Any]:
        """The enabled exercises in teaching order (modules, then each module's order)."""
        return self.catalogue.in_order(m.id for m in self.enabled_modules())

    def enabled_modules(self) -> list[Any]:
        enabled = (None if self.author is not None  # a trainer tries out every module
                   else self.state.get("enabled_modules", self.kiosk_config.enabled_modules))
        return [m for m in self.catalogue.modules
                if (enabled is None or m.id in enabled) and self.catalogue.in_module(m.id)]

    @property
    def idle_timeout(self) -> int:
        return int(self.state.get("idle_timeout", self.kiosk_config.idle_timeout))

    @property
    def sound_volume(self) -> int:
        """The animator's volume in percent (several terminals speak in one room)."""
        return int(self.state.get("sound_volume", 100))

    def set_sound_volume(self, percent: int) -> None:
        self.speaker.volume = percent / 100
        self.save_state(sound_volume=percent)

    # -- the learner's session ------------------------------------------------------
    def start_session(self, language: str, learner: LearnerRef | None = None,
                      best_stars: dict[str, int] | None = None, self_assessed: bool = False,
                      progress: LearnerProgress | None = None) -> None:
        """A new learner, or (``learner``) one who came back with their code: with a path
        to go on with (in ``progress``), "Votre parcours" opens at its next exercise."""
        self.finish_start()
        self.language = language
        self.session_stars = dict(best_stars or {})
        # three stars brought back from another visit: done without help
        self.session_helps = {sid: 0 for sid, stars in self.session_stars.items() if stars >= 3}
        self.self_assessed = self_assessed
        self.resumed = learner is not None
        self.journey.reset(progress)
        self.logbook.start_session(language, learner.id if learner is not None else None)
        self.go("path" if self.journey.next_exercise() is not None else "modules")

    # -- placement and paths ----------------------------------------------------------------
    def start_placement(self, round: str | None = None) -> None:
        """"Faisons le point": the placement's first card. ``round`` (``start``, ``mid``
        or ``end``) says which of the course it is; by default the first, then ``mid``.
        The animator's screen calls it with ``mid`` or ``end`` when a trainer asks."""
        if self.logbook is None or self.logbook.session_id is None:
            return
        self.go("placement", round=round or self.journey.next_round())

    def follow_path(self, path_id: str) -> bool:
        """Make the path ``path_id`` (a path file: shipped, or published by the hub) the
        learner's, from its first exercise (a learner already on it keeps their place),
        and open "Votre parcours". False when this kiosk has no such path, or no learner
        is here (nothing changes then)."""
        from kiosk.engine.paths import PathPlace

        if path_id not in self.journey.known_paths():
            return False
        if self.logbook is None or self.logbook.session_id is None:
            return False
        current = self.journey.path
        if current is None or current.path_id != path_id:
            self.journey.follow(PathPlace(path_id))
        self.go("path")
        return True

    def open_path(self) -> None:
        """"Votre parcours" (when the learner has one), else the activities."""
        self.go("path" if self.journey.has_path() else "modules")

    def learner_job(self, fn: Callable[[Store, str], T], on_done: Callable[[T], None],
                    on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn(store, learner_id)`` for this session's learner on the store's worker.

        The answer comes back on the main thread, and only while the same session is on:
        a result never reaches the screen of the next person.
        """
        session_id = self.logbook.session_id if self.logbook is not None else None
        if session_id is None or self.writer is None:
            return

        def job(store: Store) -> T:
            learner = store.learner_of_session(session_id)
            if learner is None:
                raise LookupError(f"session {session_id} has no learner")
            return fn(store, learner.id)

        def still_here() -> bool:
            return self.logbook is not None and self.logbook.session_id == session_id

        def done(value: T) -> None:
            Clock.schedule_once(lambda _dt: on_done(value) if still_here() else None)

        def failed(error: BaseException) -> None:
            if on_error is not None:
                Clock.schedule_once(lambda _dt: on_error(error) if still_here() else None)

        self.writer.submit(job, on_done=done, on_error=failed)

    def finish(self) -> None:
        """"J'ai fini": the passport screen (the QR code to take away), then goodbye."""
        self.go("passport")

    def goodbye(self) -> None:
        """End the session, clear the screen, and say goodbye in the learner's language."""
        language = self.language
        self.end_session("finished")  # clears the screen and stops any speech
        self.speaker.say([strings.text("bye")], language)

    def end_session(self, reason: str, *, show_welcome: bool = True) -> None:
        if hasattr(self, "sm") and self.sm.has_screen("player"):
            self.screen("player").abandon()
        if self.logbook is not None:
            self.logbook.end_session(reason)
        if hasattr(self, "proposals"):
            self.proposals.session_ended()
        if self.hub is not None:
            self.hub.cancel()
        self.printer.sweep()  # an attestation not printed does not outlive its session
        self.session_stars = {}
        self.session_helps = {}
        self.self_assessed = self.resumed = False
        self.journey.reset()
        if show_welcome and hasattr(self, "sm"):
            self.clear_traces()
            self.go("welcome")

    def clear_traces(self) -> None:
        """Nothing of the previous person stays visible."""
        from kivy.uix.modalview import ModalView

        for widget in list(Window.children):
            if isinstance(widget, ModalView):
                widget.dismiss(animation=False)
        self.speaker.stop()
        for screen in self.sm.screens:
            if hasattr(screen, "reset"):
                screen.reset()
        self.language = "fr"
        self.own_screen = False
        self.slower = False
        self.idle_warning_shown = False

    def play(self, scenario: Scenario) -> None:
        self.go("player", scenario=scenario)

    # -- input, idle watchdog, kiosk mode ----------------------------------------------
    def _on_input(self, _window: Any, touch: Any) -> None:
        self.last_input = time.monotonic()
        device = "mouse" if getattr(touch, "device", "") == "mouse" else "touch"
        if device != self.device:
            self.device = device
        if self.idle_warning_shown:
            self.hide_idle_warning()

    def _watch_idle(self, _dt: float) -> None:
        if self.logbook is None or self.sm.current == "animator" or self.author is not None:
            return  # (author mode: the kiosk waits while the trainer edits a file)
        idle = time.monotonic() - self.last_input
        timeout = self.idle_timeout
        if self.logbook.session_id is None:
            if self.sm.current in SESSIONLESS and idle >= timeout:
                self.clear_traces()
                self.go("welcome")
            return
        warning = min(self.kiosk_config.idle_warning, timeout // 2)
        if idle >= timeout:
            self.end_session("timeout")
        elif idle >= timeout - warning and not self.idle_warning_shown:
            self.show_idle_warning()

    def show_idle_warning(self) -> None:
        from kiosk.ui.idle import IdleWarning

        self.idle_warning_shown = True
        IdleWarning().open(animation=False)
        self.say_ui("idle.question", "idle.touch")

    def hide_idle_warning(self) -> None:
        from kiosk.ui.idle import IdleWarning

        self.idle_warning_shown = False
        for widget in list(Window.children):
            if isinstance(widget, IdleWarning):
                widget.dismiss(animation=False)

    def _on_request_close(self, *_a: Any, **_k: Any) -> bool:
        return not self.allow_exit  # True vetoes: window close and Alt+F4 do nothing

    def _on_keyboard(self, _window: Any, key: int, *_a: Any) -> bool:
        self.last_input = time.monotonic()
        return key == 27 and not self.allow_exit  # Esc is swallowed

    def exit_kiosk(self) -> None:
        self.allow_exit = True
        self.stop()

    # -- animator choices, kept across restarts --------------------------------------------
    def _load_state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.kiosk_config.state_file.read_text())
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def save_state(self, **changes: Any) -> None:
        self.state.update(changes)
        path = self.kiosk_config.state_file
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=2))
        tmp.replace(path)


def _open_webcam(device: int | str) -> FrameSource | None:
    from kiosk.ui.camera import open_webcam

    return open_webcam(device)
