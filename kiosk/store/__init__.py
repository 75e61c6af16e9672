"""The kiosk's practice log: terminals, pseudonymous learners, sessions, attempts, events.

Owns persistence. SQLite file by default (WAL, synchronous=FULL), any SQLAlchemy URL by
configuration; Alembic migrations keep the schema current. The UI writes only through
:class:`StoreWriter` (one worker thread), never on its own thread. Importing this
package opens nothing; it never imports Kivy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.store.writer import StoreWriter

if TYPE_CHECKING:
    from kiosk.store.db import make_engine
    from kiosk.store.repository import AttemptSummary, EventRow, SessionSummary, Store

_LAZY = {"make_engine": "kiosk.store.db", "AttemptSummary": "kiosk.store.repository",
         "EventRow": "kiosk.store.repository", "SessionSummary": "kiosk.store.repository",
         "Store": "kiosk.store.repository"}


def __getattr__(name: str) -> Any:
    # SQLAlchemy costs ~0.4 s and ~30 MB to import: the kiosk's UI thread never pays it;
    # the writer's worker thread imports it when it opens the Store.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)

__all__ = [
    "AttemptSummary",
    "EventRow",
    "SessionSummary",
    "Store",
    "StoreWriter",
    "make_engine",
]
