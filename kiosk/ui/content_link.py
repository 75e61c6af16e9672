"""The kiosk's thin adapter to content updates: idle rounds and switching between sessions.

Owns :class:`ContentUpdates`, made by the app once the store is up. At start it loads
the catalogue of the shipped scenarios plus the bundle the pointer names (rolling a
bundle that fails back to the one before: :func:`kiosk.sync.content.load_current`).
On an enrolled terminal it then runs an *idle round* every ``content_check_every``
seconds: when the terminal is idle — the welcome screen, no session — it wakes
:class:`kiosk.sync.content.ContentFetcher`, whose work (download, signature, unpacking,
loading) happens on its own thread. A new catalogue comes back through Clock and is
switched to at once if the terminal is still idle, else at the first idle round after
the session: a learner in an exercise never sees the scenarios change under them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from kiosk.sync.content import ContentFetcher, ContentFolder, Fetched, load_current

if TYPE_CHECKING:
    from kiosk.engine import Catalogue
    from kiosk.sync.client import HubCredentials

log = logging.getLogger(__name__)


class ContentUpdates:
    def __init__(self, app: Any, pictograms: set[str]) -> None:
        self.app = app
        config = app.kiosk_config
        self.folder = ContentFolder(config.home)
        self.pictograms = pictograms
        self.version = 0  # the bundle in use; 0: the shipped content only
        self.pending: Fetched | None = None  # a new catalogue waiting for the session to end
        self.problem = ""  # the last round's trouble, in plain words ("" when all is well)
        self.notes: list[str] = []  # bundles rolled back or refused since the kiosk started
        self.refused_version: int | None = None  # the hub's newest, when it was refused
        self.fetcher: ContentFetcher | None = None
        self._round: Any = None

    def load(self) -> Catalogue:
        """The catalogue to start with (main thread, during start-up)."""
        config = self.app.kiosk_config
        loaded = load_current(self.folder, config.scenarios_dir, config.languages, self.pictograms)
        self.version = loaded.version
        self.notes.extend(loaded.notes)
        return loaded.catalogue

    def follow(self, credentials: HubCredentials) -> None:
        """Fetch the hub's bundles from now on (an enrolled terminal)."""
        config = self.app.kiosk_config
        self.fetcher = ContentFetcher(
            credentials, self.folder, self.app.passport.key, shipped=config.scenarios_dir,
            languages=config.languages, pictograms=self.pictograms,
            on_result=lambda fetched: Clock.schedule_once(lambda _dt: self._fetched(fetched)),
        ).start()
        self._round = Clock.schedule_interval(lambda _dt: self.idle_round(), config.content_check_every)
        Clock.schedule_once(lambda _dt: self.idle_round(), 1.0)  # the first round soon after start

    def stop(self) -> None:
        if self._round is not None:
            self._round.cancel()
        if self.fetcher is not None:
            self.fetcher.stop()

    def idle(self) -> bool:
        """No learner and no animator in front of the terminal: the welcome screen, no session."""
        app = self.app
        return app.ready and app.logbook is not None and app.logbook.session_id is None \
            and app.sm.current == "welcome"

    def idle_round(self) -> None:
        if not self.idle():
            return
        if self.pending is not None:
            self._switch()
        elif self.fetcher is not None:
            self.fetcher.wake()

    # -- results (main thread) ----------------------------------------------------------
    def _fetched(self, fetched: Fetched) -> None:
        self.problem = fetched.problem
        self.refused_version = fetched.version if fetched.problem and fetched.version else None
        if fetched.refused and fetched.version is not None:
            self.folder.refuse(fetched.version)
        if fetched.problem and fetched.version is not None and fetched.problem not in self.notes[-1:]:
            self.notes.append(fetched.problem)
        if fetched.catalogue is not None and fetched.version is not None:
            self.pending = fetched
            if self.idle():
                self._switch()

    def _switch(self) -> None:
        fetched, self.pending = self.pending, None
        if fetched is None or fetched.catalogue is None or fetched.version is None:
            return
        self.folder.switch(fetched.version)
        self.version = fetched.version
        log.info("content version %s in use", fetched.version)
        self.app.use_catalogue(fetched.catalogue)

    def describe(self) -> str:
        """One short line for the animator screen, in French (details: :attr:`notes`)."""
        line = (f"Contenu du hub : version {self.version}" if self.version
                else "Contenu d'origine (rien du hub)")
        if self.pending is not None and self.pending.version is not None:
            line += f" · version {self.pending.version} après la session"
        if self.refused_version is not None:
            line += f" · version {self.refused_version} refusée"
        elif self.problem:
            line += " · hub injoignable, le contenu reste"
        return line
