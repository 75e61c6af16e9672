"""Author mode (``kiosk run --author DIR``): a trainer's folder of exercises, tried out
in the real kiosk and reloaded each time a file is saved.

Owns the watch on the folder, the reload, the way back to the step being edited, and
what the trainer sees of it: a tag saying when the folder was last read, and a card
listing the content errors (``file:line:column: what — fix``, as ``kiosk scenarios
check`` prints them) that stays until the file is fixed and saved again. A broken file
stops nothing: the other exercises run, and an exercise on screen keeps its last good
version until its file is right again.

Watching: watchdog (inotify on Linux), not the Kivy clock polling modification times.
It tells at once and costs nothing between saves; it sees files added, renamed (many
editors save through a temporary file and a rename) and deleted, in module subfolders
too; and it needs no display, so it behaves the same under Xvfb in the tests. Where
inotify cannot be had, watchdog's polling observer looks every second instead. The
observer thread only pulls a Clock trigger (thread-safe); the trigger waits ``QUIET``
seconds so one save, a burst of events, is one reload. The folder is read again on a
worker thread (every file is parsed and checked) and the new catalogue is put in place
on the main thread. Only writes count: watchdog also reports files opened and closed
unwritten, which the reload itself does.

Which step after a save (:func:`resume_at`): the first step of the file that changed
(its words, hints or expected action; a step added counts), so editing step 4 while
the kiosk shows step 1 shows step 4 at once. When no step changed (the fixture, the
intro), the step that was on screen, by its id; else by its number, or the last step
if the file now has fewer. The player passes the steps before it as asked (see
``PlayerScreen.activate``), so the practice screen is where that step starts.

Also, for a trainer's afternoon: no idle timeout (the kiosk waits while the file is
edited), every module of the folder is shown, and scenario files without a
``module.yaml`` get a plain tile named after their module.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from kiosk.engine.catalogue import Catalogue, load_catalogue
from kiosk.engine.errors import ContentProblem
from kiosk.engine.model import Module, Scenario, Text

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
QUIET = 0.3  # seconds: the events of one save (temporary file, rename, touch) become one reload
LISTED = 4  # errors written out on the card; the others are counted
WRITES = (EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_DELETED)
CONTENT_SUFFIXES = (".yaml", ".yml")
LOOSE_PICTOGRAM = "edit"  # the tile of a module that has no module.yaml


def resume_at(old: Scenario, new: Scenario, current: str) -> str:
    """The id of the step to start ``new`` at, after a save, when ``old`` was at step
    ``current``: the first step that changed, else the same step (module docstring)."""
    before = {step.id: step for step in old.steps}
    for step in new.steps:
        if before.get(step.id) != step:
            return step.id
    ids = [step.id for step in new.steps]
    if current in ids:
        return current
    number = next((i for i, step in enumerate(old.steps) if step.id == current), 0)
    return ids[min(number, len(ids) - 1)]


def with_loose_modules(catalogue: Catalogue, folder: Path) -> Catalogue:
    """``catalogue`` with a plain module for scenarios whose module has no module.yaml
    in the folder (the loader warns; a trainer's draft still shows)."""
    known = {m.id for m in catalogue.modules}
    loose = sorted({s.module for s in catalogue.scenarios.values()} - known)
    made = tuple(Module(mid, Text(f"module.{mid}.title", {"fr": mid}), LOOSE_PICTOGRAM, (), folder)
                 for mid in loose)
    return replace(catalogue, modules=catalogue.modules + made) if made else catalogue


def described(problem: ContentProblem, folder: Path) -> str:
    """A problem as ``kiosk scenarios check`` prints it, the path from the author's folder."""
    try:
        return str(replace(problem, path=problem.path.relative_to(folder)))
    except ValueError:
        return str(problem)


class _Saves(FileSystemEventHandler):
    """On watchdog's thread: a content file (or a folder) was written, added, renamed
    or deleted."""

    def __init__(self, saved: Callable[[], None]) -> None:
        self.saved = saved

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WRITES:
            return
        if event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return  # a file in it came or went: that file's own event counts
        paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
        if event.is_directory or any(p.endswith(CONTENT_SUFFIXES) for p in paths):
            self.saved()


class AuthorErrors(BoxLayout):
    """The card of content errors; touches on it stop there, not on the exercise under it."""

    def on_touch_down(self, touch: Any) -> bool:
        if self.opacity > 0 and self.collide_point(*touch.pos):
            super().on_touch_down(touch)
            return True
        return False


class AuthorView(FloatLayout):
    """What the trainer sees over every screen: the tag and, while a file is broken,
    the card. Touches elsewhere go through to the kiosk."""

    errors = ListProperty([])  # the listed problems, as text
    more = NumericProperty(0)  # errors not listed
    reloaded = StringProperty("")  # the time of day of the last reload, "" before any


class AuthorMode:
    """The kiosk's author mode: the watch, the reloads, the view (module docstring)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.folder: Path = app.kiosk_config.scenarios_dir
        if str(HERE / "author.kv") not in Builder.files:
            Builder.load_file(str(HERE / "author.kv"))
        self.view = AuthorView()
        self._observer: Any = None
        self._pictograms: set[str] | None = None
        self._reload_soon = Clock.create_trigger(self._reload, QUIET)
        self._loading = False
        self._again = False  # a save came while the folder was being read
        self._stopped = False

    # -- life ---------------------------------------------------------------------------
    def start(self, pictograms: set[str] | None) -> None:
        """Once the kiosk has read the folder: show its errors, then watch it."""
        self._pictograms = pictograms
        self._put_in_place(self.app.catalogue, reloaded=False)
        try:
            self._observer = self._watch(Observer())
        except OSError as exc:  # e.g. the system's limit of inotify watches is reached
            log.warning("author mode: %s cannot be watched (%s): looking every second instead",
                        self.folder, exc)
            self._observer = self._watch(PollingObserver(timeout=1))

    def _watch(self, observer: Any) -> Any:
        observer.schedule(_Saves(self._reload_soon), str(self.folder), recursive=True)
        observer.daemon = True
        observer.start()
        return observer

    def stop(self) -> None:
        self._stopped = True
        self._reload_soon.cancel()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None

    # -- reloading ------------------------------------------------------------------------
    def _reload(self, _dt: float = 0) -> None:
        if self._stopped:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        folder, languages, pictograms = self.folder, self.app.kiosk_config.languages, self._pictograms

        def work() -> None:
            try:
                catalogue: Catalogue | None = load_catalogue(folder, languages, pictograms)
            except Exception:  # never lose the kiosk to a reload; the last catalogue stays
                log.exception("author mode: reading %s failed", folder)
                catalogue = None
            Clock.schedule_once(lambda _dt: self._loaded(catalogue))

        threading.Thread(target=work, name="author-reload", daemon=True).start()

    def _loaded(self, catalogue: Catalogue | None) -> None:
        self._loading = False
        if self._stopped:
            return
        if catalogue is not None:
            self._put_in_place(catalogue, reloaded=True)
        if self._again:
            self._again = False
            self._reload()

    def _put_in_place(self, catalogue: Catalogue, *, reloaded: bool) -> None:
        app = self.app
        catalogue = with_loose_modules(catalogue, self.folder)
        app.catalogue = catalogue
        errors = sorted(catalogue.errors, key=lambda p: (str(p.path), p.line, p.column))
        for problem in errors:
            log.warning("content: %s", problem)
        self.view.errors = [described(p, self.folder) for p in errors[:LISTED]]
        self.view.more = max(0, len(errors) - LISTED)
        if not reloaded:
            return
        self.view.reloaded = time.strftime("%H:%M:%S")
        current = app.sm.current
        if current == "player":
            self._back_to_step(catalogue)
        elif current in ("modules", "scenarios"):
            app.screen(current).activate()  # tiles added, renamed or gone

    def _back_to_step(self, catalogue: Catalogue) -> None:
        """The exercise on screen, from the file just saved, at the step being edited."""
        player = self.app.screen("player")
        shown, runner = player.scenario, player.runner
        if shown is None or runner is None or runner.finished or runner.step is None:
            return
        fresh = next((s for s in catalogue.scenarios.values() if s.source == shown.source), None)
        if fresh is None or fresh == shown:
            return  # broken now (the card says why: this version plays on), or not this file
        self.app.go("player", scenario=fresh, at_step=resume_at(shown, fresh, runner.step.id))
