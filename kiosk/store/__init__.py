"""The kiosk's practice log: terminals, pseudonymous learners, sessions, attempts, events.

Owns persistence. SQLite file by default (WAL, synchronous=FULL), any SQLAlchemy URL by
configuration; Alembic migrations keep the schema current. The UI writes only through
:class:`StoreWriter` (one worker thread), never on its own thread. Importing this
package opens nothing; it never imports Kivy.
"""

from kiosk.store.db import make_engine
from kiosk.store.repository import AttemptSummary, EventRow, SessionSummary, Store
from kiosk.store.writer import StoreWriter

__all__ = [
    "AttemptSummary",
    "EventRow",
    "SessionSummary",
    "Store",
    "StoreWriter",
    "make_engine",
]
