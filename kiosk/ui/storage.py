"""When the store cannot write (a full disk, a read-only file): what people are told.

Owns the learner's calm card (once per session, shown and said in their language: the
practice goes on, only the saving is paused) and the animator's line saying why. The
store writer reports every failed job (:meth:`StoreWriter.on_failure`, on its worker
thread); this module brings that to the screen through the Clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.uix.modalview import ModalView

from kiosk.store.writer import WriteProblem

KV = Path(__file__).with_suffix(".kv")


class StorageNotice(ModalView):
    """The learner's card: "your exercises are not saved for now; you can go on"."""


def watch_store(app: Any) -> None:
    """Call once the app has its writer: failed writes reach the learner and the animator."""
    if str(KV) not in Builder.files:
        Builder.load_file(str(KV))
    told: set[str] = set()  # sessions already told: once is reassuring, more would nag

    def tell_learner(_dt: float) -> None:
        session = app.logbook.session_id if app.logbook is not None else None
        if session is None or session in told or app.sm.current == "animator":
            return
        told.add(session)
        StorageNotice().open(animation=False)
        app.say_ui("storage.problem", "storage.continue")

    app.writer.on_failure(lambda _error: Clock.schedule_once(tell_learner))


def animator_line(problem: WriteProblem) -> str:
    """Why, in the animator's words (French, like the rest of the animator screen)."""
    if problem.disk_full_at is not None:
        why = (f"le disque du kiosque était plein à {problem.disk_full_at:%H:%M} — libérez de la "
               "place (deploy/README.md, « Disque plein »)")
    else:
        why = f"la base de données refuse d'écrire ({problem.error})"
    return (f"Enregistrement impossible : {why}. {problem.failures} écriture(s) perdue(s), "
            f"la dernière à {problem.last_at:%H:%M}. Les exercices continuent.")
