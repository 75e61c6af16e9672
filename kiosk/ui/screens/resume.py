""""J'ai déjà un code": continue with the progress of an earlier visit.

Two ways in: (a) the learner shows the QR code (a photo on their phone, or the printed
page) to the terminal's camera; frames are read with zxing-cpp off the screen's thread;
(b) the animator, after the PIN, types the picture code by touching its three pictures
and two digits. A valid code is merged into the store (twice = once) and the session
starts for that learner, with their stars on the tiles. A refused code gets one calm
sentence, said aloud, and the camera keeps looking; nothing here can crash the kiosk.

Camera frames are never kept: each is read and dropped. The camera is on only while
this screen shows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, Line
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk import strings
from kiosk.export.picture_code import PICTOGRAMS
from kiosk.ui.palette import HELP, INK
from kiosk.ui.widgets import PictureButton

log = logging.getLogger(__name__)
# seconds between two frames handed to the QR reader (a frame is skipped while the one
# before is still being read, so a slow reading never piles up)
LOOK_EVERY = 0.15
AIM_SIDE = 0.7  # the aim square, as a share of the preview's shorter side


class AimFrame(Widget):
    """A square to aim the phone at: four corners, yellow on a dark edge (seen on any
    picture). Drawn only; the whole frame is read, not just the square."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw)

    def _draw(self, *_args: Any) -> None:
        side = min(self.width, self.height) * AIM_SIDE
        arm = side * 0.22
        # from x and y, not center_x: the alias may not be updated yet when pos changes
        left = self.x + (self.width - side) / 2
        bottom = self.y + (self.height - side) / 2
        right, top = left + side, bottom + side
        corners = [(left, bottom + arm, left, bottom, left + arm, bottom),
                   (right - arm, bottom, right, bottom, right, bottom + arm),
                   (left, top - arm, left, top, left + arm, top),
                   (right - arm, top, right, top, right, top - arm)]
        self.canvas.clear()
        with self.canvas:
            for colour, width in ((INK, dp(7)), (HELP, dp(4))):
                Color(*colour)
                for points in corners:
                    Line(points=points, width=width, cap="square", joint="miter")


