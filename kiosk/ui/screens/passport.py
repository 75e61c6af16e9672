"""The passport at the end ("J'ai fini"): the QR code to photograph, the picture code,
"print" through the animator, and "finish" (then the goodbye).

The learner's signed record is built and its QR code drawn on the store's worker
(:meth:`kiosk.export.passport.Passport.issue`); this screen only shows it. A learner who
did nothing has nothing to carry: no QR code, a thank-you.

"Imprimer" needs the animator: the learner's touch calls them (a help call that says
"impression" when the terminal is enrolled with a hub) and opens the PIN pad; once the
animator's PIN is typed the attestation is drawn and sent to CUPS by
:class:`kiosk.export.printing.AttestationPrinter`, which keeps no PDF on disk. A terminal
without CUPS says plainly that printing is not available here.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import strings
from kiosk.config import SUPPORTED_LANGUAGES
from kiosk.engine.model import Text

log = logging.getLogger(__name__)


def number_text(number: str) -> Text:
    """Digits to be said in whatever language is spoken (espeak-ng reads numbers)."""
    return Text(f"ui.number?{number}", dict.fromkeys(SUPPORTED_LANGUAGES, number))


class PassportScreen(Screen):
    issued = ObjectProperty(None, allownone=True)  # the IssuedPassport on show
    waiting = BooleanProperty(False)
    has_code = BooleanProperty(False)  # something to carry: the QR code is shown
    pictures = ListProperty([])  # the picture code's three pictogram stems
    digits = StringProperty("")
    status = StringProperty("")  # what happened to the print, in the learner's language
    staff_note = StringProperty("")  # the same for the animator, in French, with the file
    printing = BooleanProperty(False)
    said: list[Text] = []  # what was said last (tests)

    def activate(self) -> None:
        app: Any = App.get_running_app()
        self.reset()
        self.waiting = True
        app.say_ui("passport.wait")
        passport = app.passport
        app.learner_job(lambda store, learner: passport.issue(store, learner), self._show,
                        self._failed)

    def _show(self, issued: Any) -> None:
        app: Any = App.get_running_app()
        if self.manager is None or self.manager.current != self.name:
            return
        self.waiting = False
        record = issued.record
        self.has_code = bool(record.results or record.answer_sets or record.path or record.placements)
        if not self.has_code:
            app.say_ui("passport.nothing")
            return
        self.issued = issued
        self.ids.qr.show(issued.qr)
        self.pictures = list(issued.picture.pictograms)
        self.digits = issued.picture.digits
        self.say_code()

    def say_code(self) -> None:
        """Take a photo; your code is: apple, bicycle, cat, 42; show it next time."""
        app: Any = App.get_running_app()
        if self.issued is None:
            return
        picture = self.issued.picture
        self.said = [strings.text("passport.photo"), strings.text("passport.code"),
                     *(strings.text(f"picture.{stem}") for stem in picture.pictograms),
                     number_text(str(picture.number)), strings.text("passport.explain")]
        app.say(*self.said)

    def repeat(self, before: Any = None) -> None:
        app: Any = App.get_running_app()
        if before is not None:
            app.say(before)
        if self.has_code:
            self.say_code()
        elif not self.waiting:
            app.say_ui("passport.nothing")

    def language_changed(self) -> None:
        self.repeat()

    def _failed(self, error: BaseException) -> None:
        app: Any = App.get_running_app()
        log.error("no passport could be issued: %s", error)
        self.waiting = False
        self.has_code = False
        app.say_ui("resume.problem")

    def print_page(self) -> None:
        """The learner's "Imprimer": the animator is called and types their PIN first."""
        app: Any = App.get_running_app()
        if self.issued is None or self.printing:
            return
        self.staff_note = ""
        if not app.printer.available:
            self._tell("print.unavailable")
            self.staff_note = "Pas d'impression sur ce poste : CUPS (lp) n'est pas installé."
            return
        if app.hub is not None:
            app.call_for_help("impression")  # says "someone is coming" itself
            self.status = app.tr("call.sent")
        else:
            self._tell("print.ask")
        from kiosk.ui.corner import PinPad

        PinPad(on_success=self._animator_here, title="Animateur : code pour imprimer"
               ).open(animation=False)

    def _tell(self, key: str) -> None:
        app: Any = App.get_running_app()
        self.status = app.tr(key)
        app.say_ui(key)

    def _animator_here(self) -> None:
        """The animator's PIN was right: draw the attestation and send it to the printer."""
        app: Any = App.get_running_app()
        issued = self.issued
        if issued is None or self.printing:
            return
        if app.hub is not None and app.call_state != "none":
            app.hub.cancel()  # the call is answered: the animator is here
        self.printing = True
        self.status = ""
        self.staff_note = "Impression en cours…"
        config, printer = app.kiosk_config, app.printer
        catalogue = app.catalogue
        session_id = app.logbook.session_id

        def work() -> None:  # PDF drawing and lp take a moment: not on the screen's thread
            from kiosk.export.attestation import attestation_pdf
            from kiosk.export.printing import PrintOutcome

            try:
                pdf = attestation_pdf(issued, epn_name=config.epn_name or config.terminal_label,
                                      assets_dir=config.assets_dir, catalogue=catalogue)
                outcome = printer.send(pdf)
            except Exception as error:  # a full disk must not crash the kiosk
                log.exception("the attestation could not be printed")
                outcome = PrintOutcome(None, f"erreur : {error}")
            Clock.schedule_once(lambda _dt: self._printed(session_id, outcome))

        threading.Thread(target=work, name="attestation", daemon=True).start()

    def _printed(self, session_id: str | None, outcome: Any) -> None:
        app: Any = App.get_running_app()
        self.printing = False
        if app.logbook.session_id != session_id or self.issued is None:
            return  # the learner has gone: say nothing on the next person's screen
        self._tell("passport.printed" if outcome.accepted else "passport.print_failed")
        self.staff_note = outcome.detail

    def finish(self) -> None:
        App.get_running_app().goodbye()

    def deactivate(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Nothing of the learner's code stays on screen (or in the texture)."""
        self.issued = None
        self.has_code = self.waiting = False
        self.pictures = []
        self.digits = self.status = self.staff_note = ""
        self.ids.qr.clear()


SCREEN = PassportScreen
