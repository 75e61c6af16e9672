"""An exercise the animator proposes to this terminal: the calm card, and what became of it.

Owns :class:`ProposalDesk` (``app.proposals``) and :class:`ProposalCard`. A proposal comes
from the hub's room (the answer to a status carries ``{"id", "kind", "ref"}``:
:mod:`kiosk.ui.hub_link`) or from the kiosk's own animator screen, for a terminal with no
hub. The desk shows the card over whatever screen is current — once the animator has left
their screen — in the learner's language, and says it aloud: "L'animateur vous
propose :", the exercise's pictogram and title, "Plus tard" and "Commencer".

- "Commencer" starts the exercise as the kiosk always does (an exercise under way is left
  kindly: the player records it as abandoned, no judgement). On the welcome screen (no
  session yet) the card speaks the terminal's language (French) and "Commencer" opens a
  session in it; the learner changes language from the exercise as anywhere. A path is
  followed through ``app.follow_path`` when this kiosk has it.
- "Plus tard" closes the card; nothing else changes.
- An exercise or path this terminal does not have, or a path on a kiosk that cannot follow
  paths, shows no card: the room is told ``unavailable``.
- The session ends with the card open or waiting (the animator wiped the terminal, the
  learner left, idle): the card goes and the room is told ``dropped``.

The room learns where it stands from :meth:`ProposalDesk.report`, part of every status
(``proposal_id``, ``proposal_state``: HUB_PROTOCOL.md, "Proposals"). A proposal the hub
sends again (its answer to the kiosk's "shown" was not yet back) is recognised by its id.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

from kiosk import strings

log = logging.getLogger(__name__)

_KV = Path(__file__).with_suffix(".kv")
KINDS = ("scenario", "path")


@dataclass(frozen=True)
class Offer:
    """One proposal: ``kind`` is ``scenario`` or ``path``, ``ref`` its id; ``local`` when it
    was made on this kiosk's animator screen (the hub does not know it)."""

    id: str
    kind: str
    ref: str
    local: bool = False

    @classmethod
    def from_hub(cls, data: Any) -> Offer | None:
        """The ``proposal`` of a status answer, or None when it is not one."""
        if not isinstance(data, dict):
            return None
        kind, ref, offer_id = data.get("kind"), data.get("ref"), data.get("id")
        if kind not in KINDS or not isinstance(ref, str) or not isinstance(offer_id, str) or not offer_id:
            return None
        return cls(offer_id[:64], kind, ref[:100])

    @classmethod
    def here(cls, kind: str, ref: str) -> Offer:
        return cls(uuid.uuid4().hex, kind, ref, local=True)