class ResumeScreen(Screen):
    message_key = StringProperty("")  # what is said and shown under the camera
    camera_on = BooleanProperty(False)
    busy = BooleanProperty(False)  # a code is being checked

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source: Any = None
        self._poll: Any = None
        self._decoding = False
        self._last_pixels: Any = None  # the frame read last: the same picture is not read twice
        self._refused: set[str] = set()  # refused texts: not said again frame after frame
        self._generation = 0
        self._said: tuple[str, ...] = ()  # the keys said last: "repeat" says them again
        self.frames_read = 0  # frames handed to the QR reader (tests, bench)
        self.last_verdict = ""  # "ok", "bad_signature", …, "unknown_code" (tests)
        self.verdicts: list[str] = []  # every outcome since the screen opened (tests)

    # -- life cycle ----------------------------------------------------------------------
    def activate(self) -> None:
        app: Any = App.get_running_app()
        self.reset()
        source = None
        try:
            source = app.camera_factory()
            started = source is not None and source.start()
        except Exception:  # a broken camera driver is "no camera", never a crash
            log.exception("the camera could not be started")
            started = False
        if started:
            self.source = source
            if source.preview is not None:
                self.ids.preview.add_widget(source.preview)
            self.camera_on = True
            self._poll = Clock.schedule_interval(self._look, LOOK_EVERY)
            self._tell("resume.show", "resume.hold_still")
        else:
            if source is not None:
                source.stop()
            self._tell("resume.no_camera", "resume.ask_animator")

    def deactivate(self) -> None:
        self._stop_camera()
        self._generation += 1

    def reset(self) -> None:
        self.deactivate()
        self.message_key = ""
        self.busy = self._decoding = False
        self._refused = set()
        self.last_verdict = ""
        self.verdicts = []

    def _stop_camera(self) -> None:
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        source, self.source = self.source, None
        self._last_pixels = None  # no picture outlives the camera
        if source is not None:
            try:
                source.stop()
            except Exception:
                log.exception("the camera did not stop cleanly")
        self.ids.preview.clear_widgets()
        self.camera_on = False

    def _tell(self, *keys: str) -> None:
        app: Any = App.get_running_app()
        self.message_key = keys[0]
        self._said = keys
        app.say_ui(*keys)

    def repeat(self, before: Any = None) -> None:
        app: Any = App.get_running_app()
        if before is not None:
            app.say(before)
        if self._said:
            app.say_ui(*self._said)

    def language_changed(self) -> None:
        self.repeat()

    # -- (a) the camera ------------------------------------------------------------------
    def _look(self, _dt: float) -> None:
        if self.busy or self._decoding or self.source is None:
            return
        frame = self.source.frame()
        if frame is None or frame.pixels is self._last_pixels:
            return
        self._last_pixels = frame.pixels
        self._decoding = True
        self.frames_read += 1
        generation = self._generation

        def read() -> None:  # on its own thread: zxing-cpp lets the screen run meanwhile
            from kiosk.export.scan import read_qr_pixels

            text = None
            try:
                text = read_qr_pixels(frame.pixels, frame.width, frame.height, mode=frame.mode,
                                      bottom_up=frame.bottom_up)
            finally:  # the answer, or None, always goes back to the screen's thread
                Clock.schedule_once(lambda _dt: self._read(text, generation))

        threading.Thread(target=read, name="qr-reader", daemon=True).start()

    def _read(self, text: str | None, generation: int) -> None:
        if generation != self._generation:
            return
        self._decoding = False
        if not text or text in self._refused or self.busy:
            return
        app: Any = App.get_running_app()
        passport = app.passport
        self.busy = True
        self._freeze(True)  # the picture the code was read in stays while it is checked

        def job(store: Any) -> Any:
            resumed = passport.resume(store, text)
            progress = store.learner_progress(resumed.learner.id) if resumed.learner else None
            return resumed, progress

        def done(found: Any) -> None:
            resumed, progress = found
            if resumed.learner is not None:
                self._continue(resumed.learner, progress)
            else:
                verdict = resumed.opened.verdict.value
                # impossible dates: for the learner, like a code that cannot be trusted
                shown = "bad_signature" if verdict == "bad_dates" else verdict
                self._refuse(text, f"resume.refused.{shown}", verdict)

        self._submit(job, done, generation)

    # -- (b) the animator types the picture code -------------------------------------------
    def type_code(self) -> None:
        """After the animator's PIN: the three pictures and two digits, by touch."""
        from kiosk.ui.corner import PinPad

        PinPad(on_success=lambda: PictureCodePicker(on_code=self.typed).open(animation=False)
               ).open(animation=False)

    def typed(self, code: str) -> None:
        app: Any = App.get_running_app()
        passport = app.passport
        generation = self._generation
        self.busy = True

        def job(store: Any) -> Any:
            learner = passport.find(store, code)
            return learner, store.learner_progress(learner.id) if learner else None

        def done(found: Any) -> None:
            learner, progress = found
            if learner is not None:
                self._continue(learner, progress)
            else:
                self._refuse(code, "resume.unknown_code", "unknown_code")

        self._submit(job, done, generation)

    # -- outcomes ----------------------------------------------------------------------------
    def _submit(self, job: Callable[[Any], Any], done: Callable[[Any], None], generation: int) -> None:
        app: Any = App.get_running_app()

        def here(fn: Callable[[], None]) -> None:
            def call(_dt: float) -> None:
                if generation == self._generation and self.manager.current == self.name:
                    fn()
            Clock.schedule_once(call)

        def failed(error: BaseException) -> None:
            log.error("a code could not be checked: %s", error)
            here(lambda: self._refuse("", "resume.problem", "problem"))

        app.writer.submit(job, on_done=lambda found: here(lambda: done(found)), on_error=failed)

    def _freeze(self, frozen: bool) -> None:
        if self.source is not None:
            try:
                self.source.freeze(frozen)
            except Exception:  # a camera that does not pause is still a camera
                log.exception("the camera preview could not be %s", "held" if frozen else "restarted")

    def _refuse(self, text: str, key: str, verdict: str) -> None:
        self.busy = False
        self._freeze(False)  # the camera keeps looking
        if text:
            self._refused.add(text)
        self.last_verdict = verdict
        self.verdicts.append(verdict)
        self._tell(key)

    def _continue(self, learner: Any, progress: Any) -> None:
        app: Any = App.get_running_app()
        self.last_verdict = "ok"
        self.verdicts.append("ok")
        stars = {r.scenario_id: r.best_stars for r in progress.results} if progress else {}
        self_assessed = bool(progress.answer_sets) if progress else False
        self._stop_camera()
        app.start_session(app.language, learner=learner, best_stars=stars,
                          self_assessed=self_assessed, progress=progress)
        if app.sm.current == "path":  # a path to go on with: welcome back, and its next exercise
            self._said = ("resume.welcome_back",)
            app.screen("path").repeat(before=strings.text("resume.welcome_back"))
            return
        self._said = ("resume.welcome_back", "modules.choose")
        app.say_ui(*self._said)

    def back(self) -> None:
        App.get_running_app().go("welcome")


class PictureCodePicker(ModalView):
    """The picture code by touch: three of the forty pictures, then two digits."""

    chosen = ListProperty([])  # pictogram stems, at most three
    digits = StringProperty("")

    def __init__(self, on_code: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_code = on_code
        app: Any = App.get_running_app()
        grid = self.ids.pictures
        for stem, word in PICTOGRAMS:
            button = PictureButton(picture=app.picto(stem), text=word, lang="fr",
                                   name=f"code.{stem}", font_size=18)
            button.bind(on_release=lambda _b, s=stem: self.pick(s))
            grid.add_widget(button)
        row = self.ids.digit_keys
        for digit in "0123456789":
            button = PictureButton(text=digit, name=f"code.digit.{digit}", font_size=40, lang="fr")
            button.bind(on_release=lambda _b, d=digit: self.press(d))
            row.add_widget(button)

    def pick(self, stem: str) -> None:
        if len(self.chosen) < 3:
            self.chosen = [*self.chosen, stem]

    def press(self, digit: str) -> None:
        if len(self.chosen) == 3 and len(self.digits) < 2:
            self.digits += digit

    def erase(self) -> None:
        if self.digits:
            self.digits = self.digits[:-1]
        elif self.chosen:
            self.chosen = self.chosen[:-1]

    @property
    def complete(self) -> bool:
        return len(self.chosen) == 3 and len(self.digits) == 2

    def confirm(self) -> None:
        if not self.complete:
            return
        code = "-".join((*self.chosen, self.digits))
        self.dismiss(animation=False)
        self.on_code(code)


SCREEN = ResumeScreen