class ProposalCard(ModalView):
    """The card; its buttons are named ``proposal.start`` and ``proposal.later``."""

    heading = StringProperty("")
    title = StringProperty("")
    picture = StringProperty("")
    start_text = StringProperty("")
    later_text = StringProperty("")
    lang = StringProperty("fr")

    def __init__(self, desk: ProposalDesk, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desk = desk

    def answer(self, start: bool) -> None:
        self.desk.answered(self, start)


class ProposalDesk:
    """The one proposal this terminal holds, its card and its state for the room."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.offer: Offer | None = None
        #: None (nothing), "waiting" (to be shown when the animator screen is left), "shown",
        #: "accepted", "later", "unavailable", "dropped"
        self.state: str | None = None
        self.card: ProposalCard | None = None
        self.shown_at: float | None = None  # Clock time the card opened (tests measure it)
        app.sm.bind(current=lambda *_a: self._show_if_ready())

    # -- in ------------------------------------------------------------------------------
    def receive(self, offer: Offer) -> None:
        """A proposal from the room or the animator screen (main thread)."""
        if self.offer is not None and offer.id == self.offer.id:
            return  # the hub sent it again before hearing that we have it
        self._close_card()
        if self.offer is not None and self.state in ("waiting", "shown"):
            log.info("a new proposal replaces the one not answered yet")
        self.offer = offer
        if self.app.catalogue is not None and self._what(offer) is None:
            log.info("proposal of %s %s: not available on this terminal", offer.kind, offer.ref)
            self._set("unavailable")
            return
        self._set("waiting")
        self._show_if_ready()

    def session_ended(self) -> None:
        """The learner's session ends: a card open or waiting is dropped, not left for the next person."""
        if self.state in ("waiting", "shown"):
            self._close_card()
            self._set("dropped")

    def report(self) -> dict[str, str]:
        """What the room status says of the hub's last proposal (nothing for a local one)."""
        if self.offer is None or self.offer.local or self.state not in (
                "shown", "accepted", "later", "unavailable", "dropped"):
            return {}
        return {"proposal_id": self.offer.id, "proposal_state": self.state}

    # -- the card ----------------------------------------------------------------------------
    def _what(self, offer: Offer) -> Any:
        """The scenario or path this kiosk has for ``offer`` (None: not here)."""
        catalogue = self.app.catalogue
        if catalogue is None:
            return None
        if offer.kind == "scenario":
            return catalogue.scenarios.get(offer.ref)
        if not hasattr(self.app, "follow_path"):
            return None
        return catalogue.path(offer.ref)

    def _show_if_ready(self) -> None:
        app = self.app
        if self.state != "waiting" or self.offer is None or not app.ready or app.sm.current == "animator":
            return
        thing = self._what(self.offer)
        if thing is None:
            self._set("unavailable")
            return
        if str(_KV) not in Builder.files:
            Builder.load_file(str(_KV))
        language = app.language
        self.card = ProposalCard(self, heading=app.tr("proposal.offer", language),
                                 title=thing.title.get(language), picture=app.picto(self._pictogram(thing)),
                                 start_text=app.tr("proposal.start", language),
                                 later_text=app.tr("proposal.later", language), lang=language)
        self.card.bind(on_dismiss=self._dismissed)
        self.card.open(animation=False)
        from kivy.clock import Clock

        self.shown_at = Clock.get_time()
        self._set("shown")
        app.say(strings.text("proposal.offer"), thing.title)

    def _pictogram(self, thing: Any) -> str:
        """The exercise's own pictogram, else its module's (as its tile shows it)."""
        own = getattr(thing, "pictogram", "")
        if own:
            return str(own)
        module = next((m for m in self.app.catalogue.modules if m.id == getattr(thing, "module", None)), None)
        return module.pictogram if module is not None else "start-here"

    def answered(self, card: ProposalCard, start: bool) -> None:
        if card is not self.card or self.offer is None:
            return
        offer = self.offer
        self._set("accepted" if start else "later")
        self._close_card()
        self.app.speaker.stop()
        if start:
            self._start(offer)

    def _start(self, offer: Offer) -> None:
        app = self.app
        thing = self._what(offer)
        if thing is None:
            return
        if app.logbook is None or app.logbook.session_id is None:
            app.start_session(app.language)  # from the welcome screen: a session in its language
        if offer.kind == "path":
            app.follow_path(offer.ref)
        else:
            app.play(thing)  # an exercise under way is left kindly (the player abandons it)

    def _dismissed(self, card: ProposalCard) -> None:
        # closed by something else (a wipe clears every card): the room hears it was dropped
        if card is self.card:
            self.card = None
            if self.state == "shown":
                self._set("dropped")

    def _close_card(self) -> None:
        card, self.card = self.card, None
        if card is not None:
            card.dismiss(animation=False)

    def _set(self, state: str) -> None:
        self.state = state
        hub = self.app.hub
        if hub is not None and self.offer is not None and not self.offer.local:
            hub.push()  # the room hears it at once, not at the next heartbeat


class ProposalPicker(ModalView):
    """The animator screen's "Proposer un exercice" (a terminal without a hub): every
    exercise offered, in teaching order, as a button with its module's pictogram (French,
    like the rest of that screen). A touch hands it to the desk; the card shows when the
    animator goes back to the learner's screen."""

    def __init__(self, on_chosen: Any = None, **kwargs: Any) -> None:
        if str(_KV) not in Builder.files:
            Builder.load_file(str(_KV))
        super().__init__(**kwargs)
        self._on_chosen = on_chosen
        from kivy.factory import Factory

        app: Any = App.get_running_app()
        grid = self.ids.choices
        for module in app.enabled_modules():
            for scenario in app.catalogue.in_module(module.id):
                button = Factory.PickerChoice(name=f"propose.{scenario.id}", text=scenario.title.get("fr"),
                                              picture=app.picto(scenario.pictogram or module.pictogram))
                button.bind(on_release=lambda _b, s=scenario: self.choose(s.id))
                grid.add_widget(button)

    def choose(self, scenario_id: str) -> None:
        app: Any = App.get_running_app()
        self.dismiss(animation=False)
        app.proposals.receive(Offer.here("scenario", scenario_id))
        if self._on_chosen is not None:
            self._on_chosen(app.catalogue.scenarios[scenario_id])
